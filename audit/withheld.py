"""Grades and checks whose evidence lies in a row that validation quarantined are not computable.

Cases carry the evidence of the cells they read (page + bbox, sheet + cell), not the rows
built from those cells; the link between a check and a quarantined row is therefore their
shared evidence: a grade or check that states, or reads an input, at the place a
quarantined row was printed was computed from a figure the contract refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from hyoka.audit.wording import not_computable, sentence

EvidenceKey = tuple[object, ...]


def evidence_key(page: object, bbox: object, sheet: object, cell: object) -> EvidenceKey | None:
    """Where a figure was printed, comparable across tables; None when it carries no evidence."""
    if isinstance(sheet, str) and isinstance(cell, str):
        return ("sheet", sheet, cell)
    if isinstance(page, int) and isinstance(bbox, list | tuple) and len(bbox) == 4:
        return ("page", page, *(round(float(v), 1) for v in bbox))
    return None


def _row_key(row: Mapping[str, Any]) -> EvidenceKey | None:
    page = row.get("page")
    return evidence_key(
        int(page) if isinstance(page, int | float) and page == page else None,
        row.get("bbox"),
        row.get("sheet"),
        row.get("cell"),
    )


def quarantined_evidence(quarantined_rows: Iterable[Mapping[str, Any]]) -> dict[EvidenceKey, str]:
    """Each quarantined row's evidence, with why it was refused (its table and the failed check)."""
    refused: dict[EvidenceKey, str] = {}
    for quarantined in quarantined_rows:
        key = _row_key(json.loads(str(quarantined["row_json"])))
        if key is not None:
            refused.setdefault(
                key, f"この規則が読む箇所で{quarantined['table']}の行が検証に通らなかった（{quarantined['check']}）"
            )
    return refused


def _read_from(row: Mapping[str, Any]) -> list[EvidenceKey]:
    keys = [_row_key(row)]
    keys += [_row_key(figure) for figure in json.loads(row.get("inputs_evidence") or "[]")]
    return [key for key in keys if key is not None]


def withhold(rows: list[dict[str, Any]], refused: Mapping[EvidenceKey, str], recomputed: tuple[str, ...]) -> None:
    """Marks in place the rows that read a refused or unknown figure `not_computable`, with the reason, and
    clears the recomputed columns: a value computed from a figure the contract refused, or from one the
    workbook did not keep, is not a finding."""
    if not refused:
        return
    for row in rows:
        reason = next((refused[key] for key in _read_from(row) if key in refused), None)
        if reason is None:
            continue
        row["status"] = "not_computable"
        row["detail"] = sentence(row.get("rule_words") or "", None, not_computable(reason))
        row.update(dict.fromkeys(recomputed))
