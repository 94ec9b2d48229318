# panelops controller image: `docker build -t panelops .`, then
# `docker run -p 9464:9464 -e PANELOPS_STATE=postgres://... panelops run --source https://...`
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The image runs compiled JavaScript: no TypeScript transpiler at run time.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
  && useradd --uid 10001 --create-home panelops && mkdir /state && chown panelops /state
WORKDIR /app
COPY --from=build --chown=panelops /app/package.json ./
COPY --from=build --chown=panelops /app/node_modules ./node_modules
COPY --from=build --chown=panelops /app/dist ./dist
COPY --from=build --chown=panelops /app/bin ./bin
COPY --from=build --chown=panelops /app/schemas ./schemas
COPY --from=build --chown=panelops /app/examples ./examples
USER panelops
VOLUME ["/state"]
EXPOSE 9464
ENV NODE_ENV=production
# `run` writes the address it listens on (whatever --listen says) to /tmp/panelops-listen.
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch(require('fs').readFileSync('/tmp/panelops-listen','utf8').trim()+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# node is PID 1 and handles SIGTERM itself: in-flight operations finish, then it exits 0.
ENTRYPOINT ["node", "bin/panelops.js"]
CMD ["run", "--source", "/manifests", "--state-dir", "/state", "--listen", ":9464"]
