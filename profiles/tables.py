"""Shared mechanisms every profile uses: finding tables by their header vocabulary, evidence.

Profiles find their tables by words and shape, never by page number or cell address;
these helpers make that the easy way.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from audit.rules import Where
from extractors.model import Cell, Document, Table, TextBlock


def squash(text: str) -> str:
    """Text for matching labels: NFKC, without whitespace (wraps and spacing vary by edition)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def evidence(cell: Cell | TextBlock) -> dict[str, Any]:
    """The contract's evidence columns for a row read from `cell`."""
    where = cell.evidence
    return {
        "page": where.page,
        "bbox": list(where.bbox) if where.bbox is not None else None,
        "sheet": where.sheet,
        "cell": where.cell,
    }


def where(cell: Cell | TextBlock) -> Where:
    """The audit engine's evidence for a figure printed in `cell`."""
    place = cell.evidence
    return Where(page=place.page, bbox=place.bbox, sheet=place.sheet, cell=place.cell)


def header_text(table: Table, col: int, header_rows: int | None = None) -> str:
    """The squashed texts of the header cells above `col` (spanning cells included), joined."""
    rows = table.header_rows if header_rows is None else header_rows
    parts: list[str] = []
    for r in range(rows):
        cell = table.cell(r, col)
        if cell is not None and (not parts or parts[-1] != squash(cell.text)):
            parts.append(squash(cell.text))
    return "".join(parts)


def find_column(table: Table, *labels: str, header_rows: int | None = None) -> int | None:
    """The first column whose header contains any of `labels` (compared squashed)."""
    wanted = [squash(label) for label in labels]
    for col in range(table.n_cols):
        header = header_text(table, col, header_rows)
        if any(label in header for label in wanted):
            return col
    return None


def tables_with_headers(document: Document, *labels: str, header_rows: int | None = None) -> list[Table]:
    """The tables whose header row(s) contain every one of `labels`."""
    return [
        t
        for t in document.tables()
        if all(find_column(t, label, header_rows=header_rows) is not None for label in labels)
    ]


def body_rows(table: Table, header_rows: int | None = None) -> Iterable[int]:
    """The row numbers below the header."""
    return range(table.header_rows if header_rows is None else header_rows, table.n_rows)


def text_contains(document: Document, *words: str, pages: int | None = None) -> bool:
    """Whether the document's text (blocks and cells; first `pages` pages or sheets) holds every word."""
    chunks: list[str] = []
    for page in document.pages[:pages]:
        chunks += [b.text for b in page.text_blocks] + [c.text for t in page.tables for c in t.cells]
    for sheet in document.sheets[:pages]:
        chunks += [c.text for t in sheet.tables for c in t.cells]
    haystack = squash("".join(chunks))
    return all(squash(word) in haystack for word in words)
