from __future__ import annotations

import pytest

from broadsheet.enrich.gazetteer import (
    Gazetteer,
    PhraseIndex,
    fold,
    load_gazetteer,
    read_gazetteer,
    tokens,
)
from broadsheet.model import EntityKind


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def test_every_form_names_one_entry(gazetteer):
    assert gazetteer.conflicts == []
    names = [entry.name for entry in gazetteer.entries]
    assert len(names) == len(set(names))


def test_it_is_broad(gazetteer):
    kinds = [entry.kind for entry in gazetteer.entries]
    assert kinds.count(EntityKind.PLACE) > 600
    assert kinds.count(EntityKind.PERSON) > 150
    assert kinds.count(EntityKind.ORG) > 200


@pytest.mark.parametrize(
    ("surface", "name", "kind"),
    [
        ("Kyiv", "Kyiv", EntityKind.PLACE),
        ("Kiev", "Kyiv", EntityKind.PLACE),
        ("SUMY", "Sumy", EntityKind.PLACE),
        ("Zaporozhye", "Zaporizhzhia", EntityKind.PLACE),
        ("Khan Yunis", "Khan Younis", EntityKind.PLACE),
        ("Zürich", "Zurich", EntityKind.PLACE),
        ("Zelenskiy", "Volodymyr Zelenskyy", EntityKind.PERSON),
        ("U.S.", "United States", EntityKind.PLACE),
        ("Britain", "United Kingdom", EntityKind.PLACE),
        ("Kremlin", "Kremlin", EntityKind.ORG),
        ("Nato", "NATO", EntityKind.ORG),
    ],
)
def test_lookup_ignores_case_and_accents(gazetteer, surface, name, kind):
    hit = gazetteer.lookup(surface)
    assert hit is not None and (hit.entry.name, hit.entry.kind) == (name, kind)


def test_ambiguous_names_are_flagged_and_never_found_alone(gazetteer):
    assert gazetteer.lookup("Jordan").ambiguous
    assert gazetteer.find("Jordan and Turkey met Apple.") == []


def test_demonyms_point_at_their_place(gazetteer):
    hit = gazetteer.lookup("Ukrainian")
    assert hit is not None and hit.demonym and hit.entry.name == "Ukraine"


def test_find_is_case_sensitive_and_longest_first(gazetteer):
    text = "Let us see: Bank of America, Latin America and the US."
    assert [(text[m.start : m.end], m.value.entry.name) for m in gazetteer.find(text)] == [
        ("Bank of America", "Bank of America"),
        ("Latin America", "Latin America"),
        ("US", "United States"),
    ]


def test_tokens_cut_possessives_and_keep_inner_marks():
    assert [t.text for t in tokens("Putin's U.S. al-Qaeda Sana'a")] == [
        "Putin",
        "U.S",
        "al-Qaeda",
        "Sana'a",
    ]


def test_phrase_index_on_its_own():
    index = PhraseIndex({("New", "York"): "city", ("New", "York", "Times"): "paper"})
    assert [m.value for m in index.find("The New York Times is in New York.")] == ["paper", "city"]
    assert fold("Côte") == "Cote"


def test_a_malformed_file_says_which_line(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("# comment\nKyiv\tplace\t\t\nSumy place\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3"):
        read_gazetteer(path)


def test_the_version_follows_the_content(tmp_path):
    path = tmp_path / "small.tsv"
    path.write_text("Kyiv\tplace\tKiev\t\n", encoding="utf-8")
    first = read_gazetteer(path).version
    path.write_text("Kyiv\tplace\tKiev|Kiew\t\n", encoding="utf-8")
    assert read_gazetteer(path).version != first
    assert len(first) == 8
