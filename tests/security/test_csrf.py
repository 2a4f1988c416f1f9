"""CSRF on every state-changing request: every POST route of the site (found from the app, so
a new form is covered the day it is added) is sent as another site would send it: without a
token, with another browser's token, and from another origin. Each is refused (403) and
nothing changes; then the same request with the right token is accepted, which shows that the
token was what stopped it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.routing import APIRoute
from sqlalchemy import select

from broadsheet.community import Role
from broadsheet.config import Settings
from broadsheet.services import comments
from broadsheet.storage import open_repository
from broadsheet.storage.schema import metadata
from broadsheet.web import create_app
from broadsheet.web.deps import admin as basic_admin
from tests.accounts_helper import PASSWORD, csrf_for, make_account, sign_in, site_client
from tests.contract.test_repository import draft
from tests.live_server import LiveServer

# Everything a forged request could change (rate-limit counters and site keys aside).
WATCHED = ("accounts", "sessions", "password_resets", "comments", "comment_reports",
           "moderation_log", "blocked_words", "follows", "sources", "saved_searches")  # fmt: skip
EVIL = "https://evil.example"


@dataclass
class Site:
    base: str
    repo: object
    app: object
    ids: dict[str, int]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """A site with an article, a story-less comment by a reader, and an admin to act as."""
    path = tmp_path_factory.mktemp("csrf") / "csrf.db"
    settings = Settings(database_url=f"sqlite:///{path}", comment_limit=1000)
    repo = open_repository(settings.database_url)
    source = repo.add_source("https://a.example/feed", title="Gazette").id
    article = repo.save_article(draft(source, 1)).article_id
    make_account(repo, "admin@example.org", "Ada Admin", Role.ADMIN)
    reader = make_account(repo, "reader@example.org", "Rita Reader")
    app = create_app(settings, repo=repo, run_worker=False)
    desk = comments.Desk(repo, settings, None)
    comment = comments.post_comment(desk, reader, "", comments.CommentTarget.ARTICLE, article,
                                    "A first comment on the bridge.")  # fmt: skip
    web = LiveServer(app).start()
    ids = {"article": article, "comment": comment.id, "reader": reader.id, "source": source}
    yield Site(web.base, repo, app, ids)
    web.stop()
    repo.close()


def post_routes(app) -> list[APIRoute]:
    return [r for r in app.routes if isinstance(r, APIRoute) and "POST" in r.methods
            and not r.path.startswith("/api/")]  # fmt: skip


def forms(site: Site) -> dict[str, tuple[str, dict[str, str]]]:
    """Each POST route → (the concrete path, a form that its handler accepts)."""
    i = site.ids
    return {
        "/signup": (
            "/signup",
            {"email": "new@example.org", "display_name": "Newt", "password": PASSWORD},
        ),
        "/login": ("/login", {"email": "admin@example.org", "password": PASSWORD}),
        "/logout": ("/logout", {}),
        "/reset": ("/reset", {"email": "reader@example.org"}),
        "/reset/{token}": ("/reset/not-a-token", {"password": "a new long password"}),
        "/account/name": ("/account/name", {"display_name": "Ada Renamed"}),
        "/account/password": (
            "/account/password",
            {"current_password": PASSWORD, "new_password": PASSWORD + "!"},
        ),
        "/account/digest": ("/account/digest", {"digest": "daily"}),
        "/comments": (
            "/comments",
            {"target": "article", "target_id": str(i["article"]), "body": "Forged words."},
        ),
        "/comments/{comment_id}/edit": (f"/comments/{i['comment']}/edit", {"body": "Forged."}),
        "/comments/{comment_id}/delete": (f"/comments/{i['comment']}/delete", {}),
        "/comments/{comment_id}/report": (f"/comments/{i['comment']}/report", {"reason": "x"}),
        "/moderation/comments/{comment_id}/{action}": (
            f"/moderation/comments/{i['comment']}/hide",
            {"reason": "forged"},
        ),
        "/moderation/accounts/{account_id}/{action}": (
            f"/moderation/accounts/{i['reader']}/ban",
            {"reason": "forged"},
        ),
        "/moderation/words": ("/moderation/words", {"word": "forgedword"}),
        "/moderation/words/remove": ("/moderation/words/remove", {"word": "forgedword"}),
        "/follows": ("/follows", {"kind": "source", "key": str(i["source"]), "action": "follow"}),
        "/sources": ("/sources", {"url": "https://b.example/feed"}),
        "/sources/import": ("/sources/import", {"opml": "<opml/>"}),
        "/sources/{source_id}/{action}": (f"/sources/{i['source']}/pause", {}),
    }


def snapshot(repo) -> dict[str, list[tuple]]:
    with repo.engine.connect() as conn:
        return {name: sorted(tuple(map(str, row)) for row in
                             conn.execute(select(metadata.tables[name])).all())
                for name in WATCHED}  # fmt: skip


def test_every_post_route_is_protected_and_listed_here(site):
    listed = forms(site)
    for route in post_routes(site.app):
        calls = {d.call for d in route.dependant.dependencies}
        assert any(getattr(c, "__name__", "") == "csrf" for c in calls) or basic_admin in calls, (
            f"POST {route.path} has no CSRF protection"
        )
        assert route.path in listed, f"add POST {route.path} to the CSRF attack suite"


def _signed_in_admin(site: Site) -> httpx.Client:
    client = site_client(site.base)
    sign_in(client, "admin@example.org")
    return client


def _token(client: httpx.Client) -> str:
    return csrf_for(client, "/account")


ATTACKS = ("no-token", "other-browsers-token", "foreign-origin", "no-origin")


def _cases() -> list[tuple[str, str]]:
    return [(path, attack) for path in _ROUTES for attack in ATTACKS]


_ROUTES = (
    "/signup", "/login", "/logout", "/reset", "/reset/{token}", "/account/name",
    "/account/password", "/account/digest", "/comments", "/comments/{comment_id}/edit",
    "/comments/{comment_id}/delete", "/comments/{comment_id}/report",
    "/moderation/comments/{comment_id}/{action}", "/moderation/accounts/{account_id}/{action}",
    "/moderation/words", "/moderation/words/remove", "/follows",
)  # fmt: skip


@pytest.mark.attack
@pytest.mark.parametrize(("route", "attack"), _cases())
def test_a_forged_post_is_refused_and_changes_nothing(site, route, attack):
    path, form = forms(site)[route]
    victim = _signed_in_admin(site)
    other = _signed_in_admin(site)  # another browser of the same person: its own token
    before = snapshot(site.repo)
    headers = {}
    data = dict(form)
    if attack == "other-browsers-token":
        data["csrf"] = _token(other)
    elif attack in ("foreign-origin", "no-origin"):
        data["csrf"] = _token(victim)
        headers = {"Origin": EVIL} if attack == "foreign-origin" else {}
    if attack == "no-origin":
        del victim.headers["Origin"]
    try:
        answer = victim.post(path, data=data, headers=headers, follow_redirects=False)
    finally:
        victim.close()
        other.close()
    assert answer.status_code == 403, (route, attack, answer.status_code, answer.text[:300])
    assert "did not come from this site" in answer.text or "expired" in answer.text
    assert snapshot(site.repo) == before


@pytest.mark.parametrize(
    "route",
    [
        "/comments",
        "/follows",
        "/account/digest",
        "/moderation/words",
        "/comments/{comment_id}/report",
    ],
)
def test_the_same_post_with_its_token_is_accepted(site, route):
    path, form = forms(site)[route]
    client = _signed_in_admin(site)
    try:
        answer = client.post(path, data={**form, "csrf": _token(client)}, follow_redirects=False)
    finally:
        client.close()
    assert answer.status_code == 303, answer.text[:300]


@pytest.mark.attack
@pytest.mark.parametrize("route", ["/sources", "/sources/import", "/sources/{source_id}/{action}"])
@pytest.mark.parametrize("origin", [EVIL, None])
def test_the_sources_forms_refuse_other_origins_even_with_the_password(site, route, origin):
    path, form = forms(site)[route]
    before = snapshot(site.repo)
    headers = {"Origin": origin} if origin else {}
    with httpx.Client(base_url=site.base, timeout=30) as client:
        answer = client.post(path, data=form, headers=headers, auth=("admin", "wrong"))
        assert answer.status_code in (401, 403)
        password = site.app.state.admin_password
        answer = client.post(path, data=form, headers=headers, auth=("admin", password))
    assert answer.status_code == 403, answer.text[:300]
    assert snapshot(site.repo) == before
