"""A second opinion on each rubric check: the level coaches gave answers worded like this one.

The scorers read a reply with rules (:mod:`coachkit.reading`) and give each check a level: pass, partial
or fail. Coaches judged thousands of answers check by check (``data/labelled/judged_set*.yaml``). For each
check of each exercise kind a small logistic regression, trained by ``python -m coachkit.train_checks``,
learned which words and word pairs of an answer, beside the rules' levels of all its checks, go with each of
the coach's levels. It only ever withholds credit: where the level one below the rules' (pass to partial,
partial to fail) is clearly the likelier (``CHECK_MODEL_THRESHOLD``), and the answer's words, not the rules'
levels, pushed it there (``CHECK_MODEL_MIN_WORD_PUSH``), the check drops that one level; its message says
so, names those words and keeps the rules' own reading. It never raises a check, so it never praises what
the rules did not, and every convention that makes a check half (a ritual ask, a summary beside an
argument…) stands. The kit's own model answers are among its examples, each passed on every check. Pure
Python over shipped weights (``lexicons/check_model.json``); deterministic and offline.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Protocol

from coachkit.wordforms import STOPWORDS

__all__ = ["LEVELS", "CheckModel", "Model", "features", "level", "model", "revise", "rules_only"]

#: A check's levels, from the lowest; the credit a check dropped to a level keeps, as a share of its weight.
LEVELS = ("fail", "partial", "pass")
CREDIT = {"fail": 0.0, "partial": 0.5}
#: Words as the trainer counts them: runs of two or more letters or digits, lower-cased.
TOKEN = re.compile(r"(?u)\b\w\w+\b")
MODEL_FILE = "check_model.json"
#: Most cue words a message names.
SHOWN_CUES = 3

_ENABLED: ContextVar[bool] = ContextVar("second_opinion", default=True)


class CheckLike(Protocol):
    """What the second opinion reads of a check (``coachkit.rubric.Check``)."""

    name: str
    passed: bool
    credit: float
    weight: float
    message: str
    evidence: tuple[str, ...]


def level(credit: float, weight: float) -> str:
    """A check's credit as a coach's level: pass (all), partial (some) or fail (none)."""
    share = credit / weight if weight else 0.0
    return "pass" if share >= 0.999 else "fail" if share <= 0.001 else "partial"


def words(text: str) -> set[str]:
    """The answer's words and word pairs (each counted once)."""
    tokens = TOKEN.findall(text.lower())
    return set(tokens) | {f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)}


def features(found: set[str], name: str, levels: Mapping[str, str], level_weight: float) -> dict[str, float]:
    """What the regression of check ``name`` reads: the answer's words (1 each), the rules' level of this
    check (``=self:LEVEL``, worth ``level_weight``) and of each other judged check (``=NAME:LEVEL``)."""
    x = dict.fromkeys(found, 1.0)
    x[f"=self:{levels[name]}"] = level_weight
    x.update({f"={other}:{lvl}": 1.0 for other, lvl in levels.items() if other != name})
    return x


@dataclass(frozen=True)
class CheckModel:
    """One check's regression: a bias and a weight per feature for each level it was trained on."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def probabilities(self, x: Mapping[str, float]) -> dict[str, float]:
        z = list(self.bias)
        for f in sorted(x.keys() & self.weights.keys()):  # most words carry no weight; sorted: one sum order
            v, w = x[f], self.weights[f]
            z = [a + b * v for a, b in zip(z, w, strict=True)]
        top = max(z)
        e = [math.exp(a - top) for a in z]
        return {c: p / sum(e) for c, p in zip(self.classes, e, strict=True)}

    def push(self, found: set[str], toward: str, away: str) -> float:
        """How far the answer's words alone (not the rules' levels) push from ``away`` to ``toward``."""
        if away not in self.classes:
            return 0.0
        t, a = self.classes.index(toward), self.classes.index(away)
        return sum(self.weights[f][t] - self.weights[f][a] for f in sorted(found & self.weights.keys()))

    def cues(self, found: set[str], toward: str, away: str) -> list[str]:
        """The answer's words that push from ``away`` to ``toward`` the most: words that carry meaning first
        (a pair, or a word not in ``wordforms.STOPWORDS``), strongest first within each."""
        if away not in self.classes:
            return []
        t, a = self.classes.index(toward), self.classes.index(away)
        pushes = [(w[t] - w[a], f) for f in found if (w := self.weights.get(f)) is not None and w[t] > w[a]]
        return [f for _, f in sorted(pushes, key=lambda p: (p[1] in STOPWORDS, -p[0], p[1]))[:SHOWN_CUES]]


@dataclass(frozen=True)
class Model:
    """Every check's regression, by exercise kind and check name, with what it was trained on."""

    threshold: float
    level_weight: float
    min_push: float
    judged: Mapping[str, tuple[str, ...]]  # kind -> the checks whose levels are read, in rubric order
    checks: Mapping[tuple[str, str], CheckModel]
    about: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"about": dict(self.about), "threshold": self.threshold, "level_weight": self.level_weight,
                "min_push": self.min_push,
                "judged": {k: list(v) for k, v in self.judged.items()},
                "checks": {f"{kind}/{name}": {"classes": list(m.classes), "bias": [round(b, 5) for b in m.bias],
                                              "weights": {f: [round(x, 5) for x in w] for f, w in sorted(m.weights.items())}}
                           for (kind, name), m in sorted(self.checks.items())}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Model:
        checks = {}
        for key, m in data["checks"].items():
            kind, name = key.split("/", 1)
            checks[kind, name] = CheckModel(tuple(m["classes"]), tuple(m["bias"]),
                                            {f: tuple(w) for f, w in m["weights"].items()})
        return cls(float(data["threshold"]), float(data["level_weight"]), float(data["min_push"]),
                   {k: tuple(v) for k, v in data["judged"].items()}, checks, data.get("about", {}))

    def opinion(self, kind: str, text: str, levels: Mapping[str, str]) -> dict[str, tuple[str, list[str]]]:
        """Checks coaches would set one level below the rules', with the words that say so."""
        found, moved = words(text), {}
        for name in self.judged.get(kind, ()):
            m = self.checks.get((kind, name))
            if m is None or name not in levels:
                continue
            below = LEVELS.index(levels[name]) - 1
            if below < 0:
                continue
            lower = LEVELS[below]
            p = m.probabilities(features(found, name, levels, self.level_weight))
            if p.get(lower, 0.0) <= self.threshold:
                continue
            if m.push(found, lower, levels[name]) < self.min_push:  # the rules' levels moved it, not the words
                continue
            moved[name] = (lower, m.cues(found, lower, levels[name]))
        return moved


def path():
    return resources.files("coachkit") / "lexicons" / MODEL_FILE


@cache
def model() -> Model | None:
    """The shipped second opinion, or None where the file is absent (the rules alone then speak)."""
    source = path()
    if not source.is_file():
        return None
    return Model.from_json(json.loads(source.read_text(encoding="utf-8")))


@contextmanager
def rules_only() -> Iterator[None]:
    """Score with the rules alone inside this block (the trainer's starting point; ``coach_eval --rules-only``)."""
    token = _ENABLED.set(False)
    try:
        yield
    finally:
        _ENABLED.reset(token)


_SAY = {
    ("pass", "partial"): "Half done, as coaches judged answers worded like this ({cues}).",
    ("partial", "fail"): "Not there yet, as coaches judged answers worded like this ({cues}).",
}


def revise(kind: str, text: str, checks: Sequence[CheckLike], looks_for: Mapping[str, str]) -> list:
    """The checks, each dropped one level where the second opinion says so (see the module's docstring)."""
    shipped = model() if _ENABLED.get() else None
    if shipped is None or kind not in shipped.judged:
        return list(checks)
    by_name = {c.name: c for c in checks}
    levels = {n: level(by_name[n].credit, by_name[n].weight) if n in by_name else "fail" for n in shipped.judged[kind]}
    moved = shipped.opinion(kind, text, levels)
    out = []
    for c in checks:
        if c.name not in moved:
            out.append(c)
            continue
        new, cues = moved[c.name]
        shown = ", ".join(f"“{w}”" for w in cues)
        wants = f" This check asks: {looks_for[c.name]}" if c.name in looks_for else ""
        message = f"{_SAY[levels[c.name], new].format(cues=shown)}{wants} The rules alone read: {c.message}"
        out.append(replace(c, passed=False, credit=c.weight * CREDIT[new], message=message,
                           evidence=tuple(c.evidence) + tuple(cues)))
    return out
