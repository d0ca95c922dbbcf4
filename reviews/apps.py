from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from home import page_cache


def purge_page_cache_on_commit(**kwargs) -> None:
    """A reply shown, changed or gone: cached anonymous pages are stale once it commits
    (reviews themselves purge through ``services.recount``)."""
    transaction.on_commit(page_cache.purge)


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from courses import ratings
        from home import featured as home_featured
        from learning.enrollment.services import enrollment_completed
        from learning.schedule.services import attendance_marked

        from . import reading, signals
        from .app_settings import app_settings
        from .featured import featured_reviews
        from .models import Review, ReviewReply

        # Lower apps ask and tell; reviews answers and listens (docs/architecture.md).
        ratings.register(
            prior_weight=lambda: app_settings.REVIEWS_PRIOR_WEIGHT,
            distribution=lambda target: reading.summary(target).distribution,
        )
        enrollment_completed.connect(
            signals.enrollment_completed, dispatch_uid="reviews.invite_on_completion"
        )
        attendance_marked.connect(
            signals.attendance_marked, dispatch_uid="reviews.invite_after_lessons"
        )
        post_delete.connect(signals.review_deleted, sender=Review, dispatch_uid="reviews.gone")
        # A person's own review is part of what is kept about them (core.personal).
        post_save.connect(signals.author_changed, sender=Review, dispatch_uid="reviews.person")
        post_delete.connect(signals.author_changed, sender=Review, dispatch_uid="reviews.person-x")
        # The home page's "What learners say" (home sits below reviews).
        home_featured.register("featured_reviews", featured_reviews)
        post_save.connect(
            purge_page_cache_on_commit, sender=ReviewReply, dispatch_uid="reviews.reply-cache"
        )
        post_delete.connect(
            purge_page_cache_on_commit, sender=ReviewReply, dispatch_uid="reviews.reply-cache-x"
        )
