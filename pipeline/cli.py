"""The `hyoka` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Ingest Japanese municipal evaluation reports into tidy, audited Parquet.", no_args_is_help=True)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of reports (PDF, xlsx).", exists=True)],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the run report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing but errors.")] = False,
) -> None:
    """Ingest every report under PATHS into OUT. Exit 1 when any document failed or is partial."""
    from pipeline.ingest import ingest as run_ingest

    report = run_ingest(list(paths), out)
    documents = report["documents"]
    assert isinstance(documents, list)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif not quiet:
        for document in documents:
            print(f"{document['status']:8} {document['source_file']}")
        print(f"{len(documents)} documents, {report['counts']} -> {out}")
    not_ok = [d for d in documents if d["status"] != "ok"]
    for document in not_ok:
        print(f"{document['status']}: {document['source_file']}: {document['error']}", file=sys.stderr)
    raise typer.Exit(1 if not_ok else 0)


@app.command()
def schema() -> None:
    """Print every output table's schema as JSON (the contract's executable form)."""
    from schemas import schemas_as_json

    print(json.dumps(schemas_as_json(), ensure_ascii=False, indent=2))


@app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="A PDF or workbook.", exists=True, dir_okay=False)],
    page: Annotated[int | None, typer.Option("--page", help="Only this page (1-based).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Only this sheet.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="PNG: draw the page(s) with the grid.")] = None,
) -> None:
    """Show the tables the format layer finds: each as text, and for PDFs a picture of the grid."""
    from extractors import ExtractionError
    from extractors.inspect import inspect_document

    try:
        print(inspect_document(path, page=page, sheet=sheet, out_png=out))
    except (ExtractionError, ValueError) as error:
        print(f"hyoka inspect: {error}", file=sys.stderr)
        raise typer.Exit(2) from error


@app.command(name="profiles")
def list_profiles() -> None:
    """List the report series hyoka knows and how each is recognised."""
    from profiles import MIN_SCORE, registry

    for profile in registry():
        print(f"{profile.profile_id}: {profile.description}")
    print(f"(a document no profile scores >= {MIN_SCORE} goes to the generic profile: its tables land in `cells`)")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="An output folder written by `hyoka ingest`.", exists=True)],
) -> None:
    """Rebuild mismatch_report.csv and .html from an output folder."""
    from audit.report import write_report

    print(f"{write_report(out)} rows -> {out / 'mismatch_report.html'}")
