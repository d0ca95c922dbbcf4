"""`make demo` does not print Celery's "Task … succeeded" line for every published lesson
(tasks run eagerly in the loader without a broker); a failing task is still reported."""

import logging

import pytest
from celery import shared_task

from accounts.tasks import send_email
from demo.management.commands.load_demo_data import TASK_LOG, quiet_task_log


@shared_task
def broken_demo_task() -> None:
    raise RuntimeError("the demo task broke")


def task_lines(caplog) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == TASK_LOG]


def test_task_successes_are_quiet_while_the_demo_loads_and_failures_still_show(caplog, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.INFO)
    mail = {"subject": "Привет", "body": "Текст", "to": ["a@example.com"]}

    send_email.delay(**mail)  # outside the loader: the usual INFO line
    assert [level for level, _message in task_lines(caplog)] == [logging.INFO]
    caplog.clear()

    with quiet_task_log():
        send_email.delay(**mail)
        assert task_lines(caplog) == []
        # A failing task still stops the load (eager tasks propagate their errors) ...
        with pytest.raises(RuntimeError):
            broken_demo_task.delay()
        # ... and where it does not propagate, its ERROR line is still logged.
        assert broken_demo_task.apply(throw=False).failed()
    [(level, message)] = task_lines(caplog)
    assert level == logging.ERROR and "the demo task broke" in message

    # Afterwards the log is as it was.
    assert logging.getLogger(TASK_LOG).level == logging.NOTSET
    caplog.clear()
    send_email.delay(**mail)
    assert [level for level, _message in task_lines(caplog)] == [logging.INFO]
