"""The messages API's views: parse, call messaging.services, answer."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
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

from .. import payloads, services
from ..models import Conversation, Participant
from .answers import MESSAGE_EXAMPLE, one_conversation
from .serializers import (
    AssignSerializer,
    BlockSerializer,
    ConversationSerializer,
    EditSerializer,
    MessagePageSerializer,
    MessageSerializer,
    ReadSerializer,
    ReportSerializer,
    SendSerializer,
    StartSerializer,
    UnreadSerializer,
)

User = get_user_model()


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
        data = [payloads.conversation(seat.conversation, request.user, seat) for seat in page]
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
            one_conversation(request.user, conversation.pk),
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
        return Response(one_conversation(request.user, pk))

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
        return Response(one_conversation(request.user, pk))


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
        return Response(one_conversation(request.user, pk))


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
        return Response(one_conversation(request.user, pk))
