import datetime

import factory
import wagtail_factories

from blog.models import BlogIndexPage, BlogPostPage

from ..factories import TeacherFactory


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BlogIndexPage

    title = "Блог"
    slug = "blog"
    introduction = "Заметки об учёбе."


class BlogPostPageFactory(wagtail_factories.PageFactory):
    """A published post; pass tags=[...] to tag it, cover=ImageFactory() for a cover."""

    class Meta:
        model = BlogPostPage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Запись {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    intro = "Коротко о главном."
    date = factory.LazyFunction(lambda: datetime.date(2026, 3, 1))
    author = factory.SubFactory(TeacherFactory)
    owner = factory.SelfAttribute("author")
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>Текст записи целиком.</p>"}]
    )

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if extracted:
            obj.tags.set(extracted)
            if create:
                obj.save()
