"""The synthetic documents the scale benchmark reads are what it says they are."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import budget_book_pdf, wide_workbook
from hyoka.extractors import open_document


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return budget_book_pdf(tmp_path_factory.mktemp("book") / "book.pdf", 6)


def test_budget_book_tables_continue_over_one_two_and_three_pages(book: Path) -> None:
    tables = open_document(book).tables()
    assert [t.pages for t in tables] == [[1], [2, 3], [4, 5, 6]]
    headings = [c.text for c in tables[1].row(0)]
    assert headings == ["款", "項", "目", "本年度予算額", "前年度予算額", "比較"]
    # The header row printed again on page 3 is not read as a row of figures.
    assert sum(1 for c in tables[1].column(0) if c.text == "款") == 1


def test_wide_workbook_has_its_merged_headings_and_labels(tmp_path: Path) -> None:
    (table,) = open_document(wide_workbook(tmp_path / "wide.xlsx", 12, 9)).tables()
    assert [(c.text, c.col_span) for c in table.row(0)] == [("区分", 1), ("款1", 4), ("款2", 4)]
    labels = [(c.text, c.row_span) for c in table.column(0)]
    assert labels == [("区分", 1), ("A列", 1), ("項1", 5), ("項2", 5)]
    assert table.cell(2, 1) is not None and table.cell(2, 1).text == f"{(3 * 7919 + 2 * 104729) % 1_000_000:,}"
