"""gunicorn in the image (Dockerfile's CMD, compose.yaml's web): read by gunicorn itself.

Sync workers: pages are CPU-bound renders (docs/benchmarks.md); WEB_CONCURRENCY (gunicorn's
own variable) sets how many, two per core by default.
"""

import multiprocessing
import os
import shutil

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


def on_starting(server):
    # Prometheus' multiprocess files of a previous run would add its counts to this one's.
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server, worker):
    # A dead worker's gauges leave the sums (prometheus_client's multiprocess mode).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
