"""Every row of seed_examples.csv: a real cell from a seed, its value written by hand.

Expected-value notation (column `expected`):
- quantity: '129 %' (value and unit), '55 - 累計' (no unit, qualifiers after), '1' (bare),
  '105 回/年度 程度' (a rate: unit/per), 'NA －' (marker, then qualifiers), 'TEXT' (text
  result), 'PARTS label:value unit; ...' (top-level value None for several parts, the
  part's for one), '16 件 | PARTS :16 件; ():84 %' (a value and its parts, as for a
  bracketed aside);
- fiscal_year: '2018', '2018-2021' (a range) or 'REASON';
- grade: 'A 適切' (letter, label) or 'c'; flag: 'true' / 'false' / 'REASON';
- names: 'a|b'; header: 'field year unit' with '-' for none; text: the normalised text;
- unit_from_name: the unit.
Option `lines`: the cell is given as its printed lines (one per line of the CSV field).
Any function's 'REASON' means: no value, and a reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hyoka import normalizers
from hyoka.normalizers import Quantity, YearRange

TABLE = Path(__file__).with_name("seed_examples.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))


def _options(option: str) -> dict[str, str]:
    if option in ("", "lines"):
        return {}
    key, value = option.split("=", 1)
    return {"era": value} if key == "era" else {"unit_hint": value}


# value, unit, per, qualifiers
Spec = tuple[float | None, str | None, str | None, tuple[str, ...]]


def _expected_quantity(spec: str) -> Spec:
    value, *rest = spec.split()
    unit, _, per = (rest[0] if rest and rest[0] != "-" else "").partition("/")
    return float(value), unit or None, per or None, tuple(rest[1:])


def _got_quantity(q: Quantity) -> Spec:
    return q.value, q.unit, q.per, q.qualifiers


def _check_parts(q: Quantity, specs: str) -> list[tuple[str | None, *Spec]]:
    got = [(part.label, *_got_quantity(part.quantity)) for part in q.parts]
    want = []
    for spec in specs.split("; "):
        label, quantity_spec = spec.rsplit(":", 1)
        want.append((label or None, *_expected_quantity(quantity_spec)))
    assert got == want
    return want


def _check_quantity(q: Quantity, expected: str) -> None:
    if expected == "TEXT":
        assert (q.value, q.na_marker, q.parts) == (None, None, ())
    elif expected.startswith("NA "):
        marker, *qualifiers = expected[3:].split()
        assert (q.value, q.na_marker, q.qualifiers) == (None, marker, tuple(qualifiers))
    elif expected.startswith("PARTS "):
        want = _check_parts(q, expected[6:])
        if len(want) == 1:
            assert (q.value, q.unit) == want[0][1:3]
        else:
            assert q.value is None
    elif " | PARTS " in expected:
        top, parts = expected.split(" | PARTS ")
        assert _got_quantity(q) == _expected_quantity(top)
        _check_parts(q, parts)
    else:
        assert _got_quantity(q) == _expected_quantity(expected)
        assert q.na_marker is None


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['seed_file'][:3]}:{r['seed_line']}:{r['function']}" for r in ROWS])
def test_seed_example(row: dict[str, str]) -> None:
    function = getattr(normalizers, row["function"])
    cell = row["cell"].splitlines() if row["option"] == "lines" else row["cell"]
    result = function(cell, **_options(row["option"]))
    expected = row["expected"]
    if expected == "REASON":
        assert result.value is None and result.reason
        return
    assert result.reason is None, result.reason
    match row["function"]:
        case "quantity":
            _check_quantity(result.value, expected)
        case "fiscal_year":
            first, _, last = expected.partition("-")
            want = YearRange(int(first), int(last)) if last else int(first)
            assert result.value == want
        case "grade":
            letter, _, label = expected.partition(" ")
            assert (result.value.letter, result.value.label) == (letter, label or None)
        case "flag":
            assert result.value is (expected == "true")
        case "names":
            assert result.value == tuple(expected.split("|"))
        case "header":
            field, year, unit = [*expected.split(), "-", "-"][:3]
            assert result.value.field == (None if field == "-" else field)
            assert result.value.fiscal_year == (None if year == "-" else int(year))
            assert result.value.unit == (None if unit == "-" else unit)
        case "text" | "unit_from_name":
            assert result.value == expected


def test_table_is_large_and_covers_every_seed_and_function() -> None:
    assert len(ROWS) >= 200
    assert {r["seed_file"][:3] for r in ROWS} == {"000", "001", "002", "003", "004"}
    functions = {"quantity", "fiscal_year", "grade", "flag", "names", "header", "text", "unit_from_name"}
    assert {r["function"] for r in ROWS} == functions
    assert any(r["option"] == "lines" for r in ROWS)
