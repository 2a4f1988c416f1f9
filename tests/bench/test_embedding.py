"""The embedding benchmark on a few texts: structure and sane numbers, not speed floors."""

from __future__ import annotations

import io

from rich.console import Console

from broadsheet.bench import embedding


def test_runs_each_contender_in_its_own_process_and_prints_a_table():
    texts = ["Putin and Trump spoke by phone.", "Rates rose.", ""]
    result = embedding.run(texts, repeats=1, contenders=("minilm-fp32", "lexical"))
    assert result["texts"] == 3
    fp32, lexical = result["contenders"]["minilm-fp32"], result["contenders"]["lexical"]
    assert fp32["name"] == "all-MiniLM-L6-v2/onnx-fp32"
    assert fp32["build_s"] > 0 and fp32["cold_start_s"] > 0 and fp32["texts_per_second"] > 0
    assert fp32["min_cosine"] > 0.9999  # the reference against itself
    assert fp32["peak_rss_mb"] > lexical["peak_rss_mb"] > 0
    assert "min_cosine" not in lexical  # another vector space: no agreement to report
    buffer = io.StringIO()
    embedding.print_table(result, console=Console(file=buffer, width=120))
    assert "minilm-fp32" in buffer.getvalue()


def test_demo_paragraphs_are_real_text():
    paragraphs = embedding.demo_paragraphs(20)
    assert len(paragraphs) == 20
    assert all(p.strip() for p in paragraphs)
