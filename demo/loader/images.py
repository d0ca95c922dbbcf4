"""The demo's pictures (images.yaml): course and blog covers, tutor portraits, the home banner.

They are drawn here, offline, when the demo is loaded: `demo/art/render.mjs` (Node, with the
packages of `demo/art/package.json`, which `make setup` installs) turns each job into a PNG and
says where its focal point is. Nothing is downloaded and nothing binary is kept in git.

A demo page gets its picture only while it has none (an editor's own image stays), on the
Russian page and on each of its translations (aliases follow their original by themselves), with
one published revision. An image is found by its title before it is drawn, so a second run draws
and creates nothing. Without Node or the art packages the demo loads without pictures (the site
draws its fallbacks) and the log says why.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.files.images import ImageFile
from wagtail.models import Page

from blog.models import BlogPostPage
from courses.models import CoursePage, TutorPage
from home.models import CustomImage, HomePage

logger = logging.getLogger(__name__)

ART_DIR = Path(__file__).resolve().parent.parent / "art"
RENDER = ART_DIR / "render.mjs"
TAG = "demo"


@dataclass
class _Picture:
    """One image the demo wants and the pages (and their field) that should show it."""

    title: str
    description: str
    job: dict[str, Any]
    pages: list[tuple[Page, str]] = field(default_factory=list)


def load_images(data: dict[str, Any], home: HomePage) -> dict[str, int]:
    """Draw the missing demo pictures and put them on the pages without one (idempotent).

    Returns how many images this run `created` and on how many pages it `attached` one.
    """
    wanted = [
        picture
        for picture in (
            *_courses(data, home),
            *_tutors(data, home),
            *_posts(data, home),
            _hero(data, home),
        )
        if picture.pages
    ]
    if not wanted:
        return {"created": 0, "attached": 0}
    images = {p.title: p for p in CustomImage.objects.filter(title__in=[w.title for w in wanted])}
    missing = [picture for picture in wanted if picture.title not in images]
    created = 0
    if missing:
        drawn = _draw([picture.job for picture in missing])
        if drawn is None:
            return {"created": 0, "attached": 0}
        for picture in missing:
            images[picture.title] = _save(picture, drawn[picture.job["name"]])
            created += 1
    attached = 0
    for picture in wanted:
        for page, field_name in picture.pages:
            setattr(page, field_name, images[picture.title])
            page.save_revision().publish()
            attached += 1
    return {"created": created, "attached": attached}


# ---------------------------------------------------------------------------------------------
# What the demo wants


def _needing(page: Page, field_name: str) -> list[tuple[Page, str]]:
    """The page and its translations that have no image in `field_name`, the original first.

    Aliases are left out: publishing their original updates them.
    """
    pages = [page, *page.get_translations().filter(alias_of__isnull=True).order_by("pk")]
    return [(p, field_name) for p in pages if getattr(p, f"{field_name}_id") is None]


def _courses(data: dict[str, Any], home: HomePage) -> list[_Picture]:
    courses = CoursePage.objects.descendant_of(home).filter(
        locale=home.locale, slug__in=list(data["courses"])
    )
    pictures = []
    for course in courses.select_related("category__parent"):
        category = course.category.parent or course.category if course.category else None
        style = data["categories"].get(category.slug if category else "", {})
        pictures.append(
            _Picture(
                title=f"Обложка курса «{course.title}»",
                description=f"Обложка курса «{course.title}»",
                job={
                    "kind": "cover",
                    "name": f"course-{course.slug}",
                    "seed": course.slug,
                    "hue": style.get("hue", 226),
                    "icon": data["courses"][course.slug],
                    "accents": style.get("accents", []),
                },
                pages=_needing(course, "cover"),
            )
        )
    return pictures


def _tutor_job(slug: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"seed": slug, "hue": spec["hue"], "options": spec.get("options", {})}


def _tutors(data: dict[str, Any], home: HomePage) -> list[_Picture]:
    tutors = TutorPage.objects.descendant_of(home).filter(
        locale=home.locale, slug__in=list(data["tutors"])
    )
    return [
        _Picture(
            title=f"Портрет: {tutor.title}",
            description=f"Портрет: {tutor.title}",
            job={
                "kind": "portrait",
                "name": f"tutor-{tutor.slug}",
                **_tutor_job(tutor.slug, data["tutors"][tutor.slug]),
            },
            pages=_needing(tutor, "photo"),
        )
        for tutor in tutors
    ]


def _posts(data: dict[str, Any], home: HomePage) -> list[_Picture]:
    posts = BlogPostPage.objects.descendant_of(home).filter(
        locale=home.locale, slug__in=list(data["blog"])
    )
    return [
        _Picture(
            title=f"Обложка записи «{post.title}»",
            description=f"Обложка записи «{post.title}»",
            job={"kind": "cover", "name": f"post-{post.slug}", "seed": post.slug}
            | data["blog"][post.slug],
            pages=_needing(post, "cover"),
        )
        for post in posts
    ]


def _hero(data: dict[str, Any], home: HomePage) -> _Picture:
    spec = data["hero"]
    return _Picture(
        title="Главная: преподаватели и предметы",
        # Empty: an illustration beside the banner's title, so decorative (alt="").
        description="",
        job={
            "kind": "hero",
            "name": "home-hero",
            "seed": "home",
            "hue": spec["hue"],
            "icons": spec["icons"],
            "people": [_tutor_job(slug, tutor) for slug, tutor in data["tutors"].items()],
        },
        pages=_needing(home, "hero_image"),
    )


# ---------------------------------------------------------------------------------------------
# Drawing and storing


def _draw(jobs: list[dict[str, Any]]) -> dict[str, dict[str, Any]] | None:
    """Run the renderer once for all jobs; {name: {"png": bytes, "focal": {...}}}, or None."""
    node = shutil.which("node")
    if node is None or not (ART_DIR / "node_modules").is_dir():
        logger.warning(
            "Demo pictures skipped: they need Node.js and demo/art's packages (make setup)."
        )
        return None
    with tempfile.TemporaryDirectory(prefix="ustat-demo-art-") as out:
        result = subprocess.run(  # noqa: S603 - our own script, arguments not from users
            [node, str(RENDER)],
            input=json.dumps({"out": out, "jobs": jobs}),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            logger.warning("Demo pictures skipped: the renderer failed:\n%s", result.stderr)
            return None
        drawn = {}
        for line in result.stdout.splitlines():
            item = json.loads(line)
            drawn[item["name"]] = {"png": Path(item["file"]).read_bytes(), "focal": item["focal"]}
    return drawn


def _save(picture: _Picture, drawn: dict[str, Any]) -> CustomImage:
    focal = drawn["focal"]
    image = CustomImage(
        title=picture.title,
        description=picture.description,
        file=ImageFile(BytesIO(drawn["png"]), name=f"demo-{picture.job['name']}.png"),
        focal_point_x=focal["x"],
        focal_point_y=focal["y"],
        focal_point_width=focal["width"],
        focal_point_height=focal["height"],
    )
    image._set_image_file_metadata()  # file size and hash, as an upload in the admin sets them
    image.save()
    image.tags.add(TAG)
    return image
