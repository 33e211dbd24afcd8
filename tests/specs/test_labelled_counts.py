"""A `labelled_count` check: a count printed as a label's value (under it or beside it in a table; in a print,
ending the label's text line) against the lines of a declared table's column starting with a word, a cell
spanning several rows counted once; the counted table not read makes the count not_computable. The tables
and their truth are this module's."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Document, Evidence, Page, Sheet, Table, TextBlock
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate

SPEC: dict[str, Any] = {
    "profile_id": "labelled_count_example",
    "description": "a count printed under its label, of the lines of a list that start with a word",
    "detection": {},
    "tables": [
        {
            "name": "the responses",
            "key": "number",
            "required": False,
            "columns": [
                {"role": "number", "words": ["対応方針"]},
                {"role": "projects", "words": ["事務事業"], "whole": True},
            ],
        }
    ],
    "rules": {
        "figures": [{"id": "new", "kind": "summary_count", "words": "新規事業は対応の新規の数", "aggregate": "count"}]
    },
    "checks": {
        "new projects": {
            "check": "labelled_count",
            "rule": "new",
            "words": ["次年度新規事業"],
            "members": {"table": "the responses", "role": "projects", "starting": ["新規"]},
            "scope": "次年度新規事業",
            "key": "new_projects",
        }
    },
}


def _cell(row: int, col: int, text: str, table: str, row_span: int = 1) -> Cell:
    lines = text.split("\n") if "\n" in text else []
    return Cell(
        row,
        col,
        row_span=row_span,
        text=text,
        value_text=text,
        lines=lines,
        evidence=Evidence(sheet="S", cell=f"{table}R{row}C{col}"),
    )


def _field(label_row: list[str], value_row: list[str]) -> Table:
    cells = [_cell(r, c, t, "f") for r, row in enumerate((label_row, value_row)) for c, t in enumerate(row) if t]
    return Table("f", cells, n_rows=2, n_cols=len(label_row), sheet="S")


def _responses() -> Table:
    """Three 対応方針; the second's 事務事業 cell spans the third's row and names two 事務事業, one 新規."""
    cells = [
        _cell(0, 0, "対応方針", "r"),
        _cell(0, 1, "事務事業", "r"),
        _cell(1, 0, "①", "r"),
        _cell(1, 1, "新規:地域の推進事業", "r"),
        _cell(2, 0, "②", "r"),
        _cell(2, 1, "改善:情報化対策費\n新規:窓口の事業", "r", row_span=2),
        _cell(3, 0, "③", "r"),
    ]
    return Table("r", cells, n_rows=4, n_cols=2, sheet="S")


def _workbook(*tables: Table) -> Document:
    return Document(path=__file__, format="xlsx", sheets=[Sheet("S", tables=list(tables))])  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "labelled_count_example.yaml"))


def _status(profile: SpecProfile, document: Document) -> str | None:
    _, checks = evaluate(profile.extract(document).cases)
    statuses = {row["check_id"]: row["status"] for row in checks}
    return statuses.get("new:new_projects")


def test_a_count_under_its_label_counts_the_lines_starting_with_the_word(profile: SpecProfile) -> None:
    # Two lines start with 新規 (the spanning cell counted once); 2 printed under the label.
    assert _status(profile, _workbook(_field(["次年度新規事業(予定)"], ["2"]), _responses())) == "match"


def test_a_count_beside_its_label_that_disagrees_is_a_mismatch(profile: SpecProfile) -> None:
    assert _status(profile, _workbook(_field(["次年度新規事業 (予定)", "3"], ["", ""]), _responses())) == "mismatch"


def test_the_counted_table_not_read_makes_the_count_not_computable(profile: SpecProfile) -> None:
    assert _status(profile, _workbook(_field(["次年度新規事業(予定)"], ["2"]))) == "not_computable"


def test_a_document_printing_no_such_label_gives_no_case(profile: SpecProfile) -> None:
    assert _status(profile, _workbook(_field(["次年度予算"], ["2"]), _responses())) is None


def test_a_print_drawing_the_field_as_a_text_line_gives_the_number_ending_it(profile: SpecProfile) -> None:
    block = TextBlock("次年度新規事業（予定） 1", ["次年度新規事業（予定） 1"], 1, (0.0, 0.0, 100.0, 10.0))
    page = Page(1, 595.0, 842.0, tables=[_responses()], text_blocks=[block])
    document = Document(path=__file__, format="pdf", pages=[page])  # type: ignore[arg-type]
    assert _status(profile, document) == "mismatch"  # 1 printed, 2 新規 lines


def test_a_check_counting_a_column_its_table_lacks_is_refused() -> None:
    spec = {**SPEC, "checks": {"new projects": {**SPEC["checks"]["new projects"]}}}
    spec["checks"]["new projects"]["members"] = {"table": "the responses", "role": "title", "starting": ["新規"]}
    with pytest.raises(SpecError, match="names the column `title`"):
        validate(spec, "labelled_count_example.yaml")
