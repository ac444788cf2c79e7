#!/usr/bin/env bash
# The image, where Docker runs (CI runs this instead of scripts/check-production-start.sh when
# `docker info` answers): build it, check it runs as a non-root user, start it on its embedded SQLite
# with a fresh secret and every first-party plugin, wait for /readyz and for Docker's HEALTHCHECK to say
# healthy, mint a token inside the container and query with it, then `docker stop` and expect exit 0.
# compose.yaml is validated too when the Compose plugin is installed.
#
#   bash scripts/check-docker-image.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/production-smoke.sh
source "$ROOT/scripts/production-smoke.sh"
cd "$ROOT"

IMAGE="loyalty-bff:check-$$"
CONTAINER=""
cleanup() {
  [ -z "$CONTAINER" ] || docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  docker image rm "$IMAGE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

if docker compose version >/dev/null 2>&1; then
  JWT_SECRET=check MARIADB_PASSWORD=check docker compose -f compose.yaml config --quiet
  echo "compose.yaml: valid"
fi

started=$SECONDS
docker build --tag "$IMAGE" .
echo "docker build took $((SECONDS - started)) s"
user="$(docker image inspect --format '{{.Config.User}}' "$IMAGE")"
case "$user" in '' | root | 0 | 0:*) fail "the image runs as root (USER is '$user')" ;; esac
echo "runs as: $user"

CONTAINER="$(docker run --detach --publish 127.0.0.1::4000 \
  --env JWT_SECRET="$(random_base64 48)" \
  --env PLUGINS=shopify,woocommerce,stripe-points,partner-exchange,typeform-surveys \
  --env PLUGIN_SECRETS_KEY="$(random_hex 32)" \
  "$IMAGE")"
container_alive() {
  [ "$(docker inspect --format '{{.State.Running}}' "$CONTAINER")" = true ] || {
    docker logs "$CONTAINER" >&2
    return 1
  }
}
base="http://$(docker port "$CONTAINER" 4000/tcp | head -1)"
wait_ready "$base" 120 container_alive

deadline=$((SECONDS + 90))
until [ "$(docker inspect --format '{{.State.Health.Status}}' "$CONTAINER")" = healthy ]; do
  [ "$SECONDS" -lt "$deadline" ] || fail "HEALTHCHECK did not report healthy within 90 s"
  container_alive || fail "the container stopped"
  sleep 1
done
echo "HEALTHCHECK: healthy"

# The container's own environment (NODE_ENV=production, its JWT_SECRET) signs the token.
token="$(docker exec "$CONTAINER" node dist/src/cli/token.cli.js --role staff)"
check_graphql "$base/graphql" "$token"

docker stop --time 20 "$CONTAINER" >/dev/null
status="$(docker inspect --format '{{.State.ExitCode}}' "$CONTAINER")"
[ "$status" = 0 ] || {
  docker logs "$CONTAINER"
  fail "exit status $status after docker stop (expected 0)"
}
echo "exit status 0 after docker stop"
echo "docker image: OK"
