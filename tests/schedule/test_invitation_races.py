"""Two "Accept" clicks (two tabs, two devices) at the same instant, and many joins by code at
once: one membership and one enrollment each (PostgreSQL row locks, one connection per
thread)."""

from collections import Counter

import pytest
from rest_framework.test import APIClient

from learning.enrollment.models import Enrollment
from learning.schedule import services
from learning.schedule.models import Group, Invitation, Membership

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory, TeacherFactory
from ..races import at_once
from .factories import GroupFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def post(user, url, data=None) -> int:
    api = APIClient()
    api.force_authenticate(user)
    return api.post(url, data or {}, format="json").status_code


@pytest.fixture
def course_group(catalog):
    teacher = TeacherFactory(verified=True)
    course = CoursePageFactory(parent=catalog, teacher=teacher)
    return GroupFactory(teacher=teacher, course=course)


def test_a_double_accept_makes_one_membership(postgres, course_group):
    learner = StudentFactory(verified=True)
    invitation = services.invite(course_group.teacher, course_group, learner.email)
    url = f"/api/group-invitations/{invitation.pk}/accept/"

    statuses = at_once([lambda: post(learner, url) for _ in range(6)])

    assert statuses == [200] * 6, statuses
    assert Membership.objects.filter(group=course_group, student=learner).count() == 1
    assert Enrollment.objects.filter(user=learner).count() == 1
    assert Invitation.objects.get(pk=invitation.pk).status == "accepted"


def test_accept_racing_a_revoke_ends_one_way(postgres, course_group):
    learner = StudentFactory(verified=True)
    invitation = services.invite(course_group.teacher, course_group, learner.email)
    base = f"/api/group-invitations/{invitation.pk}"

    accepted, revoked = at_once(
        [
            lambda: post(learner, f"{base}/accept/"),
            lambda: post(course_group.teacher, f"{base}/revoke/"),
        ]
    )

    status = Invitation.objects.get(pk=invitation.pk).status
    member = Membership.objects.filter(group=course_group, student=learner).exists()
    # Whichever came first won; the other was told no (409).
    assert (status, member, accepted, revoked) in {
        ("accepted", True, 200, 409),
        ("revoked", False, 409, 200),
    }


def test_many_joins_by_code_at_once(postgres, course_group):
    code = services.rotate_join_code(course_group.teacher, course_group).join_code
    learners = [StudentFactory() for _ in range(5)]
    jobs = [
        lambda person=person: post(person, "/api/groups/join/", {"code": code})
        for person in learners
        for _twice in range(2)
    ]

    statuses = at_once(jobs)

    assert Counter(statuses) == {200: 10}, statuses
    assert Group.objects.get(pk=course_group.pk).memberships.count() == 5
    assert Enrollment.objects.filter(user__in=learners).count() == 5
