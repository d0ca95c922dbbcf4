"""Role-first sign-in, the cabinet's profile and settings screens."""

from allauth.account.forms import LoginForm, SignupForm
from allauth.account.utils import complete_signup, get_next_redirect_url
from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.urls import safe_next

from . import permissions as rules
from . import services
from .adapter import remember_role
from .forms import AvatarForm, EnterForm, ProfileForm, SettingsForm
from .models import User


def _roles() -> list[dict]:
    return [
        {
            "value": User.Role.STUDENT,
            "title": _("I am a student"),
            "text": _("Find courses and tutors, study, hand in homework, get certificates."),
        },
        {
            "value": User.Role.TEACHER,
            "title": _("I am a teacher"),
            "text": _("Publish courses and a tutor profile, run groups and live lessons."),
        },
    ]


def _social_providers(request: HttpRequest) -> list:
    return [app.get_provider(request) for app in get_social_adapter().list_apps(request)]


def _next_url(request: HttpRequest) -> str:
    return get_next_redirect_url(request) or ""


def start(request: HttpRequest) -> HttpResponse:
    """Step one of signing in or up: the visitor says who they are."""
    if request.user.is_authenticated:
        return redirect(_next_url(request) or reverse("cabinet:home"))
    return render(request, "accounts/start.html", {"roles": _roles(), "next": _next_url(request)})


def enter(request: HttpRequest, role: str) -> HttpResponse:
    """Step two: one e-mail + password form. A known e-mail signs in; a new one signs up."""
    if role not in User.Role.values:
        raise Http404
    if request.user.is_authenticated:
        return redirect(_next_url(request) or reverse("cabinet:home"))
    next_url = _next_url(request)
    form = EnterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, password = form.cleaned_data["email"], form.cleaned_data["password"]
        if services.email_is_registered(email):
            # allauth's own login: its signals, e-mail checks and session handling.
            login_form = LoginForm(data={"login": email, "password": password}, request=request)
            if login_form.is_valid():
                return login_form.login(request, redirect_url=next_url or None)
            form.take_errors(login_form, {"login": "email", "password": "password"})
        else:
            remember_role(request, role)
            signup_form = SignupForm(data={"email": email, "password1": password, "role": role})
            if signup_form.is_valid():
                user, response = signup_form.try_save(request)
                if response:
                    return response
                return complete_signup(
                    request,
                    user,
                    settings.ACCOUNT_EMAIL_VERIFICATION,
                    next_url or reverse("cabinet:home"),
                )
            form.take_errors(signup_form, {"email": "email", "password1": "password"})
    role_title = next(r["title"] for r in _roles() if r["value"] == role)
    return render(
        request,
        "accounts/enter.html",
        {
            "form": form,
            "role": role,
            "role_title": role_title,
            "next": next_url,
            "social_providers": _social_providers(request),
        },
    )


@require_POST
def social_start(request: HttpRequest, role: str, provider: str) -> HttpResponse:
    """Keep the chosen role in the session, then hand over to allauth's provider login."""
    if role not in User.Role.values:
        raise Http404
    # Only configured providers: each of them has its allauth "<id>_login" URL.
    if provider not in {p.id for p in _social_providers(request)}:
        raise Http404
    match = resolve(reverse(f"{provider}_login"))
    remember_role(request, role)
    return match.func(request, *match.args, **match.kwargs)


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """/admin/login/: the Wagtail admin signs in through the site's sign-in (one door, one lockout).

    Wagtail sends a signed-in person without admin access here too; sending them on to the
    sign-in would send them back to the admin, and round again for ever, so they get a page
    saying they have no access instead.
    """
    if not request.user.is_authenticated:
        query = request.META.get("QUERY_STRING", "")
        return redirect(reverse("account_login") + (f"?{query}" if query else ""))
    if rules.can_use_admin(request.user):
        return redirect(safe_next(request, request.GET.get("next"), reverse("wagtailadmin_home")))
    # Wagtail queued "no permission" as a message: read here (so it is not kept for the next
    # page) and not shown, since this page says it.
    list(messages.get_messages(request))
    return render(
        request,
        "accounts/no_admin_access.html",
        {
            "messages": (),
            "sign_in_again": reverse("account_login") + "?next=" + reverse("wagtailadmin_home"),
        },
        status=403,
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    services.ensure_profiles(user)
    form = ProfileForm(initial=ProfileForm.initial_for(user), user=user)
    avatar_form = AvatarForm()
    if request.method == "POST" and "avatar" in request.FILES:
        avatar_form = AvatarForm(request.POST, request.FILES)
        if avatar_form.is_valid():
            try:
                services.set_avatar(user, avatar_form.cleaned_data["avatar"])
            except ValidationError as error:
                avatar_form.add_error("avatar", error)
            else:
                messages.success(request, _("Your picture has been updated."))
                return redirect("cabinet:profile")
    elif request.method == "POST" and request.POST.get("action") == "remove-avatar":
        services.remove_avatar(user)
        messages.success(request, _("Your picture has been removed."))
        return redirect("cabinet:profile")
    elif request.method == "POST":
        form = ProfileForm(request.POST, user=user)
        if form.is_valid():
            services.update_profile(user, form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("cabinet:profile")
    return render(request, "accounts/profile.html", {"form": form, "avatar_form": avatar_form})


@login_required
def profile_settings(request: HttpRequest) -> HttpResponse:
    settings_obj = services.get_settings(request.user)
    form = SettingsForm(request.POST or None, instance=settings_obj)
    if request.method == "POST" and form.is_valid():
        services.update_settings(request.user, form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("cabinet:settings")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "email_verified": rules.is_email_verified(request.user)},
    )


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session and API token of the person, this browser's too."""
    services.sign_out_everywhere(request.user)
    logout(request)
    messages.success(
        request, _("You have been signed out on every device. Sign in again to continue.")
    )
    return redirect("account_login")


NOTIFICATIONS_PER_PAGE = 20


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's notices, newest first; POST marks them all read."""
    if request.method == "POST":
        services.mark_notifications_read(request.user)
        return redirect("cabinet:notifications")
    notices = request.user.notifications.all()
    page_obj = Paginator(notices, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/notifications.html",
        {"page_obj": page_obj, "unread": services.unread_notifications(request.user)},
    )


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notice read and follow its link (only the person's own notices)."""
    notice = request.user.notifications.filter(pk=notification_id).first()
    if notice is None:
        raise Http404
    services.mark_notifications_read(request.user, [notice.pk])
    return redirect(safe_next(request, notice.url, reverse("cabinet:notifications")))
