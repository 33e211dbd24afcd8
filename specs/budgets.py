"""The budgets row map of the spec format: each record row of a located amount table gives one budgets
row per declared amount column (`item`), with the fiscal year its header prints and the unit its header
(or the map) states.

    budgets:
      - table: the 事務事業 table
        key: measure_no              # the row's measure, keyed as measures are (`record_rows`)
        key_pattern: '\\d+'          # only rows whose key matches are records (not the 計 row)
        year: project_cost           # the year a header row prints over this column; else the report's
        unit: 千円                    # when no header of the map's money columns states one
        items: {project_cost: project_cost, staff_total: staff_total}
        units: {staff_total: 人工}    # an item counted in another unit than the map's
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where
from hyoka.extractors.model import Cell
from hyoka.specs.locate import Location, Row
from hyoka.specs.output import ProfileOutput, printed_text
from hyoka.specs.sheets import SheetRecord
from hyoka.specs.tables import evidence

if TYPE_CHECKING:
    from hyoka.specs.schema import BudgetMap, BudgetRelation

# The contract's unit of an amount read under a hint that names none (a person-year count, money).
STAFF_HINTS = frozenset({"人工", "人年"})


def header_year(location: Location, role: str) -> int | None:
    """The fiscal year a header row prints over the role's column alone (令和2年度 over 事業費), not as a
    column's own year heading."""
    part = location.parts[0]
    col = part.columns.get(role)
    if col is None:
        return None
    for r in part.header:
        cell = part.table.cell(r, col)
        parsed = nz.header(cell.text).value if cell is not None else None
        if parsed is not None and parsed.field is None and isinstance(parsed.fiscal_year, int):
            return parsed.fiscal_year
    return None


def header_unit(location: Location, role: str) -> str | None:
    cell = location.header(role)
    parsed = nz.header(cell.text).value if cell is not None else None
    return parsed.unit if parsed is not None and parsed.unit else None


def budget_rows(output: ProfileOutput, mapping: BudgetMap, rows: Iterable[tuple[Location, Row, str]]) -> None:
    """The budgets rows of one map over its table's keyed record rows (`hyoka.specs.record_rows`)."""
    heads: dict[int, tuple[int | None, str]] = {}  # per printing of the table: its year and shared unit
    for location, row, key in rows:
        if id(location) not in heads:
            year = (header_year(location, mapping.year) if mapping.year else None) or output.report_fiscal_year
            money = [role for item, role in mapping.items.items() if item not in mapping.units]
            # A unit printed over one money column (事業費 (千円)) is the unit of the others that print none.
            heads[id(location)] = year, next((u for role in money if (u := header_unit(location, role))), mapping.unit)
        year, shared = heads[id(location)]
        for item, role in mapping.items.items():
            cell = row.cell(role)
            if cell is None or not cell.text.strip():
                continue
            hint = mapping.units.get(item) or header_unit(location, role) or shared
            add_budget(output, cell, hint, key, year, item, mapping.place)


def add_budget(
    output: ProfileOutput, cell: Cell, hint: str, key: str | None, year: int | None, item: str, place: str
) -> None:
    """A budgets row: the amount in the contract's unit (円, 人年), `value_text` as printed, the cell's
    formula (a workbook) and evidence; an amount that cannot be read is also a problem."""
    parsed = nz.quantity(cell.text, unit_hint=hint)
    if parsed.reason is not None:
        output.problems.append(f"{place} {key or ''} {item}: {parsed.reason}")
    quantity = parsed.value
    fallback = "人年" if hint in STAFF_HINTS else "円"
    amount = quantity.value if quantity is not None else None
    unit = quantity.unit if quantity is not None and quantity.unit else fallback
    output.budgets.append(budget_row(cell, key, year, item, amount, unit, place))


def sheet_budgets(output: ProfileOutput, record: SheetRecord, key: str, plan_years: list[int], place: str) -> None:
    """The budgets rows of a label/value sheet's rows of amounts (`hyoka.specs.sheets`), each amount
    with the fiscal year of its column; a blank cell prints no amount."""
    years = record.amount_years(plan_years)
    for item, row in record.amounts.items():
        for cell, year in zip(row.cells, years, strict=False):
            if cell.text.strip():
                add_budget(output, cell, row.unit or "円", key, year, item, place)


def budget_relations(check: BudgetRelation, rule: FigureRule, output: ProfileOutput) -> list[FigureCase]:
    """Per measure and fiscal year, the stated item's amount against the input items' (see `BudgetRelation`)."""
    titles = {m["measure_key"]: m.get("title") or "" for m in output.measures}
    by_year: dict[tuple[str, int | None], dict[str, dict[str, Any]]] = {}
    for row in output.budgets:
        if (check.place is None or row["place"] == check.place) and row["amount"] is not None:
            by_year.setdefault((row["measure_key"], row["fiscal_year"]), {}).setdefault(row["item"], row)
    cases = []
    for (key, year), items in by_year.items():
        if check.stated not in items or any(item not in items for item in check.inputs):
            continue
        fields = {"key": key, "year": year, "title": titles.get(key, "")}
        inputs = tuple(_amount(items[item], check) for item in check.inputs)
        stated = _amount(items[check.stated], check)
        cases.append(FigureCase(rule, check.scope.format(**fields), stated, inputs, check.key.format(**fields)))
    return cases


def _amount(row: dict[str, Any], check: BudgetRelation) -> Figure:
    bbox = tuple(row["bbox"]) if row.get("bbox") is not None else None
    place = Where(page=row.get("page"), bbox=bbox, sheet=row.get("sheet"), cell=row.get("cell"))
    return Figure(row["amount"], row["value_text"], place, "exact", check.labels.get(row["item"]))


def budget_row(
    cell: Cell,
    key: str | None,
    year: int | None,
    item: str,
    amount: float | None,
    unit: str | None,
    place: str,
    **fields: Any,
) -> dict[str, Any]:
    """The one budgets row builder: an amount read from `cell` (in the contract's unit), `value_text` as
    printed, the cell's formula (a workbook) and evidence; `fields` add or replace columns (basis, item_label,
    the value_text of one line of a cell printing several)."""
    return {
        "measure_key": key,
        "fiscal_year": year,
        "item": item,
        "amount": amount,
        "unit": unit,
        "value_text": printed_text(cell),
        "place": place,
        "formula": cell.formula,
        **evidence(cell),
        **fields,
    }
