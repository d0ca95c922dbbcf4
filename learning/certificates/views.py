"""The learner's certificates in the cabinet, their PDFs, and the public verification page."""

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import pdf, services
from .models import Certificate, normalize_code
from .permissions import can_view

PER_PAGE = 20


def pdf_response(certificate: Certificate, *, download: bool = False) -> HttpResponse:
    response = HttpResponse(pdf.render(certificate), content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{certificate.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_certificates(request: HttpRequest) -> HttpResponse:
    certificates = services.cabinet_certificates(request.user)
    page = Paginator(certificates, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "certificates/my_certificates.html", {"certificates": page, "page_obj": page}
    )


@login_required
def certificate_pdf(request: HttpRequest, pk) -> HttpResponse:
    """The PDF for the learner, the course's teacher and staff; anyone else gets a 404."""
    certificate = (
        Certificate.objects.select_related("course").filter(pk=pk).first() if _is_uuid(pk) else None
    )
    if certificate is None or not can_view(request.user, certificate):
        raise Http404
    return pdf_response(certificate, download="download" in request.GET)


def _is_uuid(value) -> bool:
    if isinstance(value, uuid.UUID):
        return True
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@never_cache
def verify_form(request: HttpRequest) -> HttpResponse:
    """A box to type a code into; the answer is the code's own verification page."""
    typed = request.GET.get("code")
    if typed is not None:
        code = normalize_code(typed)
        if code:
            return redirect("certificates:verify", code=code)
    return render(
        request,
        "certificates/verify.html",
        {"form_only": True, "typed": typed or "", "empty": typed is not None},
    )


@never_cache  # a revocation shows at once, whatever the anonymous page cache holds
def verify(request: HttpRequest, code: str) -> HttpResponse:
    canonical = normalize_code(code)
    if canonical and canonical != code:
        return redirect("certificates:verify", code=canonical)
    certificate = services.find_by_code(canonical)
    context = {
        "code": canonical,
        "certificate": certificate,
        "can_view": certificate is not None and can_view(request.user, certificate),
    }
    return render(request, "certificates/verify.html", context, status=200 if certificate else 404)
