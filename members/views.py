"""The member profile page, under the language prefix at /<lang>/members/<id>/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from . import services
from .errors import ProfileNotFound


def profile(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        member = services.profile(
            request.user, member_id, reviews_page=request.GET.get("page") or 1
        )
    except ProfileNotFound as error:
        # One answer for "no such member" and "not shown to you": the account's existence
        # stays private. A visitor may sign in and try again.
        login_url = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
        return render(
            request,
            "members/unavailable.html",
            {"message": error.message, "login_url": login_url},
            status=error.status,
        )
    return render(request, "members/profile.html", {"profile": member})
