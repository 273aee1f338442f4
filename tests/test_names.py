"""coachkit.names: one spelling per learner and per workshop code."""

from __future__ import annotations

from coachkit.names import MAX_NAME, clean_name, code_key, name_key


def test_invisible_characters_are_removed():
    """Zero-width spaces and joiners, byte-order marks, bidi overrides and controls leave no trace."""
    for hidden in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u202d", "\u2066", "\u2069", "\x00",
                   "\x7f", "\u00ad"):
        assert "Ana Lima" == clean_name(f"A{hidden}na Lima{hidden}"), repr(hidden)


def test_compatibility_forms_fold_with_nfkc():
    """Full-width letters, ligatures and non-breaking spaces become their plain forms."""
    assert "Ana Lima" == clean_name("Ａｎａ\u00a0Lima")
    assert "office" == clean_name("oﬃce")
    assert "a b" == clean_name(" a" + chr(0) + " " + chr(10) + " b ")
    assert MAX_NAME == len(clean_name("x" * 500))


def test_name_key_folds_case_and_lookalikes_nfkc_knows():
    """Names differing by case, width or invisible characters are one name; another script stays another."""
    assert name_key("Ana") == name_key("ANA") == name_key("ａｎａ") == name_key("A\u200bna") == name_key("ana ")
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("Ana") != name_key("Аna")  # Cyrillic А: beyond NFKC and case folding
    assert "" == name_key("\u200b\u202e ")


def test_code_key_ignores_case_spaces_and_dashes():
    """acme 1, ACME-1, Acme_1 and a full-width or en-dash spelling are one workshop code."""
    assert code_key("ACME-1") == code_key("acme 1") == code_key("Acme_1") == code_key("ＡＣＭＥ–１") == "acme1"
    assert code_key("ACME-1") != code_key("ACME-2")
