"""Page furniture lines are recognised; article sentences are not."""

from __future__ import annotations

import pytest

from broadsheet.extract.boilerplate import cut_trailing_section, is_boilerplate, strip_boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Lesen Sie auch: Kremlin says talks will continue",
        "Lea también: Impiden ingreso a Nicaragua a reportero",
        "À lire aussi » Ballonnements, lourdeurs",
        "Czytaj też: Wyścig zbrojeń ruszył z kopyta",
        "Read more: Trump and Putin spoke for an hour",
        "Related Articles",
        "Mehr zum Thema",
        "Das Thema könnte dich auch interessieren:",
        "Advertisement",
        "Share this article",
        "Teilen mit:",
        "Wird geladen …",
        "Comments",
        "No comments yet...",
        "Hashtags",
        "Kategorie: News",
        "Tags: politics, Ukraine",
        "© 2025 Example News. All rights reserved.",
        "Alle Rechte vorbehalten.",
        "23.10.2018",
        "Letzte Änderung 14.02.2019",
        "Sign up for our newsletter",
        "Follow The Gleaner on Twitter and Instagram @JamaicaGleaner.",
        "Foto: Kantonspolizei St. Gallen",
    ],
)
def test_furniture(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Putin and Trump held a call for the fifth time since the Republican took office.",
        "Read the full statement, the Kremlin said, before judging the talks.",
        "Comments from the minister came after the vote on Tuesday.",
        "The newsletter, which goes out weekly, has 40,000 subscribers who sign up for local news "
        "and events across the region, the publisher said in a statement on Monday evening, adding "
        "that the figure had doubled since the start of the pandemic and was still rising.",
        "Copyright law in the EU was reformed in 2019.",
        "Share prices fell 3 per cent on Friday.",
    ],
)
def test_article_sentences(line):
    assert not is_boilerplate(line)


def test_trailing_related_block_is_cut_but_an_early_header_is_kept():
    body = [f"Paragraph {i} of the article." for i in range(6)]
    assert cut_trailing_section([*body, "Related Articles", "Other story"]) == body
    early = ["Related", *body]
    assert cut_trailing_section(early) == early


def test_strip_boilerplate_keeps_order():
    lines = ["First.", "Advertisement", "Second.", "Lesen Sie auch: X", "Third."]
    assert strip_boilerplate(lines) == ["First.", "Second.", "Third."]
