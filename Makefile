# Ustat: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help setup run test journeys lint check-deploy format migrate demo worker beat bench fuzz audit up down backup restore env-docs scale-demo clean

help: ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

FULLCALENDAR := portal/static/vendor/fullcalendar/fullcalendar.min.js
ICONS := portal/static/vendor/icons/icons.svg
CHARTJS := portal/static/vendor/chartjs/chart.umd.min.js
HLSJS := portal/static/vendor/hlsjs/hls.min.js
$(FULLCALENDAR) $(ICONS) $(CHARTJS) $(HLSJS) &: package.json package-lock.json scripts/build_static.sh scripts/icon_sprite.mjs courses/icons.txt
	sh scripts/build_static.sh

# The demo's picture renderer (demo/loader/images.py): icons, avatars and an SVG rasteriser.
DEMO_ART := demo/art/node_modules/.package-lock.json
$(DEMO_ART): demo/art/package.json demo/art/package-lock.json
	npm ci --prefix demo/art --no-audit --no-fund --ignore-scripts --loglevel=error

setup: $(STAMP) $(FULLCALENDAR) $(ICONS) $(CHARTJS) $(HLSJS) $(DEMO_ART) ## Create the virtualenv, install pinned requirements and the JavaScript (npm ci: the calendar, the category icons, the charts, the video player's HLS, the demo's pictures), compile translations
	mkdir -p var
	bash scripts/system_tools.sh
	$(PY) manage.py compile_translations

migrate: setup ## Apply database migrations (and give teachers from before self-service their tutor tools)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py grant_tutor_tools

demo: migrate ## Load the demo pages and accounts (idempotent)
	$(PY) manage.py load_demo_data

run: demo ## Set up and serve the portal on http://127.0.0.1:8000 with demo content
	$(PY) manage.py runserver $(HOST):$(PORT)

# One pytest worker per core (pytest-xdist); TEST_WORKERS=0 runs in one process (pdb).
TEST_WORKERS ?= auto
test: setup ## Set up and run the whole test suite
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Screenshots and the axe-core summary go to SCREENSHOT_DIR (CI keeps it as an artefact).
SCREENSHOT_DIR ?= var/screenshots
journeys: setup ## Walk the site in Chromium (visitor, learner, tutor; phone and desktop; ru and en): screenshots and axe-core
	SCREENSHOT_DIR=$(SCREENSHOT_DIR) $(PY) -m pytest tests/e2e/journeys -m journeys -n 0 $(PYTEST_ARGS)

lint: setup ## ruff lint and format check, and the import contract (layers, no cycles)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

# Django's deployment checks and the portal's own (ops/checks.py) under the production
# settings, with dummy but valid values for what production requires; CI runs it after lint.
CHECK_DEPLOY_ENV := DJANGO_SETTINGS_MODULE=portal.settings.production \
	DJANGO_SECRET_KEY=check-deploy-dummy-key-not-used-anywhere-0123456789-abcdefghij \
	DJANGO_ALLOWED_HOSTS=ustat.example REDIS_URL=redis://127.0.0.1:6379/0 \
	METRICS_TOKEN=check-deploy-dummy-metrics-token-0123456789 \
	PROMETHEUS_MULTIPROC_DIR=var/check-deploy-metrics
check-deploy: setup ## manage.py check --deploy with the production settings (Django's and the portal's checks; warnings fail)
	mkdir -p var/check-deploy-metrics
	$(CHECK_DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

format: setup ## Apply ruff's fixes and formatting
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

worker: setup ## A Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A portal worker --loglevel=info

beat: setup ## The Celery beat scheduler (run exactly one)
	$(VENV)/bin/celery -A portal beat --loglevel=info

bench: BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ustat_bench
bench: setup ## Seed 1,000 courses into PostgreSQL and measure the site under gunicorn
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tests.bench.run $(BENCH_ARGS)
	$(PY) -m tests.bench.certificates
	$(PY) -m tests.bench.homework
	$(PY) -m tests.bench.schedule
	$(PY) -m tests.bench.zoompool
	$(PY) -m tests.bench.free_slots
	$(PY) -m tests.bench.tutoring
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tests.bench.gradebook
	$(PY) -m tests.bench.messages
	$(PY) -m tests.bench.analytics
	$(PY) -m tests.bench.transcode
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m tests.bench.feed

# FUZZ_DATABASE_URL=postgres://…/ustat_fuzz runs it on PostgreSQL (else SQLite); FUZZ_ARGS e.g.
# "--roles teacher --max-examples 20". Reports and server logs: var/fuzz/.
fuzz: setup ## schemathesis over the whole API (anonymous, student, teacher, admin) against a live server
	$(PY) -m tests.fuzz.run $(if $(FUZZ_DATABASE_URL),--database-url $(FUZZ_DATABASE_URL)) $(FUZZ_ARGS)

# AUDIT_ARGS e.g. "--threshold 90 --langs ru --preset desktop --no-docs"; reports: var/audit/.
audit: setup ## Lighthouse on the demo served as in production (Debian's Chromium); scores into docs/audit.md
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m tests.audit.run $(AUDIT_ARGS)

# The compose setup (compose.yaml; docs/deployment.md). Its secrets: deploy/compose.env, made
# from deploy/compose.env.example. This machine has no container engine: these need Docker.
COMPOSE_ENV ?= deploy/compose.env
COMPOSE ?= docker compose --env-file $(COMPOSE_ENV)
up: ## Build the image and start the whole topology with Docker Compose (web, asgi, worker, beat, PostgreSQL, Redis, MinIO, nginx)
	@test -f $(COMPOSE_ENV) || { echo "Copy deploy/compose.env.example to $(COMPOSE_ENV) and fill it in"; exit 1; }
	$(COMPOSE) up -d --build

down: ## Stop the compose setup (its volumes stay)
	$(COMPOSE) down

# BACKUP_DIR: where to write (default var/backups/<UTC time>) or what to restore. Without
# COMPOSE_BACKUP=1 they run against DATABASE_URL and the configured media (disk or S3).
backup: ## Back up PostgreSQL and every media file into BACKUP_DIR (COMPOSE_BACKUP=1: the compose setup)
	DOCKER_COMPOSE="$(COMPOSE)" PYTHON=$(PY) bash scripts/backup.sh $(if $(COMPOSE_BACKUP),--compose) $(BACKUP_DIR)

restore: ## Restore BACKUP_DIR into an empty database and media (RESTORE_ARGS=--force replaces; COMPOSE_BACKUP=1)
	@test -n "$(BACKUP_DIR)" || { echo "make restore BACKUP_DIR=var/backups/…"; exit 1; }
	DOCKER_COMPOSE="$(COMPOSE)" PYTHON=$(PY) bash scripts/restore.sh $(if $(COMPOSE_BACKUP),--compose) $(RESTORE_ARGS) $(BACKUP_DIR)

env-docs: ## Write the table of every environment variable the settings read into docs/deployment.md
	$(PY) -m portal.env_docs

# SCALE_DATABASE_URL=postgres://…/ustat_scale (the name must contain "scale": it is dropped).
# Logs of every process: var/scale/.
scale-demo: setup ## Production settings as separate processes (2 web behind nginx, 2 workers, beat, PostgreSQL, Redis, S3) and flows across them
	SCALE_DEMO=1 $(if $(SCALE_DATABASE_URL),SCALE_DATABASE_URL=$(SCALE_DATABASE_URL)) $(PY) -m pytest tests/scale -n 0 -p no:cacheprovider -s $(PYTEST_ARGS)

clean: ## Remove the virtualenv and local data under var/
	rm -rf $(VENV) var node_modules demo/art/node_modules portal/static/vendor
