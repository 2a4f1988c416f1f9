"""restore_lead puts back a visible standfirst that the extractor dropped."""

from __future__ import annotations

import lxml.html

from broadsheet.extract.lead import restore_lead

LEAD = "Der Kunststoff-Hersteller Covestro will seine Kompetenzen in der Biotechnologie ausbauen."
BODY = ["Konkret will Covestro Mikroorganismen und Enzyme nutzen.", "Weitere Sätze folgen."]


def tree(body_html: str, head_html: str = ""):
    return lxml.html.document_fromstring(
        f"<html><head>{head_html}</head><body>{body_html}</body></html>"
    )


def test_visible_lead_missing_from_the_text_is_prepended():
    page = tree(f"<h1>Covestro</h1><div class='teaser'><p>{LEAD}</p></div><p>{BODY[0]}</p>")
    assert restore_lead(BODY, LEAD, page) == [LEAD, *BODY]


def test_truncated_description_brings_back_the_whole_visible_paragraph():
    page = tree(f"<div class='teaser'><p>{LEAD}</p></div>")
    assert restore_lead(BODY, LEAD[:60] + " …", page)[0] == LEAD


def test_description_only_in_meta_or_scripts_is_not_added():
    page = tree(
        f"<script>var d = '{LEAD}';</script><p>{BODY[0]}</p>",
        f'<meta name="description" content="{LEAD}">',
    )
    assert restore_lead(BODY, LEAD, page) == BODY


def test_lead_already_in_the_text_is_not_repeated():
    page = tree(f"<p>{LEAD}</p>")
    assert restore_lead([LEAD, *BODY], LEAD, page) == [LEAD, *BODY]


def test_short_descriptions_are_ignored():
    page = tree("<p>Covestro news</p>")
    assert restore_lead(BODY, "Covestro news", page) == BODY
