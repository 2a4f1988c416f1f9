from __future__ import annotations

import time

import pytest
from lxml import etree

from broadsheet.errors import FeedError
from broadsheet.model import Source, SourceKind
from broadsheet.sources.opml import OpmlOutline, export_opml, parse_opml

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="News">
      <outline text="World" title="World">
        <outline type="rss" text="Wire" xmlUrl="https://wire.example/rss" htmlUrl="https://wire.example/"/>
      </outline>
      <outline type="rss" title="Daily" text="The Daily" xmlUrl="https://daily.example/feed"/>
    </outline>
    <outline type="rss" text="Loose" xmlUrl="https://loose.example/atom.xml"/>
    <!-- a comment -->
    <outline text="Empty folder"/>
  </body>
</opml>"""


def test_nested_folders_become_category_paths():
    assert parse_opml(NESTED) == [
        OpmlOutline("Wire", "https://wire.example/rss", "https://wire.example/", "News/World"),
        OpmlOutline("Daily", "https://daily.example/feed", "", "News"),
        OpmlOutline("Loose", "https://loose.example/atom.xml", "", ""),
    ]


def test_missing_and_oddly_cased_attributes_are_tolerated():
    body = b"""<opml version="1.0"><body>
      <outline xmlurl="https://a.example/rss"/>
      <outline XMLURL=" https://b.example/rss " HTMLURL="https://b.example"/>
      <outline xmlUrl=""/>
      <outline text="feed scheme" xmlUrl="feed://c.example/rss"/>
      <outline text="feed https" xmlUrl="feed:https://d.example/rss"/>
    </body></opml>"""
    outlines = parse_opml(body)
    assert [o.xml_url for o in outlines] == [
        "https://a.example/rss",
        "https://b.example/rss",
        "http://c.example/rss",
        "https://d.example/rss",
    ]
    assert outlines[0] == OpmlOutline("", "https://a.example/rss", "", "")
    assert outlines[1].html_url == "https://b.example"


def test_category_attribute_is_used_outside_folders():
    body = b"""<opml version="2.0"><body>
      <outline text="x" xmlUrl="https://x.example/rss" category="/Tech/Linux,/Other"/>
    </body></opml>"""
    assert parse_opml(body)[0].category == "Tech/Linux"


def test_duplicate_feeds_are_kept_once():
    body = b"""<opml version="2.0"><body>
      <outline text="A" xmlUrl="https://a.example/rss"/>
      <outline text="B"><outline text="A again" xmlUrl="https://a.example/rss"/></outline>
    </body></opml>"""
    assert [o.title for o in parse_opml(body)] == ["A"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"", "it is empty"),
        (b"<opml><body><outline></opml>", "malformed"),
        (b"not xml at all", "malformed"),
        (b'<rss version="2.0"><channel/></rss>', "root element is <rss>"),
        (b"<opml version='2.0'><head/></opml>", "no <body>"),
    ],
)
def test_not_opml_is_a_feed_error_that_says_why(body, words):
    with pytest.raises(FeedError, match=words):
        parse_opml(body)


def test_billion_laughs_is_refused_quickly():
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY lol0 "lol">{entities}]>'
        '<opml version="2.0"><body><outline text="&lol9;" xmlUrl="https://a.example/"/>'
        "</body></opml>"
    ).encode()
    started = time.monotonic()
    with pytest.raises(FeedError):
        parse_opml(body)
    assert time.monotonic() - started < 1


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>
<opml version="2.0"><body>
  <outline text="folder">&xxe;<outline title="t" xmlUrl="https://a.example/rss"/></outline>
</body></opml>""".encode()
    outlines = parse_opml(body)
    assert outlines == [OpmlOutline("t", "https://a.example/rss", "", "folder")]
    assert "TOP-SECRET" not in repr(outlines)


def test_export_is_valid_opml_2_and_round_trips():
    sources = [
        Source(
            1,
            "https://wire.example/rss",
            title="Wire & Co <News>",
            site_url="https://wire.example/",
        ),
        Source(2, "https://daily.example/feed?a=1&b=2"),
        Source(3, "https://page.example/story", kind=SourceKind.PAGE, title="A page"),
    ]
    text = export_opml(sources, title="Exported")
    root = etree.fromstring(text.encode())
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/title") == "Exported"
    outlines = root.findall("body/outline")
    assert [o.get("type") for o in outlines] == ["rss", "rss", "link"]
    assert all(o.get("text") for o in outlines)  # text is required by OPML 2.0
    assert parse_opml(text.encode()) == [
        OpmlOutline("Wire & Co <News>", "https://wire.example/rss", "https://wire.example/", ""),
        OpmlOutline(
            "https://daily.example/feed?a=1&b=2", "https://daily.example/feed?a=1&b=2", "", ""
        ),
    ]


def test_export_of_nothing_is_still_a_document():
    assert parse_opml(export_opml([]).encode()) == []
