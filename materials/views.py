"""The cabinet's materials: the author's list, a new material, changing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Locale

from core.errors import DomainError
from videos.app_settings import app_settings as videos_settings

from . import permissions as rules
from . import services
from .forms import MaterialForm
from .models import MaterialPage


def _locale() -> Locale | None:
    return Locale.objects.filter(language_code=get_language()).first()


def _draft(data: dict, kind: str) -> services.Draft:
    return services.Draft(
        kind=kind,
        title=data["title"],
        summary=data["summary"],
        text=data["text"],
        video=data["video"],
        questions=data["questions"],
    )


def _form_page(request: HttpRequest, form: MaterialForm, **extra) -> HttpResponse:
    return render(
        request,
        "materials/material_form.html",
        {
            "form": form,
            "max_upload_bytes": videos_settings.VIDEOS_MAX_UPLOAD_BYTES,
            "extensions": videos_settings.VIDEOS_UPLOAD_EXTENSIONS,
            **extra,
        },
    )


def _save(form: MaterialForm, save) -> bool:
    try:
        save()
    except DomainError as error:
        field = getattr(error, "field", None)
        form.add_error(field if field in form.fields else None, error.message)
        return False
    return True


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    allowed = rules.can_publish_materials(request.user)
    page = None
    if allowed:
        materials = services.my_materials(request.user)
        page = Paginator(materials, 20).get_page(request.GET.get("page"))
        for material in page:
            material.status = services.status_of(material)
    return render(request, "materials/mine.html", {"allowed": allowed, "materials": page})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    if not rules.can_publish_materials(request.user):
        raise PermissionDenied(_("Confirm your e-mail address to publish materials."))
    form = MaterialForm(request.POST or None, initial={"kind": request.GET.get("kind")})
    if request.method == "POST" and form.is_valid():
        draft = _draft(form.cleaned_data, form.cleaned_data["kind"])
        if _save(form, lambda: services.create_material(request.user, draft, locale=_locale())):
            messages.success(
                request, _("Your material was sent to moderators; it appears once they publish it.")
            )
            return redirect("materials-mine")
    return _form_page(request, form)


@login_required
def edit(request: HttpRequest, page_id: int) -> HttpResponse:
    material = MaterialPage.objects.filter(pk=page_id).select_related("test").first()
    if material is None or not rules.can_edit_material(request.user, material):
        raise Http404
    initial = services.draft_of(material).__dict__
    form = MaterialForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        draft = _draft(form.cleaned_data, material.kind)
        if _save(form, lambda: services.update_material(request.user, material, draft)):
            messages.success(request, _("Your changes were sent to moderators."))
            return redirect("materials-mine")
    return _form_page(request, form, material=material)
