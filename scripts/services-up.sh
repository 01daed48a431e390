#!/usr/bin/env bash
# Queue mode's services on this machine, for its tests and for trying it out: PostgreSQL with
# pgvector (built by install-pgvector.sh) and Redis. Starts whichever is not answering, with the
# machine's own commands; changes nothing that is already running.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

"$here/install-pgvector.sh"

pg_major="$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)"
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "services-up: starting PostgreSQL $pg_major"
  pg_ctlcluster --skip-systemctl-redirect "$pg_major" main start
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "services-up: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
redis-cli -h 127.0.0.1 -p 6379 ping
