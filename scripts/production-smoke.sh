# shellcheck shell=bash
# Shared by scripts/check-production-start.sh (a production install in a scratch folder) and
# scripts/check-docker-image.sh (the image): the same questions asked of a started production server.
# Sourced, not run. Every wait is bounded, so a hung server fails the check instead of stalling CI.

fail() {
  echo "FAILED: $*" >&2
  exit 1
}

random_base64() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('base64'))"; }
random_hex() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('hex'))"; }

# wait_ready BASE_URL SECONDS IS_ALIVE_COMMAND...: until GET BASE_URL/readyz answers 200.
wait_ready() {
  local base="$1" seconds="$2"
  shift 2
  local deadline=$((SECONDS + seconds))
  while [ "$SECONDS" -lt "$deadline" ]; do
    "$@" || fail "the server stopped before it was ready"
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/readyz")" = 200 ]; then
      echo "ready: $(curl -s --max-time 2 "$base/readyz")"
      return 0
    fi
    sleep 0.5
  done
  fail "$base/readyz did not answer 200 within $seconds s"
}

# graphql_request URL TOKEN QUERY: sets STATUS (HTTP status) and BODY.
graphql_request() {
  local url="$1" token="$2" query="$3" out
  local auth=()
  [ -n "$token" ] && auth=(-H "authorization: Bearer $token")
  out="$(mktemp)"
  STATUS="$(curl -sS --max-time 10 -o "$out" -w '%{http_code}' -H 'content-type: application/json' \
    "${auth[@]}" -d "{\"query\":\"$query\"}" "$url")" || STATUS="no answer"
  BODY="$(cat "$out")"
  rm -f "$out"
}

# check_graphql URL TOKEN: the token minted with the server's secret is accepted (a query that reads
# the database answers data), and no token is refused.
check_graphql() {
  local url="$1" token="$2"
  graphql_request "$url" "$token" '{ members(first: 1) { totalCount } }'
  echo "GraphQL with a staff token: $STATUS $BODY"
  [ "$STATUS" = 200 ] || fail "the staff query did not answer 200"
  [[ "$BODY" =~ ^\{\"data\":\{\"members\":\{\"totalCount\":[0-9]+\}\}\}$ ]] ||
    fail "the staff query did not answer data without errors"

  graphql_request "$url" "" '{ members(first: 1) { totalCount } }'
  echo "GraphQL without a token: $STATUS $BODY"
  [ "$STATUS" = 401 ] || fail "a query without a token did not answer 401"
  [[ "$BODY" == *'"code":"UNAUTHENTICATED"'* ]] || fail "a query without a token was not UNAUTHENTICATED"
}
