"""The format model's tables as rows of the contract's `cells` table."""

from __future__ import annotations

import pandas as pd

from extractors.model import Document


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
            "text": cell.text,
            "value_text": cell.value_text,
            "page": cell.page,
            "bbox": list(cell.bbox) if cell.bbox is not None else None,
            "sheet": cell.sheet,
            "cell": cell.ref,
        }
        for table in document.tables()
        for cell in table.cells
    ]
    columns = [
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
    ]
    return pd.DataFrame(rows, columns=columns)
