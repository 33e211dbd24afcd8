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
