"""StreamField values built from the data files' plain texts (courses.yaml, tutors.yaml).

Texts are plain with **bold** marked; in a body a string is a paragraph and {"bullets": [...]}
(or a list, for a course's outcomes) a bulleted list.
"""

import html
import re
from typing import Any

StreamData = list[dict[str, Any]]


def rich_text(text: str) -> str:
    """Plain text with **bold** as stored rich text (escaped, <b> for the bold parts)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(text, quote=False))


def paragraph(item: str | list[str] | dict[str, list[str]]) -> dict[str, Any]:
    """A paragraph block: a string is one paragraph, a list (or {"bullets": list}) a list."""
    if isinstance(item, dict):
        item = item["bullets"]
    if isinstance(item, list):
        items = "".join(f"<li>{rich_text(text)}</li>" for text in item)
        return {"type": "paragraph", "value": f"<ul>{items}</ul>"}
    return {"type": "paragraph", "value": f"<p>{rich_text(item)}</p>"}


def heading(text: str, size: str = "h2") -> dict[str, Any]:
    return {"type": "heading", "value": {"text": text, "size": size}}


def video(url: str, caption: str) -> dict[str, Any]:
    return {"type": "video", "value": {"embed": url, "file": None, "caption": caption}}


def quote(text: str, attribution: str) -> dict[str, Any]:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def lesson_content(lesson: dict[str, Any]) -> StreamData:
    """Intro, the video, a heading, the body, the code listing and the callout, when given."""
    blocks = [paragraph(lesson["intro"])]
    if lesson.get("video"):
        blocks.append(video(lesson["video"]["url"], lesson["video"]["caption"]))
    blocks.append(heading(lesson["heading"]))
    blocks.extend(paragraph(item) for item in lesson["body"])
    if lesson.get("code"):
        blocks.append({"type": "code", "value": dict(lesson["code"])})
    if lesson.get("callout"):
        callout = {"kind": lesson["callout"]["kind"], "text": rich_text(lesson["callout"]["text"])}
        blocks.append({"type": "callout", "value": callout})
    return blocks


def course_description(course: dict[str, Any], headings: dict[str, str]) -> StreamData:
    """About, who it is for, what you will learn (a list), and a quote when given."""
    blocks = [
        paragraph(course["about"]),
        heading(headings["audience"]),
        paragraph(course["audience"]),
        heading(headings["outcomes"]),
        paragraph(list(course["outcomes"])),
    ]
    if course.get("quote"):
        blocks.append(quote(course["quote"]["text"], course["quote"]["attribution"]))
    return blocks


def tutor_bio(tutor: dict[str, Any]) -> StreamData:
    name = f"{tutor['first_name']} {tutor['last_name']}"
    return [*(paragraph(text) for text in tutor["bio"]), quote(tutor["quote"], name)]
