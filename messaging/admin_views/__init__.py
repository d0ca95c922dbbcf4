"""The support team's screens in the Wagtail admin, under one "Support" menu: the inbox of
support conversations (tabs unassigned / mine / all, open or closed), one conversation
(history, reply, assign, close, reopen) and the queue of reported messages (dismiss the
report, delete the message). Registered in wagtail_hooks.py.

The support team is ``permissions.on_support_team`` (active staff), the rule the services
check; every action calls ``messaging.services``, which checks it again.
"""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.base import ViewSetGroup

from .inbox import InboxViewSet
from .reports import ReportViewSet

__all__ = ["support_viewset"]


class SupportGroup(ViewSetGroup):
    menu_label = gettext_lazy("Support")
    menu_icon = "help"
    menu_order = 330
    items = (InboxViewSet("support_inbox"), ReportViewSet("message_reports"))


support_viewset = SupportGroup()
