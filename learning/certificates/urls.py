"""Public verification of certificates (under the language prefix: /ru/certificates/…).

The cabinet's pages (the list and the PDF) are routed in cabinet/urls.py as
`cabinet:certificates` and `cabinet:certificate-pdf`.
"""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify-form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
