"""The feedback form's side effects: who gets the e-mail, what it says, and the rate limit.

`FormPage` (home/models.py) calls these; the e-mail itself goes out through the Celery task
`accounts.tasks.send_email`, enqueued after the submission's transaction commits.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from accounts.tasks import send_email
from core.client_ip import client_ip

from .site_settings import SiteSettings

if TYPE_CHECKING:
    from django import forms
    from wagtail.contrib.forms.models import AbstractEmailForm  # home.models.FormPage is one

# At most this many stored submissions per client address per window, across all form pages.
FEEDBACK_RATE_LIMIT = 5
FEEDBACK_RATE_WINDOW = 10 * 60  # seconds


def allow_feedback_submission(request: HttpRequest) -> bool:
    """Count one submission from the request's address; False once it is over the limit.

    A fixed window in Django's cache (Redis in production, so every web process shares the
    count): the first submission starts a counter that expires after FEEDBACK_RATE_WINDOW;
    `incr` is atomic and keeps that expiry. The client address is found the way the sign-in
    lockout finds it (``core.client_ip``, honouring TRUSTED_PROXY_COUNT behind a proxy).
    """
    key = f"home:feedback-rate:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, timeout=FEEDBACK_RATE_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add() and incr()
        cache.set(key, 1, timeout=FEEDBACK_RATE_WINDOW)
        count = 1
    return count <= FEEDBACK_RATE_LIMIT


def feedback_recipients(page: AbstractEmailForm) -> list[str]:
    """The page's own addresses (comma-separated) or else the site's contact e-mail."""
    addresses = [address.strip() for address in page.to_address.split(",") if address.strip()]
    if addresses:
        return addresses
    site = page.get_site()
    contact = SiteSettings.for_site(site).contact_email if site else ""
    return [contact] if contact else []


def readable_value(value: Any) -> str:
    """A cleaned form value as a person would write it, in the active language."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def render_feedback_body(page: AbstractEmailForm, form: forms.Form) -> str:
    """Every field's label and value, one per line (multi-line answers below their label)."""
    lines = [gettext("A new message from the form “%(title)s”.") % {"title": page.title}, ""]
    for field in form:
        if field.name not in form.cleaned_data:  # the honeypot, already dropped
            continue
        value = readable_value(form.cleaned_data[field.name])
        if "\n" in value:
            lines += [f"{field.label}:", value.strip(), ""]
        else:
            lines.append(f"{field.label}: {value}")
    url = page.full_url
    if url:
        lines += ["", gettext("Form page: %(url)s") % {"url": url}]
    return "\n".join(lines).strip() + "\n"


def send_feedback_email(page: AbstractEmailForm, form: forms.Form) -> bool:
    """Enqueue the submission's e-mail after commit; False when there is nobody to send it to.

    Subject and body are rendered here, in the page's language, so the worker needs no
    request or locale of its own.
    """
    recipients = feedback_recipients(page)
    if not recipients:
        return False
    with translation.override(page.locale.language_code):
        subject = page.subject or gettext("Message from the form “%(title)s”") % {
            "title": page.title
        }
        body = render_feedback_body(page, form)
    send_email.delay_on_commit(
        subject=subject,
        body=body,
        to=recipients,
        from_email=page.from_address or None,
    )
    return True
