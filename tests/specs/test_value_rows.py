"""The one indicator_values row builder on value cells printed over several lines."""

from __future__ import annotations

from pathlib import Path

from hyoka.extractors.model import Cell, Evidence
from hyoka.extractors.pdf import read_pdf
from hyoka.specs import indicator_value_row
from tests.specs.printed import cell


def wrapped_cell(text: str, lines: list[str]) -> Cell:
    return cell(1, 1, text, lines=lines, evidence=Evidence(1, (0, 0, 9, 9)))


def test_a_cell_of_two_labelled_values_wrapped_at_their_space_gives_both() -> None:
    # A browser wraps 'I-TOP横浜: 310件 LIP.横浜: 302件' at the space and draws no space at the line end,
    # so the joined text reads '310件LIP.横浜' (no figure); the line end is the separator.
    wrapped = wrapped_cell("I-TOP横浜: 310件LIP.横浜: 302件", ["I-TOP横浜: 310件", "LIP.横浜: 302件"])
    row = indicator_value_row(wrapped, indicator_name="マッチング件数", fiscal_year=2020, metric="actual")
    assert (row["value"], row["unit"]) == (310.0, "件")
    assert row["parts"] == "I-TOP横浜=310 件; LIP.横浜=302 件"
    assert row["value_text"] == "I-TOP横浜: 310件LIP.横浜: 302件"  # as the format layer joined it


def test_a_figure_wrapped_inside_keeps_its_joined_reading() -> None:
    wrapped = wrapped_cell("24回 延べ約2,360名", ["24回 延べ約", "2,360名"])
    row = indicator_value_row(wrapped, indicator_name="開催数・参加者数", fiscal_year=2018, metric="actual")
    assert row["value"] == 24.0
    assert row["parts"] == "開催数=24 回; 参加者数=延べ約 2360 名"


def test_text_over_two_lines_stays_text() -> None:
    wrapped = wrapped_cell("試験的施策実施準備", ["試験的施策実", "施準備"])
    row = indicator_value_row(wrapped, indicator_name="実施状況", fiscal_year=2020, metric="actual")
    assert row["value"] is None
    assert row["value_text"] == "試験的施策実施準備"


def test_the_second_producers_landscape_list_gives_the_first_of_its_two_values() -> None:
    page = Path(__file__).resolve().parents[2] / "tests" / "data" / "producer-b"
    (wrapped,) = [
        c
        for t in read_pdf(page / "yokohama_kanmin_data_status_landscape_list.pdf", second_opinion=None).tables()
        for c in t.cells
        if c.text.startswith("I-TOP")
    ]
    row = indicator_value_row(wrapped, indicator_name="マッチング件数", fiscal_year=2020, metric="actual")
    assert (row["value"], row["unit"]) == (310.0, "件")
