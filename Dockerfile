# syntax=docker/dockerfile:1
# Build: compile TypeScript and better-sqlite3's native addon, then keep only production dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
COPY scripts ./scripts
# --ignore-scripts would skip better-sqlite3's build; `prepare` (tsc) needs the sources, so install first without it.
RUN npm ci --ignore-scripts \
 && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev

# Run: the same Node major, no compilers, a non-root user, the database on a volume.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/migrations ./migrations
COPY package.json ./
# Shipped data the server reads at start: playbooks, the catalog and policy examples, MITRE ATT&CK.
COPY playbooks ./playbooks
COPY config ./config
COPY attack ./attack
COPY bin ./bin
COPY manifest ./manifest
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Slack mode (SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET) listens on 0.0.0.0; the sandbox refuses non-loopback hosts.
CMD ["node", "dist/src/main.js"]
