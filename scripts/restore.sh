#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database into an empty database, the media
# into empty storages. Checks the folder's SHA256SUMS first.
#
#   scripts/restore.sh [--force] DIR             this machine: DATABASE_URL, MEDIA_ROOT or the bucket
#   scripts/restore.sh --compose [--force] DIR   the compose setup (make restore): stops web,
#                                                asgi, worker and beat, restores, migrates,
#                                                starts them
#
# Without --force it refuses a database that has tables and a media file that is already
# stored; with it, existing tables are dropped first (pg_restore --clean) and files replaced.
set -euo pipefail
cd "$(dirname "$0")/.."

compose=0
force=0
while [ $# -gt 0 ]; do
    case "$1" in
    --compose) compose=1 ;;
    --force) force=1 ;;
    -*) echo "restore: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done
dir=${1:?usage: scripts/restore.sh [--compose] [--force] DIR}
PYTHON=${PYTHON:-.venv/bin/python}
DOCKER_COMPOSE=${DOCKER_COMPOSE:-docker compose}

(cd "$dir" && sha256sum --check --quiet SHA256SUMS)

restore_flags=(--no-owner --no-privileges --exit-on-error --single-transaction)
media_flags=()
if [ "$force" = 1 ]; then
    restore_flags+=(--clean --if-exists)
    media_flags+=(--replace)
fi
tables_sql="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"

if [ "$compose" = 1 ]; then
    app_services=(web asgi worker beat)
    tables=$($DOCKER_COMPOSE exec -T db sh -c "psql -At -U \"\$POSTGRES_USER\" -d \"\$POSTGRES_DB\" -c \"$tables_sql\"")
    if [ "$force" = 0 ] && [ "$tables" != 0 ]; then
        echo "restore: the database has $tables tables; --force replaces them" >&2
        exit 1
    fi
    # Nothing writes while the data is put back.
    $DOCKER_COMPOSE stop "${app_services[@]}"
    $DOCKER_COMPOSE exec -T db sh -c \
        "pg_restore ${restore_flags[*]} -U \"\$POSTGRES_USER\" -d \"\$POSTGRES_DB\"" <"$dir/db.dump"
    $DOCKER_COMPOSE run --rm -T --no-deps web \
        python manage.py media_restore ${media_flags[@]+"${media_flags[@]}"} - <"$dir/media.tar"
    # A backup older than the running image gets the migrations it lacks before anything serves.
    $DOCKER_COMPOSE run --rm -T --no-deps migrate
    $DOCKER_COMPOSE start "${app_services[@]}"
else
    : "${DATABASE_URL:?set DATABASE_URL=postgres://… (or use --compose)}"
    url=$(bash scripts/libpq_url.sh "$DATABASE_URL")
    tables=$(psql --no-psqlrc -At --dbname="$url" -c "$tables_sql")
    if [ "$force" = 0 ] && [ "$tables" != 0 ]; then
        echo "restore: the database has $tables tables; --force replaces them" >&2
        exit 1
    fi
    pg_restore "${restore_flags[@]}" --dbname="$url" "$dir/db.dump"
    "$PYTHON" manage.py media_restore ${media_flags[@]+"${media_flags[@]}"} "$dir/media.tar"
    echo "restore: if the backup is older than this code, run $PYTHON manage.py migrate" >&2
fi
echo "restore: $dir restored"
