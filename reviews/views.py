"""The review forms on the site: write, edit and delete one's review, the teacher's reply,
a reader's report. Each GET shows its form (or a confirmation); each POST calls a service and
goes back to the reviewed page with a message. The services decide who may do what: their
refusals become the error page (core.middleware); content errors show on the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale, Page

from core.errors import Conflict, Invalid, NotAllowed
from courses.models import CoursePage, TutorPage

from . import permissions, services
from .forms import ReplyForm, ReportForm, ReviewForm
from .models import Review, ReviewReply

GET_POST = require_http_methods(["GET", "POST"])


def _reviewed_page(page_id: int) -> CoursePage | TutorPage:
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if not isinstance(page, CoursePage | TutorPage):
        raise Http404
    return page


def _target(page: CoursePage | TutorPage):
    return page.user if isinstance(page, TutorPage) else page


def _review(review_id: int) -> Review:
    return get_object_or_404(
        Review.objects.select_related("author", "course", "tutor"), pk=review_id
    )


def page_of(review: Review) -> Page | None:
    """The reviewed page in the visitor's language when there is one: the course's translation
    (or the page it was written on), or the tutor's page."""
    locale = Locale.objects.filter(language_code=get_language()).first()
    if review.course_id:
        course = review.course
        translation = course.get_translation_or_none(locale) if locale else None
        return translation if translation is not None and translation.live else course
    pages = TutorPage.objects.live().filter(user_id=review.tutor_id)
    return (pages.filter(locale=locale).first() if locale else None) or pages.first()


def _back(page: Page | None) -> HttpResponse:
    return HttpResponseRedirect(f"{page.url}#reviews" if page is not None else "/")


def _show_errors(form, error: ValidationError | Invalid | Conflict) -> None:
    field = getattr(error, "field", None)
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return
    form.add_error(field if field in form.fields else None, error.messages)


def _published_message(item, published: str, waiting: str) -> str:
    return published if item.is_published else waiting


@login_required
@GET_POST
def write(request: HttpRequest, page_id: int) -> HttpResponse:
    page = _reviewed_page(page_id)
    target = _target(page)
    eligibility = permissions.eligibility(request.user, target)
    if eligibility.existing is not None:
        # One review per person: theirs is edited, not written again.
        return HttpResponseRedirect(reverse("reviews:edit", args=[eligibility.existing.pk]))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.write(
                request.user,
                target,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                language=page.locale.language_code,
            )
        except (ValidationError, Invalid, Conflict) as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _published_message(
                    review,
                    _("Thank you! Your review is published."),
                    _("Thank you! Your review will appear once a moderator approves it."),
                ),
            )
            return _back(page)
    return render(
        request,
        "reviews/form.html",
        {
            "form": form,
            "page": page,
            "subject": page,
            "title": _("Write a review"),
            "eligibility": eligibility,
            "submit": _("Send the review"),
            "testid": "review-form",
        },
        status=200 if eligibility.allowed else 403,
    )


@login_required
@GET_POST
def edit(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id)
    if not permissions.can_edit(request.user, review):
        raise NotAllowed(_("Only the author may edit a review."))
    page = page_of(review)
    form = ReviewForm.for_review(review, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.edit(
                request.user,
                review,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
            )
        except (ValidationError, Invalid, Conflict) as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _published_message(
                    review,
                    _("Your review is updated."),
                    _("Your review is updated; it will appear again once a moderator approves it."),
                ),
            )
            return _back(page)
    return render(
        request,
        "reviews/form.html",
        {
            "form": form,
            "page": page,
            "subject": page,
            "review": review,
            "title": _("Edit my review"),
            "note": _("An edited review goes through moderation again."),
            "submit": _("Save the review"),
            "testid": "review-form",
        },
    )


@login_required
@GET_POST
def delete(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id)
    if not permissions.can_delete(request.user, review):
        raise NotAllowed(_("You cannot delete this review."))
    page = page_of(review)
    if request.method == "POST":
        services.delete(request.user, review)
        messages.success(
            request,
            _("Your review is deleted.")
            if review.author_id == request.user.pk
            else _("The review is deleted."),
        )
        return _back(page)
    return render(request, "reviews/confirm_delete.html", {"review": review, "page": page})


@login_required
@GET_POST
def reply(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id)
    if not permissions.can_reply(request.user, review):
        raise NotAllowed(_("Only the teacher reviewed may reply to a review."))
    page = page_of(review)
    existing = ReviewReply.objects.filter(review=review).first()
    form = ReplyForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.reply(request.user, review, text=form.cleaned_data["text"])
        except (ValidationError, Invalid, Conflict) as error:
            _show_errors(form, error)
        else:
            messages.success(
                request,
                _published_message(
                    answer,
                    _("Your reply is published."),
                    _("Your reply will appear once a moderator approves it."),
                ),
            )
            return _back(page)
    return render(
        request,
        "reviews/form.html",
        {
            "form": form,
            "page": page,
            "subject": page,
            "review": review,
            "reply": existing,
            "title": _("Edit the reply") if existing else _("Reply to the review"),
            "submit": _("Send the reply"),
            "testid": "reply-form",
        },
    )


@login_required
@require_POST
def delete_reply(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id)
    answer = get_object_or_404(ReviewReply, review=review)
    services.delete_reply(request.user, answer)
    messages.success(request, _("Your reply is deleted."))
    return _back(page_of(review))


@login_required
@GET_POST
def report(request: HttpRequest, review_id: int) -> HttpResponse:
    review = _review(review_id)
    if not permissions.can_report(request.user, review):
        raise NotAllowed(_("You cannot report this review."))
    page = page_of(review)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report(request.user, review, reason=form.cleaned_data["reason"])
        except (ValidationError, Invalid, Conflict) as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Thank you: a moderator will look at this review."))
            return _back(page)
    return render(
        request,
        "reviews/form.html",
        {
            "form": form,
            "page": page,
            "subject": page,
            "review": review,
            "title": _("Report a review"),
            "submit": _("Send the report"),
            "testid": "report-form",
        },
    )
