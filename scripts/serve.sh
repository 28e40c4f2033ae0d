#!/usr/bin/env bash
# Serve Wangge: the procrastinate worker (periodic jobs) in the background, daphne in the foreground.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
# Prometheus multiprocess mode: every process (server and worker) writes its metrics here and
# /metrics adds them up; emptied at each start so a previous run's processes do not count.
export PROMETHEUS_MULTIPROC_DIR=${PROMETHEUS_MULTIPROC_DIR:-$PWD/var/prometheus}
rm -rf "$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
.venv/bin/python manage.py procrastinate worker >var-worker.log 2>&1 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo "Wangge: http://$HOST:$PORT/"
.venv/bin/daphne -b "$HOST" -p "$PORT" config.asgi:application
