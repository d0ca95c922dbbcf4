"""The icons a category may show: names of Tabler icons listed in ``icons.txt``, which
``scripts/build_static.sh`` also reads to build the sprite the templates point into."""

from pathlib import Path

NAMES: tuple[str, ...] = tuple(
    line.strip()
    for line in (Path(__file__).with_name("icons.txt")).read_text().splitlines()
    if line.strip() and not line.startswith("#")
)
CHOICES = [(name, name.replace("-", " ")) for name in NAMES]
# What a category without an icon shows.
DEFAULT = "book"
