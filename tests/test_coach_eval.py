"""The coach-agreement command: per-check agreement, false praise and blame, pass agreement, floors on sealed sets."""

from pathlib import Path

import pytest

from coachkit import coach_eval
from coachkit.content import ContentInvalid

SEALED_DIR = Path(__file__).parent / "data" / "sealed"
#: The pair issue 14's targets are measured on; sets 37-38 were sealed in session 9, 43-44 in session 10, 52-53 in
#: session 11 and 55, 57 in session 12, each written blind, never tuned on, scored at first sight and at their session's
#: end only.
SEALED = [SEALED_DIR / "judged_set5.yaml", SEALED_DIR / "judged_set6.yaml"]
SEALED_LATER = [SEALED_DIR / "judged_set37.yaml", SEALED_DIR / "judged_set38.yaml"]
SEALED_S10 = [SEALED_DIR / "judged_set43.yaml", SEALED_DIR / "judged_set44.yaml"]
SEALED_S11 = [SEALED_DIR / "judged_set52.yaml", SEALED_DIR / "judged_set53.yaml"]
SEALED_S12 = [SEALED_DIR / "judged_set55.yaml", SEALED_DIR / "judged_set57.yaml"]
SEALED_S13 = [SEALED_DIR / "judged_set59.yaml", SEALED_DIR / "judged_set61.yaml"]
SEALED_S14 = [SEALED_DIR / "judged_set65.yaml", SEALED_DIR / "judged_set67.yaml"]
SEALED_S15 = [SEALED_DIR / "judged_set74.yaml", SEALED_DIR / "judged_set75.yaml"]
SEALED_S16 = [SEALED_DIR / "judged_set88.yaml", SEALED_DIR / "judged_set89.yaml"]
ALL_SEALED = (SEALED + SEALED_LATER + SEALED_S10 + SEALED_S11 + SEALED_S12 + SEALED_S13 + SEALED_S14 + SEALED_S15
              + SEALED_S16)
OPEN = sorted((Path(__file__).parents[1] / "data" / "labelled").glob("judged_*.yaml"))


def test_levels_follow_the_credit():
    """All credit is pass, none is fail, some is partial."""
    assert [coach_eval.level(c, 2) for c in (2, 1, 0)] == ["pass", "partial", "fail"]


def test_sets_are_big_enough():
    """At least 600 judged answers, at least 80 per kind, and every sealed set accounted for."""
    answers = coach_eval.read_sets(OPEN + ALL_SEALED)
    kinds = {}
    for a in answers:
        kinds[a.kind] = kinds.get(a.kind, 0) + 1
    assert len(answers) >= 600 and min(kinds.values()) >= 80 and len(kinds) == 8
    assert all(p.exists() for p in ALL_SEALED)
    assert sorted(SEALED_DIR.glob("judged_*.yaml")) == sorted(ALL_SEALED)


def test_the_command_prints_every_figure(capsys):
    """The command prints per-check rows, every disagreement and the summary line."""
    assert coach_eval.main([str(SEALED[0])]) == 0
    out = capsys.readouterr().out
    assert "accept_explore / Accept" in out and "disagreements" in out
    assert "check agreement" in out and "false praise" in out and "pass agreement" in out


def test_a_bad_set_is_refused_with_file_entry_and_field(tmp_path, capsys):
    """A set with a misspelt check names the file, the entry and what is wrong."""
    bad = tmp_path / "judged_bad.yaml"
    bad.write_text("answers:\n  - {id: x1, kind: accept_explore, item: hc-retrain-nurses, answer: hi,\n"
                   "     checks: {Accept: pass, Explor: pass, No push-back: pass}, overall: good}\n")
    with pytest.raises(ContentInvalid, match=r"judged_bad.yaml: entry 1 \(id 'x1'\).*Explore"):
        coach_eval.read_sets([bad])
    assert coach_eval.main([str(bad)]) == 1
    assert "judged_bad.yaml" in capsys.readouterr().err


def test_sealed_sets_agreement_floor():
    """Floors on the sealed sets (never tuned on): today's figures less a margin; issue 14's targets are higher."""
    report = coach_eval.evaluate(coach_eval.read_sets(SEALED))
    assert report.check_agreement >= 0.78
    assert report.false_praise <= 0.025
    assert report.pass_agreement >= 0.88


#: Floors on the sets sealed after 5-6 (each scored at first sight and at its session's end only): that end's figures
#: less a margin. 37-38 sealed in session 9; 43-44 (enterprise account executives; field technicians dictating by
#: voice) in session 10; 52-53 (engineers turned pre-sales; luxury-retail associates moving into B2B) in session 11.
LATER_FLOORS = {
    "sets 37-38": (SEALED_LATER, 0.73, 0.035, 0.80),
    "sets 43-44": (SEALED_S10, 0.72, 0.045, 0.74),
    "sets 52-53": (SEALED_S11, 0.76, 0.04, 0.83),
    "sets 55, 57": (SEALED_S12, 0.79, 0.03, 0.85),
    "sets 59, 61": (SEALED_S13, 0.81, 0.025, 0.86),
    "sets 65, 67": (SEALED_S14, 0.79, 0.035, 0.86),
    "sets 74, 75": (SEALED_S15, 0.79, 0.03, 0.88),
    "sets 88, 89": (SEALED_S16, 0.82, 0.03, 0.87),
}


@pytest.mark.parametrize("pair", LATER_FLOORS)
def test_later_sealed_sets_agreement_floor(pair):
    """Each later sealed pair stays at its floor: agreement, false praise and pass agreement."""
    sets, agreement, praise, passing = LATER_FLOORS[pair]
    report = coach_eval.evaluate(coach_eval.read_sets(sets))
    assert report.check_agreement >= agreement
    assert report.false_praise <= praise
    assert report.pass_agreement >= passing


def test_the_kit_beats_its_old_scorers_on_false_praise():
    """On the open sets, fewer poor answers pass than the 88 the scorers of the start of this work passed."""
    report = coach_eval.evaluate(coach_eval.read_sets(OPEN))
    assert report.passes_poor < 88 // 2


def test_a_second_coach_agrees_with_the_first(capsys):
    """A second coach who never saw the first's verdicts agrees on most checks: the ceiling the kit aims at."""
    second = Path(__file__).parent / "data" / "second_coach.yaml"
    report = coach_eval.compare_coaches(coach_eval.read_sets(OPEN), coach_eval.read_sets([second]))
    assert len(report.outcomes) == 128
    assert report.check_agreement >= 0.85 and report.pass_agreement >= 0.85
    assert coach_eval.main([*map(str, OPEN), "--quiet", "--second-coach", str(second)]) == 0
    assert "check agreement" in capsys.readouterr().out


def test_rules_only_scores_without_the_second_opinion(capsys):
    """``--rules-only`` prints the rules' own levels: no check message of the second opinion in its disagreements."""
    assert coach_eval.main([str(OPEN[0]), "--rules-only"]) == 0
    assert "as coaches judged answers worded like this" not in capsys.readouterr().out
