"""`row_cells`: the distinct cells covering a row of any `Cells` (a table, or a view of it), in a run of columns."""

from __future__ import annotations

from dataclasses import dataclass

from hyoka.extractors.model import Cell, Table
from hyoka.specs.locate import row_cells
from tests.specs.printed import sheet_table


def _table() -> Table:
    # 財源 merged down two rows; その他 over two columns; a blank cell is a cell (a box drawn around nothing).
    return sheet_table(
        "t1",
        [
            ["財源", "その他", None, "1,827"],
            [None, "", "うち受益者負担", "103"],
        ],
        down={(0, 0): 2},
    )


def _texts(cells: list[Cell]) -> list[str]:
    return [cell.text for cell in cells]


def test_a_spanning_cell_is_one_cell_of_each_row_it_covers() -> None:
    table = _table()
    assert _texts(row_cells(table, 0)) == ["財源", "その他", "1,827"]
    assert _texts(row_cells(table, 1)) == ["財源", "", "うち受益者負担", "103"]


def test_only_the_given_columns_are_read() -> None:
    table = _table()
    assert _texts(row_cells(table, 0, range(1, 3))) == ["その他"]
    assert _texts(row_cells(table, 1, range(2))) == ["財源", ""]
    assert row_cells(table, 0, range(0)) == []


@dataclass
class _Turned:
    """The table with rows and columns swapped: its rows are the table's columns."""

    table: Table

    @property
    def n_rows(self) -> int:
        return self.table.n_cols

    @property
    def n_cols(self) -> int:
        return self.table.n_rows

    def cell(self, row: int, col: int) -> Cell | None:
        return self.table.cell(col, row)


def test_a_view_with_rows_and_columns_swapped_reads_a_column_as_a_row() -> None:
    turned = _Turned(_table())
    assert _texts(row_cells(turned, 0)) == ["財源"]
    assert _texts(row_cells(turned, 2)) == ["その他", "うち受益者負担"]
