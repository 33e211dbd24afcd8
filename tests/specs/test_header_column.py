"""`header_column`: a declared column found among given columns under a header band a reader found itself."""

from __future__ import annotations

from hyoka.extractors.model import Table
from hyoka.specs.locate import Column, header_column
from tests.specs.printed import sheet_table

TITLE = Column("title", ("事業名", "事務事業名"))


def _table(rows: list[list[str]]) -> Table:
    return sheet_table("t1", rows, blank=False)


def test_the_header_band_names_the_column_whatever_rows_precede_it() -> None:
    """A label/value row above the band is no header; the title column is found under the band, wrapped or not."""
    table = _table(
        [
            ["所管課", "環境政策課", "", ""],
            ["番号", "事務事業 名", "R5年度", "R6年度"],
            ["1", "甲事業", "100", "120"],
        ]
    )
    assert header_column(table, range(1, 2), TITLE, range(2)) == 1
    assert header_column(table, range(1, 2), Column("number", ("番号",)), range(2)) == 0


def test_an_exact_header_wins_over_one_that_only_contains_the_word() -> None:
    table = _table([["事業名の補足", "事業名", "R5年度"], ["注", "甲事業", "100"]])
    assert header_column(table, range(1), TITLE, range(2)) == 1


def test_a_column_no_header_names_is_none() -> None:
    table = _table([["区分", "内容", "R5年度"], ["a", "b", "100"]])
    assert header_column(table, range(1), TITLE, range(2)) is None
    # Only the given columns are candidates: a title printed right of them is not taken.
    assert header_column(_table([["区分", "事業名"], ["a", "b"]]), range(1), TITLE, range(1)) is None
