"""Progress of an ingest run: a rich display (documents and pages) on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

OnDocument = Callable[[dict[str, object]], None]


def _line(record: dict[str, object]) -> str:
    action = "unchanged" if record["action"] == "skipped" else str(record["status"])
    return f"{action:9} {record['source_file']}"


@contextmanager
def reporter(
    quiet: bool = False, total: int | None = None, console: Console | None = None
) -> Iterator[OnDocument | None]:
    """A callback for each finished document, drawn on stderr so stdout stays for --json.

    `total`: how many files the run will read (the bar's end), when known.
    """
    if quiet:
        yield None
        return
    console = console or Console(stderr=True)
    if not console.is_terminal:

        def plain(record: dict[str, object]) -> None:
            print(_line(record), file=sys.stderr, flush=True)

        yield plain
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[pages]} pages"),
        TimeElapsedColumn(),
        transient=False,
        console=console,
        # Redrawn when a document finishes, not by a thread of its own: with no other thread running,
        # document workers are forked from this process (pipeline/sandbox.py).
        auto_refresh=False,
    ) as progress:
        task = progress.add_task("documents", total=total, pages=0)
        pages = 0

        def draw(record: dict[str, object]) -> None:
            nonlocal pages
            pages += int(record["pages"] or 0) if record["action"] == "written" else 0
            # A file name is text, never rich markup: `[/]` would raise, `[draft]` would vanish.
            name = escape(Path(str(record["source_file"])).name)
            # Drawn when a document finishes: the file named is done, while others may still be read.
            progress.update(task, advance=1, pages=pages, description=f"documents (finished {name})", refresh=True)
            progress.console.print(_line(record), highlight=False, markup=False)

        yield draw
