"""A column total declared `total_required`: a printing of the table without its total row is one sentence
(the document is partial), on the amount table of `test_spec_budgets` with and without its 計 row."""

from __future__ import annotations

from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import page, pdf, pdf_table
from tests.specs.test_budgets import ROWS, SPEC

REQUIRED = {
    **SPEC,
    "checks": {
        name: {**check, "total_required": True} if check["check"] == "column_total" else check
        for name, check in SPEC["checks"].items()
    },
}
# The table prints no title: the engine says so whatever the table holds.
NO_TITLE = "The report's fiscal year could not be read from its title."


def extract(rows: tuple[tuple[str, ...], ...]) -> ProfileOutput:
    document = pdf(page(tables=[pdf_table("p1-t1", rows, blank=False)]))
    return SpecProfile(validate(REQUIRED, "amount_example")).extract(document)


def test_a_printed_total_row_is_no_problem() -> None:
    assert extract(ROWS).problems == [NO_TITLE]


def test_a_table_without_its_total_row_is_one_sentence_however_many_columns_it_totals() -> None:
    without_total = tuple(row for row in ROWS if row[0] != "計")
    missing = "the 事務事業 table: its 計 row (the column totals) was not found."
    assert sorted(extract(without_total).problems) == sorted([NO_TITLE, missing])


def test_the_total_row_is_its_word_with_a_qualifier_never_a_name_ending_like_it() -> None:
    qualified = tuple(("計（再掲除く）", *row[1:]) if row[0] == "計" else row for row in ROWS)
    assert extract(qualified).problems == [NO_TITLE]
    named = tuple(("統計", *row[1:]) if row[0] == "計" else row for row in ROWS)
    missing = "the 事務事業 table: its 計 row (the column totals) was not found."
    assert sorted(extract(named).problems) == sorted([NO_TITLE, missing])
