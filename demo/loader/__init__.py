"""The one loader of the demo content: reads demo/data/*.yaml and builds the site from it.

`load_demo()` builds, in this order (later parts find what earlier ones made): the locales, home
and "about" pages with their English translations and the site settings (texts in both
languages); the demo people; the catalog and the tutors with their English translations; the
tutors' uploaded video posts (clips drawn with ffmpeg, transcoded by the video pipeline once
this transaction commits); the feedback form in both languages; the blog; the demo homework;
the timetable; the demo learners' reviews (their studies first, so they may review); the
learners' follows, likes and comments on video posts; the Zoom pool's demo accounts; the demo
messages; the tutors' weekly hours and a confirmed trial lesson; an open request with two
offers; months of rolled-up course views and paid orders for the dashboards; members'
materials (a section, an article and a self-check test published, one waiting); last, the
pictures (covers, portraits, the banner). Every part finds its objects by a natural key before
making them, so a second run creates nothing. The domain apps know nothing of this package.
"""

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from accounts.models import User
from blog.models import BlogIndexPage
from home.models import FormPage, HomePage
from learning.homework.models import Homework
from learning.zoompool.models import ZoomAccount

from .analytics import load_analytics
from .blog import load_blog
from .bookings import load_bookings
from .catalog import load_catalog
from .community import load_community
from .data import read
from .grades import load_grades
from .homework import load_homework
from .images import load_images
from .materials import load_materials
from .messages import load_messages
from .people import load_people
from .requests import load_requests
from .reviews import load_reviews
from .site import load_feedback, load_site, locales
from .timetable import load_timetable
from .videos import load_videos
from .zoompool import load_zoom_accounts

__all__ = ["Demo", "load_demo", "read"]


@dataclass
class Demo:
    """What the demo holds after a run: the accounts to list and each part's main objects."""

    password: str
    accounts: list[tuple[User, str]]  # (user, label: admin, editor, moderator, tutor, student)
    home: HomePage
    catalog: dict[str, Any]
    videos: dict[str, Any]  # uploaded-video `posts`, `created` this run, why some were `skipped`
    feedback: FormPage
    blog: BlogIndexPage
    homework: Homework | None
    timetable: dict[str, Any] | None
    reviews: dict[str, Any]  # counts, and the reviewers (`learners`, also in `accounts`)
    community: dict[str, int]  # `follows`, post `likes` and `comments` made this run
    zoom_accounts: list[ZoomAccount]
    messages: dict[str, int]  # how many `conversations` hold how many `messages` sent this run
    bookings: dict[str, int]  # tutors given weekly hours and trial lessons booked, this run
    grades: dict[str, int]  # graded `items`, `submissions`, lessons marked (`attendance`), this run
    requests: dict[str, int]  # open "find me a tutor" requests and offers made, this run
    analytics: dict[str, int]  # course-day view rows and orders made this run
    materials: dict[str, int]  # members' materials `created` and `published` this run
    images: dict[str, int]  # how many pictures this run `created`, on how many pages `attached`


@transaction.atomic
def load_demo() -> Demo:
    """Build (or find) all demo content in one transaction."""
    people_data = read("people")
    password = people_data["password"]
    ru, en = locales()
    home = load_site(read("site"), ru, en)
    accounts = load_people(people_data)
    # After the English home exists: the English course copies hang under it.
    catalog = load_catalog(
        home,
        en,
        read("courses"),
        read("tutors"),
        password,
        english=read("courses_en"),
        english_tutors=read("tutors_en"),
    )
    videos = load_videos(read("videos"), catalog["tutor_index"], en)
    feedback = load_feedback(read("feedback"), home, en)
    blog = load_blog(read("blog"), home, en, read("blog_en"))
    homework = load_homework(read("homework"))
    timetable = load_timetable(read("timetable"))
    grades = load_grades(read("grades"), timetable)
    reviews = load_reviews(read("reviews"), password)
    community = load_community(read("community"), catalog["tutor_index"])
    zoom_accounts = load_zoom_accounts(read("zoompool"))
    messages = load_messages(read("messages"))
    bookings = load_bookings(read("bookings"))
    requests = load_requests(read("requests"))
    analytics = load_analytics(read("analytics"))
    materials = load_materials(read("materials"), home, en)
    # Last: every page that gets a picture, and its translations, exist by now.
    images = load_images(read("images"), home)
    listed = {user.pk for user, _label in accounts}
    accounts += [(user, "tutor") for user in catalog["tutor_accounts"] if user.pk not in listed]
    accounts += [(user, "student") for user in reviews["learners"] if user.pk not in listed]
    return Demo(
        password=password,
        accounts=accounts,
        home=home,
        catalog=catalog,
        videos=videos,
        feedback=feedback,
        blog=blog,
        homework=homework,
        timetable=timetable,
        reviews=reviews,
        community=community,
        zoom_accounts=zoom_accounts,
        messages=messages,
        bookings=bookings,
        grades=grades,
        requests=requests,
        analytics=analytics,
        materials=materials,
        images=images,
    )
