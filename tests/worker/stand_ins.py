"""Stand-in extractors for the worker processes: module-level, so a process can import them.

A page holding a marker misbehaves the way real pages have been seen to make a parser
misbehave; every other page is extracted for real."""

from __future__ import annotations

import logging
import os
import signal
import time

from broadsheet.extract.article import extract_article
from broadsheet.model import ArticleText

KILLS_ITS_PROCESS = "process-killing marker"
HANGS = "endless loop marker"
HITS_A_BUG = "bug marker"
LOGS = "log marker"

log = logging.getLogger(__name__)


def misbehaving_extract(
    body: bytes, url: str, content_type: str = "", *, find_date: bool = True
) -> ArticleText:
    if KILLS_ITS_PROCESS.encode() in body:  # a segfault in a C parser, the OOM killer
        os.kill(os.getpid(), signal.SIGKILL)
    if HANGS.encode() in body:
        time.sleep(60)
    if HITS_A_BUG.encode() in body:
        raise KeyError("a bug deep in a parser")
    if LOGS.encode() in body:
        log.warning("odd page url=%s", url)
    return extract_article(body, url, content_type, find_date=find_date)
