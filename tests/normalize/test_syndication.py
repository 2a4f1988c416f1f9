"""syndication: the same wire text at other outlets is one article; a rewrite is not."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pytest

from broadsheet.normalize.syndication import (
    CopySignature,
    copy_match,
    copy_signature,
    is_copy,
    wire_agency,
)
from broadsheet.normalize.wire import strip_wire_furniture

WIRE = [
    "Britain's biggest supermarket group Tesco said on Wednesday its underlying operating profit "
    "rose 9% to 1.48 billion pounds in the first half of its financial year, beating analysts' "
    "forecasts as shoppers returned to its stores.",
    "The company, which has more than a quarter of Britain's grocery market, raised its "
    "full-year profit outlook to between 2.8 billion and 3.0 billion pounds, from a previous "
    "forecast of 2.7 billion to 2.8 billion.",
    "Chief Executive Ken Murphy said food inflation had eased faster than expected over the "
    "summer, and that the group had cut the price of more than 3,000 products since January.",
    '"Customers are telling us that value matters more than ever, and we are responding to '
    'that by investing in lower prices and in our Clubcard scheme," Murphy told reporters on a '
    "call.",
    "Sales at its UK stores rose 7.9% on a like-for-like basis in the 26 weeks to Aug. 26, "
    "while online sales grew 4.5%, helped by a recovery in demand for home deliveries.",
    "Shares in Tesco, which have gained 18% so far this year, were up 3.1% at 286 pence by 0815 "
    "GMT, making them the biggest gainers on the FTSE 100 index.",
    "Analysts at Jefferies said the results showed the group was winning market share from "
    "rivals such as Sainsbury's and Asda, even as discounters Aldi and Lidl kept expanding.",
    "Tesco also announced a new share buyback of 750 million pounds and raised its interim "
    "dividend by 14% to 3.85 pence a share, to be paid in November.",
]
OTHER_STORY = [
    "Sainsbury's, Britain's second-largest supermarket chain, said on Tuesday that sales at "
    "its stores fell 1.2% in the third quarter as a wet summer hurt demand for barbecue food "
    "and its Argos general merchandise arm struggled.",
    "The group kept its forecast for an annual underlying pretax profit of 670 million to 700 "
    "million pounds, but warned that Argos would remain under pressure over Christmas.",
    "Chief Executive Simon Roberts said the company was closing 20 Argos stores and moving "
    "more of the business into Sainsbury's supermarkets to cut rents and staff costs.",
    '"We are making good progress on cost savings, and our grocery business is gaining '
    'customers who are switching from other supermarkets," Roberts said in a statement.',
    "Shares in Sainsbury's fell 2.4% to 251 pence in early trading, while analysts at Barclays "
    "cut their price target to 280 pence from 300 pence, citing the weaker Argos performance.",
    "The company said it would update investors on its strategy at a capital markets day in "
    "February, when it is expected to announce further store closures and job cuts.",
]


def _body(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


ORIGINAL = _body(WIRE)


# Copies ------------------------------------------------------------------------------------


def test_same_wire_text_retypeset_under_another_headline_is_a_copy():
    """The headline is not part of the body; quotes, dashes and line breaks do not count."""
    retypeset = "\n".join(WIRE).replace('"', "“").replace("'", "’").replace("-", "–")
    assert is_copy(ORIGINAL, retypeset)


def test_trimmed_last_paragraph_is_a_copy():
    assert is_copy(ORIGINAL, _body(WIRE[:-1]))


def test_added_boilerplate_is_a_copy():
    republished = _body(
        [
            "Advertisement",
            *WIRE,
            "This article was generated from an automated news agency feed without "
            "modifications to text.",
            "Related: Sainsbury's sales fall as Argos struggles",
            "Copyright 2024 The Daily Courier. All rights reserved.",
            "Have a story tip? Email our newsroom at tips@example.com.",
        ]
    )
    assert is_copy(ORIGINAL, republished)


def test_different_boilerplate_on_both_copies_is_a_copy():
    one = _body([*WIRE, "For more news and videos, visit our website and download the app."])
    two = _body([*WIRE[:-1], "Get the latest headlines delivered to your inbox every morning."])
    assert is_copy(one, two)


@pytest.mark.parametrize(
    ("dateline", "credit"),
    [
        ("LONDON (Reuters) - ", "(Reporting by Kate Holton; Editing by Mark Potter)"),
        ("LONDON, Oct 4 (Reuters) — ", "Reporting by Kate Holton\nEditing by Mark Potter"),
        ("(Reuters) -", ""),
        ("LONDON (AP) — ", "Associated Press writer Jill Lawless contributed to this report."),
        ("(Bloomberg) -- ", "—With assistance from Alex Morales."),
        ("LONDON, Oct. 4 (Xinhua) -- ", ""),
        ("", "© AFP 2024"),
    ],
)
def test_agency_dateline_and_credit_do_not_block_a_match(dateline, credit):
    wire = _body([dateline + WIRE[0], *WIRE[1:], credit])
    assert is_copy(ORIGINAL, wire)
    assert is_copy(_body(WIRE[:-1]), wire)


def test_small_edits_are_a_copy():
    edited = ORIGINAL.replace("shoppers returned", "customers returned").replace(
        "Aug. 26", "August 26"
    )
    assert is_copy(ORIGINAL, edited.replace("biggest gainers", "top gainers"))


def test_repeated_caption_in_the_last_paragraph_does_not_hide_the_trim():
    """Regression: a caption in the last paragraph repeated a sentence of the story, the match
    anchored on it, and the trimmed paragraph counted as text inserted in the middle."""
    caption = "Chief Executive Ken Murphy said food inflation had eased faster than expected"
    last = f"{WIRE[-1]} {caption}: Tesco shoppers in London."
    original = _body([*WIRE[:-1], last])
    assert copy_match(original, _body(WIRE[:-1])).is_copy


# Not copies --------------------------------------------------------------------------------


def test_rewrite_with_new_paragraphs_is_not_a_copy():
    update = [
        *WIRE[:3],
        "The retailer also said it would create 5,000 new jobs in its Whoosh rapid delivery "
        "service by next March, with half of them in Manchester and Birmingham.",
        *WIRE[3:6],
        '"It is a strong set of numbers, but the market is still very competitive," said '
        "Clive Black, an analyst at Shore Capital, who raised his rating to buy.",
        *WIRE[6:],
    ]
    match = copy_match(ORIGINAL, _body(update))
    assert not match.is_copy
    assert match.containment == 1.0  # the whole original is in the update


def test_update_adding_a_final_paragraph_of_new_quotes_is_not_a_copy():
    """Regression (BBC sport/444 and sport/458): the later version goes on with a paragraph of
    new quotes as long as half the story; one trimmed paragraph is not that."""
    short = _body(WIRE[:4])
    update = _body(
        [
            *WIRE[:4],
            " ".join(WIRE[4:6])
            + ' "We had a lot of chances and did not take them all," said Jane Doe, head of the '
            "Tesco Bank unit, who joined from Barclays in May and will present a new strategy "
            "to investors in London next spring.",
        ]
    )
    assert not is_copy(short, update)


def test_different_stories_in_the_same_category_are_not_copies():
    assert not is_copy(ORIGINAL, _body(OTHER_STORY))


def test_half_the_paragraphs_replaced_is_not_a_copy():
    replaced = [WIRE[0], OTHER_STORY[1], WIRE[2], OTHER_STORY[3], WIRE[4], OTHER_STORY[4]]
    assert not is_copy(_body(WIRE[:6]), _body(replaced))


def test_short_text_inside_a_long_one_is_not_a_copy():
    """A teaser (the lead alone) is wholly inside the article, which adds everything else."""
    match = copy_match(WIRE[0], ORIGINAL)
    assert match.containment == 1.0
    assert not match.is_copy


def test_empty_bodies_are_not_copies():
    assert not is_copy("", "")
    assert not is_copy("", ORIGINAL)


def test_match_is_symmetric_and_reports_numbers():
    trimmed = _body(WIRE[:-1])
    assert copy_match(ORIGINAL, trimmed) == copy_match(trimmed, ORIGINAL)
    match = copy_match(ORIGINAL, trimmed)
    assert match.containment == 1.0
    assert 0.05 < match.added < 0.15  # the last paragraph, about a ninth of the words
    assert match.inserted == 0.0
    assert match.new_paragraphs == 1


# Signatures --------------------------------------------------------------------------------


def test_signature_pinned_across_releases():
    """Signatures are stored: changing shingling, hashing or bands must be a deliberate act."""
    signature = copy_signature(ORIGINAL)
    digest = hashlib.blake2b(signature.to_bytes(), digest_size=8).hexdigest()
    assert digest == "82fcaf9a3e2db02f"
    assert signature.band_keys[:2] == (-3406270240668056600, 6039984513628851671)
    assert len(signature.band_keys) == 32


def test_signature_is_the_same_in_another_process():
    code = (
        "import sys; from broadsheet.normalize.syndication import copy_signature as s; "
        "sig = s(sys.stdin.read()); print(sig.to_bytes().hex(), *sig.band_keys)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], input=ORIGINAL, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    here = copy_signature(ORIGINAL)
    assert out.stdout.split() == [here.to_bytes().hex(), *map(str, here.band_keys)]


def test_signature_bytes_round_trip():
    signature = copy_signature(ORIGINAL)
    data = signature.to_bytes()
    assert len(data) == 256
    assert CopySignature.from_bytes(data) == signature


def test_signature_from_bytes_rejects_a_wrong_length():
    with pytest.raises(ValueError, match="64 minima"):
        CopySignature.from_bytes(b"\x00" * 12)


def test_band_keys_fit_a_sql_bigint():
    keys = copy_signature(ORIGINAL).band_keys
    assert all(-(2**63) <= key < 2**63 for key in keys)
    assert len(set(keys)) == len(keys)


def test_copies_share_band_keys_and_other_stories_do_not():
    original = set(copy_signature(ORIGINAL).band_keys)
    assert original & set(copy_signature(_body(WIRE[:-1])).band_keys)
    assert not original & set(copy_signature(_body(OTHER_STORY)).band_keys)


def test_similarity_estimates_jaccard():
    original = copy_signature(ORIGINAL)
    assert original.similarity(copy_signature("\n".join(WIRE))) == 1.0
    assert original.similarity(copy_signature(_body(OTHER_STORY))) < 0.1


def test_empty_body_has_no_band_keys():
    assert copy_signature("").band_keys == ()
    assert copy_signature("Advertisement\n\nShare this article").band_keys == ()
    assert CopySignature.from_bytes(copy_signature("").to_bytes()).band_keys == ()


def test_short_bodies_can_still_be_copies():
    assert is_copy("Tesco profit rises 9%.", "TESCO profit rises 9%")
    assert (
        copy_signature("Tesco profit rises").band_keys
        == copy_signature("tesco PROFIT rises").band_keys
    )


# Wire agency -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("LONDON (Reuters) - Britain said on Monday it would", "Reuters"),
        ("LONDON, Oct 4 (Reuters) — Britain said", "Reuters"),
        ("(Reuters) -Britain said", "Reuters"),
        ("(CNN)An unmanned Russian spacecraft will re-enter", "CNN"),
        ("WASHINGTON (AP) — The Senate voted", "Associated Press"),
        ("(Bloomberg) -- Stocks fell in Asia", "Bloomberg"),
        ("PARIS, Jan 5 (AFP) - France said", "AFP"),
        ("New Delhi, Jan 5 (PTI) The government said", "PTI"),
        ("New Delhi [India], Jan 5 (ANI): The minister said", "ANI"),
        ("BERLIN (dpa) - Germany said", "dpa"),
        ("BEIJING, May 3 (Xinhua) -- China said", "Xinhua"),
        ("WASHINGTON, Jan. 5 (UPI) -- The Senate", "UPI"),
        ("LONDON (PA) - Police said", "PA Media"),
        ("By Jane Doe\n\nLONDON (Reuters) - Britain said", "Reuters"),
        ("Stocks fell.\n\n— With assistance from Jane Doe.", "Bloomberg"),
        ("Stocks fell.\n\n(Reporting by Jane Doe; Editing by Mark Potter)", "Reuters"),
        ("He said. (ANI)", "ANI"),
        ("He said on Friday. --IANS", "IANS"),
        ("He said.\n\nPTI RS RT", "PTI"),
        ("He said.\n\n© AFP 2024", "AFP"),
        ("He said.\n\n(c) Copyright Thomson Reuters 2024", "Reuters"),
        (
            "He said.\n\nCopyright 2024 The Associated Press. All rights reserved.",
            "Associated Press",
        ),
        ("He said.\n\nPA Media", "PA Media"),
    ],
)
def test_agency_from_dateline_or_credit(text, agency):
    assert wire_agency(text) == agency


@pytest.mark.parametrize(
    "text",
    [
        "The minister told Reuters on Monday that he would stay in office.",
        "Reuters reported last week that the deal was close.",
        "A Reuters/Ipsos poll showed support for the plan had fallen.",
        "An AFP photographer saw smoke rising over the city.",
        "Protesters gather in London. (AP Photo/Alastair Grant)\n\nThousands marched.",
        "The AP is the best-known news agency in America, he said.",
        "He said.\n\nAP is the best",
        "He said.\n\nReuters in the end chose to stay.",
        "Shares in Reuters fell (Reuters shares are listed in London) on Monday.",
        "The Associated Press (AP) Stylebook changed its advice on Monday.",
    ],
)
def test_a_story_that_mentions_an_agency_is_not_its_wire(text):
    assert wire_agency(text) is None


def test_agency_mentioned_mid_story_far_from_dateline_and_credit_is_ignored():
    text = "x " * 150 + "\n\n(Reuters) - a quoted dateline mid-story\n\n" + "y " * 200
    assert wire_agency(text) is None


def test_agency_from_the_headline_suffix():
    assert wire_agency("Stocks fell.", title="Stocks fall on rate fears - Reuters") == "Reuters"
    assert wire_agency("Stocks fell.", title="Why the AP matters") is None


def test_furniture_is_stripped_but_reporting_by_an_outlet_is_text():
    """Regression: "Reporting by the FT showed …" opened a paragraph and was taken for a
    Reuters staff credit."""
    lines = strip_wire_furniture(
        "By Jane Doe\nLONDON (Reuters) - Britain said.\nMore text here.\n"
        "(Reporting by Jane Doe; Editing by Bob Smith)\n"
        "This article was generated from an automated news agency feed without modifications "
        "to text.\nReporting by the Financial Times showed profits rose.\n"
        "Copyright infringement claims rose 5% last year.\nCopyright 2024 Reuters."
    )
    assert lines == [
        "Britain said.",
        "More text here.",
        "Reporting by the Financial Times showed profits rose.",
        "Copyright infringement claims rose 5% last year.",
    ]
