"""Every tunable of the kit, declared once with its meaning.

Notebooks, widgets and rules import these names; no number that changes behaviour is
written anywhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "MAX_ANSWER_CHARS",
    "PACKAGE_DIR",
    "PASS_MARK",
    "PROJECT_DIR",
    "DIFFICULTIES",
    "data_dir",
]

#: The installed package folder.
PACKAGE_DIR = Path(__file__).resolve().parent

#: The project checkout (the folder holding ``data/``, ``notebooks/``, ``exercises/``...).
PROJECT_DIR = PACKAGE_DIR.parent

#: Where the content files live unless ``COACHKIT_DATA`` points elsewhere.
DATA_DIR = PROJECT_DIR / "data"

#: Longest answer, in characters, that the feedback engine reads. A longer answer is
#: refused with a message saying so (never truncated silently): a real reply to a customer
#: fits in a few paragraphs, and the cap keeps one pasted document from stalling a kernel.
MAX_ANSWER_CHARS = 5_000

#: Share of the available credit (0..1) at which an attempt counts as passed: below it the
#: hint unlocks and the exercise shows as "tried" rather than "done".
PASS_MARK = 0.7

#: Difficulty levels of a scenario, from the easiest.
DIFFICULTIES = ("easy", "medium", "hard")


def data_dir() -> Path:
    """The content folder: ``$COACHKIT_DATA`` if set, else the project's ``data/``."""
    override = os.environ.get("COACHKIT_DATA")
    return Path(override) if override else DATA_DIR
