"""Pure functions that make extracted records comparable and clean.

- `normalize.urls.canonical_url(url)`: one identity key per article URL
- `normalize.text.clean_text(text)`: the body as stored, without scraping junk
- `normalize.fingerprint.fingerprint(text)`: exact-duplicate key for the same text elsewhere
- `normalize.dates.choose_published(feed, page, fetched_at)`: publication time and its origin
"""
