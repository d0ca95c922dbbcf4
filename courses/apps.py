from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "courses"
    verbose_name = _("Courses and tutors")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.models import User
        from home import featured, page_cache

        from . import card_cache, signals
        from .featured import course_catalog, featured_categories, featured_courses, featured_tutors
        from .models import Category, CoursePage

        # Cached pages that show a course beside its own section: its teacher's tutor page.
        page_cache.register_related(signals.pages_showing)
        # Category names and counts show on cached catalog pages.
        post_save.connect(page_cache.purge, sender=Category, dispatch_uid="page-cache-category")
        post_delete.connect(page_cache.purge, sender=Category, dispatch_uid="page-cache-category-x")
        # The API's cached course list (courses.card_cache): a course saved or deleted without
        # a publish signal, a teacher's name, a teacher deleted (their courses keep none).
        post_save.connect(card_cache.changed, sender=CoursePage, dispatch_uid="cards-course")
        post_delete.connect(card_cache.changed, sender=CoursePage, dispatch_uid="cards-course-x")
        post_save.connect(card_cache.user_saved, sender=User, dispatch_uid="cards-teacher")
        post_delete.connect(card_cache.changed, sender=User, dispatch_uid="cards-teacher-x")
        # The home page's featured sections; home sits below courses, so courses fills them in.
        featured.register("featured_courses", featured_courses)
        featured.register("featured_tutors", featured_tutors)
        featured.register("featured_categories", featured_categories)
        featured.register("course_catalog", course_catalog)
