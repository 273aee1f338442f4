"""Readings of formal, hedged and scripted writing that blind sets 19-20 showed the kit missed: one test each."""

import pytest
from _coach import shares

from coachkit.feedback import accept_and_explore, permission_request, projection_vs_empathy
from coachkit.reading import read


def test_it_sounds_as_though_is_no_contrast():
    """'It sounds as though the launch date is squeezing your team' names their state; 'though' contrasts nothing."""
    result = projection_vs_empathy("It sounds as though the launch date is squeezing your team, and you're weighing up "
                                   "whether they can realistically be ready in time.")
    assert shares(result) == {"Client's frame": 1, "No projection": 1, "About them": 1} and result.passed
    assert read("It sounds as though you're under pressure.").sentences[0].rebuttal == ""


def test_realistically_inside_a_question_is_no_rebuttal(scenario_at):
    """'How many days of downtime could you realistically absorb?' asks; 'realistically' argues nothing there."""
    result = accept_and_explore("Understood, the orders have to go out no matter what. How many days of downtime could "
                                "you realistically absorb?", scenario_at["mfg-downtime-risk"])
    assert shares(result)["No push-back"] == 1
    assert read("Realistically, our crew installs it in a weekend.").sentences[0].rebuttal


@pytest.mark.parametrize("ask", [
    "Before I say anything further, I wonder whether you'd be open to my sharing a thought on that?",
    "I wonder if I might share how one or two other clinics have handled this?",
])
def test_a_hedged_request_asks_leave(scenario_at, ask):
    """'I wonder whether you'd be open to my sharing a thought' asks leave, however formally."""
    assert shares(permission_request(ask, scenario_at["hc-purchasing-group"]))["Ask leave"] == 1


def test_i_imagine_introduces_their_state_not_the_seller():
    """'I imagine there is a certain degree of concern…' is about them: the 'I' only introduces the guess."""
    result = projection_vs_empathy("I imagine there is a certain degree of concern about keeping pace with competitors.")
    assert shares(result)["About them"] == 1
