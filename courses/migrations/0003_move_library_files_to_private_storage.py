"""Documents and media items move to courses' models, their files out of public media.

Each wagtaildocs.Document / wagtailmedia.Media row becomes a courses.CourseDocument /
courses.CourseMedia row with the same id (lesson content stores chooser ids, so every page
keeps pointing at the same file), and what refers to it by content type follows: tags, the
reference index (which lessons use the file), the admin search index and the history. The
file is copied into private storage; the public copy is deleted once the migration commits.

Running it again moves nothing (no rows are left to move; a file already in private storage
is not copied twice). The reverse moves everything back.
"""

import os
from functools import partial

from django.core.management.color import no_style
from django.db import migrations, transaction

PAIRS = (("wagtaildocs", "Document", "CourseDocument"), ("wagtailmedia", "Media", "CourseMedia"))
# Tables that name an object by (content type, id): they follow the object to its new model.
BY_CONTENT_TYPE = (
    ("taggit", "TaggedItem", "content_type"),
    ("wagtailcore", "ReferenceIndex", "to_content_type"),
    ("wagtailcore", "ModelLogEntry", "content_type"),
)


def _copy_file(name: str, source, target) -> str:
    """The file's name in ``target`` after copying it there from ``source``."""
    if not name or target.exists(name):
        return name
    try:
        with source.open(name, "rb") as handle:
            return target.save(name, handle)
    except FileNotFoundError:  # a row whose file was lost: move the row, keep its name
        return name


def _same_place(name: str, one, other) -> bool:
    """Whether two storages hold ``name`` at the same place (then nothing may be deleted)."""
    try:
        return os.path.realpath(one.path(name)) == os.path.realpath(other.path(name))
    except NotImplementedError:  # S3: the bucket and the prefix say where
        place = ("bucket_name", "location")
        return [getattr(one, a, None) for a in place] == [getattr(other, a, None) for a in place]


def move_rows(apps, schema_editor, source_model, target_model) -> list[int]:
    """Move every row of ``source_model`` to ``target_model``; returns the ids moved."""
    connection = schema_editor.connection
    content_types = apps.get_model("contenttypes", "ContentType").objects.db_manager(
        connection.alias
    )
    source_type, _ = content_types.get_or_create(
        app_label=source_model._meta.app_label, model=source_model._meta.model_name
    )
    target_type, _ = content_types.get_or_create(
        app_label=target_model._meta.app_label, model=target_model._meta.model_name
    )
    source_storage = source_model._meta.get_field("file").storage
    target_storage = target_model._meta.get_field("file").storage
    shared = {field.attname for field in source_model._meta.concrete_fields} & {
        field.attname for field in target_model._meta.concrete_fields
    }
    file_fields = {"file", "thumbnail"} & shared

    moved: list[int] = []
    for row in source_model.objects.using(connection.alias).order_by("pk"):
        values = {name: getattr(row, name) for name in shared - file_fields}
        values.update({name: getattr(row, name).name for name in file_fields})
        values["file"] = _copy_file(row.file.name, source_storage, target_storage)
        target_model.objects.using(connection.alias).create(**values)
        # created_at is auto_now_add: create() stamped it with now.
        target_model.objects.using(connection.alias).filter(pk=row.pk).update(
            created_at=row.created_at
        )
        if (
            row.file.name
            and target_storage.exists(values["file"])
            and not _same_place(row.file.name, source_storage, target_storage)
        ):
            transaction.on_commit(
                partial(source_storage.delete, row.file.name), using=connection.alias
            )
        moved.append(row.pk)
    if not moved:
        return moved

    keys = [str(pk) for pk in moved]
    for app_label, model_name, field in BY_CONTENT_TYPE:
        rows = apps.get_model(app_label, model_name).objects.using(connection.alias)
        object_field = "to_object_id" if field == "to_content_type" else "object_id"
        rows.filter(**{field: source_type, f"{object_field}__in": keys}).update(
            **{field: target_type}
        )
    # The admin's search index holds one entry per object: move it unless the new row has
    # been indexed already (saving through live models does that; a migration does not).
    index = apps.get_model("wagtailsearch", "IndexEntry").objects.using(connection.alias)
    indexed = list(
        index.filter(content_type=target_type, object_id__in=keys).values_list(
            "object_id", flat=True
        )
    )
    stale = index.filter(content_type=source_type, object_id__in=keys)
    stale.exclude(object_id__in=indexed).update(content_type=target_type)
    stale.delete()
    source_model.objects.using(connection.alias).filter(pk__in=moved).delete()
    # Rows came in with their ids: the next upload must not reuse one (PostgreSQL sequences).
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [target_model]):
            cursor.execute(statement)
    return moved


def forward(apps, schema_editor):
    for app_label, stock, ours in PAIRS:
        move_rows(
            apps, schema_editor, apps.get_model(app_label, stock), apps.get_model("courses", ours)
        )


def backward(apps, schema_editor):
    for app_label, stock, ours in PAIRS:
        move_rows(
            apps, schema_editor, apps.get_model("courses", ours), apps.get_model(app_label, stock)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_library_files_in_private_storage"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(forward, backward)]
