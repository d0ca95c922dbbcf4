"""Public verification of certificates (under the language prefix: /ru/certificates/…).

The cabinet's pages (the list and the PDF) are routed in accounts/cabinet_urls.py as
`cabinet:certificates` and `cabinet:certificate-pdf`; see `cabinet_urlpatterns` below.
"""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]

# For accounts/cabinet_urls.py (namespace "cabinet"): `*certificate_urls.cabinet_urlpatterns`.
cabinet_urlpatterns = [
    path("certificates/", views.my_certificates, name="certificates"),
    path("certificates/<uuid:pk>/pdf/", views.certificate_pdf, name="certificate-pdf"),
]
