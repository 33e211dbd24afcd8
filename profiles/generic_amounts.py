"""Amount tables of an evaluation sheet -> budgets rows, and the lines whose totals are recomputed.

Years across and items down (or turned, years down): each body row of a zone is an amount line
named by its label columns (the innermost label names the item, the outer ones its group: 財源,
主な内訳). The unit is read from the row label, the column header, the label header, the rows
heading the band, or the caption printed above the table, in that order; a table that states none
is reported, never guessed. `326,800(0)` is an amount with a second item (the label's bracketed
word, 経費（一財） -> 一般財源) in brackets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.interval import Rounding
from hyoka.audit.rules import FigureRule
from hyoka.extractors.model import Cell, Document
from hyoka.normalizers.units import MONEY
from hyoka.profiles.generic_grid import captions_above, label_key, sheet_texts, stated_unit, truncates
from hyoka.profiles.generic_sheet import year_in
from hyoka.profiles.generic_vocabulary import FUNDING_ITEMS, TOTAL_ITEMS, amount_item
from hyoka.profiles.generic_zones import Period, Zone
from hyoka.specs.budgets import budget_row
from hyoka.specs.line_totals import Line, LineTotals, formula_letter
from hyoka.specs.tables import squash

_BRACKET_WORD = re.compile(r"[(（]([^)）]*)[)）]")

# Every printed total is recomputed from its printed parts (`hyoka.specs.line_totals`): a cost line
# (事業費, 合計; not 予算額 / 決算額: which of the two a table's 財源 fund is not printed) from its sources.
TOTAL_RULES = {
    rule.rule_id: rule
    for rule in (
        FigureRule("generic_total", "total", "合計欄は、それが合計する各行の合計に等しい", "sum"),
        FigureRule("generic_funding", "funding", "事業費は、印字された財源内訳の合計に等しい", "sum"),
        FigureRule("generic_formula", "formula", "欄名に計算式（A+B など）を書いた数値は、その式の値に等しい", "sum"),
        FigureRule("generic_ratio", "ratio", "欄名に X÷Y と書いた率は、X を Y で割った百分率に等しい", "ratio_percent"),
    )
}
TOTALS = LineTotals(
    rule="generic_total",
    funding_rule="generic_funding",
    formula_rule="generic_formula",
    ratio_rule="generic_ratio",
    total_items=TOTAL_ITEMS,
    cost_items=frozenset({"project_cost", "total"}),
    funding_items=FUNDING_ITEMS,
    unsummed_items=frozenset({"user_charge_rate"}),
)


@dataclass(frozen=True)
class Amount:
    """One printed amount: the cell, its value in printed units and in the contract's unit."""

    cell: Cell
    printed: float | None  # as printed (千円 figures stay in 千円), for the audit's rounding
    amount: float | None  # in the contract's unit
    unit: str | None
    na_marker: str | None


@dataclass(frozen=True)
class AmountTable:
    zone: Zone
    lines: tuple[Line[Amount], ...]
    unit: str | None
    rounding: Rounding
    caption: str


def zone_unit(document: Document, zone: Zone) -> tuple[str | None, Rounding, str]:
    """The money unit stated for a zone, its rounding, and the caption it was read from."""
    grid = zone.grid
    texts = [zone.header(c) for c in (*zone.label_cols, *(p.col for p in zone.periods))]
    texts += grid.row_texts(zone.top, range(grid.n_cols))
    bbox = _zone_box(zone)
    if bbox is not None:
        texts += [b.text for b in captions_above(document, grid.table, bbox[0], bbox[2])]
    texts += [t for t in sheet_texts(document, grid.table) if "単位" in t]
    for text in texts:
        unit = stated_unit(text)
        if unit is not None:
            return unit, "truncate" if truncates(text) else "round", text
    return None, "round", ""


def _zone_box(zone: Zone) -> tuple[float, float, float, float] | None:
    boxes = [
        cell.bbox
        for col in (*zone.label_cols, *(p.col for p in zone.periods))
        if (cell := zone.grid.cell(zone.top, col)) is not None and cell.bbox is not None
    ]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def read_amount(cell: Cell, unit: str | None) -> Amount | None:
    """A cell's amount, or None when the cell is not an amount (text, a figure in another unit).

    One reading in the table's unit; the figure as printed (for the audit's rounding) is that
    reading divided back by the unit's scale."""
    # A footnote after the figure (526,650(526,650)※既存分含む) qualifies it; the figure is before it.
    text = cell.text.split("※")[0] if re.match(r"^[^※]*\d", cell.text) else cell.text
    parsed = nz.quantity(text, unit_hint=unit).value if unit else nz.quantity(text).value
    if parsed is None or (parsed.value is None and parsed.na_marker is None and not parsed.parts):
        return None
    # Several labelled figures in one cell (基金繰入金 5,690千円 …) are a note, not an amount.
    bracketed = len(parsed.parts) == 2 and parsed.parts[1].label == "()"
    if parsed.value is None and parsed.parts and not bracketed:
        return None
    main = parsed.parts[0].quantity if parsed.parts and parsed.value is None else parsed
    if unit is None:
        return Amount(cell, main.value, None, None, parsed.na_marker)
    scale = MONEY.get(unit, 1.0) if unit != "%" else 1.0
    printed = main.value / scale if main.value is not None else None
    return Amount(
        cell, printed, main.value, main.unit or parsed.unit or ("%" if unit == "%" else "円"), parsed.na_marker
    )


def bracketed_amount(cell: Cell, unit: str | None) -> Amount | None:
    """The figure in brackets after an amount (326,800(0)), in the line's unit."""
    raw = nz.quantity(cell.text.split("※")[0]).value
    if raw is None or not raw.parts or raw.parts[-1].label != "()":
        return None
    value = raw.parts[-1].quantity.value
    scaled = nz.quantity(f"{value}", unit_hint=unit).value if unit and value is not None else None
    return Amount(cell, value, scaled.value if scaled else None, (scaled.unit if scaled else None) or "円", None)


def amount_lines(zone: Zone, unit: str | None) -> list[Line[Amount]]:
    """The zone's amount lines, top to bottom, until prose or a caption crosses the zone."""
    grid = zone.grid
    lines: list[Line[Amount]] = []
    for row in range(zone.body, grid.n_rows):
        if any(grid.spans_beyond(row, p.col, zone.first, zone.last) for p in zone.periods):
            break
        cells = {p.col: grid.anchor(row, p.col) for p in zone.periods}
        if any(c is not None and c.text and read_amount(c, None) is None for c in cells.values()):
            break
        labels = grid.row_texts(row, zone.label_cols)
        if not labels:
            continue
        inner = labels[-1]
        key = label_key(inner)
        group = " ".join(labels[:-1])
        line = Line[Amount](
            label=inner,
            key=key,
            item=amount_item(key) or "line_item",
            group=group,
            letter=formula_letter(inner),
            part=TOTALS.is_part(key),
            partial_group=any(TOTALS.is_selection(g) for g in labels[:-1]),
        )
        if line.partial_group:
            line.item = "line_item"
        # The line's own unit, else its group's (財源（千円） over 国庫支出金 / 一般財源), else the table's.
        row_unit = next((u for label in reversed(labels) if (u := stated_unit(label)) is not None), unit)
        for col, cell in cells.items():
            if cell is not None and cell.text:
                amount = read_amount(cell, "%" if line.item == "user_charge_rate" else row_unit)
                if amount is not None:
                    line.figures[col] = amount
        lines.append(line)
    return lines


def bracket_item(label: str) -> str | None:
    """The item a label's bracketed word names for the bracketed figures (経費（一財） -> general_revenue)."""
    for word in _BRACKET_WORD.findall(squash(label)):
        item = amount_item(label_key(word) or word)
        if item is not None:
            return item
    return None


def budget_rows(
    measure_key: str | None, line: Line[Amount], period: Period, amount: Amount, unit: str | None
) -> Iterator[dict[str, Any]]:
    """A line's amount for one period, and the amount in brackets after it when the line's label names
    that one's item (経費（一財） | 326,800(0): 事業費 326,800 and 一般財源 0)."""
    second = bracket_item(line.label)
    extra = bracketed_amount(amount.cell, stated_unit(line.label) or unit) if second else None
    for item, figure in ((line.item, amount), (second, extra)):
        if item is not None and figure is not None:
            yield budget_row(
                figure.cell,
                measure_key,
                period.fiscal_year,
                item,
                figure.amount,
                figure.unit,
                "amounts",
                basis=period.basis,
                item_label=line.label,
            )


@dataclass(frozen=True)
class Note:
    """An amount named in a note inside an amount table (「その他」財源の主な内容: 資源物売却 14,698千円)."""

    label: str  # the named amount (資源物売却)
    row_label: str  # the note's own label (R6年度における「その他」財源の主な内容)
    amount: float
    text: str  # the note's printed line
    cell: Cell


def notes(zone: Zone) -> list[Note]:
    """Notes below a zone's lines whose every printed line names an amount with its own unit."""
    grid = zone.grid
    found: list[Note] = []
    seen: set[int] = set()
    for row in range(zone.body, grid.n_rows):
        cell = grid.cell(row, zone.first)
        if cell is None or id(cell) in seen or not cell.lines:
            continue
        seen.add(id(cell))
        parsed = [nz.quantity(line).value for line in cell.lines]
        if not all(q is not None and q.unit == "円" and q.parts and q.parts[0].label for q in parsed):
            continue
        last = row + (cell.col_span if grid.transposed else cell.row_span) - 1
        labels = [t for r in range(row, last + 1) for t in grid.row_texts(r, zone.label_cols)]
        for line, quantity in zip(cell.lines, parsed, strict=True):
            assert quantity is not None and quantity.value is not None
            found.append(Note(quantity.parts[0].label or "", " ".join(labels), quantity.value, line, cell))
    return found


def note_row(measure_key: str | None, note: Note) -> dict[str, Any]:
    """A note's amount: a partial line item (never a total's part), for the year its label names."""
    row_year = year_in(note.row_label)
    return budget_row(
        note.cell,
        measure_key,
        row_year,
        "line_item",
        note.amount,
        "円",
        "note",
        value_text=note.text,
        item_label=note.label,
    )
