"""The blog: BlogIndexPage → BlogPostPage, tagged posts with RSS and Atom feeds."""

from typing import Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageManager
from wagtail.search import index

from core.pages import PortalPage, PortalPageQuerySet
from home import media
from home.blocks import BaseStreamBlock
from home.seo import page_url

from .feeds import BlogAtomFeed, BlogRssFeed

PAGE_SIZE = 12
RELATED_POSTS = 3
# Renditions the listings ask for (templates/includes/media/blog_cover.html, the API);
# prefetching exactly these keeps covers to one query.
CARD_RENDITION = media.CARD
API_RENDITION = "fill-800x450"


class BlogPostQuerySet(PortalPageQuerySet):
    def visible(self, locale: Locale) -> "BlogPostQuerySet":
        """Posts a visitor may read: live, not behind a view restriction, in this language."""
        return self.live().public().filter(locale=locale)

    def newest_first(self) -> "BlogPostQuerySet":
        return self.order_by("-date", "-first_published_at", "-pk")

    def for_listing(self, *renditions: str) -> "BlogPostQuerySet":
        """What a post card needs in a fixed number of queries, however many posts.

        The queryset is of the concrete model, so no specific() is needed; bodies are left out;
        author and cover come in the same query, tags and the covers' renditions in one each.
        """
        rendition_model = get_image_model().get_rendition_model()
        return (
            self.defer_streamfields()
            .select_related("author", "cover", "locale")
            .prefetch_related(
                "tags",
                Prefetch(
                    "cover__renditions",
                    queryset=rendition_model.objects.filter(
                        filter_spec__in=renditions or CARD_RENDITION
                    ),
                ),
            )
        )


BlogPostManager = PageManager.from_queryset(BlogPostQuerySet)


class BlogIndexPage(RoutablePageMixin, PortalPage):
    """The blog's front page: its posts newest first, a tag filter and the feeds."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPostPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")

    def posts(self) -> BlogPostQuerySet:
        """This blog's readable posts in its own language, newest first."""
        return BlogPostPage.objects.child_of(self).visible(self.locale).newest_first()

    def topics(self, posts: BlogPostQuerySet | None = None) -> models.QuerySet[Tag]:
        """Tags used by at least one readable post here, for the topic links."""
        posts = self.posts() if posts is None else posts
        return (
            Tag.objects.filter(blog_blogposttag_items__content_object__in=posts.order_by())
            .distinct()
            .order_by("name")
        )

    def feed_url(self, request: HttpRequest | None, name: str) -> str:
        # Absolute where the page is under a site; a preview outside any site gets a path.
        base = page_url(self, request) or self.get_url(request) or ""
        return base + self.reverse_subpage(name)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        posts = all_posts = self.posts()
        tag_slug = request.GET.get("tag", "").strip()
        active_tag = None
        if tag_slug:
            active_tag = Tag.objects.filter(slug=tag_slug).first()
            # An unknown tag matches nothing rather than everything.
            posts = posts.filter(tags__slug=tag_slug)
        page: PaginatorPage = Paginator(posts.for_listing(), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "posts": page,
                "tag_slug": tag_slug,
                "active_tag": active_tag,
                "topics": self.topics(all_posts),
                "query_string": query.urlencode(),
                "rss_url": self.feed_url(request, "rss-feed"),
                "atom_url": self.feed_url(request, "atom-feed"),
            }
        )
        return context

    @path("feed/rss/", name="rss-feed")
    def rss_feed(self, request: HttpRequest) -> HttpResponse:
        return BlogRssFeed(self)(request)

    @path("feed/atom/", name="atom-feed")
    def atom_feed(self, request: HttpRequest) -> HttpResponse:
        return BlogAtomFeed(self)(request)


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPostPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BlogPostPage(PortalPage):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="blog_posts",
        help_text=_("Leave empty to credit the page's owner."),
    )
    date = models.DateField(_("post date"), default=timezone.localdate)
    intro = models.TextField(
        _("introduction"),
        max_length=400,
        help_text=_("One or two sentences for the blog list, the feeds and search results."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    cover = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=BlogPostTag, blank=True, verbose_name=_("tags"))

    objects = BlogPostManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("cover"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("author")]),
                FieldPanel("tags"),
            ],
            heading=_("Post details"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def save(self, *args, **kwargs):
        if self.author_id is None and self.owner_id is not None:
            self.author_id = self.owner_id
        return super().save(*args, **kwargs)

    @property
    def og_image(self):
        """The image link previews show (home.seo.og_image)."""
        return self.cover

    @property
    def author_name(self) -> str:
        return self.author.get_full_name() if self.author_id else ""

    def related_posts(
        self, tags: list[Tag] | None = None, limit: int = RELATED_POSTS
    ) -> list["BlogPostPage"]:
        """Readable posts of the same blog sharing the most tags with this one, then newest."""
        tag_ids = [tag.pk for tag in (self.tags.all() if tags is None else tags)]
        if not tag_ids:
            return []
        return list(
            BlogPostPage.objects.sibling_of(self, inclusive=False)
            .visible(self.locale)
            .filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-date", "-pk")
            .for_listing()[:limit]
        )

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        tags = sorted(self.tags.all(), key=lambda tag: tag.name)
        context["blog_index"] = self.get_parent()
        context["post_tags"] = tags
        context["related_posts"] = self.related_posts(tags)
        return context
