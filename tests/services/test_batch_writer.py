"""The batch writer: values written in order, in batches, on one thread; a failing batch is
logged and the thread goes on; closing writes what is queued."""

from __future__ import annotations

import threading

from broadsheet.services.batch_writer import BatchWriter


def test_values_put_while_a_write_runs_are_written_together_in_order():
    batches: list[list[int]] = []
    first_started, release = threading.Event(), threading.Event()

    def write(batch):
        batches.append(list(batch))
        first_started.set()
        release.wait(5)

    writer = BatchWriter(write, name="test-writes", batch=10)
    writer.put(0)
    assert first_started.wait(5)
    for n in range(1, 26):  # queued while the first write is held
        writer.put(n)
    release.set()
    writer.close()
    assert batches == [[0], list(range(1, 11)), list(range(11, 21)), list(range(21, 26))]


def test_a_failing_batch_is_logged_and_later_ones_are_written(caplog):
    written: list[int] = []

    def write(batch):
        if 13 in batch:
            raise RuntimeError("database is locked")
        written.extend(batch)

    writer = BatchWriter(write, name="test-writes", batch=1)
    for n in (1, 13, 2):
        writer.put(n)
    writer.close()
    assert written == [1, 2]
    assert "test-writes: a batch of 1 writes failed" in caplog.text
    assert "database is locked" in caplog.text


def test_closing_writes_everything_queued():
    written: list[int] = []
    writer = BatchWriter(written.extend, name="test-writes")
    for n in range(500):
        writer.put(n)
    writer.close()
    assert written == list(range(500))
