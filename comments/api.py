"""Comments over JSON: on a homework ("assignment"), a lesson, a submission and a video post.

    /api/courses/{course_id}/lessons/{lesson_id}/assignments/{assignment_id}/comments/[{id}/]
    /api/lessons/{lesson_id}/comments/[{id}/]
    /api/homework/submissions/{submission_id}/comments/[{id}/]
    /api/video-posts/{video_id}/comments/[{id}/]
    /api/comments/{id}/like/      POST likes, DELETE unlikes (both idempotent)
    /api/comments/{id}/report/    POST {"reason"}: once per person (409 the second time)
    /api/comments/{id}/hide/      POST hides, DELETE shows again (the post's tutor, moderators)

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
from courses.models import CoursePage, LessonPage, TutorVideoPage
from courses.services import is_staff
from learning.homework.models import Homework, Submission

from . import permissions, services
from .models import Comment, CommentReport
from .targets import Target, target_of


class CommentReplySerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    edited = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()
    liked = serializers.SerializerMethodField()
    hidden = serializers.SerializerMethodField()
    can_hide = serializers.SerializerMethodField()

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
            "like_count",
            "liked",
            "hidden",
            "can_hide",
        ]
        read_only_fields = fields

    def get_liked(self, comment) -> bool:
        """Whether the reader likes it (annotated on lists; one query for a single comment)."""
        liked = getattr(comment, "viewer_liked", None)
        if liked is None:
            liked = comment.pk in services.liked_ids(self.context["request"].user, [comment.pk])
        return bool(liked)

    def get_hidden(self, comment) -> bool:
        """Hidden by the post's tutor or a moderator (only they and the author see it)."""
        return comment.hidden_at is not None

    def get_can_hide(self, comment) -> bool:
        """Whether the reader may hide it (or show it again, when hidden)."""
        target = self.context.get("target")
        user = self.context["request"].user
        if target is None or not services.sees_hidden(user, target):
            return False
        return comment.hidden_at is None or permissions.may_unhide(user, comment, target)

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


class CommentLikeSerializer(serializers.Serializer):
    liked = serializers.BooleanField(read_only=True)
    like_count = serializers.IntegerField(read_only=True)


class CommentReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommentReport
        fields = ["id", "comment", "reason", "created_at"]
        read_only_fields = ["id", "comment", "created_at"]
        extra_kwargs = {"reason": {"max_length": services.MAX_REASON}}


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
        # Hidden comments are 404 for the people they are hidden from.
        return get_object_or_404(
            services.shown_to(self.request.user, self.target()).select_related("author"),
            pk=self.kwargs["comment_id"],
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "target": self.target()}

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


class VideoCommentViewSet(BaseCommentViewSet):
    """Comments on a tutor's video post: everyone signed in while it is live and public; its
    tutor and staff see the comments on a draft too (others get 404 for it)."""

    def get_target(self) -> TutorVideoPage:
        video = get_object_or_404(TutorVideoPage, pk=self.kwargs["video_id"])
        user = self.request.user
        if not video.live and not (permissions.is_tutor(user, video) or is_staff(user)):
            raise exceptions.NotFound()
        return video


class CommentActionViewSet(viewsets.GenericViewSet):
    """Like, report and hide a comment of any thread the reader may read."""

    permission_classes = [IsAuthenticated]
    serializer_class = CommentLikeSerializer
    queryset = Comment.objects.none()

    def _comment(self) -> tuple[Comment, Target]:
        comment = get_object_or_404(
            Comment.objects.select_related(
                "author", "lesson", "homework__course", "submission__homework__course", "video"
            ),
            pk=self.kwargs["comment_id"],
        )
        target = target_of(comment)
        user = self.request.user
        if comment.hidden_at is not None and not (
            comment.author_id == user.pk or services.sees_hidden(user, target)
        ):
            raise exceptions.NotFound()
        return comment, target

    def _like(self, liked: bool) -> Response:
        comment, _target = self._comment()
        liked, count = services.set_like(self.request.user, comment, liked)
        return Response(CommentLikeSerializer({"liked": liked, "like_count": count}).data)

    @extend_schema(request=None, responses=CommentLikeSerializer, operation_id="comments_like")
    def like(self, request, *args, **kwargs):
        return self._like(True)

    @extend_schema(responses={200: CommentLikeSerializer}, operation_id="comments_unlike")
    def unlike(self, request, *args, **kwargs):
        return self._like(False)

    @extend_schema(
        request=CommentReportSerializer,
        responses={201: CommentReportSerializer},
        operation_id="comments_report",
    )
    def report(self, request, *args, **kwargs):
        comment, _target = self._comment()
        # Outsiders and authors learn nothing from validation errors: the permission comes first.
        permissions.require_report(request.user, comment)
        serializer = CommentReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = services.report(request.user, comment, reason=serializer.validated_data["reason"])
        return Response(CommentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _hide(self, hidden: bool) -> Response:
        comment, target = self._comment()
        comment = services.set_hidden(self.request.user, comment, hidden)
        context = {**self.get_serializer_context(), "target": target}
        return Response(CommentSerializer(comment, context=context).data)

    @extend_schema(request=None, responses=CommentSerializer, operation_id="comments_hide")
    def hide(self, request, *args, **kwargs):
        return self._hide(True)

    @extend_schema(responses={200: CommentSerializer}, operation_id="comments_unhide")
    def unhide(self, request, *args, **kwargs):
        return self._hide(False)


LIST = {"get": "list", "post": "create"}
DETAIL = {"get": "retrieve", "patch": "partial_update", "delete": "destroy"}
VIDEO = "video-posts/<id:video_id>/comments"
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
    path(f"{VIDEO}/", VideoCommentViewSet.as_view(LIST), name="video-comment-list"),
    path(
        f"{VIDEO}/<id:comment_id>/",
        VideoCommentViewSet.as_view(DETAIL),
        name="video-comment-detail",
    ),
    path(
        "comments/<id:comment_id>/like/",
        CommentActionViewSet.as_view({"post": "like", "delete": "unlike"}),
        name="comment-like",
    ),
    path(
        "comments/<id:comment_id>/report/",
        CommentActionViewSet.as_view({"post": "report"}),
        name="comment-report",
    ),
    path(
        "comments/<id:comment_id>/hide/",
        CommentActionViewSet.as_view({"post": "hide", "delete": "unhide"}),
        name="comment-hide",
    ),
]
