"""The format model's tables as rows of the contract's `cells` table."""

from __future__ import annotations

import pandas as pd

from hyoka.extractors.model import Cell, Document
from hyoka.normalizers.text import fold

COLUMNS = [
    "document_id",
    "table_id",
    "row",
    "col",
    "row_span",
    "col_span",
    "is_header",
    "text",
    "value_text",
    "page",
    "bbox",
    "sheet",
    "cell",
    "ocr",
    "ocr_confidence",
]


def contract_text(cell: Cell) -> str:
    """The cell's text as the contract writes it: NFKC (circled numbers kept), whitespace collapsed."""
    return fold(cell.text)


def printed_text(cell: Cell) -> str:
    """The cell as printed: a workbook's value through its number format, else the joined text."""
    return cell.value_text or cell.text


def cells_frame(document_id: str, document: Document) -> pd.DataFrame:
    """One row per cell of every table the format layer found, with its evidence."""
    rows = [
        {
            "document_id": document_id,
            "table_id": table.table_id,
            "row": cell.row,
            "col": cell.col,
            "row_span": cell.row_span,
            "col_span": cell.col_span,
            "is_header": cell.is_header,
            "text": contract_text(cell),
            "value_text": printed_text(cell),
            "page": cell.page,
            "bbox": list(cell.bbox) if cell.bbox is not None else None,
            "sheet": cell.sheet,
            "cell": cell.ref,
            "ocr": cell.ocr,
            "ocr_confidence": cell.ocr_confidence,
        }
        for table in document.tables()
        for cell in table.cells
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
