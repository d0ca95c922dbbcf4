"""Celery application. Settings come from Django's, under the CELERY_ namespace.

Without CELERY_BROKER_URL the settings make every task run eagerly in the caller's
process (the embedded default); with one, a worker (`celery -A portal worker`) runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
