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

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell
from hyoka.normalizers.quantities import unit_of
from hyoka.profiles.generic_amounts import Line, read_amount
from hyoka.profiles.generic_grid import label_key
from hyoka.profiles.generic_sheet import YEAR_HEADING, year_in
from hyoka.profiles.generic_vocabulary import PAIR_LABELS, UNIT_HEADER, amount_item
from hyoka.profiles.generic_zones import Period, Zone
from hyoka.specs import indicator_value_row, stated_value_row
from hyoka.specs.locate import Column, header_column
from hyoka.specs.tables import plain, similarity, squash

_TITLE = Column("title", PAIR_LABELS["title"])
_NUMBER = Column("measure_no", PAIR_LABELS["measure_no"])
_UNIT = Column("unit", (UNIT_HEADER,))


def _label_col(zone: Zone, column: Column) -> int | None:
    """The label column of the zone its header names, as the locator matches a declared column."""
    return header_column(zone.grid, range(zone.top, zone.body), column, zone.label_cols)


def indicator_rows(zone: Zone, measure_key: str | None) -> Iterator[dict[str, Any]]:
    """Indicator values of a grid zone: one row per printed value under a year column."""
    grid = zone.grid
    unit_col = _label_col(zone, _UNIT)
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
    # A unit column naming a unit the normalizers do not know (t-CO2) is the row's unit, not a reading hint.
    known = hint if hint is not None and unit_of(hint) is not None else None
    row = indicator_value_row(
        cell,
        indicator_name=name,
        unit_hint=known,
        fiscal_year=period.fiscal_year,
        metric=period.metric,
        **_keys(measure_key, name),
    )
    return {**row, "unit": row["unit"] or unit or None}


def _labels(parsed: nz.Quantity) -> str:
    """The words a reading prints before its figures (前年度比 in 前年度比89%増)."""
    return "".join(part.label for part in parsed.parts if part.label)


def _keys(measure_key: str | None, name: str) -> dict[str, str | None]:
    """An indicator row's keys: its measure's, and the indicator's within the measure."""
    return {"measure_key": measure_key, "indicator_key": f"{measure_key}/{name}" if measure_key else name}


@dataclass(frozen=True)
class Record:
    """One measure's row of a row-per-measure zone: its title cell and its amount lines per year block."""

    title: Cell
    number: Cell | None
    blocks: dict[tuple[int, str | None], list[tuple[Line, Period]]]


def is_record_zone(zone: Zone) -> bool:
    """Items across (each year column's header names an item) and a title column to the left."""
    if _label_col(zone, _TITLE) is None:
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
    title_col = _label_col(zone, _TITLE)
    number_col = _label_col(zone, _NUMBER)
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
            line = Line(label=label, key=label_key(label), item=item, figures={0: amount})
            blocks.setdefault((period.fiscal_year, period.basis), []).append((line, period))
        yield Record(title, grid.anchor(row, number_col) if number_col is not None else None, blocks)


# An indicator stated in a sentence with its target: 指標：企業立地件数【数値目標：令和7年度までに50件/年（…）】.
_STATED_TARGET = re.compile(
    r"指標\s*[：:]\s*(?P<name>[^【】：:]+?)\s*【\s*(?:数値目標|目標値|目標)\s*[：:]\s*(?P<value>[^（(】]+)"
)
_BY_WHEN = re.compile(r"^.*?(までに|時点で|末に|末で)")
_BY_YEAR = re.compile(r"(?:令和|平成|R|H)\s*(?:\d+|元)\s*年度?末?までに")


def _year_by(explanation: str) -> int | None:
    """The one year a target's explanation says it is to be reached by (…令和7年度までに400者認定…)."""
    years = {year_in(m.group(0)) for m in _BY_YEAR.finditer(explanation)}
    return years.pop() if len(years) == 1 else None


def stated_targets(cell: Cell, measure_key: str | None) -> Iterator[dict[str, Any]]:
    """Targets stated in a sentence of the cell, one indicator value each (the year where the sentence gives one)."""
    text = unicodedata.normalize("NFKC", cell.text)
    for match in _STATED_TARGET.finditer(text):
        name = plain(match.group("name"))
        closing = text.find("】", match.end())
        explanation = text[match.end() : closing if closing >= 0 else len(text)]
        printed = match.group("value").strip()
        figure = _BY_WHEN.sub("", printed)
        parsed = nz.quantity(figure).value
        if parsed is None or (parsed.value is None and not parsed.parts):
            continue
        main = parsed.parts[-1].quantity if parsed.value is None and parsed.parts else parsed
        if main.value is None:
            continue
        year = year_in(printed) if figure != printed else _year_by(explanation)
        yield stated_value_row(
            cell,
            printed,
            main,
            indicator_name=name,
            # The words labelling the figure (前年度比), and the whole reading's qualifiers when the figure is a part.
            qualifier=_labels(parsed) + ("".join(parsed.qualifiers) if main is not parsed else "") or None,
            fiscal_year=year,
            metric="target",
            **_keys(measure_key, name),
        )


# Results reported in bullets under year headings (（令和５年度）・ 指標名：8,962名、前年度比89％増 ※R6.3.31時点, or
# ・ 指標名（31件（R6.12末時点）、目標：30件）): each bullet naming an indicator the sheet states gives that
# year's values, 目標 ones as targets and the others as actuals.
_BULLET = re.compile(r"・\s+(?P<body>.+?)(?=\s*(?:・\s|\(\d{1,2}\)|※|$))")
_BULLET_NAME = re.compile(r"(?P<name>[^:()]{2,60}?)\s*(?::\s*(?P<listed>.+)|\((?P<bracketed>(?:[^()]|\([^()]*\))+)\))")
_NOTE = re.compile(r"\([^()]*\)|:.*$")
_NAMED_VALUE = re.compile(r"(?P<name>[^:()\d]{2,60}?)\s*:\s*(?P<value>.+)")
_TARGET_PREFIX = re.compile(r"目標\s*:?\s*")
SIMILAR_NAME = 0.6


def _names_an_indicator(name: str, indicators: list[str]) -> bool:
    """Whether a bullet's name is one of the sheet's stated indicators, as printed or reworded slightly
    (京都館WebPV数 for 京都館WebのPV数), also one of several an indicator lists (A、B)."""
    key = squash(name)
    known = {squash(part) for indicator in indicators for part in (indicator, *indicator.split("、"))}
    return any(key == k or similarity(key, k) >= SIMILAR_NAME for k in known if k)


def reported_results(cell: Cell, measure_key: str | None, indicators: list[str]) -> Iterator[dict[str, Any]]:
    """The values of the sheet's indicators reported in the cell's bullets, each under its year heading."""
    text = unicodedata.normalize("NFKC", cell.text)
    headings = list(YEAR_HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)]
    for heading, end in zip(headings, ends[: len(headings)], strict=True):
        year = nz.fiscal_year(heading.group(0)).value
        section = text[heading.end() : end]
        for bullet in _BULLET.finditer(section):
            found = _BULLET_NAME.match(bullet.group("body"))
            if found is None or not isinstance(year, int) or not _names_an_indicator(found.group("name"), indicators):
                continue
            name = plain(found.group("name"))
            for printed in _top_level(found.group("listed") or found.group("bracketed")):
                # Another indicator listed in the same bullet (A：累計18件、B：累計62件).
                other = _NAMED_VALUE.match(printed)
                if other is not None and _names_an_indicator(other.group("name"), indicators):
                    name, printed = plain(other.group("name")), other.group("value")
                row = _reported_value(printed, name, year, measure_key, cell)
                if row is not None:
                    yield row


def _top_level(text: str) -> list[str]:
    """The pieces of a list separated by 、 outside brackets."""
    pieces, depth, current = [], 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char == "、" and depth == 0:
            pieces.append(current)
            current = ""
        else:
            current += char
    return [p.strip() for p in [*pieces, current] if p.strip()]


def _reported_value(printed: str, name: str, year: int, measure_key: str | None, cell: Cell) -> dict[str, Any] | None:
    stated_target = _TARGET_PREFIX.match(printed)
    figure = _NOTE.sub("", printed[stated_target.end() :] if stated_target else printed).strip()
    parsed = nz.quantity(figure).value
    if parsed is None or parsed.value is None or parsed.unit is None:
        return None
    metric = "target" if stated_target else "actual"
    return stated_value_row(
        cell,
        printed,
        parsed,
        indicator_name=name,
        qualifier=_labels(parsed) or None,
        fiscal_year=year,
        metric=metric,
        **_keys(measure_key, name),
    )
