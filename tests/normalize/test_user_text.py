"""What a reader types loses the invisible characters that disguise it, and keeps the ones
that real words and emoji need."""

from __future__ import annotations

import pytest

from broadsheet.normalize.user_text import single_line, strip_invisible


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("pay\u200bpal", "paypal"),  # zero-width space
        ("\u202egnp.exe\u202c", "gnp.exe"),  # right-to-left override and pop
        ("\u2066safe\u2069", "safe"),  # isolates
        ("\ufeffbom", "bom"),  # byte-order mark
        ("Mall\u200cory", "Mallory"),  # a joiner between Latin letters is only a disguise
        ("bell\x07 and nul\x00", "bell and nul"),  # control characters
        ("cafe\u0301", "café"),  # NFC
        ("line one\r\nline two", "line one\nline two"),
    ],
)
def test_disguises_go(typed, kept):
    assert strip_invisible(typed) == kept


@pytest.mark.parametrize(
    "word",
    [
        "می\u200cخواهم",  # Persian: ZWNJ inside a word
        "क्\u200dष",  # Devanagari: ZWJ
        "👨\u200d👩\u200d👧",  # an emoji family
    ],
)
def test_joiners_that_words_and_emoji_need_stay(word):
    assert strip_invisible(word) == word


def test_a_joiner_at_an_end_or_doubled_goes():
    assert strip_invisible("\u200dمی") == "می"
    assert strip_invisible("می\u200c\u200cخ") == "میخ"


def test_single_line_folds_breaks_and_spaces():
    assert single_line("  Ann\n\tB\u200b  Smith  ") == "Ann B Smith"
