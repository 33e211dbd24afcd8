"""What an output folder covers: every document with its series, status, rows and audit counts.

An auditor must be able to tell "nothing was flagged" from "nothing was checked": each
document says how many rows it wrote and put in quarantine, how many checks ran, how many
could not be computed and how many were flagged, and a document with no audit rows says why.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from hyoka.schemas.tables import FLAGGED
from hyoka.schemas.version import HYOKA_VERSION

# The report series' data tables, whose rows an analyst reads (cells are counted apart).
DATA_TABLES = ("measures", "indicator_values", "budgets")
AUDIT_TABLES = ("grades", "checks")


@dataclass(frozen=True)
class DocumentCoverage:
    """One document's line of the coverage table."""

    document_id: str
    source_file: str
    series: str
    status: str
    error: str
    cells: int
    rows_written: int
    rows_quarantined: int
    checks_run: int
    not_computable: int
    flagged: int
    # Why the document has no audit, in Japanese; empty when it was audited.
    unaudited_reason: str

    @property
    def audited(self) -> bool:
        return not self.unaudited_reason


def read_table(out_dir: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    """A table of the output folder (only `columns`, when given), empty when the folder holds none of it."""
    folder = out_dir / table
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return pd.DataFrame()
    return pd.read_parquet(folder, columns=columns)


def _count_by_document(frame: pd.DataFrame) -> dict[str, int]:
    if frame.empty or "document_id" not in frame:
        return {}
    return {str(k): int(v) for k, v in frame.groupby("document_id").size().items()}


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return str(value)


def _unaudited_reason(status: str, series: str, checks_run: int) -> str:
    if status == "failed":
        return "読み取れず監査なし"
    # A document of no known series whose printed totals were recomputed is audited that far (its series
    # column says generic); only one with nothing checked is called unaudited.
    if checks_run == 0:
        return "報告書の系列が不明のため監査なし" if series in ("", "generic") else "検算できる記載がなく監査なし"
    return ""


def coverage(out_dir: Path) -> list[DocumentCoverage]:
    """Every document of the output folder, in file order, with what was written and checked."""
    documents = read_table(out_dir, "documents")
    if documents.empty:
        return []
    ids = ["document_id"]
    cells = _count_by_document(read_table(out_dir, "cells", ids))
    written: dict[str, int] = {}
    for table in DATA_TABLES:
        for document_id, count in _count_by_document(read_table(out_dir, table, ids)).items():
            written[document_id] = written.get(document_id, 0) + count
    quarantined = _count_by_document(read_table(out_dir, "quarantine", ids))
    audit = pd.concat([read_table(out_dir, table, [*ids, "status"]) for table in AUDIT_TABLES], ignore_index=True)
    statuses: dict[str, dict[str, int]] = {}
    if not audit.empty:
        for (document_id, status), count in audit.groupby(["document_id", "status"]).size().items():
            statuses.setdefault(str(document_id), {})[str(status)] = int(count)
    rows = []
    for record in documents.sort_values("source_file").to_dict("records"):
        document_id = str(record["document_id"])
        by_status = statuses.get(document_id, {})
        checks_run = sum(by_status.values())
        series, status = _text(record.get("profile")), _text(record.get("status"))
        rows.append(
            DocumentCoverage(
                document_id=document_id,
                source_file=_text(record.get("source_file")),
                series=series,
                status=status,
                error=_text(record.get("error")),
                cells=cells.get(document_id, 0),
                rows_written=written.get(document_id, 0),
                rows_quarantined=quarantined.get(document_id, 0),
                checks_run=checks_run,
                not_computable=by_status.get("not_computable", 0),
                flagged=sum(by_status.get(s, 0) for s in FLAGGED),
                unaudited_reason=_unaudited_reason(status, series, checks_run),
            )
        )
    return rows


def run_metadata(out_dir: Path, documents: list[DocumentCoverage]) -> dict[str, Any]:
    """When the report was made, by which hyoka, from which inputs, and when they were last ingested."""
    ingested = read_table(out_dir, "documents")
    last = ingested["ingested_at"].max() if "ingested_at" in ingested and len(ingested) else None
    return {
        "report_generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "hyoka_version": HYOKA_VERSION,
        "last_ingested_at": last.isoformat(timespec="seconds") if last is not None and pd.notna(last) else None,
        "output_folder": str(out_dir),
        "inputs": [d.source_file for d in documents],
    }


def summary(out_dir: Path, documents: list[DocumentCoverage], findings: dict[str, int]) -> dict[str, Any]:
    """The JSON summary: run metadata, totals, findings per kind of finding, and the coverage table."""
    return {
        **run_metadata(out_dir, documents),
        "totals": {
            "documents": len(documents),
            "audited": sum(d.audited for d in documents),
            "unaudited": sum(not d.audited for d in documents),
            "rows_written": sum(d.rows_written for d in documents),
            "rows_quarantined": sum(d.rows_quarantined for d in documents),
            "checks_run": sum(d.checks_run for d in documents),
            "not_computable": sum(d.not_computable for d in documents),
            "flagged": sum(d.flagged for d in documents),
        },
        "findings": findings,
        "documents": [asdict(d) for d in documents],
    }
