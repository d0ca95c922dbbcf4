"""Messages over JSON (the socket's protocol is in README.md, "Messages over WebSocket").

    GET/POST   /api/conversations/                      yours (newest first) · open one
    GET        /api/conversations/unread/               unread counts (the header's badge)
    GET/PATCH  /api/conversations/{id}/                 one conversation · mute it
    GET/POST   /api/conversations/{id}/messages/        a page (?before= / ?after= cursors) · send
    POST       /api/conversations/{id}/read/            mark read (up to a message)
    POST       /api/conversations/{id}/assign/ · close/ support team: assign, close
    PATCH/DELETE /api/messages/{id}/                    edit or delete your own (15 minutes)
    GET        /api/messages/{id}/attachment/           the file (participants only)
    POST       /api/messages/{id}/report/               tell the moderators
    GET/POST   /api/messaging/blocks/ · DELETE …/{user}/ block and unblock people

Rules are the services' (messaging.services); refusals answer through api.exceptions. Someone
else's conversation or message is 404.
"""

from django.urls import path

from .views import (
    AssignView,
    AttachmentView,
    BlockDetailView,
    BlockListView,
    CloseView,
    ConversationDetailView,
    ConversationListView,
    MessageDetailView,
    MessageListView,
    ReadView,
    ReportView,
    UnreadView,
)

urlpatterns = [
    path("conversations/", ConversationListView.as_view(), name="conversation-list"),
    path("conversations/unread/", UnreadView.as_view(), name="conversation-unread"),
    path("conversations/<id:pk>/", ConversationDetailView.as_view(), name="conversation-detail"),
    path(
        "conversations/<id:pk>/messages/", MessageListView.as_view(), name="conversation-messages"
    ),
    path("conversations/<id:pk>/read/", ReadView.as_view(), name="conversation-read"),
    path("conversations/<id:pk>/assign/", AssignView.as_view(), name="conversation-assign"),
    path("conversations/<id:pk>/close/", CloseView.as_view(), name="conversation-close"),
    path("messages/<id:pk>/", MessageDetailView.as_view(), name="message-detail"),
    path("messages/<id:pk>/attachment/", AttachmentView.as_view(), name="message-attachment"),
    path("messages/<id:pk>/report/", ReportView.as_view(), name="message-report"),
    path("messaging/blocks/", BlockListView.as_view(), name="block-list"),
    path("messaging/blocks/<uuid:user_id>/", BlockDetailView.as_view(), name="block-detail"),
]
