"""Article summaries on the 250 CNN/DailyMail articles of FRANK: ROUGE against the highlights.

Each contender summarises every article; the first three sentences (Lead-3, the classic
baseline on this news) are scored in the same run with the same sentence split and scorer, so
the two rows compare like with like. Scores are google-research's `rouge-score` F-measures with
Porter stemming: ROUGE-1, ROUGE-2 and ROUGE-L as summary-level ROUGE-Lsum (sentences on their
own lines; the tokenised highlights are split at their " . " boundaries), as fractions (0.411 is
the 41.1 that papers print). `traceable` is the share of summary sentences that are, word for
word, the sentence of `split_sentences(article)` they cite: 1.0 is the contract every reader
relies on. `articles_per_second` times the summariser alone.

    from broadsheet.bench import summaries
    summaries.print_table(summaries.run(summaries.default_data_dir()))
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from broadsheet.bench.corpus import default_data_dir
from broadsheet.bench.table import print_results
from broadsheet.enrich.sentences import split_sentences
from broadsheet.enrich.summary import ExtractiveSummarizer, Summarizer
from broadsheet.errors import BroadsheetError
from broadsheet.model import CitedSentence, Document, SentenceRef

__all__ = ["DATASET", "LEAD_3", "default_data_dir", "load_articles", "print_table", "run"]

DATASET = "frank-cnndm-xsum"
LEAD_3 = "Lead-3"
_METRICS = {"rouge1": "rouge_1", "rouge2": "rouge_2", "rougeLsum": "rouge_l"}
_HIGHLIGHT_END = re.compile(r"(?<= \.) ")

Summarize = Callable[[Document], list[CitedSentence]]


def load_articles(root: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """`(article text, reference highlights)` of the CNN/DM records, in file order."""
    path = root / DATASET / "articles.jsonl"
    pairs = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["dataset"] == "cnndm":
                pairs.append((record["article"], record["reference"]))
    return pairs[:limit]


def run(
    root: Path,
    *,
    limit: int | None = None,
    summarizer: Summarizer | None = None,
    on_article: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Lead-3 and `summarizer` (default: the extractive one) side by side."""
    summarizer = summarizer or ExtractiveSummarizer()
    pairs = load_articles(root, limit)
    contenders: dict[str, Summarize] = {LEAD_3: _lead_3, summarizer.name: _article(summarizer)}
    scorer = _scorer()
    results = {}
    for name, summarize in contenders.items():
        results[name] = _score(summarize, pairs, scorer, on_article if name != LEAD_3 else None)
    return {
        "benchmark": "summaries",
        "dataset": f"{DATASET} (cnndm)",
        "articles": len(pairs),
        "summarizer": summarizer.name,
        "summaries": results,
    }


def print_table(result: Mapping[str, Any], console: Console | None = None) -> None:
    title = f"Article summaries on {result['dataset']} ({result['articles']} articles)"
    columns = ("rouge_1", "rouge_2", "rouge_l", "traceable", "sentences", "articles_per_second")
    note = "rouge-score F1 with stemming, ROUGE-L summary-level (Lsum); same split for both rows"
    print_results(title, result["summaries"], columns, note=note, console=console)


def _lead_3(doc: Document) -> list[CitedSentence]:
    sentences = split_sentences(doc.text)[:3]
    return [
        CitedSentence(text, (SentenceRef(doc.article_id, i),)) for i, text in enumerate(sentences)
    ]


def _article(summarizer: Summarizer) -> Summarize:
    return lambda doc: summarizer.summarize_article(doc)


def _score(
    summarize: Summarize,
    pairs: Sequence[tuple[str, str]],
    scorer: Any,
    on_article: Callable[[], None] | None,
) -> dict[str, Any]:
    totals = dict.fromkeys(_METRICS.values(), 0.0)
    shown = traced = 0
    seconds = 0.0
    for number, (text, reference) in enumerate(pairs):
        doc = Document(number, "", text)
        start = time.perf_counter()
        summary = summarize(doc)
        seconds += time.perf_counter() - start
        scores = scorer.score(_lines(reference), "\n".join(s.text for s in summary))
        for metric, key in _METRICS.items():
            totals[key] += scores[metric].fmeasure
        shown += len(summary)
        traced += sum(_traceable(s, doc) for s in summary)
        if on_article is not None:
            on_article()
    count = max(len(pairs), 1)
    return {
        **{key: round(total / count, 4) for key, total in totals.items()},
        "traceable": round(traced / shown, 4) if shown else 0.0,
        "sentences": round(shown / count, 2),
        "articles_per_second": round(len(pairs) / seconds, 1) if seconds else 0.0,
    }


def _traceable(sentence: CitedSentence, doc: Document) -> bool:
    """Whether the sentence is, word for word, the sentence of `doc` it cites first."""
    if not sentence.sources or sentence.sources[0].article_id != doc.article_id:
        return False
    sentences = split_sentences(doc.text)
    index = sentence.sources[0].sentence
    return 0 <= index < len(sentences) and sentences[index] == sentence.text


def _lines(reference: str) -> str:
    """The tokenised highlights, one per line (ROUGE-Lsum reads sentences by line)."""
    return "\n".join(part.strip() for part in _HIGHLIGHT_END.split(reference) if part.strip())


def _scorer() -> Any:
    try:
        from rouge_score import rouge_scorer
    except ImportError as exc:  # a test/benchmark dependency, not a runtime one
        raise BroadsheetError(
            "the summary benchmark needs rouge-score: pip install 'broadsheet[test]'"
        ) from exc
    return rouge_scorer.RougeScorer(list(_METRICS), use_stemmer=True)
