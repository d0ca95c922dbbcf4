"""Site URLs, outside the language prefix: include at "payments/" in portal/urls.py.

Stripe's webhook is mounted once, in the API: /api/payments/stripe/webhook/ (api.py).
"""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("checkout/<id:course_id>/", views.checkout, name="checkout"),
    path("success/", views.success, name="success"),
    path("cancel/<id:order_id>/", views.cancel, name="cancel"),
]
