"""Comments over JSON: on a homework ("assignment"), a lesson and a submission.

    /api/courses/{course_id}/lessons/{lesson_id}/assignments/{assignment_id}/comments/[{id}/]
    /api/lessons/{lesson_id}/comments/[{id}/]
    /api/homework/submissions/{submission_id}/comments/[{id}/]

GET lists the top-level comments (newest first, paginated) with their replies nested; POST
{"text", "parent"?} writes one (a reply to a reply joins the top-level comment); PATCH
{"text"} edits one's own; DELETE removes one's own (staff: any; a top-level comment takes its
replies). Unknown or mismatched ids are 404, people outside the discussion get 403 (the
services refuse with ``NotAllowed``; api.exceptions answers). api/urls.py includes
``urlpatterns`` under /api/.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from courses.api import PersonSerializer
from courses.models import CoursePage, LessonPage
from learning.homework.models import Homework, Submission

from . import permissions, services
from .models import Comment
from .targets import Target, comments_on


class CommentReplySerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    edited = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = [
            "id",
            "author",
            "text",
            "parent",
            "created_at",
            "updated_at",
            "edited",
            "can_edit",
            "can_delete",
        ]
        read_only_fields = fields

    def get_edited(self, comment) -> bool:
        return services.is_edited(comment)

    def get_can_edit(self, comment) -> bool:
        return permissions.may_edit(self.context["request"].user, comment)

    def get_can_delete(self, comment) -> bool:
        return permissions.may_delete(self.context["request"].user, comment)


class CommentSerializer(CommentReplySerializer):
    """A comment with its replies (always empty for a reply: threads are one level deep)."""

    replies = serializers.SerializerMethodField()

    class Meta(CommentReplySerializer.Meta):
        fields = [*CommentReplySerializer.Meta.fields, "replies"]
        read_only_fields = fields

    @extend_schema_field(CommentReplySerializer(many=True))
    def get_replies(self, comment):
        if comment.parent_id is not None:
            return []
        return CommentReplySerializer(comment.replies.all(), many=True, context=self.context).data


class CommentCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_LENGTH)
    parent = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text=_("The comment this one answers (a reply to a reply joins its thread)."),
    )


class CommentEditSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=services.MAX_LENGTH)


class BaseCommentViewSet(viewsets.GenericViewSet):
    """The actions; each subclass finds its target from the URL (404 when there is none)."""

    permission_classes = [IsAuthenticated]
    serializer_class = CommentSerializer
    queryset = Comment.objects.none()  # comments come from the target; this names the type

    def get_target(self) -> Target:
        raise NotImplementedError

    def target(self) -> Target:
        if not hasattr(self, "_target"):
            self._target = self.get_target()
        return self._target

    def _comment(self) -> Comment:
        return get_object_or_404(
            comments_on(self.target()).select_related("author"),
            pk=self.kwargs["comment_id"],
        )

    def _out(self, comment: Comment) -> dict:
        return CommentSerializer(comment, context=self.get_serializer_context()).data

    @extend_schema(responses=CommentSerializer(many=True))
    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(services.thread(request.user, self.target()))
        data = CommentSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    @extend_schema(request=CommentCreateSerializer, responses={201: CommentSerializer})
    def create(self, request, *args, **kwargs):
        target = self.target()
        # Outsiders learn nothing from validation errors: the permission comes first.
        permissions.require_write(request.user, target)
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        parent = None
        if parent_id := serializer.validated_data.get("parent"):
            parent = Comment.objects.filter(pk=parent_id).first()
            if parent is None:
                raise exceptions.ValidationError({"parent": [str(_("There is no such comment."))]})
        comment = services.add_comment(
            request.user, target, serializer.validated_data["text"], parent=parent
        )
        return Response(self._out(comment), status=status.HTTP_201_CREATED)

    @extend_schema(responses=CommentSerializer)
    def retrieve(self, request, *args, **kwargs):
        permissions.require_read(request.user, self.target())
        return Response(self._out(self._comment()))

    @extend_schema(request=CommentEditSerializer, responses=CommentSerializer)
    def partial_update(self, request, *args, **kwargs):
        comment = self._comment()
        # Only the author may edit: others get 403 before their body is looked at.
        permissions.require_edit(request.user, comment)
        serializer = CommentEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = services.edit_comment(request.user, comment, serializer.validated_data["text"])
        return Response(self._out(comment))

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.delete_comment(request.user, self._comment())
        return Response(status=status.HTTP_204_NO_CONTENT)


class LessonCommentViewSet(BaseCommentViewSet):
    """Comments on a lesson: its course's enrolled learners, its teacher and staff."""

    def get_target(self) -> LessonPage:
        lesson = get_object_or_404(LessonPage, pk=self.kwargs["lesson_id"])
        if not lesson.live and not permissions.can_see_unpublished(
            self.request.user, lesson.course
        ):
            raise exceptions.NotFound()
        return lesson


class AssignmentCommentViewSet(BaseCommentViewSet):
    """Comments on a homework of a lesson of a course: whoever may open the homework."""

    def get_target(self) -> Homework:
        user = self.request.user
        course = get_object_or_404(CoursePage, pk=self.kwargs["course_id"])
        if not course.live and not permissions.can_see_unpublished(user, course):
            raise exceptions.NotFound()
        lesson = get_object_or_404(LessonPage.objects.child_of(course), pk=self.kwargs["lesson_id"])
        if not lesson.live and not permissions.can_see_unpublished(user, course):
            raise exceptions.NotFound()
        return get_object_or_404(
            Homework.objects.select_related("course"),
            pk=self.kwargs["assignment_id"],
            lesson=lesson,
        )


class SubmissionCommentViewSet(BaseCommentViewSet):
    """Comments on a submission: its student, the homework's teachers and staff."""

    def get_target(self) -> Submission:
        return get_object_or_404(
            Submission.objects.select_related("homework__course", "student"),
            pk=self.kwargs["submission_id"],
        )


LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
ASSIGNMENT = "courses/<id:course_id>/lessons/<id:lesson_id>/assignments/<id:assignment_id>"

urlpatterns = [
    path(
        f"{ASSIGNMENT}/comments/",
        AssignmentCommentViewSet.as_view(LIST),
        name="assignment-comment-list",
    ),
    path(
        f"{ASSIGNMENT}/comments/<id:comment_id>/",
        AssignmentCommentViewSet.as_view(DETAIL),
        name="assignment-comment-detail",
    ),
    path(
        "lessons/<id:lesson_id>/comments/",
        LessonCommentViewSet.as_view(LIST),
        name="lesson-comment-list",
    ),
    path(
        "lessons/<id:lesson_id>/comments/<id:comment_id>/",
        LessonCommentViewSet.as_view(DETAIL),
        name="lesson-comment-detail",
    ),
    path(
        "homework/submissions/<id:submission_id>/comments/",
        SubmissionCommentViewSet.as_view(LIST),
        name="submission-comment-list",
    ),
    path(
        "homework/submissions/<id:submission_id>/comments/<id:comment_id>/",
        SubmissionCommentViewSet.as_view(DETAIL),
        name="submission-comment-detail",
    ),
]
