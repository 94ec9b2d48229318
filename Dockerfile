# panelops controller image: `docker build -t panelops .`, then
# `docker run -v panelops-state:/state -p 9464:9464 panelops run --source https://... --state-dir /state`
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run typecheck && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/* \
  && useradd --uid 10001 --create-home panelops && mkdir /state && chown panelops /state
WORKDIR /app
# tsx (a runtime dependency) runs the TypeScript sources directly: no separate build output to drift.
COPY --from=build --chown=panelops /app /app
USER panelops
VOLUME ["/state"]
EXPOSE 9464
ENV NODE_ENV=production
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:9464/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
ENTRYPOINT ["node", "bin/panelops.js"]
CMD ["run", "--source", "/manifests", "--state-dir", "/state", "--listen", ":9464"]
