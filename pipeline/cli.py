"""The `hyoka` command line."""

from __future__ import annotations

import errno
import importlib
import json
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from hyoka.commands import closing_summary, draw_workbook_picture, register
from hyoka.pipeline.discover import display_name
from hyoka.pipeline.sandbox import DEFAULT_BUDGET, GIB, PRELOAD, Budget, Overrun
from hyoka.startup import loading

app = typer.Typer(help="Ingest Japanese municipal evaluation reports into tidy, audited Parquet.", no_args_is_help=True)


class OcrChoice(StrEnum):
    auto = "auto"
    off = "off"


class PdfReaderChoice(StrEnum):
    pdfplumber = "pdfplumber"
    pdfium = "pdfium"


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
    time_budget: Annotated[
        float, typer.Option("--time-budget", min=1, help="Seconds one document may take before it is stopped.")
    ] = DEFAULT_BUDGET.seconds,
    memory_budget: Annotated[
        float, typer.Option("--memory-budget", min=0.1, help="GiB of memory one document may use before it is stopped.")
    ] = DEFAULT_BUDGET.memory_bytes / GIB,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run report as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="Print nothing but errors.")] = False,
    ocr: Annotated[
        OcrChoice, typer.Option("--ocr", help="auto: OCR PDFs with no usable text layer; off: refuse them.")
    ] = OcrChoice.auto,
    pdf_reader: Annotated[
        PdfReaderChoice,
        typer.Option(
            "--pdf-reader",
            help="pdfplumber: the reference reader; pdfium: a third of the CPU per page, some cells read differently.",
        ),
    ] = PdfReaderChoice.pdfplumber,
) -> None:
    """Ingest every report under PATHS into OUT; unchanged documents are skipped.

    Exit 0 when every document is ok; 1 when any failed or is partial, or a path was passed
    over (each listed on stderr), or PATHS hold no report at all (a warning; OUT is left as it
    was); 2 on a usage error; 3 when the run itself could not go on (disk full, output folder
    not writable), with one sentence on stderr.
    """
    with loading():
        from hyoka.pipeline.discover import discover
        from hyoka.pipeline.executors import make_executor
        from hyoka.pipeline.guard import Limits
        from hyoka.pipeline.ingest import ingest as run_ingest
        from hyoka.pipeline.output import OutputBusy
        from hyoka.pipeline.progress import reporter

        if executor is ExecutorChoice.process:  # its workers are forked from this process, with these loaded
            for module in PRELOAD:
                importlib.import_module(module)

    if scheduler is not None and executor is not ExecutorChoice.dask:
        raise typer.BadParameter("--scheduler needs --executor dask.", param_hint="--scheduler")
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} is a file, not a folder.", param_hint="--out")
    discovery = discover(list(paths))  # once: its count sizes the progress bar, ingest reads its files
    if not discovery.files:
        _no_documents(paths, out, discovery.skipped)
    try:
        pool = make_executor(executor.value, jobs, scheduler, fork_from_caller=True)
    except (RuntimeError, OSError) as error:  # dask missing, or its scheduler unreachable
        print(f"hyoka ingest: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    try:
        with reporter(quiet=quiet or as_json, total=len(discovery.files)) as on_document:
            budget = Budget(seconds=time_budget, memory_bytes=int(memory_budget * GIB))
            report = run_ingest(
                list(paths),
                out,
                discovery=discovery,
                executor=pool,
                force=force,
                budget=budget,
                limits=Limits(ocr=ocr.value, pdf_reader=pdf_reader.value),
                on_document=on_document,
            )
    except OutputBusy as error:
        print(f"hyoka ingest: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    except OSError as error:
        print(f"hyoka ingest: {run_error_sentence(error, out)}", file=sys.stderr)
        raise typer.Exit(3) from error
    finally:
        pool.close()
    documents = report["documents"]
    passed_over = report["passed_over"]
    assert isinstance(documents, list) and isinstance(passed_over, list)
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
        closing_summary(out, paths)
    not_ok = [d for d in documents if d["status"] != "ok"]
    for document in not_ok:
        print(f"{document['status']}: {document['source_file']}: {document['error']}", file=sys.stderr)
    for skipped in passed_over:
        print(f"passed over: {skipped['path']}: {skipped['reason']}", file=sys.stderr)
    raise typer.Exit(1 if not_ok or passed_over else 0)


def _no_documents(paths: list[Path], out: Path, passed_over: list[tuple[str, str]]) -> None:
    """An input that holds no report: a warning and exit 1, and the output folder left as it was (an
    empty or unmounted folder must not look like a clean run, nor remove what earlier runs wrote)."""
    where = ", ".join(display_name(p) for p in paths)
    print(
        f"hyoka ingest: warning: no report (PDF or .xlsx) was found in {where}; nothing was ingested and "
        f"{display_name(out)} was left as it was.",
        file=sys.stderr,
    )
    for path, reason in passed_over:
        print(f"passed over: {path}: {reason}", file=sys.stderr)
    raise typer.Exit(1)


def run_error_sentence(error: OSError, out: Path) -> str:
    """One sentence for an error of the run itself (the disk, the output folder), not of a document."""
    where = display_name(error.filename) if error.filename else display_name(out)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"the disk holding {display_name(out)} is full (writing {where}): free some space and run again; "
            "what earlier runs wrote is intact, and the next run goes on from the last document written."
        )
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            f"hyoka may not write to {where} ({error.strerror}): choose another --out, "
            "or give this user write access to it."
        )
    return f"the run stopped at {where} ({error.strerror or error}); nothing of it was left half written."


@app.command()
def schema() -> None:
    """Print every output table's schema as JSON (the contract's executable form)."""
    from hyoka.profiles import registry
    from hyoka.schemas import schemas_as_json

    registry()  # each series declares its own columns as its module is imported
    print(json.dumps(schemas_as_json(), ensure_ascii=False, indent=2))


@app.command()
def inspect(
    path: Annotated[Path, typer.Argument(help="A PDF or workbook.", exists=True, dir_okay=False)],
    page: Annotated[int | None, typer.Option("--page", help="Only this page (1-based).")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Only this sheet.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="PNG: draw the page(s) or sheet(s) with the grid.")] = None,
    time_budget: Annotated[float, typer.Option("--time-budget", min=1, help="Seconds before it is stopped.")] = (
        DEFAULT_BUDGET.seconds
    ),
    memory_budget: Annotated[
        float, typer.Option("--memory-budget", min=0.1, help="GiB of memory before it is stopped.")
    ] = DEFAULT_BUDGET.memory_bytes / GIB,
) -> None:
    """Show the tables the format layer finds: each as text, and (--out) a picture of the page's or sheet's grid.

    The file passes the same guard and runs under the same budget as in `hyoka ingest`.
    Exit 0 with the tables, 2 when the file is refused, over budget or unreadable.
    """
    from hyoka.extractors import ExtractionError
    from hyoka.pipeline.guard import precheck
    from hyoka.pipeline.sandbox import call

    try:
        precheck(path)
    except ExtractionError as error:
        print(f"hyoka inspect: {error}", file=sys.stderr)
        raise typer.Exit(2) from error
    budget = Budget(seconds=time_budget, memory_bytes=int(memory_budget * GIB))
    request = InspectRequest(path, page, sheet, out)
    code, text = call(inspect_in_worker, request, _inspect_overrun, budget, preload=["hyoka.extractors.inspect"])
    print(text, file=sys.stderr if code else sys.stdout)
    raise typer.Exit(code)


@dataclass(frozen=True)
class InspectRequest:
    path: Path
    page: int | None
    sheet: str | None
    out_png: Path | None


def inspect_in_worker(request: InspectRequest) -> tuple[int, str]:
    """`hyoka inspect`'s work, in a budgeted worker: (exit code, what to print)."""
    from hyoka.extractors import ExtractionError, sniff_format
    from hyoka.extractors.inspect import inspect_document
    from hyoka.pipeline.sandbox import announce

    announce("read")
    try:
        text = inspect_document(request.path, page=request.page, sheet=request.sheet, out_png=request.out_png)
        if request.out_png is not None and sniff_format(request.path) == "xlsx":
            text += "\n" + "\n".join(draw_workbook_picture(request.path, request.sheet, request.out_png))
        return 0, text
    except (ExtractionError, ValueError) as error:
        return 2, f"hyoka inspect: {error}"


def _inspect_overrun(request: InspectRequest, overrun: Overrun) -> tuple[int, str]:
    from hyoka.pipeline.ingest import overrun_sentence

    return 2, f"hyoka inspect: {overrun_sentence(request.path.name, overrun)}"


@app.command(name="profiles")
def list_profiles() -> None:
    """List the report series hyoka knows and how each is recognised."""
    from hyoka.profiles import MIN_SCORE, registry

    for profile in registry():
        print(f"{profile.profile_id}: {profile.description}")
    print(f"(a document no profile scores >= {MIN_SCORE} goes to the generic profile: its tables land in `cells`)")


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="An output folder written by `hyoka ingest`.", exists=True)],
) -> None:
    """Rebuild mismatch_report.csv and .html from an output folder.

    Exit 0 when written; 2 when OUT is not an output folder (nothing is written); 3 when it cannot be written.
    """
    from hyoka.audit.report import write_report
    from hyoka.pipeline.manifest import MANIFEST_NAME
    from hyoka.pipeline.output import DOCUMENTS

    if not out.is_dir() or not ((out / MANIFEST_NAME).is_file() or (out / DOCUMENTS).is_dir()):
        print(
            f"hyoka report: {display_name(out)} is not an output folder of `hyoka ingest` (it has no "
            f"{MANIFEST_NAME} and no {DOCUMENTS}/): give the folder passed to `hyoka ingest --out`; "
            "nothing was written.",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    try:
        rows = write_report(out)
    except OSError as error:
        print(f"hyoka report: {run_error_sentence(error, out)}", file=sys.stderr)
        raise typer.Exit(3) from error
    print(f"{rows} rows -> {out / 'mismatch_report.html'}")


register(app)
