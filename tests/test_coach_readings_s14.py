"""Readings taken in session 14 from blind sets 64-69 and the open sets: each convention of
``shared/curriculum.md`` ("How a coach judges a check") the kit now follows, tested by name."""

from _coach import shares

from coachkit.feedback import projection_vs_empathy


def test_what_the_seller_would_do_in_your_position_is_advice():
    """'In your position Madam, I would simply tell the finance director…': words between the seat and the 'I would'
    do not hide the decision made for the client."""
    result = shares(projection_vs_empathy("In your position Madam, I would simply tell the finance director that ROI is "
                                          "clearly there."))
    assert result["No projection"] == 0


def test_the_items_own_in_your_position_statement_is_projection():
    """The exercise's own 'In your position, I would tell the finance director…' fails No projection, not half."""
    result = shares(projection_vs_empathy("In your position, I would tell the finance director the numbers speak for "
                                          "themselves."))
    assert result["No projection"] == 0


def test_a_feeling_in_your_shoes_is_the_sellers_own_frame_not_advice():
    """'in your shoes I'd probably be nervous about…' puts the seller's feeling in their seat: half, not advice."""
    result = shares(projection_vs_empathy("in your shoes I'd probably be nervous about dropping the old supplier "
                                          "tomorrow to be honest"))
    assert result["No projection"] == 0.5


def test_wanting_something_of_their_people_from_their_seat_is_a_decision():
    """'In your position, facing the finance director, I'd want the numbers to do the talking': a wish about what
    others should do is the seller's plan; 'I'd want to know…' stays the seller's own feeling."""
    assert shares(projection_vs_empathy("In your position, facing the finance director, I'd want the numbers to do "
                                        "the talking."))["No projection"] == 0
    assert shares(projection_vs_empathy("In your position, I'd want to know nothing falls over during the "
                                        "move."))["No projection"] == 0.5
