#!/usr/bin/env bash
# Stands in for `docker compose` (no container engine runs here) in tests/deploy/test_backup.py:
# what scripts/backup.sh and restore.sh --compose ask of the db and web containers runs on this
# machine instead, with the db container's variables (FAKE_PGHOST, FAKE_PGPORT, FAKE_PGUSER,
# FAKE_PGDB) and $PYTHON for the web image's python. Every call is logged to FAKE_COMPOSE_LOG.
set -euo pipefail
echo "$*" >>"$FAKE_COMPOSE_LOG"
action=$1
shift
case "$action" in
stop | start) exit 0 ;;
exec | run)
    while [ "${1#-}" != "$1" ]; do shift; done # -T, --rm, --no-deps
    service=$1
    shift
    ;;
*) echo "fake_compose: $action is not expected" >&2; exit 2 ;;
esac
case "$service" in
db) POSTGRES_USER=$FAKE_PGUSER POSTGRES_DB=$FAKE_PGDB PGHOST=$FAKE_PGHOST PGPORT=$FAKE_PGPORT exec "$@" ;;
web) [ "$1" = python ] && shift; exec "$PYTHON" "$@" ;;
migrate) exit 0 ;; # its command is compose.yaml's; the restored schema is current already
*) echo "fake_compose: no service $service" >&2; exit 2 ;;
esac
