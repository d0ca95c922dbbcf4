"""The gradebook in Chromium on the demo site (grades.yaml's evening group):

The tutor opens the group's gradebook, overrides a struggling learner's final grade with a
reason, exports the gradebook as XLSX (the file is read back), opens the teaching dashboard
and finds the learner among those at risk; the learner then sees the new final grade in
Cabinet → Grades.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from .conftest import PASSWORD
from .journey import StepFailed

pytestmark = [pytest.mark.e2e, pytest.mark.journeys, pytest.mark.xdist_group("journeys")]

TUTOR = "tutor1@ustat.test"  # the evening group's teacher (timetable.yaml)
LEARNER = "student3@ustat.test"  # misses lessons and deadlines (grades.yaml)
NAME = "Светлана Иванова"
REASON = "Пересдала контрольную устно"


@pytest.fixture
def lang() -> str:
    return "ru"  # the code is the same in English; phone and desktop both run


def test_override_export_dashboard_then_the_learner_sees_the_grade(journey_factory, fresh_site):
    tutor = journey_factory("gradebook-tutor", fresh_site)
    tutor.sign_in(TUTOR, PASSWORD, "teacher")
    tutor.visit("gradebooks", "/ru/grades/", ready="[data-testid=gradebook-groups]")
    tutor.click_and_wait("[data-testid=gradebook-groups] a", "the group's gradebook")
    tutor.visit("group-gradebook", ready="[data-gradebook]")
    row = tutor.page.locator("tr", has=tutor.page.locator(".gb-person", has_text=NAME))
    if not row.locator("[data-testid=at-risk]").count():
        raise StepFailed(f"{NAME} is not marked at risk in the gradebook")
    before = row.locator("td[data-item=final]").inner_text().strip()

    # Override the final grade through the cell's dialog.
    row.locator("td[data-item=final]").click()
    dialog = tutor.page.locator("[data-gb-dialog]")
    dialog.wait_for(state="visible")
    tutor.visit("override-dialog")
    dialog.locator("input[name=percent]").fill("65")
    dialog.locator("textarea[name=reason]").fill(REASON)
    tutor.click_and_wait("[data-gb-dialog] button[type=submit]", "Save")
    tutor.visit("after-override", ready="[data-gradebook]")
    row = tutor.page.locator("tr", has=tutor.page.locator(".gb-person", has_text=NAME))
    after = row.locator("td[data-item=final]").inner_text().strip()
    if not after.startswith("65") or after == before:
        raise StepFailed(f"the final grade shows {after!r} after the override (was {before!r})")

    # The XLSX export carries the overridden grade.
    with tutor.page.expect_download() as download:
        tutor.page.locator("[data-testid=gb-export-xlsx]").click()
    # (openpyxl goes by the file name's extension; Playwright's copy has none)
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = [str(cell or "") for cell in rows[0]]
    mine = [r for r in rows[1:] if any(NAME.split()[0] in str(cell or "") for cell in r)]
    if len(mine) != 1:
        raise StepFailed(f"{NAME} is not one row of the export: {header}")
    final = next(i for i, title in enumerate(header) if re.search("итог|final", title, re.I))
    if Decimal(str(mine[0][final])) != Decimal(65):
        raise StepFailed(f"the export's final grade is {mine[0][final]!r}, not 65")

    # The history keeps who, from, to and why.
    tutor.click_and_wait(".gb-actions a[href$='history/']", "History of changes")
    tutor.visit("history", ready="[data-testid=grade-change]")
    if REASON not in tutor.page.locator("[data-testid=grade-change]").first.inner_text():
        raise StepFailed("the override's reason is not in the history")

    # The dashboard lists the learner at risk, with a way back to their row.
    tutor.visit(
        "teaching-dashboard",
        "/ru/dashboard/teaching/",
        ready=f"[data-testid=at-risk-learner]:has-text('{NAME}')",
    )
    tutor.check()

    learner = journey_factory("gradebook-learner", fresh_site)
    learner.sign_in(LEARNER, PASSWORD, "student")
    learner.visit("my-grades", "/ru/cabinet/grades/", ready="[data-testid=final-grade]")
    course = learner.page.locator("[data-testid=grade-course]", has_text="Английский")
    shown = course.locator("[data-testid=final-grade]").inner_text()
    if not re.search(r"\b65\b", shown):
        raise StepFailed(f"the learner's final grade reads {shown!r}, not 65")
    learner.check()
