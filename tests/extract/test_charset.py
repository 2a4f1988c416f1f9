"""decode_html on real bytes: labels that lie, labels that are missing, odd bytes."""

from __future__ import annotations

import codecs

import pytest

from broadsheet.extract.charset import decode_html

GERMAN = (
    "<html><head><title>Grüße aus München</title></head><body>"
    "<p>Die Bürgerinnen und Bürger können über die neue Straßenbahn abstimmen – „endlich“, "
    "sagt die Oberbürgermeisterin. Die Abstimmung kostet 5 € pro Haushalt.</p></body></html>"
)
RUSSIAN = (
    '<html><head><meta charset="windows-1251"><title>Новости</title></head><body>'
    "<p>Президент заявил, что переговоры продолжатся на следующей неделе в Стамбуле.</p>"
    "</body></html>"
)
JAPANESE = (
    "<html><head><title>ニュース</title></head><body><p>東京都は本日、新しい交通計画を"
    "発表しました。市民の生活に大きな影響を与えると見られています。</p></body></html>"
)


def test_latin1_page_labelled_utf8_is_decoded_as_latin1():
    body = GERMAN.encode("latin-1", errors="ignore")  # no € or „“ in latin-1
    text = decode_html(body, "text/html; charset=utf-8")
    assert "Grüße aus München" in text
    assert "\ufffd" not in text


def test_cp1252_page_labelled_utf8_keeps_quotes_and_euro():
    text = decode_html(GERMAN.encode("cp1252"), "text/html; charset=UTF-8")
    assert "„endlich“" in text and "5 €" in text


def test_cp1251_page_with_meta_charset_and_no_header():
    assert "Президент заявил" in decode_html(RUSSIAN.encode("cp1251"))


def test_meta_charset_wins_over_a_header_the_bytes_contradict():
    text = decode_html(RUSSIAN.encode("cp1251"), "text/html; charset=utf-8")
    assert "Новости" in text


def test_utf16_with_bom_ignores_a_utf8_label():
    body = codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le")
    assert "Straßenbahn" in decode_html(body, "text/html; charset=utf-8")


def test_utf8_bom_is_stripped():
    text = decode_html(codecs.BOM_UTF8 + GERMAN.encode())
    assert text.startswith("<html>")


@pytest.mark.parametrize("content_type", ["text/html; charset=Shift_JIS", "text/html"])
def test_shift_jis_with_and_without_a_label(content_type):
    assert "新しい交通計画" in decode_html(JAPANESE.encode("shift_jis"), content_type)


def test_utf8_bytes_labelled_latin1_are_utf8():
    text = decode_html(GERMAN.encode(), "text/html; charset=iso-8859-1")
    assert "Grüße" in text and "Ã" not in text


def test_mostly_utf8_page_with_a_pasted_cp1252_quote():
    paragraph = "<p>Die Bürger in München können über die Straßenbahn abstimmen.</p>"
    body = paragraph.encode() + "<p>„Gut“, sagte er.</p>".encode("cp1252") + paragraph.encode()
    text = decode_html(body, "text/html; charset=utf-8")
    assert "„Gut“" in text and text.count("München") == 2


def test_iso_8859_1_label_decodes_as_windows_1252_like_browsers():
    body = "<p>\u201cQuoted\u201d</p>".encode("cp1252")
    assert "\u201cQuoted\u201d" in decode_html(body, "text/html; charset=ISO-8859-1")


def test_xml_declaration_encoding_is_a_declaration():
    body = (
        '<?xml version="1.0" encoding="windows-1251"?>'
        "<html><body>Привет мир, это тест.</body></html>"
    )
    assert "Привет мир" in decode_html(body.encode("cp1251"))


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"", ""),
        (b"\xff\xfe\x00", "text/html; charset=bogus-charset"),
        (b"\x81\x8d\x90\x9d plain", "text/html; charset=windows-1252"),
        (bytes(range(256)) * 4, "text/html; charset=utf-8"),
        (b"<html>\x00\x00\x00</html>", "text/html; charset=utf-16"),
    ],
)
def test_odd_bytes_never_raise(body, content_type):
    assert isinstance(decode_html(body, content_type), str)


@pytest.mark.parametrize("word", ["Zürich", "Señor Muñoz", "Ångström"])
def test_few_accented_bytes_under_a_utf8_label_are_windows_1252(word):
    """A short latin-1 page labelled UTF-8 was guessed as DOS cp850 ("Z³rich")."""
    page = f"<html><head><meta charset='utf-8'><title>{word}</title></head><body>"
    page += f"<p>{word}: the council met on Tuesday to discuss the new tram line.</p>" * 3
    assert page.count(word) == decode_html(page.encode("cp1252"), "text/html; charset=utf-8").count(
        word
    )
