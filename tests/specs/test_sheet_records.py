"""Label/value sheets declared in a spec (`sheets:`) and read by the engine: each sheet's fields, its year
header and its rows of amounts, a template printing words where amounts stand left out, and the budgets
rows of a sheet with the fiscal year of each column. The sheets are written here (their facts, and so their
truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.extractors.model import Document
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.budgets import sheet_budgets
from hyoka.specs.schema import SpecError, validate
from hyoka.specs.sheets import SheetRecord, sheet_records
from tests.specs.printed import page, pdf, pdf_table

SHEET = {
    "name": "system's sheet",
    "labels": ["システム名", "担当課名", "事業段階", "予算額", "決算額"],
    "fields": {"name": ["システム名"], "department": ["担当課名", "担当課"], "stage": ["事業段階", "段階"]},
    "amounts": {"budget": "予算額", "settlement": "決算額"},
}
SPEC: dict[str, Any] = {
    "profile_id": "sheet_example",
    "description": "one sheet per system",
    "detection": {},
    "sheets": [SHEET],
}
TEMPLATE = (
    ("システム名", "システムの名称"),
    ("担当課名", "担当する課の名称"),
    ("", "R1年度", "R2年度", "R3年度"),
    ("予算額（円）", "各年度の予算額", "各年度の予算額", "各年度の予算額"),
    ("決算額（円）", "各年度の決算額", "各年度の決算額", "各年度の決算額"),
)
RESERVATION = (
    ("システム名", "窓口予約システム"),
    ("担当課名", "市民課"),
    ("事業段階", "運用"),
    ("", "R1年度", "R2年度", "R3年度"),
    ("予算額（千円）", "1,200", "800", "－"),
    ("決算額（千円）", "1,150", "", "－"),
)
# Its header prints R1 twice (a typo): the columns are the plan's years in order.
NETWORK = (
    ("システム名", "庁内無線LAN"),
    ("担当課", "情報政策課"),
    ("", "R1年度", "R1年度", "R3年度"),
    ("予算額", "300", "300", "300"),
    ("決算額", "290", "300", "310"),
)


def _document() -> Document:
    tables = [
        pdf_table("p1-t1", TEMPLATE, column=150),
        pdf_table("p2-t1", RESERVATION, page=2, column=150),
        pdf_table("p3-t1", NETWORK, page=3, column=150),
    ]
    return pdf(*(page(n, [t]) for n, t in enumerate(tables, start=1)))


@pytest.fixture(scope="module")
def records() -> list[SheetRecord]:
    return sheet_records(_document(), validate(SPEC, "sheet_example").sheets[0])


def test_each_sheet_gives_its_declared_fields_and_the_template_none(records: list[SheetRecord]) -> None:
    fields = [{name: cell.text if cell else None for name, cell in r.fields.items()} for r in records]
    assert fields == [
        {"name": "窓口予約システム", "department": "市民課", "stage": "運用"},
        {"name": "庁内無線LAN", "department": "情報政策課", "stage": None},
    ]


def test_rows_of_amounts_keep_their_cells_and_the_unit_their_label_prints(records: list[SheetRecord]) -> None:
    reservation = records[0]
    assert [c.text for c in reservation.amounts["budget"].cells] == ["1,200", "800", "－"]
    assert (reservation.amounts["budget"].unit, records[1].amounts["budget"].unit) == ("千円", None)


def test_amount_columns_take_the_years_headed_or_else_the_plans(records: list[SheetRecord]) -> None:
    assert records[0].amount_years([]) == [2019, 2020, 2021]
    assert records[1].amount_years([2019, 2020, 2021]) == [2019, 2020, 2021]
    assert records[1].amount_years([]) == [2019, 2020, 2021]  # counted on from the first year headed


def test_a_sheets_amounts_are_budgets_rows_by_year(records: list[SheetRecord]) -> None:
    output = ProfileOutput()
    sheet_budgets(output, records[0], "1", [], "sheet")
    rows = [(b["item"], b["fiscal_year"], b["amount"], b["unit"], b["value_text"]) for b in output.budgets]
    assert rows == [
        ("budget", 2019, 1_200_000, "円", "1,200"),
        ("budget", 2020, 800_000, "円", "800"),
        ("budget", 2021, None, "円", "－"),
        ("settlement", 2019, 1_150_000, "円", "1,150"),
        ("settlement", 2021, None, "円", "－"),
    ]


def test_a_document_without_the_sheets_says_so_in_one_sentence() -> None:
    output = SpecProfile(validate(SPEC, "sheet_example")).extract(pdf())
    assert output.problems[0] == "No system's sheet (システム名 | 担当課名 | 予算額 | 決算額) was found."


def test_a_sheet_without_labels_is_a_sentence() -> None:
    spec = {**SPEC, "sheets": [{**SHEET, "labels": []}]}
    with pytest.raises(SpecError, match="sheet `system's sheet`"):
        validate(spec, "sheet_example")
