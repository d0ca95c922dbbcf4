"""Secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) from the `cryptography` package.

The key comes from ``settings.ZOOMPOOL_ENCRYPTION_KEY``: one urlsafe-base64 Fernet key, or a
list / comma-separated string of them, the first encrypting and all decrypting (rotation:
put the new key first, re-save the accounts, then drop the old one). Without it the key is
derived from SECRET_KEY with HKDF-SHA256 (info "ustat.zoompool.secrets"), so a fresh install
works; but then rotating SECRET_KEY makes stored Zoom secrets unreadable (the admin shows the
account as needing its secrets again), which is why production should set its own key.
Generate one with:

    .venv/bin/python -c \
        "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""

from __future__ import annotations

import base64
import functools
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models

from .app_settings import app_settings

logger = logging.getLogger(__name__)

HKDF_INFO = b"ustat.zoompool.secrets"


class DecryptionError(Exception):
    """A stored secret cannot be read with the configured keys."""


def derive_key(secret_key: str) -> bytes:
    """A Fernet key derived from Django's SECRET_KEY (the fallback)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO).derive(
        secret_key.encode()
    )
    return base64.urlsafe_b64encode(raw)


def configured_keys() -> tuple[str, ...]:
    value = app_settings.ZOOMPOOL_ENCRYPTION_KEY or ""
    if isinstance(value, str):
        value = value.split(",")
    keys = tuple(k.strip() for k in value if k and k.strip())
    return keys or (derive_key(settings.SECRET_KEY).decode(),)


@functools.lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    # Keyed by the settings' value, so a changed setting (tests, rotation) takes effect.
    return _fernet(configured_keys())


def encrypt(text: str) -> str:
    if not text:
        return ""
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise DecryptionError(
            "stored secret cannot be decrypted with the configured key"
        ) from error


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database and plain in Python.

    A value that cannot be decrypted (the key changed) reads as "" and is logged, so the
    admin still opens and staff can type the secret again.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        try:
            return decrypt(value)
        except DecryptionError:
            logger.error("%s: a stored secret cannot be decrypted (key changed?)", self)
            return ""

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)
