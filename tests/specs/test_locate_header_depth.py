"""How deep a header reaches: the locator ends a header where the records begin.

A list printed under a cross-tab in one ruled grid, with a blank column drawn as one box from the header
down beside the records (a print's empty 次年度新規事業 column), reads its one header row and every record;
a row of values is never taken for a header row, and a second header row of column words still is one.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.extractors.model import Cell, Document, Table
from hyoka.specs.locate import Column, TableSpec, header_depth_fits, locate, reads_as_data
from tests.specs.printed import cell, workbook

LIST = TableSpec(
    "the list under the counts",
    (
        Column("number", ("整理番号",)),
        Column("title", ("事務事業名",), required=False),
        Column("first", ("一次政策評価における方向性",), required=False),
        Column("direction", ("次年度の方向性",)),
    ),
    key="number",
)
DIRECTIONS = ("拡充", "改善", "縮小", "統合", "廃止", "終了")


def _document(cells: list[Cell], n_rows: int, n_cols: int) -> Document:
    return workbook(Table("t1", cells, n_rows=n_rows, n_cols=n_cols, sheet="Sheet1"), sheet="Sheet1")


@st.composite
def printed_lists(draw: st.DrawFn) -> tuple[Document, list[tuple[str, str, str]], int]:
    """The counts (0–2 rows above), the list's header, its records; the last column blank, drawn as one box
    from the header row down to the last record or not; returns the document, the records, the header row."""
    records = [
        (str(draw(st.integers(1000, 9999))), f"事業{i}", draw(st.sampled_from(DIRECTIONS)))
        for i in range(draw(st.integers(1, 4)))
    ]
    numbers = [r[0] for r in records]
    records = [r for i, r in enumerate(records) if r[0] not in numbers[:i]]  # one record per 整理番号
    count_rows = draw(st.integers(0, 2))
    boxed = draw(st.booleans())
    cells: list[Cell] = []

    def put(row: int, col: int, text: str, row_span: int = 1, header: bool = False) -> None:
        cells.append(cell(row, col, text, row_span=row_span, header=header))

    if count_rows:
        for col, word in enumerate(("方向性", *DIRECTIONS[:3]), start=0):
            put(0, col, word, header=True)
        put(0, 4, "次年度新規事業(予定)", header=True)
    if count_rows == 2:
        put(1, 0, "反映結果", header=True)
        for col in range(1, 5):
            put(1, col, str(draw(st.integers(0, 3))))
    head = count_rows
    for col, word in enumerate(("整理番号", "事務事業名", "一次政策評価における方向性", "次年度の方向性")):
        put(head, col, word, header=True)
    for offset, (number, title, direction) in enumerate(records, start=1):
        for col, text in enumerate((number, title, direction, direction)):
            put(head + offset, col, text)
    n_rows = head + 1 + len(records)
    if boxed:
        put(head, 4, "", row_span=len(records) + 1)
    else:
        for row in range(head, n_rows):
            put(row, 4, "")
    return _document(cells, n_rows, 5), records, head


@settings(max_examples=60, deadline=None)
@given(printed_lists())
def test_every_record_is_read_and_none_taken_for_a_header_row(
    printed: tuple[Document, list[tuple[str, str, str]], int],
) -> None:
    document, records, head = printed
    location = locate(document, LIST)
    assert location is not None
    read = [
        tuple(c.text if (c := row.cell(role)) else "" for role in ("number", "title", "direction"))
        for row in location.rows
    ]
    assert read == [(number, title, direction) for number, title, direction in records]
    assert location.parts[0].header.stop == head + 1


def test_a_second_header_row_of_column_words_stays_a_header_row() -> None:
    cells = [
        cell(0, 0, "整理番号", row_span=2, header=True),
        cell(0, 1, "方向性", col_span=2, header=True),
        cell(1, 1, "一次政策評価における方向性", header=True),
        cell(1, 2, "次年度の方向性", header=True),
        cell(2, 0, "1101"),
        cell(2, 1, "改善"),
        cell(2, 2, "改善"),
    ]
    table = _document(cells, 3, 3).tables()[0]
    assert not reads_as_data(table, LIST, 1, 0)  # 整理番号 spans it from above
    assert header_depth_fits(table, LIST, range(0, 2), 0)
    location = locate(_document(cells, 3, 3), LIST)
    assert location is not None and location.parts[0].header == range(0, 2)
    assert [row.cell("number").text for row in location.rows] == ["1101"]  # type: ignore[union-attr]


def test_a_blank_box_reaching_past_a_header_row_of_column_words_keeps_the_header_deeper() -> None:
    """A blank cell may reach below a reading only when a record follows it: here column words follow."""
    cells = [
        cell(0, 0, "整理番号", row_span=2, header=True),
        cell(0, 1, "方向性", header=True),
        cell(0, 2, "", row_span=2),
        cell(1, 1, "次年度の方向性", header=True),
        cell(2, 0, "1101"),
        cell(2, 1, "改善"),
        cell(2, 2, ""),
    ]
    table = _document(cells, 3, 3).tables()[0]
    assert not header_depth_fits(table, LIST, range(0, 1), 0)
    assert header_depth_fits(table, LIST, range(0, 2), 0)
    assert reads_as_data(table, LIST, 2, 0)
