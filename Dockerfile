# syntax=docker/dockerfile:1
#
# The production image: `node dist/src/main.js` on the runtime dependencies only, as the unprivileged
# `node` user. CI builds and runs it when Docker is available (scripts/check-docker-image.sh) and
# otherwise checks the same start path from a scratch `npm ci --omit=dev` (scripts/check-production-start.sh).
#
#   docker build -t loyalty-bff .
#   docker run -p 4000:4000 -e JWT_SECRET="$(openssl rand -base64 48)" -v loyalty-data:/app/data loyalty-bff
#
# Node 22 (LTS): Node 20 is past its end of life, and a runtime dependency
# (@whatwg-node/promise-helpers, under @apollo/server) asks for >= 22.15. CI's own tests run on the
# machine's Node; `--build-arg NODE_VERSION=20` builds the image on that same major.
ARG NODE_VERSION=22

# 1. Build: every dependency, then the server (tsc) and the support console (vite). No install scripts:
#    the compilers need no native addon, and better-sqlite3 is built once, in the next stage.
FROM node:${NODE_VERSION}-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace packages' manifests, so npm links them (the server imports @loyalty-bff/plugin-sdk).
COPY packages/plugin-sdk/package.json packages/plugin-sdk/
COPY packages/plugin-testing/package.json packages/plugin-testing/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Runtime dependencies, install scripts included: better-sqlite3 downloads its prebuilt addon or
#    compiles it with the compilers of this full image, which stay out of the final one.
FROM node:${NODE_VERSION}-bookworm AS runtime-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/plugin-sdk/package.json packages/plugin-sdk/
COPY packages/plugin-testing/package.json packages/plugin-testing/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. Runtime: the slim image of the same Debian and Node, the build output and the runtime dependencies.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=runtime-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The plugin SDK (and test kit) node_modules links to: their manifests and build output.
COPY --from=build /app/packages/plugin-sdk/package.json ./packages/plugin-sdk/
COPY --from=build /app/packages/plugin-sdk/dist ./packages/plugin-sdk/dist
COPY --from=build /app/packages/plugin-testing/package.json ./packages/plugin-testing/
COPY --from=build /app/packages/plugin-testing/dist ./packages/plugin-testing/dist
# The code stays root-owned and read-only to the server; only the embedded SQLite folder (the default
# DATABASE_URL, for a single container) is the server's to write. Mount a volume there to keep it.
RUN mkdir /app/data && chown node:node /app/data
USER node
EXPOSE 4000
# Liveness, not readiness: /healthz answers once migrations have run and the server listens, and keeps
# answering through a database outage (/readyz would turn every replica unhealthy at once and get them
# restarted by an orchestrator; point load-balancer readiness at /readyz instead). No curl in the slim
# image: Node's fetch.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself is PID 1 and handles SIGTERM (drains HTTP and WebSocket, closes the database, exits 0
# within 10 s): give `docker stop` / Compose a longer grace period than that (stop_grace_period: 20s).
CMD ["node", "dist/src/main.js"]
