"""The figures a visitor sees are true (issue 13, item 4): the course's and the tutor's rating
and review count follow every publish, reject, edit and delete, on every translation; the
"best rated" order is a damped average; students are counted once across translations;
schema.org's aggregateRating appears only with published reviews."""

import json
import re
from decimal import Decimal

import pytest

from accounts.models import TeacherProfile
from courses.models import CoursePage
from learning.schedule.models import Attendance
from reviews import services
from reviews.models import Review

from ..courses.factories import CoursePageFactory, TutorPageFactory
from ..factories import StudentFactory, TeacherFactory
from ..schedule.factories import LiveLessonFactory
from .conftest import enroll, learner_of

pytestmark = pytest.mark.django_db


def figures(course):
    return sorted(
        CoursePage.objects.filter(translation_key=course.translation_key).values_list(
            "locale__language_code", "average_rating", "reviews_count"
        )
    )


def both(course, average: str, count: int):
    return [("en", Decimal(average), count), ("ru", Decimal(average), count)]


def test_course_figures_follow_publish_reject_edit_and_delete_on_every_translation(
    course, english, moderator
):
    first, second = learner_of(course), learner_of(english)
    five = services.write(first, course, rating=5, text="Отлично.")
    three = services.write(second, english, rating=3, text="Fine.")
    assert figures(course) == both(course, "0", 0)  # pending counts for nothing

    services.approve(moderator, five)
    assert figures(course) == both(course, "5.00", 1)
    services.approve(moderator, three)
    assert figures(course) == both(course, "4.00", 2)

    services.edit(second, three, rating=1)  # back to moderation: out of the figures
    assert figures(course) == both(course, "5.00", 1)
    services.approve(moderator, three)
    assert figures(course) == both(course, "3.00", 2)

    services.reject(moderator, five, reason="Реклама.")
    assert figures(course) == both(course, "1.00", 1)
    services.delete(second, three)
    assert figures(course) == both(course, "0", 0)


def test_deleting_an_authors_account_recounts_what_they_reviewed(
    course, tutor_index, moderator, django_capture_on_commit_callbacks
):
    from accounts.services import delete_user

    from ..factories import AdminFactory

    stays, leaves = learner_of(course), learner_of(course)
    services.approve(moderator, services.write(stays, course, rating=5, text="Да."))
    services.approve(moderator, services.write(leaves, course, rating=1, text="Нет."))
    assert figures(course) == [("ru", Decimal("3.00"), 2)]
    with django_capture_on_commit_callbacks(execute=True):
        delete_user(AdminFactory(), leaves)
    assert figures(course) == [("ru", Decimal("5.00"), 1)]


def test_publishing_at_once_counts_at_once_and_edits_stay_published(course, settings):
    settings.REVIEWS_PUBLISH_AT_ONCE = True
    learner = learner_of(course)
    review = services.write(learner, course, rating=4, text="Хорошо.")
    assert review.status == "published" and figures(course) == [("ru", Decimal("4.00"), 1)]
    review = services.edit(learner, review, rating=2)
    assert review.status == "published" and figures(course) == [("ru", Decimal("2.00"), 1)]


def test_a_tutors_profile_follows_their_reviews(tutor_index, moderator):
    page = TutorPageFactory(parent=tutor_index)
    tutor = page.user
    TeacherProfile.objects.filter(user=tutor).delete()  # recount makes it when missing
    reviews = []
    for rating in (5, 4):
        learner = StudentFactory()
        Attendance.objects.create(lesson=LiveLessonFactory(group__teacher=tutor), student=learner)
        reviews.append(services.write(learner, tutor, rating=rating, text="Хорошо."))
    for review in reviews:
        services.approve(moderator, review)
    profile = TeacherProfile.objects.get(user=tutor)
    assert (profile.rating, profile.reviews_count) == (Decimal("4.50"), 2)
    services.reject(moderator, reviews[0], reason="Не о занятиях.")
    profile.refresh_from_db()
    assert (profile.rating, profile.reviews_count) == (Decimal("4.00"), 1)


def test_the_api_shows_the_summary_with_its_distribution(api_client, course, moderator):
    for rating in (5, 5, 3):
        services.approve(
            moderator, services.write(learner_of(course), course, rating=rating, text="Да.")
        )
    summary = api_client.get(f"/api/courses/{course.pk}/").json()["rating_summary"]
    assert summary == {
        "count": 3,
        "average": "4.33",
        "distribution": {"5": 2, "4": 0, "3": 1, "2": 0, "1": 0},
    }


# ---------------------------------------------------------------------------------------------
# "Best rated": a damped average


def reviewed(target, ratings):
    """Published reviews with these ratings (many at once: bulk, then the service's recount)."""
    rows = []
    for rating in ratings:
        review = Review(
            author=StudentFactory(), rating=rating, text="…", language="ru", status="published"
        )
        if isinstance(target, CoursePage):
            review.course, review.course_key = target, target.translation_key
        else:
            review.tutor = target
        rows.append(review)
    Review.objects.bulk_create(rows)
    services.recount(target)


def test_one_five_star_review_does_not_outrank_many_good_ones(api_client, catalog):
    single = CoursePageFactory(parent=catalog, title="Один отзыв")
    many = CoursePageFactory(parent=catalog, title="Много отзывов")
    weak = CoursePageFactory(parent=catalog, title="Слабый")
    reviewed(single, [5])
    reviewed(many, [5] * 16 + [4] * 4)  # 4.80 from twenty
    reviewed(weak, [3] * 20)
    answer = api_client.get("/api/courses/?ordering=rating").json()["results"]
    assert [c["title"] for c in answer] == ["Много отзывов", "Один отзыв", "Слабый"]
    # What is shown is still the plain mean, and the "rating from" filter uses it too.
    assert [c["average_rating"] for c in answer] == ["4.80", "5.00", "3.00"]
    titles = [c["title"] for c in api_client.get("/api/courses/?rating_min=4.9").json()["results"]]
    assert titles == ["Один отзыв"]


def test_the_catalog_page_orders_best_rated_by_the_damped_average(client, catalog):
    single = CoursePageFactory(parent=catalog, title="Один отзыв")
    many = CoursePageFactory(parent=catalog, title="Много отзывов")
    reviewed(single, [5])
    reviewed(many, [5] * 16 + [4] * 4)
    reviewed(CoursePageFactory(parent=catalog, title="Слабый"), [2] * 30)
    html = client.get(catalog.url + "?ordering=rating").content.decode()
    assert html.index("Много отзывов") < html.index("Один отзыв") < html.index("Слабый")


def test_the_tutor_api_orders_best_rated_by_the_damped_average(api_client, tutor_index):
    single = TutorPageFactory(parent=tutor_index, title="Один отзыв")
    many = TutorPageFactory(parent=tutor_index, title="Много отзывов")
    weak = TutorPageFactory(parent=tutor_index, title="Слабый")
    TutorPageFactory(parent=tutor_index, title="Без отзывов")
    reviewed(single.user, [5])
    reviewed(many.user, [5] * 16 + [4] * 4)
    reviewed(weak.user, [3] * 20)
    answer = api_client.get("/api/tutors/?ordering=rating").json()["results"]
    assert [t["title"] for t in answer] == [
        "Много отзывов",
        "Один отзыв",
        "Слабый",
        "Без отзывов",  # unrated: after every rated tutor
    ]
    assert answer[1]["rating"] == "5.00"
    detail = api_client.get(f"/api/tutors/{many.pk}/").json()
    assert detail["reviews_count"] == 20
    assert detail["rating_summary"]["distribution"] == {"5": 16, "4": 4, "3": 0, "2": 0, "1": 0}


# ---------------------------------------------------------------------------------------------
# Students, schema.org


def test_students_are_counted_once_across_translations_on_every_translation(course, english):
    both_languages = StudentFactory()
    enroll(both_languages, course)
    enroll(both_languages, english)
    enroll(StudentFactory(), english)
    from learning.enrollment.services import recount_students

    recount_students(english)
    counts = set(
        CoursePage.objects.filter(translation_key=course.translation_key).values_list(
            "students_count", flat=True
        )
    )
    assert counts == {2}


def test_a_new_enrollment_counts_on_every_translation(course, english):
    from learning.enrollment.services import enroll_free

    enroll_free(StudentFactory(), english)
    course.refresh_from_db()
    assert course.students_count == 1


def structured_data(html: str) -> dict:
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(payload.group(1))


def test_schema_org_rating_only_with_published_reviews(
    client, course, moderator, django_capture_on_commit_callbacks
):
    assert "aggregateRating" not in structured_data(client.get(course.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        review = services.write(learner_of(course), course, rating=4, text="Хорошо.")
    assert "aggregateRating" not in structured_data(client.get(course.url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is emptied
        services.approve(moderator, review)
    data = structured_data(client.get(course.url).content.decode())
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.0",
        "reviewCount": 1,
    }


def test_a_teacher_without_reviews_is_not_rated(api_client, tutor_index):
    page = TutorPageFactory(parent=tutor_index, user=TeacherFactory())
    assert api_client.get(f"/api/tutors/{page.pk}/").json()["rating_summary"]["count"] == 0


def test_best_rated_tutors_of_a_subject(api_client, tutor_index):
    from ..courses.factories import CategoryFactory

    maths = CategoryFactory(slug="maths")
    pages = [TutorPageFactory(parent=tutor_index, title=t) for t in ("Первый", "Второй")]
    for page in pages:
        page.subjects.set([maths])
        page.save_revision().publish()
    reviewed(pages[1].user, [5, 5, 5])
    answer = api_client.get("/api/tutors/?ordering=rating&subject=maths")
    assert answer.status_code == 200
    assert [t["title"] for t in answer.json()["results"]] == ["Второй", "Первый"]
