"""The demo's outlets: invented news sites that share one server, each under its own prefix.

Demo Gazette lives at `/gazette/`, Demo Herald at `/herald/`, Demo Courier at `/courier/`. Each
has its own home page, section pages, feeds and article pages, and its feeds are titled with its
name ("Demo Herald — Autos"), which is the outlet name Broadsheet stores and shows. The names
are made up and every page says it is a demonstration site.

`SiteInfo` is what every page and feed of one outlet needs to know: the server's base URL, the
outlet, and the sections it publishes.
"""

from __future__ import annotations

from dataclasses import dataclass

from broadsheet.demo.sections import SECTIONS, Section


@dataclass(frozen=True, slots=True)
class Outlet:
    slug: str
    name: str
    motto: str
    accent: str  # the colour of its header and footer

    @property
    def prefix(self) -> str:
        """Where its paths start: `/gazette` (no trailing slash)."""
        return f"/{self.slug}"

    @property
    def path(self) -> str:
        """Its home page: `/gazette/`."""
        return f"/{self.slug}/"

    @property
    def urn(self) -> str:
        """The stem of its feed and item ids: `urn:demo-gazette`."""
        return "urn:" + self.name.lower().replace(" ", "-")


OUTLETS: tuple[Outlet, ...] = (
    Outlet("gazette", "Demo Gazette", "All the demo news that fits.", "#1d2a3a"),
    Outlet("herald", "Demo Herald", "Invented masthead, real Wikinews reporting.", "#5b1f2a"),
    Outlet("courier", "Demo Courier", "Delivered daily, from a bundled corpus.", "#1e4a3b"),
)
NETWORK_NAME = "Demo News Network"


def outlet_named(slug: str) -> Outlet:
    for outlet in OUTLETS:
        if outlet.slug == slug:
            return outlet
    raise KeyError(f"no demo outlet {slug!r}")


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """One outlet of the running server: its base URL, the outlet, the sections it publishes."""

    base: str
    outlet: Outlet
    sections: tuple[Section, ...] = SECTIONS

    @property
    def name(self) -> str:
        return self.outlet.name

    @property
    def home_url(self) -> str:
        return self.base + self.outlet.path

    def section_path(self, section: Section) -> str:
        return self.outlet.prefix + section.path

    def feed_path(self, section: Section) -> str:
        return self.outlet.prefix + section.feed_path

    def feed_url(self, section: Section) -> str:
        return self.base + self.feed_path(section)

    def feed_title(self, section: Section) -> str:
        """The title of the section's feed, which Broadsheet takes as the outlet's name."""
        return f"{self.outlet.name} — {section.title}"
