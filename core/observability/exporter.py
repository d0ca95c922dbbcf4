"""The token check of every metrics endpoint, and the Celery worker's own exporter.

A Celery worker runs on another host than the web, so Prometheus scrapes each worker
directly: with ``CELERY_METRICS_PORT`` set, the worker's main process serves this host's
figures (its prefork children write them to ``PROMETHEUS_MULTIPROC_DIR``) at
``http://<worker>:<port>/metrics``, behind the same bearer token as the web's ``/metrics``.
"""

from __future__ import annotations

import hmac
import logging
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from .metrics import process_registry

logger = logging.getLogger(__name__)


def token_matches(header: str, token: str) -> bool:
    """``Authorization: Bearer <token>`` against the configured token (constant time)."""
    scheme, _, given = header.partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    # As bytes: compare_digest refuses str with non-ASCII characters (a header may hold them).
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8", "replace"))


def metrics_app(token: str):
    """A WSGI app answering this host's figures to a bearer of ``token``, 403 to others."""

    def app(environ, start_response):
        if environ.get("PATH_INFO") != "/metrics":
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found\n"]
        if not token_matches(environ.get("HTTP_AUTHORIZATION", ""), token):
            start_response("403 Forbidden", [("Content-Type", "text/plain")])
            return [b"forbidden\n"]
        body = generate_latest(process_registry())
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST)])
        return [body]

    return app


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the stdlib's signature)
        pass  # one line per scrape is noise


def serve(port: int, token: str, host: str = "0.0.0.0") -> WSGIServer:  # noqa: S104 (scraped from other hosts)
    """Start the exporter on a daemon thread; returns the server (``shutdown()`` stops it)."""
    server = make_server(host, port, metrics_app(token), handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics-exporter", daemon=True).start()
    logger.info("Serving Celery metrics on %s:%s/metrics", host, server.server_port)
    return server
