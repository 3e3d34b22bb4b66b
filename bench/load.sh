#!/usr/bin/env bash
# Load test: gunicorn with the repository's gunicorn.conf.py on a 100,000-process portal, driven
# by wrk for 60 s at 50 connections over searches (70 %), expedientes (20 %) and downloads (10 %).
# Prints requests/s, p50, p99 and errors. Target: >= 300 search requests/s, zero errors.
#
#   bench/load.sh                      # defaults below; override with environment variables
#   DURATION=30s CONNECTIONS=20 bench/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PROCESSES=${PROCESSES:-100000}
WORK=${WORK:-/tmp/portal-load/$PROCESSES}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-50}
THREADS=${THREADS:-2}
PORT=${PORT:-8765}
PY=.venv/bin/python

command -v wrk >/dev/null || { echo "Falta wrk: apt-get install -y wrk" >&2; exit 1; }

$PY bench/load_prepare.py "$WORK" --processes "$PROCESSES"

export PORTAL_SECRET_KEY=carga
export PORTAL_SQLALCHEMY_DATABASE_URI="sqlite:///$WORK/portal.sqlite3"
export PORTAL_SEARCH_INDEX_DIR="$WORK/index"
export PORTAL_UPLOAD_DIR="$WORK/uploads"
export PORTAL_OUTBOX_DIR="$WORK/outbox"
export PORTAL_RATELIMIT_ENABLED=false
export PORTAL_GUNICORN_BIND="127.0.0.1:$PORT"
export PORTAL_GUNICORN_ACCESS_LOG="$WORK/access.log"
export PORTAL_GUNICORN_ERROR_LOG="$WORK/error.log"

.venv/bin/gunicorn -c gunicorn.conf.py wsgi:app &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/salud" >/dev/null && break
  sleep 0.5
done
# Warm every worker (searcher open, caches) before measuring.
wrk -t1 -c4 -d5s -s bench/load.lua "http://127.0.0.1:$PORT" -- "$WORK/urls.txt" >/dev/null
: >"$WORK/access.log"  # count only the measured run's answers (gunicorn appends)

WORKERS=$(pgrep -P $GUNICORN | wc -l)
echo "gunicorn: $WORKERS workers × ${PORTAL_GUNICORN_THREADS:-2} threads, $(nproc) CPU; wrk $DURATION, $CONNECTIONS conexiones"
RESULT=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s bench/load.lua \
  "http://127.0.0.1:$PORT" -- "$WORK/urls.txt")
echo "$RESULT" | sed -n '/^requests /,$p'
SEARCH_SHARE=$(awk '$1=="busqueda"{s++} END{printf "%.3f", s/NR}' "$WORK/urls.txt")
echo "$RESULT" | awk -v share="$SEARCH_SHARE" '/^requests\/s/ {
  printf "búsquedas/s   %.1f  (%.0f %% de la mezcla; objetivo >= 300)\n", $2 * share, share * 100 }'
echo "respuestas por código: $(awk '{print $(NF-3)}' "$WORK/access.log" | sort | uniq -c | tr '\n' ' ')"
