#!/usr/bin/env bash
# Debian's tools the portal runs, installed when missing (make setup and .ci/run call this):
# ffmpeg/ffprobe (video probing and transcoding), DejaVu fonts (certificate PDFs, Cyrillic),
# nginx (`make scale-demo` puts it in front of two web servers; it runs as the demo's own child).
# Chromium for the browser tests is installed by .ci/run only. Nothing here without apt-get.
set -euo pipefail
missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "Install these with your package manager: ${missing[*]}" >&2
    fi
fi
