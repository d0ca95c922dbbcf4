"""gunicorn in the image (Dockerfile's CMD, compose.yaml's web): read by gunicorn itself.

Sync workers: pages are CPU-bound renders (docs/benchmarks.md); WEB_CONCURRENCY (gunicorn's
own variable) sets how many, two per core by default.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count()))
# A video upload's part or a slow export may take a while; nothing else should.
timeout = 120
graceful_timeout = 30
# Restart each worker now and then, so a leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
