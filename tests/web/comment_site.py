"""A site of its own for the comment and moderation tests: a real uvicorn serving a fresh
SQLite database with one story of two articles, and readers signed in over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import update

from broadsheet.community import Account, Role
from broadsheet.config import Settings
from broadsheet.model import ArticleDraft, DateOrigin
from broadsheet.storage import Repository, open_repository
from broadsheet.storage.schema_readers import accounts
from broadsheet.web import create_app
from tests.accounts_helper import csrf_for, make_account, sign_in, site_client
from tests.live_server import LiveServer


@dataclass
class CommentSite:
    repo: Repository
    settings: Settings
    base: str
    article: int
    other_article: int
    story: int
    clients: list[httpx.Client] = field(default_factory=list)

    def reader(
        self, name: str, role: Role = Role.READER, *, new: bool = False
    ) -> tuple[Account, httpx.Client]:
        """An account (a month old, unless `new`: brand-new accounts posting fast are held),
        and a browser-like client signed in as it."""
        account = make_account(self.repo, f"{name.lower()}@example.org", name, role)
        if not new:
            month_ago = datetime.now(UTC) - timedelta(days=30)
            with self.repo.engine.begin() as conn:  # type: ignore[attr-defined]
                aged = update(accounts).where(accounts.c.id == account.id)
                conn.execute(aged.values(created_at=month_ago))
        client = site_client(self.base)
        self.clients.append(client)
        sign_in(client, account.email)
        return account, client

    def visitor(self) -> httpx.Client:
        client = site_client(self.base)
        self.clients.append(client)
        return client


def post_comment(
    client: httpx.Client,
    body: str,
    *,
    target: str = "article",
    target_id: int = 1,
    parent_id: int | None = None,
    token: str | None = None,
) -> httpx.Response:
    """POST /comments the way the page's form does (the CSRF token read from the page)."""
    page = f"/{'articles' if target == 'article' else 'stories'}/{target_id}"
    data = {"target": target, "target_id": str(target_id), "body": body}
    if parent_id is not None:
        data["parent_id"] = str(parent_id)
    data["csrf"] = token if token is not None else csrf_for(client, page)
    return client.post("/comments", data=data, follow_redirects=False)


def comment_id(response: httpx.Response) -> int:
    """The id in a 303 answer's Location (…#c-<id>)."""
    assert response.status_code == 303, response.text[:500]
    return int(response.headers["location"].rsplit("#c-", 1)[1])


@contextmanager
def comment_site(tmp_path, **overrides: object) -> Iterator[CommentSite]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'comments.db'}",
        allow_hosts="127.0.0.1",
        host_delay=0.0,
        **overrides,  # type: ignore[arg-type]
    )
    repo = open_repository(settings.database_url)
    article, other, story = _news(repo)
    web = LiveServer(create_app(settings, repo=repo, run_worker=False)).start()
    site = CommentSite(repo, settings, web.base, article, other, story)
    try:
        yield site
    finally:
        for client in site.clients:
            client.close()
        web.stop()
        repo.close()


def _news(repo: Repository) -> tuple[int, int, int]:
    now = datetime.now(UTC)
    ids = []
    for n in (1, 2):
        source = repo.add_source(f"https://outlet{n}.example/feed", title=f"Outlet {n}").id
        url = f"https://outlet{n}.example/harbour"
        ids.append(
            repo.save_article(
                ArticleDraft(
                    source_id=source, url=url, canonical_url=url, guid=f"g{n}",
                    title=f"Harbour reopens, report {n}", text=f"The harbour reopened. Report {n}.",
                    fingerprint=f"fp{n}", published_at=now - timedelta(hours=n),
                    date_origin=DateOrigin.FEED, fetched_at=now,
                )
            ).article_id
        )  # fmt: skip
    story = repo.start_story(ids[0]).id
    repo.join_story(story, [ids[1]])
    return ids[0], ids[1], story
