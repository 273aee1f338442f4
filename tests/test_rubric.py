"""The parts of feedback: every scorer module can be imported on its own (no import cycle)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["rubric", "reading", "keypoints", "score_reformulation", "score_permission",
                                    "score_protocol", "score_empathy", "score_opening", "score_followup", "feedback",
                                    "empathy", "coach_eval"])
def test_each_scoring_module_imports_first(module):
    """Importing any scoring module first, in a fresh interpreter, works."""
    done = subprocess.run([sys.executable, "-c", f"import coachkit.{module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_blocked_verdict_fails_whatever_the_score():
    """Full credit on every check does not pass when the answer commits its exercise's anti-pattern."""
    from coachkit.rubric import Check, Feedback

    checks = (Check("A", True, 1, 1, "ok"), Check("B", True, 2, 2, "ok"))
    assert Feedback(checks).passed and Feedback(checks).score == 1.0
    assert not Feedback(checks, blocked="It pitches.").passed


def test_the_pass_mark_is_a_coachs():
    """An answer with one weight-two check half done is not passed; one small check half done is."""
    from coachkit.rubric import Check, Feedback

    assert not Feedback((Check("A", False, 1, 2, "half"), Check("B", True, 4, 4, "ok"))).passed  # 5/6
    assert Feedback((Check("A", False, 0.5, 1, "half"), Check("B", True, 5, 5, "ok"))).passed  # 11/12
