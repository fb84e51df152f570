#!/usr/bin/env bash
# Makes this machine ready to run the project and its tests; safe to run again, and quick
# when everything is already there. As root on a fresh machine it installs what is missing
# (Node.js 24, node_modules, Debian's dovecot-imapd and chromium) and starts PostgreSQL and
# Redis when they do not answer. Everything it prints goes to stderr, prefixed "setup:".
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

say() { echo "setup: $*" >&2; }
# Runs a command with its output (both streams) on stderr, every line prefixed.
run() { "$@" 2>&1 | sed -u 's/^/setup: /' >&2; }

is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }

# --- Node.js >= 22.19 ------------------------------------------------------------------
# shellcheck source=scripts/node-env.sh
source "$repo/scripts/node-env.sh"

# --- node_modules ----------------------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci (node $(node --version), npm $(npm --version))"
  run npm ci --no-audit --no-fund
fi

# --- Debian packages: dovecot-imapd (tests' IMAP server), chromium (console tests) ------
stop_system_dovecot() {
  local pidfile=/run/dovecot/master.pid pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/sbin/dovecot ]; then
    say "stopping the system Dovecot service (tests run Dovecots of their own)"
    service dovecot stop >/dev/null 2>&1 || true
    if kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

missing=()
have dovecot || missing+=(dovecot-imapd)
have chromium || missing+=(chromium)
# the django-otp preset's test (test/integration/directory-django.test.ts) runs a real Django
/usr/bin/python3 -c 'import django, django_otp, psycopg2' >/dev/null 2>&1 || missing+=(python3-django python3-django-otp python3-psycopg2)
if [ "${#missing[@]}" -gt 0 ]; then
  if is_root; then
    say "installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    run apt-get -o DPkg::Lock::Timeout=300 update
    run apt-get -o DPkg::Lock::Timeout=300 install -y dovecot-imapd chromium python3-django python3-django-otp python3-psycopg2
    stop_system_dovecot
    if have systemctl; then systemctl disable dovecot >/dev/null 2>&1 || true; fi
  else
    say "WARNING: ${missing[*]} missing and not root: tests that need them will fail (run this script as root)"
  fi
fi
if is_root; then stop_system_dovecot; fi

# --- PostgreSQL and Redis ----------------------------------------------------------------
wait_for() { # wait_for WHAT SECONDS COMMAND...
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq $((seconds * 10))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  say "ERROR: $what did not answer within ${seconds} s"
  return 1
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
if ! have pg_isready; then
  say "ERROR: PostgreSQL is not installed (this machine kind should have it)"
  exit 1
elif ! pg_up; then
  say "starting PostgreSQL"
  # shellcheck disable=SC2046
  run pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  wait_for PostgreSQL 30 pg_up
fi

redis_up() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }
if ! have redis-cli; then
  say "ERROR: Redis is not installed (this machine kind should have it)"
  exit 1
elif ! redis_up; then
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  run redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis 30 redis_up
fi

say "ready (node $(node --version); PostgreSQL and Redis answer)"
