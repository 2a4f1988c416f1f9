"""Build the bundled demo corpus from the two shippable Wikinews data sets.

    python scripts/build_demo_corpus.py [DATA_DIR] [--out FOLDER]

DATA_DIR (default `../shared/data`, relative to the repository root) must hold
`gum-wikinews/gum_wikinews.jsonl` and `wikinews-timeline-semeval2015/wikinews_timeline_docs.jsonl`.
Writes `src/broadsheet/demo/corpus/wikinews.jsonl.gz` (one article per line, byte-for-byte
reproducible) and `src/broadsheet/demo/corpus/ATTRIBUTION.md` (or both into FOLDER). Nothing
else is copied.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "src" / "broadsheet" / "demo" / "corpus"
Record = dict[str, Any]
GUM_FILE = Path("gum-wikinews") / "gum_wikinews.jsonl"
TIMELINE_FILE = Path("wikinews-timeline-semeval2015") / "wikinews_timeline_docs.jsonl"

LICENCE = "CC BY 2.5"
ATTRIBUTION = "Wikinews, CC BY 2.5"
WIKINEWS = "https://en.wikinews.org/wiki/"
TIMELINE_SECTIONS = {
    "trial_apple": "apple",
    "corpus_1_airbus_boeing": "aviation",
    "corpus_2_gm_chrysler_ford": "autos",
    "corpus_3_stock_markets": "markets",
}
GUM_SECTIONS = {"news": "world", "interview": "interviews"}

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DATELINE = re.compile(rf"(?:{WEEKDAY}, )?{MONTH} \d{{1,2}}, \d{{4}}")
PARAGRAPH_SENTENCES = (2, 4)  # fewest and most sentences per regrouped paragraph
PARAGRAPH_WORDS = 70  # close a paragraph of at least 2 sentences once it reaches this


# --- reading ---------------------------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def parse_dateline(text: str) -> date | None:
    """`November 24, 2004` or `Thursday, May 7, 2015` → a date; anything else → None."""
    if not DATELINE.fullmatch(text.strip()):
        return None
    bare = text.strip().split(", ", 1)[-1] if text.count(",") == 2 else text.strip()
    return datetime.strptime(bare, "%B %d, %Y").date()


# --- text clean-up ---------------------------------------------------------------------------


def _loose(text: str) -> str:
    """Lower-case ASCII words only, so `Ličen` and `Licen` compare equal."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def strip_gum_heading(title: str, paragraphs: list[str]) -> list[str]:
    """Drop a leading title line and dateline ("Title Sunday, May 28, 2006", "Monday, …")."""
    out = list(paragraphs)
    for _ in range(2):
        if not out:
            break
        first = out[0]
        match = DATELINE.search(first)
        before = first[: match.start()] if match else first
        if _loose(before) not in ("", _loose(title)):
            break
        rest = first[match.end() :].strip() if match else ""
        out = ([rest] if rest else []) + out[1:]
        if match:
            break
    return out


CONTRACTION = re.compile(r"(\w) ?' ?(m|d|ll|re|ve|s)\b")
PLURAL_POSSESSIVE = re.compile(r"(\ws) ' (\w)")
NEGATION = re.compile(r"(\w) n't\b")


def detokenise(sentence: str) -> str:
    """Undo tokeniser spacing: `I' m` → `I'm`, `Jobs ' s` → `Jobs's`, `" Stop. "` → `"Stop."`."""
    text = NEGATION.sub(r"\1n't", CONTRACTION.sub(r"\1'\2", sentence))
    text = PLURAL_POSSESSIVE.sub(r"\1' \2", text)
    if text.count('"') % 2:
        return text
    parts = text.split('"')
    for i in range(1, len(parts), 2):  # the odd parts are inside quotation marks
        parts[i] = parts[i].strip()
    return '"'.join(parts)


def _quotes_open(sentences: list[str]) -> bool:
    return sum(s.count('"') for s in sentences) % 2 == 1


def _full(paragraph: list[str]) -> bool:
    fewest, most = PARAGRAPH_SENTENCES
    words = sum(len(s.split()) for s in paragraph)
    enough = len(paragraph) >= most or (len(paragraph) >= fewest and words >= PARAGRAPH_WORDS)
    return enough and not _quotes_open(paragraph)


def regroup(sentences: Iterable[str]) -> list[str]:
    """One sentence per line → paragraphs of 2–4 sentences, never closing inside a quotation.

    A line starting with `: ` (a wiki list item, e.g. a quoted exchange) starts a new paragraph;
    a line starting in lower case (`said Obama.` after a quotation) never does.
    """
    paragraphs: list[list[str]] = []
    closed = True
    for raw in sentences:
        item = raw.lstrip().startswith(":")
        sentence = raw.strip().lstrip(": ").strip()
        if not sentence:
            continue
        if item and paragraphs and not _quotes_open(paragraphs[-1]):
            closed = True
        continues = bool(paragraphs) and sentence[0].islower() and not item
        if closed and not continues:
            paragraphs.append([])
        paragraphs[-1].append(sentence)
        closed = _full(paragraphs[-1])
    return [" ".join(p) for p in paragraphs]


# --- records ---------------------------------------------------------------------------------


def slugify(title: str, limit: int = 72) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", title.lower()).split()
    slug = ""
    for word in words:
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


def wikinews_url(title: str) -> str:
    return WIKINEWS + quote(title.replace(" ", "_"), safe=":,;()!*@$/")


def published_at(day: date, key: str) -> str:
    """A plausible, deterministic time of day (07:00–21:59 UTC) for a date-only article."""
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big")
    minutes = 7 * 60 + digest % (15 * 60)
    return f"{day.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00+00:00"


def gum_record(doc: Record) -> Record:
    paragraphs = strip_gum_heading(doc["title"], doc["text"].split("\n\n"))
    return {
        "id": slugify(doc["title"]),
        "title": doc["title"],
        "text": "\n\n".join(p.strip() for p in paragraphs if p.strip()),
        "published": published_at(date.fromisoformat(doc["date_created"]), doc["doc_id"]),
        "section": GUM_SECTIONS[doc["genre"]],
        "source_url": doc["source_url"],
        "summary": doc.get("summary_human") or "",
    }


def timeline_record(doc: Record) -> Record:
    lines = doc["text"].split("\n")
    day = parse_dateline(lines[0])
    if day is not None:
        lines = lines[1:]
    day = day or date.fromisoformat(doc["date"])
    return {
        "id": slugify(doc["title"]),
        "title": doc["title"],
        "text": "\n\n".join(regroup(detokenise(line) for line in lines)),
        "published": published_at(day, doc["doc_id"]),
        "section": TIMELINE_SECTIONS[doc["corpus"]],
        "source_url": wikinews_url(doc["title"]),
        "summary": "",
    }


def finish(records: list[Record]) -> list[Record]:
    """Make ids unique, add licence fields, order by publication time."""
    seen: dict[str, int] = {}
    for record in records:
        base = record["id"]
        seen[base] = seen.get(base, 0) + 1
        if seen[base] > 1:
            record["id"] = f"{base}-{seen[base]}"
        record["licence"] = LICENCE
        record["attribution"] = ATTRIBUTION
    return sorted(records, key=lambda r: (r["published"], r["id"]))


def build(data_dir: Path) -> list[Record]:
    gum = [gum_record(d) for d in read_jsonl(data_dir / GUM_FILE)]
    timeline = [timeline_record(d) for d in read_jsonl(data_dir / TIMELINE_FILE)]
    return finish(gum + timeline)


# --- writing ---------------------------------------------------------------------------------


def write_corpus(records: list[Record], path: Path) -> int:
    """gzip JSONL with a fixed mtime, so a rebuild from the same data gives the same bytes."""
    lines = "".join(
        json.dumps(r, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
        for r in records
    )
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as gz:
        gz.write(lines.encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return len(buffer.getvalue())


def attribution_markdown(records: list[Record]) -> str:
    counts: dict[str, int] = {}
    for record in records:
        counts[record["section"]] = counts.get(record["section"], 0) + 1
    per_section = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
    first, last = records[0]["published"][:10], records[-1]["published"][:10]
    return ATTRIBUTION_TEMPLATE.format(
        total=len(records), per_section=per_section, first=first, last=last
    )


ATTRIBUTION_TEMPLATE = """\
# Demo corpus: what is bundled and whose it is

`wikinews.jsonl.gz` holds {total} English news articles and interviews from **Wikinews**,
published {first} … {last}, one JSON object per line (`id`, `title`, `text`, `published`,
`section`, `source_url`, `licence`, `attribution`, `summary`).
Sections: {per_section}.

It is the only data file bundled here; it feeds the local demo site (`broadsheet demo`) and
the tests. It is built by `scripts/build_demo_corpus.py`.

## Credit

- **Article texts: Wikinews contributors, CC BY 2.5**
  (https://creativecommons.org/licenses/by/2.5/; https://en.wikinews.org/wiki/Wikinews:Copyright).
  Every record carries its own `source_url` on en.wikinews.org, `licence` and `attribution`,
  and every page of the demo site shows them.
- **Summaries** (`summary` of the `world` and `interviews` articles) and the selection of those
  43 articles: the **GUM corpus** (Georgetown University Multilayer corpus), Amir Zeldes and
  the GUM annotators, Georgetown University; annotations CC BY 4.0
  (https://creativecommons.org/licenses/by/4.0/), https://github.com/amir-zeldes/gum.
- **Selection of the `apple`, `aviation`, `autos` and `markets` articles**: SemEval-2015 Task 4
  "TimeLine: Cross-Document Event Ordering" (Minard et al., 2015), the English part of the
  NewsReader **MEANTIME** corpus, © 2015 FBK, VU University Amsterdam, EHU; annotations
  CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/),
  http://alt.qcri.org/semeval2015/task4/. No annotations are bundled.

## Changes made

Texts were reformatted, not rewritten: leading title and dateline lines were removed (a
SemEval article's dateline became its publication date; a GUM article keeps its Wikinews
creation date), one-sentence-per-line texts were regrouped into paragraphs of two to four
sentences, tokeniser spacing was undone (`I' m` → `I'm`), and each article was given a
deterministic time of day because the sources give dates only. Source URLs of the SemEval
articles are derived from their Wikinews page titles.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", default=str(REPO / ".." / "shared" / "data"))
    parser.add_argument("--out", default=str(OUT_DIR), help="output folder (default: the package)")
    args = parser.parse_args(argv)
    records = build(Path(args.data_dir))
    out = Path(args.out)
    size = write_corpus(records, out / "wikinews.jsonl.gz")
    (out / "ATTRIBUTION.md").write_text(attribution_markdown(records), encoding="utf-8")
    print(f"wrote {len(records)} articles, {size} bytes to {out / 'wikinews.jsonl.gz'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
