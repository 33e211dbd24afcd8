"""The `hyoka` command line."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hyoka.commands import closing_summary, draw_workbook_picture, register

app = typer.Typer(help="Ingest Japanese municipal evaluation reports into tidy, audited Parquet.", no_args_is_help=True)


class OcrChoice(StrEnum):
    auto = "auto"
    off = "off"


class ExecutorChoice(StrEnum):
    process = "process"
    dask = "dask"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of reports (PDF, xlsx).", exists=True)],
    out: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("output"),
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Documents processed at once (default: the CPUs).")
    ] = None,
    executor: Annotated[
        ExecutorChoice, typer.Option("--executor", help="process: a local pool; dask: dask.distributed.")
    ] = ExecutorChoice.process,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="A dask scheduler address (default: a local cluster).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-process documents even when unchanged.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing but errors.")] = False,
    ocr: Annotated[
        OcrChoice, typer.Option("--ocr", help="auto: OCR PDFs with no usable text layer; off: refuse them.")
    ] = OcrChoice.auto,
) -> None:
    """Ingest every report under PATHS into OUT; unchanged documents are skipped.

    Exit 0 when every document is ok, 1 when any failed or is partial (listed on stderr), 2 on a usage error.
    """
    from pipeline.discover import discover
    from pipeline.executors import make_executor
    from pipeline.guard import Limits
    from pipeline.ingest import ingest as run_ingest
    from pipeline.output import OutputBusy
    from pipeline.progress import reporter

    if scheduler is not None and executor is not ExecutorChoice.dask:
        raise typer.BadParameter("--scheduler needs --executor dask.", param_hint="--scheduler")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder.", param_hint="--out")
    try:
        pool = make_executor(executor.value, jobs, scheduler)
    except (RuntimeError, OSError) as error:  # dask missing, or its scheduler unreachable
        print(f"hyoka ingest: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    try:
        with reporter(quiet=quiet or as_json, total=len(discover(list(paths)))) as on_document:
            report = run_ingest(
                list(paths), out, executor=pool, force=force, limits=Limits(ocr=ocr.value), on_document=on_document
            )
    except OutputBusy as error:
        print(f"hyoka ingest: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    finally:
        pool.close()
    documents = report["documents"]
    assert isinstance(documents, list)
    if as_json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    elif not quiet:
        counts = report["counts"]
        assert isinstance(counts, dict)
        print(
            f"{counts['documents']} documents ({counts['written']} written, {counts['skipped']} unchanged, "
            f"{counts['removed']} removed): {counts['ok']} ok, {counts['partial']} partial, "
            f"{counts['failed']} failed -> {out}"
        )
        closing_summary(out)
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
    out: Annotated[Path | None, typer.Option("--out", help="PNG: draw the page(s) or sheet(s) with the grid.")] = None,
) -> None:
    """Show the tables the format layer finds: each as text, and (--out) a picture of the grid."""
    from extractors import ExtractionError, sniff_format
    from extractors.inspect import inspect_document

    try:
        print(inspect_document(path, page=page, sheet=sheet, out_png=out))
        if out is not None and sniff_format(path) == "xlsx":
            print("\n".join(draw_workbook_picture(path, sheet, out)))
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


register(app)
