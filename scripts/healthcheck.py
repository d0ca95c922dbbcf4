"""The image's HEALTHCHECK: GET /healthz on this container's gunicorn; exit 0 on 200.

Sent with the first of DJANGO_ALLOWED_HOSTS as Host, or Django would refuse the request.
"""

import os
import sys
import urllib.request

host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
request = urllib.request.Request(  # noqa: S310 (a fixed http address of this container)
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host if host != "*" else "localhost"}
)
try:
    with urllib.request.urlopen(request, timeout=4) as answer:  # noqa: S310
        sys.exit(0 if answer.status == 200 else 1)
except OSError as error:
    sys.stderr.write(f"healthz: {error}\n")
    sys.exit(1)
