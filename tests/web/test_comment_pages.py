"""A busy article's comments over real HTTP: one page of threads at a time, newest first, with
links between the pages; the count covers every page; the API pages the same way."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from broadsheet.community import CommentDraft, CommentStatus, CommentTarget
from broadsheet.services.comment_threads import THREADS_PER_PAGE
from tests.web.comment_site import comment_site

THREADS = THREADS_PER_PAGE + 3


def _fill(site) -> None:
    ann, _ = site.reader("Ann")
    start = datetime.now(UTC) - timedelta(days=1)
    for n in range(THREADS):
        body = f"Thread number {n:03d}."
        draft = CommentDraft(ann.id, CommentTarget.ARTICLE, site.article, None, body,
                             f"<p>{body}</p>", CommentStatus.VISIBLE, "", "",
                             start + timedelta(minutes=n))  # fmt: skip
        site.repo.add_comment(draft)


def test_the_newest_threads_come_first_and_earlier_ones_a_link_away(tmp_path):
    with comment_site(tmp_path) as site:
        _fill(site)
        visitor = site.visitor()
        first = visitor.get(f"/articles/{site.article}").text
        shown = re.findall(r"Thread number (\d+)\.", first)
        assert len(shown) == THREADS_PER_PAGE and shown[-1] == f"{THREADS - 1:03d}"
        assert f"Comments ({THREADS})" in first and "Page 1 of 2" in first
        assert 'href="?comments=2#comments"' in first and "Newer comments" not in first
        second = visitor.get(f"/articles/{site.article}", params={"comments": 2}).text
        assert re.findall(r"Thread number (\d+)\.", second) == ["000", "001", "002"]
        assert f"Comments ({THREADS})" in second and 'href="?comments=1#comments"' in second
        beyond = visitor.get(f"/articles/{site.article}", params={"comments": 9}).text
        assert "Page 2 of 2" in beyond  # past the end: the last page
        api = visitor.get(f"/api/v1/articles/{site.article}/comments", params={"page": 2})
        listed = api.json()
        assert (listed["count"], listed["page"], listed["pages"]) == (THREADS, 2, 2)
        assert listed["items"][0]["html"] == "<p>Thread number 000.</p>"


def test_a_few_comments_need_no_page_links(tmp_path):
    with comment_site(tmp_path) as site:
        page = site.visitor().get(f"/articles/{site.article}").text
        assert "Page 1 of" not in page and "No comments yet" in page
