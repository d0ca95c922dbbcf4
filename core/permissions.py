"""Helpers for the per-app ``permissions.py`` modules.

Each app's ``permissions.py`` holds its ``can_*`` predicates (for templates and "show this
button") and the ``require_*`` checks its services call; a check raises ``NotAllowed``.
"""

from __future__ import annotations

from .errors import NotAllowed


def require(allowed: bool, message=None) -> None:
    """Raise ``NotAllowed`` (with ``message`` when given) unless ``allowed``."""
    if not allowed:
        raise NotAllowed(message)


def is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated)


def is_staff(user) -> bool:
    return bool(is_signed_in(user) and (user.is_staff or user.is_superuser))
