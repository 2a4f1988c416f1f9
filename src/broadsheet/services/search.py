"""The search page: the query syntax, three ways to rank, results grouped by story, outlet counts.

    "prisoner exchange" putin* source:reuters tag:ukraine after:2025-06-01 before:2025-07-01

Words must all match (title or body); "quoted phrases" match in order; `word*` is a prefix (of
at least `storage.fts.MIN_PREFIX` letters: a shorter one is searched as the word, and said so);
`source:` (or `outlet:`) keeps outlets whose name contains the value (quote it if it has spaces:
`source:"Demo Herald"`); `after:` and `before:` take a day (YYYY-MM-DD, UTC); `tag:` keeps
articles with that hashtag (`tag:ukraine`, `tag:#Ukraine`), `entity:` those naming that person,
organisation or place (`entity:"Volodymyr Zelenskyy"`), `language:` (or `lang:`) those in that
language (`language:en`).

The mode says how articles are found and ranked:

- `keyword`: the words, ranked by bm25 (title matches first): at most `HIT_LIMIT`;
- `meaning`: the stored headlines nearest to the query in meaning (`services.meaning`), even
  without a word in common: at most `MEANING_LIMIT`, above a similarity floor;
- `hybrid` (the default): both lists merged by reciprocal rank fusion, so an article that both
  find rises, and one either finds is kept.

Filters narrow every mode. When search by meaning can't run (no stored vectors, or the model
that made them is not installed), the page says so and shows keyword results. Results are
grouped by story (the best match leads each group) or listed flat; the outlet counts are over
all the hits. Snippets mark the matched words; an article found by meaning alone shows its
first sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from broadsheet.enrich.tags import slugify
from broadsheet.model import Page, Story, Tag
from broadsheet.normalize.sentences import split_sentences
from broadsheet.services.meaning import MeaningSearch, MeaningUnavailable
from broadsheet.storage import Repository
from broadsheet.storage.fts import MIN_PREFIX, short_prefixes
from broadsheet.storage.repository import SearchHit, SearchQuery

__all__ = [
    "MODES",
    "SearchGroup",
    "SearchMode",
    "SearchPage",
    "SearchResult",
    "fuse",
    "parse_query",
    "search",
    "search_page",
]

SearchMode = Literal["hybrid", "keyword", "meaning"]
MODES: tuple[SearchMode, ...] = get_args(SearchMode)
HIT_LIMIT = 200
MEANING_LIMIT = 100  # nearest headlines taken; fewer when the rest are below the floor
# Keyword hits fused in hybrid: past rank 100 a hit adds under 1/160 to a fused score, and
# fetching fewer rows is part of what keeps the page within its latency goal.
HYBRID_KEYWORD_LIMIT = 100
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al. 2009): damps the top ranks
OUTLET_FACETS = 12
TAG_FACETS = 12
GROUP_HITS = 3  # hits shown under a story; the rest are counted
LEAD_CHARS = 600  # text read for the snippet of an article found by meaning alone
SNIPPET_CHARS = 220
_FILTER = re.compile(
    r'\b(source|outlet|after|before|tag|entity|language|lang):("[^"]*"|\S+)', re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first. `mode` is what ran: "keyword" when meaning was asked for but couldn't
    run, and then `fallback` says why; `problems` are parts of the query that could not be used."""

    query: SearchQuery
    hits: tuple[SearchHit, ...]
    mode: SearchMode
    problems: tuple[str, ...] = ()
    fallback: str = ""


@dataclass(frozen=True, slots=True)
class SearchGroup:
    """Matches from one story (`story` None: an article no story holds yet)."""

    story: Story | None
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True, slots=True)
class SearchPage:
    query: str
    grouped: bool
    results: Page[SearchGroup]
    matches: int  # articles found, at most HIT_LIMIT (MEANING_LIMIT by meaning alone)
    outlets: tuple[tuple[str, int], ...]
    problems: tuple[str, ...]  # parts of the query that could not be used, in words
    mode: SearchMode = "keyword"  # the mode asked for (kept in links)
    ran: SearchMode = "keyword"  # the mode that ran
    fallback: str = ""  # why meaning could not run, when it was asked for
    more: bool = False  # the hits reached the mode's limit: there may be more matches
    tags: tuple[tuple[Tag, int], ...] = ()  # the hashtags most hits carry, with counts
    filtered: bool = False  # the query has filters (outlet, hashtag, entity, language, dates)


def parse_query(raw: str) -> tuple[SearchQuery, list[str]]:
    """The query and what could not be understood (a bad date), so the page can say so."""
    problems: list[str] = []
    query = SearchQuery(text=_FILTER.sub(" ", raw).strip())
    for name, value in _FILTER.findall(raw):
        value, name = value.strip('"'), name.lower()
        if name in ("source", "outlet"):
            query = replace(query, outlet=value)
            continue
        if name == "tag":
            slug = slugify(value.lstrip("#"))
            if not slug:  # ignoring it would widen the search to every hashtag
                problems.append(f"tag: wants a hashtag like #ukraine, not “{value}”")
            query = replace(query, tag=slug or value)
            continue
        if name == "entity":
            query = replace(query, entity=" ".join(value.split()))
            continue
        if name in ("language", "lang"):
            query = replace(query, language=value.lower())
            continue
        day = _day(value)
        if day is None:
            problems.append(f"{name}: wants a day like 2025-06-01, not “{value}”")
        elif name == "after":
            query = replace(query, after=day)
        else:
            query = replace(query, before=day + timedelta(days=1))
    for word in short_prefixes(query.text):
        problems.append(
            f"a prefix wants at least {MIN_PREFIX} letters before the *: “{word}” is searched "
            f"as the word “{word.rstrip('*')}”"
        )
    return query, problems


def _day(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def search(
    repo: Repository,
    raw: str,
    *,
    mode: SearchMode = "hybrid",
    meaning: MeaningSearch | None = None,
    limit: int = HIT_LIMIT,
) -> SearchResult:
    """The hits for what a reader typed, best first. Without `meaning` (a caller with no
    semantic side) "hybrid" is keyword search; "meaning" falls back to it and says so."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    query, problems = parse_query(raw)
    result = SearchResult(query, (), mode, tuple(problems))
    if not query.text:
        return result
    if mode != "keyword":
        try:
            return replace(result, hits=_with_meaning(repo, query, mode, meaning, limit))
        except MeaningUnavailable as exc:
            if meaning is not None or mode == "meaning":
                result = replace(result, fallback=f"Search by meaning is unavailable: {exc}.")
    return replace(result, mode="keyword", hits=tuple(repo.search_hits(query, limit)))


def _with_meaning(
    repo: Repository,
    query: SearchQuery,
    mode: SearchMode,
    meaning: MeaningSearch | None,
    limit: int,
) -> tuple[SearchHit, ...]:
    if meaning is None:
        raise MeaningUnavailable("this installation does not search by meaning")
    near = [i for i, _ in meaning.nearest(query, min(limit, MEANING_LIMIT))]
    if mode == "meaning":
        return tuple(repo.hits_for(near))
    keyword = repo.search_ids(query, min(limit, HYBRID_KEYWORD_LIMIT))
    return tuple(repo.hits_for(fuse(keyword, near)[:limit]))  # one read for both lists' rows


def fuse(*rankings: Sequence[int], k: int = RRF_K) -> list[int]:
    """Reciprocal rank fusion: each list gives an item 1 / (k + rank); best total first, ties
    in the order the items were first listed."""
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: -scores[item])


def search_page(
    repo: Repository,
    raw: str,
    page: int,
    per_page: int,
    *,
    grouped: bool = True,
    mode: SearchMode = "hybrid",
    meaning: MeaningSearch | None = None,
) -> SearchPage:
    found = search(repo, raw, mode=mode, meaning=meaning)
    hits = found.hits
    groups = _by_story(hits) if grouped else [(None, (h,)) for h in hits]
    page = max(1, page)
    shown = groups[(page - 1) * per_page : page * per_page]
    return SearchPage(
        query=raw,
        grouped=grouped,
        results=Page(tuple(_filled(repo, found.query, shown)), page, per_page, len(groups)),
        matches=len(hits),
        outlets=tuple(Counter(h.outlet for h in hits).most_common(OUTLET_FACETS)),
        problems=found.problems,
        mode=mode,
        ran=found.mode,
        fallback=found.fallback,
        more=len(hits) >= (MEANING_LIMIT if found.mode == "meaning" else HIT_LIMIT),
        tags=_tag_facets(repo, hits),
        filtered=found.query.filtered,
    )


def _tag_facets(repo: Repository, hits: Sequence[SearchHit]) -> tuple[tuple[Tag, int], ...]:
    """The hashtags most of the hits carry (topic tags too), over every hit, not just a page."""
    counts: Counter[str] = Counter()
    labels: dict[str, Tag] = {}
    for tags in repo.articles_tags([h.article_id for h in hits]).values():
        for tag in tags:
            counts[tag.slug] += 1
            labels.setdefault(tag.slug, tag)
    return tuple((labels[slug], n) for slug, n in counts.most_common(TAG_FACETS))


def _filled(
    repo: Repository, query: SearchQuery, groups: Sequence[tuple[int | None, tuple[SearchHit, ...]]]
) -> list[SearchGroup]:
    """The shown groups with their stories and the snippets of their first few hits."""
    wanted = [h.article_id for _, hits in groups for h in hits[:GROUP_HITS]]
    snippets = hit_snippets(repo, query.text, wanted)
    story_ids = [s for s, _ in groups if s is not None]
    stories = repo.get_stories(story_ids) if story_ids else {}
    return [
        SearchGroup(
            stories.get(story_id) if story_id is not None else None,
            tuple(replace(h, snippet=snippets.get(h.article_id, "")) for h in hits),
        )
        for story_id, hits in groups
    ]


def hit_snippets(repo: Repository, text: str, article_ids: Sequence[int]) -> dict[int, str]:
    """The index's snippet (matched words marked) where the words match; else, for an article
    found by meaning alone, its first sentences."""
    snippets = repo.search_snippets(text, article_ids) if article_ids else {}
    rest = [i for i in article_ids if i not in snippets]
    if rest:
        leads = repo.article_leads(rest, LEAD_CHARS)
        snippets |= {i: _first_sentences(lead) for i, lead in leads.items()}
    return snippets


def _first_sentences(text: str, limit: int = SNIPPET_CHARS) -> str:
    """Whole sentences from the start up to about `limit` characters (at least one, cut at a
    word with an ellipsis if it alone is longer)."""
    shown = ""
    for sentence in split_sentences(text):
        if shown and len(shown) + len(sentence) > limit:
            break
        shown = f"{shown} {sentence}".strip()
    flat = " ".join(shown.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _by_story(hits: Sequence[SearchHit]) -> list[tuple[int | None, tuple[SearchHit, ...]]]:
    """Stories in the order of their best match; an article without a story stands alone."""
    order: dict[int | str, list[SearchHit]] = {}
    for hit in hits:
        key: int | str = hit.story_id if hit.story_id is not None else f"a{hit.article_id}"
        order.setdefault(key, []).append(hit)
    return [(k if isinstance(k, int) else None, tuple(v)) for k, v in order.items()]
