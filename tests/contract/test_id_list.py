"""Lists of ids bound as one value (storage/id_list.py) on every backend: order kept, unknown
ids left out, empty and long lists, and nothing but numbers reaching a statement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from broadsheet.storage.id_list import id_in
from broadsheet.storage.schema import articles
from tests.contract.test_repository import draft


@pytest.fixture
def ids(repo):
    source = repo.add_source("https://a.example/feed", title="Alpha").id
    return [r.article_id for r in repo.save_articles(draft(source, n) for n in range(1, 6))]


def test_hits_come_in_the_order_asked_without_unknown_ids(repo, ids):
    asked = [ids[3], 10_000_000, ids[0], ids[4]]
    assert [h.article_id for h in repo.hits_for(asked)] == [ids[3], ids[0], ids[4]]
    assert repo.hits_for([]) == []
    assert [a.id for a in repo.get_articles([ids[2], ids[2]])] == [ids[2], ids[2]]


def test_a_long_list_is_one_parameter(repo, ids):
    many = list(range(1, 20_001))  # far past SQLite's 999 and PostgreSQL's 65,535 parameters
    assert sorted(h.article_id for h in repo.hits_for(many)) == sorted(ids)
    assert [a.id for a in repo.get_articles(many)] == ids
    assert repo.articles_tags(many) == {}  # none is tagged yet


def test_only_numbers_are_bound(repo, ids):
    statement = select(articles.c.id).where(id_in(articles.c.id, ["1); DROP TABLE articles; --"]))
    with repo.engine.connect() as conn, pytest.raises(Exception, match="invalid literal for int"):
        conn.execute(statement)
    assert len(repo.hits_for(ids)) == len(ids)  # the table is still there
