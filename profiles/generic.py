"""The generic profile: what hyoka reads from an evaluation sheet no series profile claims.

Every table is already in `cells`. Here the sheet's label/value pairs give its measure
(事務事業名, 所管局, 施策名, 実施期間, 方向性); year-headed zones of its tables give amounts
(budgets, items down or across, with the unit the page states for them), indicator values
and, in a workbook with one row per measure, the measures themselves; judgements printed
beside their labels are stated grades (not recomputed: no rule is known); every printed total
is recomputed from its parts (`hyoka.specs.line_totals`). Title and fiscal year come from the
document's own heading. The document is `partial`: no series declares what it should hold.
"""

from __future__ import annotations

from functools import cache

from hyoka import normalizers as nz
from hyoka.audit.interval import Rounding
from hyoka.audit.rules import GradeCase, GradeRule
from hyoka.extractors.model import Cell, Document
from hyoka.profiles import ProfileOutput, stated_grade_rule
from hyoka.profiles.generic_amounts import (
    TOTAL_RULES,
    TOTALS,
    Amount,
    AmountTable,
    Line,
    amount_lines,
    budget_rows,
    note_row,
    notes,
    read_amount,
    zone_unit,
)
from hyoka.profiles.generic_grid import Grid, document_era, label_key, stated_unit
from hyoka.profiles.generic_records import indicator_rows, is_record_zone, records, reported_results, stated_targets
from hyoka.profiles.generic_sentences import sentence_cases
from hyoka.profiles.generic_sheet import Judgement, field_of, judgements, pairs, selections, title_and_year, year_in
from hyoka.profiles.generic_vocabulary import amount_item, basis_of
from hyoka.profiles.generic_zones import Period, Zone, eraless_bands, zones
from hyoka.specs import duplicate_free, measure_row
from hyoka.specs.line_totals import line_total_cases, total_column_cases
from hyoka.specs.tables import plain, where

NO_SERIES = (
    "no report profile recognises this series: its tables are in `cells`, and the generic "
    "profile mapped only what their labels and headers name; run `hyoka inspect` on it and add a report profile."
)


@cache
def judgement_rule(label: str) -> GradeRule:
    """A judgement's rule, its grade type the label printed before it (事業の有効性)."""
    return stated_grade_rule(
        "generic_judgement", label, "a judgement stated in a report no profile knows; its rule is unknown"
    )


class GenericProfile:
    profile_id = "generic"
    description = "any evaluation sheet: label/value pairs, year-headed amount and indicator tables, judgements, totals"

    def score(self, document: Document) -> float:
        return 0.0

    def extract(self, document: Document) -> ProfileOutput:
        output = ProfileOutput(problems=[NO_SERIES])
        output.title, output.report_fiscal_year, _ = title_and_year(document)
        era = document_era(document)
        grids = [Grid(table) for table in document.tables()]
        key = self._sheet_measure(grids, output)
        for page in document.pages:
            for number, block in enumerate(page.text_blocks):
                output.cases.extend(sentence_cases(block, f"p.{page.number} text {number}"))
        for grid in grids:
            read: set[int] = set()
            for zone in zones(grid, era) + zones(grid.turned(), era):
                read |= self._zone(document, zone, key, output)
            for view, line in ((grid, "row"), (grid.turned(), "column")):
                for band in eraless_bands(view, era):
                    output.problems.append(
                        f"the years heading {grid.table.table_id} {line} {band.rows.start} name no era and the"
                        " document names none they can be of; the figures under them are left in `cells`."
                    )
            self._amount_pairs(grid, key, read, output)
            for cell in grid.table.cells:
                if "指標" in cell.text:
                    output.indicator_values.extend(stated_targets(cell, key))
                place = f"{grid.table.table_id} p.{cell.page} row {cell.row} col {cell.col}"
                output.cases.extend(sentence_cases(cell, place))
            for judgement in (*judgements(grid), *selections(grid)):
                self._judgement(judgement, key, output)
        # Results in bullets are read once every indicator the sheet states is known.
        indicators = list(dict.fromkeys(v["indicator_name"] for v in output.indicator_values))
        for grid in grids:
            for cell in grid.table.cells:
                output.indicator_values.extend(reported_results(cell, key, indicators))
        return output

    # --- the measure a sheet is about ------------------------------------------------------------

    def _sheet_measure(self, grids: list[Grid], output: ProfileOutput) -> str | None:
        found: dict[str, tuple[str, Cell]] = {}
        for grid in grids:
            for pair in pairs(grid):
                found.setdefault(pair.field, (pair.value, pair.cell))
        if "title" not in found:
            return None
        title, cell = found["title"]
        key = plain(title)
        number = plain(found["measure_no"][0]) if "measure_no" in found else None
        measure = measure_row(key, cell, title=key, measure_no=number)
        for name in ("departments", "divisions"):
            if name in found:
                measure[name] = list(nz.names(found[name][0]).value or ())
        if "group_name" in found:
            measure["group_name"] = plain(found["group_name"][0])
        if "direction" in found:
            measure["direction"] = plain(found["direction"][0])
        if "period" in found:
            period = nz.fiscal_year(found["period"][0]).value
            first = getattr(period, "first", period if isinstance(period, int) else None)
            measure["period_first"], measure["period_last"] = first, getattr(period, "last", first)
        output.measures.append(measure)
        return key

    # --- zones -----------------------------------------------------------------------------------

    def _zone(self, document: Document, zone: Zone, key: str | None, output: ProfileOutput) -> set[int]:
        """Reads one zone into the output; returns the ids of the amount cells it read."""
        if zone.is_indicator_grid:
            output.indicator_values.extend(indicator_rows(zone, key))
            return set()
        unit, rounding, caption = zone_unit(document, zone)
        if is_record_zone(zone):
            self._records(zone, unit, rounding, output)
            return set()
        # Blank lines stay: a printed source of funding left blank is still one of a total's parts.
        lines = amount_lines(zone, unit)
        if not any(line.figures for line in lines):
            return set()
        place = self._place(zone)
        unstated = [line for line in lines if any(a.unit is None for a in line.figures.values())]
        if unstated:
            names = "、".join(plain(line.label) for line in unstated)
            output.problems.append(
                f"the amounts of {names} at {place} state no unit on the page; they are left in `cells`."
            )
            lines = [line for line in lines if line not in unstated]
        table = AmountTable(zone, tuple(lines), unit, rounding, caption)
        periods = {p.col: p for p in zone.periods}
        for line in table.lines:
            for col, amount in line.figures.items():
                output.budgets.extend(budget_rows(key, line, periods[col], amount, unit))
        for note in notes(zone):
            output.budgets.append(note_row(key, note))
        columns = [p.col for p in zone.periods]
        output.cases.extend(line_total_cases(TOTALS, TOTAL_RULES, table.lines, columns, rounding, place, place))
        self._column_totals(table, key, output)
        return {id(a.cell) for line in lines for a in line.figures.values()}

    def _column_totals(self, table: AmountTable, key: str | None, output: ProfileOutput) -> None:
        """A 合計 column right of the years: each line's sum over them."""
        zone = table.zone
        col = zone.last + 1
        if col >= zone.grid.n_cols or label_key(zone.header(col)) not in TOTALS.total_columns:
            return
        place = self._place(zone)
        totals: list[Amount | None] = []
        for line in table.lines:
            cell = zone.grid.anchor(self._row_of(zone, line), col) if line.figures else None
            totals.append(read_amount(cell, table.unit) if cell is not None and cell.text else None)
        columns = [p.col for p in zone.periods]
        cases = total_column_cases(TOTALS, TOTAL_RULES, table.lines, totals, columns, table.rounding, place, place)
        output.cases.extend(cases)

    @staticmethod
    def _row_of(zone: Zone, line: Line[Amount]) -> int:
        cell = next(iter(line.figures.values())).cell
        return cell.col if zone.grid.transposed else cell.row

    @staticmethod
    def _place(zone: Zone) -> str:
        cell = zone.grid.cell(zone.top, zone.first)
        where_printed = f"p.{cell.page}" if cell is not None and cell.page else (cell.sheet if cell else "")
        return f"{zone.grid.table.table_id} {where_printed} row {zone.top} col {zone.first}".strip()

    def _records(self, zone: Zone, unit: str | None, rounding: Rounding, output: ProfileOutput) -> None:
        place = self._place(zone)
        if unit is None:
            output.problems.append(f"the amounts at {place} state no unit on the page; they are left in `cells`.")
        taken: set[str] = {m["measure_key"] for m in output.measures}
        for record in records(zone, unit):
            title = plain(record.title.text)
            number = plain(record.number.text) if record.number is not None and record.number.text else None
            key = duplicate_free(number or title, taken)
            output.measures.append(measure_row(key, record.title, title=title, measure_no=number))
            for (year, basis), block in record.blocks.items():
                lines = [line for line, _ in block]
                if unit is not None:
                    for line, period in block:
                        output.budgets.extend(budget_rows(key, line, period, line.figures[0], unit))
                scope = f"{place} {key} {year} {basis or ''}".strip()
                case_key = f"{place}:{key}:{year}:{basis}"
                output.cases.extend(line_total_cases(TOTALS, TOTAL_RULES, lines, [0], rounding, scope, case_key))

    # --- figures printed as label/value pairs (予算案 経費（一財）、単位（千円） | 15,300（6,000）) -------

    def _amount_pairs(self, grid: Grid, key: str | None, read: set[int], output: ProfileOutput) -> None:
        for row in range(grid.n_rows):
            for col in range(grid.n_cols - 1):
                label = grid.anchor(row, col)
                unit = stated_unit(label.text) if label is not None and label.text else None
                if label is None or unit is None or field_of(label.text) is not None:
                    continue
                item = amount_item(label_key(label.text))
                value = grid.anchor(row, label.col + label.col_span)
                if item is None or value is None or not value.text or id(value) in read:
                    continue
                amount = read_amount(value, unit)
                if amount is None or amount.amount is None:
                    continue
                year = year_in(" ".join(grid.row_texts(row, range(label.col))))
                line = Line(label=label.text, key=label_key(label.text), item=item, figures={0: amount})
                period = Period(value.col, year, basis_of(label.text), None, label.text)
                output.budgets.extend(budget_rows(key, line, period, amount, unit))

    # --- judgements ------------------------------------------------------------------------------

    @staticmethod
    def _judgement(judgement: Judgement, key: str | None, output: ProfileOutput) -> None:
        output.cases.append(
            GradeCase(
                rule=judgement_rule(judgement.label),
                stated_grade=judgement.grade,
                where=where(judgement.cell),
                inputs=(),
                measure_key=key,
                stated_label=judgement.wording or None,
            )
        )


GENERIC = GenericProfile()
