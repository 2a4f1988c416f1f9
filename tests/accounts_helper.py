"""Accounts for tests, through the real paths: over HTTP the way a browser does it (fetch the
form, take its CSRF token, post it from this site's origin), or through the services.

    with site_client(base) as client:           # sends Origin: base, keeps cookies
        sign_up(client, "ann@example.org", "Ann", "a long password")
        post_form(client, "/account/name", {"display_name": "Ann B"})
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape

import httpx

from broadsheet.community import Account, Role
from broadsheet.services import accounts
from broadsheet.storage import Repository

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def site_client(base: str) -> httpx.Client:
    """A client that behaves like a browser on this site: keeps cookies and sends this site's
    Origin with every request (browsers send it on form posts)."""
    return httpx.Client(base_url=base, headers={"Origin": base}, timeout=30)


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    if found is None:
        raise AssertionError("no CSRF field on the page")
    return unescape(found.group(1))


def csrf_for(client: httpx.Client, page: str = "/login") -> str:
    """This client's current CSRF token, read from a page with a form (it changes when the
    client signs in or out)."""
    response = client.get(page)
    response.raise_for_status()
    return csrf_from(response.text)


def post_form(
    client: httpx.Client, path: str, data: dict[str, str], *, page: str = "/login"
) -> httpx.Response:
    """POST `data` to `path` with this client's CSRF token (read from `page`); redirects are
    not followed, so a test sees the 303 and its Location."""
    token = csrf_for(client, page)
    return client.post(path, data={**data, "csrf": token}, follow_redirects=False)


def sign_up(client: httpx.Client, email: str, name: str, password: str = PASSWORD) -> None:
    """Sign up through /signup; afterwards the client holds the new session cookie."""
    form = client.get("/signup")
    form.raise_for_status()
    data = {
        "email": email,
        "display_name": name,
        "password": password,
        "csrf": csrf_from(form.text),
    }
    response = client.post("/signup", data=data, follow_redirects=False)
    if response.status_code != 303:
        raise AssertionError(f"sign-up failed ({response.status_code}): {response.text[:500]}")


def sign_in(client: httpx.Client, email: str, password: str = PASSWORD) -> None:
    """Sign in through /login; afterwards the client holds the new session cookie."""
    response = post_form(client, "/login", {"email": email, "password": password})
    if response.status_code != 303:
        raise AssertionError(f"sign-in failed ({response.status_code}): {response.text[:500]}")


def make_account(
    repo: Repository,
    email: str,
    name: str,
    role: Role = Role.READER,
    password: str = PASSWORD,
) -> Account:
    """An account made through the services (no HTTP, no rate limit)."""
    return accounts.create_account(repo, email, name, password, role, datetime.now(UTC))
