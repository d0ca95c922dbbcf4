"""`make run` loads demo content once; running it again adds nothing twice."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from taggit.models import Tag
from wagtail.models import Page, Revision, Site, WorkflowPage

from accounts.models import Notification, StudentProfile, TeacherProfile, User
from accounts.permissions import runs_the_site
from accounts.services import teachers
from blog.models import BlogIndexPage, BlogPostPage
from comments.models import Comment, CommentLike
from community.models import Follow, PostLike, PostStats
from courses.models import Category, CourseMedia
from home.models import HomePage, StandardPage
from learning.enrollment.models import Enrollment, LessonProgress
from learning.homework.models import Homework, Question
from learning.homework.services import validate_homework
from learning.schedule.models import Group as StudyGroup
from learning.schedule.models import LiveLesson, Membership, RecurringLesson
from learning.zoompool.models import ZoomAccount
from reviews.models import Review, ReviewReply
from videos.models import Transcode

# One xdist worker takes the whole package, so the demo is built once (conftest.py).
pytestmark = pytest.mark.xdist_group("demo")


def counts() -> dict[str, int]:
    models = {
        "pages": Page,
        "revisions": Revision,
        "users": User,
        "emails": EmailAddress,
        "teacher_profiles": TeacherProfile,
        "student_profiles": StudentProfile,
        "sites": Site,
        "categories": Category,
        "groups": Group,
        "workflow pages": WorkflowPage,
        "blog indexes": BlogIndexPage,
        "posts": BlogPostPage,
        "tags": Tag,
        "homework": Homework,
        "questions": Question,
        "study groups": StudyGroup,
        "memberships": Membership,
        "rules": RecurringLesson,
        "live lessons": LiveLesson,
        "zoom accounts": ZoomAccount,
        "enrollments": Enrollment,
        "lesson progress": LessonProgress,
        "reviews": Review,
        "replies": ReviewReply,
        "notifications": Notification,
        "videos": CourseMedia,
        "transcodes": Transcode,
        "follows": Follow,
        "post likes": PostLike,
        "post figures": PostStats,
        "comments": Comment,
        "comment likes": CommentLike,
    }
    return {name: model.objects.count() for name, model in models.items()}


def test_loads_people_pages_and_translations(demo, client):
    password = demo.people["password"]
    assert password == "ustat-demo-2026"
    # The admin, editor and moderator run the site: listed neither as teachers nor as students.
    # Three students, and nine learners who review what they studied (reviews.yaml).
    assert User.objects.filter(role=User.Role.STUDENT).exclude(runs_the_site()).count() == 12
    assert {user.email for user in teachers()} == {f"tutor{n}@ustat.test" for n in range(1, 5)}
    assert not User.objects.filter(role=User.Role.TEACHER, email__endswith="ustat.test").exclude(
        email__startswith="tutor"
    )
    assert User.objects.filter(email__startswith="tutor").count() == 4
    assert Group.objects.get(name="Editors").user_set.filter(email="editor@ustat.test").exists()
    assert (
        Group.objects.get(name="Moderators").user_set.filter(email="moderator@ustat.test").exists()
    )
    for user in User.objects.all():
        assert user.check_password(password)
        assert user.email in demo.output
    assert password in demo.output

    home_ru = HomePage.objects.get(locale__language_code="ru")
    assert (
        HomePage.objects.get(locale__language_code="en").translation_key == home_ru.translation_key
    )
    assert Site.objects.get(is_default_site=True).root_page_id == home_ru.pk
    assert StandardPage.objects.count() == 2  # "about", in both languages
    assert client.get("/ru/").status_code == 200
    assert client.get("/en/").status_code == 200

    demo_test = Homework.objects.get(course__slug="python-basics")  # (grades.yaml: English)
    assert demo_test.course.slug == "python-basics" and demo_test.questions.count() == 3
    assert validate_homework(demo_test) == []


def test_lists_every_demo_account_in_order(demo):
    lines = demo.output.splitlines()
    assert lines[0] == "Demo content is in place. Demo accounts:"
    labels = [line.split()[0] for line in lines[1:]]
    assert labels == ["admin", "editor", "moderator"] + ["tutor"] * 4 + ["student"] * 12


def transcodes() -> list[tuple]:
    fields = ("media_id", "status", "attempts", "prefix", "source_name", "finished_at")
    return list(Transcode.objects.order_by("pk").values_list(*fields))


def figures() -> list[tuple]:
    return list(PostStats.objects.order_by("pk").values_list("pk", "like_count", "comment_count"))


def test_running_twice_adds_nothing(demo, settings, django_capture_on_commit_callbacks):
    settings.DEBUG = True
    first, jobs, stats = counts(), transcodes(), figures()
    assert jobs and all(job[1] == Transcode.Status.READY for job in jobs)
    # What a second run would leave for after its commit runs too: no video is transcoded again.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=StringIO())
    assert counts() == first
    assert transcodes() == jobs and figures() == stats


def test_refuses_to_publish_known_passwords_with_debug_off(db, settings):
    settings.DEBUG = False
    users = User.objects.count()
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo_data", stdout=StringIO())
    assert User.objects.count() == users
