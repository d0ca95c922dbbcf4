"""What fails a journey's page and what is only reported (no browser needed)."""

from .journey import PageResult, Violation, write_summary


def page(**kwargs) -> PageResult:
    return PageResult("visitor", "ru", "phone", "home", "/ru/", **{"status": 200, **kwargs})


def test_serious_and_critical_violations_fail_a_page_moderate_ones_do_not():
    mild = page(violations=[Violation("region", "moderate", "Content in landmarks", [".x"])])
    assert mild.failures == []
    serious = page(
        violations=[
            Violation("color-contrast", "serious", "Contrast", [".a", ".b"]),
            Violation("aria-roles", "critical", "Roles", [".c"]),
        ]
    )
    assert serious.failures == [
        "axe color-contrast [serious] ×2: .a, .b (Contrast)",
        "axe aria-roles [critical] ×1: .c (Roles)",
    ]


def test_a_status_other_than_200_a_script_error_or_a_failed_step_fails_a_page():
    assert page(status=404).failures == ["HTTP 404"]
    assert page(script_errors=["boom (/ru/)"]).failures == ["script: boom (/ru/)"]
    assert page(problems=["no link to a tutor"]).failures == ["no link to a tutor"]


def test_the_summary_lists_each_page_with_its_rules_by_impact(tmp_path):
    result = page(
        violations=[
            Violation("listitem", "serious", "Lists", [".message"]),
            Violation("heading-order", "moderate", "Headings", ["h3", "h4"]),
        ]
    )
    row = {
        "journey": "visitor",
        "lang": "ru",
        "size": "phone",
        "page": "home",
        "url": "/ru/",
        "status": 200,
        "failures": result.failures,
        "violations": [v.__dict__ for v in result.violations],
    }
    summary = write_summary([row], tmp_path).read_text()
    assert "| visitor | ru-phone | home | `/ru/` | 200 | listitem ×1 | heading-order ×2 |  |" in (
        summary
    )
    assert (tmp_path / "axe-report.json").exists()
