"""Exports for analysts: one document's tables (as camelot and tabula export them), and an
output folder's tidy tables with the findings as one workbook."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from hyoka.extractors.model import Document, Table
from hyoka.pipeline.cells import contract_text

# Excel's last row, less the header row.
EXCEL_MAX_ROWS = 1_048_575
# The output tables in the analysts' workbook, after the documents, the coverage and the findings.
WORKBOOK_TABLES = ("measures", "indicator_values", "budgets", "grades", "checks", "quarantine")
# Characters a worksheet cannot hold (openpyxl refuses them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def table_grid(table: Table) -> pd.DataFrame:
    """The table as a grid of its cells' text (NFKC, as `cells.text`), a spanning cell's text in every slot."""
    rows = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, cell.row_end + 1):
            for c in range(cell.col, cell.col_end + 1):
                rows[r][c] = contract_text(cell)
    return pd.DataFrame(rows)


def _where(table: Table) -> str:
    if table.sheet is not None:
        return f"{table.sheet}!{table.ref}" if table.ref else table.sheet
    return "pages " + ", ".join(map(str, table.pages))


def table_frames(document: Document) -> dict[str, pd.DataFrame]:
    """Every table of the document as a grid, named table-1, table-2 … in document order."""
    return {f"table-{n}": table_grid(table) for n, table in enumerate(document.tables(), start=1)}


def _index(document: Document) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"name": f"table-{n}", "table_id": t.table_id, "where": _where(t), "rows": t.n_rows, "cols": t.n_cols}
            for n, t in enumerate(document.tables(), start=1)
        ],
        columns=["name", "table_id", "where", "rows", "cols"],
    )


def export_tables(
    path: str | Path,
    *,
    csv: str | Path | None = None,
    xlsx: str | Path | None = None,
    json_path: str | Path | None = None,
) -> list[Path]:
    """Writes every table of one document in full: CSV files into a folder, sheets of a workbook, or JSON.

    CSV: `<stem>-table-<n>.csv` per table and `<stem>-tables.csv`, the index (table id and where it
    stands). Returns the files written.
    """
    from hyoka.extractors import open_document

    if csv is None and xlsx is None and json_path is None:
        raise ValueError("say where to write the tables: a CSV folder, an .xlsx file or a .json file.")
    document = open_document(Path(path))
    frames = table_frames(document)
    index = _index(document)
    stem = Path(path).stem
    written: list[Path] = []
    if csv is not None:
        folder = Path(csv)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in frames.items():
            target = folder / f"{stem}-{name}.csv"
            frame.to_csv(target, index=False, header=False, encoding="utf-8-sig")
            written.append(target)
        index.to_csv(folder / f"{stem}-tables.csv", index=False, encoding="utf-8-sig")
        written.append(folder / f"{stem}-tables.csv")
    if xlsx is not None:
        target = Path(xlsx)
        target.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(target, engine="openpyxl") as writer:
            index.to_excel(writer, sheet_name="tables", index=False)
            for name, frame in frames.items():
                _clean(frame).to_excel(writer, sheet_name=name, index=False, header=False)
        written.append(target)
    if json_path is not None:
        target = Path(json_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "source_file": str(path),
            "tables": [{**entry, "cells": frames[entry["name"]].values.tolist()} for entry in index.to_dict("records")],
        }
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        written.append(target)
    return written


def _cell_value(value: Any) -> Any:
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return ", ".join(str(v) for v in list(value))
    if isinstance(value, str):
        return _ILLEGAL.sub("", value)
    return value


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame a worksheet can hold: lists as text, times without a zone (UTC), no control characters."""
    out = frame.copy()
    for name in out.columns:
        column = out[name]
        if isinstance(column.dtype, pd.DatetimeTZDtype):
            out[name] = column.dt.tz_convert("UTC").dt.tz_localize(None)
        elif column.dtype == object or pd.api.types.is_string_dtype(column):
            out[name] = column.map(_cell_value).astype(object)
    return out


def export_workbook(out: str | Path, xlsx: str | Path) -> Path:
    """The output folder's documents, coverage, findings and tidy tables as one workbook, a sheet each."""
    from hyoka.audit.coverage import coverage, read_table
    from hyoka.audit.report import findings_frame, flagged_rows

    out = Path(out)
    if not (out / "documents").is_dir():
        raise ValueError(f"{out} is not an output folder of hyoka ingest: it has no documents table.")
    sheets = {
        "documents": read_table(out, "documents"),
        "coverage": pd.DataFrame([vars(d) for d in coverage(out)]),
        "findings": findings_frame(flagged_rows(out)),
        **{table: read_table(out, table) for table in WORKBOOK_TABLES},
    }
    too_long = [name for name, frame in sheets.items() if len(frame) > EXCEL_MAX_ROWS]
    if too_long:
        raise ValueError(f"{', '.join(too_long)} has more rows than a worksheet holds; read the Parquet instead.")
    target = Path(xlsx)
    target.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(target, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _clean(frame).to_excel(writer, sheet_name=name, index=False)
    return target
