"""The demo: a bundled Wikinews corpus (CC BY 2.5) and a local news site that serves it.

`DemoSite` serves the corpus over real HTTP on 127.0.0.1 (feeds in six formats, outlet-style
article pages), so the demo and the tests go through the real fetch and extract path with no
internet. `load_corpus` and `attribution_for` give the articles and their credit lines.
"""

from broadsheet.demo.corpus import DemoArticle, article_by_id, attribution_for, load_corpus
from broadsheet.demo.site import DemoSite

__all__ = ["DemoArticle", "DemoSite", "article_by_id", "attribution_for", "load_corpus"]
