from decimal import Decimal

import factory
import wagtail_factories
from wagtail.models import Locale

from courses.models import (
    Category,
    CourseIndexPage,
    CoursePage,
    LessonPage,
    TutorIndexPage,
    TutorPage,
    TutorVideoPage,
)

from ..factories import TeacherFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Категория {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(Locale.get_default)


class CourseIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Курсы"
    slug = "courses"


class CoursePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Курс {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "Короткое описание курса."
    teacher = factory.SubFactory(TeacherFactory)
    owner = factory.SelfAttribute("teacher")
    price = Decimal("0")
    status = "published"


class LessonPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Урок {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    content = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Текст урока только для учеников.</p>"}]
    )
    duration_minutes = 15


class TutorIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TutorIndexPage

    title = "Репетиторы"
    slug = "tutors"


class TutorPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TutorPage

    title = factory.Sequence(lambda n: f"Репетитор {n}")
    slug = factory.Sequence(lambda n: f"tutor-{n}")
    headline = "Готовлю к экзаменам"
    user = factory.SubFactory(TeacherFactory)
    owner = factory.SelfAttribute("user")
    hourly_price = Decimal("1500")


class TutorVideoPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = TutorVideoPage

    title = factory.Sequence(lambda n: f"Видео {n}")
    slug = factory.Sequence(lambda n: f"video-{n}")
    video = factory.LazyFunction(
        lambda: [
            {
                "type": "video",
                "value": {
                    "embed": "https://www.youtube.com/watch?v=abc",
                    "file": None,
                    "caption": "",
                },
            }
        ]
    )
