"""The site's URLs with ``/media/`` served straight from MEDIA_ROOT, as the web server in front
of a deployment (or ``DEBUG``'s static helper) serves it: what lands there is public."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urlpatterns]
