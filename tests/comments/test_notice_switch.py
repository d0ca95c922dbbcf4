"""The "messages and comments" e-mail switch controls the comment notices' e-mail."""

import pytest
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Notification
from comments import services
from learning.homework.models import Submission

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wants", [True, False])
def test_the_messages_switch_decides_the_email(
    learner, homework, teacher, mailoutbox, django_capture_on_commit_callbacks, wants
):
    submission = Submission.objects.create(
        student=learner, homework=homework, started_at=timezone.now()
    )
    accounts.update_settings(teacher, {"email_messages": wants})
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(learner, submission, "Проверьте, пожалуйста")
    assert Notification.objects.filter(user=teacher, kind="messages").count() == 1
    assert [mail.to for mail in mailoutbox] == ([[teacher.email]] if wants else [])
