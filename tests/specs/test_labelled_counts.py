"""A `labelled_count` check: a count printed as a label's value (under it or beside it in a table; in a print,
ending the label's text line) against the lines of a declared table's column starting with a word, a cell
spanning several rows counted once; the counted table not read makes the count not_computable. The tables
and their truth are this module's."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document, Table
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, sheet_table, text_block, workbook

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


def _field(label_row: list[str], value_row: list[str]) -> Table:
    return sheet_table("f", [label_row, value_row], blank=False)


def _responses() -> Table:
    """Three 対応方針; the second's 事務事業 cell spans the third's row and names two 事務事業, one 新規."""
    rows = [
        ["対応方針", "事務事業"],
        ["①", "新規:地域の推進事業"],
        ["②", "改善:情報化対策費\n新規:窓口の事業"],
        ["③", None],
    ]
    return sheet_table("r", rows, first_row=4, down={(2, 1): 2})


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return SpecProfile(validate(SPEC, "labelled_count_example.yaml"))


def _status(profile: SpecProfile, document: Document) -> str | None:
    _, checks = evaluate(profile.extract(document).cases)
    statuses = {row["check_id"]: row["status"] for row in checks}
    return statuses.get("new:new_projects")


def test_a_count_under_its_label_counts_the_lines_starting_with_the_word(profile: SpecProfile) -> None:
    # Two lines start with 新規 (the spanning cell counted once); 2 printed under the label.
    assert _status(profile, workbook(_field(["次年度新規事業(予定)"], ["2"]), _responses())) == "match"


def test_a_count_beside_its_label_that_disagrees_is_a_mismatch(profile: SpecProfile) -> None:
    assert _status(profile, workbook(_field(["次年度新規事業 (予定)", "3"], ["", ""]), _responses())) == "mismatch"


def test_the_counted_table_not_read_makes_the_count_not_computable(profile: SpecProfile) -> None:
    assert _status(profile, workbook(_field(["次年度新規事業(予定)"], ["2"]))) == "not_computable"


def test_a_document_printing_no_such_label_gives_no_case(profile: SpecProfile) -> None:
    assert _status(profile, workbook(_field(["次年度予算"], ["2"]), _responses())) is None


def test_a_print_drawing_the_field_as_a_text_line_gives_the_number_ending_it(profile: SpecProfile) -> None:
    document = pdf(page(tables=[_responses()], blocks=[text_block("次年度新規事業（予定） 1", 0)]))
    assert _status(profile, document) == "mismatch"  # 1 printed, 2 新規 lines


def test_a_check_counting_a_column_its_table_lacks_is_refused() -> None:
    spec = {**SPEC, "checks": {"new projects": {**SPEC["checks"]["new projects"]}}}
    spec["checks"]["new projects"]["members"] = {"table": "the responses", "role": "title", "starting": ["新規"]}
    with pytest.raises(SpecError, match="names the column `title`"):
        validate(spec, "labelled_count_example.yaml")
