"""Grading a 50-question submission: auto-grading on submit and the teacher's grading.

    .venv/bin/python -m tests.bench.homework [--runs 30] [--database-url postgres://…]

Builds a fresh PostgreSQL database (BENCH_HOMEWORK_DATABASE_URL, by default
postgres://postgres@127.0.0.1:5432/ustat_bench_homework, dropped afterwards), a homework of
50 questions (20 single choice, 15 multiple choice with 5 choices, 10 numbers, 5 free texts)
and, per run, a fresh attempt with every question answered. It times the real services:

- ``submit``: locks the attempt, auto-grades the 45 choice and number answers, totals;
- ``grade``: the teacher gives points and feedback on all 50 answers and closes it.

The goal (issue 5) is under 100 ms for each on this machine, at the 95th percentile; the
run fails if it is not met.
"""

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal

GOAL_MS = 100.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ustat_bench_homework"


def say(message: str) -> None:
    sys.stdout.write(message + "\n")


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)  # eager Celery tasks log every e-mail they "send"


def _recreate_database(database_url: str, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    name = database_url.rsplit("/", 1)[1]
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not drop_only:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def build_homework():
    from accounts.models import User
    from learning.homework.models import Choice, Homework, Question

    teacher = User.objects.create_user(email="bench-teacher@example.com", role="teacher")
    homework = Homework.objects.create(title="Контрольная: 50 вопросов", owner=teacher)
    questions = []
    for n in range(50):
        if n < 20:
            kind = Question.Type.SINGLE_CHOICE
        elif n < 35:
            kind = Question.Type.MULTI_CHOICE
        elif n < 45:
            kind = Question.Type.NUMBER
        else:
            kind = Question.Type.TEXT
        questions.append(
            Question(
                homework=homework,
                order=n,
                text=f"<p>Вопрос {n + 1}</p>",
                type=kind,
                points=Decimal("2"),
                correct_number=Decimal("3.14") if kind == Question.Type.NUMBER else None,
                tolerance=Decimal("0.01"),
            )
        )
    Question.objects.bulk_create(questions)
    choices = []
    for question in questions:
        if question.type == Question.Type.SINGLE_CHOICE:
            choices += [
                Choice(question=question, text=f"Вариант {c}", is_correct=c == 0, order=c)
                for c in range(4)
            ]
        elif question.type == Question.Type.MULTI_CHOICE:
            choices += [
                Choice(question=question, text=f"Вариант {c}", is_correct=c < 3, order=c)
                for c in range(5)
            ]
    Choice.objects.bulk_create(choices)
    return teacher, homework


def answered_attempt(student, homework, attempt: int):
    """A fresh attempt with every question answered, as the answer form would leave it."""
    from django.utils import timezone

    from learning.homework.models import Answer, Question, Submission

    submission = Submission.objects.create(
        student=student, homework=homework, attempt=attempt, started_at=timezone.now()
    )
    questions = list(homework.questions.prefetch_related("choices"))
    answers = Answer.objects.bulk_create(
        Answer(
            submission=submission,
            question=q,
            text="Развёрнутый ответ студента" if q.type == Question.Type.TEXT else "",
            number=Decimal("3.141") if q.type == Question.Type.NUMBER else None,
        )
        for q in questions
    )
    through = Answer.choices.through
    links = []
    for answer, question in zip(answers, questions, strict=True):
        picked = [c for c in question.choices.all() if c.order in (0, 1)]
        links += [through(answer_id=answer.pk, choice_id=c.pk) for c in picked]
    through.objects.bulk_create(links)
    return submission, questions


def _ms(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return {"p50": statistics.median(ordered), "p95": p95, "max": ordered[-1]}


def measure(runs: int) -> dict:
    from accounts.models import User
    from learning.homework import services
    from learning.homework.models import Question

    teacher, homework = build_homework()
    student = User.objects.create_user(email="bench-student@example.com", role="student")
    homework.max_attempts = 0
    homework.save(update_fields=["max_attempts"])
    submit_ms, grade_ms = [], []
    for attempt in range(1, runs + 2):
        submission, questions = answered_attempt(student, homework, attempt)
        started = time.perf_counter()
        submission = services.submit(submission)
        took_submit = (time.perf_counter() - started) * 1000
        assert submission.status == "needs_review", submission.status
        marks = {
            q.pk: (q.points if q.type == Question.Type.TEXT else None, "Хорошо") for q in questions
        }
        started = time.perf_counter()
        submission = services.grade(submission, teacher, marks, comment="Молодец")
        took_grade = (time.perf_counter() - started) * 1000
        assert submission.status == "graded", submission.status
        if attempt > 1:  # the first run warms caches and connections
            submit_ms.append(took_submit)
            grade_ms.append(took_grade)
    return {"submit": _ms(submit_ms), "grade": _ms(grade_ms), "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_HOMEWORK_DATABASE_URL", DEFAULT_URL),
    )
    args = parser.parse_args(argv)
    _recreate_database(args.database_url)
    try:
        _setup(args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        result = measure(args.runs)
        from django.db import connections

        connections.close_all()
    finally:
        _recreate_database(args.database_url, drop_only=True)
    say(f"Grading a 50-question submission, {result['runs']} runs, PostgreSQL:")
    say(f"{'step':<8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    ok = True
    for step in ("submit", "grade"):
        row = result[step]
        say(f"{step:<8} {row['p50']:>8.1f} {row['p95']:>8.1f} {row['max']:>8.1f}")
        ok = ok and row["p95"] < GOAL_MS
    say(f"goal: p95 under {GOAL_MS:.0f} ms — {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
