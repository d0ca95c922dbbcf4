#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and every media file (public and private
# storage, on disk or S3) into one folder: db.dump, media.tar and SHA256SUMS.
#
#   scripts/backup.sh [DIR]             this machine: DATABASE_URL (PostgreSQL) and the media
#                                       the settings point at (MEDIA_ROOT, or the S3 bucket)
#   scripts/backup.sh --compose [DIR]   the compose setup (make backup): pg_dump in the db
#                                       container, the media through the web container
#
# DIR defaults to var/backups/<UTC time>. A backup holds personal data and password hashes:
# the folder is made readable by its owner only; keep copies off the machine, encrypted.
set -euo pipefail
cd "$(dirname "$0")/.."

compose=0
if [ "${1:-}" = "--compose" ]; then
    compose=1
    shift
fi
dir=${1:-var/backups/$(date -u +%Y%m%dT%H%M%SZ)}
[ -e "$dir" ] && { echo "backup: $dir already exists" >&2; exit 2; }
PYTHON=${PYTHON:-.venv/bin/python}
DOCKER_COMPOSE=${DOCKER_COMPOSE:-docker compose}

# Written beside the target and renamed at the end: a folder named DIR is a whole backup.
partial="$dir.partial"
rm -rf "$partial"
mkdir -p "$partial"
chmod 700 "$partial"
trap 'rm -rf "$partial"' EXIT

if [ "$compose" = 1 ]; then
    # The variables are the db container's own (compose.yaml sets them).
    $DOCKER_COMPOSE exec -T db sh -c \
        'pg_dump --format=custom --no-owner --no-privileges -U "$POSTGRES_USER" "$POSTGRES_DB"' \
        >"$partial/db.dump"
    $DOCKER_COMPOSE exec -T web python manage.py media_backup --output - >"$partial/media.tar"
else
    : "${DATABASE_URL:?set DATABASE_URL=postgres://… (or use --compose)}"
    url=$(bash scripts/libpq_url.sh "$DATABASE_URL")
    pg_dump --format=custom --no-owner --no-privileges --file="$partial/db.dump" --dbname="$url"
    "$PYTHON" manage.py media_backup --output "$partial/media.tar"
fi

(cd "$partial" && sha256sum db.dump media.tar >SHA256SUMS)
mv "$partial" "$dir"
trap - EXIT
echo "backup: $dir ($(du -sh "$dir" | cut -f1))"
