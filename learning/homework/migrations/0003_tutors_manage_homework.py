"""Tutors build homework in the admin: the Tutors group gets add/change/delete on homework.

The group is made the way courses.services.tutors_group() makes it (get_or_create by name), so
a new installation has it before the first tutor is set up; the admin limits each tutor to the
homework of their own courses (services.manageable_homework).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

TUTORS_GROUP = "Tutors"  # courses.services.TUTORS_GROUP; migrations do not import app code
CODENAMES = ("add_homework", "change_homework", "delete_homework")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make them now.
    create_permissions(global_apps.get_app_config("homework"), verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=TUTORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="homework", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=TUTORS_GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="homework", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("homework", "0002_builder_and_comments"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
