#!/bin/sh
# Front-end libraries come from the npm registry (package.json, package-lock.json) and are
# bundled here into git-ignored static files; `make setup` runs this. No CDN, nothing vendored
# into git by hand.
#
#   sh scripts/build_static.sh               npm ci, then bundle
#   sh scripts/build_static.sh --no-install  bundle what node_modules/ already holds
set -eu
cd "$(dirname "$0")/.."

if [ "${1:-}" != "--no-install" ]; then
    command -v npm >/dev/null 2>&1 || {
        echo "npm is needed for the calendar's and the charts' JavaScript (install Node.js 18+)" >&2
        exit 1
    }
    npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi

fc=node_modules/@fullcalendar
out=portal/static/vendor/fullcalendar
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp"

# FullCalendar's browser builds: core first, then the plugins (each registers itself with the
# core's global), then the Russian locale (English is built in). One file, one request.
for part in core/index.global.min.js daygrid/index.global.min.js \
    timegrid/index.global.min.js interaction/index.global.min.js core/locales/ru.global.min.js; do
    cat "$fc/$part"
    printf '\n;\n'
done >"$tmp/fullcalendar.min.js"
cp "$fc/core/LICENSE.md" "$tmp/LICENSE.md"
version=$(node -p "require('./$fc/core/package.json').version")
echo "$version" >"$tmp/VERSION"

rm -rf "$out"
mv "$tmp" "$out"
echo "FullCalendar $version -> $out/"

# The category icons (courses/icons.txt) as one sprite (scripts/icon_sprite.mjs).
icons=portal/static/vendor/icons
rm -rf "$icons.tmp"
mkdir -p "$icons.tmp"
node scripts/icon_sprite.mjs "$icons.tmp/icons.svg"
cp node_modules/@tabler/icons/LICENSE "$icons.tmp/LICENSE"
rm -rf "$icons"
mv "$icons.tmp" "$icons"

# Chart.js for the dashboards (learning/analytics): its UMD build defines the global `Chart`,
# which portal/static/js/charts.js draws with; only dashboard pages load it.
chartjs=portal/static/vendor/chartjs
rm -rf "$chartjs.tmp"
mkdir -p "$chartjs.tmp"
# Without its source map comment: collectstatic's manifest storage would look for the map
# (not shipped: a megabyte nobody's browser needs) and fail.
sed '/^\/\/# sourceMappingURL=/d' node_modules/chart.js/dist/chart.umd.min.js >"$chartjs.tmp/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$chartjs.tmp/LICENSE.md"
version=$(node -p "require('./node_modules/chart.js/package.json').version")
echo "$version" >"$chartjs.tmp/VERSION"
rm -rf "$chartjs"
mv "$chartjs.tmp" "$chartjs"
echo "Chart.js $version -> $chartjs/"

# hls.js for the video player (portal/static/js/player.js) where the browser has no HLS of its
# own (everything but Safari): its UMD build defines the global `Hls`; its transmuxing worker
# is a file of its own because the CSP refuses workers made from blob: URLs. Only pages with a
# library video load them.
hlsjs=portal/static/vendor/hlsjs
rm -rf "$hlsjs.tmp"
mkdir -p "$hlsjs.tmp"
for part in hls.min.js hls.worker.js; do
    sed '/^\/\/# sourceMappingURL=/d' "node_modules/hls.js/dist/$part" >"$hlsjs.tmp/$part"
done
cp node_modules/hls.js/LICENSE "$hlsjs.tmp/LICENSE"
version=$(node -p "require('./node_modules/hls.js/package.json').version")
echo "$version" >"$hlsjs.tmp/VERSION"
rm -rf "$hlsjs"
mv "$hlsjs.tmp" "$hlsjs"
echo "hls.js $version -> $hlsjs/"
