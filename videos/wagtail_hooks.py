"""Admin registrations of the videos app; the screens live in their own modules."""

from wagtail import hooks

from .admin_captions import caption_viewset


@hooks.register("register_admin_viewset")
def register_captions():
    return caption_viewset
