"""scripts/blind_packet.py: the packet a blind writer of a coach-judged set works from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coachkit import content
from coachkit.judged import JUDGED_CHECKS

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def packet(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("packet")
    curriculum = out / "given-curriculum.md"
    curriculum.write_text("# The method\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "scripts/blind_packet.py", str(out / "p"), "--curriculum", str(curriculum)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return out / "p"


def test_packet_holds_the_curriculum_exercises_and_format(packet):
    """The three files are written, the curriculum copied as given."""
    assert (packet / "curriculum.md").read_text(encoding="utf-8") == "# The method\n"
    assert (packet / "exercises.md").stat().st_size > 10_000
    assert "answers:" in (packet / "format.md").read_text(encoding="utf-8")


def test_every_judged_check_is_named_in_the_rubric_and_the_format(packet):
    """Each check a coach judges appears as a rubric line and in the format's list."""
    exercises = (packet / "exercises.md").read_text(encoding="utf-8")
    fmt = (packet / "format.md").read_text(encoding="utf-8")
    for kind, checks in JUDGED_CHECKS.items():
        assert f"## `{kind}`" in exercises
        for check in checks:
            assert f"**{check}**" in exercises and f'"{check}"' in fmt


def test_every_item_a_set_can_answer_is_listed(packet):
    """Scenarios, projections, meetings, clients and customers are all there by id."""
    exercises = (packet / "exercises.md").read_text(encoding="utf-8")
    ids = [s.id for s in content.load("scenarios")] + [o.id for o in content.load("openings")]
    ids += [c.id for c in content.load("client_frames")] + [s.id for s in content.load("situations")]
    ids += [s.id for s in content.load("statements") if s.label == "projection"]
    assert [i for i in ids if f"`{i}`" not in exercises] == []


def test_packet_gives_away_no_model_answer_or_cue(packet):
    """Nothing the scorers match against (model answers, hidden needs, model openings and items) reaches the writer."""
    text = (packet / "exercises.md").read_text(encoding="utf-8")
    secrets = []
    for s in content.load("scenarios"):
        secrets += [s.hidden_need.text, *vars(s.model_answers).values()]
    secrets += [o.model_opening for o in content.load("openings")]
    secrets += [i for c in content.load("client_frames") for i in c.model_items]
    secrets += [t.message for s in content.load("situations") for t in s.model_plan]
    assert [x for x in secrets if x.strip() and x.strip() in text] == []
