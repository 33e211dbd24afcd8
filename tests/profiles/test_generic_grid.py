"""The generic reader's `Grid`: a table read through its own index, as printed or turned (years running down)."""

from __future__ import annotations

from hyoka.profiles.generic_grid import Grid
from tests.specs.printed import pdf_table

# Years down the left, items across: the turned view reads it as years across.
TABLE = pdf_table(
    "p1-1",
    [
        ["年度", "事業費", "国庫支出金", "一般財源"],
        ["R5年度", "1,000", "400", "600"],
        ["R6年度", "1,200", None, "700"],
    ],
)


def test_the_grid_is_the_table_as_printed() -> None:
    grid = Grid(TABLE)
    assert (grid.n_rows, grid.n_cols) == (3, 4)
    assert grid.text(1, 2) == "400"
    assert grid.cell(2, 2) is grid.cell(2, 1)  # 1,200 printed over two columns
    assert grid.anchor(2, 2) is None
    assert grid.row_texts(2, range(4)) == ["R6年度", "1,200", "700"]
    assert grid.column_texts(2, range(3)) == ["国庫支出金", "400", "1,200"]
    assert grid.spans_beyond(2, 1, 1, 1) and not grid.spans_beyond(1, 1, 1, 1)
    assert grid.cell(3, 0) is None and grid.cell(0, 4) is None


def test_the_turned_grid_swaps_rows_and_columns() -> None:
    turned = Grid(TABLE).turned()
    assert turned.transposed and not turned.turned().transposed
    assert (turned.n_rows, turned.n_cols) == (4, 3)
    assert turned.row_texts(0, range(3)) == ["年度", "R5年度", "R6年度"]
    assert turned.column_texts(2, range(4)) == ["R6年度", "1,200", "700"]
    assert turned.anchor(1, 2) is not None and turned.anchor(2, 2) is None
    # 1,200 spans the table's columns 1-2: rows 1-2 of the turned grid, in its column 2 alone.
    assert turned.cell(2, 2) is turned.cell(1, 2)
    assert not turned.spans_beyond(2, 2, 2, 2) and turned.spans_beyond(2, 2, 0, 1)
