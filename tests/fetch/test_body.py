from __future__ import annotations

import gzip
import time
import zlib

import pytest

from broadsheet.errors import FetchError, FetchTimeout, TooLarge
from broadsheet.fetch.body import decoder_for, read_capped
from tests.fetch.conftest import write_slowly
from tests.fixture_server import Reply

MB = 1024 * 1024
TEXT = b"<rss><channel><title>News</title></channel></rss>\n" * 2000


def stream_50_mb(handler):
    """50 MB in chunked encoding, as fast as the client reads; stops when it hangs up."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/octet-stream")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"x" * 65536
    try:
        for _ in range(50 * MB // len(chunk)):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass


def decode_all(encoding: str, data: bytes, step: int = 97, room: int = 10 * MB) -> bytes:
    decoder = decoder_for(encoding, url="u", where="u")
    return b"".join(decoder.decode(data[i : i + step], room) for i in range(0, len(data), step))


def test_50_mb_stream_stops_at_the_cap(server, make_fetcher):
    url = server.route("/huge", stream_50_mb)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="BROADSHEET_MAX_RESPONSE_BYTES") as caught:
        make_fetcher(max_response_bytes=10 * MB).get(url)
    assert caught.value.url == url and caught.value.permanent
    assert time.monotonic() - started < 3


def test_declared_length_over_the_cap_is_refused_before_reading(server, make_fetcher):
    """The server promises 1 GB and sends 10 bytes: reading would wait for the rest."""
    url = server.route("/liar", Reply(200, b"x" * 10, {"Content-Length": str(1024 * MB)}))
    started = time.monotonic()
    with pytest.raises(TooLarge, match=r"1,073,741,824 bytes \(Content-Length\)"):
        make_fetcher(read_timeout=5.0, fetch_deadline=5.0).get(url)
    assert time.monotonic() - started < 1


def test_gzip_bomb_is_stopped_once_decompressed_size_passes_the_cap(server, make_fetcher):
    bomb = gzip.compress(b"\0" * (64 * MB), compresslevel=9)
    assert len(bomb) < MB  # small on the wire, far over the cap once inflated
    url = server.route("/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    with pytest.raises(TooLarge, match="once decompressed"):
        make_fetcher(max_response_bytes=MB).get(url)


def test_gzip_body_comes_back_decompressed(server, make_fetcher):
    url = server.route("/gz", Reply(200, gzip.compress(TEXT), {"Content-Encoding": "gzip"}))
    assert make_fetcher().get(url).body == TEXT


def test_body_exactly_at_the_cap_is_kept(server, make_fetcher):
    url = server.route("/exact", Reply(200, b"y" * 1000))
    assert len(make_fetcher(max_response_bytes=1000).get(url).body) == 1000


def test_trickling_body_is_cut_off_at_the_deadline(server, make_fetcher):
    """One byte per 0.2 s never trips read_timeout; the whole-response deadline does."""

    def trickle(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        write_slowly(handler, b"z" * 100, 0.2)

    url = server.route("/trickle", trickle)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        make_fetcher(fetch_deadline=0.7, read_timeout=2.0).get(url)
    assert time.monotonic() - started < 1.5
    assert "deadline" in str(caught.value) and url in str(caught.value)
    assert server.hits["/trickle"] == 1


def test_silent_server_times_out_on_read(server, make_fetcher):
    def silent(handler):
        time.sleep(1.0)
        return Reply(200, "late")

    url = server.route("/silent", silent)
    with pytest.raises(FetchTimeout, match="timed out while waiting for data"):
        make_fetcher(read_timeout=0.2, retries=0, respect_robots=False).get(url)


def test_multi_member_gzip_and_trailing_garbage():
    data = gzip.compress(b"first ") + gzip.compress(b"second") + b"\0\0junk"
    for step in (1, 2, 3, 97):
        assert decode_all("gzip", data, step=step) == b"first second"
    assert decode_all("x-gzip", data) == b"first second"


def test_deflate_zlib_wrapped_and_raw():
    raw = zlib.compressobj(wbits=-15)
    raw_data = raw.compress(TEXT) + raw.flush()
    assert decode_all("deflate", zlib.compress(TEXT)) == TEXT
    assert decode_all("deflate", raw_data) == TEXT


def test_identity_and_unknown_encodings():
    assert decode_all("identity", b"plain") == b"plain"
    assert decode_all("", b"plain") == b"plain"
    with pytest.raises(FetchError, match="Content-Encoding 'br'"):
        decoder_for("br", url="u", where="u")


def test_decoder_never_inflates_more_than_the_room_plus_one():
    bomb = gzip.compress(b"\0" * (32 * MB))
    decoder = decoder_for("gzip", url="u", where="u")
    assert len(decoder.decode(bomb, 1000)) == 1001


def test_corrupt_gzip_is_a_fetch_error():
    with pytest.raises(FetchError, match="corrupt compressed body"):
        read_capped(
            [b"\x1f\x8b\x08\x00garbage-garbage"],
            decoder_for("gzip", url="u", where="u"),
            limit=MB,
            deadline_at=time.monotonic() + 10,
            url="u",
            where="u",
        )
