"""OPML subscription lists: read the outlines other readers export, write our sources back.

Parsing is safe against XML entity attacks: external entities are never resolved, nothing is
fetched from the network, and libxml2's amplification limit stops "billion laughs" documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from broadsheet.errors import FeedError
from broadsheet.model import Source, SourceKind

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass(frozen=True, slots=True)
class OpmlOutline:
    """One feed of an OPML file. `category` is the folder path, e.g. "News/World", or ""."""

    title: str
    xml_url: str
    html_url: str = ""
    category: str = ""


def parse_opml(body: bytes) -> list[OpmlOutline]:
    """Every feed outline (one with an xmlUrl) in document order, first of duplicate URLs kept.

    Raises FeedError when the bytes are not well-formed XML or not an OPML document.
    """
    root = _parse_xml(body)
    if _local_name(root) != "opml":
        raise FeedError(f"not an OPML file: the root element is <{_local_name(root)}>, not <opml>")
    body_element = next((el for el in root if _local_name(el) == "body"), None)
    if body_element is None:
        raise FeedError("not a usable OPML file: it has no <body> holding outlines")
    seen: set[str] = set()
    outlines = []
    for outline in _feed_outlines(body_element, ()):
        if outline.xml_url not in seen:
            seen.add(outline.xml_url)
            outlines.append(outline)
    return outlines


def export_opml(sources: Iterable[Source], title: str = "Broadsheet sources") -> str:
    """An OPML 2.0 document: feeds as type="rss" outlines, single pages as type="link"."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    body = etree.SubElement(root, "body")
    for source in sources:
        etree.SubElement(body, "outline", _export_attributes(source))
    xml = str(etree.tostring(root, encoding="unicode", pretty_print=True))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml


def _export_attributes(source: Source) -> dict[str, str]:
    name = source.name
    if source.kind is SourceKind.PAGE:
        return {"type": "link", "text": name, "title": name, "url": source.url}
    attributes = {"type": "rss", "text": name, "title": name, "xmlUrl": source.url}
    if source.site_url:
        attributes["htmlUrl"] = source.site_url
    return attributes


def _parse_xml(body: bytes) -> etree._Element:
    if not body.strip():
        raise FeedError("not an OPML file: it is empty")
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not an OPML file: the XML is malformed ({exc})") from exc


def _feed_outlines(parent: etree._Element, folders: tuple[str, ...]) -> Iterator[OpmlOutline]:
    for element in parent:
        if _local_name(element) != "outline":
            continue
        attributes = _attributes(element)
        name = (attributes.get("title") or attributes.get("text") or "").strip()
        xml_url = _feed_url(attributes.get("xmlurl", ""))
        if xml_url:
            yield OpmlOutline(
                title=name,
                xml_url=xml_url,
                html_url=attributes.get("htmlurl", "").strip(),
                category="/".join(folders) or _category_attribute(attributes),
            )
        yield from _feed_outlines(element, (*folders, name) if name and not xml_url else folders)


def _attributes(element: etree._Element) -> dict[str, str]:
    """Attribute names lower-cased: exporters write xmlUrl, xmlurl and XMLURL alike."""
    return {str(key).lower(): str(value) for key, value in element.attrib.items()}


def _feed_url(raw: str) -> str:
    """The feed URL, with the old `feed:` pseudo-scheme (feed://host, feed:https://host) undone."""
    url = raw.strip()
    if url.lower().startswith("feed:"):
        rest = url[5:]
        url = rest if rest.lower().startswith(("http:", "https:")) else "http:" + rest
    return url


def _category_attribute(attributes: dict[str, str]) -> str:
    """The first path of OPML 2.0's category attribute ("/News/World,/Tech" → "News/World")."""
    first = attributes.get("category", "").split(",")[0]
    return "/".join(part.strip() for part in first.split("/") if part.strip())


def _local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions, entity references
        return ""
    return str(etree.QName(tag).localname).lower()
