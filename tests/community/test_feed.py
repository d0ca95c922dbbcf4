"""The feed's order: followed tutors first, then recommended, then the rest; newest or
popular with time decay; only live posts in the active language; fixed queries per page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from accounts.models import StudentProfile
from community import services
from community.errors import InvalidSort
from learning.enrollment.models import Enrollment

from ..courses.factories import CategoryFactory, CoursePageFactory
from .conftest import make_post, make_tutor

pytestmark = pytest.mark.django_db


def titles(page) -> list[str]:
    return [post.title for post in page]


def score(likes: int, comments: int, hours: float) -> float:
    """The documented formula, in Python, to compare with the SQL."""
    return (likes + 2 * comments + 1) / (hours + 2) ** 1.5


def test_the_sql_score_is_the_documented_formula(learner, tutor):
    make_post(tutor, title="a", likes=7, comments=3, hours_ago=30)
    post = services.feed_queryset(learner, "popular").get()
    assert post.score == pytest.approx(score(7, 3, 30), rel=1e-3)


def test_new_sorts_by_date_popular_by_decayed_score(learner, tutor):
    make_post(tutor, title="old hit", likes=40, hours_ago=72)  # 41 / 74^1.5 ≈ 0.064
    make_post(tutor, title="fresh", likes=2, hours_ago=2)  # 3 / 4^1.5 = 0.375
    make_post(tutor, title="yesterday", likes=80, hours_ago=24)  # 81 / 26^1.5 ≈ 0.611
    make_post(tutor, title="stale", likes=0, hours_ago=200)
    assert titles(services.feed(learner, "new")) == ["fresh", "yesterday", "old hit", "stale"]
    # Decay: two likes two hours old beat forty three days old.
    assert titles(services.feed(learner, "popular")) == ["yesterday", "fresh", "old hit", "stale"]
    # A week on, the fresh post's lead is gone: 3 / 172^1.5 < 41 / 242^1.5.
    later = timezone.now() + timedelta(days=7)
    ranked = services.feed_queryset(learner, "popular", now=later)
    assert [p.title for p in ranked] == ["yesterday", "old hit", "fresh", "stale"]


def test_comments_weigh_twice_a_like(learner, tutor):
    make_post(tutor, title="liked", likes=5, hours_ago=5)
    make_post(tutor, title="discussed", comments=3, hours_ago=5)  # 7 against 6
    assert titles(services.feed(learner, "popular")) == ["discussed", "liked"]


def test_followed_tutors_come_first(learner, tutor_index):
    followed, other = make_tutor(tutor_index), make_tutor(tutor_index)
    make_post(other, title="popular elsewhere", likes=100, hours_ago=1)
    make_post(followed, title="followed, quiet", hours_ago=48)
    services.follow(learner, followed)
    for sort in services.SORTS:
        page = services.feed(learner, sort)
        assert titles(page) == ["followed, quiet", "popular elsewhere"]
        assert [p.tier for p in page] == [0, 2]


def test_a_newcomer_gets_recommendations_by_courses_and_interests(learner, tutor_index):
    maths = CategoryFactory(name="Математика")
    algebra = CategoryFactory(name="Алгебра", parent=maths)
    physics = CategoryFactory(name="Физика")
    music = CategoryFactory(name="Музыка")
    maths_tutor = make_tutor(tutor_index, subjects=[maths])
    physics_tutor = make_tutor(tutor_index, subjects=[physics])
    music_tutor = make_tutor(tutor_index, subjects=[music])
    make_post(music_tutor, title="music", likes=50, hours_ago=1)
    make_post(maths_tutor, title="maths", hours_ago=10)
    make_post(physics_tutor, title="physics", hours_ago=20)
    assert titles(services.feed(learner, "popular")) == ["music", "maths", "physics"]

    # Enrolled in an algebra course: its parent subject, maths, is recommended.
    course = CoursePageFactory(parent=tutor_index.get_parent(), category=algebra)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.FREE)
    page = services.feed(learner, "popular")
    assert titles(page) == ["maths", "music", "physics"]
    assert [p.tier for p in page] == [1, 2, 2]

    StudentProfile.objects.update_or_create(user=learner, defaults={"interests": "физика, кино"})
    page = services.feed(learner, "new")
    assert titles(page) == ["maths", "physics", "music"]
    assert [p.tier for p in page] == [1, 1, 2]


def test_only_live_posts_in_the_active_language(learner, tutor, en):
    make_post(tutor, title="live")
    make_post(tutor, title="draft", live=False)
    english_tutor = make_tutor(tutor.get_parent(), locale=en)
    make_post(english_tutor, title="english", locale=en)
    assert titles(services.feed(learner)) == ["live"]
    assert titles(services.feed(learner, locale=en)) == ["english"]


def test_an_unknown_sort_is_refused(learner):
    with pytest.raises(InvalidSort):
        services.feed(learner, "best")


def test_likes_by_the_person_are_marked(learner, people, tutor):
    mine, theirs = make_post(tutor, title="mine"), make_post(tutor, title="theirs")
    services.like(learner, mine)
    services.like(people[0], theirs)
    assert {p.title: p.liked for p in services.feed(learner)} == {"mine": True, "theirs": False}


def seed(tutor_index, learner, posts: int) -> None:
    tutors = [make_tutor(tutor_index) for _ in range(3)]
    services.follow(learner, tutors[0])
    for i in range(posts):
        make_post(tutors[i % 3], likes=i, hours_ago=i)


@pytest.mark.parametrize("posts", [3, 30])
def test_the_feed_page_costs_the_same_queries(
    client, learner, tutor_index, posts, django_assert_num_queries
):
    seed(tutor_index, learner, posts)
    client.force_login(learner)
    client.get("/ru/feed/")  # warm the site directory, session and furniture caches
    # The feed's own: profile, count, the page's ids, its posts, their posters (the video
    # blocks, then the links' thumbnails), "follows anyone", the tutor list's page; the rest
    # is the site's frame (session, user; the userbar's permission, site, locale, restrictions from
    # the site directory, the header and footer from their cache): the same for 3 posts or 30.
    with django_assert_num_queries(10):
        response = client.get("/ru/feed/?sort=popular")
    assert response.status_code == 200
    assert response.content.count(b'data-testid="post-card"') == min(posts, 12)


def test_the_feed_page_draws_cards_and_its_empty_states(client, learner, tutor):
    client.force_login(learner)
    empty = client.get("/ru/feed/").content.decode()
    assert 'data-testid="feed-empty"' in empty and 'data-testid="feed-follow-hint"' in empty
    make_post(tutor, title="Дроби", likes=3, comments=2)
    services.follow(learner, tutor)
    page = client.get("/ru/feed/").content.decode()
    assert "Дроби" in page and tutor.title in page
    assert 'aria-pressed="false"' in page and 'data-testid="feed-follow-hint"' not in page
    assert client.get("/en/feed/").status_code == 200


def test_the_feed_page_needs_sign_in(client):
    assert client.get("/ru/feed/")["Location"].startswith("/accounts/login/")


def test_feed_preview_for_the_cabinet(learner, tutor, rf):
    from django.template import Context, Template

    make_post(tutor, title="Первое видео")
    request = rf.get("/ru/cabinet/")
    request.user = learner
    html = Template("{% load community %}{% feed_preview 2 %}").render(
        Context({"request": request, "user": learner})
    )
    assert "Первое видео" in html


def test_locale_default(learner, tutor):
    make_post(tutor, title="ru")
    assert Locale.get_active().language_code == "ru"
    assert titles(services.feed(learner)) == ["ru"]


def test_the_cabinets_preview_is_kept_until_the_learner_follows_or_likes(
    client, learner, tutor, tutor_index
):
    from community.models import Follow, PostLike

    other = make_tutor(tutor_index, title="Другой преподаватель")
    followed_post = make_post(other, title="Видео того, за кем слежу", hours_ago=5)
    make_post(tutor, title="Свежее видео", hours_ago=1)
    client.force_login(learner)

    def preview() -> str:
        html = client.get("/ru/cabinet/").content.decode()
        shown = html.split('data-testid="feed-preview"')[1].split("</section>")[0]
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", shown)  # masked anew

    first = preview()
    assert first.index("Свежее видео") < first.index("Видео того, за кем слежу")
    assert preview() == first  # kept
    Follow.objects.create(follower=learner, tutor_id=other.user_id)
    followed = preview()
    assert followed.index("Видео того, за кем слежу") < followed.index("Свежее видео")
    PostLike.objects.create(user=learner, post=followed_post)
    assert 'aria-pressed="true"' in preview()
    # A new post published (any publish bumps the content generation) shows at once.
    new = make_post(tutor, title="Только что", hours_ago=0.1, live=False)
    new.save_revision().publish()
    assert "Только что" in preview()
