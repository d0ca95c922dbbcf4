"""The messages API's JSON shapes: answers (documentation; payloads.py builds them) and input."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from courses.api import PersonSerializer

from ..models import Conversation

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
