"""How SQLite runs search's filters: the `entity:` set through its `lower(name)` index; a hashtag,
an entity or an outlet without reading each match's article row; dates alone and a language on
the row (storage/sqlite_search.py `narrowed`)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects import sqlite

from broadsheet.storage import open_repository, sqlite_search
from broadsheet.storage.repository import SearchQuery
from broadsheet.storage.sql_search import labelled_ids
from broadsheet.storage.sqlite_search import FEW, FTS, Narrowing, narrowed
from tests.contract.test_repository import NOW, draft


def _plan(path, statement) -> str:
    sql = str(statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    with sqlite3.connect(path) as conn:
        return " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))


def test_the_entity_filter_reads_its_index_and_labels_never_read_the_article_row(tmp_path) -> None:
    path = tmp_path / "plan.db"
    open_repository(f"sqlite:///{path}").close()  # migrated
    (entity,) = labelled_ids(SearchQuery("x", entity="Volodymyr Zelenskyy"))
    assert "ix_article_entities_lower_name" in _plan(path, entity)
    base = FTS.select().where(FTS.c.rowid > 0)
    labelled = _plan(path, narrowed(base, SearchQuery("x", tag="kyiv", entity="Ann Lee")))
    assert "SEARCH articles " not in labelled and "article_tags" in labelled
    outlet = SearchQuery("x", outlet="herald", after=datetime(2025, 1, 1, tzinfo=UTC))
    plan = _plan(path, narrowed(base, outlet, Narrowing(outlet_as_set=True)))
    assert "ix_articles_source_published" in plan and "PRIMARY KEY" not in plan
    for on_the_row in (
        narrowed(base, outlet),  # the caller counted many articles there
        narrowed(base, replace(outlet, outlet=None), Narrowing(span=(5, 9))),  # dates checked
        narrowed(base, SearchQuery("x", tag="kyiv", language="en"), Narrowing(True)),
    ):
        assert "JOIN articles" in str(on_the_row)  # however the planner then orders the two


@pytest.mark.parametrize("few", [0, FEW], ids=["on the row", "as a set and a span"])
def test_outlet_and_dates_find_the_same_either_way(tmp_path, monkeypatch, few) -> None:
    monkeypatch.setattr(sqlite_search, "FEW", few)
    repo = open_repository(f"sqlite:///{tmp_path / 'either.db'}")
    alpha = repo.add_source("https://a.example/feed", title="Alpha").id
    beta = repo.add_source("https://b.example/feed", title="Beta").id
    ids = [
        repo.save_article(draft(source, n, title=f"Prisoner swap {n}")).article_id
        for n, source in enumerate([alpha, beta, alpha, beta, alpha], start=1)
    ]
    day = timedelta(minutes=3)

    def found(**filters) -> set[int]:
        return set(repo.search_ids(SearchQuery("prisoner", **filters), 10))

    assert found(outlet="alpha") == {ids[0], ids[2], ids[4]}
    assert found(outlet="beta", after=NOW + day) == {ids[3]}
    assert found(before=NOW + day) == {ids[0], ids[1]}
    assert found(outlet="nowhere") == set()
    assert found(after=NOW + 10 * day) == set()  # nothing published since: an empty span
    # stored last, published first (a backfilled report): ids are not in time order
    late = repo.save_article(draft(alpha, 6, title="Prisoner swap", published_at=NOW))
    assert found(before=NOW + day) == {ids[0], ids[1], late.article_id}
    assert found(outlet="alpha", before=NOW + timedelta(minutes=2)) == {ids[0], late.article_id}
    repo.close()
