"""coachkit.sentences: a reply split into sentences and clauses, offsets kept."""

from coachkit.sentences import Piece, clauses, sentences


def test_sentences_keep_their_offsets():
    """Each sentence's text is the slice of the reply at its offsets."""
    text = "I hear you.  What worries you most?\nTell me more."
    pieces = sentences(text)
    assert [p.text for p in pieces] == ["I hear you.", "What worries you most?", "Tell me more."]
    assert all(text[p.start:p.end] == p.text for p in pieces)


def test_a_chat_emoji_and_a_stage_direction_close_a_sentence():
    """'…are real 👍 quick q…' is two sentences; '(if yes)' after a question belongs to the break."""
    assert [p.text for p in sentences("capex freezes are real 👍 quick q, how is the line coping?")] == [
        "capex freezes are real 👍", "quick q, how is the line coping?"]
    assert [p.text for p in sentences("Is that right? (if yes) Would you like my view?")] == [
        "Is that right?", "Would you like my view?"]


def test_clauses_split_at_semicolons_dashes_and_linking_commas():
    """'…, but…' starts a clause; a plain list comma does not."""
    sentence = Piece(10, 60, "I get it, but our price is fixed; it includes training")
    parts = clauses(sentence)
    assert [p.text for p in parts] == ["I get it", "but our price is fixed", "it includes training"]
    assert parts[0].start == 10
    assert [p.text for p in clauses(Piece(0, 20, "tills, rotas and stock"))] == ["tills, rotas and stock"]
