#!/usr/bin/env bash
# The production start path, as an operator without build tools runs it (and as the Dockerfile does):
# the built output plus package.json and package-lock.json in an empty folder, `npm ci --omit=dev`
# (install scripts included), then `node dist/src/main.js` with NODE_ENV=production, a fresh secret and
# every first-party plugin loaded. It fails when a runtime import is only a devDependency, when starting
# needs a build tool, when the server does not become ready, refuses a token signed with its secret,
# or does not exit 0 on SIGTERM. The TypeORM CLI (the compose file's one-shot `migrate`) is run too.
#
#   npm run build && bash scripts/check-production-start.sh
#
# better-sqlite3 finds no prebuilt binary here and compiles from source (about two minutes on two
# cores). By default the scratch install is offered the addon that this checkout's own `npm ci`
# compiled from the same locked version, through prebuild-install's local-prebuilds folder: the install
# script still runs, finds it by version, Node ABI and platform, and loads it before accepting it (a
# different version or ABI does not match and is compiled). PRODUCTION_CHECK_FROM_SOURCE=1 compiles it
# again instead.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/production-smoke.sh
source "$ROOT/scripts/production-smoke.sh"

FIRST_PARTY_PLUGINS="shopify,woocommerce,stripe-points,partner-exchange,typeform-surveys"

[ -f "$ROOT/dist/src/main.js" ] || fail "dist/src/main.js is missing: run npm run build first"
[ -f "$ROOT/dist/console/index.html" ] || fail "dist/console is missing: run npm run build first"

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/loyalty-production-start.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill -KILL "$SERVER_PID" || true; fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# What the image gets: the build output and the manifest, nothing else from the checkout.
mkdir "$SCRATCH/app"
APP="$SCRATCH/app"
cp -R "$ROOT/dist" "$APP/dist"
cp "$ROOT/package.json" "$ROOT/package-lock.json" "$APP/"
# The workspace packages the server imports (@loyalty-bff/plugin-sdk): manifest and build output, which
# npm ci links into node_modules as the image does.
for package in plugin-sdk plugin-testing; do
  mkdir -p "$APP/packages/$package"
  cp -R "$ROOT/packages/$package/package.json" "$ROOT/packages/$package/dist" "$APP/packages/$package/"
done

install_env=()
addon="$ROOT/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
if [ "${PRODUCTION_CHECK_FROM_SOURCE:-}" != 1 ] && [ -f "$addon" ]; then
  prebuilds="$SCRATCH/prebuilds"
  mkdir "$prebuilds"
  # The file name prebuild-install looks for (version, runtime, ABI, platform, libc, arch), from its own code.
  name="$(cd "$ROOT" && node -e '
    const pkg = require("./node_modules/better-sqlite3/package.json");
    const opts = { ...require("./node_modules/prebuild-install/rc")(pkg), pkg };
    const url = require("./node_modules/prebuild-install/util").getDownloadUrl(opts);
    process.stdout.write(require("node:path").basename(url));')"
  tar -czf "$prebuilds/$name" -C "$ROOT/node_modules/better-sqlite3" build/Release/better_sqlite3.node
  # npm warns that it does not know this config name: it is prebuild-install's, read from the environment.
  install_env=("npm_config_better_sqlite3_local_prebuilds=$prebuilds")
  echo "offering this checkout's better-sqlite3 build as $name (PRODUCTION_CHECK_FROM_SOURCE=1 compiles it)"
fi

started=$SECONDS
(cd "$APP" && env "${install_env[@]}" npm ci --omit=dev --no-audit --no-fund)
echo "npm ci --omit=dev took $((SECONDS - started)) s"
if [ ${#install_env[@]} -gt 0 ] && cmp -s "$addon" "$APP/node_modules/better-sqlite3/build/Release/better_sqlite3.node"; then
  echo "better-sqlite3: prebuild-install took the offered build"
else
  echo "better-sqlite3: compiled from source"
fi
for tool in typescript vite jest ts-jest; do
  [ ! -e "$APP/node_modules/$tool" ] || fail "$tool is installed by npm ci --omit=dev: a dependency pulls it in"
done

# Only what the check sets: nothing from the caller's environment (TEST_DATABASE_URL, REDIS_URL...).
JWT_SECRET="$(random_base64 48)"
run_app() {
  (cd "$APP" && exec env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production JWT_SECRET="$JWT_SECRET" "$@")
}

echo "migrations through the TypeORM CLI (compose.yaml's migrate service)"
run_app DATABASE_URL="sqlite:$SCRATCH/cli.sqlite" \
  node node_modules/typeorm/cli.js -d dist/ormconfig.js migration:run --transaction each >"$SCRATCH/cli.log" 2>&1 ||
  {
    cat "$SCRATCH/cli.log"
    fail "typeorm migration:run failed"
  }
echo "migrations applied by the CLI: $(grep -c 'has been executed successfully' "$SCRATCH/cli.log" || true)"

echo "starting node dist/src/main.js (NODE_ENV=production, PLUGINS=$FIRST_PARTY_PLUGINS)"
LOG="$SCRATCH/server.log"
# exec, so that $! is the server itself and SIGTERM reaches it, not a shell.
(cd "$APP" && exec env -i PATH="$PATH" HOME="$HOME" NODE_ENV=production JWT_SECRET="$JWT_SECRET" \
  HOST=127.0.0.1 PORT=0 DATABASE_URL="sqlite:$SCRATCH/data/loyalty.sqlite" \
  PLUGINS="$FIRST_PARTY_PLUGINS" PLUGIN_SECRETS_KEY="$(random_hex 32)" \
  node dist/src/main.js) >"$LOG" 2>&1 &
SERVER_PID=$!
server_alive() { kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG" >&2; return 1; }; }

# PORT=0: the kernel picks a free port; the start line says which.
url=""
deadline=$((SECONDS + 120))
while [ -z "$url" ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "no 'loyalty API ready' line within 120 s"
  server_alive || fail "the server exited during start"
  url="$(sed -nE 's/.*"url":"([^"]+)".*"msg":"loyalty API ready".*/\1/p' "$LOG")"
  [ -n "$url" ] || sleep 0.5
done
echo "started: $url"
wait_ready "${url%/graphql}" 60 server_alive

token="$(run_app node dist/src/cli/token.cli.js --role staff)"
check_graphql "$url" "$token"

echo "SIGTERM"
kill -TERM "$SERVER_PID"
deadline=$((SECONDS + 30))
while kill -0 "$SERVER_PID" 2>/dev/null; do
  [ "$SECONDS" -lt "$deadline" ] || fail "still running 30 s after SIGTERM"
  sleep 0.5
done
status=0
wait "$SERVER_PID" || status=$?
SERVER_PID=""
grep -q '"msg":"stopped"' "$LOG" || {
  cat "$LOG"
  fail "no 'stopped' line after SIGTERM"
}
[ "$status" = 0 ] || {
  cat "$LOG"
  fail "exit status $status after SIGTERM (expected 0)"
}
echo "exit status 0 after SIGTERM"
echo "production start: OK"
