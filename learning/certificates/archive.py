"""The issued certificate's PDF kept as a record in the private storage (S3 in production).

The cabinet and the verification page still draw the PDF on request (`pdf.py`: in the
reader's language, saying "revoked" once it is). This copy is the certificate as it was
issued: drawn once, by the worker that issues it, in the course's language, and never changed;
a re-issue is a new certificate with a copy of its own. Nothing serves it to the public.
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import translation

from . import pdf
from .models import Certificate


def archive_name(certificate: Certificate) -> str:
    return f"certificates/{certificate.code}.pdf"


def archive(certificate: Certificate) -> str:
    """Store the certificate's PDF once; returns its name in the private storage.

    Idempotent: a retried or redelivered task finds the copy and leaves it.
    """
    storage = storages["private"]
    name = archive_name(certificate)
    if storage.exists(name):
        return name
    course = certificate.course
    language = course.locale.language_code if course is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        content = pdf.render(certificate)
    # The code is unique, so the name is free unless another worker stored the same copy.
    return storage.save(name, ContentFile(content))
