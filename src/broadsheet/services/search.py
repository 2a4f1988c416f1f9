"""The search page: the query syntax, results grouped by story, and counts by outlet.

    "prisoner exchange" putin* source:reuters after:2025-06-01 before:2025-07-01

Words must all match (title or body); "quoted phrases" match in order; `word*` is a prefix;
`source:` (or `outlet:`) keeps outlets whose name contains the value (quote it if it has spaces:
`source:"Demo Herald"`); `after:` and `before:` take a day (YYYY-MM-DD, UTC). Results are the
best `HIT_LIMIT` matches, grouped by story (the best match leads each group) or listed flat;
the outlet counts are over those matches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from broadsheet.model import Page, Story
from broadsheet.storage import Repository
from broadsheet.storage.repository import SearchHit, SearchQuery

__all__ = ["SearchGroup", "SearchPage", "parse_query", "search_page"]

HIT_LIMIT = 400
OUTLET_FACETS = 12
GROUP_HITS = 3  # hits shown under a story; the rest are counted
_FILTER = re.compile(r'\b(source|outlet|after|before):("[^"]*"|\S+)', re.IGNORECASE)


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
    matches: int  # articles found, at most HIT_LIMIT
    outlets: tuple[tuple[str, int], ...]
    problems: tuple[str, ...]  # parts of the query that could not be used, in words


def parse_query(raw: str) -> tuple[SearchQuery, list[str]]:
    """The query and what could not be understood (a bad date), so the page can say so."""
    problems: list[str] = []
    query = SearchQuery(text=_FILTER.sub(" ", raw).strip())
    for name, value in _FILTER.findall(raw):
        value, name = value.strip('"'), name.lower()
        if name in ("source", "outlet"):
            query = replace(query, outlet=value)
            continue
        day = _day(value)
        if day is None:
            problems.append(f"{name}: wants a day like 2025-06-01, not “{value}”")
        elif name == "after":
            query = replace(query, after=day)
        else:
            query = replace(query, before=day + timedelta(days=1))
    return query, problems


def _day(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def search_page(
    repo: Repository, raw: str, page: int, per_page: int, *, grouped: bool = True
) -> SearchPage:
    query, problems = parse_query(raw)
    hits = repo.search_hits(query, HIT_LIMIT) if raw.strip() else []
    groups = _by_story(hits) if grouped else [(None, (h,)) for h in hits]
    page = max(1, page)
    shown = groups[(page - 1) * per_page : page * per_page]
    return SearchPage(
        query=raw,
        grouped=grouped,
        results=Page(tuple(_filled(repo, query, shown)), page, per_page, len(groups)),
        matches=len(hits),
        outlets=tuple(Counter(h.outlet for h in hits).most_common(OUTLET_FACETS)),
        problems=tuple(problems),
    )


def _filled(
    repo: Repository, query: SearchQuery, groups: Sequence[tuple[int | None, tuple[SearchHit, ...]]]
) -> list[SearchGroup]:
    """The shown groups with their stories and the snippets of their first few hits."""
    wanted = [h.article_id for _, hits in groups for h in hits[:GROUP_HITS]]
    snippets = repo.search_snippets(query.text, wanted)
    return [
        SearchGroup(
            repo.get_story(story_id) if story_id is not None else None,
            tuple(replace(h, snippet=snippets.get(h.article_id, "")) for h in hits),
        )
        for story_id, hits in groups
    ]


def _by_story(hits: Sequence[SearchHit]) -> list[tuple[int | None, tuple[SearchHit, ...]]]:
    """Stories in the order of their best match; an article without a story stands alone."""
    order: dict[int | str, list[SearchHit]] = {}
    for hit in hits:
        key: int | str = hit.story_id if hit.story_id is not None else f"a{hit.article_id}"
        order.setdefault(key, []).append(hit)
    return [(k if isinstance(k, int) else None, tuple(v)) for k, v in order.items()]
