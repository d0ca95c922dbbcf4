"""How a result reads: pending points say so, percentages without trailing zeros."""

import re
from decimal import Decimal

import pytest

from accounts.models import Notification
from learning.homework import services

pytestmark = pytest.mark.django_db


def visible(html: str, testid: str) -> list[str]:
    """The text of each element with this data-testid, tags dropped, spaces squeezed."""
    blocks = re.findall(rf'data-testid="{testid}">(.*?)</(?:p|dd)>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]


def page(client, person, submission) -> str:
    client.force_login(person)
    response = client.get(f"/ru/homework/submissions/{submission.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_points_awaiting_review_read_as_such_not_as_a_score(client, learner, handed_in):
    html = page(client, learner, handed_in)
    assert visible(html, "points") == ["Баллы: 1 / 1", "Баллы: ждёт проверки (из 2)"]
    assert visible(html, "grade") == ["ждёт проверки"]


def test_percentages_have_no_trailing_zeros_and_use_the_decimal_comma(
    client, learner, teacher, handed_in, essay, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.grade(handed_in, teacher, {essay[3].pk: (2, "")}, "")
    assert visible(page(client, learner, handed_in), "grade") == ["100%"]
    assert "Оценка: 100%" in Notification.objects.get(user=learner).body

    with django_capture_on_commit_callbacks(execute=True):
        services.grade(handed_in, teacher, {essay[3].pk: (Decimal("1.5"), "")}, "")
    assert visible(page(client, learner, handed_in), "grade") == ["83,33%"]
    assert "Оценка: 83,33%" in Notification.objects.latest("pk").body
