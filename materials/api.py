"""Members' materials over JSON (paths relative to /api/; ``api/urls.py`` includes them).

GET  materials/          published materials in the active language (``?kind=``), paged
POST materials/          write one (the cabinet form's fields): a draft sent to moderators
GET  materials/mine/     the caller's own, with where each stands in moderation
GET  materials/{id}/     a published material (its author also sees their draft)
PUT  materials/{id}/     the author rewrites it (sent to moderators again)
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from wagtail.models import Locale

from core.errors import NotFound
from home.languages import shown_in

from . import services
from .models import MaterialPage


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField(source="get_full_name")


class MaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    kind = serializers.ChoiceField(choices=MaterialPage.Kind.choices)
    title = serializers.CharField()
    summary = serializers.CharField()
    language = serializers.CharField(source="locale.language_code")
    author = AuthorSerializer(source="owner", allow_null=True)
    test_id = serializers.IntegerField(allow_null=True, help_text="the self-check test (homework)")
    published_at = serializers.DateTimeField(source="first_published_at", allow_null=True)
    url = serializers.SerializerMethodField()

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_url(self, page: MaterialPage) -> str | None:
        request = self.context.get("request")
        return page.get_full_url(request) if page.live else None


class MyMaterialSerializer(MaterialSerializer):
    status = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["published", "in_moderation", "changes_requested", "draft"]
        )
    )
    def get_status(self, page: MaterialPage) -> str:
        return services.status_of(page)


class DraftSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MaterialPage.Kind.choices)
    title = serializers.CharField(max_length=255)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    text = serializers.CharField(
        max_length=50_000,
        required=False,
        allow_blank=True,
        default="",
        help_text="plain text; an empty line starts a paragraph",
    )
    video = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**63 - 1,
        help_text="a video: the id of the caller's finished upload (/api/videos/uploads/)",
    )
    questions = serializers.CharField(
        max_length=20_000,
        required=False,
        allow_blank=True,
        default="",
        help_text='a test: "? question", "* right choice", "- wrong choice", "= number"',
    )


def _locale() -> Locale | None:
    return Locale.objects.filter(language_code=get_language()).first()


def _readable(user, page_id: int) -> MaterialPage:
    visible = Q(live=True)
    if user.is_authenticated:
        visible |= Q(owner=user)
    page = (
        MaterialPage.objects.filter(visible, pk=page_id).select_related("owner", "locale").first()
    )
    if page is None:
        raise NotFound
    return page


NOT_FOUND = "No such material of yours, or the video named is no finished upload of yours."
KIND = OpenApiParameter("kind", OpenApiTypes.STR, enum=list(MaterialPage.Kind.values))


class MaterialListView(GenericAPIView):
    serializer_class = MaterialSerializer
    queryset = MaterialPage.objects.none()

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        operation_id="materials_list",
        parameters=[KIND],
        responses=MaterialSerializer(many=True),  # a page of them (the list's pagination)
        tags=["materials"],
    )
    def get(self, request):
        materials = shown_in(
            MaterialPage.objects.live().public(), _locale() or Locale.get_default()
        )
        kind = request.query_params.get("kind")
        if kind is not None:
            if kind not in MaterialPage.Kind.values:
                raise serializers.ValidationError(
                    {"kind": [_("Choose one of: %s.") % ", ".join(MaterialPage.Kind.values)]}
                )
            materials = materials.filter(kind=kind)
        materials = materials.defer_streamfields().select_related("owner", "locale")
        page = self.paginate_queryset(materials.order_by("-first_published_at", "-pk"))
        return self.get_paginated_response(
            MaterialSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="materials_create",
        request=DraftSerializer,
        responses={
            201: MyMaterialSerializer,
            404: OpenApiResponse(description="The video named is no finished upload of yours."),
        },
        tags=["materials"],
        description="A member with a confirmed e-mail address writes a material; it waits for "
        "moderators. A test's questions use the quiz syntax; a video names an upload.",
    )
    def post(self, request):
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        page = services.create_material(
            request.user, services.Draft(**data.validated_data), locale=_locale()
        )
        page.moderation = "in_progress"
        body = MyMaterialSerializer(page, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


class MyMaterialsView(GenericAPIView):
    serializer_class = MyMaterialSerializer
    queryset = MaterialPage.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="materials_mine", responses=MyMaterialSerializer(many=True), tags=["materials"]
    )
    def get(self, request):
        materials = services.my_materials(request.user).select_related("owner", "locale")
        page = self.paginate_queryset(materials)
        return self.get_paginated_response(
            MyMaterialSerializer(page, many=True, context={"request": request}).data
        )


class MaterialDetailView(GenericAPIView):
    serializer_class = MaterialSerializer
    queryset = MaterialPage.objects.none()

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "PUT" else [AllowAny()]

    def get_object(self) -> MaterialPage:  # DRF's OPTIONS asks for it to describe the PUT
        return _readable(self.request.user, self.kwargs["page_id"])

    @extend_schema(operation_id="materials_detail", tags=["materials"])
    def get(self, request, page_id: int):
        page = _readable(request.user, page_id)
        return Response(MaterialSerializer(page, context={"request": request}).data)

    @extend_schema(
        operation_id="materials_update",
        request=DraftSerializer,
        responses={200: MyMaterialSerializer, 404: OpenApiResponse(description=NOT_FOUND)},
        tags=["materials"],
    )
    def put(self, request, page_id: int):
        page = _readable(request.user, page_id)
        data = DraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        page = services.update_material(request.user, page, services.Draft(**data.validated_data))
        page.moderation = "in_progress"
        return Response(MyMaterialSerializer(page, context={"request": request}).data)


urlpatterns = [
    path("materials/", MaterialListView.as_view(), name="materials-list"),
    path("materials/mine/", MyMaterialsView.as_view(), name="materials-mine"),
    path("materials/<id:page_id>/", MaterialDetailView.as_view(), name="materials-detail"),
]
