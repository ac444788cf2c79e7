#!/usr/bin/env bash
# A partner's plugin, end to end, the way a partner ships it (plugins/README.md): the example plugin
# (examples/pos-bonus-plugin) depends on @loyalty-bff/plugin-sdk and @loyalty-bff/plugin-testing by
# version; it is built and packed with `npm pack`, installed from its tarball into a scratch copy of the
# production server (the build output, its manifests and the workspace packages, `npm ci --omit=dev`),
# loaded with PLUGINS=@example/pos-bonus-plugin by the test kit, and its own tests (node:test) run there.
#
#   npm run build && bash scripts/check-example-plugin.sh
#
# better-sqlite3 is offered this checkout's compiled addon, as scripts/check-production-start.sh explains.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EXAMPLE=examples/pos-bonus-plugin

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

[ -f "$ROOT/dist/src/plugin-system/testing/test-host.js" ] || fail "the server is not built: run npm run build first"
for package in plugin-sdk plugin-testing; do
  [ -f "$ROOT/packages/$package/dist/index.js" ] || fail "packages/$package is not built: run npm run build first"
done

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/loyalty-example-plugin.XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
TARBALLS="$SCRATCH/tarballs"
APP="$SCRATCH/app"
mkdir -p "$TARBALLS" "$APP"
started=$SECONDS

echo "1. pack the SDK and the test kit, build and pack the example plugin"
(cd "$ROOT" && npm pack --silent --workspace packages/plugin-sdk --workspace packages/plugin-testing \
  --pack-destination "$TARBALLS" >/dev/null)
(cd "$ROOT" && npm run --silent build --workspace "$EXAMPLE")
(cd "$ROOT" && npm pack --silent --workspace "$EXAMPLE" --pack-destination "$TARBALLS" >/dev/null)
ls "$TARBALLS"
tar -tzf "$TARBALLS"/example-pos-bonus-plugin-*.tgz | grep -q 'package/dist/src/index.js' ||
  fail "the example's tarball has no dist/src/index.js"
if tar -tzf "$TARBALLS"/example-pos-bonus-plugin-*.tgz | grep -q 'package/\(src\|test\)/'; then
  fail "the example's tarball ships its sources or tests"
fi

echo "2. a scratch production server: build output, manifests, workspace packages; npm ci --omit=dev"
cp -R "$ROOT/dist" "$APP/dist"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$APP/"
# The workspace packages are unpacked from the tarballs just made (what npm would publish). The example
# workspace is left out on purpose: the server gets it from its tarball below, as an operator would.
for package in plugin-sdk plugin-testing; do
  mkdir -p "$APP/packages/$package"
  tar -xzf "$TARBALLS"/loyalty-bff-"$package"-*.tgz -C "$APP/packages/$package" --strip-components=1
done
install_env=()
addon="$ROOT/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
if [ -f "$addon" ]; then
  prebuilds="$SCRATCH/prebuilds"
  mkdir "$prebuilds"
  name="$(cd "$ROOT" && node -e '
    const pkg = require("./node_modules/better-sqlite3/package.json");
    const opts = { ...require("./node_modules/prebuild-install/rc")(pkg), pkg };
    const url = require("./node_modules/prebuild-install/util").getDownloadUrl(opts);
    process.stdout.write(require("node:path").basename(url));')"
  tar -czf "$prebuilds/$name" -C "$ROOT/node_modules/better-sqlite3" build/Release/better_sqlite3.node
  install_env=("npm_config_better_sqlite3_local_prebuilds=$prebuilds")
fi
(cd "$APP" && env "${install_env[@]}" npm ci --omit=dev --no-audit --no-fund --loglevel=error)

echo "3. install the example plugin from its tarball (its SDK is the server's: a peer dependency)"
(cd "$APP" && npm install --no-save --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error \
  "$TARBALLS"/example-pos-bonus-plugin-*.tgz)
[ -f "$APP/node_modules/@example/pos-bonus-plugin/dist/src/index.js" ] || fail "the example plugin is not installed"
[ ! -e "$APP/node_modules/@example/pos-bonus-plugin/node_modules/@loyalty-bff" ] ||
  fail "the example plugin brought its own copy of the SDK"

echo "4. its tests, with the kit booting the scratch server and PLUGINS=@example/pos-bonus-plugin"
mkdir "$APP/plugin-tests"
cp "$ROOT/$EXAMPLE"/dist/test/*.test.js "$APP/plugin-tests/"
(cd "$APP" && env -i PATH="$PATH" HOME="$HOME" POS_BONUS_PLUGIN=@example/pos-bonus-plugin \
  ${TEST_DATABASE_URL:+TEST_DATABASE_URL="$TEST_DATABASE_URL"} node --test plugin-tests/)

echo "example plugin: packed, installed, loaded and tested in $((SECONDS - started)) s"
