"""Label/value sheets (`hyoka.specs.sheets`) on tables written here: a sheet runs from one システム名 row to
the next across tables (a page break splits it), and keeps the tables printed between (a head printed
apart, a label beside another)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka.extractors.model import Cell, Document, Evidence, Page, Table
from hyoka.specs.sheets import LabelledSheet, label_column, labelled_sheets

LABELS = ["システム名", "担当課名", "事業段階", "予算額"]


def printed_table(table_id: str, page: int, rows: tuple[tuple[str, ...], ...], top: float, first_col: int = 0) -> Table:
    cells = [
        Cell(
            r,
            first_col + c,
            text=text,
            evidence=Evidence(page=page, bbox=(50 + 150 * c, top + 20 * r, 200 + 150 * c, top + 20 * (r + 1))),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    width = first_col + len(rows[0])
    bbox = (50, top, 50 + 150 * width, top + 20 * len(rows))
    return Table(table_id, cells, len(rows), width, pages=[page], bboxes={page: bbox})


@pytest.fixture(scope="module")
def sheets() -> list[LabelledSheet]:
    first_page = printed_table(
        "p1-t1",
        1,
        (
            ("システム名", "窓口予約システム"),
            ("担当課名", "市民課"),
            ("予算額（円）", "1,000"),
            ("システム名", "庁内無線LAN"),  # the second sheet starts, and breaks over the page
            ("担当課名", "情報政策課"),
        ),
        100,
    )
    # Its amounts on the next page, behind a blank column; its stage printed apart, beside another label.
    second_page = printed_table("p2-t1", 2, (("予算額（円）", "2,000"), ("事業段階", "運用")), 100, first_col=1)
    stage = printed_table("p2-t2", 2, (("区分", "新規", "段階", "構築"),), 300)
    pages = [Page(1, 595, 842, tables=[first_page]), Page(2, 595, 842, tables=[second_page, stage])]
    return labelled_sheets(Document(Path("sheets.pdf"), "pdf", pages=pages), LABELS)


def test_a_sheet_runs_from_its_first_label_to_the_next_across_a_page_break(sheets: list[LabelledSheet]) -> None:
    assert [[row.label for row in sheet.rows] for sheet in sheets] == [
        ["システム名", "担当課名", "予算額(円)"],
        ["システム名", "担当課名", "予算額(円)", "事業段階"],
    ]
    second = sheets[1]
    amounts = second.rows[second.index("予算額", prefix=True) or 0]
    assert [c.text for c in amounts.values()] == ["2,000"]


def test_a_label_is_read_in_its_row_or_beside_another_in_the_sheets_tables(sheets: list[LabelledSheet]) -> None:
    assert [(s.labelled("担当課名") or Cell(0, 0)).text for s in sheets] == ["市民課", "情報政策課"]
    assert (sheets[1].labelled("事業段階") or Cell(0, 0)).text == "運用"
    assert (sheets[1].labelled("段階") or Cell(0, 0)).text == "構築"
    assert sheets[0].labelled("段階") is None  # the table printing 段階 belongs to the second sheet


def test_the_label_column_is_the_leftmost_holding_the_labels() -> None:
    table = printed_table("t", 1, (("", "担当課名", "市民課"), ("", "予算額", "1,000")), 100)
    assert label_column(table, LABELS) == 1
