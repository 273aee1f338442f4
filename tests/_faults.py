"""The fault corpus (tests/data/faults/): one file per fault, a header saying what the fault is and what is expected.

A corpus file starts with ``# key: value`` lines (``fault`` always; ``expect`` and others as its folder's test reads
them) down to a line ``# ---``; everything after that line is the faulty payload, byte for byte. A new fault is a
new file in the folder of the layer it hits: ``content/`` (a content file, at the relative path its kind is read
from), ``answers/`` (an answer typed in an exercise), ``widget_messages/`` (the data of a crafted comm message),
``store/`` (a progress store made faulty as its header's ``setup`` says).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["FAULTS", "corpus", "fault"]

FAULTS = Path(__file__).parent / "data" / "faults"
HEADER_END = b"\n# ---\n"


def fault(path: Path) -> tuple[dict[str, str], bytes]:
    """A corpus file: its header (``# key: value`` lines down to ``# ---``: what the fault is, what is expected) and
    the faulty payload after it, byte for byte."""
    head, sep, payload = path.read_bytes().partition(HEADER_END)
    assert sep, f"{path.name}: no '# ---' line ends the header"
    header = {}
    for line in head.decode("ascii").splitlines():
        key, colon, value = line.removeprefix("# ").partition(": ")
        if colon:
            header[key.strip()] = value.strip()
    assert header.get("fault"), f"{path.name}: the header must say what the fault is"
    return header, payload


def corpus(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


