"""Demo content for `make run`: the page tree, people, groups. Safe to run again.

Every object is looked up by a natural key (slug, e-mail, group name) before it is made, so
a second run adds nothing twice. Later apps add their demo content to this command.
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale, Page, Site

from accounts.models import User
from accounts.services import ensure_profiles
from blog.demo import load_blog_demo
from courses.demo import load_courses_demo
from home.demo import load_feedback_demo
from home.models import HomePage, SiteSettings, StandardPage
from learning.homework.demo import load_homework_demo
from learning.schedule.demo import load_demo as load_schedule_demo
from learning.zoompool.demo import load_demo as load_zoompool_demo

# Demo-only password, printed for the newcomer; the command refuses to run with DEBUG off.
DEMO_PASSWORD = "ustat-demo-2026"

DEMO_PEOPLE = [
    # label, email, first, last, role, Wagtail group, superuser
    ("admin", "admin@ustat.test", "Алла", "Админова", User.Role.TEACHER, None, True),
    ("editor", "editor@ustat.test", "Елена", "Редакторова", User.Role.TEACHER, "Editors", False),
    (
        "moderator",
        "moderator@ustat.test",
        "Михаил",
        "Модеров",
        User.Role.TEACHER,
        "Moderators",
        False,
    ),
    ("tutor", "tutor1@ustat.test", "Ирина", "Соколова", User.Role.TEACHER, None, False),
    ("tutor", "tutor2@ustat.test", "Дмитрий", "Орлов", User.Role.TEACHER, None, False),
    ("student", "student1@ustat.test", "Анна", "Петрова", User.Role.STUDENT, None, False),
    ("student", "student2@ustat.test", "Борис", "Кузнецов", User.Role.STUDENT, None, False),
    ("student", "student3@ustat.test", "Светлана", "Иванова", User.Role.STUDENT, None, False),
]

HOME_RU = {
    "title": "Главная",
    "hero_title": "Учитесь у лучших преподавателей",
    "hero_text": (
        "Ustat — курсы и репетиторы в одном месте: уроки в своём темпе, живые занятия "
        "в группах, домашние задания с проверкой и сертификаты."
    ),
    "hero_cta_text": "О проекте",
    "body": [
        {
            "type": "features",
            "value": {
                "heading": "Почему Ustat",
                "features": [
                    {
                        "title": "Курсы в своём темпе",
                        "text": "Видеоуроки, конспекты и тесты: открывайте, когда удобно.",
                        "link_page": None,
                        "link_text": "",
                    },
                    {
                        "title": "Живые занятия",
                        "text": "Группы с преподавателем по расписанию и запись каждого урока.",
                        "link_page": None,
                        "link_text": "",
                    },
                    {
                        "title": "Проверка домашних заданий",
                        "text": "Тесты проверяются сразу, развёрнутые ответы — преподавателем.",
                        "link_page": None,
                        "link_text": "",
                    },
                ],
            },
        },
        {
            "type": "quote",
            "value": {
                "text": "Лучший способ научиться — учиться у того, кто умеет объяснять.",
                "attribution": "Команда Ustat",
            },
        },
    ],
}

HOME_EN = {
    "title": "Home",
    "hero_title": "Learn from the best teachers",
    "hero_text": (
        "Ustat brings courses and tutors together: self-paced lessons, live group classes, "
        "homework with feedback and certificates."
    ),
    "hero_cta_text": "About us",
    "body": [
        {
            "type": "features",
            "value": {
                "heading": "Why Ustat",
                "features": [
                    {
                        "title": "Self-paced courses",
                        "text": "Video lessons, notes and tests: open them whenever it suits you.",
                        "link_page": None,
                        "link_text": "",
                    },
                    {
                        "title": "Live classes",
                        "text": "Groups with a teacher on a timetable, every lesson recorded.",
                        "link_page": None,
                        "link_text": "",
                    },
                    {
                        "title": "Homework with feedback",
                        "text": "Tests are marked at once, written answers by your teacher.",
                        "link_page": None,
                        "link_text": "",
                    },
                ],
            },
        },
        {
            "type": "quote",
            "value": {
                "text": "The best way to learn is from someone who can explain.",
                "attribution": "The Ustat team",
            },
        },
    ],
}

ABOUT_RU = {
    "title": "О проекте",
    "slug": "about",
    "introduction": "Ustat — открытый портал курсов и репетиторов.",
    "body": [
        {"type": "heading", "value": {"text": "Для учеников", "size": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Выбирайте курсы по уровню и языку, занимайтесь в своём темпе или в группе "
                "с преподавателем, сдавайте домашние задания и получайте сертификаты.</p>"
            ),
        },
        {"type": "heading", "value": {"text": "Для преподавателей", "size": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Публикуйте курсы и профиль репетитора, ведите группы по расписанию и "
                "проводите живые уроки без собственной подписки на Zoom.</p>"
            ),
        },
    ],
}

ABOUT_EN = {
    "title": "About",
    "slug": "about",
    "introduction": "Ustat is an open portal for courses and tutors.",
    "body": [
        {"type": "heading", "value": {"text": "For learners", "size": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Pick courses by level and language, study at your own pace or in a group "
                "with a teacher, hand in homework and earn certificates.</p>"
            ),
        },
        {"type": "heading", "value": {"text": "For teachers", "size": "h2"}},
        {
            "type": "paragraph",
            "value": (
                "<p>Publish courses and a tutor profile, run groups on a timetable and teach "
                "live lessons without a Zoom subscription of your own.</p>"
            ),
        },
    ],
}


class Command(BaseCommand):
    help = "Load demo pages and accounts (idempotent). Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a public site: the passwords are known).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demo data has well-known passwords; use --force to load anyway.")
        with transaction.atomic():
            ru, en = self._locales()
            home = self._home(ru)
            about = self._about(home)
            self._translate(home, en, HOME_EN)
            self._translate(about, en, ABOUT_EN)
            self._link_hero(home, about)
            self._site_settings()
            people = self._people()
            # After the English home exists: the English course copies hang under it.
            load_courses_demo(home, en, DEMO_PASSWORD)
            load_feedback_demo(home)
            load_blog_demo(home, ["tutor1@ustat.test", "tutor2@ustat.test", "editor@ustat.test"])
            load_homework_demo()
            load_schedule_demo()
            load_zoompool_demo()
            people += [
                (user, "tutor")
                for user in User.objects.filter(
                    email__in=["tutor3@ustat.test", "tutor4@ustat.test"]
                )
            ]
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        self._print_accounts(people)

    def _locales(self) -> tuple[Locale, Locale]:
        ru, _ = Locale.objects.get_or_create(language_code="ru")
        en, _ = Locale.objects.get_or_create(language_code="en")
        return ru, en

    def _home(self, ru: Locale) -> HomePage:
        home = HomePage.objects.filter(locale=ru).first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's placeholder "Welcome" page goes; the site gets our home page.
            for placeholder in root.get_children().exclude(content_type__model="homepage"):
                if placeholder.slug == "home":
                    placeholder.delete()
            home = HomePage(slug="home", locale=ru, **HOME_RU)
            root.add_child(instance=home)
            home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Ustat"},
        )
        return home

    def _about(self, home: HomePage) -> StandardPage:
        about = StandardPage.objects.child_of(home).filter(slug=ABOUT_RU["slug"]).first()
        if about is None:
            about = StandardPage(show_in_menus=True, **ABOUT_RU)
            home.add_child(instance=about)
            about.save_revision().publish()
        return about

    def _translate(self, page: Page, locale: Locale, fields: dict) -> Page:
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale, copy_parents=True)
            for name, value in fields.items():
                setattr(translation, name, value)
            translation.save_revision().publish()
        return translation

    def _link_hero(self, home: HomePage, about: StandardPage) -> None:
        for page in (home, *HomePage.objects.exclude(pk=home.pk)):
            if page.hero_cta_page_id is None:
                target = about.get_translation_or_none(page.locale) or about
                page.hero_cta_page = target
                page.save_revision().publish()

    def _site_settings(self) -> None:
        site = Site.objects.get(is_default_site=True)
        site_settings = SiteSettings.for_site(site)
        if not site_settings.contact_email:
            site_settings.contact_email = "hello@ustat.test"
            site_settings.footer_text = "Ustat — курсы и репетиторы для всех, кто хочет учиться."
            site_settings.save()

    def _people(self) -> list[tuple[User, str]]:
        people = []
        for label, email, first, last, role, group_name, superuser in DEMO_PEOPLE:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(
                    email=email,
                    first_name=first,
                    last_name=last,
                    role=role,
                    is_staff=superuser,
                    is_superuser=superuser,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
            ensure_profiles(user)
            EmailAddress.objects.get_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
            people.append((user, label))
        return people

    def _print_accounts(self, people: list[tuple[User, str]]) -> None:
        self.stdout.write(self.style.SUCCESS("Demo content is in place. Demo accounts:"))
        order = ["admin", "editor", "moderator", "tutor", "student"]
        for user, label in sorted(people, key=lambda row: order.index(row[1])):
            self.stdout.write(f"  {label:<10} {user.email:<24} {DEMO_PASSWORD}")
