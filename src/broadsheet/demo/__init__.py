"""The demo: a bundled Wikinews corpus (CC BY 2.5) and local news sites that serve it.

`DemoSite` serves the corpus over real HTTP on 127.0.0.1 as several invented outlets (Demo
Gazette, Demo Herald, Demo Courier: `OUTLETS`), each with its own pages and six section feeds in
four formats, and with Demo Wire copies that a second outlet republishes. So the demo and the
tests go through the real fetch and extract path with no internet, and the demo front page has
stories reported by several outlets. `load_corpus` and `attribution_for` give the articles and
their credit lines.
"""

from broadsheet.demo.corpus import DemoArticle, article_by_id, attribution_for, load_corpus
from broadsheet.demo.outlets import OUTLETS, Outlet
from broadsheet.demo.site import DemoSite

__all__ = [
    "OUTLETS",
    "DemoArticle",
    "DemoSite",
    "Outlet",
    "article_by_id",
    "attribution_for",
    "load_corpus",
]
