"""An index for searching lessons by title on PostgreSQL.

The site search looks lessons up by title alone (`.search(query, fields=["title"])`), which
Wagtail's database backend answers with `to_tsvector(<config>, COALESCE(title, ''))` on
wagtailcore_page rather than from its index table: without this expression index that is a
sequential scan computing the vector of every page, ~60–200 ms on 11,000 pages. The expression
must be the one Django writes, with the search configuration of WAGTAILSEARCH_BACKENDS at
migration time ("russian" by default); after changing SEARCH_CONFIG, migrate this back and
forth. Other databases and backends need nothing here.
"""

from django.conf import settings
from django.db import migrations

INDEX = "courses_page_title_search"


def search_config() -> str | None:
    backend = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    if not backend.get("BACKEND", "").startswith("wagtail.search.backends.database"):
        return None
    return backend.get("SEARCH_CONFIG")


def create_index(apps, schema_editor) -> None:
    config = search_config()
    if schema_editor.connection.vendor != "postgresql" or not config:
        return
    # A literal, not a parameter: DDL takes none under server-side binding.
    literal = schema_editor.quote_value(config)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page "
        f"USING gin (to_tsvector({literal}::regconfig, COALESCE(title, '')))"
    )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_tutor_search_lesson_languages"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
