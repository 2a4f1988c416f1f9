"""Follows over real HTTP: the Follow and Mute buttons post a CSRF-protected form; For you ranks
stories by follows and says why; muting an outlet removes its stories; a reader's follows are
theirs alone; bad input is refused with a message and nothing is stored."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from broadsheet.community import FollowKind
from tests.accounts_helper import csrf_from, sign_up, site_client
from tests.services.test_for_you import Newsroom


@pytest.fixture
def site(fresh_site):
    """The empty site with two outlets and four stories of the last hours."""
    repo, _settings, base = fresh_site
    room = Newsroom(repo)
    now = datetime.now(UTC)
    herald, courier = room.outlet("Herald"), room.outlet("Courier")
    stories = {
        "followed": room.report(herald, now - timedelta(hours=3), title="Talks resume")[0],
        "tagged": room.report(herald, now - timedelta(hours=2), title="Grain deal",
                              tags=["ukraine"], entities=["Volodymyr Zelenskyy"])[0],
        "storm": room.report(courier, now - timedelta(hours=1), title="Storm nears")[0],
        "other": room.report(herald, now - timedelta(minutes=30), title="Cup final")[0],
    }  # fmt: skip
    return {"repo": repo, "base": base, "herald": herald, "courier": courier, **stories}


@pytest.fixture
def new_client(site):
    """Opens browsers (httpx clients keeping cookies) on the site; closed after the test."""
    opened = []

    def open_one():
        opened.append(site_client(site["base"]))
        return opened[-1]

    yield open_one
    for client in opened:
        client.close()


@pytest.fixture
def reader(new_client):
    """A reader signed up in a browser of their own: reader() is Ann, reader(email, name)
    anyone else."""

    def sign_up_one(email="ann@example.org", name="Ann"):
        client = new_client()
        sign_up(client, email, name)
        return client

    return sign_up_one


def account_id(site, email):
    found = site["repo"].account_login(email)
    assert found is not None
    return found[0].id


def press(client, page, kind, key, action="follow", **extra):
    """Press a button the way a browser does: the form's token from `page`, then the POST."""
    token = csrf_from(client.get(page).text)
    form = {"kind": kind, "key": str(key), "action": action, "next": page, "csrf": token}
    return client.post("/follows", data={**form, **extra}, follow_redirects=False)


def held(site, email="ann@example.org"):
    return [(f.kind.value, f.key, f.muted) for f in site["repo"].follows(account_id(site, email))]


def titles(html):
    return re.findall(r'<h2><a href="/stories/\d+">([^<]+)</a></h2>', html)


def test_following_a_story_through_its_button(site, reader):
    client = reader()
    page = f"/stories/{site['followed']}"
    assert 'aria-label="Follow this story"' in client.get(page).text
    pressed = press(client, page, "story", site["followed"])
    assert pressed.status_code == 303 and pressed.headers["location"] == page
    assert held(site) == [("story", str(site["followed"]), False)]
    after = client.get(page).text
    assert "Following ✓" in after and 'value="unfollow"' in after
    press(client, page, "story", site["followed"], "unfollow")
    assert held(site) == []


def test_outlet_and_hashtag_pages_have_follow_and_mute_buttons(site, reader):
    client = reader()
    for page in (f"/sources/{site['herald']}", "/tags/ukraine"):
        html = client.get(page).text
        assert 'value="follow"' in html and 'value="mute"' in html
    article = site["repo"].story_articles(site["tagged"])[0].id
    html = client.get(f"/articles/{article}").text
    assert 'aria-label="Follow Volodymyr Zelenskyy"' in html
    press(client, f"/articles/{article}", "entity", "Volodymyr Zelenskyy")
    assert held(site) == [("entity", "Volodymyr Zelenskyy", False)]


def test_visitors_see_no_buttons_and_are_sent_to_sign_in(site, new_client):
    client = new_client()
    assert "follow-form" not in client.get(f"/stories/{site['followed']}").text
    token = csrf_from(client.get("/login").text)
    sent = client.post(
        "/follows",
        data={"kind": "story", "key": str(site["followed"]), "csrf": token},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith("/login?next=")
    for_you = client.get("/for-you", follow_redirects=False)
    assert for_you.status_code == 303 and for_you.headers["location"] == "/login?next=%2Ffor-you"
    assert client.get("/for-you.json").status_code == 401
    assert client.get("/account/follows.json").status_code == 401


@pytest.mark.attack
@pytest.mark.parametrize("forgery", ["no token", "another browser's token", "another origin"])
def test_a_forged_follow_is_refused_and_nothing_is_stored(
    site, reader, new_client, forgery, caplog
):
    client = reader()
    token = csrf_from(client.get("/for-you").text)
    headers = {}
    if forgery == "no token":
        token = ""
    elif forgery == "another browser's token":
        stranger = new_client()
        token = csrf_from(stranger.get("/login").text)
    else:
        headers = {"Origin": "https://evil.example"}
    form = {"kind": "source", "key": str(site["herald"]), "action": "mute", "csrf": token}
    sent = client.post("/follows", data=form, headers=headers, follow_redirects=False)
    assert sent.status_code == 403 and "did not come from this site" in sent.text
    assert held(site) == []
    assert "CSRF check refused POST /follows" in caplog.text


@pytest.mark.attack
def test_a_reader_sees_only_their_own_follows(site, reader):
    ann, bob = reader(), reader("bob@example.org", "Bob")
    press(ann, "/tags/ukraine", "tag", "ukraine")
    press(bob, f"/sources/{site['courier']}", "source", site["courier"], "mute")
    bob_id = account_id(site, "bob@example.org")
    for url in ("/account/follows", f"/account/follows?account_id={bob_id}",
                f"/account/follows?account={bob_id}&id={bob_id}"):  # fmt: skip
        page = ann.get(url).text
        assert "#ukraine" in page and "Courier" not in page
    data = ann.get("/account/follows.json").json()
    assert [e["key"] for e in data["following"]] == ["ukraine"] and data["muted"] == []
    assert ann.get(f"/accounts/{bob_id}/follows").status_code == 404
    # Ann cannot remove Bob's mute either: a form only ever changes the sender's own follows
    press(ann, "/account/follows", "source", site["courier"], "unmute", account_id=str(bob_id))
    assert held(site, "bob@example.org") == [("source", str(site["courier"]), True)]


def test_for_you_ranks_followed_stories_and_says_why(site, reader):
    client = reader()
    press(client, f"/stories/{site['followed']}", "story", site["followed"])
    press(client, "/tags/ukraine", "tag", "ukraine")
    press(client, f"/sources/{site['courier']}", "source", site["courier"])
    html = client.get("/for-you").text
    assert titles(html) == ["Talks resume", "Grain deal", "Storm nears"]
    assert re.findall(r'<p class="why">([^<]+)</p>', html) == [
        "Because you follow this story",
        "Because you follow #ukraine",
        "Because you follow Courier",
    ]
    data = client.get("/for-you.json").json()
    assert [i["card"]["story"]["id"] for i in data["items"]] == [
        site["followed"], site["tagged"], site["storm"]
    ]  # fmt: skip
    assert data["items"][1]["reasons"] == ["#ukraine"] and data["follows"] == 3


def test_muting_an_outlet_removes_its_stories_from_for_you(site, reader):
    client = reader()
    press(client, "/tags/ukraine", "tag", "ukraine")
    press(client, f"/sources/{site['courier']}", "source", site["courier"])
    assert "Storm nears" in titles(client.get("/for-you").text)
    press(client, f"/sources/{site['courier']}", "source", site["courier"], "mute")
    assert titles(client.get("/for-you").text) == ["Grain deal"]
    source_page = client.get(f"/sources/{site['courier']}").text
    assert "Unmute" in source_page
    muted = client.get("/account/follows").text
    assert re.search(
        r'id="muted-title">Muted</h2>\s*<ul class="follow-list">.*Courier', muted, re.S
    )
    press(client, "/account/follows", "source", site["courier"], "unmute")
    assert held(site) == [("tag", "ukraine", False)]


def test_with_no_follows_for_you_says_how_and_shows_top_stories(site, reader):
    client = reader()
    html = client.get("/for-you").text
    assert "You do not follow anything yet" in html and "Top stories" in html
    assert set(titles(html)) == {"Talks resume", "Grain deal", "Storm nears", "Cup final"}
    press(client, f"/sources/{site['herald']}", "source", site["herald"], "mute")
    assert titles(client.get("/for-you").text) == ["Storm nears"]


@pytest.mark.attack
@pytest.mark.parametrize(
    ("kind", "key", "why"),
    [
        ("tag", "<script>alert(1)</script>", "is not a hashtag"),
        ("tag", "ukraine' OR '1'='1", "is not a hashtag"),
        ("story", "1; DROP TABLE follows", "a story is followed by its number"),
        ("entity", "<img src=x onerror=alert(1)>", "no article names"),
        ("entity", "A" * 100_000, "a name to follow has 1 to 200 characters"),
        ("entity", "Volodymyr\u202e Zelenskyy\u200b", None),  # the invisible characters go
        ("entity", "\u202e\u2066\u200b", "a name to follow has 1 to 200 characters"),
        ("user", "1", "unknown kind"),
        ("source", "99999", "there is no outlet"),
    ],
)
def test_bad_follow_input_is_refused_with_a_message(site, reader, kind, key, why, caplog):
    caplog.set_level(logging.INFO)
    client = reader()
    sent = press(client, "/for-you", kind, key)
    if why is None:
        assert sent.status_code == 303
        assert held(site) == [("entity", "Volodymyr Zelenskyy", False)]
        return
    assert sent.status_code == 400 and why in sent.text
    assert "<script>alert(1)" not in sent.text and "<img src=x" not in sent.text
    assert held(site) == []
    assert "follow refused" in caplog.text


@pytest.mark.attack
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_next_never_leads_off_the_site(site, reader, target):
    client = reader()
    sent = press(client, "/for-you", "tag", "ukraine", next=target)
    assert sent.status_code == 303 and sent.headers["location"] == "/"
    assert held(site) == [("tag", "ukraine", False)]


def test_json_clients_get_the_follow_state(site, reader):
    client = reader()
    token = csrf_from(client.get("/for-you").text)
    sent = client.post(
        "/follows",
        data={"kind": "tag", "key": "#Ukraine", "action": "follow"},
        headers={"Accept": "application/json", "X-CSRF-Token": token},
    )
    assert sent.json() == {"kind": "tag", "key": "ukraine", "following": True, "muted": False}
    assert site["repo"].follows(account_id(site, "ann@example.org"))[0].kind is FollowKind.TAG
