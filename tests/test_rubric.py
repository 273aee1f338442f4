"""The parts of feedback: every scorer module can be imported on its own (no import cycle)."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["rubric", "reading", "keypoints", "score_reformulation", "score_empathy", "score_opening",
                                    "score_followup", "feedback", "empathy", "coach_eval"])
def test_each_scoring_module_imports_first(module):
    """Importing any scoring module first, in a fresh interpreter, works."""
    done = subprocess.run([sys.executable, "-c", f"import coachkit.{module}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
