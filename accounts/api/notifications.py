"""The signed-in person's notices over JSON.

    GET  /api/users/notifications/               own notices, newest first (paginated;
                                                 ?unread=true for the unread ones only)
    GET  /api/users/notifications/unread-count/  {"unread": n}: the badge
    POST /api/users/notifications/{id}/read/     mark one read; answers the notice
    POST /api/users/notifications/read-all/      mark all read; {"marked": n}

Only the person's own notices are ever listed or changed (``services.notifications_for``,
``services.read_notification``); another person's id is a 404.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_is_read(self, notice: Notification) -> bool:
        return notice.read_at is not None


class NotificationFilterSerializer(serializers.Serializer):
    """The list's query string."""

    unread = serializers.BooleanField(required=False, help_text="only the unread notices")


UnreadCount = inline_serializer("NotificationUnreadCount", {"unread": serializers.IntegerField()})
Marked = inline_serializer("NotificationsMarked", {"marked": serializers.IntegerField()})


class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_converter = "id"  # core.ids: digits within the database's range

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return services.notifications_for(self.request.user)

    @extend_schema(parameters=[NotificationFilterSerializer])
    def list(self, request, *args, **kwargs):
        params = NotificationFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        notices = self.get_queryset()
        if params.validated_data.get("unread"):
            notices = notices.filter(read_at__isnull=True)
        page = self.paginate_queryset(notices)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=UnreadCount)
    @action(detail=False, url_path="unread-count")
    def unread_count(self, request):
        return Response({"unread": services.unread_notifications(request.user)})

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, **kwargs):
        notice = services.read_notification(request.user, kwargs["pk"])
        return Response(NotificationSerializer(notice).data)

    @extend_schema(request=None, responses=Marked)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.mark_notifications_read(request.user)})
