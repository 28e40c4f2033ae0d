#!/usr/bin/env bash
# Serve Wangge: one uvicorn process per core on one port (WEB_CONCURRENCY overrides the count), the
# procrastinate worker (periodic jobs) beside them. uvicorn's supervisor binds the socket once and
# its workers share it; realtime frames cross the processes through Redis (REDIS_URL), and the
# in-process caches follow layer versions. docs/operations.md has the measurements behind the choice.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
WORKERS=${WEB_CONCURRENCY:-$(nproc)}
# Prometheus multiprocess mode: every process (server and worker) writes its metrics here and
# /metrics adds them up; emptied at each start so a previous run's processes do not count.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PWD/var/prometheus}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
# Several processes need Redis for the live map (a fix ingested by one reaches sockets on another):
# a local Redis is used when REDIS_URL is unset; without any, one process serves.
if [ -z "${REDIS_URL:-}" ] && [ "$WORKERS" -gt 1 ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    export REDIS_URL=redis://127.0.0.1:6379/0
  else
    echo "Wangge: no REDIS_URL and no Redis on 127.0.0.1:6379: serving with one process" >&2
    WORKERS=1
  fi
fi
.venv/bin/python manage.py procrastinate worker >"${WORKER_LOG:-var-worker.log}" 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Wangge: http://$HOST:$PORT/ ($WORKERS server processes)"
# No exec: the trap must stop the worker when the server ends. uvicorn's own access log is off:
# ops writes one access line per request, with its request id.
.venv/bin/uvicorn config.asgi:application --host "$HOST" --port "$PORT" --workers "$WORKERS" \
  --no-access-log --lifespan on --timeout-graceful-shutdown 5 &
SERVER=$!
trap 'kill $SERVER $WORKER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT INT TERM
wait $SERVER
