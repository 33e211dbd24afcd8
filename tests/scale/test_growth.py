"""Work grows linearly with the table: counted as lines of the format layer executed, not timed.

A quadratic loop (a lookup that scans every cell, for every cell) multiplies the count by the
growth factor again: 64 times more cells would run about 4,096 times more lines, where a linear
reader runs at most 64 times more. The bound allows 30% over linear for fixed costs that shrink.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from bench.synthetic import wide_workbook
from hyoka import extractors
from hyoka.extractors.model import Cell, Evidence, Table
from hyoka.extractors.xlsx import read_xlsx

FORMAT_LAYER = str(Path(extractors.__file__).parent)
SLACK = 1.3


class TooMuchWork(Exception):
    pass


def lines_run(work: Callable[[], object], limit: float = float("inf")) -> int:
    """How many lines of extractors/ code `work` executes; stops it once over `limit` (so a
    quadratic reader fails the test instead of running for hours)."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
            if count > limit:
                raise TooMuchWork
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if frame.f_code.co_filename.startswith(FORMAT_LAYER) else None

    sys.settrace(calls)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def budget_table(n_rows: int, n_cols: int) -> Table:
    """A table shaped like a budget grid: a label column merged over 5 rows, a heading row merged
    over 4 columns, one cell per remaining slot."""
    cells: list[Cell] = []
    for col in range(1, n_cols, 4):
        cells.append(Cell(row=0, col=col, col_span=min(4, n_cols - col), text=f"款{col}", is_header=True))
    for row in range(1, n_rows, 5):
        cells.append(Cell(row=row, col=0, row_span=min(5, n_rows - row), text=f"項{row}"))
    for row in range(1, n_rows):
        cells += [Cell(row=row, col=col, text=str(row * col), evidence=Evidence(page=1)) for col in range(1, n_cols)]
    cells.append(Cell(row=0, col=0, text="区分", is_header=True))
    return Table("t", cells, n_rows=n_rows, n_cols=n_cols)


def read_every_way(table: Table) -> None:
    for row in range(table.n_rows):
        table.row(row)
        for col in range(table.n_cols):
            table.cell(row, col)
    for col in range(table.n_cols):
        table.column(col)
    table.to_rows()
    table.spans()
    assert table.header_rows == 1


def grows_linearly(small: Callable[[], object], large: Callable[[], object], factor: int, small_limit: int) -> bool:
    """True when `large` (`factor` times the cells of `small`) runs at most about `factor` times
    the lines `small` runs, and `small` stays within `small_limit` (a quadratic `small` would
    set a bound so high that the test ran for minutes)."""
    try:
        lines_run(large, limit=lines_run(small, limit=small_limit) * factor * SLACK)
    except TooMuchWork:
        return False
    return True


def test_table_lookups_grow_linearly() -> None:
    small, large = budget_table(25, 40), budget_table(200, 320)  # 1,000 and 64,000 slots
    # About 20 lines per slot are run; a scan of the table per lookup would run hundreds.
    assert grows_linearly(lambda: read_every_way(small), lambda: read_every_way(large), 64, small_limit=60 * 1_000)


def test_lookups_follow_a_changed_table() -> None:
    table = budget_table(6, 5)
    moved = table.cell(5, 3)
    assert moved is not None and moved.text == "15"
    moved.col_span = 2  # widened over its right neighbour, which the table then drops
    table.cells = [c for c in table.cells if not (c.row == 5 and c.col == 4)]
    assert table.cell(5, 4) is moved
    label = table.cell(1, 0)
    assert label is not None
    label.row_span = 2
    assert table.cell(3, 0) is None  # the label no longer reaches row 3
    extra = Cell(row=3, col=0, row_span=3, text="項3")
    table.cells = [*table.cells, extra]
    assert table.cell(5, 0) is extra
    assert [c.text for c in table.column(0)] == ["区分", "項1", "項3"]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("growth")
    return wide_workbook(folder / "small.xlsx", 25, 40), wide_workbook(folder / "large.xlsx", 100, 160)


def test_workbook_reading_grows_linearly(workbooks: tuple[Path, Path]) -> None:
    small, large = workbooks  # 1,000 and 16,000 cells
    # About 170 lines per cell are run.
    assert grows_linearly(lambda: read_xlsx(small), lambda: read_xlsx(large), 16, small_limit=500 * 1_000)
