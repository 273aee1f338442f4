"""Write the packet a blind writer of a coach-judged set works from: ``python scripts/blind_packet.py DIR``.

A blind set (``data/labelled/judged_set*.yaml``) is written and judged by someone who never saw the scorers.
They get only what a learner and a coach would see: the curriculum (``../shared/curriculum.md``), each free-text
exercise's instruction and rubric, its items, and the file format. This script writes those four files into DIR,
from the kit's own data, so every round of blind writers starts from the same packet:

    DIR/curriculum.md   the method, the moves, the rubrics and "How a coach judges a check"
    DIR/exercises.md    per judged kind: the instruction, the rubric lines (name, weight, meaning), the items
    DIR/format.md       the YAML format of a set, the checks per kind, the exercises per kind
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from coachkit import content
from coachkit.empathy import EMPATHY_RUBRICS
from coachkit.judged import EXERCISES, JUDGED_CHECKS, LEVELS, VERDICTS
from coachkit.planner_view import pair_chasers
from coachkit.practice import FREE_TEXT_KINDS
from coachkit.rubric import RUBRICS

ROOT = Path(__file__).resolve().parents[1]
CURRICULUM = ROOT.parent / "shared" / "curriculum.md"

#: What the learner is asked, for the kinds that are not scenario exercises (those come from FREE_TEXT_KINDS).
INSTRUCTIONS = {
    "empathy": "Rewrite a projection: the card shows advice a seller gave from their own frame (\"if I were you…\", "
               "\"you should…\"). Rewrite it so it speaks from the client's frame: what they are up against, what "
               "they feel, what they could do.",
    "opening": "The first hello: the card describes a first meeting. Write the first few sentences you would say: "
               "start from the client and their world, ask one open question about them, keep your offer for later.",
    "client_frame": "If I were this client: write one item per line about the client in their situation (not about "
                    "you or your offer), covering at least one thing they could do, one fear and one need.",
    "followup": "Three exercises share this rubric. rewrite-chaser: rewrite the chasing message shown into one that "
                "brings something new for one of their problems, in their words, with no chasing. idea-meeting: "
                "write one idea, option or piece of information that would give a reason to contact them again. "
                "planner-touch: write the message of one follow-up touch of a plan (date and channel may be named).",
}


def _rubric(kind: str) -> str:
    criteria = RUBRICS.get(kind) or EMPATHY_RUBRICS[kind]
    return "\n".join(f"- **{c.name}** (weight {c.weight}): {c.looks_for}" for c in criteria)


def _scenarios() -> str:
    lines = []
    for s in content.load("scenarios"):
        lines += [f"### `{s.id}`: {s.title}", f"- Customer: {s.customer}", f"- Situation: {s.situation}",
                  f"- Objection: \"{s.objection}\"",
                  f"- Seller's counter-argument (shown only in the protocol *rewrite* exercise): \"{s.counter_argument}\"",
                  ""]
    return "\n".join(lines)


def _items(kind: str) -> str:
    if kind == "empathy":
        return "\n".join(f"- `{s.id}`: \"{s.text}\"" for s in content.load("statements") if s.label == "projection")
    if kind == "opening":
        return "\n".join(f"- `{o.id}`: {o.meeting}" for o in content.load("openings"))
    if kind == "client_frame":
        return "\n".join(f"- `{c.id}`: {c.client}. {c.situation}" for c in content.load("client_frames"))
    if kind == "followup":
        chasers = dict((s.id, f.text) for s, f in pair_chasers(content.load("situations"), content.load("followups")))
        out = []
        for s in content.load("situations"):
            out += [f"### `{s.id}`: {s.customer}, {s.company}", f"- Proposal: {s.proposal}",
                    f"- Last meeting {s.last_meeting}; budget window {s.budget_window.opens} to "
                    f"{s.budget_window.closes}; decision {s.decision_date}",
                    *[f"- They said: \"{w}\"" for w in s.last_meeting_words],
                    *[f"- Problem: {p}" for p in s.problems],
                    f"- Chasing message to rewrite (rewrite-chaser): \"{chasers.get(s.id, '')}\"", ""]
        return "\n".join(out)
    return "The scenarios listed under *Scenarios* at the end of this file."


def exercises() -> str:
    parts = ["# The exercises a set answers\n",
             "Each kind below is a free-text exercise of the kit. The rubric lines are exactly what the learner "
             "sees before writing, and what a coach judges one by one.\n"]
    for kind in JUDGED_CHECKS:
        instruction = INSTRUCTIONS.get(kind) or FREE_TEXT_KINDS[kind].instruction
        if kind == "protocol":
            instruction += (" (exercise `full`). In the exercise `rewrite`: " + FREE_TEXT_KINDS["rewrite"].instruction)
        parts += [f"## `{kind}`\n", instruction + "\n", "Rubric:\n", _rubric(kind) + "\n", "Items:\n",
                  _items(kind) + "\n"]
    parts += ["## Scenarios\n", "Used by `accept_explore`, `reformulate`, `ask_permission` and `protocol`.\n",
              _scenarios()]
    return "\n".join(parts)


def format_text() -> str:
    checks = "\n".join(f"- `{k}`: " + ", ".join(f'"{c}"' for c in v) for k, v in JUDGED_CHECKS.items())
    exercises_ = "\n".join(f"- `{k}`: " + ", ".join(f"`{e}`" for e in v) for k, v in EXERCISES.items())
    return f"""# Format of a coach-judged set

One YAML file:

```yaml
writer: 'Set N: who the learners are and how they write, judged by a strict but fair sales coach'
answers:
- id: cN-001            # letters, digits, - and _ only; unique
  kind: accept_explore  # one of the kinds below
  item: hc-purchasing-group   # the id of the item answered (see exercises.md)
  exercise: ''          # only for protocol and followup: which exercise (see below)
  answer: 'the learner''s text exactly as typed (client_frame: one item per line)'
  checks: {{"Accept": pass, "Explore": partial, "No push-back": pass}}
  overall: mixed
  why: 'the coach''s note: what earned or cost each check'
```

Levels per check: {", ".join(LEVELS)}. Overall: {", ".join(VERDICTS)} (good passes as it stands: every check there, at
most one small one half done; mixed asks for another try; poor commits the habit the exercise removes, or misses
the point).

Checks per kind (every one must be judged, with exactly these names):

{checks}

Exercises, for the kinds that serve several:

{exercises_}

Use single-quoted YAML strings (double a quote inside: ''). Keep the learner's typos, case and punctuation as typed.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="where to write the packet")
    parser.add_argument("--curriculum", type=Path, default=CURRICULUM, help="the shared curriculum.md")
    args = parser.parse_args(argv)
    args.dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(args.curriculum, args.dir / "curriculum.md")
    (args.dir / "exercises.md").write_text(exercises(), encoding="utf-8")
    (args.dir / "format.md").write_text(format_text(), encoding="utf-8")
    print(f"packet written to {args.dir}: curriculum.md, exercises.md, format.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
