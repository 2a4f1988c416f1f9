"""An article's broad topic ("politics", "sport" …) from a small hand-written lexicon.

Each topic lists words and phrases that news about it uses. An article scores one point per
occurrence of a topic's term in its body and three in its headline; the best-scoring topic wins
when it scores at least `min_score` and clearly beats the runner-up, otherwise the article has no
topic. Words are compared lowercased and without a plural "s" ("elections" is "election").
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import pairwise

__all__ = ["LABELS", "TOPICS", "TopicLexicon", "stem"]

LABELS = {
    "politics": "Politics",
    "business": "Business",
    "sport": "Sport",
    "technology": "Technology",
    "entertainment": "Entertainment",
    "science": "Science",
    "health": "Health",
    "conflict": "Conflict",
    "crime": "Crime",
    "environment": "Environment",
}

TOPICS: Mapping[str, str] = {
    "politics": """
        election vote voter ballot campaign candidate parliament parliamentary mp minister
        ministry prime_minister government opposition senate senator congress congressional
        legislation lawmaker legislator referendum coalition cabinet chancellor conservative
        labour tory lib_dem democrat republican mayor governor constituency manifesto politician
        political politics diplomat diplomatic diplomacy summit treaty sanction embassy
        ambassador immigration asylum home_secretary secretary_of_state whitehall westminster
        commons lords shadow backbench backbencher impeachment inauguration administration
        party_leader general_election polling electoral reform bill_passed downing_street
        white_house policy
    """,
    "business": """
        company firm share shareholder stock market investor investment profit revenue sale
        earnings quarter economy economic economist growth inflation interest_rate bank banking
        central_bank dollar euro currency price oil_price trade deficit export import takeover
        merger acquisition chief_executive ceo executive analyst retail retailer consumer
        unemployment employment industry manufacturing factory output gdp fiscal debt loan
        bond fund pension stake dividend forecast bankruptcy airline carmaker car_maker
        supplier customer demand tariff index valuation ipo business sector financial
        finance stock_market wall_street job_cut brand oil gas energy contract
        production lending mortgage property house_price spending cost cash credit_card
    """,
    "sport": """
        match player team coach club league cup championship champion tournament cup_final
        semi-final quarter-final goal victory defeat season football soccer rugby cricket
        tennis golf athletics olympic olympics marathon race racing formula_one grand_prix
        boxing striker midfielder defender goalkeeper referee stadium fixture squad medal
        world_cup premiership premier_league test_match innings wicket fa_cup champions_league
        sprinter nba nfl baseball basketball hockey cycling swimmer skiing wimbledon bowler
        batsman scrum fly-half kick-off title_race scored coach manager_said injury_time
        athlete sport sporting captain win_over
    """,
    "technology": """
        technology tech software hardware computer internet online web website broadband
        mobile_phone smartphone phone device app gadget digital data network wireless wi-fi
        chip processor semiconductor ai artificial_intelligence robot algorithm hacker hack
        cyber cyber-attack spam email e-mail search_engine browser video_game gaming console
        game_console games_console playstation xbox download file-sharing pc laptop user blog
        blogger social_media platform encryption telecom operator ipod iphone tablet
        screen camera gigabyte startup silicon_valley innovation electronic electronics
        virus_writer net microsoft google apple
    """,
    "entertainment": """
        film movie cinema actor actress director star box_office hollywood oscar
        academy_award bafta grammy award album song singer band music musician concert tour
        chart record_label rapper pop rock festival theatre stage musical comedy comedian
        drama tv television show series episode sitcom soap celebrity fan premiere role
        documentary novel author book literary art artist exhibition gallery dance ballet
        opera broadway west_end hit sequel script screenplay soundtrack studio producer
        nomination nominated entertainment showbiz
    """,
    "science": """
        scientist science research researcher study space nasa astronaut planet mars moon
        orbit telescope satellite rocket physics chemistry biology species fossil dinosaur
        evolution gene genetic dna stem_cell laboratory lab experiment discovery astronomer galaxy
        meteor asteroid comet particle quantum journal archaeologist archaeology spacecraft
        mission_to probe
    """,
    "health": """
        health hospital doctor nurse patient disease virus infection vaccine vaccination
        cancer heart drug medicine medical treatment surgery nhs clinic illness outbreak
        pandemic epidemic flu covid coronavirus obesity diet mental_health diabetes symptom
        healthcare therapy pharmaceutical smoking alcohol
    """,
    "conflict": """
        war military army troop soldier force missile drone airstrike air_strike bomb bombing
        shelling attack ceasefire truce invasion offensive frontline front_line rebel militant
        insurgent insurgency battle fighting weapon artillery tank casualty civilian occupation
        siege hostage terror terrorist terrorism peace_talk humanitarian genocide massacre
        warplane navy air_defence air_defense ammunition armed
    """,
    "crime": """
        police arrest arrested charged trial judge jury prison jail sentenced murder crime
        criminal fraud theft robbery stolen shooting gun suspect
        investigation detective prosecutor prosecution convicted guilty lawsuit sued lawyer
        attorney bail victim kidnap trafficking gang abuse assault rape smuggling
    """,
    "environment": """
        climate climate_change global_warming emission carbon greenhouse pollution environment
        environmental renewable solar wind_farm fossil_fuel coal deforestation wildlife
        conservation flood drought wildfire hurricane storm recycling plastic_waste biodiversity
        endangered extinction
    """,
}

_WORD = re.compile(r"[a-z][a-z-]*")


def stem(word: str) -> str:
    """Lowercased, a plural "s" dropped: "Elections" → "election", "companies" → "company"."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _grams(text: str) -> Counter[str]:
    words = [stem(w) for w in _WORD.findall(text.lower())]
    grams = Counter(words)
    grams.update(f"{a} {b}" for a, b in pairwise(words))
    grams.update(f"{a} {b} {c}" for a, b, c in zip(words, words[1:], words[2:], strict=False))
    return grams


class TopicLexicon:
    """Scores texts against `topics` (topic → whitespace-separated terms, "_" joining words)."""

    def __init__(
        self,
        topics: Mapping[str, str] = TOPICS,
        *,
        min_score: float = 3.0,
        margin: float = 1.1,
        title_weight: float = 3.0,
    ) -> None:
        self.terms = {topic: _terms(spec.split()) for topic, spec in topics.items()}
        self.min_score, self.margin, self.title_weight = min_score, margin, title_weight
        spec = sorted((topic, sorted(terms)) for topic, terms in self.terms.items())
        digest = hashlib.sha256(repr(spec).encode()).hexdigest()[:8]  # stable across processes
        self.version = f"{digest}-{min_score:g}-{margin:g}"

    def scores(self, title: str, text: str) -> dict[str, float]:
        body, head = _grams(text), _grams(title)
        return {
            topic: sum(body[t] + self.title_weight * head[t] for t in terms)
            for topic, terms in self.terms.items()
        }

    def topic(self, title: str, text: str) -> str | None:
        """The article's topic, or None when no topic clearly wins."""
        ranked = sorted(self.scores(title, text).items(), key=lambda item: -item[1])
        (best, score), (_, second) = ranked[0], ranked[1]
        if score >= self.min_score and score >= self.margin * second:
            return best
        return None


def _terms(words: Iterable[str]) -> frozenset[str]:
    return frozenset(" ".join(stem(w) for w in term.split("_")) for term in words)
