#!/usr/bin/env bash
# Brings a Debian machine to the point where Wangge runs: system packages, PostgreSQL with PostGIS,
# the Python venv and the npm packages. Idempotent and quiet when everything is already there.
#   scripts/setup.sh          what `make run` needs
#   scripts/setup.sh --test   also the test browser (Debian's chromium) and CJK fonts
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TEST=0
[ "${1:-}" = "--test" ] && WITH_TEST=1
STAMPS=.setup-stamps
mkdir -p "$STAMPS"
PYTHON=${PYTHON:-python3}
DB_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wangge}

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ $APT_UPDATED = 0 ]; then
    say "apt-get update"
    as_root apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  say "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

apt_has() {
  # apt-cache needs a package list; update once if it knows nothing yet.
  if [ $APT_UPDATED = 0 ] && ! apt-cache show "$1" >/dev/null 2>&1; then
    as_root apt-get update -qq >/dev/null; APT_UPDATED=1
  fi
  apt-cache show "$1" >/dev/null 2>&1
}

# --- system libraries GeoDjango loads, and build helpers ------------------------------------------
apt_install gdal-bin libgdal-dev libproj-dev proj-bin binutils postgresql-client
[ $WITH_TEST = 1 ] && apt_install chromium fonts-noto-cjk nginx

# --- PostgreSQL: running, with PostGIS for its major version --------------------------------------
pg_port() { python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).port or 5432)" "$DB_URL"; }
PORT=$(pg_port)
pg_up() { pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; }

if ! pg_up; then
  for ver in $(ls /etc/postgresql 2>/dev/null); do
    if grep -q "^port *= *$PORT" "/etc/postgresql/$ver/main/postgresql.conf" 2>/dev/null; then
      say "starting PostgreSQL $ver"
      as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
    fi
  done
fi
if ! pg_up && [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  apt_install postgresql
  ver=$(ls /etc/postgresql | sort -n | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
fi
for _ in $(seq 1 30); do pg_up && break; sleep 1; done
pg_up || { say "PostgreSQL does not answer on 127.0.0.1:$PORT"; exit 1; }

PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
MAJOR=$("${PSQL[@]}" -d postgres -c 'SHOW server_version_num' | awk '{print int($1/10000)}')
if apt_has "postgresql-$MAJOR-postgis-3"; then
  apt_install "postgresql-$MAJOR-postgis-3"
else
  # No PostGIS for the running major: use the distribution's default PostgreSQL on port 5433.
  apt_install postgresql postgresql-postgis
  DEF=$(ls /usr/lib/postgresql | sort -n | tail -1)
  if ! pg_lsclusters -h | awk '{print $1,$3}' | grep -q "^$DEF 5433$"; then
    say "creating PostgreSQL $DEF cluster on port 5433 (no PostGIS for $MAJOR)"
    as_root pg_createcluster "$DEF" main --port 5433 --start -- --auth-local=trust --auth-host=trust >/dev/null
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$DEF" main start 2>/dev/null || true
  echo "postgres://postgres@127.0.0.1:5433/wangge" > "$STAMPS/database_url"
  DB_URL=$(cat "$STAMPS/database_url"); PORT=5433
  PSQL=(psql -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi

DB_NAME=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).path.lstrip('/'))" "$DB_URL")
if [ -z "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
  say "creating database $DB_NAME"
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE \"$DB_NAME\""
fi
"${PSQL[@]}" -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS postgis" 2>&1 | grep -v NOTICE || true

# --- streaming replication from this host: tests/ops/test_replica.py starts a real standby --------
if [ $WITH_TEST = 1 ] && [ -z "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_hba_file_rules WHERE 'replication' = ANY(database) AND address = '127.0.0.1' LIMIT 1")" ]; then
  say "allowing replication connections from 127.0.0.1 (the replica test)"
  echo "host replication postgres 127.0.0.1/32 trust" | as_root tee -a "$("${PSQL[@]}" -d postgres -c 'SHOW hba_file')" >/dev/null
  "${PSQL[@]}" -d postgres -c "SELECT pg_reload_conf()" >/dev/null
fi

# --- Redis is optional for running, required by the realtime tests --------------------------------
if [ $WITH_TEST = 1 ] && command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  say "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null || true
fi

# --- Python venv ----------------------------------------------------------------------------------
PY_HASH=$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$STAMPS/py-$PY_HASH" ]; then
  say "installing Python packages"
  # pip's warnings about this machine's unused local index folders are noise, not news.
  quiet_pip() { .venv/bin/pip "$@" 2>&1 | { grep -v -e "is ignored: it is neither" -e "^ *$" || true; }; }
  quiet_pip install -q --upgrade pip
  .venv/bin/pip install -q -e ".[test]" 2>&1 | { grep -v -e "is ignored: it is neither" -e "BuildBackendWarning" -e "^ *!!" -e "^ *\*\*\*" -e "Please be careful" -e "name as your package" -e "with strategy" -e "^ *$" || true; }
  test -x .venv/bin/daphne || { say "pip install failed"; exit 1; }
  rm -f "$STAMPS"/py-*; touch "$STAMPS/py-$PY_HASH"
fi

# --- npm packages (served by Django, never from a CDN) --------------------------------------------
if [ -f package.json ]; then
  npm_hash() { cat package.json $([ -f package-lock.json ] && echo package-lock.json) | sha1sum | cut -c1-12; }
  NPM_HASH=$(npm_hash)
  # npm leaves node_modules/.package-lock.json after an install: without it the tree is missing or was emptied.
  if [ ! -f node_modules/.package-lock.json ] || [ ! -f "$STAMPS/npm-$NPM_HASH" ]; then
    command -v npm >/dev/null || apt_install npm
    say "installing npm packages"
    if [ -f package-lock.json ]; then npm ci --silent --no-audit --no-fund >/dev/null
    else npm install --silent --no-audit --no-fund >/dev/null; fi
    NPM_HASH=$(npm_hash)
    rm -f "$STAMPS"/npm-*; touch "$STAMPS/npm-$NPM_HASH"
  fi
fi
exit 0
