#!/usr/bin/env bash
# The whole test suite: type check, lint, then every vitest suite (unit, integration against the real
# Postgres and Redis, Redis Cluster, e2e in Chromium). Brings up what it needs and fails if it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_HOST=127.0.0.1 PG_PORT=5432 REDIS_PORT=6379

if ! pg_isready -h "$PG_HOST" -p "$PG_PORT" -q; then
  echo "test: starting Postgres"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -h "$PG_HOST" -p "$PG_PORT" -q && break; sleep 1; done
fi
pg_isready -h "$PG_HOST" -p "$PG_PORT" || { echo "test: Postgres is not reachable on $PG_HOST:$PG_PORT" >&2; exit 1; }

if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "test: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no || true
  for _ in $(seq 1 30); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null || { echo "test: Redis is not reachable on 127.0.0.1:$REDIS_PORT" >&2; exit 1; }

if [ ! -x /usr/bin/chromium ]; then
  echo "test: installing Debian's chromium for the e2e suite"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

DB="${PITBOSS_TEST_DB:-pitboss_test}"  # per worktree when several suites run at once
psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -qAt \
  -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export TEST_DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$DB"
export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

echo "test: type check and lint"
npx tsc --noEmit
npx biome check .

echo "test: vitest"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' || true
exit "$status"
