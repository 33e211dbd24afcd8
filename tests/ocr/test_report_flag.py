"""The mismatch report says when a finding rests on figures read by OCR, and only then."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hyoka.audit.report import flagged_rows
from hyoka.pipeline.output import write_table

DOCUMENT_ID = "dddddddddddddddd"


def _check(check_id: str, page: int) -> dict[str, object]:
    return {
        "document_id": DOCUMENT_ID,
        "check_id": check_id,
        "kind": "column_total",
        "scope": "事業費",
        "stated": "15,187",
        "recomputed": "[15182, 15182]",
        "status": "mismatch",
        "detail": "計 = Σ 事業費",
        "page": page,
        "bbox": [100.0, 100.0, 140.0, 112.0],
        "inputs_evidence": "[]",
    }


def test_only_the_finding_on_an_ocrd_page_is_marked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    now = pd.Timestamp("2026-01-01", tz="UTC")
    document = {"document_id": DOCUMENT_ID, "source_file": "scan.pdf", "source_sha256": "d" * 64, "status": "ok",
                "profile": "generic", "pipeline_version": "t", "ingested_at": now}  # fmt: skip
    write_table(out, "documents", DOCUMENT_ID, pd.DataFrame([document]))
    cells = [
        {"document_id": DOCUMENT_ID, "table_id": "p1-1", "row": 0, "col": 0, "page": 1, "ocr": False},
        {"document_id": DOCUMENT_ID, "table_id": "p2-1", "row": 0, "col": 0, "page": 2, "ocr": True},
    ]
    write_table(out, "cells", DOCUMENT_ID, pd.DataFrame(cells))
    write_table(out, "checks", DOCUMENT_ID, pd.DataFrame([_check("printed", 1), _check("scanned", 2)]))
    explanations = {row["id"]: row["explanation"] for row in flagged_rows(out)}
    assert explanations["scanned"].startswith("OCRで読んだ数値による")
    assert "OCR" not in explanations["printed"]
