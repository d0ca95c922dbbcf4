"""A live lesson moved or cancelled: the group's students hear of it once, by e-mail as their
"live lessons" switch says; the teacher who made the change is not told of it."""

import datetime as dt

import pytest

from accounts import services as accounts
from accounts.models import Notification

from ..factories import AdminFactory, StudentFactory
from .conftest import MSK
from .factories import MembershipFactory

pytestmark = pytest.mark.django_db


def told(person, prefix: str):
    return Notification.objects.filter(user=person, key__startswith=prefix)


def test_moving_a_lesson_tells_its_group_once(
    api_client,
    teacher,
    group,
    member,
    outsider,
    one_off,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    muted = StudentFactory(verified=True)
    MembershipFactory(group=group, student=muted)
    accounts.update_settings(muted, {"email_lessons": False})
    api_client.force_authenticate(teacher)
    move = {
        "start": dt.datetime(2030, 9, 5, 18, 0, tzinfo=MSK).isoformat(),
        "end": dt.datetime(2030, 9, 5, 19, 0, tzinfo=MSK).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.patch(f"/api/lessons/live/{one_off.pk}/", move).status_code == 200
        api_client.patch(f"/api/lessons/live/{one_off.pk}/", move)  # sent again: no change
        api_client.patch(f"/api/lessons/live/{one_off.pk}/", {"title": "Новое имя"})
    [notice] = told(member, "lesson-moved:")
    assert notice.kind == "lessons" and "Консультация" in notice.title
    assert "5 сентября, 18:00" in notice.title and "4 сентября, 18:00" in notice.body
    assert notice.url == f"/ru/schedule/lessons/lesson:{one_off.pk}/"
    assert told(muted, "lesson-moved:").count() == 1  # in-app only
    assert not told(outsider, "lesson-moved:").exists()
    assert not told(teacher, "lesson-moved:").exists()  # they moved it
    assert [mail.to for mail in mailoutbox] == [[member.email]]

    # Moved again, elsewhere: that is news again.
    move["start"] = dt.datetime(2030, 9, 6, 18, 0, tzinfo=MSK).isoformat()
    move["end"] = dt.datetime(2030, 9, 6, 19, 0, tzinfo=MSK).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        api_client.patch(f"/api/lessons/live/{one_off.pk}/", move)
    assert told(member, "lesson-moved:").count() == 2


def test_cancelling_a_lesson_tells_its_group_once(
    api_client, teacher, group, member, one_off, mailoutbox, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post(f"/api/lessons/live/{one_off.pk}/cancel/").status_code == 200
        api_client.post(f"/api/lessons/live/{one_off.pk}/cancel/")  # again: already cancelled
        api_client.delete(f"/api/lessons/live/{one_off.pk}/")
    [notice] = told(member, "lesson-cancelled:")
    assert "Консультация" in notice.title and "4 сентября, 18:00" in notice.title
    assert [mail.subject for mail in mailoutbox] == [notice.title]


def test_staff_changing_a_lesson_tells_the_teacher_too(api_client, teacher, member, one_off):
    api_client.force_authenticate(AdminFactory())
    api_client.post(f"/api/lessons/live/{one_off.pk}/cancel/")
    assert told(member, "lesson-cancelled:").count() == 1
    assert told(teacher, "lesson-cancelled:").count() == 1


def test_a_weekly_lessons_date_cancelled_or_moved(
    api_client, teacher, member, rule, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(teacher)
    url = f"/api/schedule/rules/{rule.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"{url}cancel-occurrence/", {"date": "2030-09-09"})
        assert response.status_code == 200
        api_client.post(f"{url}cancel-occurrence/", {"date": "2030-09-09"})  # again
    [cancelled] = told(member, "lesson-cancelled:")
    assert "Механика" in cancelled.title and "9 сентября, 10:00" in cancelled.title

    move = {
        "date": "2030-09-16",
        "start": dt.datetime(2030, 9, 17, 12, 0, tzinfo=MSK).isoformat(),
        "end": dt.datetime(2030, 9, 17, 13, 30, tzinfo=MSK).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post(f"{url}move-occurrence/", move).status_code == 200
        api_client.post(f"{url}move-occurrence/", move)  # again: no change, no news
    [moved] = told(member, "lesson-moved:")
    assert "17 сентября, 12:00" in moved.title and "16 сентября, 10:00" in moved.body
    assert moved.url == f"/ru/schedule/lessons/rule:{rule.pk}:2030-09-16/"


def test_past_lessons_are_not_news(api_client, teacher, group, member):
    from .factories import LiveLessonFactory

    past = LiveLessonFactory(
        group=group,
        title="Вчера",
        start=dt.datetime(2020, 9, 4, 18, 0, tzinfo=MSK),
        end=dt.datetime(2020, 9, 4, 19, 0, tzinfo=MSK),
    )
    api_client.force_authenticate(teacher)
    api_client.post(f"/api/lessons/live/{past.pk}/cancel/")
    assert not told(member, "lesson-").exists()


def test_ending_a_weekly_rule_tells_the_group_once(
    api_client, teacher, member, rule, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.delete(f"/api/schedule/rules/{rule.pk}/").status_code == 204
    [notice] = told(member, "rule-ended:")
    assert "Механика" in notice.title and "2 сентября" in notice.title  # from its first date
    assert not told(teacher, "rule-ended:").exists()


def test_changing_a_weekly_rules_time_tells_the_group_once(
    api_client,
    teacher,
    group,
    member,
    outsider,
    rule,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    muted = StudentFactory(verified=True)
    MembershipFactory(group=group, student=muted)
    accounts.update_settings(muted, {"email_lessons": False})
    api_client.force_authenticate(teacher)
    change = {"from_date": "2030-10-07", "weekday": 2, "start_time": "12:00", "end_time": "13:30"}
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.patch(f"/api/schedule/rules/{rule.pk}/", change)
        assert response.status_code == 200, response.json()
        new_rule = response.json()["id"]
        # The same change sent again to the rule now in force: nothing changes, no news.
        again = api_client.patch(f"/api/schedule/rules/{new_rule}/", change)
        assert again.status_code == 200, again.json()
    [notice] = told(member, "rule-changed:")
    assert notice.kind == "lessons"
    assert notice.title == "Еженедельные занятия «Механика» с 7 октября: Среда, 12:00–13:30"
    assert notice.body.startswith("Раньше: Понедельник, 10:00–11:30. Группа: Физика 9А.")
    assert "Europe/Moscow" in notice.body
    assert notice.url == "/ru/schedule/"
    assert told(muted, "rule-changed:").count() == 1  # in-app only
    assert not told(outsider, "rule-changed:").exists()
    assert not told(teacher, "rule-changed:").exists()  # they changed it
    assert [(mail.to, mail.subject) for mail in mailoutbox] == [([member.email], notice.title)]


def test_a_weekly_rule_changed_but_not_its_time_is_no_news(
    api_client, teacher, member, rule, mailoutbox, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(teacher)
    same_time = {
        "from_date": "2030-10-07",
        "weekday": 0,
        "start_time": "10:00",
        "title": "Кинематика",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.patch(f"/api/schedule/rules/{rule.pk}/", same_time)
        assert response.status_code == 200, response.json()
    assert not told(member, "rule-").exists()
    assert mailoutbox == []


def test_staff_changing_a_weekly_rules_time_tells_the_teacher_too(
    api_client, teacher, member, rule
):
    api_client.force_authenticate(AdminFactory())
    response = api_client.patch(f"/api/schedule/rules/{rule.pk}/", {"start_time": "09:00"})
    assert response.status_code == 200, response.json()
    [notice] = told(member, "rule-changed:")
    assert "с 2 сентября: Понедельник, 09:00–11:30" in notice.title  # in place: its first date
    assert told(teacher, "rule-changed:").count() == 1
