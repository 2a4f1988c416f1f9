"""timeline: what each report of a Story added that earlier reports did not."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from broadsheet.cluster.body import body_sentences, is_boilerplate_sentence
from broadsheet.cluster.facts import sentence_facts, tokenize
from broadsheet.cluster.timeline import Change, Citation, Development, Report, timeline
from broadsheet.normalize.sentences import split_sentences

REPO = Path(__file__).resolve().parents[2]
SEEDS = (
    Path(os.environ["BROADSHEET_DATA"]).parent / "seeds"
    if os.environ.get("BROADSHEET_DATA")
    else REPO / ".." / "shared" / "seeds"
)
T0 = datetime(2025, 6, 14, 12, 0, tzinfo=UTC)


def _report(article_id: int, outlet: str, hours: float, text: str, title: str = "") -> Report:
    return Report(
        article_id, outlet, title or f"Report {article_id}", T0 + timedelta(hours=hours), text
    )


def _seed_report(prefix: str, article_id: int, outlet: str, published_at: datetime) -> Report:
    """A seed page's article: its headline and body, everything above "Hashtags"."""
    paths = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not paths:
        pytest.skip(
            f"seed pages not found in {SEEDS} (evaluation-only data kept outside the repo; "
            "set BROADSHEET_DATA to <shared>/data)"
        )
    lines = [line.strip() for line in paths[0].read_text(encoding="utf-8").splitlines()]
    article = [line for line in lines[: lines.index("Hashtags")] if line]
    return Report(article_id, outlet, article[0], published_at, "\n".join(article[1:]))


@pytest.fixture
def seed_story() -> tuple[Report, Report]:
    fifth_call = _seed_report("000", 1, "AFP", datetime(2025, 6, 14, 18, 0, tzinfo=UTC))
    sixth_call = _seed_report("003", 2, "Bloomberg", datetime(2025, 7, 3, 20, 0, tzinfo=UTC))
    return fifth_call, sixth_call


# -- the seed running story: the fifth and the sixth Trump–Putin call --------------------------


def test_seed_story_first_entry_is_the_lead_of_the_first_report(seed_story):
    fifth_call, sixth_call = seed_story
    first = timeline([sixth_call, fifth_call])[0]
    assert first.article_id == fifth_call.article_id
    assert first.sentences == tuple(body_sentences(fifth_call.text)[:3])
    assert first.changes == ()


def test_seed_story_sixth_call_is_a_development_and_a_change(seed_story):
    fifth_call, sixth_call = seed_story
    entries = timeline([fifth_call, sixth_call])
    assert [e.article_id for e in entries] == [1, 2]
    later = entries[1]
    assert any("sixth publicly acknowledged call" in s for s in later.sentences)
    [change] = [c for c in later.changes if c.after == "sixth"]
    assert change.before == "fifth"
    assert change.earlier_sentence.startswith("Putin and Trump held a call for the fifth time")
    assert change.earlier_article_id == fifth_call.article_id
    assert "sixth publicly acknowledged call" in change.sentence


def test_seed_story_later_entry_repeats_nothing_the_first_report_said(seed_story):
    fifth_call, sixth_call = seed_story
    earlier = set(split_sentences(fifth_call.text))
    later = timeline([fifth_call, sixth_call])[1]
    assert 1 <= len(later.sentences) <= 3
    assert earlier.isdisjoint(later.sentences)
    assert not any(is_boilerplate_sentence(s) for s in later.sentences)
    assert all("With assistance from" not in s for s in later.sentences)


def test_seed_story_copy_of_the_first_report_folds_into_its_entry(seed_story):
    """Syndicated copy adds nothing: no entry of its own, an "also reported by" credit."""
    fifth_call, sixth_call = seed_story
    published_at = fifth_call.published_at + timedelta(hours=2)
    copy = Report(3, "Kyiv Post", fifth_call.title, published_at, fifth_call.text)
    entries = timeline([fifth_call, copy, sixth_call])
    assert [e.article_id for e in entries] == [1, 2]
    assert entries[0].also_reported_by == (Citation(3, "Kyiv Post", copy.published_at),)


def test_seed_story_reworded_restatement_gets_no_entry(seed_story):
    fifth_call, _ = seed_story
    reworded = _report(
        4,
        "The Independent",
        8,
        "Vladimir Putin told Donald Trump on Saturday that Russia is prepared to hold new peace "
        "talks with Ukraine after June 22, once the prisoner exchanges are complete.\n"
        "The two presidents also discussed the conflict between Israel and Iran, the Kremlin "
        "said.\n"
        "Zelenskyy said Washington's tone with Moscow was 'too warm'.",
        "Putin says Russia ready for new talks with Ukraine",
    )
    entries = timeline([fifth_call, reworded])
    assert [e.article_id for e in entries] == [1]
    assert [c.article_id for c in entries[0].also_reported_by] == [4]


def test_seed_story_new_sentences_among_repeated_ones_are_found(seed_story):
    """A later report that re-runs earlier paragraphs lists only the sentence that is new."""
    fifth_call, _ = seed_story
    repeated = "\n".join(fifth_call.text.splitlines()[:6])
    new = "Ukraine said on Sunday that 14 civilians were killed in a Russian strike on Odesa."
    later = _report(9, "Reuters", 30, f"{repeated}\n{new}")
    entries = timeline([fifth_call, later])
    assert entries[1].sentences == (new,)


# -- the facts a sentence is compared on ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "keys"),
    [
        ("This was the sixth call since January.", ["ord:6"]),
        ("Two dozen people were hurt and 1,000 fled.", ["num:24", "num:1000"]),
        (
            "Shares fell 12% after a $2.7 billion loss in 2024.",
            ["pct:12", "num:2.7e+09", "year:2024"],
        ),
        ("Turnout was five per cent higher on June 22.", ["pct:5", "date:22"]),
        ("The 6th and twenty-first rounds are set.", ["ord:6", "ord:21"]),
        ("No one knows if one of them will fly the Boeing 747.", ["label:747"]),
        (
            "It launched at 11:57am, or 2100 GMT, with 44million viewers.",
            ["time:2100", "num:4.4e+07"],
        ),
    ],
)
def test_figures_are_found_as_comparable_keys(sentence, keys):
    facts = sentence_facts(sentence, tokenize(sentence))
    assert [fact.figure.key for fact in facts.figures] == keys


def test_names_fold_spelling_variants_and_aliases():
    def names(sentence: str) -> frozenset[str]:
        return sentence_facts(sentence, tokenize(sentence)).names

    assert names("He met Zelenskyy in the U.S.") == names("He met Zelenskiy in the United States")
    assert names("Officials in Moscow said so.") == names("Officials at the Kremlin said so.")
    assert "president" not in names("He met President Emmanuel Macron.")


# -- synthetic but realistic stories ---------------------------------------------------------

QUAKE_FIRST = """\
ANKARA (Reuters) - A magnitude 6.1 earthquake struck eastern Turkey on Monday, killing at least \
12 people and damaging dozens of buildings in the province of Malatya, officials said.
The quake hit at 4:17 a.m. local time at a depth of 10 km, the disaster agency AFAD said.
Rescue teams were searching collapsed buildings in the town of Dogansehir.
Sign up for our morning newsletter to get the day's top stories.
"""
QUAKE_REVISED = """\
The death toll from Monday's earthquake in eastern Turkey rose to 15, the disaster agency AFAD \
said on Tuesday, as rescuers pulled more bodies from the rubble in Malatya province.
Rescue teams were still searching collapsed buildings in the town of Dogansehir.
Photo: Rescuers at work in Malatya (AFP)
Reporting by Ezgi Erkoyun; Editing by Ed Osmond
"""
QUAKE_QUOTE = """\
Rescue teams were still searching collapsed buildings in Dogansehir on Tuesday.
"We will not leave a single person under the rubble," Interior Minister Ali Yerlikaya told \
reporters in Malatya.
Follow us on Twitter for the latest updates.
"""
QUAKE_RESTATED = """\
At least 15 people died after Monday's earthquake in eastern Turkey, the AFAD disaster agency \
said, as rescuers recovered more bodies from the rubble in Malatya province.
Rescuers were still combing collapsed buildings in the town of Dogansehir.
This article was generated from an automated news agency feed without modifications to text.
"""


def _quake_story() -> list[Report]:
    return [
        _report(11, "Reuters", 0, QUAKE_FIRST, "Quake kills 12 in eastern Turkey"),
        _report(12, "AP", 26, QUAKE_REVISED, "Turkey quake toll rises to 15"),
        _report(13, "Anadolu", 30, QUAKE_QUOTE, "Turkish minister vows to find everyone"),
        _report(14, "Daily Sabah", 32, QUAKE_RESTATED, "Turkey quake: 15 dead"),
    ]


def test_death_toll_revised_12_to_15_is_a_change():
    entries = {e.article_id: e for e in timeline(_quake_story())}
    revised = entries[12]
    assert revised.sentences[0].startswith("The death toll from Monday's earthquake")
    [change] = revised.changes
    assert (change.before, change.after) == ("12 people", "15")
    assert change.earlier_article_id == 11
    assert "at least 12 people" in change.earlier_sentence


def test_new_quote_from_a_new_official_is_a_development():
    entries = {e.article_id: e for e in timeline(_quake_story())}
    assert entries[13].sentences == (
        '"We will not leave a single person under the rubble," Interior Minister Ali Yerlikaya '
        "told reporters in Malatya.",
    )
    assert entries[13].changes == ()


def test_restatement_with_the_same_facts_reworded_gets_no_entry():
    entries = timeline(_quake_story())
    assert 14 not in [e.article_id for e in entries]
    assert entries[-1].also_reported_by == (Citation(14, "Daily Sabah", T0 + timedelta(hours=32)),)


def test_the_dateline_is_cut_from_the_lead():
    lead = timeline(_quake_story())[0]
    assert lead.sentences[0].startswith("A magnitude 6.1 earthquake struck eastern Turkey")


@pytest.mark.parametrize(
    "furniture",
    [
        "Sign up for our morning newsletter to get the day's top stories.",
        "Reporting by Ezgi Erkoyun; Editing by Ed Osmond",
        "With assistance from Stephanie Lai and Ben Holland.",
        "This article was generated from an automated news agency feed without modifications.",
        "Photo: Rescuers at work in Malatya (AFP)",
        "Follow us on Twitter for the latest updates.",
        "Additional reporting by Jane Doe in Ankara.",
        "Enlarge this image toggle caption Lee Jin-man/AP Lee Jin-man/AP",
        "MOST READ IN NEWS 'DAD WAS A PAEDO' Joan Collins' son claims his father was a liar",
        "Frida Ghitis is a world affairs columnist for The Miami Herald and World Politics Review.",
        "Updated at 9:50 p.m. ET Thursday",
    ],
)
def test_boilerplate_is_never_a_development(furniture):
    assert is_boilerplate_sentence(furniture) or not body_sentences(furniture)
    first = _report(1, "A", 0, "Officials said 3 people were hurt in a fire in Lyon on Monday.")
    later = _report(2, "B", 5, furniture)
    for entry in timeline([first, later]):
        assert furniture not in entry.sentences


def test_boilerplate_around_news_is_left_out():
    entries = timeline(_quake_story())
    listed = [s for e in entries for s in e.sentences]
    assert not any(is_boilerplate_sentence(s) for s in listed)
    assert not any(word in s for s in listed for word in ("Sign up", "Reporting by", "Follow us"))


def test_entries_are_in_time_order_whatever_the_input_order():
    story = _quake_story()
    expected = [e.article_id for e in timeline(story)]
    assert expected == [11, 12, 13]
    for seed in range(5):
        shuffled = story[:]
        random.Random(seed).shuffle(shuffled)
        assert timeline(shuffled) == timeline(story)


def test_equal_timestamps_are_ordered_by_article_id_and_stable():
    """Two reports published at the same second: the lower article id (ingested first) leads,
    and the result does not depend on the order they come in."""
    a = _report(21, "A", 0, "Firefighters said 40 workers escaped a blaze at a Renault depot.")
    b = _report(20, "B", 0, "Police in Lyon arrested 3 men on Monday over a warehouse fire.")
    assert timeline([a, b]) == timeline([b, a])
    assert [e.article_id for e in timeline([a, b])] == [20, 21]


def test_max_sentences_caps_each_entry():
    text = "\n".join(
        f"Official {name} said {n} new shelters opened in {town} on Monday."
        for n, (name, town) in enumerate(
            [("Ada", "Arles"), ("Bo", "Brest"), ("Cy", "Caen"), ("Di", "Dax"), ("Ed", "Evry")],
            start=2,
        )
    )
    first = _report(1, "A", 0, "A storm hit western France on Sunday, cutting power to homes.")
    later = _report(2, "B", 5, text)
    entries = timeline([first, later], max_sentences=2)
    assert len(entries[0].sentences) == 1
    assert len(entries[1].sentences) == 2
    assert len(timeline([first, later], max_sentences=5)[1].sentences) == 5


def test_sentences_keep_text_order():
    first = _report(1, "A", 0, "A storm hit western France on Sunday, cutting power to homes.")
    later = _report(
        2,
        "B",
        5,
        "Mayor Anne Vidal said 40 people were evacuated in Nantes.\n"
        "Storm Ciaran also uprooted trees in Brittany.\n"
        "Energy firm Enedis said 1.2 million homes lost power.",
    )
    sentences = timeline([first, later])[1].sentences
    text = later.text
    assert list(sentences) == sorted(sentences, key=text.index)


def test_a_report_without_a_body_is_its_headline():
    first = _report(1, "A", 0, "", "Storm hits western France, cutting power to 1.2 million homes")
    entries = timeline([first])
    assert entries[0].sentences == (
        "Storm hits western France, cutting power to 1.2 million homes",
    )


def test_no_reports_no_timeline():
    assert timeline([]) == []


def test_development_is_a_frozen_value():
    entry = timeline(_quake_story())[0]
    assert isinstance(entry, Development)
    with pytest.raises(AttributeError):
        entry.sentences = ()  # type: ignore[misc]
    assert hash(Change("fifth", "sixth", "b", "a", 1))


def test_max_sentences_must_be_positive():
    with pytest.raises(ValueError, match="max_sentences"):
        timeline(_quake_story(), max_sentences=0)


def test_a_report_without_body_or_headline_adds_nothing():
    empty = _report(2, "B", 1, "", " ")
    first = _report(1, "A", 0, "A storm hit western France on Sunday, cutting power to homes.")
    entries = timeline([first, empty])
    assert [e.article_id for e in entries] == [1]
    assert timeline([empty])[0].sentences == ()
