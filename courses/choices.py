"""The choice lists of course pages, apart from the models so the catalog's filters can use
them without importing the page models (which build their context from the catalog)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseType(models.TextChoices):
    SELF_PACED = "self_paced", _("Self-paced")
    LIVE_GROUP = "live_group", _("Live group")
    INDIVIDUAL = "individual", _("Individual tutoring")


class CourseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Currency(models.TextChoices):
    RUB = "RUB", "₽ RUB"
    USD = "USD", "$ USD"
    EUR = "EUR", "€ EUR"
