"""The moderation queue in the Wagtail admin: Reviews and Replies (a menu group), each a listing
with filters (status, target, rating, date, reported) and the actions approve, reject with a
reason and (reviews) pin to the home page. Registered in wagtail_hooks.py.

Moderators and editors see the queue (``permissions.is_editor``, the rule the services use);
nobody adds or edits a review here. A tutor who moderates never sees the reviews of
themselves or of their courses: the listing leaves them out and the services refuse them.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from .actions import admin_urls
from .replies import ReplyViewSet
from .reviews import ReviewViewSet

__all__ = ["admin_urls", "review_viewset"]


class ModerationGroup(ViewSetGroup):
    menu_label = gettext_lazy("Reviews")
    menu_icon = "openquote"
    menu_order = 320
    items = (ReviewViewSet("reviews"), ReplyViewSet("review_replies"))


review_viewset = ModerationGroup()
