"""Learners' names and workshop codes, normalised so that one person and one code have one spelling.

* :func:`clean_name` — what is kept of a typed name or code: Unicode NFKC (full-width letters, ligatures and
  compatibility forms become their plain letters), invisible characters removed (control characters, zero-width
  spaces and joiners, byte-order marks, bidirectional overrides and isolates: every "format" character of
  Unicode), white space folded, at most :data:`MAX_NAME` characters;
* :func:`name_key` — two names with the same key are the same learner in a workshop: the cleaned name
  case-folded (``Ana``, ``ANA`` and ``ａｎａ`` are one name); lookalikes are folded as far as NFKC and case
  folding go (a Cyrillic ``а`` stays a different letter);
* :func:`code_key` — two codes with the same key are the same workshop: also without spaces, dashes and
  underscores (``acme 1``, ``ACME-1`` and ``Acme_1`` are one code).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_NAME", "clean_name", "code_key", "name_key"]

#: Longest name or workshop code kept (characters).
MAX_NAME = 60

#: Unicode general categories removed from names: control (Cc) and format (Cf: zero-width space and joiners,
#: soft hyphen, bidirectional marks, overrides and isolates, byte-order mark...), plus unassigned and private use.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs"})
#: Characters dropped from a workshop code's key besides white space (every Unicode dash is category Pd).
_CODE_JOINERS = frozenset("_")


def clean_name(value: str | None) -> str:
    """A display name or code: NFKC, invisible characters removed, white space folded, at most MAX_NAME long."""
    value = unicodedata.normalize("NFKC", value or "")
    value = "".join(" " if ch.isspace() else ch for ch in value
                    if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    return re.sub(r" +", " ", value).strip()[:MAX_NAME].strip()


def name_key(value: str | None) -> str:
    """The key under which a name is owned in a workshop (case-folded, NFKC again after folding)."""
    return unicodedata.normalize("NFKC", clean_name(value).casefold())


def code_key(value: str | None) -> str:
    """The key of a workshop code: case, spaces, dashes and underscores do not count."""
    return "".join(ch for ch in name_key(value)
                   if not ch.isspace() and ch not in _CODE_JOINERS and unicodedata.category(ch) != "Pd")
