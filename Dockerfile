# Container image for the news-intel API (Fastify + better-sqlite3).
#
# The default (last) stage bakes a snapshot of a corpus into the image and serves it read-only: no corpus boot, no
# writes, ready in seconds, fit for a read-only root file system and many replicas (README: Deploying at scale).
#   docker build -t news-intel .                                     # bakes the seeds
#   docker build --build-arg SNAPSHOT_CORPUS=corpus -t news-intel .  # bakes ./corpus (a directory in the context)
#   docker build --target runtime -t news-intel:boot .               # no snapshot: boots CORPUS_DIR into /app/data
# The same image serves a snapshot mounted read-only instead (DB_PATH=/snapshot/news.db), or boots a corpus like the
# `runtime` target (DB_READONLY=false DB_PATH=/app/data/news.db, with /app/data writable).
#
# Every stage uses the same base; override it with
#   --build-arg NODE_IMAGE=localhost/node:20-bookworm-slim
# (scripts/container-check.sh builds that local base on machines that cannot pull images).
ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------- build stage
FROM ${NODE_IMAGE} AS build

# Optional extra CA bundle for a TLS-intercepting proxy in front of the npm registry
# (only the build stage sees it; it is not part of the runtime image).
ARG NODE_EXTRA_CA_CERTS

# node-gyp compiles better-sqlite3 against the headers shipped with the base image
# (/usr/local/include/node, as in the official node images) instead of downloading them,
# and never tries a prebuilt binary download.
ENV npm_config_nodedir=/usr/local \
    npm_config_build_from_source=true \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Toolchain for node-gyp; the slim public image lacks it, the local base already has it.
RUN if command -v g++ >/dev/null && command -v make >/dev/null && command -v python3 >/dev/null; then \
      echo "build tools present: $(g++ --version | head -n1)"; \
    else \
      apt-get update \
      && apt-get install -y --no-install-recommends python3 make g++ \
      && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app

# Dependencies first so this layer is reused while only the sources change.
COPY package.json package-lock.json ./
RUN npm ci \
    && node -e "require('better-sqlite3')(':memory:').prepare('select sqlite_version() v').get()" \
    && echo "better-sqlite3 native addon OK"

COPY . .
RUN npm run build \
    && test -f dist/src/server.js \
    && npm prune --omit=dev \
    && (cd node_modules/better-sqlite3 \
        && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps \
                  build/Release/sqlite3.a build/Release/test_extension.node) \
    && node -e "require('better-sqlite3')(':memory:').close()"

# -------------------------------------------------------------- runtime stage
FROM ${NODE_IMAGE} AS runtime

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    CORPUS_DIR=/app/seeds \
    DB_PATH=/app/data/news.db

WORKDIR /app

# Application files stay root-owned (read-only for the app user);
# only the data directory is writable by `node`.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/seeds ./seeds
COPY --from=build /app/scripts/healthcheck.mjs ./scripts/healthcheck.mjs
RUN mkdir -p /app/data && chown node:node /app/data

# Numeric, so that Kubernetes can verify `runAsNonRoot` (the base's `node` user).
USER 1000:1000
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "scripts/healthcheck.mjs"]

# Node runs as PID 1; the app handles SIGTERM/SIGINT itself (close-with-grace).
CMD ["node", "dist/src/server.js"]

# ------------------------------------------------------------- snapshot stage
# Boots the corpus it is given (a directory of the build context; default: the seeds) with the built code and
# writes the snapshot and its manifest. Same code and knowledge base as the runtime: the pipeline versions match.
FROM build AS snapshot
ARG SNAPSHOT_CORPUS=seeds
COPY ${SNAPSHOT_CORPUS} /corpus
RUN CORPUS_DIR=/corpus LOG_LEVEL=warn node dist/src/snapshot.js /snapshot/news.db \
    && cat /snapshot/news.db.manifest.json

# --------------------------------------------------------- baked (the default)
FROM runtime AS baked
COPY --from=snapshot /snapshot /app/snapshot
ENV DB_PATH=/app/snapshot/news.db \
    DB_READONLY=true
