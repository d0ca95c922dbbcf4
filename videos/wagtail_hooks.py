"""Registrations only: the page editor's video chooser uploads in resumable parts."""

from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def chunked_video_upload_in_the_chooser():
    return render_to_string("videos/includes/chooser_uploader.html") + format_html(
        '<script src="{}" defer></script><script src="{}" defer></script>',
        static("js/video_upload.js"),
        static("js/video_upload_chooser.js"),
    )
