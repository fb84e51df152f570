# recovery-desk: one image for `start`, `worker`, `web`, `migrate` and every other command.
# Node 24 runs the TypeScript sources as they are (type stripping): there is no build step,
# so the image holds src/, the migrations and the production packages only.

# --- deps: production packages only ------------------------------------------------------
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# msgpackr-extract (BullMQ's fast msgpack) ships a prebuilt linux binary as an optional
# package, so no compiler is needed; the require() checks it loads, not just that it installed.
RUN npm ci --omit=dev --no-audit --no-fund \
 && node -e "require('msgpackr-extract')" \
 && npm cache clean --force

# --- runtime -----------------------------------------------------------------------------
FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080
# The memory settings of the commands that read mail (src/worker-runtime.ts, which sets them itself when they are missing:
# set here, `start` and `worker` need not replace their process to get them). V8: a small young generation and a bound old
# one for the main thread; glibc: two malloc arenas and blocks over 256 KiB mmapped (docs/performance-log.md, "Stop 25").
ENV NODE_OPTIONS="--max-semi-space-size=8 --max-old-space-size=192" \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=262144
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json package-lock.json ./
COPY --chown=root:root bin ./bin
COPY --chown=root:root src ./src
COPY --chown=root:root drizzle ./drizzle
# The app's files belong to root and are read-only to the process: `node` (uid 1000, made
# by the official image) can run them, not change them. MAIL_OUTBOX_DIR (only used when no
# SMTP_URL is set) needs a writable var/.
RUN mkdir -p var && chown node:node var
USER node
EXPOSE 8080
# /healthz of the web console (start, web). A `worker`-only container: set METRICS_PORT to
# the same value as HTTP_PORT, so this check reaches its /healthz. Uses node's fetch: the
# slim image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "bin/recovery-desk.js"]
CMD ["start"]
