"""Zones read row by row: indicator grids (指標名, 単位, 目標 / 実績 / 見込 by year) and workbooks
with one row per measure and repeated year blocks (財源内訳, 事業費計, 人件費, トータルコスト by year),
where each column's header band names its year, its basis and its item.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import normalizers as nz
from extractors.model import Cell
from profiles.generic_amounts import Line, read_amount
from profiles.generic_grid import label_key
from profiles.generic_sheet import year_in
from profiles.generic_vocabulary import PAIR_LABELS, UNIT_HEADER, amount_item
from profiles.generic_zones import Period, Zone
from profiles.tables import evidence, plain, squash

_TITLE_HEADERS = frozenset(label_key(w) for w in PAIR_LABELS["title"])
_NUMBER_HEADERS = frozenset(label_key(w) for w in PAIR_LABELS["measure_no"])


def _label_col(zone: Zone, wanted: frozenset[str] | None = None, word: str | None = None) -> int | None:
    for col in zone.label_cols:
        key = label_key(zone.header(col))
        if (wanted is not None and key in wanted) or (word is not None and word in key):
            return col
    return None


def indicator_rows(zone: Zone, measure_key: str | None) -> Iterator[dict[str, Any]]:
    """Indicator values of a grid zone: one row per printed value under a year column."""
    grid = zone.grid
    unit_col = _label_col(zone, word=UNIT_HEADER)
    name_cols = [c for c in zone.label_cols if c != unit_col]
    for row in range(zone.body, grid.n_rows):
        if any(grid.spans_beyond(row, p.col, zone.first, zone.last) for p in zone.periods):
            break
        names = [t for t in grid.row_texts(row, name_cols) if t]
        if not names:
            continue
        name = plain(names[-1])
        unit = plain(grid.text(row, unit_col)) if unit_col is not None else ""
        for period in zone.periods:
            cell = grid.anchor(row, period.col)
            if cell is None or not cell.text or period.metric is None:
                continue
            yield _indicator(measure_key, name, unit, period, cell)


def _indicator(measure_key: str | None, name: str, unit: str, period: Period, cell: Cell) -> dict[str, Any]:
    hint = "%" if period.metric == "achievement_rate" and not unit else (unit or None)
    parsed = nz.quantity(cell.text, unit_hint=hint).value if hint else None
    if parsed is None:
        parsed = nz.quantity(cell.text).value
    value_unit = parsed.unit if parsed is not None and parsed.unit else (unit or None)
    return {
        "measure_key": measure_key,
        "indicator_key": f"{measure_key}/{name}" if measure_key else name,
        "indicator_name": name,
        "fiscal_year": period.fiscal_year,
        "metric": period.metric,
        "value": parsed.value if parsed is not None else None,
        "unit": value_unit,
        "qualifier": (" ".join(parsed.qualifiers) or None) if parsed is not None else None,
        "value_text": cell.value_text or cell.text,
        "na_marker": parsed.na_marker if parsed is not None else None,
        **evidence(cell),
    }


@dataclass(frozen=True)
class Record:
    """One measure's row of a row-per-measure zone: its title cell and its amount lines per year block."""

    title: Cell
    number: Cell | None
    blocks: dict[tuple[int, str | None], list[tuple[Line, Period]]]


def is_record_zone(zone: Zone) -> bool:
    """Items across (each year column's header names an item) and a title column to the left."""
    if _label_col(zone, _TITLE_HEADERS) is None:
        return False
    return sum(column_item(zone, p) is not None for p in zone.periods) * 2 >= len(zone.periods)


def column_item(zone: Zone, period: Period) -> str | None:
    """The item a year column's header names: its lowest header text that names one (国庫支出金 under 財源内訳)."""
    for text in reversed(zone.grid.column_texts(period.col, range(zone.top, zone.body))):
        item = amount_item(label_key(text))
        if item is not None:
            return item
    return None


def records(zone: Zone, unit: str | None) -> Iterator[Record]:
    grid = zone.grid
    title_col = _label_col(zone, _TITLE_HEADERS)
    number_col = _label_col(zone, _NUMBER_HEADERS)
    assert title_col is not None
    items = {
        p.col: (column_item(zone, p), squash(zone.grid.column_texts(p.col, range(zone.top, zone.body))[-1]))
        for p in zone.periods
    }
    for row in range(zone.body, grid.n_rows):
        title = grid.anchor(row, title_col)
        if title is None or not title.text:
            continue
        blocks: dict[tuple[int, str | None], list[tuple[Line, Period]]] = {}
        for period in zone.periods:
            item, label = items[period.col]
            cell = grid.anchor(row, period.col)
            if item is None or cell is None or not cell.text:
                continue
            amount = read_amount(cell, unit)
            if amount is None:
                continue
            line = Line(label=label, item=item, figures={0: amount})
            blocks.setdefault((period.fiscal_year, period.basis), []).append((line, period))
        yield Record(title, grid.anchor(row, number_col) if number_col is not None else None, blocks)


# An indicator stated in a sentence with its target: 指標：企業立地件数【数値目標：令和7年度までに50件/年（…）】.
_STATED_TARGET = re.compile(
    r"指標\s*[：:]\s*(?P<name>[^【】：:]+?)\s*【\s*(?:数値目標|目標値|目標)\s*[：:]\s*(?P<value>[^（(】]+)"
)
_BY_WHEN = re.compile(r"^.*?(までに|時点で|末に|末で)")


def stated_targets(cell: Cell, measure_key: str | None) -> Iterator[dict[str, Any]]:
    """Targets stated in a sentence of the cell, one indicator value each (the year where the sentence gives one)."""
    for match in _STATED_TARGET.finditer(unicodedata.normalize("NFKC", cell.text)):
        name = plain(match.group("name"))
        printed = match.group("value").strip()
        figure = _BY_WHEN.sub("", printed)
        parsed = nz.quantity(figure).value
        if parsed is None or (parsed.value is None and not parsed.parts):
            continue
        main = parsed.parts[-1].quantity if parsed.value is None and parsed.parts else parsed
        if main.value is None:
            continue
        yield {
            "measure_key": measure_key,
            "indicator_key": f"{measure_key}/{name}" if measure_key else name,
            "indicator_name": name,
            "fiscal_year": year_in(printed) if figure != printed else None,
            "metric": "target",
            "value": main.value,
            "unit": main.unit,
            "qualifier": " ".join((*parsed.qualifiers, *main.qualifiers)) or None,
            "value_text": printed,
            "na_marker": None,
            **evidence(cell),
        }
