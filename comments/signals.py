"""What the comments app tells apps above it (they subscribe; comments imports none of them)."""

from django.dispatch import Signal

from core import generations

# A comment was hidden or shown again (``comment``, ``hidden``), sent after the commit. Hiding
# is a row update, which sends no ``post_save``; counts of visible comments follow this.
visibility_changed = Signal()


def thread_counter(field: str, target_id: int) -> str:
    """The counter of what is kept about one thread (whether it has any comment), bumped when
    a comment is added to it or deleted from it (``post_save``/``post_delete``)."""
    return f"comments:{field}:{target_id}"


def thread_changed(sender, instance, **kwargs) -> None:
    for field in ("lesson", "homework", "submission", "video"):
        target_id = getattr(instance, f"{field}_id", None)
        if target_id is not None:
            generations.bump(thread_counter(field, target_id))
