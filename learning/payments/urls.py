"""Site URLs, outside the language prefix: include at "payments/" in portal/urls.py."""

from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("checkout/<int:course_id>/", views.checkout, name="checkout"),
    path("success/", views.success, name="success"),
    path("cancel/<int:order_id>/", views.cancel, name="cancel"),
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
]
