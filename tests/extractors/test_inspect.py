"""`inspect_document`: each table as a text grid, and the page drawn with its grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4

from hyoka.extractors.inspect import inspect_document


def test_pdf_page_as_text_grid_and_png(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "doc.pdf"
    canvas = kit.new_canvas(path, A4)
    grid = kit.Grid(
        x=50,
        top=80,
        col_widths=[60, 60, 60],
        row_heights=[20, 20],
        texts={(0, 0): ["区分"], (0, 1): ["目標"], (1, 1): ["10"], (1, 2): ["12"]},
        spans={(0, 0): (2, 1), (0, 1): (1, 2)},
        shaded={(0, 0), (0, 1)},
    )
    kit.draw_grid(canvas, grid, A4[1])
    canvas.showPage()
    canvas.save()
    out_png = tmp_path / "page.png"
    report = inspect_document(path, page=1, out_png=out_png)
    assert report.splitlines() == [
        "doc.pdf: PDF, 1 pages",
        "",
        "== page 1 (595 x 842 pt)",
        "-- table p1-1 (pages 1): 2 rows x 3 cols",
        "| *区分 | *目標 | <  |",
        "| ^     | 10    | 12 |",
        f"drew {out_png}",
    ]
    assert out_png.read_bytes().startswith(b"\x89PNG")


def test_sheet_as_text_grid(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "集計"
    ws.append(["評価", "件数"])
    ws.append(["A", 3])
    ws.merge_cells("A4:B4")
    ws["A4"] = "注"
    ws.row_dimensions[2].hidden = True
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    report = inspect_document(path, sheet="集計")
    assert report.splitlines() == [
        "book.xlsx: workbook, sheets 集計",
        "",
        "== sheet 集計 (A1:B4) [hidden rows 2]",
        "-- table 集計!A1:B2 (集計!A1:B2): 2 rows x 2 cols",
        "| 評価 | 件数 |",
        "| A    | 3    |",
        "-- table 集計!A4:B4 (集計!A4:B4): 1 rows x 1 cols",
        "| 注 |",
    ]
    with pytest.raises(ValueError, match="does not exist"):
        inspect_document(path, sheet="なし")
