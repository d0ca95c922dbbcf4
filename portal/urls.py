from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from accounts import views as accounts_views
from core import routing
from home.sitemap import TranslatedSitemap
from home.views import robots_txt, switch_language
from search import views as search_views

# An address under /api/ that names nothing answers in the API's error shape.
handler404 = "api.exceptions.not_found"

urlpatterns = [
    # /healthz, /readyz (probes) and /metrics (Prometheus).
    path("", include("ops.urls")),
    # The admin signs in through the site's sign-in; no access → a page saying so.
    path("admin/login/", accounts_views.admin_sign_in, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("media-library/", include("courses.urls")),
    path("videos/player/", include("videos.player_urls")),
    path("videos/", include("videos.urls")),
    path("api/", include("api.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/switch/", switch_language, name="switch-language"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}),
    path("robots.txt", robots_txt, name="robots-txt"),
    # Role-first sign-in replaces allauth's own login and sign-up screens.
    path("accounts/login/", accounts_views.start, name="account_login"),
    path("accounts/signup/", accounts_views.start, name="account_signup"),
    path("accounts/", include("accounts.urls")),
    path("learn/", include("learning.enrollment.urls")),
    path("payments/", include("learning.payments.urls")),
    path("calendar/", include("learning.schedule.feed_urls")),
    path("accounts/", include("allauth.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("search/", search_views.search, name="search"),
    path("cabinet/videos/", include("videos.upload_urls")),
    path("cabinet/materials/", include("materials.urls")),
    path("cabinet/", include("cabinet.urls")),
    path("certificates/", include("learning.certificates.urls")),
    path("homework/", include("learning.homework.urls")),
    path("homework/", include("comments.urls")),
    path("schedule/", include("learning.schedule.urls")),
    path("bookings/", include("learning.bookings.urls")),
    path("dashboard/", include("learning.analytics.urls")),
    path("grades/", include("learning.grades.urls")),
    path("requests/", include("tutoring.urls")),
    path("reviews/", include("reviews.urls")),
    path("members/", include("members.urls")),
    path("feed/", include("community.urls")),
    # Wagtail's page serving catches everything else: keep it last. Pages are routed by
    # core.routing (two queries), then served by Wagtail's own view.
    re_path(serve_pattern, routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
)
