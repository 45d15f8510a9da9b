#!/usr/bin/env bash
# Start the local PostgreSQL server (Debian package "postgresql") and create the test role
# and database used by the test suite (see tests/conftest.py). Idempotent. Needs root.
set -euo pipefail
service postgresql start >/dev/null
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'village') THEN
    CREATE ROLE village LOGIN PASSWORD 'village';
  END IF;
END$$;
SELECT 'CREATE DATABASE village_avenir_test OWNER village'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'village_avenir_test')\gexec
SQL
echo "PostgreSQL prêt : postgresql+psycopg://village:village@127.0.0.1:5432/village_avenir_test"
