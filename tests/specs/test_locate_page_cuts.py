"""The locator joins what a page break cut: a row whose rest heads the next page with its key cell empty, and
merged cells running over the break, whether the header is repeated on the next page or not, and whether the
format layer gave the two pages as two tables or as one."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hyoka.extractors.model import Cell, Document, Evidence, Table
from hyoka.specs.locate import Column, Location, TableSpec, locate
from tests.specs.printed import A4_LANDSCAPE, cell, page, pdf

SPEC = TableSpec(
    "the project list",
    (
        Column("pid", ("PID",)),
        Column("name", ("名称",)),
        Column("group_name", ("重点課題",), required=False),
    ),
    key="pid",
    years=True,
)
HEADER = ("PID", "名称", "重点課題", "R5")
FOOT = 560.0


class Printer:
    """Cells of a table printed over pages: (row, col, text, row_span) per page, with boxes on the page."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.row = 0

    def page(self, number: int, rows: list[list[tuple[int, str, int]]], *, header: bool, row: int = 0) -> list[Cell]:
        cells = []
        top = 40.0
        if header:
            cells += [self._cell(row, c, text, 1, number, top, header=True) for c, text in enumerate(HEADER)]
            row, top = row + 1, top + 20
        for printed in rows:
            cells += [self._cell(row, c, text, span, number, top) for c, text, span in printed]
            row, top = row + 1, top + 20
        return cells

    @staticmethod
    def _cell(row: int, col: int, text: str, span: int, page: int, top: float, *, header: bool = False) -> Cell:
        box = (40.0 + 100 * col, top, 140.0 + 100 * col, top + 20 * span)
        return cell(row, col, text, row_span=span, header=header, evidence=Evidence(page=page, bbox=box))


# The project list as printed: BIツール…の見 | え化 cut by the break, and its 重点課題 merged over.
FIRST_PAGE = [
    [(0, "A-1", 1), (1, "甲事業", 1), (2, "業務の効率", 1), (3, "5", 1)],
    [(0, "A-2", 1), (1, "BIツール等を用いたデータの見", 1), (2, "職員の仕事の", 1), (3, "7", 1)],
]
SECOND_PAGE = [
    [(0, "", 1), (1, "え化", 1), (2, "高質化", 2), (3, "", 1)],
    [(0, "A-3", 1), (1, "丙事業", 1), (3, "9", 1)],
]


def two_tables(
    first: list[list[tuple[int, str, int]]], second: list[list[tuple[int, str, int]]], repeat: bool
) -> Document:
    """The two pages as the format layer gives a table it did not join: a table per page."""
    printer = Printer()
    above = printer.page(1, first, header=True)
    below = printer.page(2, second, header=repeat)
    tables = [
        Table("p1-1", above, len(first) + 1, len(HEADER), pages=[1], bboxes={1: (40.0, 40.0, 440.0, FOOT)}),
        Table("p2-1", below, len(second) + repeat, len(HEADER), pages=[2], bboxes={2: (40.0, 40.0, 440.0, 200.0)}),
    ]
    return pdf(*(page(n, [t], size=A4_LANDSCAPE) for n, t in enumerate(tables, start=1)))


def one_table(first: list[list[tuple[int, str, int]]], second: list[list[tuple[int, str, int]]]) -> Document:
    """The two pages as one table of the format layer, the rest of the cut row a row of its own."""
    printer = Printer()
    cells = printer.page(1, first, header=True) + printer.page(2, second, header=False, row=len(first) + 1)
    n_rows = len(first) + len(second) + 1
    bboxes = {1: (40.0, 40.0, 440.0, FOOT), 2: (40.0, 40.0, 440.0, 200.0)}
    table = Table("p1-1", cells, n_rows, len(HEADER), pages=[1, 2], bboxes=bboxes)
    return pdf(page(1, [table], size=A4_LANDSCAPE), page(2, size=A4_LANDSCAPE))


def facts(location: Location | None) -> list[tuple[str, ...]]:
    assert location is not None
    return [
        (
            row.cell("pid").text,  # type: ignore[union-attr]
            row.cell("name").text,  # type: ignore[union-attr]
            row.cell("group_name").text,  # type: ignore[union-attr]
            *(cell.text for _, cell in row.year_cells()),
        )
        for row in location.rows
    ]


PRINTINGS = {
    "two tables, header repeated": lambda first, second: two_tables(first, second, repeat=True),
    "two tables, no header": lambda first, second: two_tables(first, second, repeat=False),
    "one table": one_table,
}


@pytest.mark.parametrize("printing", PRINTINGS)
def test_a_row_cut_by_the_page_break_is_read_whole_with_its_merged_cell(printing: str) -> None:
    location = locate(PRINTINGS[printing](FIRST_PAGE, SECOND_PAGE), SPEC)
    assert facts(location) == [
        ("A-1", "甲事業", "業務の効率", "5"),
        ("A-2", "BIツール等を用いたデータの見え化", "職員の仕事の高質化", "7"),
        ("A-3", "丙事業", "職員の仕事の高質化", "9"),
    ]
    assert location is not None
    cut = location.rows[1].cell("name")
    assert cut is not None
    assert [cut.page, *(e.page for e in cut.more_evidence)] == [1, 2]
    assert location.rows[1].cell("pid").page == 1  # type: ignore[union-attr]


@pytest.mark.parametrize("printing", PRINTINGS)
def test_a_merged_cell_printed_again_blank_atop_the_page_carries_on_the_one_above(printing: str) -> None:
    first = [FIRST_PAGE[0], [(0, "A-2", 1), (1, "乙事業", 1), (2, "職員の仕事の高質化", 2), (3, "7", 1)]]
    # The break falls between two rows; the merged 重点課題 is printed again, blank, over the rows it covers.
    second = [[(0, "A-3", 1), (1, "丙事業", 1), (2, "", 2), (3, "9", 1)], [(0, "A-4", 1), (1, "丁事業", 1), (3, "", 1)]]
    if printing == "one table":
        # The format layer joins such a blank merged cell itself: a cell printed once, spanning the break.
        first = [FIRST_PAGE[0], [(0, "A-2", 1), (1, "乙事業", 1), (2, "職員の仕事の高質化", 3), (3, "7", 1)]]
        second = [[(0, "A-3", 1), (1, "丙事業", 1), (3, "9", 1)], [(0, "A-4", 1), (1, "丁事業", 1), (3, "", 1)]]
    assert facts(locate(PRINTINGS[printing](first, second), SPEC)) == [
        ("A-1", "甲事業", "業務の効率", "5"),
        ("A-2", "乙事業", "職員の仕事の高質化", "7"),
        ("A-3", "丙事業", "職員の仕事の高質化", "9"),
        ("A-4", "丁事業", "職員の仕事の高質化", ""),
    ]


@pytest.mark.parametrize("printing", PRINTINGS)
def test_a_row_starting_atop_the_page_keeps_its_own_cells(printing: str) -> None:
    # A record starting on the new page (its key printed) and a blank one-row cell of its own: nothing joined.
    second = [
        [(0, "A-3", 1), (1, "丙事業", 1), (2, "", 1), (3, "", 1)],
        [(0, "A-4", 1), (1, "丁事業", 1), (2, "次の課題", 1), (3, "9", 1)],
    ]
    assert facts(locate(PRINTINGS[printing](FIRST_PAGE, second), SPEC)) == [
        ("A-1", "甲事業", "業務の効率", "5"),
        ("A-2", "BIツール等を用いたデータの見", "職員の仕事の", "7"),
        ("A-3", "丙事業", "", ""),
        ("A-4", "丁事業", "次の課題", "9"),
    ]


@pytest.mark.parametrize("printing", PRINTINGS)
def test_a_blank_cell_atop_the_page_in_a_column_of_merged_groups_stands_under_the_group_above(printing: str) -> None:
    # 重点課題 merges the rows of a group; the page starts a record (key printed) leaving its 重点課題 blank.
    first = [
        [(0, "A-1", 1), (1, "甲事業", 1), (2, "業務の効率化", 2), (3, "5", 1)],
        [(0, "A-2", 1), (1, "乙事業", 1), (3, "7", 1)],
    ]
    second = [
        [(0, "A-3", 1), (1, "丙事業", 1), (2, "", 1), (3, "9", 1)],
        [(0, "A-4", 1), (1, "丁事業", 1), (2, "次の課題", 1), (3, "", 1)],
    ]
    assert facts(locate(PRINTINGS[printing](first, second), SPEC)) == [
        ("A-1", "甲事業", "業務の効率化", "5"),
        ("A-2", "乙事業", "業務の効率化", "7"),
        ("A-3", "丙事業", "業務の効率化", "9"),
        ("A-4", "丁事業", "次の課題", ""),
    ]


def joined_by_the_format_layer(
    first: list[list[tuple[int, str, int]]], second: list[list[tuple[int, str, int]]]
) -> Document:
    """The two pages as one table whose format layer took the next page's first row for the rest of a row the
    break cut (a blank cell leading it): each one-row cell of the two rows joined, its pieces kept."""
    document = one_table(first, second)
    (table,) = document.tables()
    last = len(first)
    above = {c.col: c for c in table.cells if c.row == last and c.row_span == 1}
    cells = []
    for printed in table.cells:
        over = above.get(printed.col)
        if printed.row == last + 1 and printed.row_span == 1 and over is not None:
            over.pieces = (replace(over), printed)
            over.text, over.lines = over.text + printed.text, [*over.lines, *printed.lines]
            over.more_evidence = [printed.evidence]
            continue
        if printed.row > last:
            printed.row -= 1
        cells.append(printed)
    table.cells, table.n_rows = cells, table.n_rows - 1
    return document


@pytest.mark.parametrize("printing", [*PRINTINGS, "one table joined by the format layer"])
def test_rows_printing_their_own_keys_under_a_class_cell_running_over_the_break_stay_two(printing: str) -> None:
    # 重点課題 runs on over the break without a rule, blank and one row high atop the page, beside A-3 printing
    # its own key: are two records in the same group, however the format layer gave the rows.
    first = [
        [(0, "A-1", 1), (1, "甲事業", 1), (2, "業務の効率化", 1), (3, "5", 1)],
        [(0, "A-2", 1), (1, "乙事業", 1), (2, "職員の仕事の高質化", 1), (3, "7", 1)],
    ]
    second = [
        [(0, "A-3", 1), (1, "丙事業", 1), (2, "", 1), (3, "9", 1)],
        [(0, "A-4", 1), (1, "丁事業", 1), (2, "次の課題", 2), (3, "", 1)],
        [(0, "A-5", 1), (1, "戊事業", 1), (3, "8", 1)],
    ]
    printings = {**PRINTINGS, "one table joined by the format layer": joined_by_the_format_layer}
    location = locate(printings[printing](first, second), SPEC)
    assert facts(location) == [
        ("A-1", "甲事業", "業務の効率化", "5"),
        ("A-2", "乙事業", "職員の仕事の高質化", "7"),
        ("A-3", "丙事業", "職員の仕事の高質化", "9"),
        ("A-4", "丁事業", "次の課題", ""),
        ("A-5", "戊事業", "次の課題", "8"),
    ]
    assert location is not None
    assert [row.cell("pid").page for row in location.rows[1:3]] == [1, 2]  # type: ignore[union-attr]
    assert [row.cell("name").more_evidence for row in location.rows[1:3]] == [[], []]  # type: ignore[union-attr]
