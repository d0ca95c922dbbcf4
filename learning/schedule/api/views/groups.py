"""Groups and invitations over JSON: teachers manage their groups; nobody joins without
their own "yes" (an invitation accepted, or a join code)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import User

from ... import services
from ...models import Group, Invitation, Membership
from ..serializers import (
    AnswerSerializer,
    GroupSerializer,
    InvitationSerializer,
    InviteSerializer,
    JoinCodeSerializer,
    JoinSerializer,
    RemoveStudentSerializer,
)


def _user_for_public_id(value) -> User:
    user = User.objects.filter(public_id=value).first()
    if user is None:
        raise exceptions.ValidationError({"id": [_("No such person.")]})
    return user


class GroupViewSet(viewsets.ModelViewSet):
    """Groups the signed-in person teaches or is in (staff: all)."""

    serializer_class = GroupSerializer
    queryset = Group.objects.none()

    def get_queryset(self):
        members = Membership.objects.select_related("student__profile_settings").order_by(
            "student__last_name", "student__first_name", "student__email"
        )
        return services.groups_for(self.request.user).prefetch_related(
            Prefetch("memberships", queryset=members)
        )

    def _fresh(self, group: Group) -> Group:
        return self.get_queryset().get(pk=group.pk)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        group = serializer.save()
        data = self.get_serializer(self._fresh(group)).data
        return Response(data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        group = self.get_object()
        serializer = self.get_serializer(group, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(self.get_serializer(self._fresh(group)).data)

    def perform_destroy(self, instance):
        services.delete_group(self.request.user, instance)

    @extend_schema(
        request=RemoveStudentSerializer,
        responses={200: GroupSerializer},
        summary="Remove a student (by public id)",
        description="People join a group by accepting an invitation or with its code.",
    )
    @action(detail=True, methods=["delete"], url_path="students")
    def students(self, request, pk=None):
        group = self.get_object()
        data = request.data if request.data else request.query_params
        form = RemoveStudentSerializer(data=data)
        form.is_valid(raise_exception=True)
        student = _user_for_public_id(form.validated_data["id"])
        services.remove_student(request.user, group, student)
        return Response(self.get_serializer(self._fresh(group)).data)

    @extend_schema(
        methods=["GET"],
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=Invitation.Status.values,
                description="Only invitations with this status",
            )
        ],
        responses=InvitationSerializer(many=True),
        summary="The group's invitations (its teacher and staff)",
    )
    @extend_schema(
        methods=["POST"],
        request=InviteSerializer,
        responses={201: InvitationSerializer},
        summary="Invite an e-mail address to the group",
        description="Adds nobody: the address gets an e-mail and joins only by accepting. The "
        "answer is the same whether or not the address has an account; a pending invitation "
        "to the address is answered as it is.",
    )
    @action(detail=True, methods=["get", "post"], url_path="invitations")
    def invitations(self, request, pk=None):
        group = self.get_object()
        if request.method == "POST":
            form = InviteSerializer(data=request.data)
            form.is_valid(raise_exception=True)
            invitation = services.invite(request.user, group, form.validated_data["email"])
            return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)
        wanted = request.query_params.get("status") or None
        if wanted is not None and wanted not in Invitation.Status.values:
            raise exceptions.ValidationError({"status": [_("Unknown status.")]})
        invitations = services.group_invitations(request.user, group, wanted).select_related(
            "group__teacher"
        )
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    def _join_code(self, request, code: str | None) -> Response:
        url = None
        if code:
            url = request.build_absolute_uri(reverse("schedule:join", kwargs={"code": code}))
        return Response({"code": code, "url": url})

    @extend_schema(
        methods=["GET"], request=None, responses=JoinCodeSerializer, summary="The join code"
    )
    @extend_schema(
        methods=["POST"],
        request=None,
        responses=JoinCodeSerializer,
        summary="Turn joining by code on with a new code",
        description="The previous code, if any, stops working.",
    )
    @extend_schema(
        methods=["DELETE"],
        request=None,
        responses={200: JoinCodeSerializer},
        summary="Turn joining by code off",
    )
    @action(detail=True, methods=["get", "post", "delete"], url_path="join-code")
    def join_code(self, request, pk=None):
        group = self.get_object()
        if request.method == "POST":
            code = services.rotate_join_code(request.user, group).join_code
        elif request.method == "DELETE":
            code = services.disable_join_code(request.user, group).join_code
        else:
            code = services.join_code(request.user, group)
        return self._join_code(request, code)

    @extend_schema(
        request=JoinSerializer,
        responses={
            200: GroupSerializer,
            404: OpenApiResponse(description="No group has this code"),
        },
        summary="Join a group with its code",
    )
    @action(detail=False, methods=["post"], url_path="join")
    def join(self, request):
        form = JoinSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = services.join_by_code(request.user, form.validated_data["code"])
        return Response(self.get_serializer(self._fresh(membership.group)).data)


class InvitationViewSet(viewsets.ReadOnlyModelViewSet):
    """Invitations to groups. The list: the open ones sent to the signed-in person; one
    invitation: theirs, or one of a group they teach (staff: any)."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.none()

    def get_queryset(self):
        if self.action == "list":
            return services.invitations_for(self.request.user)
        return services.visible_invitations(self.request.user)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: GroupSerializer},
        summary="Accept the invitation (its addressee): join the group",
        description="Accepting again answers the same group. Needs a confirmed address or "
        "the token from the invitation e-mail.",
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        invitation = self.get_object()
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        membership = services.accept_invitation(
            request.user, invitation, form.validated_data.get("token")
        )
        group = services.groups_for(request.user).get(pk=membership.group_id)
        return Response(GroupSerializer(group, context=self.get_serializer_context()).data)

    @extend_schema(
        request=AnswerSerializer,
        responses={200: InvitationSerializer},
        summary="Decline the invitation (its addressee)",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        form = AnswerSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        invitation = services.decline_invitation(
            request.user, self.get_object(), form.validated_data.get("token")
        )
        return Response(self.get_serializer(invitation).data)

    @extend_schema(
        request=None,
        responses={200: InvitationSerializer},
        summary="Revoke a pending invitation (the group's teacher or staff)",
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        invitation = services.revoke_invitation(request.user, self.get_object())
        return Response(self.get_serializer(invitation).data)
