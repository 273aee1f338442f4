"""coachkit.second_opinion: a check moves one level where coaches judged answers worded like this one otherwise."""

import itertools
from pathlib import Path

import pytest

from coachkit import coach_eval, second_opinion
from coachkit.feedback import reformulation
from coachkit.rubric import Check
from coachkit.second_opinion import CheckModel, Model, revise, rules_only, words

OPEN = sorted((Path(__file__).parents[1] / "data" / "labelled").glob("judged_set*.yaml"))


def _model(weights, classes=("fail", "partial", "pass"), bias=(0.0, 0.0, 0.0), kind="reformulate"):
    """A one-check model ("Check" of ``kind``) with the given weights per feature."""
    return Model(0.6, 3.0, 0.5, {kind: ("Check", "Restate")}, {(kind, "Check"): CheckModel(classes, bias, weights)}, {})


def _checks(level_of_check="pass"):
    credit = {"pass": 1.0, "partial": 0.5, "fail": 0.0}[level_of_check]
    return [Check("Restate", True, 1.0, 1.0, "restates them"),
            Check("Check", level_of_check == "pass", credit, 1.0, "“right?” checks the summary", ("right?",))]


def test_words_are_lower_cased_words_and_word_pairs():
    """Words of two letters or more, and each pair of neighbours."""
    assert words("So you're WORRIED, right?") == {"so", "you", "re", "worried", "right", "so you", "you re",
                                                   "re worried", "worried right"}


def test_probabilities_are_a_softmax_of_the_weights():
    """The level whose weights the answer's words carry is the likeliest; the probabilities sum to one."""
    m = CheckModel(("fail", "partial", "pass"), (0.0, 0.0, 0.0), {"but": (0.0, 3.0, 0.0)})
    p = m.probabilities({"but": 1.0, "unknown": 1.0})
    assert max(p, key=p.get) == "partial" and sum(p.values()) == pytest.approx(1.0)


def test_a_check_moves_one_step_and_says_which_words_moved_it(monkeypatch):
    """A pass coaches would call half done drops to partial; the message names the words and keeps the rules' reading."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"anyway": (0.0, 4.0, -4.0)}))
    out = revise("reformulate", "So the price worries you. Anyway, right?", _checks(), {"Check": "You check it."})
    check = out[1]
    assert (check.passed, check.credit) == (False, 0.5)
    assert "“anyway”" in check.message and "Half done" in check.message
    assert "The rules alone read: “right?” checks the summary" in check.message and "You check it." in check.message
    assert "anyway" in check.evidence and out[0] == _checks()[0]


def test_a_check_never_moves_two_levels(monkeypatch):
    """Even a certain "fail" does not take a pass down to fail: one step at most."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"anyway": (9.0, -9.0, -9.0)}))
    assert revise("reformulate", "anyway, right?", _checks(), {}) == _checks()


def test_it_never_raises_a_check(monkeypatch):
    """However sure it is that coaches passed answers like this one, a partial stays partial: it only withholds."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"summary": (-9.0, -9.0, 9.0)}))
    assert revise("reformulate", "a summary, right?", _checks("partial"), {}) == _checks("partial")


def test_a_stray_word_does_not_move_it(monkeypatch):
    """Words that push less than CHECK_MODEL_MIN_WORD_PUSH toward the lower level leave the check."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"anyway": (0.0, 0.4, 0.0), "=self:pass": (0.0, 3.0, 0.0)}))
    assert revise("reformulate", "anyway, right?", _checks(), {}) == _checks()


def test_no_word_of_the_answer_no_move(monkeypatch):
    """A push that comes only from the rules' levels names no words of the answer: the rules' reading stands."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"=self:pass": (0.0, 4.0, -4.0)}))
    assert revise("reformulate", "So the price worries you, right?", _checks(), {}) == _checks()


def test_an_unsure_opinion_leaves_the_check(monkeypatch):
    """Below the threshold the rules' level stands."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"anyway": (0.0, 0.3, 0.0)}))
    assert revise("reformulate", "anyway, right?", _checks(), {}) == _checks()


def test_rules_only_turns_the_opinion_off(monkeypatch):
    """Inside ``rules_only()`` the checks are the rules' (the trainer's starting point)."""
    monkeypatch.setattr(second_opinion, "model", lambda: _model({"anyway": (0.0, 4.0, -4.0)}))
    with rules_only():
        assert revise("reformulate", "anyway, right?", _checks(), {}) == _checks()
    assert revise("reformulate", "anyway, right?", _checks(), {}) != _checks()


def test_a_blocked_answer_stays_blocked_whatever_the_opinion(monkeypatch):
    """Lifting every check cannot pass a restatement followed by a rebuttal: the block stands."""
    lift = {"but": (-5.0, -5.0, 9.0)}
    m = Model(0.6, 3.0, 0.5, {"reformulate": ("Restate", "Key points", "Check", "Better than they did")},
              {("reformulate", n): CheckModel(("fail", "partial", "pass"), (0.0, 0.0, 0.0), lift)
               for n in ("Restate", "Key points", "Check", "Better than they did")}, {})
    monkeypatch.setattr(second_opinion, "model", lambda: m)
    from coachkit.content import load_scenarios

    nurses = next(s for s in load_scenarios() if s.id == "hc-retrain-nurses")
    fb = reformulation("So you're saying training is hard. But our trainers come for free, so it's not a problem, right?",
                       nurses)
    assert fb.blocked and not fb.passed


def test_the_kits_model_answers_keep_full_marks():
    """Every scenario's model answers (each step, and the whole protocol) pass every check with the opinion on."""
    from coachkit import content
    from coachkit.train_checks import model_answers

    scorers = coach_eval._scorers()
    items = {s.id: s for s in content.load("scenarios")} | {o.id: o for o in content.load("openings")}
    for a in model_answers():
        fb = scorers[a.kind](a.answer, items[a.item])
        assert fb.passed and fb.score == 1.0, (a.id, [(c.name, c.message) for c in fb.checks if not c.passed])


def test_the_shipped_opinion_covers_every_scored_kind():
    """The shipped file has a regression for the judged checks of each kind scored through rubric.scorer."""
    from coachkit.judged import JUDGED_CHECKS
    from coachkit.train_checks import KINDS

    shipped = second_opinion.model()
    assert shipped is not None and set(shipped.judged) == set(KINDS)
    for kind in KINDS:
        assert set(shipped.judged[kind]) == set(JUDGED_CHECKS[kind])
    assert {"source", "licence", "sets"} <= set(shipped.about)


def test_on_real_answers_the_opinion_moves_one_level_at_most_and_never_unblocks():
    """On judged answers, with the shipped weights: every check within one level of the rules', blocks kept."""
    answers = list(itertools.islice((a for a in coach_eval.read_sets(OPEN[:2]) if a.kind != "client_frame"), 120))
    moved = 0
    for a in answers:
        with rules_only():
            rules_fb, rules_levels = coach_eval.judge(a)
        fb, levels = coach_eval.judge(a)
        assert fb.blocked == rules_fb.blocked and not (fb.blocked and fb.passed)
        for name, (lvl, check) in levels.items():
            steps = second_opinion.LEVELS.index(rules_levels[name][0]) - second_opinion.LEVELS.index(lvl)
            assert steps in (0, 1)
            if steps:
                moved += 1
                assert "as coaches judged answers worded like this (“" in check.message
    assert moved > 0
