"""Bytes in, records out, no I/O: feeds and article pages become model values.

- `extract.feed.parse_feed(body, url, content_type)` → `ParsedFeed` (RSS, Atom, JSON Feed)
- `extract.article.extract_article(body, url, content_type)` → `ArticleText`
- `extract.dates.find_published(html_or_tree, url)` → UTC `datetime | None`
- `extract.charset.decode_html(body, content_type)` → `str`

Failures raise `errors.FeedError` / `errors.ArticleError` with the reason; nothing returns None
to mean "it failed". Submodules are imported on use (trafilatura and friends load slowly).
"""
