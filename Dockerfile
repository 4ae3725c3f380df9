# syntax=docker/dockerfile:1.7
# One Dockerfile for every image:
#   docker build --build-arg SERVICE=chat-svc -t perplexica/chat-svc:0.1.0 .
#   docker build --target web -t perplexica/web:0.1.0 .
# Each service is bundled (scripts/build-service.ts: our packages inlined, no TypeScript at run
# time), then `pnpm deploy --prod` lays out its production dependencies alone; the runtime stage
# is Node's slim image, running as the unprivileged `node` user with nothing else.

ARG NODE_VERSION=24
ARG PNPM_VERSION=12.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS base
ARG PNPM_VERSION
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm install --global --no-audit --no-fund "pnpm@${PNPM_VERSION}"
WORKDIR /src

# Only the manifests first: the dependency layer is cached until a lockfile or package.json changes.
FROM base AS deps
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
COPY packages/ packages/
COPY services/ services/
COPY web/package.json web/package.json
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile

FROM deps AS build
ARG SERVICE
COPY . .
RUN test -n "${SERVICE}" || (echo "build with --build-arg SERVICE=<name>-svc" >&2; exit 1)
RUN pnpm --filter "@perplexica/${SERVICE}" run build \
 && pnpm --filter "@perplexica/${SERVICE}" deploy --prod --config.node-linker=hoisted /app \
 && rm -rf /app/src /app/test /app/tsconfig.json

FROM node:${NODE_VERSION}-bookworm-slim AS service
ARG SERVICE
ENV NODE_ENV=production
# create-svc writes PDFs in DejaVu Sans (PDF_FONT_PATH), which covers Latin, Greek and Cyrillic;
# without it PDFs fall back to Helvetica and other scripts print as "?". Other images stay bare.
RUN if [ "${SERVICE}" = "create-svc" ]; then \
      apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
COPY --from=build --chown=root:root /app /app
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/main.js"]

# The web app: its static build, served by the gateway in web-only mode (health, readiness, metrics).
FROM deps AS web-build
COPY . .
RUN pnpm --filter @perplexica/web run build \
 && pnpm --filter @perplexica/gateway run build \
 && pnpm --filter @perplexica/gateway deploy --prod --config.node-linker=hoisted /app \
 && rm -rf /app/src /app/test /app/tsconfig.json \
 && cp -r web/dist /app/web

FROM node:${NODE_VERSION}-bookworm-slim AS web
ENV NODE_ENV=production WEB_ROOT=/app/web PORT=8080
WORKDIR /app
COPY --from=web-build --chown=root:root /app /app
USER node
EXPOSE 8080
CMD ["node", "--enable-source-maps", "dist/main.js"]
