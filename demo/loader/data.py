"""Reading the demo's data files (demo/data/<name>.yaml): plain dicts and lists, nothing else."""

from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def read(name: str) -> dict[str, Any]:
    """The contents of demo/data/<name>.yaml (safe YAML: no Python objects in the files)."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as file:
        return yaml.safe_load(file)
