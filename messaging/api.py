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

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.files import stream_file
from core.parsers import JSONParser
from courses.api import PersonSerializer
from learning.schedule.models import Group

from . import payloads, services
from .models import Conversation, Participant

User = get_user_model()

# --- What the answers look like (documentation; payloads.py builds them) ---------------------


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField()
    kind = serializers.ChoiceField(["pdf", "png", "jpg", "gif", "webp", "docx", "zip", "txt"])
    size = serializers.IntegerField()
    url = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation = serializers.IntegerField()
    author = PersonSerializer(allow_null=True)
    text = serializers.CharField(help_text=_("Plain text; empty once deleted."))
    html = serializers.CharField(help_text=_("The text escaped, links clickable, <br> lines."))
    attachment = AttachmentSerializer(allow_null=True)
    from_staff = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    deleted_at = serializers.DateTimeField(allow_null=True)


class ReadMarkSerializer(serializers.Serializer):
    user = PersonSerializer()
    last_read_message_id = serializers.IntegerField()


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(Conversation.Kind.choices)
    title = serializers.CharField()
    people = PersonSerializer(many=True, help_text=_("The other participants."))
    group = GroupRefSerializer(allow_null=True)
    status = serializers.ChoiceField(Conversation.Status.choices)
    assigned_to = PersonSerializer(allow_null=True)
    waiting_since = serializers.DateTimeField(allow_null=True)
    last_message = MessageSerializer(allow_null=True)
    last_message_at = serializers.DateTimeField(allow_null=True)
    unread = serializers.IntegerField()
    muted = serializers.BooleanField()
    last_read_message_id = serializers.IntegerField()
    read_marks = ReadMarkSerializer(many=True, help_text=_("How far the others have read."))


class MessagePageSerializer(serializers.Serializer):
    results = MessageSerializer(many=True)
    has_more = serializers.BooleanField(
        help_text=_("More messages lie beyond this page in the direction asked for.")
    )


class UnreadSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    conversations = serializers.DictField(child=serializers.IntegerField())


# --- Input ----------------------------------------------------------------------------------


class StartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(Conversation.Kind.choices)
    user = serializers.UUIDField(
        required=False, help_text=_("direct: the person to write to (their public id).")
    )
    group = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text=_("group: the group's id.")
    )

    def validate(self, attrs):
        if attrs["kind"] == Conversation.Kind.DIRECT and not attrs.get("user"):
            raise ValidationError({"user": [_("Name the person to write to.")]})
        if attrs["kind"] == Conversation.Kind.GROUP and not attrs.get("group"):
            raise ValidationError({"group": [_("Name the group.")]})
        return attrs


class SendSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    attachment = serializers.FileField(required=False)


class EditSerializer(serializers.Serializer):
    text = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReadSerializer(serializers.Serializer):
    message = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text=_("Read up to this message (default: the latest)."),
    )


class ReportSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class BlockSerializer(serializers.Serializer):
    user = serializers.UUIDField()


class AssignSerializer(serializers.Serializer):
    assignee = serializers.UUIDField(allow_null=True)


# --- Building the answers -------------------------------------------------------------------


def _title(conversation: Conversation, others: list) -> str:
    if conversation.kind == Conversation.Kind.GROUP and conversation.group is not None:
        return conversation.group.name
    if conversation.kind == Conversation.Kind.SUPPORT:
        return str(_("Support"))
    return ", ".join(p["name"] for p in others) or str(_("Conversation"))


def conversation_data(conversation: Conversation, user, seat: Participant | None) -> dict:
    seats = list(conversation.participants.all())
    others = [s for s in seats if s.user_id != user.pk]
    people = [payloads.person(s.user) for s in others]
    if conversation.kind == Conversation.Kind.SUPPORT and conversation.created_by_id != user.pk:
        asker = payloads.person(conversation.created_by)  # the team sees who asked
        people = [asker] if asker else []
    last = conversation.last_message
    return {
        "id": conversation.pk,
        "kind": conversation.kind,
        "title": _title(conversation, people),
        "people": people,
        "group": (
            {"id": conversation.group.pk, "name": conversation.group.name}
            if conversation.group is not None
            else None
        ),
        "status": conversation.status,
        "assigned_to": payloads.person(conversation.assigned_to),
        "waiting_since": conversation.waiting_since,
        "last_message": payloads.message(last) if last is not None else None,
        "last_message_at": conversation.last_message_at,
        "unread": getattr(seat, "unread", 0) if seat else 0,
        "muted": seat.muted if seat else False,
        "last_read_message_id": seat.last_read_message_id if seat else 0,
        "read_marks": [
            {"user": payloads.person(s.user), "last_read_message_id": s.last_read_message_id}
            for s in others
        ],
    }


def _one(user, conversation_id: int) -> dict:
    conversation = services.get_conversation(user, conversation_id)
    seat = (
        services.conversations_for(user).filter(conversation=conversation).first()
    )  # None for the support team
    if seat is not None:
        return conversation_data(seat.conversation, user, seat)
    return conversation_data(conversation, user, None)


MESSAGE_EXAMPLE = OpenApiExample(
    "A message",
    value={
        "id": 812,
        "conversation": 41,
        "author": {"id": "6c1f0e7a-1b1e-4a8e-9a59-3f2f9a0d2b11", "name": "Анна Петрова"},
        "text": "Добрый день! Материалы: https://example.com/notes",
        "html": 'Добрый день! Материалы: <a href="https://example.com/notes" '
        'rel="nofollow">https://example.com/notes</a>',
        "attachment": None,
        "from_staff": False,
        "created_at": "2026-12-03T10:15:00+03:00",
        "edited_at": None,
        "deleted_at": None,
    },
    response_only=True,
)


# --- Views ----------------------------------------------------------------------------------


class ConversationListView(generics.GenericAPIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]
    serializer_class = ConversationSerializer
    queryset = Participant.objects.none()

    @extend_schema(
        summary="Your conversations, the most recent first",
        responses=ConversationSerializer(many=True),
    )
    def get(self, request):
        page = self.paginate_queryset(services.conversations_for(request.user))
        data = [conversation_data(seat.conversation, request.user, seat) for seat in page]
        return self.get_paginated_response(data)

    @extend_schema(
        summary="Open a conversation (or get the one there is)",
        request=StartSerializer,
        responses={200: ConversationSerializer, 201: ConversationSerializer},
        examples=[
            OpenApiExample(
                "Write to a tutor",
                value={"kind": "direct", "user": "6c1f0e7a-1b1e-4a8e-9a59-3f2f9a0d2b11"},
                request_only=True,
            ),
            OpenApiExample("Your group", value={"kind": "group", "group": 7}, request_only=True),
            OpenApiExample("Support", value={"kind": "support"}, request_only=True),
        ],
    )
    def post(self, request):
        serializer = StartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["kind"] == Conversation.Kind.DIRECT:
            other = User.objects.filter(public_id=data["user"], is_active=True).first()
            if other is None:
                raise ValidationError({"user": [_("There is no such person.")]})
            conversation, created = services.start_direct(request.user, other)
        elif data["kind"] == Conversation.Kind.GROUP:
            group = Group.objects.select_related("teacher").filter(pk=data["group"]).first()
            if group is None:
                raise ValidationError({"group": [_("There is no such group.")]})
            conversation, created = services.start_group(request.user, group)
        else:
            conversation, created = services.start_support(request.user)
        return Response(
            _one(request.user, conversation.pk),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class UnreadView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Unread messages: in total and per conversation",
        responses=UnreadSerializer,
        examples=[
            OpenApiExample("Three unread", value={"total": 3, "conversations": {"41": 2, "57": 1}})
        ],
    )
    def get(self, request):
        counts = services.unread_counts([request.user.pk])[request.user.pk]
        return Response(
            {
                "total": sum(counts.values()),
                "conversations": {str(k): v for k, v in counts.items() if v},
            }
        )


class MuteSerializer(serializers.Serializer):
    muted = serializers.BooleanField(help_text=_("No digest e-mail for this conversation."))


class ConversationDetailView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(summary="One conversation", responses=ConversationSerializer)
    def get(self, request, pk: int):
        return Response(_one(request.user, pk))

    @extend_schema(
        summary="Mute or unmute a conversation",
        request=MuteSerializer,
        responses=ConversationSerializer,
    )
    def patch(self, request, pk: int):
        conversation = services.get_conversation(request.user, pk)
        serializer = MuteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.set_muted(request.user, conversation, serializer.validated_data["muted"])
        return Response(_one(request.user, pk))


class MessageListView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        summary="A page of messages (cursor by id)",
        parameters=[
            OpenApiParameter(
                "before",
                int,
                description=_("Older than this message, newest first (scrolling back)."),
            ),
            OpenApiParameter(
                "after",
                int,
                description=_(
                    "Newer than this message, oldest first (catching up; the polling fallback)."
                ),
            ),
            OpenApiParameter("limit", int, description=_("At most this many (and at most 50).")),
        ],
        responses=MessagePageSerializer,
    )
    def get(self, request, pk: int):
        conversation = services.get_conversation(request.user, pk)
        limit = request.query_params.get("limit")
        limit_value = int(limit) if limit and limit.isascii() and limit.isdigit() else None
        if limit and limit_value is None:
            raise ValidationError({"limit": [_("Give a whole number from 1.")]})
        page, more = services.messages_page(
            request.user,
            conversation,
            before=request.query_params.get("before"),
            after=request.query_params.get("after"),
            limit=limit_value,
        )
        return Response({"results": [payloads.message(m) for m in page], "has_more": more})

    @extend_schema(
        summary="Send a message (JSON text, or multipart with a file)",
        request={"application/json": SendSerializer, "multipart/form-data": SendSerializer},
        responses={
            201: MessageSerializer,
            429: OpenApiResponse(
                description=_("Too many messages in a short time; Retry-After says when to send.")
            ),
        },
        examples=[
            OpenApiExample("Text", value={"text": "Здравствуйте!"}, request_only=True),
            MESSAGE_EXAMPLE,
        ],
    )
    def post(self, request, pk: int):
        conversation = services.get_conversation(request.user, pk)
        serializer = SendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.send_message(
            request.user,
            conversation,
            serializer.validated_data.get("text", ""),
            attachment=serializer.validated_data.get("attachment"),
        )
        return Response(payloads.message(message), status=status.HTTP_201_CREATED)


class ReadView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Mark the conversation read (up to a message)",
        request=ReadSerializer,
        responses=inline_serializer(
            "ReadResult",
            {
                "last_read_message_id": serializers.IntegerField(),
                "unread_total": serializers.IntegerField(),
            },
        ),
    )
    def post(self, request, pk: int):
        conversation = services.get_conversation(request.user, pk)
        serializer = ReadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        mark = services.mark_read(
            request.user, conversation, serializer.validated_data.get("message")
        )
        return Response(
            {"last_read_message_id": mark, "unread_total": services.unread_total(request.user)}
        )


class MessageDetailView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Edit your message (within 15 minutes)",
        request=EditSerializer,
        responses=MessageSerializer,
    )
    def patch(self, request, pk: int):
        message = services.get_message(request.user, pk)
        serializer = EditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        message = services.edit_message(request.user, message, serializer.validated_data["text"])
        return Response(payloads.message(message))

    @extend_schema(summary="Delete your message (within 15 minutes)", responses={204: None})
    def delete(self, request, pk: int):
        services.delete_message(request.user, services.get_message(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AttachmentView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="A message's file (participants only)",
        responses={
            (200, content_type.split(";")[0]): OpenApiTypes.BINARY
            for content_type in sorted(set(services.messages.CONTENT_TYPES.values()))
        },
    )
    def get(self, request, pk: int):
        message, content_type = services.attachment_of(request.user, pk)
        return stream_file(
            request,
            message.attachment.storage,
            message.attachment.name,
            content_type=content_type,
            filename=message.attachment_name,
            as_attachment=message.attachment_kind not in {"png", "jpg", "gif", "webp", "pdf"},
        )


class ReportView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Report a message to the moderators",
        request=ReportSerializer,
        responses={
            201: inline_serializer("MessageReported", {"id": serializers.IntegerField()}),
            200: inline_serializer("MessageReportedBefore", {"id": serializers.IntegerField()}),
        },
    )
    def post(self, request, pk: int):
        message = services.get_message(request.user, pk)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report, created = services.report_message(
            request.user, message, serializer.validated_data.get("reason", "")
        )
        return Response({"id": report.pk}, status=201 if created else 200)


def _person(public_id) -> Any:
    person = User.objects.filter(public_id=public_id).first()
    if person is None:
        raise ValidationError({"user": [_("There is no such person.")]})
    return person


class BlockListView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(summary="People you blocked", responses=PersonSerializer(many=True))
    def get(self, request):
        return Response([payloads.person(b.blocked) for b in services.blocked_by(request.user)])

    @extend_schema(
        summary="Block a person: they can no longer write to you",
        request=BlockSerializer,
        responses={201: PersonSerializer},
    )
    def post(self, request):
        serializer = BlockSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = _person(serializer.validated_data["user"])
        services.block(request.user, person)
        return Response(payloads.person(person), status=status.HTTP_201_CREATED)


class BlockDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Unblock a person", responses={204: None})
    def delete(self, request, user_id):
        services.unblock(request.user, _person(user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AssignView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Support team: assign a support conversation",
        request=AssignSerializer,
        responses=ConversationSerializer,
    )
    def post(self, request, pk: int):
        services.support.require_support_team(request.user)
        conversation = services.get_conversation(request.user, pk)
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignee_id = serializer.validated_data["assignee"]
        assignee = None
        if assignee_id is not None:
            assignee = User.objects.filter(public_id=assignee_id).first()
            if assignee is None:
                raise ValidationError({"assignee": [_("There is no such person.")]})
        services.assign(request.user, conversation, assignee)
        return Response(_one(request.user, pk))


class CloseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Support team: close a support conversation",
        request=None,
        responses=ConversationSerializer,
    )
    def post(self, request, pk: int):
        services.support.require_support_team(request.user)
        services.close(request.user, services.get_conversation(request.user, pk))
        return Response(_one(request.user, pk))


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
