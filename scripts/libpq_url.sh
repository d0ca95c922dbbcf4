#!/usr/bin/env bash
# DATABASE_URL as django-environ reads it → the connection URI libpq (pg_dump, psql) takes:
# django-environ also accepts pgsql:// and psql://; anything but PostgreSQL is refused.
set -euo pipefail
url=${1:?usage: libpq_url.sh DATABASE_URL}
case "$url" in
postgres://* | postgresql://*) echo "$url" ;;
pgsql://* | psql://*) echo "postgresql://${url#*://}" ;;
*)
    echo "backup and restore need PostgreSQL; DATABASE_URL is ${url%%://*}://…" >&2
    exit 2
    ;;
esac
