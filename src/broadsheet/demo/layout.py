"""The chrome every page of a demo outlet shares: head, cookie banner, site header with nav,
newsletter box, footer, all with the outlet's name and links. It is boilerplate on purpose: an
extractor must learn to leave it out."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from broadsheet.demo.outlets import SiteInfo
from broadsheet.demo.sections import Section

STYLE = """
body{font:17px/1.55 Georgia,serif;margin:0;color:#222;background:#fafaf7}
.site-header,.site-footer{background:#1d2a3a;color:#eee;padding:.6em 1.2em}
.site-header a,.site-footer a{color:#eee;text-decoration:none;margin-right:1em}
.logo{font:700 1.5em/1 Georgia,serif}.nav-list{display:inline;list-style:none;padding:0}
.nav-list li{display:inline}main{max-width:46em;margin:0 auto;padding:1em}
.cookie-banner{background:#ffe9a8;padding:.5em 1em;font:14px sans-serif}
.share-bar,.byline,.breadcrumbs,.kicker{font:14px sans-serif;color:#666}
figure img{width:100%;height:auto}.related{border-left:4px solid #1d2a3a;padding-left:1em}
.newsletter,.comments{background:#eef1f5;padding:1em;margin:1.5em 0}
.attribution{font-size:.85em;color:#555;border-top:1px solid #ccc;padding-top:.5em}
""".strip()


def x(text: str) -> str:
    """Escape corpus text for HTML (element content and quoted attribute values alike)."""
    return escape(text, quote=True)


def feed_links(sections: Sequence[Section], site: SiteInfo) -> str:
    """`<link rel="alternate">` tags to the outlet's own feeds, for feed autodiscovery."""
    return "".join(
        f'<link rel="alternate" type="{s.link_type}" title="{x(site.feed_title(s))}" '
        f'href="{x(site.feed_url(s))}">\n'
        for s in sections
    )


def cookie_banner() -> str:
    return (
        '<div class="cookie-banner" role="dialog" aria-label="Cookie consent">'
        "<p>We use cookies and similar technologies to personalise content and ads, to provide "
        "social media features and to analyse our traffic. By clicking “Accept all” you agree "
        'to this. <a href="/privacy">Privacy policy</a></p>'
        '<button type="button">Accept all</button> <button type="button">Manage choices</button>'
        "</div>\n"
    )


def site_header(site: SiteInfo, current: str = "") -> str:
    items = "".join(
        f'<li><a href="{site.section_path(s)}"{" aria-current=page" if s.slug == current else ""}>'
        f"{x(s.title)}</a></li>"
        for s in site.sections
    )
    prefix = site.outlet.prefix
    return (
        f'<header class="site-header"><a class="logo" href="{site.outlet.path}">{x(site.name)}</a>'
        f'\n<nav aria-label="Sections"><ul class="nav-list">{items}</ul></nav>\n'
        f'<form class="search" action="{prefix}/search" role="search"><input name="q" '
        f'placeholder="Search {x(site.name)}"><button>Search</button></form>'
        f'<a class="subscribe" href="{prefix}/subscribe">Subscribe from $1</a> '
        f'<a href="{prefix}/login">Sign in</a></header>\n'
    )


def newsletter_box() -> str:
    return (
        '<aside class="newsletter"><h2>Get the Morning Briefing</h2>'
        "<p>The day's most important stories, in your inbox before breakfast. Free, every "
        'weekday.</p><form action="/newsletter" method="post"><input type="email" '
        'name="email" placeholder="you@example.com"><button>Sign me up</button></form>'
        "<p><small>You can unsubscribe at any time.</small></p></aside>\n"
    )


def site_footer(site: SiteInfo) -> str:
    feeds = " ".join(f'<a href="{site.feed_path(s)}">{x(s.title)} feed</a>' for s in site.sections)
    return (
        '<footer class="site-footer"><p><a href="/about">About us</a> <a href="/contact">'
        'Contact</a> <a href="/privacy">Privacy</a> <a href="/terms">Terms of use</a> '
        f'<a href="/advertise">Advertise</a> <a href="/">All demo outlets</a></p>'
        f"<p>Feeds: {feeds}</p><p>© {x(site.name)}, an invented outlet on a demonstration site. "
        "Article texts are from Wikinews "
        '(<a href="https://en.wikinews.org/">en.wikinews.org</a>), by Wikinews contributors, '
        'under <a href="https://creativecommons.org/licenses/by/2.5/">CC BY 2.5</a>.</p>'
        "</footer>\n"
    )


def page(title: str, head: str, body: str, site: SiteInfo, current: str = "") -> str:
    """A whole HTML document: `head` goes inside <head>, `body` inside <main>."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{x(title)}</title>\n{head}<style>{STYLE}\n"
        f".site-header,.site-footer{{background:{site.outlet.accent}}}</style>\n</head>\n<body>\n"
        f"{cookie_banner()}{site_header(site, current)}<main>\n{body}{newsletter_box()}</main>\n"
        f"{site_footer(site)}</body>\n</html>\n"
    )
