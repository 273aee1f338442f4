"""'If I were this client' read as a coach reads it (coachkit.score_client_frame)."""

import pytest

from coachkit.content import load_client_frames
from coachkit.score_client_frame import item_kinds, score_client_frame


@pytest.mark.parametrize("item", ["run a trial on one doctor's list before committing",
                                  "push the migration to after the spring audit",
                                  "wait until after tax season", "talk to the receptionists before the partners vote"])
def test_an_option_without_its_subject_is_something_they_could_do(item):
    """An item that opens with a verb of the client's options is something they could do."""
    assert item_kinds(item) == ("could",)


@pytest.mark.parametrize("item", ["push her to decide before summer", "book a demo with the partners",
                                  "give them the roi figures"])
def test_the_seller_acting_on_them_is_not_their_option(item):
    """'push her to decide', 'book a demo': the seller's moves, not an option of the client's."""
    assert item_kinds(item) == ()


def test_a_list_of_bare_options_fears_and_needs_covers_all_three():
    """Options without 'she could', fears and needs together pass the coverage check."""
    frame = load_client_frames()[0]
    result = score_client_frame(["run a trial on one list before committing", "fears being blamed if it goes wrong",
                                 "needs the front desk on her side"], frame)
    assert result.checks[-1].credit == result.checks[-1].weight


def test_the_old_import_path_still_works():
    """coachkit.empathy.score_client_frame is the same function (notebooks written before the move)."""
    from coachkit import empathy

    assert empathy.score_client_frame is score_client_frame


def test_each_item_is_read_by_the_detector_once(monkeypatch, client_frame_at):
    """The seller's pitch in an item is read from the same detection as its advice: one detector pass per item."""
    from coachkit import score_client_frame as module

    calls = []
    real = module.detect_moves
    monkeypatch.setattr(module, "detect_moves", lambda text, context="objection": calls.append(text) or real(text, context))
    feedback = module.score_client_frame("If I were Amira, our platform saves her receptionists hours\nShe fears the "
                                         "partners will blame her", client_frame_at["cf-gp-practice-manager"])
    assert len(calls) == 2 and feedback.checks[0].credit == 0
