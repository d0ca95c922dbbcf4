"""Likes on comments: one per person, toggled, the count kept true (races on PostgreSQL),
and the like button on the site (a plain form; JSON for the script)."""

import pytest
from django.urls import reverse

from comments import services
from comments.errors import CommentHidden
from comments.models import Comment, CommentLike
from core.errors import NotAllowed

from ..factories import StudentFactory
from ..races import at_once
from .videos import render_thread


def count_of(comment) -> int:
    return Comment.objects.values_list("like_count", flat=True).get(pk=comment.pk)


@pytest.mark.django_db
def test_a_like_toggles_and_counts_once_per_person(video, reader, second_reader, tutor):
    comment = services.add_comment(reader, video, "Полезно")
    assert services.toggle_like(second_reader, comment) == (True, 1)
    assert services.toggle_like(tutor, comment) == (True, 2)
    assert services.set_like(tutor, comment, True) == (True, 2)  # said twice: nothing changes
    assert services.toggle_like(tutor, comment) == (False, 1)
    assert services.set_like(tutor, comment, False) == (False, 1)
    assert count_of(comment) == 1
    assert CommentLike.objects.filter(comment=comment).count() == 1


@pytest.mark.django_db
def test_the_thread_knows_what_the_reader_likes(video, reader, second_reader):
    liked = services.add_comment(reader, video, "Нравится")
    services.add_comment(reader, video, "Не нравится")
    services.set_like(second_reader, liked, True)
    shown = {c.text: c.viewer_liked for c in services.thread(second_reader, video)}
    assert shown == {"Нравится": True, "Не нравится": False}
    html = render_thread(video, second_reader)
    assert html.count('aria-pressed="true"') == 1 and html.count('aria-pressed="false"') == 1


@pytest.mark.django_db
def test_people_who_cannot_read_cannot_like(lesson, learner, video, tutor, reader):
    on_lesson = services.add_comment(learner, lesson, "Только для учеников курса")
    with pytest.raises(NotAllowed):
        services.set_like(reader, on_lesson, True)
    hidden = services.add_comment(reader, video, "Скрыт")
    services.set_hidden(tutor, hidden, True)
    with pytest.raises(CommentHidden):
        services.set_like(tutor, hidden, True)
    assert count_of(on_lesson) == 0 and count_of(hidden) == 0


@pytest.mark.django_db
def test_the_like_form_works_without_javascript(client, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Форма")
    client.force_login(second_reader)
    url = reverse("comments:like", args=[comment.pk])
    response = client.post(url, {"liked": "1", "next": video.url})
    assert response.status_code == 302 and response["Location"].endswith(f"#comment-{comment.pk}")
    client.post(url, {"liked": "1", "next": video.url})  # sent twice: still one like
    assert count_of(comment) == 1
    client.post(url, {"liked": "0", "next": video.url})
    assert count_of(comment) == 0


@pytest.mark.django_db
def test_the_script_gets_json(client, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Скрипт")
    client.force_login(second_reader)
    url = reverse("comments:like", args=[comment.pk])
    response = client.post(url, {"liked": "1"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"liked": True, "like_count": 1}


@pytest.mark.django_db
def test_the_like_form_needs_csrf(video, reader, second_reader):
    from django.test import Client

    comment = services.add_comment(reader, video, "CSRF")
    client = Client(enforce_csrf_checks=True)
    client.force_login(second_reader)
    response = client.post(reverse("comments:like", args=[comment.pk]), {"liked": "1"})
    assert response.status_code == 403 and count_of(comment) == 0


# ---------------------------------------------------------------------------------------------
# Races (PostgreSQL)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twelve_people_liking_at_once_make_twelve(postgres, video, reader):
    comment = services.add_comment(reader, video, "Популярный")
    people = [StudentFactory(verified=True) for _ in range(12)]
    results = at_once([lambda p=p: services.set_like(p, comment, True) for p in people])
    assert all(isinstance(r, tuple) and r[0] for r in results), results
    assert count_of(comment) == 12
    assert CommentLike.objects.filter(comment=comment).count() == 12


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_double_like_at_once_counts_one(postgres, video, reader, second_reader):
    comment = services.add_comment(reader, video, "Двойной клик")
    results = at_once([lambda: services.set_like(second_reader, comment, True)] * 6)
    assert all(isinstance(r, tuple) for r in results), results
    assert count_of(comment) == 1
    assert CommentLike.objects.filter(comment=comment).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_likes_and_unlikes_at_once_stay_true(postgres, video, reader):
    comment = services.add_comment(reader, video, "Туда-сюда")
    people = [StudentFactory(verified=True) for _ in range(10)]
    for person in people[:5]:
        services.set_like(person, comment, True)
    jobs = [lambda p=p: services.set_like(p, comment, False) for p in people[:5]]
    jobs += [lambda p=p: services.set_like(p, comment, True) for p in people[5:]]
    jobs += [lambda p=p: services.set_like(p, comment, False) for p in people[:5]]  # again
    results = at_once(jobs)
    assert all(isinstance(r, tuple) for r in results), results
    assert count_of(comment) == 5 == CommentLike.objects.filter(comment=comment).count()
