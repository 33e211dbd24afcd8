"""One ingest run: every document found under the inputs goes through every stage once.

A document that cannot be read gets one actionable sentence in `documents.error`, and the
run goes on with the next file. Each stage's time is recorded in `run_report.json`.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import profiles
from audit.engine import evaluate
from audit.report import write_report
from extractors import ExtractionError, open_document
from extractors.model import Document
from pipeline import __version__
from pipeline.cells import cells_frame
from pipeline.discover import discover
from pipeline.output import atomic_write_json, write_table
from profiles.generic import GENERIC
from profiles.municipality import identify
from schemas import DocumentsSchema, empty_frame, validate_table


@dataclass
class StageTimer:
    """Wall-clock seconds per stage, summed over a document."""

    seconds: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
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


def document_id_of(sha256_hex: str) -> str:
    """The contract's document_id: the first 16 hex digits of the file's SHA-256."""
    return sha256_hex[:16]


def texts_by_page(document: Document) -> list[str]:
    """The document's text, one string per page or sheet, in reading order (tables included)."""
    texts: list[str] = []
    for page in document.pages:
        blocks = [block.text for block in page.text_blocks]
        cells = [cell.text for table in page.tables for cell in table.cells]
        texts.append("\n".join(blocks + cells))
    for sheet in document.sheets:
        texts.append("\n".join(cell.text for table in sheet.tables for cell in table.cells))
    return texts


def _frame(table: str, rows: list[dict[str, object]], document_id: str) -> pd.DataFrame:
    if not rows:
        return empty_frame(table)
    return pd.DataFrame([{"document_id": document_id, **row} for row in rows])


def _unexpected(stage: str, error: Exception) -> str:
    """One sentence for an error hyoka did not foresee: what failed, and what to do."""
    return (
        f"hyoka failed while {stage} this file ({type(error).__name__}: {error}); "
        "run `hyoka inspect` on it and report the file with this message."
    )


def process(path: Path, display_name: str) -> DocumentOutcome:
    """Runs one file through the stages; never raises for a bad document."""
    timer = StageTimer()
    with timer.stage("open"):
        sha256_hex = hashlib.sha256(path.read_bytes()).hexdigest()
    row: dict[str, object] = {
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
    tables: dict[str, pd.DataFrame] = {}
    try:
        with timer.stage("grid"):
            document = open_document(path)
    except ExtractionError as error:
        row["error"] = str(error)
        return DocumentOutcome(row, tables, timer.seconds)
    except Exception as error:  # a file no check foresaw must not stop the run
        row["error"] = _unexpected("reading", error)
        return DocumentOutcome(row, tables, timer.seconds)
    row["format"] = document.format
    row["pages"] = len(document.pages) if document.format == "pdf" else None
    row["sheets"] = len(document.sheets) if document.format == "xlsx" else None
    document_id = str(row["document_id"])
    tables["cells"] = cells_frame(document_id, document)
    with timer.stage("profile"):
        municipality = identify(texts_by_page(document))
        if municipality is not None:
            row["municipality"], row["municipality_code"] = municipality.name, municipality.code
        profile = profiles.detect(document) or GENERIC
    row["profile"] = profile.profile_id
    try:
        with timer.stage("normalise"):
            output = profile.extract(document)
        with timer.stage("audit"):
            grades, checks = evaluate(output.cases)
    except Exception as error:  # an edition the profile does not understand: keep the cells, say so
        row["status"], row["error"] = "partial", _unexpected(f"mapping ({profile.profile_id})", error)
        return DocumentOutcome(row, tables, timer.seconds)
    row["title"], row["report_fiscal_year"] = output.title, output.report_fiscal_year
    tables["measures"] = _frame("measures", output.measures, document_id)
    tables["indicator_values"] = _frame("indicator_values", output.indicator_values, document_id)
    tables["budgets"] = _frame("budgets", output.budgets, document_id)
    tables["grades"] = _frame("grades", grades, document_id)
    tables["checks"] = _frame("checks", checks, document_id)
    row["status"] = "partial" if output.problems else "ok"
    row["error"] = " ".join(output.problems) or None
    return DocumentOutcome(row, tables, timer.seconds)


def write_outcome(out_dir: Path, outcome: DocumentOutcome) -> None:
    """Validates and writes one document's tables; its `documents` row goes last, marking it complete."""
    document_id = str(outcome.document["document_id"])
    timer = StageTimer(outcome.timings)
    rejected: list[pd.DataFrame] = []
    valid_tables: dict[str, pd.DataFrame] = {}
    with timer.stage("validate"):
        for table, frame in outcome.tables.items():
            valid_tables[table], quarantined = validate_table(table, frame)
            rejected.append(quarantined)
        documents = DocumentsSchema.validate(pd.DataFrame([outcome.document]))
    quarantine = pd.concat(rejected, ignore_index=True) if rejected else pd.DataFrame()
    if len(quarantine):
        valid_tables["quarantine"] = quarantine
    with timer.stage("write"):
        # Rows an earlier run wrote for tables this run has none for are stale.
        for stale in out_dir.glob(f"*/{document_id}.parquet"):
            if stale.parent.name not in valid_tables and stale.parent.name != "documents":
                stale.unlink()
        for table, frame in valid_tables.items():
            write_table(out_dir, table, document_id, frame)
        write_table(out_dir, "documents", document_id, documents)


def ingest(inputs: list[Path], out_dir: Path) -> dict[str, object]:
    """Ingests every document under `inputs` into `out_dir`; returns the run report."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    files = discover(inputs)
    report_documents: list[dict[str, object]] = []
    for path in files:
        outcome = process(path, str(path))
        write_outcome(out_dir, outcome)
        report_documents.append(
            {
                "source_file": outcome.document["source_file"],
                "document_id": outcome.document["document_id"],
                "status": outcome.document["status"],
                "error": outcome.document["error"],
                "rows": {table: len(frame) for table, frame in outcome.tables.items()},
                "seconds": {stage: round(s, 4) for stage, s in outcome.timings.items()},
            }
        )
    flagged = write_report(out_dir)
    run_report: dict[str, object] = {
        "pipeline_version": __version__,
        "finished_at": datetime.now(UTC).isoformat(),
        "inputs": [str(p) for p in inputs],
        "documents": report_documents,
        "counts": {
            status: sum(1 for d in report_documents if d["status"] == status)
            for status in ("ok", "partial", "failed")
        },
        "flagged_in_mismatch_report": flagged,
        "seconds": round(time.perf_counter() - started, 3),
    }
    atomic_write_json(out_dir / "run_report.json", run_report)
    return run_report
