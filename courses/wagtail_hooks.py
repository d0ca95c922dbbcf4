"""Admin registrations of the courses app; the views and viewsets live in admin_views.py."""

from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from . import admin_views, views

register_snippet(admin_views.CategoryViewSet)
hooks.register("before_create_page", admin_views.tutors_add_only_under_their_own_pages)
hooks.register("register_user_listing_buttons", admin_views.make_tutor_buttons)
# Documents of closed lessons only for those who may open the lesson (courses.permissions).
hooks.register("before_serve_document", views.check_document_access)


@hooks.register("register_admin_urls")
def admin_urls():
    return [path("tutors/make/<id:user_id>/", admin_views.make_tutor, name="courses-make-tutor")]
