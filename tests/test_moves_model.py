"""coachkit._moves_model and the detector's learned backstop."""

from __future__ import annotations

import math

import pytest

from coachkit import _moves_model as mm
from coachkit.eval import Row
from coachkit.moves import Move, _detect, detect_moves


def test_vector_blocks_have_unit_length():
    """Word and character blocks are each scaled to length one."""
    idf = {"w:what": 1.0, "w:worries": 2.0, "c: wh": 1.5, "c:ies ": 1.0}
    x = mm.vector("What worries you?", "objection", idf)
    words = [v for f, v in x.items() if f.startswith("w:")]
    chars = [v for f, v in x.items() if f.startswith("c:")]
    assert (1.0, 1.0) == (pytest.approx(math.hypot(*words)), pytest.approx(math.hypot(*chars)))


def test_features_read_sentence_openings_and_question_forms():
    """Each sentence adds how it opens, and a question adds its question form."""
    word_counts, _ = mm.raw_features("I hear you. What worries you most?", "objection")
    assert {"s0:i", "s01:i hear", "s0:what", "q0:what", "q01:what worries", "ctx:objection"} <= set(word_counts)
    assert "q0:i" not in word_counts


def test_curly_apostrophes_read_as_straight():
    """“don’t” and “don't” are the same word."""
    assert mm.words("Don’t worry")[0][0] == mm.words("Don't worry")[0][0] == "don't"


def test_pure_python_scores_match_scikit_learn():
    """The kit's own scoring gives the probabilities scikit-learn's fitted model gives."""
    pytest.importorskip("sklearn")
    from coachkit import train_moves

    rows = [Row(str(i), "objection", text, frozenset(moves), frozenset()) for i, (text, moves) in enumerate([
        ("What worries you most?", {Move.EXPLORE}), ("What made you hesitate?", {Move.EXPLORE}),
        ("Our product is the best.", {Move.PITCH}), ("Our service is the fastest.", {Move.PITCH}),
        ("That's fair.", {Move.ACKNOWLEDGE}), ("That's a fair point.", {Move.ACKNOWLEDGE}),
    ] * 2)]
    model = train_moves.train(rows)
    import numpy
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    text = "What worries you about our product?"
    x = mm.vector(text, "objection", model.idf)
    features = sorted(model.idf)
    row = csr_matrix([[x.get(f, 0.0) for f in features]])
    move = Move.EXPLORE.value
    i = model.moves.index(move)
    fit = LogisticRegression()
    fit.classes_ = numpy.array([0, 1])
    fit.coef_ = numpy.array([[model.weights[f][i] for f in features]])
    fit.intercept_ = numpy.array([model.bias[i]])
    assert pytest.approx(fit.predict_proba(row)[0, 1], abs=1e-9) == model.scores(text, "objection")[move]


def test_json_round_trip_keeps_scores():
    """A model written to JSON and read back scores the same, to the stored precision."""
    model = mm.model()
    again = mm.Model.from_json(model.to_json())
    text = "Honestly the delay risk is tiny, we have never missed a delivery window."
    assert pytest.approx(model.scores(text, "objection"), abs=1e-4) == again.scores(text, "objection")


def test_backstop_adds_what_the_rules_miss_with_its_sentence():
    """A move the cues miss is added, shown by the sentence that reads like it, naming its cue words."""
    text = "Hi Sam. Whatever you decide, the last spring slots are nearly gone."
    assert Move.PRESSURE not in {d.move for d in _detect(text, "followup", None)}
    found = {d.move: d for d in detect_moves(text, "followup")}
    pressure = found[Move.PRESSURE]
    span = pressure.evidence[0]
    assert "Whatever you decide, the last spring slots are nearly gone." == text[span.start:span.end] == span.text
    assert 1 == pressure.sentence
    assert "learned model" in pressure.reason and "“slots”" in pressure.reason


def test_backstop_cues_are_not_bare_function_words():
    """The words quoted as cues are content words, never only “is” or “the”."""
    model = mm.model()
    cues = model.cues("Honestly the delay risk is tiny, we have never missed a delivery window.", "objection",
                      Move.COUNTER_ARGUMENT.value)
    assert cues and not any(c in {"is", "the", "we", "a"} for c in cues)


@pytest.mark.parametrize(("text", "move"), [
    ("Can I tell you what I think?", Move.EXPLORE),
    ("What would you need to see to feel confident?", Move.ACKNOWLEDGE),
    ("What makes the price the main issue for you?", Move.ACKNOWLEDGE),
    ("In other words, it's less the price than the risk of paying for something your team won't use.",
     Move.COUNTER_ARGUMENT),
])
def test_backstop_respects_sentence_form(text, move):
    """The backstop never names a move where the sentence cannot carry it, whatever the model leans to."""
    eager = mm.model().replace(threshold=0.0)
    assert move not in {d.move for d in _detect(text, "objection", eager)}


def test_backstop_adds_every_move_the_sentence_form_allows():
    """With a threshold of zero every move a sentence can carry is named: the threshold is what holds it back."""
    eager = mm.model().replace(threshold=0.0)
    found = {d.move for d in _detect("Our price is fair. What worries you?", "objection", eager)}
    assert set(Move) == found


def test_veto_drops_a_cue_the_reply_does_not_bear_out():
    """A rule finding the model scores below the veto in the reply and in its sentence is dropped."""
    text = "Our tool solves exactly that. What worries you? May I explain?"
    strict = mm.model().replace(veto=1.01, threshold=1.01, sentence_threshold=1.01)
    lenient = mm.model().replace(veto=0.0)
    assert Move.PITCH in {d.move for d in _detect(text, "objection", lenient)}
    assert set() == {d.move for d in _detect(text, "objection", strict)} & {Move.PITCH, Move.EXPLORE}


def test_a_sentence_keeps_its_rule_finding_when_the_reply_drowns_it():
    """A pitch in one sentence of a longer reply survives the veto: the sentence alone reads as a pitch."""
    text = "Our tool solves exactly that. What worries you? May I explain?"
    model = mm.model()
    assert model.scores(text, "objection")[Move.PITCH.value] < model.veto
    assert Move.PITCH in {d.move for d in detect_moves(text)}


def test_a_sentence_drowned_by_the_rest_of_the_reply_is_still_read():
    """A clear counter-argument followed by a good question is named, even though the reply as a whole reads mildly."""
    text = "Honestly the delay risk is tiny, we have never missed a delivery window. What else worries you?"
    model = mm.model()
    assert model.scores(text, "objection")[Move.COUNTER_ARGUMENT.value] < model.threshold
    found = {d.move: d for d in detect_moves(text)}
    assert {Move.COUNTER_ARGUMENT, Move.EXPLORE} <= set(found)
    assert "delay risk is tiny" in found[Move.COUNTER_ARGUMENT].evidence[0].text


def test_without_the_sentence_reading_the_drowned_move_is_missed():
    """The same reply with the sentence threshold out of reach names no counter-argument: the setting is what finds it."""
    text = "Honestly the delay risk is tiny, we have never missed a delivery window. What else worries you?"
    blind = mm.model().replace(sentence_threshold=1.0)
    assert Move.COUNTER_ARGUMENT not in {d.move for d in _detect(text, "objection", blind)}


def test_a_sentences_share_adds_each_features_push_in_order():
    """A sentence's share of a move is its features' pushes (value in the reply x weight, split by count) added one by
    one: the same float, whichever sentences are asked about."""
    from collections import Counter
    from itertools import chain

    from coachkit.sentences import sentences

    model = mm.model()
    parts = mm.parts(sentences("I hear you. What worries you most? Our team is the best, honestly. What worries you?"))
    counts = mm.combined(parts, "objection")
    x = {**mm.weigh(counts[0], model.idf), **mm.weigh(counts[1], model.idf)}
    shares = mm.Shares(model, parts, counts)
    for move in ("explore", "pitch"):
        expected = []
        for part in parts:
            total = 0.0
            for f, c in Counter(chain(part.word_features, part.char_features)).items():
                if f in x:
                    total += c / (counts[0][f] or counts[1][f]) * x[f] * model.weights[f][model.moves.index(move)]
            expected.append(total)
        assert shares.of(move, range(len(parts))) == dict(enumerate(expected))
        assert shares.of(move, [2]) == {2: expected[2]}
