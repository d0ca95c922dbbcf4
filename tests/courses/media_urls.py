"""The site's URLs behind a /media/ route that serves MEDIA_ROOT, as a web server (or
`make run` with DEBUG) would: what it reaches is public."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from portal.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    *site_urlpatterns,
]
