"""coachkit.roster: workshops, their seats and expected names, and who owns a name."""

from __future__ import annotations

import pytest

from coachkit.roster import RosterError, check, claim, create_workshop, find_workshop, list_workshops, release, taken_names
from coachkit.store import Store


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'roster.sqlite'}")


def test_a_code_is_found_whatever_its_case_spaces_and_dashes(store):
    """A workshop created as ACME-1 is found from 'acme 1' and keeps its own spelling and title."""
    create_workshop(store, "ACME-1", "Acme, March")
    found = find_workshop(store, " acme 1 ")
    assert ("ACME-1", "Acme, March") == (found.code, found.title)
    assert find_workshop(store, "ACME-2") is None and find_workshop(store, "--") is None
    assert ["ACME-1"] == store.workshop_codes()  # the dashboard's list


def test_creating_again_updates_and_keeps_the_first_spelling(store):
    """Creating 'acme1' again changes the title and seats of ACME-1, not its code."""
    create_workshop(store, "ACME-1", "Acme")
    again = create_workshop(store, "acme1", "Acme day 2", seats=3)
    assert ("ACME-1", "Acme day 2", 3) == (again.code, again.title, again.seats)
    assert [("ACME-1", 3)] == [(w.code, w.seats) for w in list_workshops(store)]


def test_bad_workshops_are_refused_with_a_message(store):
    """An empty code, negative seats or two expected names that are one name are refused."""
    for kwargs in ({"code": " - "}, {"code": "W", "seats": -1}, {"code": "W", "expected": ["Ana", "ANA"]}):
        with pytest.raises(RosterError):
            create_workshop(store, **kwargs)


def test_older_workshops_are_still_found(store):
    """A code registered before the roster (the dashboard's table) is found by its key."""
    store.create_workshop("OLD-7", "Old one")
    assert ("OLD-7", "Old one") == (find_workshop(store, "old7").code, find_workshop(store, "old7").title)


def test_the_first_browser_takes_a_name_and_keeps_it(store):
    """First use takes the name with a secret; that secret opens it again; no secret or another is refused."""
    workshop = create_workshop(store, "W")
    first = claim(store, workshop, "Ana Lima")
    assert ("new", "Ana Lima") == (first.status, first.name) and len(first.secret) >= 32
    assert ("owner", "Ana Lima") == (claim(store, workshop, "ana  lima", [first.secret]).status, "Ana Lima")
    assert "taken" == claim(store, workshop, "ANA LIMA").status
    assert "taken" == claim(store, workshop, "Ana\u200b Lima", ["guess"]).status
    assert "taken" == check(store, workshop, "Ana Lima", []).status
    assert "free" == check(store, workshop, "Bo", []).status
    assert store.count() == 0  # owning a name stores no attempt


def test_a_name_is_owned_per_workshop(store):
    """The same name in another workshop is another learner."""
    one, two = create_workshop(store, "ONE"), create_workshop(store, "TWO")
    assert "new" == claim(store, one, "Ana").status
    assert "new" == claim(store, two, "Ana").status


def test_released_names_can_be_taken_again(store):
    """The facilitator frees a name: the old secret no longer opens it, the next browser takes it."""
    workshop = create_workshop(store, "W")
    old = claim(store, workshop, "Ana").secret
    assert release(store, workshop, "ANA") is True and release(store, workshop, "Ana") is False
    new = claim(store, workshop, "Ana")
    assert "new" == new.status and "taken" == check(store, workshop, "Ana", [old]).status


def test_seats_and_expected_names_limit_who_joins(store):
    """Beyond its seats a workshop is full; with expected names only those names join."""
    small = create_workshop(store, "SMALL", seats=2)
    assert ["new", "new", "full"] == [claim(store, small, n).status for n in ("A", "B", "C")]
    assert ["A", "B"] == taken_names(store, small)
    listed = create_workshop(store, "LISTED", expected=["Ana Lima", "Bo"])
    assert "not-expected" == claim(store, listed, "Eve").status
    joined = claim(store, listed, "ana lima")
    assert ("new", "Ana Lima") == (joined.status, joined.name)  # the list's spelling


def test_a_name_needs_a_letter(store):
    """An empty or invisible name cannot be taken."""
    with pytest.raises(RosterError):
        claim(store, create_workshop(store, "W"), "\u200b ")
