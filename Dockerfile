# syntax=docker/dockerfile:1
# One image for every process of the portal: web (gunicorn), asgi (daphne, the messages
# socket), worker and beat (Celery), and the one-shot migrate. compose.yaml runs them;
# docs/deployment.md explains the topology. Build: docker compose build (or make up).

# --- 1. The front-end bundles: FullCalendar, the icon sprite, Chart.js, hls.js ---------------
FROM node:20-bookworm-slim AS static
WORKDIR /src
COPY package.json package-lock.json ./
# Runtime libraries only: lighthouse and axe-core are for tests.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts --loglevel=error
COPY scripts/build_static.sh scripts/icon_sprite.mjs scripts/ui_icons.txt scripts/
COPY courses/icons.txt courses/
RUN sh scripts/build_static.sh --no-install

# --- 2. The Python dependencies, in a virtualenv copied whole into the runtime --------------
FROM python:3.11-slim-bookworm AS python
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install -r /tmp/requirements.txt
# Optional packages, e.g. the OpenSearch client for compose's "search" profile:
#   EXTRA_REQUIREMENTS="opensearch-py==3.2.0" docker compose --profile search build
ARG EXTRA_REQUIREMENTS=""
RUN if [ -n "$EXTRA_REQUIREMENTS" ]; then /opt/venv/bin/pip install $EXTRA_REQUIREMENTS; fi

# --- 3. The runtime ------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS runtime
# ffmpeg/ffprobe: the video pipeline (worker: transcoding; web: probing uploads).
# fonts-dejavu-core: Cyrillic in certificate PDFs. Nothing else from apt.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        ffmpeg fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# A user of its own: no process of the portal runs as root.
RUN groupadd --system --gid 10001 ustat \
    && useradd --system --uid 10001 --gid ustat --home-dir /app --shell /usr/sbin/nologin ustat
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production
WORKDIR /app
COPY --from=python /opt/venv /opt/venv
COPY . /app
COPY --from=static /src/portal/static/vendor /app/portal/static/vendor
# The Russian catalog (.mo) and the static files with their manifest (WhiteNoise serves them
# compressed, under hashed names). Production settings refuse to load without these three
# variables: placeholders for this build step only, never kept in the image.
RUN export DJANGO_SECRET_KEY=build-only DJANGO_ALLOWED_HOSTS=localhost \
        REDIS_URL=redis://localhost:6379/0 \
    && python manage.py compile_translations \
    && python manage.py collectstatic --no-input --verbosity 0 \
    && test -f var/static/staticfiles.json \
    && mkdir -p var/media var/private \
    && chown -R ustat:ustat var
USER ustat
EXPOSE 8000 8001
# /healthz: liveness, 200 while gunicorn answers (the web container; compose gives the others
# their own checks; a load balancer asks /readyz).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "scripts/healthcheck.py"]
CMD ["gunicorn", "portal.wsgi:application", "--config", "deploy/gunicorn.conf.py"]
