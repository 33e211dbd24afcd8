"""`leading_in`: a number column a printing may leave out, printing the number first in another column's cell."""

from __future__ import annotations

from hyoka.specs.locate import Column, TableSpec, leading_number, locate
from hyoka.specs.schema import TableDecl
from tests.specs.printed import page, pdf, pdf_table

NUMBER = Column("measure_no", ("No.",), required=False, whole=True, leading_in="title")
SPEC = TableSpec("the measure list", (NUMBER, Column("title", ("施策名",)), Column("grade", ("評価",))), key="title")


def _numbers(rows: list[list[str]]) -> list[tuple[str, str] | None]:
    location = locate(pdf(page(1, [pdf_table("t1", rows, header_rows=1)])), SPEC)
    assert location is not None
    return [leading_number(row, NUMBER) for row in location.rows]


def test_the_number_column_gives_the_number_and_the_title_cell_the_title() -> None:
    rows = [["No.", "施策名", "評価"], ["01", "オープンデータの推進", "A"], ["2", "3つの窓口", "B"]]
    assert _numbers(rows) == [("1", "オープンデータの推進"), ("2", "3つの窓口")]


def test_without_the_column_the_number_printed_first_in_the_title_cell_is_read() -> None:
    rows = [["施策名", "評価"], ["01 オープンデータの推進", "A"], ["12窓口の電子化", "B"], ["（参考）共通事項", "－"]]
    assert _numbers(rows) == [("1", "オープンデータの推進"), ("12", "窓口の電子化"), None]


def test_a_number_column_printing_no_whole_number_gives_no_number() -> None:
    rows = [["No.", "施策名", "評価"], ["－", "1 共通事項", "A"]]
    assert _numbers(rows) == [None]


def test_a_spec_declares_the_cell_the_number_is_printed_in() -> None:
    declared = TableDecl.model_validate(
        {
            "name": "the measure list",
            "key": "title",
            "columns": [
                {"role": "measure_no", "words": ["No."], "required": False, "leading_in": "title"},
                {"role": "title", "words": ["施策名"]},
            ],
        }
    )
    assert declared.table_spec().columns[0].leading_in == "title"
