"""coachkit workshop: create, list, names and release from a terminal."""

from __future__ import annotations

from coachkit.cli import main
from coachkit.roster import claim, find_workshop
from coachkit.store import open_store


def test_create_list_names_and_release(capsys, tmp_path):
    """A created workshop is listed with its seats; a taken name is listed, released, then free."""
    names = tmp_path / "names.txt"
    names.write_text("Ana Lima\nBo\n\n", encoding="utf-8")
    assert 0 == main(["workshop", "create", "ACME-1", "--title", "Acme, March", "--seats", "12",
                      "--expect-file", str(names)])
    assert 0 == main(["workshop", "create", "acme 1", "--seats", "20"])  # the title and names stay
    workshop = find_workshop(open_store(), "acme1")
    assert ("Acme, March", 20, ("Ana Lima", "Bo")) == (workshop.title, workshop.seats, workshop.expected)
    claim(open_store(), workshop, "ana lima")
    capsys.readouterr()
    assert 0 == main(["workshop", "list"]) and "ACME-1\tAcme, March\t1/20 names taken" in capsys.readouterr().out
    assert 0 == main(["workshop", "names", "acme-1"]) and "Ana Lima\n" == capsys.readouterr().out
    assert 0 == main(["workshop", "release", "ACME-1", "ANA LIMA"])
    assert 1 == main(["workshop", "release", "ACME-1", "Ana Lima"])
    assert "nobody holds the name" in capsys.readouterr().err


def test_bad_requests_get_a_message(capsys):
    """An unknown code or an empty one is an error message, not a traceback."""
    assert 1 == main(["workshop", "names", "NOPE"]) and "no workshop has the code" in capsys.readouterr().err
    assert 2 == main(["workshop", "create", " - "]) and "needs at least one letter" in capsys.readouterr().err
    assert 2 == main(["workshop", "create", "W", "--seats", "-3"]) and "negative" in capsys.readouterr().err
