"""Admin registrations for homework: the builder's viewset and its permission policy
(both in admin_views.py)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import HomeworkPermissionPolicy, HomeworkViewSet
from .models import Homework

homework_permission_policy = HomeworkPermissionPolicy(Homework)
register_permission_policy(Homework, homework_permission_policy)


@hooks.register("register_admin_viewset")
def register_homework_builder():
    # Not "homework": that URL namespace belongs to the site's homework pages.
    return HomeworkViewSet("homework_admin", url_prefix="homework")
