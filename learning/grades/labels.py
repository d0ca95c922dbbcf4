"""What the grade categories are called on every page that shows them."""

from django.utils.translation import gettext_lazy, pgettext_lazy

from .computation import Category

CATEGORY_NAMES = {
    Category.HOMEWORK: pgettext_lazy("grade category", "Homework"),
    Category.TESTS: gettext_lazy("Tests"),
    Category.CONTROL_POINTS: gettext_lazy("Control points"),
    Category.ATTENDANCE: gettext_lazy("Attendance"),
}
