"""The certificate's PDF: what it prints (read back with pypdf), its font, its QR code."""

import io
import re
import shutil

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone, translation
from django.utils.formats import date_format

from learning.certificates import pdf, services

from ..conftest import skip_or_fail
from .conftest import COURSE

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        skip_or_fail("pypdf is not installed (requirements-dev.txt): the PDF's text cannot be read")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def download(client, certificate, language="ru"):
    client.force_login(certificate.user)
    response = client.get(f"/{language}/cabinet/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_pdf_prints_the_cyrillic_name_course_teacher_date_code_and_link(client, certificate):
    text = pdf_text(download(client, certificate))
    assert "Анна Кузнецова" in text
    assert f"«{COURSE}»" in text
    assert "Дмитрий Петров" in text
    with translation.override("ru"):
        issued = date_format(timezone.localtime(certificate.issued_at).date(), "DATE_FORMAT")
    assert issued in text  # "… г." in Russian
    assert certificate.display_code in text
    assert f"http://testserver/ru/certificates/verify/{certificate.code}/" in text


def test_the_pdf_embeds_its_fonts_and_is_a4_landscape(certificate):
    with translation.override("ru"):
        data = pdf.render(certificate)
    assert data.startswith(b"%PDF-")
    # Both faces embedded as subsets (FontFile2 = TrueType), none left to the reader.
    assert sorted(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", data)) == [
        b"DejaVuSans",
        b"DejaVuSans-Bold",
    ]
    assert data.count(b"/FontFile2") == 2
    assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in data


def test_the_qr_code_carries_the_verification_url(certificate, monkeypatch):
    encoded = []
    widget = pdf.QrCodeWidget

    def spy(value, **kwargs):
        encoded.append(value)
        return widget(value, **kwargs)

    monkeypatch.setattr(pdf, "QrCodeWidget", spy)
    with translation.override("ru"):
        pdf.render(certificate)
        assert encoded == [certificate.get_verification_url()]
    assert encoded[0].startswith("http://testserver/ru/certificates/verify/")


def test_a_revoked_certificates_pdf_says_so(client, certificate):
    with translation.override("ru"):
        stamp = translation.gettext("REVOKED")
    assert stamp not in pdf_text(download(client, certificate))
    services.revoke(certificate, certificate.course.teacher, "Ошибка")
    assert stamp in pdf_text(download(client, certificate))


def test_missing_fonts_are_a_clear_configuration_error(settings, monkeypatch, tmp_path):
    installed = pdf.font_dir()
    monkeypatch.setattr(pdf, "FONT_DIRS", ())
    settings.CERTIFICATES_FONT_DIR = str(tmp_path)
    with pytest.raises(ImproperlyConfigured, match="fonts-dejavu-core"):
        pdf.font_dir()
    # The setting is looked at first: a folder holding both files is used.
    for name in pdf.FONT_FILES.values():
        shutil.copy(installed / name, tmp_path / name)
    assert pdf.font_dir() == tmp_path
