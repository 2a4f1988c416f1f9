"""`broadsheet serve | worker | add | import-opml | export-opml | refresh | demo | bench | token`"""

from __future__ import annotations

import signal
import threading

import typer

from broadsheet.cli import accounts, bench, demo, saved_searches, sources, tokens
from broadsheet.cli.common import console, load_settings, opened, run_processes, run_site
from broadsheet.web import create_app
from broadsheet.worker import Scheduler

app = typer.Typer(
    help="Broadsheet: a self-hosted news aggregator.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def serve(
    host: str = typer.Option(None, help="Listen address (BROADSHEET_HOST)."),
    port: int = typer.Option(None, help="Listen port (BROADSHEET_PORT)."),
    no_worker: bool = typer.Option(False, "--no-worker", help="Serve pages only; poll nowhere."),
    processes: int = typer.Option(
        1, min=1, max=64, help="Server processes (one per core): needs --no-worker."
    ),
) -> None:
    """Serve the site, polling sources in the same process unless --no-worker."""
    settings = load_settings(host=host, port=port)
    if processes == 1:
        run_site(create_app(settings, run_worker=not no_worker, warm=True), settings)
        return
    if not no_worker:
        raise typer.BadParameter(
            "several server processes would each poll the sources: add --no-worker and run "
            "`broadsheet worker` beside them",
            param_hint="--processes",
        )
    run_processes(settings, processes)


@app.command()
def worker() -> None:
    """Poll sources without serving pages (run as many as you like against one database)."""
    settings = load_settings()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with opened(settings) as (repo, fetcher):
        scheduler = Scheduler(repo, fetcher, settings)
        scheduler.start()
        console.print(f"Worker polling with {settings.worker_threads} threads; Ctrl-C stops.")
        try:
            stop.wait()
        except KeyboardInterrupt:
            pass
        finally:
            scheduler.stop()


app.command()(sources.add)
app.command("import-opml")(sources.import_opml)
app.command("export-opml")(sources.export_opml)
app.command()(sources.refresh)
app.command()(demo.demo)
app.add_typer(bench.app, name="bench")
app.add_typer(tokens.app, name="token")
app.add_typer(saved_searches.app, name="saved-search")
app.command("create-admin")(accounts.create_admin)
app.command("set-role")(accounts.set_role)

if __name__ == "__main__":
    app()
