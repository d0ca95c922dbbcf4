"""Local development: `make run`. Embedded defaults, debug on."""

import contextlib

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)


def _local_secret_key() -> str:
    # A random key made on first run and kept in var/, so no key lives in the repository
    # and sessions survive restarts of the development server.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _local_secret_key()

# A developer's own overrides, never committed (see .gitignore).
with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
