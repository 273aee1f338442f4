"""False praise on unseen writers: the habits a coach fails that the kit praised in blind sets at first sight (sets
47-51 scored with session 11's starting scorers, 54 and 56 with session 12's), read in session 12."""

import pytest
from _coach import shares

from coachkit.feedback import (
    accept_and_explore,
    followup_message,
    permission_request,
    projection_vs_empathy,
    protocol_reply,
    reformulation,
)
from coachkit.score_opening import score_opening


@pytest.mark.parametrize("reply", [
    "I can offer you a 15% discount for the first year if that helps?",
    "We could offer you a free month to start, would that work?",
])
def test_an_offer_asked_as_a_question_is_the_view_given(scenario_at, reply):
    """'I can offer you a 15% discount … if that helps?': the offer is the message, whatever its question mark."""
    assert shares(permission_request(reply, scenario_at["sw-price-small-team"]))["View held back"] == 0


@pytest.mark.parametrize("reply", [
    "Quick one - have you thought about funding it out of the maintenance budget instead of capex?",
    "Could I suggest something? Have you thought about funding it out of the maintenance budget instead?",
])
def test_an_advice_question_is_the_view_given(scenario_at, reply):
    """'have you thought about funding it out of maintenance?' gives the view, asked or not asked leave first."""
    assert shares(permission_request(reply, scenario_at["mfg-capex-frozen"]))["View held back"] == 0


def test_a_reassurance_with_facts_pushes_back(scenario_at):
    """'Just to reassure you, the drapes are CE marked…' answers the worry with the seller's facts."""
    result = shares(accept_and_explore("I understand where you're coming from. Just to reassure you, the drapes are CE "
                                       "marked and used in over 300 hospitals. What other concerns do you have?",
                                       scenario_at["hc-theatre-safety"]))
    assert result["No push-back"] == 0


@pytest.mark.parametrize("reply, item", [
    ("If I understand you, the day rate is close to double what you're used to and that's hard to accept, but I'd "
     "say that's because you're getting senior people. Fair?", "ps-day-rate"),
    ("So you don't trust vendor timelines any more. I promise you we're different, we'll hold your hand all the way.",
     "sw-burned-by-implementation"),
    ("So you've been burned by fixed quotes that turned into change requests and you want one number, which is fair "
     "enough, and the number in our proposal is that number, isn't it?", "ps-scope-creep"),
    ("Just so I'm clear, the budget was set in October and there's no headroom. In principle though, the tool would "
     "pay for itself in caseworker hours. Would that be worth exploring?", "pub-budget-voted"),
])
def test_the_sellers_word_inside_a_summary_pushes_back(scenario_at, reply, item):
    """'but I'd say…', 'I promise you we're different', '…our proposal is that number, isn't it?', 'would pay for
    itself': the seller's opinion or offer inside the summary."""
    assert shares(reformulation(reply, scenario_at[item]))["No push-back"] == 0


def test_but_really_turns_the_summary_into_an_argument(scenario_at):
    """'…but really it's the cost per patient that matters, isn't it?' argues before the request: out of order."""
    result = shares(protocol_reply("You're right to look at the price. What does finance usually compare? So the unit "
                                   "price is double and you're worried finance will refuse it, but really it's the "
                                   "cost per patient that matters, isn't it? May I show you the figures?",
                                   scenario_at["hc-dressings-twice-price"]))
    assert result["In order"] == 0


def test_a_view_after_the_request_leaves_the_summary_whole(scenario_at):
    """The view said after the permission question costs Ask permission and In order, not the reformulation before it."""
    result = shares(protocol_reply("I completely understand. What do you think the partners would object to most? So "
                                   "you believe in this but you're worried the partners will see soft skills as not "
                                   "worth paying for, and you'd be stuck in the middle. Is that right? Can I share a "
                                   "thought? I think if we reframe it around fees recovered, they'll see it.",
                                   scenario_at["ps-partners-will-laugh"]))
    assert result["Reformulate"] == 1 and result["Ask permission"] == 0.5 and result["In order"] == 0


def test_that_is_why_we_are_here_ends_on_the_seller():
    """'…and that's why we're here to make the transition smooth' turns their side into the seller's reason: About them
    fails; the client's side it took first still counts."""
    result = shares(projection_vs_empathy("You've been with your supplier for years, so leaving them must feel like a "
                                          "big step, and that's why we're here to make the transition smooth for you."))
    assert result["About them"] == 0 and result["Client's frame"] == 1


def test_lets_get_this_signed_chases_beside_new_value():
    """A slotting idea of their own list, then 'let's get this signed before peak!': the touch chases after all."""
    result = shares(followup_message("Tomás, I ran a slotting simulation on your SKU list: moving your top 50 fast "
                                     "movers to the front would cut walking by a third. Let's get this signed before "
                                     "peak!", "Our fast movers are at the back of the warehouse."))
    assert result["No chasing"] == 0 and result["New value"] == 1


@pytest.mark.parametrize("reply, leave", [
    ("Before I say anything further, I wonder whether you'd be open to my sharing a thought on that - and please do say "
     "if you'd rather I didn't.", 1),
    ("Can I just tell you, we don't cut anything, all our coatings are certified to aerospace standard.", 0.5),
])
def test_leave_asked_without_a_question_mark_is_asked(scenario_at, reply, leave):
    """'I wonder whether you'd be open to my sharing a thought' asks leave; 'Can I just tell you, we don't cut
    anything…' asks and says the view in one breath: half."""
    assert shares(permission_request(reply, scenario_at["mfg-cheaper-means-cut"]))["Ask leave"] == leave


def test_a_minimiser_in_their_mouth_is_their_view(scenario_at):
    """'From where you sit there's no problem to solve…' gives their view back: not the seller shrinking it."""
    result = shares(reformulation("Twelve years with the same people, so they know your machines and you can pick up "
                                  "the phone when something goes wrong. From where you sit there's no problem to "
                                  "solve, and changing would be a risk with nothing to gain. Is that a fair summary?",
                                  scenario_at["mfg-supplier-locked"]))
    assert result["No push-back"] == 1 and result["Restate"] == 1


@pytest.mark.parametrize("reply", [
    "Hello, your colleague gave me your name. We provide healthy meals to over 50 schools and we'd love to give you a "
    "free tasting session. When would suit you?",
    "Thanks for meeting! Our donor database is used by 200 charities. When could your team start a trial?",
])
def test_a_question_that_books_a_time_opens_nothing(opening_at, reply):
    """'When would suit you?', 'When could your team start a trial?' close for a meeting: no open question about them."""
    assert shares(score_opening(reply, opening_at["op-school-bursar"]))["Open question"] == 0


@pytest.mark.parametrize("reply", [
    "Understood, a voted budget is a voted budget. Is there any chance some money frees up before year end though?",
    "Ok, capex is frozen, understood. Just out of curiosity, is the maintenance budget frozen too or only capex?",
    "Understood, budget is closed. But are there any unspent lines before year end?",
])
def test_a_closed_question_that_looks_for_a_way_round_explores_nothing(scenario_at, reply):
    """'any chance some money frees up?', 'is the maintenance budget frozen too?', 'But are there…?': the seller's next
    move asked, not the objection explored (a closed question into it is half)."""
    result = accept_and_explore(reply, scenario_at["mfg-capex-frozen"])
    assert shares(result)["Explore"] == 0 and "way round" in result.checks[1].message
    assert shares(accept_and_explore("Understood. Is it a hard freeze on everything or just new projects?",
                                     scenario_at["mfg-capex-frozen"]))["Explore"] == 0.5


@pytest.mark.parametrize("reply", [
    "Sure, I'll send it. Mind if I tell you why I think a quick call beats a brochure though?",
    "May I tell you how other hospitals ran the first test, without risk for you?",
    "I have a different view on the risk aspect. May I present it?",
])
def test_a_request_that_names_what_the_view_will_say_half_holds_it(scenario_at, reply):
    """'…tell you why I think a call beats a brochure?', '…without risk for you?', 'I have a different view…' ask
    leave, but the view's gist is out before the yes."""
    assert shares(permission_request(reply, scenario_at["hc-retrain-nurses"]))["View held back"] == 0.5


@pytest.mark.parametrize("reply", [
    "Totally fair, December is chaos. I'll leave you with one quick idea and then let you get on, ok?",
    "Of course, elections change everything. I'll just run one idea on the timing past you quickly, alright?",
])
def test_an_announcement_with_a_tag_half_asks(scenario_at, reply):
    """'I'll leave you with one quick idea…, ok?', '…, alright?': an announcement that tags a yes on is half a request."""
    assert shares(permission_request(reply, scenario_at["pub-budget-voted"]))["Ask leave"] == 0.5


@pytest.mark.parametrize("reply, item", [
    ("I hear you, nearly double is a big jump. I can talk to my director about bringing the day rate down a bit. Would "
     "that help?", "ps-day-rate"),
    ("So the price feels too high for a team of 25 and you'd have to justify it to the owners. Have I got that right? "
     "If so let's grab 20 mins Thursday and go through it properly!", "sw-price-small-team"),
])
def test_a_step_of_the_sale_inside_a_reformulation_pushes_back(scenario_at, reply, item):
    """'I can talk to my director about the rate', 'let's grab 20 mins Thursday': the seller's next step, not a summary."""
    assert shares(reformulation(reply, scenario_at[item]))["No push-back"] == 0


def test_what_we_can_do_for_them_said_first_is_the_offer_first(opening_at):
    """'…I'm here to talk about how we can make your booking and billing much easier so you can spend more time with
    patients': the offer opens the first hello and pitches."""
    result = shares(score_opening("hello thank you for having me, so I'm here to talk about how we can make your booking "
                                  "and billing much easier so you can spend more time with patients, does that sound "
                                  "good", opening_at["op-physio-clinic"]))
    assert result["Client before offer"] == 0 and result["No pitch"] == 0


def test_a_way_round_the_budget_before_the_request_is_not_held_back(scenario_at):
    """'…there is usually a line somewhere with a little left in it by year end' before the request gives the view's
    gist: not held back (the request itself is fine)."""
    result = shares(permission_request("I quite understand, the budget is voted. I know there is usually a line somewhere "
                                       "with a little left in it by year end. Would you be open to hearing how other "
                                       "county departments have gone about it?", scenario_at["pub-budget-voted"]))
    assert result["View held back"] < 1 and result["Ask leave"] == 1


def test_a_need_named_after_the_seller_argued_sets_up_the_pitch(scenario_at):
    """'Rest assured we are not like that… So you are looking for a partner who will stay, correct?': the need comes
    after the argument, as the seller's reading: not better than they did."""
    result = shares(reformulation("I understand, the last consultants gave a 200 page report and left and nothing changed. "
                                  "Rest assured we are not like that, our team will be with you till implementation. So "
                                  "you are looking for a partner who will stay, correct?",
                                  scenario_at["ps-report-in-a-drawer"]))
    assert result["Better than they did"] < 1 and result["No push-back"] == 0


@pytest.mark.parametrize("message", [
    "hi priya, energy prices keep going up everywhere. the special price is still on till friday if u want it",
    "Hi Priya, we can fund the fridge doors out of the savings on your energy bill, so no capital is needed. There's "
    "also a 10% early-bird discount if you sign this month.",
])
def test_a_deadline_of_the_sellers_chases(message):
    """'the special price is still on till friday', 'an early-bird discount if you sign this month': urgency of the
    seller's, beside value or not."""
    assert shares(followup_message(message, "We can't sign anything that needs money up front."))["No chasing"] == 0


@pytest.mark.parametrize("rewrite", [
    "Locking in the price now would protect you from increases.",
    "You're probably worried about falling behind your competitors, so upgrading now would put you ahead of them.",
])
def test_the_gain_of_acting_now_is_half_advice(rewrite):
    """'Locking in the price now would protect you…', 'upgrading now would put you ahead…': the seller's plan offered
    as a gain for them, half a projection (not advice-free)."""
    assert shares(projection_vs_empathy(rewrite))["No projection"] == 0.5
