"""coachkit.wordforms: stems that ignore inflection, the same from any thread."""

from __future__ import annotations

import threading

from coachkit import wordforms


def test_word_forms_share_a_stem():
    """"worried", "worries" and "worry" share a stem; a possessive 's is dropped."""
    assert 1 == len({wordforms.stem(w) for w in ("worried", "worries", "worry", "Worry’s")})


def test_find_phrase_ignores_inflection():
    """A key point written "worry about cost" is found in "you're worried about costs"."""
    assert wordforms.find_phrase("worry about cost", wordforms.tokens("You're worried about costs")) is not None


def test_stems_are_right_from_several_threads_at_once():
    """Four threads stemming together get the same stems as one thread alone (the detector warms up in a thread)."""
    words = [f"{w}{'s' * (i % 2)}" for i, w in enumerate(["worried", "negotiation", "frustrating", "procurement",
                                                            "relationship", "uncertainty"] * 500)]
    expected = {w: wordforms._stemmer().stemWord(w) for w in set(words)}
    wrong: list = []

    def run() -> None:
        for w in words:
            try:
                if wordforms._stemmer().stemWord(w) != expected[w]:
                    wrong.append(w)
            except Exception as exc:  # noqa: BLE001 - a shared stemmer raises IndexError here
                wrong.append(repr(exc))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [] == wrong[:5]


def test_a_number_word_and_its_figure_share_a_stem():
    """'six euros' is found in '6 euros', 'twelve years' in '12 years'; 'no one' stays words."""
    from coachkit.wordforms import find_phrase, stem, tokens

    assert find_phrase("six euros", tokens("At 6 euros a bottle")) and find_phrase("12 years", tokens("twelve years"))
    assert stem("one") == "one" and stem("Twelve") == "12"
