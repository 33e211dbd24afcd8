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
from extractors import ExtractionError, open_document
from pipeline import __version__
from pipeline.cells import cells_frame
from pipeline.discover import discover
from pipeline.output import atomic_write_json, write_table
from schemas import DocumentsSchema, validate_table

NO_PROFILE = (
    "no profile recognises this report yet: its tables are in `cells`; "
    "run `hyoka inspect` on it and add a report profile to map them"
)


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
    row["format"] = document.format
    row["pages"] = len(document.pages) if document.format == "pdf" else None
    row["sheets"] = len(document.sheets) if document.format == "xlsx" else None
    tables["cells"] = cells_frame(row["document_id"], document)
    with timer.stage("profile"):
        profile = profiles.detect(document)
    if profile is None:
        row["status"] = "partial" if len(tables["cells"]) else "failed"
        row["profile"] = "generic"
        row["error"] = NO_PROFILE
    return DocumentOutcome(row, tables, timer.seconds)


def ingest(inputs: list[Path], out_dir: Path) -> dict[str, object]:
    """Ingests every document under `inputs` into `out_dir`; returns the run report."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    files = discover(inputs)
    report_documents: list[dict[str, object]] = []
    for path in files:
        outcome = process(path, str(path))
        document_id = str(outcome.document["document_id"])
        write_started = time.perf_counter()
        quarantined: list[pd.DataFrame] = []
        for table, frame in outcome.tables.items():
            valid, rejected = validate_table(table, frame)
            write_table(out_dir, table, document_id, valid)
            quarantined.append(rejected)
        rejected_rows = pd.concat(quarantined, ignore_index=True) if quarantined else None
        if rejected_rows is not None and len(rejected_rows):
            write_table(out_dir, "quarantine", document_id, rejected_rows)
        # The documents row is written last: it marks the document's other files as complete.
        documents = DocumentsSchema.validate(pd.DataFrame([outcome.document]))
        write_table(out_dir, "documents", document_id, documents)
        outcome.timings["write"] = time.perf_counter() - write_started
        report_documents.append(
            {
                "source_file": outcome.document["source_file"],
                "document_id": document_id,
                "status": outcome.document["status"],
                "error": outcome.document["error"],
                "rows": {table: len(frame) for table, frame in outcome.tables.items()},
                "seconds": {stage: round(s, 4) for stage, s in outcome.timings.items()},
            }
        )
    run_report: dict[str, object] = {
        "pipeline_version": __version__,
        "finished_at": datetime.now(UTC).isoformat(),
        "inputs": [str(p) for p in inputs],
        "documents": report_documents,
        "counts": {
            status: sum(1 for d in report_documents if d["status"] == status)
            for status in ("ok", "partial", "failed")
        },
        "seconds": round(time.perf_counter() - started, 3),
    }
    atomic_write_json(out_dir / "run_report.json", run_report)
    return run_report
