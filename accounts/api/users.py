"""The signed-in person's profile and avatar, and the user lists, over JSON."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, parsers, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.parsers import JSONParser

from .. import permissions as rules
from .. import services
from ..models import User
from .serializers import (
    AdminUserSerializer,
    ProfileSerializer,
    StudentSerializer,
    TeacherSerializer,
    UserSerializer,
)


class IsAdmin(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return rules.is_admin(request.user)


class IsTeacherOrAdmin(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return rules.can_list_people(request.user)


class IsSelfOrAdmin(permissions.BasePermission):
    """The person themselves or an admin (deleting is for admins: the service checks that)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return rules.can_edit_user(request.user, obj)


class ProfileView(APIView):
    parser_classes = [JSONParser]

    def _serializer(self, request, **kwargs):
        services.ensure_profiles(request.user)
        return ProfileSerializer(request.user, context={"request": request}, **kwargs)

    @extend_schema(responses=ProfileSerializer)
    def get(self, request):
        return Response(self._serializer(request).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def put(self, request):
        serializer = self._serializer(request, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self._serializer(request).data)

    patch = put


class AvatarView(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={
            "multipart/form-data": inline_serializer("Avatar", {"avatar": serializers.ImageField()})
        },
        responses=UserSerializer,
    )
    def put(self, request):
        upload = request.FILES.get("avatar")
        if upload is None:
            raise serializers.ValidationError({"avatar": [_("No file was submitted.")]})
        try:
            services.set_avatar(request.user, upload)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"avatar": list(exc.messages)}) from exc
        return Response(UserSerializer(request.user, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def delete(self, request):
        services.remove_avatar(request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """All users (admins); one user (themselves or an admin); teachers and students lists."""

    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    queryset = User.objects.order_by("email")

    def get_permissions(self):
        if self.action == "list":
            return [permissions.IsAuthenticated(), IsAdmin()]
        if self.action == "teachers":
            return [permissions.IsAuthenticated(), IsTeacherOrAdmin()]
        if self.action == "students":
            return [permissions.IsAuthenticated()]  # who sees whom: services.students_for
        return [permissions.IsAuthenticated(), IsSelfOrAdmin()]

    def get_serializer_class(self):
        if self.action == "teachers":
            return TeacherSerializer
        if self.action == "students":
            return StudentSerializer
        if rules.is_admin(self.request.user):
            return AdminUserSerializer
        return UserSerializer

    def perform_update(self, serializer):
        # The serializer limits the fields to the actor's (role and is_active: admins only).
        services.update_user(self.request.user, serializer.instance, serializer.validated_data)

    def perform_destroy(self, instance):
        services.delete_user(self.request.user, instance)

    @extend_schema(responses=TeacherSerializer(many=True))
    @action(detail=False)
    def teachers(self, request):
        qs = services.teachers()
        return self._paginated(qs.select_related("teacher_profile").order_by("last_name", "email"))

    @extend_schema(responses=StudentSerializer(many=True))
    @action(detail=False)
    def students(self, request):
        """Admins: every student; a teacher: their own, contacts as each one allows."""
        return self._paginated(services.students_for(request.user))

    def _paginated(self, queryset):
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
