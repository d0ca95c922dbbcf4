"""Zoom secrets are encrypted at rest: the database never holds them in the clear."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from learning.zoompool import crypto
from learning.zoompool.models import LessonRecording, ZoomAccount

from .conftest import make_account

pytestmark = pytest.mark.django_db

SECRET = "s2s-client-secret-that-must-not-leak"
TOKEN = "webhook-token-that-must-not-leak"


def raw_row(account) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT client_secret, webhook_secret_token FROM {ZoomAccount._meta.db_table} "  # noqa: S608
            "WHERE id = %s",
            [account.pk],
        )
        return cursor.fetchone()


def test_secrets_are_encrypted_in_the_database():
    account = make_account(client_secret=SECRET, webhook_secret_token=TOKEN)
    stored_secret, stored_token = raw_row(account)
    assert SECRET not in stored_secret and TOKEN not in stored_token
    assert stored_secret.startswith("gAAAAA")  # a Fernet token
    fresh = ZoomAccount.objects.get(pk=account.pk)
    assert (fresh.client_secret, fresh.webhook_secret_token) == (SECRET, TOKEN)
    # Each save encrypts anew (random IV): equal secrets do not look equal in the table.
    other = make_account(client_secret=SECRET)
    assert raw_row(other)[0] != stored_secret


def test_the_configured_key_is_used(settings):
    key = Fernet.generate_key().decode()
    settings.ZOOMPOOL_ENCRYPTION_KEY = key
    account = make_account(client_secret=SECRET)
    assert Fernet(key.encode()).decrypt(raw_row(account)[0].encode()).decode() == SECRET


def test_without_a_key_it_is_derived_from_secret_key(settings):
    settings.ZOOMPOOL_ENCRYPTION_KEY = ""
    account = make_account(client_secret=SECRET)
    derived = crypto.derive_key(settings.SECRET_KEY)
    assert Fernet(derived).decrypt(raw_row(account)[0].encode()).decode() == SECRET
    assert crypto.derive_key("another secret key") != derived


def test_rotation_old_key_still_reads_and_new_writes(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ZOOMPOOL_ENCRYPTION_KEY = old
    account = make_account(client_secret=SECRET)
    settings.ZOOMPOOL_ENCRYPTION_KEY = f"{new},{old}"
    account = ZoomAccount.objects.get(pk=account.pk)
    assert account.client_secret == SECRET
    account.save()
    settings.ZOOMPOOL_ENCRYPTION_KEY = [new]
    assert ZoomAccount.objects.get(pk=account.pk).client_secret == SECRET


def test_a_lost_key_reads_as_empty_instead_of_breaking(settings, caplog):
    settings.ZOOMPOOL_ENCRYPTION_KEY = Fernet.generate_key().decode()
    account = make_account(client_secret=SECRET)
    settings.ZOOMPOOL_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert ZoomAccount.objects.get(pk=account.pk).client_secret == ""
    assert "cannot be decrypted" in caplog.text


def test_blank_stays_blank_and_download_tokens_are_encrypted_too():
    account = make_account(webhook_secret_token="")
    assert raw_row(account)[1] == ""
    assert ZoomAccount.objects.filter(webhook_secret_token="").get() == account
    field = LessonRecording._meta.get_field("download_token")
    assert isinstance(field, crypto.EncryptedTextField)
