"""The analysts' commands of the `hyoka` CLI (`--version`, `tables`, `export`), the workbook
picture of `inspect`, and the closing summary of `ingest`; pipeline/cli.py registers them."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from hyoka.pipeline import __version__


def _version(value: bool) -> None:
    if value:
        print(f"hyoka {__version__}")
        raise typer.Exit(0)


def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print hyoka's version and exit.")
    ] = False,
) -> None:
    """Ingest Japanese municipal evaluation reports into tidy, audited Parquet."""


def tables(
    path: Annotated[Path, typer.Argument(help="A PDF or workbook.", exists=True, dir_okay=False)],
    csv: Annotated[Path | None, typer.Option("--csv", help="Folder: one CSV per table, and an index.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Workbook: one sheet per table, and an index.")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="JSON file: every table with its cells.")] = None,
) -> None:
    """Export every table of one document in full (a spanning cell's text in every slot it covers)."""
    from hyoka.exports import export_tables
    from hyoka.extractors import ExtractionError

    if csv is None and xlsx is None and json_path is None:
        print("hyoka tables: say where to write the tables: --csv DIR, --xlsx FILE or --json FILE.", file=sys.stderr)
        raise typer.Exit(2)
    try:
        written = export_tables(path, csv=csv, xlsx=xlsx, json_path=json_path)
    except ExtractionError as error:
        print(f"hyoka tables: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    for target in written:
        print(target)


def export(
    out: Annotated[Path, typer.Argument(help="An output folder written by `hyoka ingest`.", exists=True)],
    xlsx: Annotated[Path, typer.Option("--xlsx", help="The workbook to write.")],
) -> None:
    """Write the documents, coverage, findings and tidy tables of an output folder as one workbook."""
    from hyoka.exports import export_workbook

    try:
        print(export_workbook(out, xlsx))
    except ValueError as error:
        print(f"hyoka export: {error}", file=sys.stderr)
        raise typer.Exit(2) from error


def draw_workbook_picture(path: Path, sheet: str | None, out_png: Path) -> list[str]:
    """`hyoka inspect WORKBOOK --out PNG`: the sheets' grids drawn, as lines for the terminal."""
    from hyoka.extractors import open_document
    from hyoka.sheet_picture import draw_workbook

    document = open_document(path)
    sheets = [s for s in document.sheets if sheet is None or s.name == sheet]
    return [f"drew {target}" for target in draw_workbook(sheets, out_png)]


def shown_path(source_file: str, inputs: Sequence[Path]) -> str:
    """A document's path as the closing table shows it: relative to the input folder it was found
    in (two producers' copies of one report differ only by their folder), else as it was given."""
    source = Path(os.path.abspath(source_file))
    for folder in inputs:
        base = Path(os.path.abspath(folder))
        if source != base and source.is_relative_to(base):
            return source.relative_to(base).as_posix()
    return source_file


def closing_summary(out: Path, inputs: Sequence[Path]) -> None:
    """What the run's output covers, one document a line (its path relative to the input folder
    it was found in), the findings and where the report is."""
    # rich is loaded here: a quiet run (and every worker forked from it) never prints a table.
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    from hyoka.audit.coverage import coverage
    from hyoka.audit.presentation import FINDINGS
    from hyoka.audit.report import REPORT_NAME, findings_frame, flagged_rows

    documents = coverage(out)
    paths = [shown_path(d.source_file, inputs) for d in documents]
    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    # A path is never cut (report.pdf and report.xlsx must stay apart); a long series id folds.
    table.add_column("document", no_wrap=True, min_width=max((len(path) for path in paths), default=8))
    table.add_column("series", overflow="fold")
    table.add_column("status")
    for header in ("rows", "quarantined", "checks", "not computable", "flagged"):
        table.add_column(header, justify="right")
    for d, path in zip(documents, paths, strict=True):
        status = d.status if d.audited else f"{d.status}, not audited"
        numbers = (d.rows_written, d.rows_quarantined, d.checks_run, d.not_computable, d.flagged)
        table.add_row(path, d.series, status, *(f"{n:,}" for n in numbers))
    console = Console(file=sys.stdout, width=None if sys.stdout.isatty() else 160, highlight=False)
    console.print(table)
    counts = findings_frame(flagged_rows(out))["finding"].value_counts()
    found = ", ".join(f"{counts[name]} {FINDINGS[name].label} ({name})" for name in FINDINGS if name in counts)
    console.print(f"findings: {found or 'none'}")
    console.print(f"report: {out / REPORT_NAME}")


def register(app: typer.Typer) -> None:
    """Adds `--version`, `tables` and `export` to the `hyoka` app."""
    app.callback()(main)
    app.command()(tables)
    app.command()(export)
