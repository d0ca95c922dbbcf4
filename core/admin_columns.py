"""Columns the apps' Wagtail listings share."""

from wagtail.admin.ui.tables import BooleanColumn


class YesNoColumn(BooleanColumn):
    """A tick or a cross titled "Yes" / "No" in the admin's language (Wagtail's own column
    titles its icons with Python's "True" / "False")."""

    cell_template_name = "core/admin/yes_no_cell.html"
