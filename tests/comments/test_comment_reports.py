"""Reports on comments: once per person, counted once per person in the admin, and the
moderators' listing with hide, restore and keep."""

import pytest
from django.urls import reverse

from comments import services
from comments.admin_views import waiting_count
from comments.errors import AlreadyReported, ReasonRequired
from comments.models import CommentReport
from core.errors import NotAllowed

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_a_person_reports_a_comment_once(video, reader, second_reader):
    comment = services.add_comment(reader, video, "Реклама")
    services.report(second_reader, comment, reason="Спам")
    with pytest.raises(AlreadyReported):
        services.report(second_reader, comment, reason="Снова спам")
    assert CommentReport.objects.filter(comment=comment).count() == 1


def test_the_author_cannot_report_and_a_reason_is_needed(video, reader, second_reader):
    comment = services.add_comment(reader, video, "Моё")
    with pytest.raises(NotAllowed):
        services.report(reader, comment, reason="Сам на себя")
    with pytest.raises(ReasonRequired):
        services.report(second_reader, comment, reason="   ")
    assert not CommentReport.objects.exists()


def test_reports_count_once_per_person_and_comment(video, reader, second_reader):
    comment = services.add_comment(reader, video, "Грубость")
    other = services.add_comment(reader, video, "Ещё грубость")
    for person in [second_reader, *(StudentFactory(verified=True) for _ in range(2))]:
        services.report(person, comment, reason="Грубо")
    services.report(second_reader, other, reason="Грубо")
    assert waiting_count() == 2  # two comments waiting, however many reports each


def test_the_report_form(client, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Форма жалобы")
    client.force_login(second_reader)
    url = reverse("comments:report", args=[comment.pk])
    response = client.post(url, {"reason": "Оскорбление", "next": video.url}, follow=True)
    assert CommentReport.objects.filter(comment=comment, reporter=second_reader).count() == 1
    client.post(url, {"reason": "Ещё раз", "next": video.url})
    assert CommentReport.objects.filter(comment=comment).count() == 1
    assert response.status_code == 200


# ---------------------------------------------------------------------------------------------
# The admin listing


def test_moderators_see_reported_comments(client, video, reader, second_reader, moderator):
    reported = services.add_comment(reader, video, "Жалоба на меня")
    services.add_comment(reader, video, "Обычный комментарий")
    services.report(second_reader, reported, reason="Оскорбление")
    client.force_login(moderator)
    html = client.get("/admin/comments/").content.decode()
    assert "Жалоба на меня" in html and "Обычный комментарий" not in html
    inspect = client.get(f"/admin/comments/inspect/{reported.pk}/").content.decode()
    assert "Оскорбление" in inspect


def test_readers_do_not_get_the_listing(client, video, reader, second_reader):
    client.force_login(second_reader)
    response = client.get("/admin/comments/")
    assert response.status_code in (302, 403)


def test_hiding_from_the_admin_closes_the_reports(client, video, reader, second_reader, moderator):
    comment = services.add_comment(reader, video, "Спам")
    services.report(second_reader, comment, reason="Спам")
    client.force_login(moderator)
    url = reverse("comments_moderate", args=[comment.pk, "hide"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_by_id == moderator.pk
    assert waiting_count() == 0
    client.post(reverse("comments_moderate", args=[comment.pk, "restore"]))
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_keeping_closes_the_reports_and_leaves_the_comment(
    client, video, reader, second_reader, moderator
):
    comment = services.add_comment(reader, video, "Нормальный")
    services.report(second_reader, comment, reason="Не нравится")
    client.force_login(moderator)
    client.post(reverse("comments_moderate", args=[comment.pk, "keep"]))
    comment.refresh_from_db()
    assert comment.hidden_at is None and waiting_count() == 0


def test_the_tutor_cannot_use_the_admin_actions(client, video, reader, tutor):
    comment = services.add_comment(reader, video, "Комментарий")
    client.force_login(tutor)
    response = client.post(reverse("comments_moderate", args=[comment.pk, "hide"]))
    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.hidden_at is None
