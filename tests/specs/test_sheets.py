"""Label/value sheets (`hyoka.specs.sheets`) on tables written here: a sheet runs from one システム名 row to
the next across tables (a page break splits it), and keeps the tables printed between (a head printed
apart, a label beside another)."""

from __future__ import annotations

import pytest

from hyoka.extractors.model import Cell
from hyoka.specs.sheets import LabelledSheet, label_column, labelled_sheets
from tests.specs.printed import page, pdf, pdf_table

LABELS = ["システム名", "担当課名", "事業段階", "予算額"]


@pytest.fixture(scope="module")
def sheets() -> list[LabelledSheet]:
    first_page = pdf_table(
        "p1-t1",
        (
            ("システム名", "窓口予約システム"),
            ("担当課名", "市民課"),
            ("予算額（円）", "1,000"),
            ("システム名", "庁内無線LAN"),  # the second sheet starts, and breaks over the page
            ("担当課名", "情報政策課"),
        ),
        column=150,
    )
    # Its amounts on the next page, behind a blank column; its stage printed apart, beside another label.
    second_page = pdf_table("p2-t1", (("予算額（円）", "2,000"), ("事業段階", "運用")), page=2, column=150, first_col=1)
    stage = pdf_table("p2-t2", (("区分", "新規", "段階", "構築"),), page=2, top=300, column=150)
    return labelled_sheets(pdf(page(1, [first_page]), page(2, [second_page, stage])), LABELS)


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
    table = pdf_table("t", (("", "担当課名", "市民課"), ("", "予算額", "1,000")), column=150)
    assert label_column(table, LABELS) == 1
