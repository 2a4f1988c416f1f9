from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from broadsheet.fetch.politeness import HostGate
from tests.fixture_server import Reply


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_request_starts_to_one_host_are_spaced():
    fake = FakeTime()
    gate = HostGate(2, 0.5, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        with gate.slot("example.com"):
            pass
    assert fake.sleeps == [0.5, 0.5]


def test_other_hosts_do_not_wait_and_names_are_case_insensitive():
    fake = FakeTime()
    gate = HostGate(2, 0.5, clock=fake.clock, sleep=fake.sleep)
    with gate.slot("a.example"):
        pass
    with gate.slot("b.example"):
        pass
    assert fake.sleeps == []
    with gate.slot("A.EXAMPLE"):
        pass
    assert fake.sleeps == [0.5]


def test_no_wait_when_the_delay_has_already_passed():
    fake = FakeTime()
    gate = HostGate(1, 0.5, clock=fake.clock, sleep=fake.sleep)
    with gate.slot("example.com"):
        pass
    fake.now += 2
    with gate.slot("example.com"):
        pass
    assert fake.sleeps == []


def test_three_gets_to_one_host_take_at_least_two_delays(server, make_fetcher):
    url = server.route("/feed", Reply(200, "ok"))
    fetcher = make_fetcher(host_delay=0.2, respect_robots=False)
    started = time.monotonic()
    for _ in range(3):
        fetcher.get(url)
    assert time.monotonic() - started >= 0.4


def test_in_flight_requests_per_host_are_limited(server, make_fetcher):
    lock = threading.Lock()
    current, peak = [0], [0]

    def slow(handler):
        with lock:
            current[0] += 1
            peak[0] = max(peak[0], current[0])
        time.sleep(0.15)
        with lock:
            current[0] -= 1
        return Reply(200, "ok")

    url = server.route("/slow", slow)
    fetcher = make_fetcher(host_concurrency=2, respect_robots=False)
    with ThreadPoolExecutor(max_workers=6) as pool:
        bodies = list(pool.map(lambda _: fetcher.get(url).body, range(6)))
    assert bodies == [b"ok"] * 6
    assert peak[0] == 2


def test_hosts_are_gated_separately(server, make_fetcher):
    url = server.route("/feed", Reply(200, "ok"))
    fetcher = make_fetcher(
        host_delay=1.0, respect_robots=False, resolver=lambda host, port: ["127.0.0.1"]
    )
    started = time.monotonic()
    fetcher.get(url.replace("127.0.0.1", "one.test"))
    fetcher.get(url.replace("127.0.0.1", "two.test"))
    assert time.monotonic() - started < 0.9
