"""The attack suite's detector finds live markup and ignores escaped text (else a blocked
attack would prove nothing)."""

from __future__ import annotations

from html import escape

import pytest

from tests.security.payloads import XSS, live_markup

LIVE = [p for name, p in XSS.items() if name not in ("template-injection", "javascript-link",
                                                      "data-link", "attribute-break")]  # fmt: skip


@pytest.mark.parametrize("payload", LIVE)
def test_raw_payloads_are_found_and_escaped_ones_are_not(payload):
    assert live_markup(f"<p>{payload}</p>")
    assert live_markup(f"<p>{escape(payload)}</p>") == []


def test_script_links_are_found_and_the_sites_own_scripts_are_not():
    assert live_markup('<a href=" javascript:alert(1)">x</a>')
    assert live_markup('<a href="data:text/html,x">x</a>')
    assert live_markup('<script src="/static/insights.js" defer></script>') == []
