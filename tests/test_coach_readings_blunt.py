"""Readings of blunt trade sellers typing in lower case (blind set 36, tuned on in session 9; 34-35 held out)."""

import pytest
from _coach import shares

from coachkit.feedback import permission_request
from coachkit.questions import announced_tag


@pytest.mark.parametrize("request_", [
    "let me run something by you real quick ok?",
    "let me walk you thru how training works with us ok",
    "no dramas. let me give you my 2 cents on getting it past head office yeah?",
    "ill tell you how other firms got it past IT if you want",
])
def test_an_announcement_with_a_tag_asks_leave_by_half(scenario_at, request_):
    """'let me run something by you real quick ok?' announces and tags a yes on: half of Ask leave, not none."""
    assert shares(permission_request(request_, scenario_at["mfg-downtime-risk"]))["Ask leave"] == 0.5


def test_a_tag_needs_an_announcement_before_it():
    """'…quick ok?' after 'let me' is a tag; 'is that ok?' asks, and 'ok' alone announces nothing."""
    assert announced_tag("let me run something by you real quick ok?")
    assert not announced_tag("I want to tell you how we usually do the installation, is that ok?")
    assert not announced_tag("ok")
