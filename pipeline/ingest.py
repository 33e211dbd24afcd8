"""One ingest run: every new or changed document found under the inputs goes through every stage once.

A document that cannot be read gets one actionable sentence in `documents.error`, and the
run goes on with the next file. Each stage's time is recorded in `run_report.json`.

Incremental: a document is its content hash. A file whose bytes, hyoka version and code
fingerprint (pipeline/fingerprint.py) match what the output already holds is skipped;
the rows of a document whose files are gone are removed. Crash-safe: workers only read
and compute; this process writes, each document's tables staged then renamed into
place with its `documents` row last (pipeline/output.py), and the next run cleans up
whatever a killed run left half done.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from hyoka import profiles
from hyoka.audit.engine import evaluate
from hyoka.audit.report import write_report
from hyoka.audit.withheld import EvidenceKey, quarantined_evidence, withhold
from hyoka.extractors import ExtractionError, open_document
from hyoka.extractors.model import Document
from hyoka.pipeline import __version__
from hyoka.pipeline.cells import cells_frame
from hyoka.pipeline.discover import Discovery, discover, display_name
from hyoka.pipeline.executors import Executor, ProcessExecutor
from hyoka.pipeline.fingerprint import code_fingerprints, fingerprint_for, under_settings
from hyoka.pipeline.guard import DEFAULT_LIMITS, Limits, precheck
from hyoka.pipeline.manifest import STATE_COLUMNS, Manifest
from hyoka.pipeline.ocr_evidence import mark_ocr
from hyoka.pipeline.output import (
    DOCUMENTS,
    commit_document,
    exclusive,
    recover,
    remove_document,
    stage_table,
    table_path,
    write_table,
)
from hyoka.pipeline.pages import cores_for, page_splitter
from hyoka.pipeline.sandbox import DEFAULT_BUDGET, Budget, Overrun, announce
from hyoka.pipeline.warnings_log import collected
from hyoka.profiles import Case, ProfileOutput
from hyoka.profiles.generic import GENERIC
from hyoka.profiles.municipality import identify
from hyoka.schemas import TABLES, empty_frame, table_schema, validate_table
from hyoka.schemas.files import atomic_write_json
from hyoka.specs.output import uncalculated_figures

GIB = 1024**3
# The contract's tables a profile maps rows into (cells come from the format model, grades and checks from the audit).
DATA_TABLES = ("measures", "indicator_values", "budgets")


@dataclass
class StageTimer:
    """Wall-clock seconds per stage, summed over a document."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        announce(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@dataclass
class DocumentOutcome:
    """What one document's processing produced, before it is written."""

    document: dict[str, object]
    tables: dict[str, pd.DataFrame]
    timings: dict[str, float]
    # Rows per table as the document produced them, before validation moved any to quarantine.
    produced: dict[str, int] = field(default_factory=dict)
    # What libraries warned about while reading it (pdfminer, openpyxl), with how often.
    warnings: dict[str, int] = field(default_factory=dict)
    # The worker's peak resident memory, when known.
    peak_bytes: int | None = None
    # Seconds OCR took on each page it read (a page with a text layer is not OCR'd).
    ocr_seconds_per_page: dict[int, float] = field(default_factory=dict)


def document_id_of(sha256_hex: str) -> str:
    """The contract's document_id: the first 16 hex digits of the file's SHA-256."""
    return sha256_hex[:16]


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks (a file may be larger than memory allows)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def texts_by_page(document: Document) -> list[str]:
    """The document's text, one string per page or sheet, in reading order (tables included)."""
    texts: list[str] = []
    for page in document.pages:
        blocks = [block.text for block in page.text_blocks]
        cells = [cell.text for table in page.tables for cell in table.cells]
        texts.append("\n".join(blocks + cells))
    for sheet in document.sheets:
        # A workbook may name its municipality only in the print header (or footer).
        printed = sheet.print_header_text + [cell.text for table in sheet.tables for cell in table.cells]
        texts.append("\n".join(printed + sheet.print_footer_text))
    return texts


def _frame(table: str, rows: list[dict[str, object]], document_id: str) -> pd.DataFrame:
    if not rows:
        return empty_frame(table)
    return pd.DataFrame([{"document_id": document_id, **row} for row in rows])


def _one_line(message: str) -> str:
    """A message as one line: libraries' messages quoted inside ours may carry line breaks."""
    return " ".join(message.split())


def _unexpected(name: str, stage: str, error: Exception) -> str:
    """One sentence for an error hyoka did not foresee: what failed, and what to do."""
    return _one_line(
        f"{name}: hyoka failed while {stage} this file ({type(error).__name__}: {error}); "
        "run `hyoka inspect` on it and report the file with this message."
    )


def _document_row(display_name: str, sha256_hex: str) -> dict[str, object]:
    return {
        "document_id": document_id_of(sha256_hex),
        "source_file": display_name,
        "source_sha256": sha256_hex,
        "format": None,
        "profile": None,
        "municipality": None,
        "municipality_code": None,
        "title": None,
        "report_fiscal_year": None,
        "pages": None,
        "sheets": None,
        "status": "failed",
        "error": None,
        "pipeline_version": __version__,
        "ingested_at": pd.Timestamp(datetime.now(UTC)),
    }


def read_stage(path: Path, limits: Limits, row: dict[str, object], page_jobs: int = 1) -> Document | None:
    """read: the file past the guard into the format model; None (and the sentence in `row`) when it cannot be.

    A long PDF's pages are read by up to `page_jobs` processes at once (pipeline/pages.py)."""
    try:
        precheck(path, limits)
        split_pages = page_splitter(page_jobs) if page_jobs > 1 else None
        document = open_document(
            path,
            ocr=limits.ocr,
            max_pages=limits.max_pdf_pages,
            split_pages=split_pages,
            pdf_reader=limits.pdf_reader,
        )
    except ExtractionError as error:
        row["error"] = _one_line(str(error))
        return None
    except Exception as error:  # a file no check foresaw must not stop the run
        row["error"] = _unexpected(path.name, "reading", error)
        return None
    row["format"] = document.format
    row["pages"] = len(document.pages) if document.format == "pdf" else None
    row["sheets"] = len(document.sheets) if document.format == "xlsx" else None
    return document


def locate_stage(path: Path, document: Document, row: dict[str, object]) -> ProfileOutput | None:
    """locate/map: the series (its profile, or the generic one) finds its tables and maps them to contract rows."""
    municipality = identify(texts_by_page(document))
    if municipality is not None:
        row["municipality"], row["municipality_code"] = municipality.name, municipality.code
    profile = profiles.detect(document) or GENERIC
    row["profile"] = profile.profile_id
    try:
        output = profile.extract(document)
    except Exception as error:  # an edition the profile does not understand: keep the cells, say so
        row["status"], row["error"] = "partial", _unexpected(path.name, f"mapping ({profile.profile_id})", error)
        return None
    output.unknown_figures = uncalculated_figures(document)
    return output


def normalise_stage(output: ProfileOutput, document_id: str) -> dict[str, pd.DataFrame]:
    """normalise: the mapped rows as the contract's tables, one frame each, keyed by the document.

    The values themselves were converted (eras, widths, quantities, marks) by the profile's calls
    into normalizers/ while it mapped them; here they become the tidy tables validation reads.
    """
    return {table: _frame(table, getattr(output, table), document_id) for table in DATA_TABLES}


def validated_rows(table: str, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(valid rows, quarantine rows) of one table's frame. A frame without rows is the table's empty
    frame, already of the declared types: no check can fail on it, and pandera spends 20–50 ms a table
    even on no rows (a document leaves several tables empty; on a short one that is most of validate)."""
    if frame.empty:
        return empty_frame(table), empty_frame("quarantine")
    return validate_table(table, frame)


def validate_stage(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """validate: each table against the contract, in place; the rows that fail, as `quarantine` rows."""
    quarantined: list[pd.DataFrame] = []
    for table, frame in list(tables.items()):
        tables[table], rejected = validated_rows(table, frame)
        quarantined += [rejected] if len(rejected) else []
    return pd.concat(quarantined, ignore_index=True) if quarantined else empty_frame("quarantine")


def audit_stage(
    cases: list[Case], quarantine: pd.DataFrame, unknown: Mapping[EvidenceKey, str], document_id: str
) -> dict[str, pd.DataFrame]:
    """audit: every case evaluated; one that reads a figure validation refused, or a formula the workbook
    kept without its value, is not computable, saying why."""
    grades, checks = evaluate(cases)
    refused = dict(unknown) | quarantined_evidence(quarantine.to_dict("records"))
    withhold(grades, refused, ("recomputed_grade", "recomputed_low", "recomputed_high"))
    withhold(checks, refused, ("recomputed",))
    return {"grades": _frame("grades", grades, document_id), "checks": _frame("checks", checks, document_id)}


def process(path: Path, display_name: str, limits: Limits = DEFAULT_LIMITS, page_jobs: int = 1) -> DocumentOutcome:
    """Runs one file through the stages read -> locate -> normalise -> validate -> audit; never raises for a
    bad document. Writing is the parent's (`write_outcome`)."""
    timer = StageTimer()
    with timer.stage("read"):
        row = _document_row(display_name, file_sha256(path))
        document = read_stage(path, limits, row, page_jobs)
    if document is None:
        return DocumentOutcome(row, {}, timer.seconds)
    ocr_pages = {page.number: page.ocr_seconds for page in document.pages if page.ocr_seconds is not None}
    if ocr_pages:  # OCR ran inside the format layer: its cost is a stage of its own
        timer.seconds["read"] -= sum(ocr_pages.values())
        timer.seconds["ocr"] = sum(ocr_pages.values())
    document_id = str(row["document_id"])
    tables = {"cells": cells_frame(document_id, document)}
    with timer.stage("locate"):
        output = locate_stage(path, document, row)
    if output is None:
        return _validated(DocumentOutcome(row, tables, timer.seconds, ocr_seconds_per_page=ocr_pages), timer)
    row["title"], row["report_fiscal_year"] = output.title, output.report_fiscal_year
    row.update({name: value for name, value in output.document_fields.items() if name not in row})
    with timer.stage("normalise"):
        tables.update(normalise_stage(output, document_id))
        for frame in tables.values():
            mark_ocr(frame, set(ocr_pages))
    # What the format layer could not read (a workbook cell kept as stored, a block too large)
    # is said first, then what the profile could not map.
    problems = [*document.problems, *output.problems]
    row["status"] = "partial" if problems else "ok"
    row["error"] = " ".join(problems) or None
    outcome = _validated(DocumentOutcome(row, tables, timer.seconds, ocr_seconds_per_page=ocr_pages), timer)
    try:
        with timer.stage("audit"):
            quarantine = outcome.tables.get("quarantine", empty_frame("quarantine"))
            audited = audit_stage(output.cases, quarantine, output.unknown_figures, document_id)
            for frame in audited.values():
                mark_ocr(frame, set(ocr_pages))
    except Exception as error:  # a case the engine cannot evaluate: keep the validated rows, say so
        row["status"], row["error"] = "partial", _unexpected(path.name, f"auditing ({row['profile']})", error)
        return outcome
    with timer.stage("validate"):
        for table, frame in audited.items():
            outcome.produced[table] = len(frame)
            outcome.tables[table], rejected = validated_rows(table, frame)
            if len(rejected):
                _add_quarantine(outcome, rejected)
    return outcome


def _validated(outcome: DocumentOutcome, timer: StageTimer) -> DocumentOutcome:
    outcome.produced = {table: len(frame) for table, frame in outcome.tables.items()}
    with timer.stage("validate"):
        quarantine = validate_stage(outcome.tables)
        if len(quarantine):
            _add_quarantine(outcome, quarantine)
    return outcome


def _add_quarantine(outcome: DocumentOutcome, rejected: pd.DataFrame) -> None:
    """Adds refused rows to the document's quarantine (its row says how many once all stages ran)."""
    previous = outcome.tables.get("quarantine")
    outcome.tables["quarantine"] = rejected if previous is None else pd.concat([previous, rejected], ignore_index=True)


@dataclass(frozen=True)
class Task:
    """One document for a worker: the file to read, the name its rows will carry, and its hash."""

    path: str
    display_name: str
    sha256: str
    limits: Limits = DEFAULT_LIMITS
    # Processes that may read its pages at once: the run's jobs that no other document needs.
    page_jobs: int = 1


# What a worker was doing in each stage, for the sentence of a document stopped in it.
_DOING = {
    "read": "reading its pages and tables",
    "locate": "recognising its report series and mapping its tables",
    "normalise": "building its tables",
    "validate": "validating its rows",
    "audit": "auditing its figures",
}


def overrun_sentence(name: str, overrun: Overrun) -> str:
    """One sentence for a file whose worker was stopped: which limit, after how long, doing what."""
    doing = _DOING.get(overrun.stage or "", "starting")
    budget = overrun.budget
    if overrun.limit == "time":
        error = (
            f"{name} was stopped after {budget.seconds:,.0f} s while {doing}: over hyoka's time budget of "
            f"{budget.seconds:,.0f} s per document; split the file, or raise the budget (--time-budget) "
            "if it is a long but sound report."
        )
    elif overrun.limit == "memory":
        error = (
            f"{name} was stopped at {overrun.peak_bytes / GIB:,.1f} GiB of memory while {doing}: over hyoka's "
            f"memory budget of {budget.memory_bytes / GIB:,.1f} GiB per document; run `hyoka inspect` on it "
            "to see which page is that large, or raise the budget (--memory-budget)."
        )
    elif overrun.limit == "crashed":
        error = (
            f"{name}: hyoka's worker stopped with {overrun.detail} while {doing}; "
            "run `hyoka inspect` on it and report the file with this message."
        )
    else:
        code = overrun.exit_code
        how = f"signal {-code} ({signal.Signals(-code).name})" if code is not None and code < 0 else f"exit {code}"
        error = (
            f"{name}: the worker reading it was killed by the operating system ({how}, e.g. out of memory) "
            f"while {doing}; the rest of the run went on, and a re-run tries it again."
        )
    return _one_line(error)


def overrun_outcome(task: Task, overrun: Overrun) -> DocumentOutcome:
    """The `failed` row of a document whose worker was stopped: which limit, after how long, doing what."""
    error = overrun_sentence(os.path.basename(task.display_name), overrun)
    # The worker's time, under the stage it was stopped in: its own record went with it.
    outcome = DocumentOutcome(
        _failed_row(task.display_name, task.sha256, error), {}, {overrun.stage or "read": overrun.seconds}
    )
    outcome.peak_bytes = overrun.peak_bytes
    return outcome


def run_task(task: Task) -> DocumentOutcome:
    """A worker's whole job for one document: read, locate, normalise, validate and audit; writes nothing.

    Validation runs here, in the worker, because it is CPU work; the parent only writes.
    A bug costs one document (failed, with the error), never the run.
    """
    with collected() as library_warnings:
        outcome = _processed_and_validated(task)
    outcome.warnings = library_warnings
    outcome.peak_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return outcome


def _processed_and_validated(task: Task) -> DocumentOutcome:
    try:
        outcome = process(Path(task.path), task.display_name, task.limits, task.page_jobs)
        if "quarantine" in outcome.tables:
            _report_quarantine(outcome.document, outcome.tables["quarantine"])
    except Exception as error:
        error_sentence = _unexpected(os.path.basename(task.display_name), "reading", error)
        outcome = DocumentOutcome(_failed_row(task.display_name, task.sha256, error_sentence), {}, {})
    return outcome


def _report_quarantine(document: dict[str, object], quarantine: pd.DataFrame) -> None:
    """Rows that failed validation were set aside one by one; the document says how many, and is partial."""
    rows = quarantine.drop_duplicates(["table", "row_json"]).groupby("table").size()
    where = ", ".join(f"{table} {count}" for table, count in rows.items())
    sentence = f"{int(rows.sum())} rows failed validation and are in `quarantine` ({where})."
    document["error"] = " ".join(str(e) for e in (document.get("error"), sentence) if e)
    if document.get("status") == "ok":
        document["status"] = "partial"


def _failed_row(display_name: str, sha256_hex: str, error: str) -> dict[str, object]:
    return {
        "document_id": document_id_of(sha256_hex),
        "source_file": display_name,
        "source_sha256": sha256_hex,
        "status": "failed",
        "error": error,
        "pipeline_version": __version__,
        "ingested_at": pd.Timestamp(datetime.now(UTC)),
    }


def _unwritable(outcome: DocumentOutcome, error: Exception) -> DocumentOutcome:
    """The document's `failed` row when its rows could not be written: nothing of it but that row is kept."""
    row = outcome.document
    name = os.path.basename(str(row["source_file"]))
    sentence = _one_line(
        f"{name}: hyoka could not write this document's rows ({type(error).__name__}: {error}); "
        "its other files were not written. Report the file with this message."
    )
    failed = _failed_row(str(row["source_file"]), str(row["source_sha256"]), sentence)
    failed.update({key: row[key] for key in ("source_files", "profile_fingerprint") if key in row})
    return DocumentOutcome(failed, {}, outcome.timings, warnings=outcome.warnings, peak_bytes=outcome.peak_bytes)


def _printable(value: object) -> object:
    """Text that Parquet can hold: lone surrogates (from a file name that is not UTF-8) become `\\x..` escapes."""
    if not isinstance(value, str):
        return value
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def write_outcome(out_dir: Path, outcome: DocumentOutcome) -> None:
    """Writes one validated document: every table staged, then renamed into place, `documents` last."""
    document_id = str(outcome.document["document_id"])
    timer = StageTimer(outcome.timings)
    with timer.stage("validate"):
        row = {column: _printable(value) for column, value in outcome.document.items()}
        documents = table_schema(DOCUMENTS).validate(pd.DataFrame([row]))
    with timer.stage("write"):
        staged: dict[str, Path] = {}
        try:
            # Every table, an empty one included, so that each table folder always reads as a dataset.
            for table in (name for name in TABLES if name != DOCUMENTS):
                staged[table] = stage_table(out_dir, table, document_id, outcome.tables.get(table, pd.DataFrame()))
            staged[DOCUMENTS] = stage_table(out_dir, DOCUMENTS, document_id, documents)
            commit_document(out_dir, document_id, staged)
        finally:
            for tmp in staged.values():
                tmp.unlink(missing_ok=True)


@dataclass
class Planned:
    """One distinct document found under the inputs: its bytes may sit at several paths."""

    document_id: str
    sha256: str
    paths: list[Path]
    action: str = "process"  # process | skip
    reason: str | None = None  # why it is processed: new, forced, hyoka version or code changed

    @property
    def source_file(self) -> str:
        return display_name(self.paths[0])

    @property
    def source_files(self) -> list[str]:
        return [display_name(path) for path in self.paths]


def in_scope(source: str, inputs: list[Path]) -> bool:
    """Whether a path recorded by an earlier run lies under this run's inputs (so its absence means deletion)."""
    for root in inputs:
        absolute = os.path.abspath(root)
        if source == absolute or source.startswith(absolute.rstrip(os.sep) + os.sep):
            return True
    return False


Progress = Callable[[dict[str, object]], None]


def ingest(
    inputs: list[Path],
    out_dir: Path,
    *,
    executor: Executor | None = None,
    force: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    budget: Budget = DEFAULT_BUDGET,
    on_document: Progress | None = None,
    discovery: Discovery | None = None,
) -> dict[str, object]:
    """Ingests every new or changed document under `inputs` into `out_dir`; returns the run report.

    Each document runs in its own worker process under `budget` (time and memory); one that
    goes over it is `failed` with a sentence saying so, and the run goes on. `discovery` is
    the files under `inputs` when the caller has listed them already (`discover(inputs)`).
    """
    # Each series declares its own columns of the shared tables as its module is imported
    # (schemas/series.py): the parent writes every table with all of them.
    profiles.registry()
    with exclusive(out_dir):
        return _ingest(inputs, out_dir, executor or ProcessExecutor(1), force, limits, budget, on_document, discovery)


def _ingest(
    inputs: list[Path],
    out_dir: Path,
    executor: Executor,
    force: bool,
    limits: Limits,
    budget: Budget,
    on_document: Progress | None,
    discovery: Discovery | None,
) -> dict[str, object]:
    started_at = datetime.now(UTC)
    run = StageTimer()
    with run.stage("recover"):
        abandoned = recover(out_dir)
        manifest = Manifest.load(out_dir)
    with run.stage("discover"):
        discovery = discover(inputs) if discovery is None else discovery
    with run.stage("hash"):
        files, planned = _hash(discovery)
    with run.stage("plan"):
        fingerprints = under_settings(code_fingerprints(), _reading_settings(limits))
        gone = _plan(planned, manifest, out_dir, inputs, fingerprints, force)
    records: dict[str, dict[str, object]] = {}

    def note(plan: Planned, record: dict[str, object]) -> None:
        records[plan.document_id] = record
        if on_document is not None:
            on_document(record)

    with run.stage("relabel"):
        for plan in (plan for plan in planned.values() if plan.action == "skip"):
            note(plan, _keep(plan, manifest, out_dir))
    # The largest files first (bytes stand for the work): the documents left to start last are short, so the
    # cores finish together instead of one reading a long report alone at the end.
    sizes = {plan.document_id: _bytes(plan) for plan in planned.values() if plan.action == "process"}
    to_process = sorted(
        (planned[document_id] for document_id in sizes), key=lambda p: sizes[p.document_id], reverse=True
    )
    with run.stage("process"):
        total = sum(sizes.values())
        # A long PDF's pages are read by several processes only when it alone outweighs a core's share of the run.
        page_jobs = {document_id: cores_for(size, total, executor.jobs) for document_id, size in sizes.items()}
        tasks = [
            Task(str(plan.paths[0]), plan.source_file, plan.sha256, limits, page_jobs[plan.document_id])
            for plan in to_process
        ]
        _load_readers_for(tasks)
        by_id = {plan.document_id: plan for plan in to_process}
        for outcome in executor.run(run_task, tasks, overrun_outcome, budget):
            plan = by_id.get(str(outcome.document["document_id"]))
            if plan is not None:  # None: the file changed between hashing and reading; the next run takes it
                note(plan, _write(plan, outcome, manifest, out_dir, fingerprints))
    with run.stage("remove"):
        removed = sorted(manifest.retired)
        for document_id in removed:
            remove_document(out_dir, document_id)
        manifest.forget(gone, set(removed))
        manifest.save(out_dir)
    with run.stage("report"):
        changed = bool(to_process or removed or abandoned)
        report_exists = (out_dir / "mismatch_report.csv").exists()
        flagged = write_report(out_dir) if changed or not report_exists else None
    documents = sorted(records.values(), key=lambda record: str(record["source_file"]))
    run_report: dict[str, object] = {
        "pipeline_version": __version__,
        "started_at": started_at.isoformat(),
        "finished_at": datetime.now(UTC).isoformat(),
        "inputs": [display_name(p) for p in inputs],
        "out": str(out_dir),
        "jobs": executor.jobs,
        "executor": type(executor).__name__,
        "forced": force,
        **_run_lists(files, discovery, documents, removed, abandoned),
        "flagged_in_mismatch_report": flagged,
        "stage_seconds": {
            "run": {stage: round(s, 4) for stage, s in run.seconds.items()},
            "documents": _sum_stages(documents),
        },
        "seconds": round(sum(run.seconds.values()), 3),
    }
    atomic_write_json(out_dir / "run_report.json", run_report)
    return run_report


def _load_readers_for(tasks: list[Task]) -> None:
    """The workbook reader (openpyxl) is loaded here, once, when the run has a workbook: workers forked from this
    process then start with it, and a run over PDFs never loads it (each workbook's worker would otherwise)."""
    if any(Path(task.path).suffix.lower() in {".xlsx", ".xlsm"} for task in tasks):
        importlib.import_module("hyoka.extractors.xlsx")


def _bytes(plan: Planned) -> int:
    """The size of a document's file (0 when it is gone since it was hashed: its worker says so)."""
    try:
        return plan.paths[0].stat().st_size
    except OSError:
        return 0


def _hash(discovery: Discovery) -> tuple[list[Path], dict[str, Planned]]:
    """hash: the files read, and the documents they hold (one per distinct content, every path with it)."""
    files: list[Path] = []
    planned: dict[str, Planned] = {}
    for path in discovery.files:
        try:
            sha256_hex = file_sha256(path)
        except OSError as error:  # unreadable (permissions), or gone since it was listed
            discovery.skipped.append((display_name(path), f"cannot be read ({error.strerror})"))
            continue
        files.append(path)
        document_id = document_id_of(sha256_hex)
        if document_id in planned:
            planned[document_id].paths.append(path)
        else:
            planned[document_id] = Planned(document_id, sha256_hex, [path])
    return files, planned


def _plan(
    planned: dict[str, Planned],
    manifest: Manifest,
    out_dir: Path,
    inputs: list[Path],
    fingerprints: dict[str, str],
    force: bool,
) -> set[str]:
    """plan: whether each document is processed or kept, and which documents this run retires;
    returns the paths of earlier runs, within the inputs, that are gone."""
    for plan in planned.values():
        plan.reason = _why_process(manifest.record(out_dir, plan.document_id), fingerprints, force)
        if plan.reason is None and not manifest.intact(out_dir, plan.document_id):
            plan.reason = "its output files were changed or removed outside hyoka"
        plan.action = "process" if plan.reason else "skip"
    # Every path this run stands for is re-recorded; paths outside the inputs are kept as they are.
    now = {os.path.abspath(path): plan.document_id for plan in planned.values() for path in plan.paths}
    scoped = {source for source in manifest.sources if in_scope(source, inputs)}
    # A document stays while any path holds its bytes: found now, or outside this run's inputs.
    kept_ids = set(now.values()) | {i for s, i in manifest.sources.items() if s not in scoped}
    manifest.retired = ({manifest.sources[source] for source in scoped} | manifest.retired) - kept_ids
    manifest.save(out_dir)
    return scoped - now.keys()


def _keep(plan: Planned, manifest: Manifest, out_dir: Path) -> dict[str, object]:
    """An unchanged document: its rows relabelled when the paths holding it changed, its record kept."""
    previous = manifest.record(out_dir, plan.document_id) or {}
    if previous.get("source_files") != plan.source_files:
        _relabel(out_dir, plan)
    manifest.commit(plan.document_id, plan.paths, {**previous, "source_files": plan.source_files}, out_dir=out_dir)
    return _record(plan, "skipped", previous, {}, {})


def _write(
    plan: Planned, outcome: DocumentOutcome, manifest: Manifest, out_dir: Path, fingerprints: dict[str, str]
) -> dict[str, object]:
    """One processed document written (or failed alone when its rows do not fit the contract) and recorded."""
    profile_id = outcome.document.get("profile")
    outcome.document["source_files"] = plan.source_files
    outcome.document["profile_fingerprint"] = fingerprint_for(
        profile_id if isinstance(profile_id, str) else None, fingerprints, GENERIC.profile_id
    )
    try:
        write_outcome(out_dir, outcome)
    except OSError:
        raise  # the disk or the folder, not the document: the run cannot go on
    except Exception as error:  # this document's rows do not fit the contract: it fails alone
        outcome = _unwritable(outcome, error)
        write_outcome(out_dir, outcome)
    state = {key: outcome.document.get(key) for key in STATE_COLUMNS}
    manifest.commit(plan.document_id, plan.paths, state, out_dir=out_dir)
    manifest.save_now_and_then(out_dir)
    return _record(plan, "written", state, outcome.timings, outcome.produced, outcome)


def _run_lists(
    files: list[Path],
    discovery: Discovery,
    documents: list[dict[str, object]],
    removed: list[str],
    abandoned: list[str],
) -> dict[str, object]:
    """The run report's lists of paths and documents, and their counts."""
    return {
        "read": [display_name(path) for path in files],
        "passed_over": [{"path": path, "reason": reason} for path, reason in discovery.skipped],
        "skipped": [d["source_file"] for d in documents if d["action"] == "skipped"],
        "written": [d["source_file"] for d in documents if d["action"] == "written"],
        "failed": [d["source_file"] for d in documents if d["status"] == "failed"],
        "removed": removed,
        "abandoned_by_a_killed_run": abandoned,
        "documents": documents,
        "counts": {
            "read": len(files),
            "passed_over": len(discovery.skipped),
            "documents": len(documents),
            "skipped": sum(1 for d in documents if d["action"] == "skipped"),
            "written": sum(1 for d in documents if d["action"] == "written"),
            "removed": len(removed),
            **{status: sum(1 for d in documents if d["status"] == status) for status in ("ok", "partial", "failed")},
        },
    }


def _reading_settings(limits: Limits) -> str:
    """The settings, other than their defaults, that change what is read from the same bytes."""
    return "\n".join(
        f"{name}={getattr(limits, name)}"
        for name in ("ocr", "pdf_reader")
        if getattr(limits, name) != getattr(DEFAULT_LIMITS, name)
    )


def _why_process(previous: dict[str, object] | None, fingerprints: dict[str, str], force: bool) -> str | None:
    """Why a document must be (re)processed, or None when the output holds it as this code would write it."""
    if previous is None:
        return "new"
    if force:
        return "forced"
    if previous.get("pipeline_version") != __version__:
        return "hyoka version changed"
    profile_id = previous.get("profile")
    if previous.get("profile_fingerprint") != fingerprint_for(
        profile_id if isinstance(profile_id, str) else None, fingerprints, GENERIC.profile_id
    ):
        return f"code or reading settings changed ({profile_id or 'format layer'})"
    return None


def _relabel(out_dir: Path, plan: Planned) -> None:
    """Rewrites an unchanged document's `documents` row when the paths holding its bytes changed."""
    path = table_path(out_dir, DOCUMENTS, plan.document_id)
    row = pd.read_parquet(path)
    row["source_file"] = plan.source_file
    row["source_files"] = [plan.source_files]
    write_table(out_dir, DOCUMENTS, plan.document_id, row)


def _record(
    plan: Planned,
    action: str,
    state: dict[str, object],
    timings: dict[str, float],
    produced: dict[str, int],
    outcome: DocumentOutcome | None = None,
) -> dict[str, object]:
    """A document's entry in run_report.json."""
    worker: dict[str, object] = {}
    if outcome is not None:
        peak = outcome.peak_bytes
        worker = {"peak_rss_mib": None if peak is None else round(peak / 1024**2, 1), "warnings": outcome.warnings}
        if outcome.ocr_seconds_per_page:
            worker["ocr_seconds_per_page"] = {str(n): round(s, 3) for n, s in outcome.ocr_seconds_per_page.items()}
    return {
        "source_file": plan.source_file,
        "source_files": plan.source_files,
        "document_id": plan.document_id,
        "action": action,
        "reason": plan.reason,
        "status": state.get("status"),
        "error": state.get("error"),
        "profile": state.get("profile"),
        "pages": state.get("pages"),
        "rows": produced,
        "seconds": {stage: round(s, 4) for stage, s in timings.items()},
        **worker,
    }


def _sum_stages(documents: list[dict[str, object]]) -> dict[str, float]:
    totals: dict[str, float] = {}
    for document in documents:
        seconds = document["seconds"]
        assert isinstance(seconds, dict)
        for stage, s in seconds.items():
            totals[stage] = round(totals.get(stage, 0.0) + s, 4)
    return totals
