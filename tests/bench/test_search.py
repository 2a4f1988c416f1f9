"""The search benchmark on a tiny labelled stream, and the latency bench's search part."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from rich.console import Console

from broadsheet.bench import latency, latency_search, search
from broadsheet.bench.clustering import LabelledArticle
from broadsheet.enrich.embedding import LexicalEmbedder
from broadsheet.services.meaning import HEADLINE
from broadsheet.storage import open_repository
from broadsheet.worker import index_upkeep

STREAM = [
    ("Prisoner exchange agreed in Geneva", "swap"),
    ("Geneva talks end with a prisoner exchange", "swap"),
    ("Both sides confirm the prisoner exchange", "swap"),
    ("Central bank raises interest rates", "rates"),
    ("Interest rates rise again at the central bank", "rates"),
    ("Storm closes mountain roads", "storm"),
]


def _stream(path):
    with path.open("w", encoding="utf-8") as out:
        for n, (title, story) in enumerate(STREAM):
            record = {
                "id": n, "title": title, "text": "", "story": story, "source": f"S{n}",
                "url": f"https://x.invalid/{n}", "published": f"2014-03-10T0{n}:00:00",
            }  # fmt: skip
            out.write(json.dumps(record) + "\n")
    return path


def test_every_mode_and_query_kind_is_scored_and_printed(tmp_path):
    result = search.run(_stream(tmp_path / "tiny.jsonl"), LexicalEmbedder())
    assert result["articles"] == 6 and set(result["queries"]) == {"headline", "terms"}
    for modes in result["queries"].values():
        assert set(modes) == {"hybrid", "keyword", "meaning"}
        assert all(m["evaluated"] == 5 for m in modes.values())  # the storm stands alone
        assert all(0 <= m["mrr"] <= 1 and 0 <= m["recall_at_10"] <= 1 for m in modes.values())
    assert result["queries"]["headline"]["meaning"]["mrr"] == 1.0  # shared words, by hashing
    assert result["prefilter"]["candidates"] == 1 and result["prefilter"]["recall_at_100"] is None
    buffer = io.StringIO()
    search.print_table([result], console=Console(file=buffer, width=160))
    assert "tiny headline hybrid" in buffer.getvalue() and "Vector prefilter" in buffer.getvalue()


def test_rare_terms_are_the_words_fewest_headlines_share():
    when = datetime(2014, 3, 10, tzinfo=UTC)
    stream = [
        LabelledArticle(str(n), title, "", when, "", "s")
        for n, title in enumerate(["Rates rise in Geneva", "Rates fall", "Rates rise"])
    ]
    assert search.rare_terms(stream) == ["rise geneva", "rates fall", "rates rise"]


def test_the_latency_archive_gets_one_headline_vector_per_article(tmp_path):
    url = f"sqlite:///{tmp_path / 'latency.db'}"
    stored = latency.populate(url, 300)
    assert latency_search.add_headline_vectors(url) == stored == 300
    assert latency_search.add_headline_vectors(url) == 0  # once per database
    assert latency.populate(url, 350) == 350  # grown: only the new articles are embedded
    assert latency_search.add_headline_vectors(url) == 50
    latency.merge_index(url)  # as the worker's upkeep leaves it
    repo = open_repository(url)
    try:
        model = repo.newest_vector_model(HEADLINE)
        assert model is not None and len(repo.vectors_after(model, 0, 1000)) == 350
        assert repo.search_index_segments() <= index_upkeep.MAX_SEGMENTS
    finally:
        repo.close()
    paths = latency_search.search_paths()
    assert set(paths) == {"search", "search keyword", "search meaning", "search, filtered"}
    assert paths["search meaning"]().endswith("&mode=meaning")
    filtered = {paths["search, filtered"]() for _ in range(200)}
    assert any("source%3A%22Outlet%20" in p for p in filtered)
    assert any(p.endswith("after%3A2026-03-01") for p in filtered)
