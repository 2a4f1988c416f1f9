"""The corpus build script: its text clean-up, and that it reproduces the bundled file exactly."""

from __future__ import annotations

import importlib.util
from datetime import date
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="module")
def build() -> ModuleType:
    path = REPO / "scripts" / "build_demo_corpus.py"
    spec = importlib.util.spec_from_file_location("build_demo_corpus", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_datelines_parse_with_or_without_a_weekday(build):
    assert build.parse_dateline("November 24, 2004") == date(2004, 11, 24)
    assert build.parse_dateline("Thursday, May 7, 2015") == date(2015, 5, 7)
    assert build.parse_dateline("Apple today unveiled the iPod nano.") is None


def test_gum_headings_are_stripped_but_text_after_a_dateline_kept(build):
    title = "Interview with a founder"
    assert build.strip_gum_heading(
        title, ["Interview with a founder Sunday, May 28, 2006", "A"]
    ) == ["A"]
    assert build.strip_gum_heading(title, ["Friday, January 3, 2014", "B"]) == ["B"]
    assert build.strip_gum_heading(title, ["Thursday, May 7, 2015 On Tuesday, x.", "C"]) == [
        "On Tuesday, x.",
        "C",
    ]
    assert build.strip_gum_heading(title, ["A first real paragraph.", "D"]) == [
        "A first real paragraph.",
        "D",
    ]


def test_tokeniser_spacing_is_undone(build):
    assert build.detokenise("I' m sure we 've won, Jobs ' s team said.") == (
        "I'm sure we've won, Jobs's team said."
    )
    assert build.detokenise('He called it " the biggest leap ", then left.') == (
        'He called it "the biggest leap", then left.'
    )
    assert build.detokenise("The Beatles ' label") == "The Beatles' label"


def test_sentences_regroup_into_short_paragraphs_that_keep_quotes_whole(build):
    sentences = [f"Sentence number {i} is here." for i in range(9)]
    paragraphs = build.regroup(sentences)
    assert [p.count("Sentence") for p in paragraphs] == [4, 4, 1]
    quoted = ['"We will.', "We must.", "We can.", "We shall.", 'We do."', "said Obama.", "Next."]
    grouped = build.regroup(quoted)
    assert grouped[0].startswith('"We will.') and grouped[0].endswith("said Obama.")


def test_list_items_start_their_own_paragraph(build):
    paragraphs = build.regroup(["Intro here.", ": Roche: No.", ": Druyun: Yes."])
    assert paragraphs == ["Intro here.", "Roche: No.", "Druyun: Yes."]


def test_times_of_day_are_deterministic(build):
    first = build.published_at(date(2009, 6, 1), "127226")
    assert first == build.published_at(date(2009, 6, 1), "127226")
    assert "07:00" <= first[11:16] <= "21:59"


@pytest.mark.skipif(not DATA.is_dir(), reason="the shared evaluation data is not checked out")
def test_the_script_rebuilds_the_bundled_corpus_byte_for_byte(build, tmp_path, capsys):
    assert build.main([str(DATA), "--out", str(tmp_path)]) == 0
    assert "163 articles" in capsys.readouterr().out
    bundled = resources.files("broadsheet.demo").joinpath("corpus")
    rebuilt = (tmp_path / "wikinews.jsonl.gz").read_bytes()
    assert rebuilt == bundled.joinpath("wikinews.jsonl.gz").read_bytes()
    attribution = (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert attribution == bundled.joinpath("ATTRIBUTION.md").read_text(encoding="utf-8")
