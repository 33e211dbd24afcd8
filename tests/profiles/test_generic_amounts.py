"""How the generic reader reads one printed amount cell, in the unit its table states."""

from __future__ import annotations

import pytest

from hyoka.extractors.model import Cell
from hyoka.profiles.generic_amounts import bracketed_amount, read_amount


@pytest.mark.parametrize(
    ("text", "printed", "yen"),
    [
        ("12,768", 12768.0, 12_768_000.0),
        ("△1,200", -1200.0, -1_200_000.0),
        ("▲50", -50.0, -50_000.0),
        ("326,800(0)", 326800.0, 326_800_000.0),
        ("526,650(526,650)※既存分含む", 526650.0, 526_650_000.0),
        ("-", None, None),
    ],
)
def test_an_amount_in_thousands(text: str, printed: float | None, yen: float | None) -> None:
    amount = read_amount(Cell(row=0, col=0, text=text), "千円")
    assert amount is not None and (amount.printed, amount.amount, amount.unit) == (printed, yen, "円")


def test_the_bracketed_general_revenue() -> None:
    extra = bracketed_amount(Cell(row=0, col=0, text="326,800(0)"), "千円")
    assert extra is not None and (extra.printed, extra.amount) == (0.0, 0.0)


@pytest.mark.parametrize("text", ["基金繰入金 5,690千円 諸収入 1,200千円", "研究していく。"])
def test_a_note_or_prose_is_not_an_amount(text: str) -> None:
    assert read_amount(Cell(row=0, col=0, text=text), "千円") is None
