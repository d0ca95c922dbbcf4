"""Views that raise domain errors, to test the two paths that turn them into responses."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from core.errors import Conflict, Invalid, NotAllowed
from portal import urls as site_urls


def refused_page(request):
    raise NotAllowed("Only the group's teacher may do this.")


@api_view(["POST"])
@permission_classes([AllowAny])
def refused_api(request):
    kind = request.data.get("kind")
    if kind == "conflict":
        raise Conflict("The lesson clashes with another.", code="clash")
    if kind == "field":
        raise Invalid("Pick a date in the future.", field="starts_at")
    raise NotAllowed()


# The site's own routes follow: the error page extends base.html, which links to them.
urlpatterns = [
    path("test-refusal/page/", refused_page),
    path("test-refusal/api/", refused_api),
    *site_urls.urlpatterns,
]
