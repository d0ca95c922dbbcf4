"""What the comments app tells apps above it (they subscribe; comments imports none of them)."""

from django.dispatch import Signal

# A comment was hidden or shown again (``comment``, ``hidden``), sent after the commit. Hiding
# is a row update, which sends no ``post_save``; counts of visible comments follow this.
visibility_changed = Signal()
