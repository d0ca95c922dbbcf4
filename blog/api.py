"""Blog posts over JSON, read-only and public: GET /api/blog/posts/ and /api/blog/posts/{id}/."""

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import permissions, serializers, viewsets
from rest_framework.routers import SimpleRouter
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from core.ranking import ranked_ids
from core.serializers import LocaleField, SlugField
from home.seo import page_url

from .models import API_RENDITION, BlogPostPage, BlogPostQuerySet

MAX_SEARCH = 200


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


class TagSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)


class BlogPostSerializer(serializers.ModelSerializer):
    """A post as the blog list shows it."""

    url = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    tags = serializers.SerializerMethodField()
    cover = serializers.SerializerMethodField()
    locale = LocaleField()

    class Meta:
        model = BlogPostPage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "date",
            "intro",
            "author",
            "tags",
            "cover",
            "locale",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_url(self, post: BlogPostPage) -> str | None:
        return page_url(post, self.context.get("request"))

    @extend_schema_field({"type": "string", "nullable": True})
    def get_author(self, post: BlogPostPage) -> str | None:
        # The name only: an author's e-mail is not public.
        return post.author_name or None

    @extend_schema_field(TagSerializer(many=True))
    def get_tags(self, post: BlogPostPage) -> list[dict]:
        tags = sorted(post.tags.all(), key=lambda tag: tag.name)  # prefetched by for_listing()
        return TagSerializer(tags, many=True).data

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_cover(self, post: BlogPostPage) -> str | None:
        if post.cover is None:
            return None
        url = post.cover.get_rendition(API_RENDITION).url
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class BlogPostDetailSerializer(BlogPostSerializer):
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()

    class Meta(BlogPostSerializer.Meta):
        fields = [*BlogPostSerializer.Meta.fields, "body", "body_html"]

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_body(self, post: BlogPostPage) -> list[dict]:
        """The StreamField as stored: [{"type", "value", "id"}, …] (raw_data is a view)."""
        return list(post.body.raw_data)

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, post: BlogPostPage) -> str:
        return str(post.body)


class BlogPostFilterSerializer(serializers.Serializer):
    """The list's query string; a bad value is a 400 naming the parameter."""

    tag = SlugField(required=False, allow_blank=True, help_text="tag slug")
    locale = serializers.ChoiceField(
        choices=[code for code, _ in settings.LANGUAGES],
        required=False,
        allow_blank=True,
        help_text="which language's posts (default: the site's default language)",
    )
    search = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_SEARCH, help_text="words to look for"
    )


class BlogPostViewSet(viewsets.ReadOnlyModelViewSet):
    """Published, public blog posts: a list per language (newest first) and each post by id."""

    permission_classes = [permissions.AllowAny]
    serializer_class = BlogPostSerializer
    lookup_value_converter = "id"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return BlogPostDetailSerializer
        return BlogPostSerializer

    def get_queryset(self) -> QuerySet[BlogPostPage]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no request
            return BlogPostPage.objects.none()
        posts: BlogPostQuerySet = BlogPostPage.objects.live().public()
        if self.action == "retrieve":
            # Any language by id; the body is needed here, so no deferring.
            return posts.select_related("author", "cover", "locale").prefetch_related("tags")
        params = BlogPostFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        locale = Locale.objects.filter(language_code=data.get("locale") or default_language())
        # A plain locale filter (not a join) so the search backend can apply it too.
        posts = posts.filter(locale=locale.first())
        query = data.get("search", "").strip()
        if query:
            # The search backend finds the posts (before the tag join, which backends may not
            # filter on); the ORM then applies the tag and keeps the newest-first order.
            found = ranked_ids(posts, query, order_by_relevance=False)
            posts = posts.filter(pk__in=found)
        if data.get("tag"):
            posts = posts.filter(tags__slug=data["tag"])
        return posts.newest_first().for_listing(API_RENDITION)

    @extend_schema(parameters=[BlogPostFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


# Path-style routes, so page ids use the bounded <id:> converter (core/ids.py).
router = SimpleRouter(use_regex_path=False)
router.register("blog/posts", BlogPostViewSet, basename="blog-post")

# Included by api/urls.py under /api/.
urlpatterns = router.urls
