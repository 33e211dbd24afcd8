"""The row builders a reader without a spec uses too: a value stated inside a sentence, and a budgets row."""

from __future__ import annotations

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Evidence
from hyoka.specs import stated_value_row
from hyoka.specs.budgets import budget_row
from tests.specs.printed import cell

SENTENCE = "・ 登録者数：8,962名、前年度比89％増"


def _cell(text: str, formula: str | None = None) -> Cell:
    return cell(2, 1, text, evidence=Evidence(1, (10, 20, 90, 40)), formula=formula)


def test_a_value_stated_in_a_sentence_keeps_its_words_and_the_cells_evidence() -> None:
    printed = "前年度比89%増"
    row = stated_value_row(
        _cell(SENTENCE), printed, nz.quantity(printed).value, indicator_name="登録者数", qualifier="前年度比",
        fiscal_year=2023, metric="actual",
    )  # fmt: skip
    assert (row["value"], row["unit"], row["value_text"]) == (89.0, "%", "前年度比89%増")
    # The given qualifier first, then the reading's, joined one way (no separator), as for a cell's value.
    assert row["qualifier"] == "前年度比増"
    assert (row["page"], row["bbox"], row["fiscal_year"]) == (1, [10, 20, 90, 40], 2023)


def test_a_value_that_reads_as_nothing_is_kept_as_printed() -> None:
    row = stated_value_row(_cell(SENTENCE), "－", nz.quantity("－").value, indicator_name="登録者数", metric="target")
    assert (row["value"], row["na_marker"], row["value_text"]) == (None, "－", "－")


def test_a_budgets_row_carries_the_cells_formula_and_columns_the_reader_adds() -> None:
    typed = _cell("15,300", formula="=B3+B4")
    row = budget_row(typed, "甲事業", 2024, "budget", 15_300_000.0, "円", "amounts", basis="initial_budget")
    assert (row["amount"], row["value_text"], row["formula"], row["basis"]) == (
        15_300_000.0,
        "15,300",
        "=B3+B4",
        "initial_budget",
    )
    # A cell printing several amounts: the row's value_text is the line it was read from.
    note = budget_row(
        _cell("資源物売却 14,698千円"),
        None,
        2024,
        "line_item",
        14_698_000.0,
        "円",
        "note",
        value_text="資源物売却 14,698千円",
    )
    assert note["value_text"] == "資源物売却 14,698千円" and note["cell"] is None
