"""What the cabinet keeps of its own: only whether a teacher put away their first-run checklist."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistDismissal(models.Model):
    """A teacher hid the first-run checklist on their desk (the row's presence is the answer)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="checklist_dismissal",
        verbose_name=_("user"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed checklist")
        verbose_name_plural = _("dismissed checklists")

    def __str__(self) -> str:
        return str(self.user)
