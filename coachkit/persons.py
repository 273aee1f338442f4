"""Person words: who a sentence speaks of (the customer, the seller, the seller's company).

The lists are data (``lexicons/persons.yaml``, each with its meaning); :func:`words` joins some of them into one
whole-word pattern. The scorers and the move detector build their person patterns here, once, at import.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

__all__ = ["alternation", "lists", "words"]


@cache
def lists() -> dict[str, tuple[str, ...]]:
    """Every list of ``lexicons/persons.yaml`` by name."""
    text = resources.files("coachkit").joinpath("lexicons/persons.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    return {name: tuple(spec["words"]) for name, spec in raw.items()}


def alternation(*names: str) -> str:
    """The words of the named lists as one regex alternation, longest first (``"you're"`` before ``"you"``)."""
    found = dict.fromkeys(w for name in names for w in lists()[name])
    return "|".join(re.escape(w) for w in sorted(found, key=len, reverse=True))


def words(*names: str) -> re.Pattern:
    """A case-insensitive pattern matching any word of the named lists, whole."""
    return re.compile(rf"\b(?:{alternation(*names)})\b", re.IGNORECASE)
