"""Accounts over real HTTP against a real server: sign up, sign in and out, cookies, CSRF,
session fixation, open redirects, rate limits, and a password reset through a real SMTP
server on 127.0.0.1."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import Depends

from broadsheet.community import Account, Role
from broadsheet.config import Settings
from broadsheet.errors import RateLimited
from broadsheet.services import accounts
from broadsheet.storage import Repository, open_repository
from broadsheet.web import auth, create_app
from tests.accounts_helper import (
    PASSWORD,
    csrf_for,
    csrf_from,
    make_account,
    post_form,
    sign_in,
    sign_up,
    site_client,
)
from tests.live_server import LiveServer
from tests.smtp_server import Inbox

DAY = timedelta(days=1)


@dataclass
class Site:
    repo: Repository
    settings: Settings
    base: str
    inbox: Inbox

    def client(self) -> httpx.Client:
        return site_client(self.base)


def _serve(tmp_path, **overrides) -> Iterator[tuple[Repository, Settings, str, LiveServer]]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'accounts.db'}", **overrides)
    repo = open_repository(settings.database_url)
    app = create_app(settings, repo=repo, run_worker=False)

    @app.get("/staff-only/moderate")  # the role checks, on a route of their own
    def moderate(account: Account = Depends(auth.moderator)) -> dict[str, str]:
        return {"name": account.display_name}

    @app.get("/staff-only/administer")
    def administer(account: Account = Depends(auth.administrator)) -> dict[str, str]:
        return {"name": account.display_name}

    @app.get("/staff-only/slow-down")
    def slow_down() -> None:
        raise RateLimited("Slow down, please.", retry_after=42)

    web = LiveServer(app).start()
    yield repo, settings, web.base, web
    web.stop()
    repo.close()


@pytest.fixture
def site(tmp_path, smtp) -> Iterator[Site]:
    inbox, port = smtp
    for repo, settings, base, _ in _serve(
        tmp_path, login_limit=3, smtp_host="127.0.0.1", smtp_port=port
    ):
        yield Site(repo, settings, base, inbox)


def _session(client: httpx.Client) -> str:
    return client.cookies.get(auth.SESSION_COOKIE, domain="127.0.0.1") or ""


def _set_cookie(response: httpx.Response, name: str) -> str:
    found = [h for h in response.headers.get_list("set-cookie") if h.startswith(name + "=")]
    assert found, f"no {name} cookie set"
    return found[0]


# --- sign up, cookies, the account page


def test_sign_up_sets_a_protected_session_cookie_and_opens_the_account_page(site):
    with site.client() as client:
        form = client.get("/signup")
        assert form.status_code == 200 and 'name="csrf"' in form.text
        pre = _set_cookie(form, auth.PRE_COOKIE)
        assert "HttpOnly" in pre and "samesite=lax" in pre.lower()
        data = {"email": "ann@example.org", "display_name": "Ann", "password": PASSWORD,
                "csrf": csrf_from(form.text), "next": "/latest"}  # fmt: skip
        made = client.post("/signup", data=data)
        assert made.status_code == 303 and made.headers["location"] == "/latest"
        cookie = _set_cookie(made, auth.SESSION_COOKIE)
        assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower() and "Path=/" in cookie
        assert "Secure" not in cookie  # plain http here; see the TLS test
        page = client.get("/account")
        assert page.status_code == 200 and "ann@example.org" in page.text
        assert ">Ann</a>" in page.text and "Sign out" in page.text  # the masthead
        assert client.get("/account.json").json()["display_name"] == "Ann"


def test_the_session_cookie_is_secure_when_the_site_is_served_over_https(tmp_path):
    for _, _, base, _ in _serve(tmp_path, public_url="https://news.example"):
        with site_client(base) as client:
            form = client.get("/signup")
            assert "Secure" in _set_cookie(form, auth.PRE_COOKIE)
            pre = form.cookies[auth.PRE_COOKIE]  # a Secure cookie: httpx won't send it over http
            data = {"email": "ann@example.org", "display_name": "Ann", "password": PASSWORD,
                    "csrf": csrf_from(form.text)}  # fmt: skip
            client.cookies.clear()
            made = client.post("/signup", data=data, headers={"Cookie": f"{auth.PRE_COOKIE}={pre}"})
            assert made.status_code == 303
            assert "Secure" in _set_cookie(made, auth.SESSION_COOKIE)


def test_a_refused_sign_up_keeps_what_was_typed_but_never_the_password(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
    with site.client() as other:
        form = other.get("/signup")
        data = {"email": "ann@example.org", "display_name": "Second Ann",
                "password": "a secret password", "csrf": csrf_from(form.text)}  # fmt: skip
        again = other.post("/signup", data=data)
        assert again.status_code == 400 and "already exists" in again.text
        assert 'value="Second Ann"' in again.text and "a secret password" not in again.text
        assert auth.SESSION_COOKIE not in again.cookies


@pytest.mark.attack
def test_a_display_name_with_markup_is_shown_as_text(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", '<script>alert("x")</script>')
        page = client.get("/account").text
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


def test_pages_that_need_an_account_send_visitors_to_sign_in(site):
    with site.client() as client:
        page = client.get("/account?done=name", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Faccount%3Fdone%3Dname"
        api = client.get("/account.json")
        assert api.status_code == 401 and api.json() == {"detail": "Please sign in first."}
        form = {"display_name": "Nobody", "csrf": csrf_for(client)}
        posted = client.post(
            "/account/name", data=form, headers={"Referer": site.base + "/account"}
        )
        assert posted.status_code == 303  # back to the form's page after signing in, not the POST
        assert posted.headers["location"] == "/login?next=%2Faccount"


def test_role_checks_answer_403_to_readers_and_let_staff_in(site):
    make_account(site.repo, "mod@example.org", "Moderator Mo", Role.MODERATOR)
    make_account(site.repo, "boss@example.org", "Boss", Role.ADMIN)
    with site.client() as reader:
        sign_up(reader, "ann@example.org", "Ann")
        refused = reader.get("/staff-only/moderate", headers={"Accept": "application/json"})
        assert refused.status_code == 403 and "Only moderators" in refused.json()["detail"]
        page = reader.get("/staff-only/moderate")
        assert page.status_code == 403 and "Only moderators can do this." in page.text
    with site.client() as moderator:
        sign_in(moderator, "mod@example.org")
        assert moderator.get("/staff-only/moderate").json() == {"name": "Moderator Mo"}
        assert moderator.get("/staff-only/administer").status_code == 403
        assert "Moderation" in moderator.get("/account").text  # the masthead link
    with site.client() as admin:
        sign_in(admin, "boss@example.org")
        assert admin.get("/staff-only/moderate").status_code == 200
        assert admin.get("/staff-only/administer").json() == {"name": "Boss"}


def test_a_rate_limit_is_a_429_with_retry_after(site):
    with site.client() as client:
        page = client.get("/staff-only/slow-down")
        assert page.status_code == 429 and page.headers["retry-after"] == "42"
        assert "Slow down, please." in page.text
        api = client.get("/staff-only/slow-down", headers={"Accept": "application/json"})
        assert api.json() == {"detail": "Slow down, please."}


# --- signing in and out


def test_a_wrong_password_is_refused_in_the_form(site):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        wrong = post_form(client, "/login", {"email": "ann@example.org", "password": "guessing!"})
        assert wrong.status_code == 400 and "do not match an account" in wrong.text
        assert 'value="ann@example.org"' in wrong.text and "guessing!" not in wrong.text
        assert not _session(client)


@pytest.mark.attack
def test_sign_in_waits_after_too_many_failures(site, caplog):
    caplog.set_level(logging.INFO)
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        for _ in range(site.settings.login_limit):
            failed = post_form(client, "/login", {"email": "ann@example.org", "password": "x" * 12})
            assert failed.status_code == 400
        limited = post_form(client, "/login", {"email": "ann@example.org", "password": PASSWORD})
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) == 900
        assert "wait 15 minutes" in limited.text and not _session(client)
    failures = [r for r in caplog.records if r.getMessage().startswith("sign-in refused")]
    assert len(failures) == site.settings.login_limit
    assert any("refused POST /login (429)" in r.getMessage() for r in caplog.records)


@pytest.mark.attack
def test_signing_out_ends_the_session_on_the_server(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
        stolen = _session(client)
        out = post_form(client, "/logout", {}, page="/account")
        assert out.status_code == 303 and not _session(client)
    with site.client() as thief:
        thief.cookies.set(auth.SESSION_COOKIE, stolen)
        assert thief.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.attack
def test_a_session_planted_before_sign_in_is_never_the_one_signed_in(site):
    make_account(site.repo, "ann@example.org", "Ann")
    planted = "attacker-chosen-session-value"
    with site.client() as victim:
        victim.cookies.set(auth.SESSION_COOKIE, planted, domain="127.0.0.1")
        sign_in(victim, "ann@example.org")
        assert _session(victim) not in ("", planted)
        assert victim.get("/account").status_code == 200
    with site.client() as attacker:
        attacker.cookies.set(auth.SESSION_COOKIE, planted)
        assert attacker.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.attack
def test_an_expired_session_opens_nothing(site):
    ann = make_account(site.repo, "ann@example.org", "Ann")
    long_ago = datetime.now(UTC) - timedelta(days=60)
    site.repo.add_session(accounts.token_hash("old-token"), ann.id, long_ago, long_ago + DAY)
    with site.client() as client:
        client.cookies.set(auth.SESSION_COOKIE, "old-token")
        assert client.get("/account", follow_redirects=False).status_code == 303
        assert "Sign in" in client.get("/latest").text


@pytest.mark.attack
def test_a_banned_readers_session_stops_working_at_once(site, caplog):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
        ann = site.repo.account_login("ann@example.org")[0]
        site.repo.update_account(ann.id, banned_at=datetime.now(UTC))
        assert client.get("/account", follow_redirects=False).status_code == 303
        again = post_form(client, "/login", {"email": "ann@example.org", "password": PASSWORD})
        assert again.status_code == 400 and "suspended" in again.text
    assert any(r.getMessage() == "sign-in refused: banned" for r in caplog.records)


def test_signing_in_again_replaces_the_session(site):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        sign_in(client, "ann@example.org")
        first = _session(client)
        sign_in(client, "ann@example.org")
        assert _session(client) != first
    with site.client() as old:
        old.cookies.set(auth.SESSION_COOKIE, first)
        assert old.get("/account", follow_redirects=False).status_code == 303


@pytest.mark.attack
@pytest.mark.parametrize(
    ("next_", "location"),
    [
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/latest?page=2", "/latest?page=2"),
        ("/login?next=/account", "/"),  # no loop back to a sign-in page
    ],
)
def test_sign_in_goes_back_only_to_a_page_of_this_site(site, next_, location):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        data = {"email": "ann@example.org", "password": PASSWORD, "next": next_}
        assert post_form(client, "/login", data).headers["location"] == location


def test_the_sign_in_form_carries_a_safe_next(site):
    with site.client() as client:
        assert 'name="next" value="/"' in client.get("/login?next=https://evil.example").text
        assert 'name="next" value="/latest"' in client.get("/login?next=/latest").text


# --- CSRF


@pytest.mark.attack
def test_a_form_without_the_right_token_or_origin_is_refused_and_changes_nothing(site, caplog):
    with site.client() as ann, site.client() as bob:
        sign_up(ann, "ann@example.org", "Ann")
        sign_up(bob, "bob@example.org", "Bob")
        bobs_token = csrf_for(bob, "/account")
        attempts = [
            ({"display_name": "Hacked"}, {}),  # no token
            ({"display_name": "Hacked", "csrf": "0" * 64}, {}),  # a made-up one
            ({"display_name": "Hacked", "csrf": "ünïcode"}, {}),  # not even hex
            ({"display_name": "Hacked", "csrf": bobs_token}, {}),  # another browser's
            ({"display_name": "Hacked", "csrf": csrf_for(ann, "/account")},
             {"Origin": "https://evil.example"}),  # the right token from another site
        ]  # fmt: skip
        for data, headers in attempts:
            refused = ann.post("/account/name", data=data, headers=headers)
            assert refused.status_code == 403, data
            assert "did not come from this site" in refused.text
        assert ann.get("/account.json").json()["display_name"] == "Ann"
    refusals = [r for r in caplog.records if r.getMessage().startswith("CSRF check refused")]
    assert len(refusals) == len(attempts) and all(r.ip_hash for r in refusals)


@pytest.mark.attack
def test_a_post_without_origin_or_referer_is_refused(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
        token = csrf_for(client, "/account")
        del client.headers["Origin"]
        refused = client.post("/account/name", data={"display_name": "Changed", "csrf": token})
        assert refused.status_code == 403
        referred = client.post(
            "/account/name",
            data={"display_name": "Changed", "csrf": token},
            headers={"Referer": site.base + "/account"},
        )
        assert referred.status_code == 303


@pytest.mark.attack
def test_sign_in_from_a_page_without_a_cookie_is_refused(site):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        token = csrf_for(client)
        client.cookies.clear()  # a cross-site form: the visitor's cookies are not sent
        data = {"email": "ann@example.org", "password": PASSWORD, "csrf": token}
        assert client.post("/login", data=data).status_code == 403


def test_the_token_can_come_in_a_header(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
        headers = {"X-CSRF-Token": csrf_for(client, "/account")}
        changed = client.post("/account/digest", data={"digest": "daily"}, headers=headers)
        assert changed.status_code == 303
        assert client.get("/account.json").json()["digest"] == "daily"


# --- the account page


def test_the_account_page_changes_the_name_and_the_digest(site):
    with site.client() as client:
        sign_up(client, "ann@example.org", "Ann")
        renamed = post_form(
            client, "/account/name", {"display_name": "Ann\u202e B"}, page="/account"
        )
        assert renamed.headers["location"] == "/account?done=name"
        assert "display name has been changed" in client.get("/account?done=name").text
        refused = post_form(client, "/account/name", {"display_name": "Admin"}, page="/account")
        assert refused.status_code == 400 and "mistaken for the site" in refused.text
        post_form(client, "/account/digest", {"digest": "hourly"}, page="/account")
        bad = post_form(client, "/account/digest", {"digest": "weekly"}, page="/account")
        assert bad.status_code == 400
        view = client.get("/account.json").json()
        assert (view["display_name"], view["digest"]) == ("Ann B", "hourly")
        assert view["mail_on"] is True and "no mail server" not in client.get("/account").text


def test_the_digest_setting_says_when_the_site_sends_no_mail(fresh_site):
    _, _, base = fresh_site
    with site_client(base) as client:
        sign_up(client, "ann@example.org", "Ann")
        page = client.get("/account").text
    assert "no mail server set up, so no digest is sent" in page


def test_changing_the_password_keeps_this_browser_and_signs_out_the_others(site):
    with site.client() as here, site.client() as there:
        sign_up(here, "ann@example.org", "Ann")
        sign_in(there, "ann@example.org")
        change = {"current_password": "not the password", "new_password": "a new long password"}
        wrong = post_form(here, "/account/password", change, page="/account")
        assert wrong.status_code == 400 and "current password is not right" in wrong.text
        change["current_password"] = PASSWORD
        assert post_form(here, "/account/password", change, page="/account").status_code == 303
        assert here.get("/account").status_code == 200
        assert there.get("/account", follow_redirects=False).status_code == 303


# --- password reset by mail


def test_a_password_reset_through_real_mail(site):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as elsewhere:
        sign_in(elsewhere, "ann@example.org")
        with site.client() as client:
            asked = post_form(client, "/reset", {"email": "Ann@example.org"}, page="/reset")
            assert asked.status_code == 200 and "a link to choose a new password" in asked.text
            [mail] = site.inbox.wait_for(1)
            assert mail["To"] == "ann@example.org" and "Reset" in mail["Subject"]
            path = re.search(r"/reset/[A-Za-z0-9_-]+", mail.get_payload(decode=True).decode())[0]
            page = client.get(path)
            assert page.status_code == 200 and 'content="no-referrer"' in page.text
            done = post_form(client, path, {"password": "my new password"}, page=path)
            assert done.status_code == 303 and done.headers["location"] == "/account?done=reset"
            assert "new password is set" in client.get("/account?done=reset").text
            again = post_form(client, path, {"password": "another password"}, page=path)
            assert again.status_code == 400 and "has been used already" in again.text
        assert elsewhere.get("/account", follow_redirects=False).status_code == 303
    with site.client() as client:
        with pytest.raises(AssertionError, match="sign-in failed"):
            sign_in(client, "ann@example.org")
        sign_in(client, "ann@example.org", "my new password")


def test_asking_for_a_reset_answers_the_same_for_an_unknown_address(site):
    make_account(site.repo, "ann@example.org", "Ann")
    with site.client() as client:
        unknown = post_form(client, "/reset", {"email": "nobody@example.org"}, page="/reset")
        known = post_form(client, "/reset", {"email": "ann@example.org"}, page="/reset")
        assert unknown.status_code == known.status_code == 200

        def main(page: httpx.Response) -> str:
            return page.text.split("<main>")[1].split("</main>")[0]

        assert main(unknown) == main(known)
        [mail] = site.inbox.wait_for(1)
        assert mail["To"] == "ann@example.org"  # one mail, to the one real account


def test_the_reset_page_says_when_the_site_cannot_send_mail(fresh_site):
    _, _, base = fresh_site
    with site_client(base) as client:
        page = client.get("/reset")
        assert "cannot send email" in page.text and 'action="/reset"' not in page.text
