#!/usr/bin/env bash
# Print the URL of a PostgreSQL database for the store tests, starting Debian's server if needed.
# As root it installs and starts Debian's postgresql; otherwise it prints nothing and the
# PostgreSQL tests are skipped locally (they never skip under CI).
# Everything but the URL goes to stderr.
set -euo pipefail
if [ -n "${COACHKIT_TEST_DATABASE_URL:-}" ]; then echo "$COACHKIT_TEST_DATABASE_URL"; exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "postgres: not root, no database URL given: PostgreSQL tests will be skipped" >&2; exit 0
fi
if ! command -v pg_lsclusters >/dev/null || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "postgres: installing Debian's postgresql" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -tAc \"select 1 from pg_roles where rolname='coachkit'\"" | grep -q 1 \
  || su postgres -c "psql -p $port -c \"create role coachkit login password 'coachkit'\"" >&2
su postgres -c "psql -p $port -tAc \"select 1 from pg_database where datname='coachkit_test'\"" | grep -q 1 \
  || su postgres -c "createdb -p $port -O coachkit coachkit_test" >&2
echo "postgresql+psycopg://coachkit:coachkit@127.0.0.1:$port/coachkit_test"
