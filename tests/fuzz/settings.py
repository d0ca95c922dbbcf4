"""The server `make fuzz` attacks: the test settings on the runner's own database and folders.

The runner passes FUZZ_DATABASE_URL (one fresh database per role) and FUZZ_DIR; nothing else
from the environment can point the server, or the database it drops, somewhere else.
"""

import os
from datetime import timedelta
from pathlib import Path

from portal.settings.test import *  # noqa: F403
from portal.settings.test import SIMPLE_JWT
from tests import served

DATABASES = served.database(os.environ["FUZZ_DATABASE_URL"])

# Every gunicorn worker must see the same files (test.py makes a new folder per process).
FUZZ_DIR = Path(os.environ["FUZZ_DIR"])
MEDIA_ROOT = FUZZ_DIR / "media"
PRIVATE_MEDIA_ROOT = FUZZ_DIR / "private"
STORAGES = served.storages(FUZZ_DIR, "django.contrib.staticfiles.storage.StaticFilesStorage")
# The runner signs each role in once; its token must outlive the longest run.
SIMPLE_JWT = {**SIMPLE_JWT, "ACCESS_TOKEN_LIFETIME": timedelta(hours=6)}
# Stripe's webhook checks signatures as deployed (the fuzzer cannot sign, so every delivery
# is refused with 400); without a secret it would answer 503 to everything.
STRIPE_WEBHOOK_SECRET = "whsec_fuzz_" + os.environ["FUZZ_SECRET_KEY"]
# YooKassa's and PayPal's notification endpoints check as deployed too (a sender outside
# YooKassa's ranges, a PayPal event without its signature headers: 400); their APIs point at a
# closed local port, so a checkout that reaches them is refused without leaving the machine.
YOOKASSA_SHOP_ID = "100500"
YOOKASSA_SECRET_KEY = "test_fuzz"
YOOKASSA_API_BASE = "http://127.0.0.1:9/v3"
PAYPAL_CLIENT_ID = "fuzz"
PAYPAL_CLIENT_SECRET = "fuzz"
PAYPAL_WEBHOOK_ID = "WH-FUZZ"
PAYPAL_API_BASE = "http://127.0.0.1:9"
# The secret key is shared by every worker process (test.py makes a new one per import).
SECRET_KEY = os.environ["FUZZ_SECRET_KEY"]
