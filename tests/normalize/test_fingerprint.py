"""fingerprint: exact copies at other URLs share one fingerprint."""

from __future__ import annotations

from broadsheet.normalize.fingerprint import fingerprint, fingerprint_text

TEXT = (
    "Putin told Trump on Saturday that Moscow was ready.\n\nZelenskyy urged the US to “shift tone”."
)


def test_stable_across_processes_and_releases():
    """Fingerprints are stored: changing the normalisation or hash must be a deliberate act."""
    assert fingerprint(TEXT) == "d257afe65b89f03a98c8884f14e71fe6"


def test_case_punctuation_and_whitespace_do_not_matter():
    copy = (
        "PUTIN told Trump on Saturday   that Moscow was ready!\n"
        'Zelenskyy urged the US to "shift tone"'
    )
    assert fingerprint(copy) == fingerprint(TEXT)


def test_unicode_forms_do_not_matter():
    assert fingerprint("Café — Zürich") == fingerprint("Cafe\u0301 - Zu\u0308rich")


def test_different_words_differ():
    assert fingerprint(TEXT) != fingerprint(TEXT.replace("Saturday", "Sunday"))


def test_normalised_form():
    assert fingerprint_text("Hello, World!\n\n  It’s 5 p.m.") == "hello world it s 5 p m"


def test_empty_text_has_a_fingerprint():
    assert fingerprint("") == fingerprint("  \n ... ")
