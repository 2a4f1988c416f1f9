"""A throwaway PostgreSQL cluster for a test run: `initdb` into a temporary directory, started
on a free port of 127.0.0.1 (its unix socket in that directory too) with fsync off, then stopped
and deleted at the end.

PostgreSQL refuses to run as root, so under root the cluster belongs to the `postgres` system
user that Debian's package creates (or, without it, `nobody`); the server programs are found
through `pg_config --bindir`, then PATH, then Debian's /usr/lib/postgresql/<version>/bin.

Run `python -m tests.postgres_server` for a server to try Broadsheet against by hand: it prints
the database URL and runs until interrupted.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from broadsheet.storage import open_repository

__all__ = ["PostgresServer", "PostgresUnavailable", "find_bindir", "for_tests", "start"]

SUPERUSER = "postgres"
TEMPLATE = "broadsheet_template"  # migrated once per run; each test's database is a copy
_SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",  # a crash loses nothing worth keeping: the cluster is deleted anyway
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "autovacuum": "off",  # no test database lives long enough to need it
    "max_connections": "200",
}


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server programs here, or no user that may run them."""


@dataclass(frozen=True, slots=True)
class Account:
    """The unprivileged user the server runs as when the tests run as root."""

    name: str
    uid: int
    gid: int


@dataclass
class PostgresServer:
    root: Path
    bindir: Path
    port: int
    account: Account | None
    _databases: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); returns its URL."""
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        self._admin(statement)
        return self.url(name)

    @contextlib.contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new database copied from the migrated template (fast: no migrations to run),
        dropped afterwards; yields its URL."""
        name = f"test_{next(self._databases)}"
        try:
            yield self.create_database(name, template=TEMPLATE)
        finally:
            self.drop_database(name)

    def drop_database(self, name: str) -> None:
        self._admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, OSError):
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)

    def _admin(self, statement: sql.Composed) -> None:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(statement)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        as_user: dict[str, Any] = {}
        if self.account is not None:
            as_user = {"user": self.account.uid, "group": self.account.gid, "extra_groups": []}
        subprocess.run(
            command, check=True, capture_output=True, text=True, cwd=self.root, **as_user
        )


def find_bindir() -> Path:
    """Where initdb, pg_ctl and postgres are; PostgresUnavailable when they are nowhere."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidates.append(Path(found.stdout.strip()))
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    debian = Path("/usr/lib/postgresql")
    if debian.is_dir():
        versions = sorted(debian.iterdir(), key=lambda p: _version(p.name), reverse=True)
        candidates += [v / "bin" for v in versions]
    for bindir in candidates:
        if all((bindir / p).is_file() for p in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PostgresUnavailable(
        "PostgreSQL server programs (initdb, pg_ctl, postgres) not found: install them "
        "(Debian: apt-get install postgresql) or put their directory on PATH"
    )


def start() -> PostgresServer:
    """A fresh cluster, started and answering; stop() it when done."""
    bindir = find_bindir()
    account = _server_account()
    root = Path(tempfile.mkdtemp(prefix="broadsheet-pg-"))
    if account is not None:
        os.chown(root, account.uid, account.gid)
    server = PostgresServer(root, bindir, _free_port(), account)
    try:
        server._run(
            "initdb", "-D", str(server.data), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip
        options = " ".join(f"-c {k}={v}" for k, v in _SETTINGS.items())
        options += f" -c port={server.port} -c unix_socket_directories={root}"
        log = str(root / "server.log")
        server._run("pg_ctl", "start", "-D", str(server.data), "-l", log, "-o", options, "-w")
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or error.stdout or "").strip()
        server.stop()
        raise PostgresUnavailable(f"could not start PostgreSQL: {detail}") from error
    return server


def for_tests() -> Iterator[PostgresServer]:
    """The body of a run-wide fixture: a started server with the migrated template, stopped at
    the end. Without PostgreSQL the tests fail under CI (CI=true) and are skipped elsewhere."""
    try:
        server = start()
    except PostgresUnavailable as error:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL is required under CI: {error}", pytrace=False)
        pytest.skip(f"PostgreSQL unavailable: {error}")
    try:
        open_repository(server.create_database(TEMPLATE)).close()  # runs the migrations
        yield server
    finally:
        server.stop()


def _server_account() -> Account | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return Account(name, entry.pw_uid, entry.pw_gid)
    raise PostgresUnavailable(
        "running as root, and PostgreSQL refuses to: no 'postgres' or 'nobody' user to run it as"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@contextlib.contextmanager
def running() -> Iterator[PostgresServer]:
    server = start()
    try:
        yield server
    finally:
        server.stop()


def _serve() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop and delete on kill as well
    with running() as server, contextlib.suppress(KeyboardInterrupt):
        url = server.create_database("broadsheet")
        print(f"BROADSHEET_DATABASE_URL={url}", flush=True)
        print("PostgreSQL is running; Ctrl-C stops it and deletes its data.", flush=True)
        while True:
            signal.pause()


if __name__ == "__main__":
    _serve()
