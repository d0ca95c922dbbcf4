"""Admin registrations of the video pipeline; the screens live in admin_views.py."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_captions import caption_viewset
from .admin_views import INDEX_URL_NAME, admin_urls, can_see_processing


class ProcessingMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_see_processing(request.user)


@hooks.register("register_admin_urls")
def video_processing_urls():
    return admin_urls()


@hooks.register("register_reports_menu_item")
def register_video_processing():
    return ProcessingMenuItem(
        _("Video processing"), reverse_lazy(INDEX_URL_NAME), icon_name="media", order=60
    )


@hooks.register("insert_editor_js")
def chunked_video_upload_in_the_chooser():
    """The page editor's video chooser uploads in resumable parts (video_upload_chooser.js)."""
    return render_to_string("videos/includes/chooser_uploader.html") + format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("js/video_upload.js"),
        static("js/video_upload_chooser.js"),
    )


@hooks.register("register_admin_viewset")
def register_captions():
    return caption_viewset
