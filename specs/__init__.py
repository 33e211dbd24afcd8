"""Report series as spec files: one generic profile reads a spec (`profiles/*.yaml`, format in
`hyoka.specs.schema`) and implements `score` and `extract` with the table locator.

Per document the profile reads the title and its fiscal year, locates every declared table through one
`Inventory` (a required table not found: one sentence, the document is partial), builds contract rows
from the declared row maps (one row builder per contract table), calls the series' `read` hook if it
names one, and turns the declared checks into audit cases over named populations (a population that
was not read makes its checks `not_computable`, with the reason).
"""

from __future__ import annotations

import importlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from hyoka import normalizers as nz
from hyoka.audit.rules import (
    DuplicateCase,
    Figure,
    FigureCase,
    FigureRule,
    GradeCase,
    GradeRule,
    SameFactCase,
    Where,
)
from hyoka.extractors.model import Cell, Document, TextBlock
from hyoka.schemas import TABLES
from hyoka.schemas.series import SeriesColumn, declare_series_columns
from hyoka.specs.budgets import budget_relations, budget_rows, sheet_budgets
from hyoka.specs.category_counts import category_counts
from hyoka.specs.chart_legends import chart_legend_cases, legends
from hyoka.specs.column_values import column_values
from hyoka.specs.detection import DocumentTexts
from hyoka.specs.formula_columns import implied_factor, records_of, typed_constants, typed_figure
from hyoka.specs.group_counts import (
    UNREAD_POPULATION,
    Grouped,
    Member,
    checked_printings,
    group_count_cases,
    listed_members,
)
from hyoka.specs.headed_sheets import HeadedSheets, headed_sheets
from hyoka.specs.headings import Accept, HeadedTable, Heading, headed_tables, read_headings
from hyoka.specs.label_grids import (
    Block,
    GridRepeatDecl,
    block_name,
    missing_blocks,
    printed_values,
    rate_cases,
    read_blocks,
    repeated,
    stated_levels,
    unit_of,
)
from hyoka.specs.labelled_counts import labelled_count_cases
from hyoka.specs.line_totals import LineTotalsCheck, located_line_total_cases
from hyoka.specs.listed_headings import measure_of, naming_a_measure, section_facts
from hyoka.specs.locate import Inventory, Location, Row, TableSpec, not_read, read_header
from hyoka.specs.marked_criteria import marked_criteria_cases
from hyoka.specs.numbered_lists import NumberedMeasure, numbered_measures
from hyoka.specs.output import Case, ProfileOutput, duplicate_free, printed_text
from hyoka.specs.presence import presence_cases
from hyoka.specs.record_grades import graded_records, plan_years, plan_years_cases, rows_against_record
from hyoka.specs.records import Records, record_count_cases, record_grade_cases, record_value_rows
from hyoka.specs.same_fact import Printing, record_cases, same_fact_case, same_fact_cases
from hyoka.specs.schedules import prints_entry
from hyoka.specs.schema import (
    BudgetRelation,
    ChartLegend,
    ColumnTotal,
    ColumnValuesMap,
    GradesAgainstRecordMap,
    GroupCounts,
    HeadedSheetDecl,
    ImpliedFactor,
    IndicatorMap,
    KeyList,
    LabelledCount,
    ListedHeadings,
    MeasureMap,
    Presence,
    RecordCount,
    RecordGrades,
    RecordPlace,
    RowRelation,
    SameFact,
    SeriesSpec,
    SheetDecl,
    StatedBreakdown,
    StatedInText,
    TableDecl,
    TypedConstant,
    UniqueKey,
    YearGradesMap,
    YearTotal,
    json_schema,
    load,
)
from hyoka.specs.sheets import SheetRecord, records_by_row, sheet_records
from hyoka.specs.stated_breakdowns import document_breakdown_cases
from hyoka.specs.stated_counts import passages, stated_in_text_cases
from hyoka.specs.tables import (
    contract_values,
    evidence,
    grade_letter,
    header_words,
    is_total_label,
    labelled,
    names_in,
    number_text,
    plain,
    squash,
    where,
    without_circled_number,
)
from hyoka.specs.titles import title_ending_at, title_under_series_line
from hyoka.specs.year_amounts import YearAmounts, year_amount_rows, year_total_cases
from hyoka.specs.year_grades import YearGrades, groups_from_sheets, groups_unread, year_grade_members, year_grades

SCHEMA_FILE = Path(__file__).parent / "series-spec.schema.json"
METRICS = contract_values("indicator_values", "metric")
# A multi-value cell printing no labels (`12回・340人`) takes them from the indicator name's ending
# (`…開催数・参加者数`): the kanji run closing each ・-separated piece.
KANJI_TAIL = re.compile(r"[\u3400-\u9fff々]+$")


@dataclass
class Population:
    """What a check counts or sums: printed figures, or why they were not read."""

    figures: list[Figure]
    unread: str | None = None


# A fact as printed in one place, and where.


@dataclass
class Reading:
    """One document as the spec-driven profile reads it; hooks read and add to it."""

    spec: SeriesSpec
    document: Document
    output: ProfileOutput
    inventory: Inventory
    tables: dict[str, TableSpec]
    located: dict[str, list[Location]]
    populations: dict[str, Population] = field(default_factory=dict)
    # What a `group_counts` check counts: (population, context; "" for a check naming no contexts) -> its
    # members by group.
    members: dict[tuple[str, str], Grouped] = field(default_factory=dict)
    # Each declared `year_amounts` block as located (None: not found).
    year_amounts: dict[str, YearAmounts | None] = field(default_factory=dict)
    # The records of each declared label/value sheet (`sheets:`), by its name.
    sheets: dict[str, list[SheetRecord]] = field(default_factory=dict)
    # The sheets of each declared `headed_sheets` declaration, by its name.
    headed_sheets: dict[str, HeadedSheets] = field(default_factory=dict)
    # Each declared sheet with a `row_of` table: (the row, its sheet's record) per pair.
    sheet_rows: dict[str, list[tuple[Row, SheetRecord]]] = field(default_factory=dict)
    # Each declared `year_grades` table as read, by its name (None: not read).
    year_grades: dict[str, YearGrades | None] = field(default_factory=dict)
    # Records a hook read, by the name `same_fact` places give them (`RecordPlace`): one set per place.
    records: dict[str, list[Records]] = field(default_factory=dict)
    # The blocks of each declared `label_grids` form, by its name.
    label_grids: dict[str, list[Block]] = field(default_factory=dict)
    # The measures of each declared numbered list (`rows: measures` with `numbered`), by number.
    numbered: dict[str, dict[int, NumberedMeasure]] = field(default_factory=dict)
    # The headings naming a numbered list's measures (`listed_headings`), by the heading's name.
    listed_headings: dict[str, list[Heading]] = field(default_factory=dict)

    def table(self, name: str) -> TableSpec:
        return self.tables[name]

    def population(self, name: str) -> Population:
        """The population a check counts over; none registered: not read, named as the table of that name
        if there is one (a population read straight from a declared table)."""
        if name in self.populations:
            return self.populations[name]
        return Population([], not_read(self.tables[name].label_words()) if name in self.tables else UNREAD_POPULATION)

    def grade_rule(self, rule_id: str) -> GradeRule:
        return next(r.rule() for r in self.spec.rules.grades if r.id == rule_id)

    def figure_rule(self, rule_id: str) -> FigureRule:
        return next(r.rule() for r in self.spec.rules.figures if r.id == rule_id)

    def same_fact(self, name: str) -> SameFact:
        check = self.spec.checks[name]
        assert isinstance(check, SameFact), f"check `{name}` is not a same_fact check"
        return check

    def words(self, name: str) -> Any:
        return self.spec.vocabulary[name]

    def same_fact_case(
        self, name: str, scope: str, key: str, first: Printing, second: Printing, why: str | None = None
    ) -> SameFactCase:
        """The declared same_fact check `name` (its kind and words; `why` adds to them) over two printings
        that a hook read: (fact, where) each."""
        return same_fact_case(self.same_fact(name), scope, key, first, second, why=why)

    def templated_case(self, name: str, first: Printing, second: Printing, /, **fields: Any) -> SameFactCase:
        """The declared same_fact check `name` over two printings a hook read, its scope and key the check's
        templates filled with `fields` (the words the hook read: a name, a key, a year as printed)."""
        check = self.same_fact(name)
        return same_fact_case(check, check.scope.format(**fields), check.key.format(**fields), first, second)

    def headings(self, name: str, accept: Accept | None = None) -> list[Heading]:
        """Where the document prints the declared heading `name` (`accept`: only readings the hook accepts)."""
        return read_headings(self.document, self.spec.headings[name], accept)

    def headed_tables(self, table: str, headings: list[Heading] | None = None) -> list[HeadedTable]:
        """Every printing of a declared table with the heading above it: of `headings` (those a hook
        accepted), else of the declared heading the table is read under."""
        if headings is None:
            headings = self.headings(next(n for n, h in self.spec.headings.items() if table in h.tables))
        return headed_tables(self.document, self.tables[table], headings, self.output.report_fiscal_year)

    def declared(self, table: str) -> TableDecl:
        """The table as the spec declares it (its key list, its schedule)."""
        return next(t for t in self.spec.tables if t.name == table)


# ---------------------------------------------------------------- one row builder per contract table


def _contract_columns(table: str) -> tuple[str, ...]:
    return tuple(c for c in TABLES[table].to_schema().columns if c != "document_id")


def measure_row(key: str, cell: Cell | TextBlock, **fields: Any) -> dict[str, Any]:
    """A measures row: every contract column (null unless given), keyed, with the cell's evidence."""
    row: dict[str, Any] = dict.fromkeys(_contract_columns("measures"))
    row.update(fields, measure_key=key)
    row.update(evidence(cell))
    return row


def _part_labels(indicator_name: str, count: int) -> list[str | None]:
    pieces = indicator_name.split("・")
    if len(pieces) < count:
        return [None] * count
    tails = [KANJI_TAIL.search(piece) for piece in pieces[-count:]]
    return [tail.group() if tail else None for tail in tails]


def value_columns(quantity: nz.Quantity | None, indicator_name: str) -> dict[str, Any]:
    """value, unit, qualifier, na_marker and parts of a printed value (a multi-value cell: its first part)."""
    if quantity is None:
        return {"value": None, "unit": None, "qualifier": None, "na_marker": None, "parts": None}
    parts = [p for p in quantity.parts if p.quantity.value is not None]
    if len(parts) <= 1:
        return {
            "value": quantity.value,
            "unit": unit_per_period(quantity),
            "qualifier": "".join(quantity.qualifiers) or None,
            "na_marker": quantity.na_marker,
            "parts": None,
        }
    labels = [p.label for p in parts]
    if any(label is None for label in labels):
        labels = _part_labels(indicator_name, len(parts))
    shown = []
    for label, part in zip(labels, parts, strict=True):
        q = part.quantity
        qualifiers = "".join(q.qualifiers)
        amount = " ".join(s for s in (number_text(q.value or 0.0), q.unit) if s)
        shown.append(f"{label or ''}={qualifiers + ' ' if qualifiers else ''}{amount}")
    first = parts[0].quantity
    return {
        "value": first.value,
        "unit": unit_per_period(first),
        "qualifier": "".join(first.qualifiers) or None,
        "na_marker": None,
        "parts": "; ".join(shown),
    }


def indicator_value_row(
    cell: Cell, *, indicator_name: str, qualifier: str | None = None, unit_hint: str | None = None, **keys: Any
) -> dict[str, Any]:
    """An indicator_values row: `value_text` is the printed text; value, unit, qualifiers (a column's own
    qualifier first, then the cell's, joined without separator) and na_marker read from it once (a figure
    printing no unit takes `unit_hint`'s, the unit its name or column states)."""
    printed = printed_text(cell)
    quantity = _printed_quantity(cell, printed, unit_hint)
    return stated_value_row(cell, printed, quantity, indicator_name=indicator_name, qualifier=qualifier, **keys)


def _printed_quantity(cell: Cell, printed: str, unit_hint: str | None) -> nz.Quantity | None:
    """The quantity a value cell prints. Where its wrapped lines joined read as no figure, each line end
    is taken as a separator: a wrap at a space leaves no space to see ('I-TOP横浜: 310件' over
    'LIP.横浜: 302件' in a narrow cell is two labelled values, joined '310件LIP.横浜' they are none)."""
    quantity = nz.quantity(printed, unit_hint=unit_hint).value
    if quantity is not None and (quantity.value is not None or quantity.parts or quantity.na_marker):
        return quantity
    by_line = nz.quantity(" ".join(cell.lines), unit_hint=unit_hint).value if len(cell.lines) > 1 else None
    return by_line if by_line is not None and (by_line.value is not None or by_line.parts) else quantity


# ---------------------------------------------------------------- the generic profile


def _hook(target: str) -> Callable[[Reading], None]:
    module, _, function = target.partition(":")
    found: Callable[[Reading], None] = getattr(importlib.import_module(module), function)
    return found


TitleHook = Callable[[Document, SeriesSpec], tuple[str | None, int | None]]


def _title_hook(target: str) -> TitleHook:
    """A `title` hook: the document's title and the fiscal year of its edition (read by the spec's words)."""
    module, _, function = target.partition(":")
    found: TitleHook = getattr(importlib.import_module(module), function)
    return found


class SpecProfile:
    """A report profile read from a series spec."""

    def __init__(self, spec: SeriesSpec) -> None:
        self.spec = spec
        self.profile_id = spec.profile_id
        self.description = spec.description
        self.tables = {t.name: t.table_spec(spec.tables) for t in spec.tables}

    def _title_blocks(self, document: Document) -> list[TextBlock]:
        """The blocks that print the title: one holding all its words, or a run of consecutive
        blocks each adding words still missing (a cover sets the title over several lines)."""
        title = self.spec.detection.title
        if title is None:
            return []
        words = [squash(w) for w in title.words]
        for page in document.pages[: title.pages]:
            blocks = page.text_blocks
            for start in range(len(blocks)):
                run: list[TextBlock] = []
                missing = words
                for following in blocks[start:]:
                    adds = [w for w in missing if w in squash(following.text)]
                    if not adds:
                        break
                    run.append(following)
                    missing = [w for w in missing if w not in adds]
                    if not missing:
                        return run
        return []

    def _title_cell(self, texts: DocumentTexts) -> Cell | None:
        """A workbook's title: the first cell printing every title word and a fiscal year."""
        title = self.spec.detection.title
        if title is None:
            return None
        words = [squash(w) for w in title.words]
        for cell, text in texts.cells:
            if all(w in text for w in words) and nz.fiscal_year(cell.text).ok:
                return cell
        return None

    def score(self, document: Document, texts: DocumentTexts | None = None) -> float:
        """`texts`: the document's texts as detection reads them, shared by every series' score."""
        texts = texts or DocumentTexts(document)
        detection = self.spec.detection
        titled = self._title_blocks(document) or self._title_cell(texts)
        score = detection.title.weight if detection.title and titled else 0.0
        for weight in detection.tables:
            table_spec = self.tables[weight.table]
            for table in texts.header_candidates(table_spec):
                header = read_header(table, table_spec)
                if header is not None and (header.years or not weight.years):
                    score += weight.weight
                    break
        score += sum(w.weight for w in detection.words if texts.prints(*w.words))
        return min(score, 1.0)

    def extract(self, document: Document) -> ProfileOutput:
        output = ProfileOutput()
        blocks = self._title_blocks(document)
        output.title = plain(" ".join(line for block in blocks for line in block.lines)) if blocks else None
        if output.title is None and (cell := self._title_cell(DocumentTexts(document))) is not None:
            output.title = plain(cell.text)
        year = nz.fiscal_year(output.title).value if output.title else None
        output.report_fiscal_year = year if isinstance(year, int) else None
        if self.spec.detection.title is not None and self.spec.detection.title.running:
            output.title = running_title(document, self.spec.detection.title.words[0]) or output.title
        if (declared := self.spec.detection.title) is not None and declared.ends_at is not None:
            output.title, output.report_fiscal_year = title_ending_at(document, declared.ends_at, declared.year_label)
        if declared is not None and declared.under_series_line is not None:
            output.title = title_under_series_line(document, declared.under_series_line)
        if "title" in self.spec.hooks:  # a series printing its title its own way (a workbook's title row)
            output.title, output.report_fiscal_year = _title_hook(self.spec.hooks["title"])(document, self.spec)
        output.document_fields.update(labelled_values(document, self.spec.document_fields))
        inventory = Inventory(tuple(self.tables.values()))
        year = output.report_fiscal_year
        located = {name: self._locate(inventory, document, name, year) for name in self.tables}
        output.problems += inventory.problems()
        reading = Reading(self.spec, document, output, inventory, self.tables, located)
        for declared in self.spec.sheets:
            reading.sheets[declared.name] = sheet_records(document, declared)
            if not reading.sheets[declared.name]:
                # (named by its first labels and its rows of amounts)
                labels = [*declared.labels[:2], *declared.amounts.values()]
                output.problems.append(f"No {declared.name} ({' | '.join(labels)}) was found.")
            if declared.row_of is not None:
                reading.sheet_rows[declared.name] = sheets_with_rows(reading, declared)
        for headed in self.spec.headed_sheets:
            reading.headed_sheets[headed.name] = headed_sheets(document, headed)
            output.problems += reading.headed_sheets[headed.name].problems(headed)
            output.indicator_values += sheet_indicator_rows(headed, reading.headed_sheets[headed.name])
        self._measures(reading)
        for budget_map in self.spec.rows.budgets:
            keyed = record_rows(reading.located[budget_map.table], budget_map.key, budget_map.key_pattern)
            budget_rows(reading.output, budget_map, ((location, row, key) for location, row, _, key in keyed))
        for amounts_map in self.spec.rows.year_amounts:
            reading.year_amounts[amounts_map.name] = year_amount_rows(output, document, amounts_map)
        self._indicator_values(reading)
        self._label_grids(reading)
        self._grades(reading)
        for criteria in self.spec.marked_criteria:
            cases, problems = marked_criteria_cases(document, criteria, reading.grade_rule, output.report_fiscal_year)
            output.cases += cases
            output.problems += problems
        for grades_map in self.spec.rows.year_grades:
            reading.year_grades[grades_map.table] = read_year_grades(reading, grades_map)
        for against_record in self.spec.rows.grades_against_record:
            read_grades_against_record(reading, against_record)
        for listed in self.spec.listed_headings:
            read_listed_headings(reading, listed)
        for values_map in self.spec.rows.column_values:
            read_column_values(reading, values_map)
        for indicator_map in self.spec.rows.indicator_values:
            if indicator_map.heading is not None:
                read_headed_indicator_values(reading, indicator_map)
        for counts in self.spec.category_counts:
            figures = category_counts(counts, reading.located[counts.table])
            unread = None if figures else not_read(reading.table(counts.table).label_words())
            reading.populations[counts.name] = Population(figures, unread)
        if "read" in self.spec.hooks:
            _hook(self.spec.hooks["read"])(reading)
        for values_map in self.spec.rows.record_values:
            output.indicator_values += record_value_rows(values_map, reading.records, indicator_value_row)
        if output.report_fiscal_year is None:
            # (a hook may read the year where the series prints it, when the title names none)
            output.problems.append("The report's fiscal year could not be read from its title.")
        output.cases += self._checks(reading)
        output.located = inventory.decisions()
        return output

    def _locate(self, inventory: Inventory, document: Document, name: str, year: int | None) -> list[Location]:
        """Every printing of a declared table (bare years read nearest the report's `year`); with
        `year_count`, only those with that many year columns; with `schedule`, only those printing an entry."""
        table_spec = self.tables[name]
        located = inventory.locate_all(document, table_spec, year)
        declared = next(t for t in self.spec.tables if t.name == name)
        if declared.year_count is None and declared.schedule is None:
            return located
        kept = located
        if (year_count := declared.year_count) is not None:
            kept = [location for location in kept if year_count.admits(len(location.years))]
            for location in kept:
                location.reasons.append(f"taken as {name}: a column for {len(location.years)} year(s)")
        if declared.schedule is not None:
            kept = [location for location in kept if prints_entry(location, declared.schedule)]
        inventory.record(table_spec, kept)
        return kept

    def _population(self, reading: Reading, name: str, figures: list[Figure]) -> None:
        table = reading.table(name)
        unread = reading.inventory.unread(table) or (None if figures else not_read(f"{table.label_words()}の行"))
        reading.populations[name] = Population(figures, unread)

    def _measures(self, reading: Reading) -> None:
        for mapping in self.spec.rows.measures:
            if mapping.numbered is not None:
                read_numbered_measures(reading, mapping)
                continue
            figures: list[Figure] = []
            key_list = reading.declared(mapping.table).key_list
            located = reading.located[mapping.table]
            for _, row, key_cell, key in record_rows(located, mapping.key, mapping.key_pattern, key_list):
                # Each key as printed: a unique_key check over the population sees a key printed twice.
                listed = key_list.keys_in(key_cell.text) if key_list else (plain(key_cell.text),)
                # A blank cell prints nothing: null, as a role the printing lacks.
                fields = {
                    column: (plain(c.text) or None) if (c := row.cell(role)) else None
                    for column, role in mapping.fields.items()
                }
                fields |= {column: names_in(row.cell(role)) or None for column, role in mapping.names.items()}
                fields |= {column: _flag_in(row.cell(role)) for column, role in mapping.flags.items()}
                if mapping.printed_key is not None:
                    fields[mapping.printed_key] = " ".join(listed)
                reading.output.measures.append(measure_row(key, key_cell, **mapping.constants, **fields))
                figures += [Figure(None, k, where(key_cell), label=fields.get("title")) for k in listed]
            self._population(reading, mapping.table, figures)

    def _indicator_values(self, reading: Reading) -> None:
        for mapping in self.spec.rows.indicator_values:
            if mapping.heading is not None:
                continue  # read under the headings, once they are read (`read_headed_indicator_values`)
            taken: set[str] = set()
            figures: list[Figure] = []
            for row, name_cell in printed_rows(reading, mapping.table, mapping.name):
                measure_cell = row.cell(mapping.measure) if mapping.measure else None
                name = plain(name_cell.text)
                measure_key = plain(measure_cell.text) if measure_cell is not None else None
                key = duplicate_free(f"{measure_key}-{name}" if measure_key else name, taken)
                figures.append(Figure(None, name, where(name_cell), label=key))
                cells = [(y.year, metric_of(squash(y.header.text)), cell) for y, cell in row.year_cells()]
                reading.output.indicator_values += year_value_rows(mapping, name_cell, measure_key, key, cells)
            self._population(reading, mapping.table, figures)

    def _label_grids(self, reading: Reading) -> None:
        """Each declared form's blocks: their labelled values and grid figures as indicator_values rows (a value
        reading as no figure of the unit the name states says why), each level their grids state a grade case."""
        for declared in self.spec.label_grids:
            blocks = read_blocks(reading.document, declared)
            reading.label_grids[declared.name] = blocks
            reading.output.problems += missing_blocks(declared, blocks)
            grid = declared.grid
            for block in blocks:
                if grid.level_rule is not None:
                    rule = reading.grade_rule(grid.level_rule)
                    reading.output.cases += [
                        GradeCase(
                            rule, s.letter, where(s.located.cell), (), None, s.fiscal_year, s.graded_on, place=grid.name
                        )
                        for s in stated_levels(grid, block)
                    ]
                for repeat in grid.repeats:
                    reading.output.cases += repeat_cases(reading, repeat, block)
                if grid.rate is not None:
                    cases, problems = rate_cases(grid, block, reading.figure_rule, typed_figure)
                    reading.output.cases += cases
                    reading.output.problems += problems
                name = block_name(block)
                named_unit = unit_of(declared, name)
                for value in printed_values(declared, block):
                    cell, unit = value.located.cell, value.unit or named_unit
                    if (reason := nz.quantity(printed_text(cell), unit_hint=unit).reason) is not None:
                        reading.output.problems.append(f"{value.place} {block.key} {value.metric}: {reason}")
                    reading.output.indicator_values.append(
                        indicator_value_row(
                            cell,
                            indicator_name=name or "",
                            qualifier=value.qualifier,
                            unit_hint=unit,
                            measure_key=None,
                            indicator_key=block.key,
                            fiscal_year=value.fiscal_year,
                            metric=value.metric,
                            place=value.place,
                            formula=cell.formula,
                        )
                    )

    def _grades(self, reading: Reading) -> None:
        for mapping in self.spec.rows.grades:
            rule = reading.grade_rule(mapping.rule)
            key_role = reading.table(mapping.table).key
            for row, grade_cell in printed_rows(reading, mapping.table, mapping.grade):
                inputs = []
                for role in mapping.inputs:
                    cell = row.cell(role)
                    if cell is None:
                        continue
                    # A decision table reads marks (○, △, blank), bands read printed figures.
                    mark = Figure(None, plain(cell.text), where(cell), label=role)
                    inputs.append(mark if rule.aggregate == "decision" else printed_figure(cell, role))
                key_cell = row.cell(key_role)
                reading.output.cases.append(
                    GradeCase(
                        rule=rule,
                        stated_grade=grade_letter(grade_cell) or plain(grade_cell.text),
                        where=where(grade_cell),
                        inputs=tuple(inputs),
                        measure_key=plain(key_cell.text) if key_cell is not None else None,
                        fiscal_year=reading.output.report_fiscal_year,
                    )
                )

    def _checks(self, reading: Reading) -> list[Case]:
        rules: dict[str, FigureRule] = {r.id: r.rule() for r in self.spec.rules.figures}
        cases: list[Case] = []
        for name, check in self.spec.checks.items():
            if isinstance(check, StatedInText):
                cases += stated_in_text(reading, check, rules)
            elif isinstance(check, BudgetRelation):
                cases += budget_relations(check, rules[check.rule], reading.output)
            elif isinstance(check, ChartLegend):
                summaries = reading.spec.checks[check.after]
                assert isinstance(summaries, GroupCounts)
                printed = legends(check, summaries, reading.document, reading.located)
                cases += chart_legend_cases(check, rules[check.rule], printed, reading.members)
            elif isinstance(check, UniqueKey):
                population = reading.population(check.population)
                figures = once_per_name(population.figures) if check.once_per_name else population.figures
                ids = tuple((f.text or "", f.where) for f in figures)
                unread = population.unread
                cases.append(DuplicateCase(check.kind, check.scope, ids, check.words, unread=unread))
            elif isinstance(check, ColumnTotal):
                cases += column_totals(check, rules[check.rule], reading.located[check.table])
                missing = missing_total_rows(check, reading.located[check.table])
                reading.output.problems += [p for p in missing if p not in reading.output.problems]
            elif isinstance(check, RowRelation):
                cases += row_relations(check, rules[check.rule], reading.located[check.table])
            elif isinstance(check, GroupCounts):
                for printing in checked_printings(check, reading.document, reading.located[check.table]):
                    population = reading.members.get((check.population, printing.context))
                    if check.members is not None:
                        lists = reading.located[check.members.table]
                        unread = reading.inventory.unread(reading.table(check.members.table))
                        population = listed_members(check, printing, lists, unread)
                    cases += group_count_cases(check, rules, printing, population)
            elif isinstance(check, RecordGrades):
                cases += record_grade_cases(check, reading.grade_rule(check.rule), reading.records)
            elif isinstance(check, SameFact) and check.pairs:
                cases += unpaired_cases(name, check, reading)
            elif isinstance(check, SameFact) and isinstance(check.first, RecordPlace):
                cases += record_cases(check, reading.records)
            elif isinstance(check, Presence):
                cases += presence_cases(check, reading.records, rules)
            elif isinstance(check, RecordCount):
                cross_tab = reading.spec.checks[check.cross_tab]
                assert isinstance(cross_tab, GroupCounts)
                for printing in checked_printings(cross_tab, reading.document, reading.located[cross_tab.table]):
                    cases += record_count_cases(check, cross_tab, rules[check.rule], printing, reading.records)
            elif isinstance(check, StatedBreakdown):
                cases += document_breakdown_cases(check, rules, reading.document)
            elif isinstance(check, SameFact) and check.first is not None:
                sheets = keyed_sheets(reading)
                cases += same_fact_cases(check, reading.tables, reading.inventory, reading.located, sheets)
            elif isinstance(check, TypedConstant | ImpliedFactor) and (located := reading.located[check.table]):
                keyed = record_rows(located, reading.table(check.table).key, check.key_pattern)
                records = records_of((key, row) for _, row, _, key in keyed)
                if isinstance(check, TypedConstant):
                    cases += typed_constants(check, located, records)
                else:
                    cases += implied_factor(check, rules[check.rule], located, records)
            elif isinstance(check, YearTotal) and (amounts := reading.year_amounts.get(check.amounts)) is not None:
                located = reading.located[check.table]
                keyed = record_rows(located, reading.table(check.table).key, check.key_pattern)
                unread = reading.inventory.unread(reading.table(check.table))
                year = reading.output.report_fiscal_year
                records_keyed = ((key, row) for _, row, _, key in keyed)
                cases += year_total_cases(check, rules[check.rule], amounts, located, records_keyed, year, unread)
            elif isinstance(check, LineTotalsCheck):
                cases += located_line_total_cases(check, rules, reading.located[check.table])
            elif isinstance(check, LabelledCount):
                located = reading.located[check.members.table]
                unread = reading.inventory.unread(reading.table(check.members.table))
                cases += labelled_count_cases(check, rules[check.rule], reading.document, located, unread)
            # same_fact without places: the hook reading both printings builds its cases (`Reading.same_fact`).
        return cases


def unpaired_cases(name: str, check: SameFact, reading: Reading) -> list[Case]:
    """A check a hook builds over the rows of its `pairs` tables: the first printed and another not read, one
    not_computable case keyed by the check's name (the hook found nothing to pair)."""
    first, *others = (reading.table(table) for table in check.pairs)
    unread = reading.inventory.unread(*others)
    if not reading.inventory.found.get(first.name) or unread is None:
        return []
    scope = "・".join(t.label_words() for t in others if not reading.inventory.found.get(t.name))
    return [same_fact_case(check, scope, name, (None, Where()), (None, Where()), unread=unread)]


def printed_figure(cell: Cell, label: str | None = None) -> Figure:
    """A figure as printed in a cell: its value read once, its text kept for the rounding."""
    printed = printed_text(cell)
    quantity = nz.quantity(printed).value
    return Figure(quantity.value if quantity is not None else None, printed, where(cell), label=label)


def column_totals(check: ColumnTotal, rule: FigureRule, locations: list[Location]) -> list[Case]:
    """Per printing of the table, its total row's figure against the figures printed above it."""
    cases: list[Case] = []
    for index, location in enumerate(locations, start=1):
        inputs: list[Figure] = []
        for row in location.rows:
            key_cell, cell = row.cell(location.spec.key), row.cell(check.column)
            if key_cell is None or cell is None:
                continue
            total = is_total_label(key_cell.text, check.total_words)
            if not plain(cell.text) and not cell.uncalculated:
                if not total:  # a blank amount adds nothing (a sheet's SUM reads 0)
                    inputs.append(Figure(0.0, "", where(cell), "exact", f"{plain(key_cell.text)} (blank)"))
                continue
            if total:
                scope = f"{location.spec.name}: {check.column} {plain(key_cell.text)}"
                stated = replace(printed_figure(cell, plain(key_cell.text)), rounding=check.rounding)
                cases.append(FigureCase(rule, scope, stated, tuple(inputs), f"{check.column}:{index}"))
                inputs = []
            else:
                inputs.append(replace(printed_figure(cell, plain(key_cell.text)), rounding=check.rounding))
    return cases


def missing_total_rows(check: ColumnTotal, locations: list[Location]) -> list[str]:
    """With `total_required`, one sentence per printing of the table that prints no total row."""

    def prints_total(location: Location) -> bool:
        keys = (row.cell(location.spec.key) for row in location.rows)
        return any(key is not None and is_total_label(key.text, check.total_words) for key in keys)

    return [
        f"{location.spec.name}: its {check.total_words[0]} row (the column totals) was not found."
        for location in locations
        if check.total_required and not prints_total(location)
    ]


def row_relations(check: RowRelation, rule: FigureRule, locations: list[Location]) -> list[Case]:
    """Per data row printing the stated figure, that figure against the row's input figures."""
    cases: list[Case] = []
    for location in locations:
        for row in location.rows:
            key_cell, stated_cell = row.cell(location.spec.key), row.cell(check.stated)
            if key_cell is None or stated_cell is None or stated_cell.blank:
                continue
            if check.key_pattern is not None and not re.fullmatch(check.key_pattern, squash(key_cell.text)):
                continue
            key = plain(key_cell.text)
            inputs = tuple(
                replace(printed_figure(c, role), rounding=check.input_rounding)
                for role in check.inputs
                if (c := row.cell(role)) is not None
            )
            scope = f"{location.spec.name}: {key}"
            cases.append(FigureCase(rule, scope, printed_figure(stated_cell, check.stated), inputs, key))
    return cases


def record_rows(
    locations: list[Location], key: str, key_pattern: str | None, key_list: KeyList | None = None
) -> Iterator[tuple[Location, Row, Cell, str]]:
    """The data rows printing the key (matching `key_pattern`, when given), each with its printing of the
    table, its key cell and a key unique in the table (`duplicate_free`; a cell listing several keys, by
    `key_list`, is keyed by them all)."""
    taken: set[str] = set()
    for location in locations:
        for row in location.rows:
            cell = row.cell(key)
            if cell is None or not plain(cell.text):
                continue
            if key_pattern is None or re.fullmatch(key_pattern, squash(cell.text)):
                printed = " ".join(key_list.keys_in(cell.text)) if key_list else plain(cell.text)
                yield location, row, cell, duplicate_free(printed, taken)


def printed_rows(reading: Reading, table: str, role: str) -> Iterator[tuple[Row, Cell]]:
    """The data rows of every printing of a declared table that print the role's cell."""
    for location in reading.located[table]:
        for row in location.rows:
            cell = row.cell(role)
            if cell is not None and plain(cell.text):
                yield row, cell


def labelled_values(document: Document, labels: dict[str, list[str]]) -> dict[str, str]:
    """Each field's value: the text printed right of the first cell labelled by one of its words."""
    found: dict[str, str] = {}
    for name, words in labels.items():
        for label in labelled(document, *words):
            value = label.right()
            if value is not None and plain(value.text):
                found[name] = plain(value.text)
                break
    return found


@cache
def load_spec_profile(path: Path) -> SpecProfile:
    """The profile of a series spec file (its document fields declared as the series' documents columns)."""
    spec = load(path)
    declare_document_fields(spec)
    declare_spec_series_columns(spec)
    return SpecProfile(spec)


def write_json_schema() -> None:
    """Publish the format: `specs/series-spec.schema.json` (`python -m hyoka.specs`)."""
    SCHEMA_FILE.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def declare_document_fields(spec: SeriesSpec) -> None:
    """The documents columns a spec's `document_fields` fill: text, the series' own columns."""
    columns = [
        SeriesColumn(name, pd.StringDtype(), f"{words[0]}: the text printed right of its label ({spec.profile_id}).")
        for name, words in spec.document_fields.items()
    ]
    if columns:
        declare_series_columns(spec.profile_id, "documents", *columns)


def unit_per_period(quantity: nz.Quantity) -> str | None:
    """The unit as the contract reads it: a rate per period keeps its period (105 回程度／年度 -> 回／年度)."""
    return f"{quantity.unit}／{quantity.per}" if quantity.unit and quantity.per else quantity.unit


def stated_in_text(reading: Reading, check: StatedInText, rules: dict[str, FigureRule]) -> list[Case]:
    """A `stated_in_text` check's cases (`hyoka.specs.stated_counts`), each with a key of its own."""
    cross_tab = None
    if check.cross_tab is not None:
        counts = reading.spec.checks[check.cross_tab.check]
        assert isinstance(counts, GroupCounts)
        cross_tab = counts, checked_printings(counts, reading.document, reading.located[counts.table])
    texts = passages(reading.document, check.cells)
    population = partial(stated_population, reading, check.population)
    taken: set[str] = set()
    return [
        replace(case, key=duplicate_free(case.key, taken))
        for case in stated_in_text_cases(check, rules, texts, population, cross_tab)
    ]


def stated_population(reading: Reading, name: str, context: str) -> Grouped:
    """What a sentence's figure counts: the members the hook gave for (population, context), or without a
    context a population's figures, each in the category its label names."""
    if context:
        return reading.members.get((name, context)) or Grouped(unread=UNREAD_POPULATION)
    population = reading.population(name)
    return Grouped({"": [Member(f.label, f) for f in population.figures]}, population.unread, name=name)


def running_title(document: Document, word: str) -> str | None:
    """A report's running header: the text holding the title's first word printed alike on most pages."""
    counts = Counter(b.text for b in document.text_blocks() if word in b.text)
    repeated = [text for text, n in counts.most_common() if n > 1]
    return plain(repeated[0]) if repeated else None


def sheets_with_rows(reading: Reading, declared: SheetDecl) -> list[tuple[Row, SheetRecord]]:
    """A declared sheet's records paired with the rows of their `row_of` table (its first printing); a sheet
    or a row left unpaired is a problem, one sentence each (none when the table was not found: that is said)."""
    row_of = declared.row_of
    assert row_of is not None
    located, table = reading.located[row_of.table], reading.table(row_of.table)
    if not located:
        return []
    rows = [r for r in located[0].rows if r.cell(table.key) is not None and r.cell(row_of.role) is not None]
    records = reading.sheets[declared.name]
    pairs = records_by_row(rows, records, row_of.role, row_of.field)
    paired = {id(part) for pair in pairs for part in pair}
    for record in records:
        if id(record) not in paired and (name := record.fields.get(row_of.field)) is not None:
            reading.output.problems.append(
                f"The {declared.name} of {plain(name.text)} (p.{name.page}) has no row in {table.label_words()}."
            )
    for row in rows if records else []:
        if id(row) not in paired:
            key, name = row.cell(table.key), row.cell(row_of.role)
            assert key is not None and name is not None
            reading.output.problems.append(f"{plain(key.text)} {plain(name.text)} has no {declared.name}.")
    return pairs


def keyed_sheets(reading: Reading) -> dict[str, list[tuple[str, SheetRecord]]]:
    """Each declared sheet's records paired with rows (`row_of`), keyed by the key their row prints."""
    keyed: dict[str, list[tuple[str, SheetRecord]]] = {}
    for declared in reading.spec.sheets:
        if declared.row_of is not None:
            role = reading.table(declared.row_of.table).key
            pairs = reading.sheet_rows.get(declared.name, [])
            keyed[declared.name] = [(plain(key.text), record) for row, record in pairs if (key := row.cell(role))]
    return keyed


def stated_value_row(
    cell: Cell | TextBlock,
    printed: str,
    quantity: nz.Quantity | None,
    *,
    indicator_name: str,
    qualifier: str | None = None,
    **keys: Any,
) -> dict[str, Any]:
    """An indicator_values row of a value as printed (`printed`: the cell's text, or the words of a sentence
    in it stating the value) and read (`quantity`): value, unit, na_marker and parts from the reading, the
    qualifiers joined one way (the given one first, then the reading's), the cell's evidence."""
    columns = value_columns(quantity, indicator_name)
    joined = "".join(q for q in (qualifier, columns["qualifier"]) if q) or None
    return {
        "indicator_name": indicator_name,
        **keys,
        **columns,
        "qualifier": joined,
        "value_text": printed,
        **evidence(cell),
    }


def read_year_grades(reading: Reading, mapping: YearGradesMap) -> YearGrades | None:
    """A declared grade table's first printing with year columns: its key cells the table's population, its
    grades by kind the members its checks count (a table not read: the checks say why)."""
    table = reading.table(mapping.table)
    read = next((g for loc in reading.located[mapping.table] if (g := year_grades(mapping, table, loc))), None)
    if read is not None and mapping.report_year:
        reading.output.report_fiscal_year = read.years.get(mapping.report)
    group = mapping.group
    if read is not None and group is not None and group.sheet is not None:
        groups_from_sheets(mapping, read, reading.sheet_rows.get(group.sheet, []))
    unread = reading.inventory.unread(table)
    label, group_unread = table.label_words(), None
    if read is not None and (missing := groups_unread(mapping, read, label)) is not None:
        problem, group_unread = missing
        reading.output.problems.append(problem)
    keys = [Figure(None, row.key, where(row.key_cell)) for row in read.rows] if read is not None else []
    reading.populations[mapping.table] = Population(keys, unread)
    reading.members |= year_grade_members(mapping, read, label, unread if read is None else None, group_unread)
    return read


def sheet_indicator_rows(declared: HeadedSheetDecl, read: HeadedSheets) -> list[dict[str, Any]]:
    """The indicator_values rows of the sheets' indicator tables (`HeadedSheetDecl.indicator_rows`)."""
    mapping = declared.indicator_rows
    if mapping is None:
        return []
    fields = declared.tables[mapping.table]
    rows = []
    for sheet in read.sheets:
        by_year = sheet.values.get(mapping.year)
        year = max(by_year, default=None) if isinstance(by_year, dict) else None
        for n, row in enumerate(sheet.rows(mapping.table, fields), start=1):
            cells = dict(zip(fields, row, strict=True))
            printed_name = nz.quantity(cells[mapping.name].text).value
            missing = printed_name is not None and printed_name.na_marker is not None
            name = None if missing else plain(without_circled_number(cells[mapping.name].text))
            rows += [
                indicator_value_row(
                    cells[metric],
                    indicator_name=name,  # type: ignore[arg-type]
                    measure_key=sheet.key,
                    indicator_key=f"{sheet.key}-{n}",
                    fiscal_year=year,
                    metric=metric,
                    place=mapping.place,
                )
                for metric in mapping.metrics
            ]
    return rows


def repeat_cases(reading: Reading, repeat: GridRepeatDecl, block: Block) -> list[SameFactCase]:
    """The declared same_fact check over a figure a label grid's block prints twice (each printing as printed)."""
    cases = []
    for first, second, year in repeated(repeat, block):
        scope, key = (f.format(key=block.key, year=year) for f in (repeat.scope, repeat.key))
        one, other = ((typed_figure(c.cell, "round", repeat.line), where(c.cell)) for c in (first, second))
        cases.append(reading.same_fact_case(repeat.check, scope, key, one, other, why=repeat.why))
    return cases


def read_grades_against_record(reading: Reading, mapping: GradesAgainstRecordMap) -> None:
    """A grade table's rows paired with their records (`hyoka.specs.record_grades`): the measures, the
    records' amounts as budgets, the grade cases (a table not read makes none: the inventory says it)."""
    table = reading.year_grades.get(mapping.table)
    if table is None:
        return
    output, tables = reading.output, reading.year_grades
    declared = next(s for s in reading.spec.sheets if s.name == mapping.sheet)
    assert declared.grades is not None  # (the spec's validation)
    records = graded_records(table, reading.sheet_rows.get(mapping.sheet, []), declared.grades)
    years = plan_years(mapping, tables, output.report_fiscal_year)
    plan, years_check = mapping.plan, None
    if plan is not None and plan.check is not None:
        years_check = reading.same_fact(plan.check)
    for graded in records:
        cell, fields = graded.measure(mapping)
        output.measures.append(measure_row(graded.row.key, cell, **fields))
        if graded.record is not None and mapping.budgets is not None:
            sheet_budgets(output, graded.record, graded.row.key, years, mapping.budgets)
        if years_check is not None and plan is not None:
            printed_plan = tables.get(plan.table) if plan.table else None
            output.cases += plan_years_cases(mapping, years_check, graded, years, printed_plan)
    rules = {r.id: r for r in reading.spec.rules.grades}
    given = reading.same_fact(mapping.given) if mapping.given is not None else None
    cases, problems = rows_against_record(mapping, tables, records, rules, given)
    output.cases += cases
    output.problems += problems


def declare_spec_series_columns(spec: SeriesSpec) -> None:
    """The columns a spec's `series_columns` add to the contract tables."""
    dtypes = {"string": pd.StringDtype(), "integer": pd.Int64Dtype()}
    by_table: dict[str, list[SeriesColumn]] = {}
    for name, column in spec.series_columns.items():
        checks = (pa.Check.ge(column.minimum),) if column.minimum is not None else ()
        by_table.setdefault(column.table, []).append(SeriesColumn(name, dtypes[column.type], column.words, checks))
    for table, columns in by_table.items():
        declare_series_columns(spec.profile_id, table, *columns)


def read_column_values(reading: Reading, mapping: ColumnValuesMap) -> None:
    """A table's values one per named column (`hyoka.specs.column_values`), and its population's figures."""
    year = reading.output.report_fiscal_year
    rows, figures = column_values(mapping, reading.located[mapping.table], year, indicator_value_row)
    if mapping.heading is not None:
        listed = next(h for h in reading.spec.listed_headings if h.heading == mapping.heading)
        headings = reading.listed_headings[mapping.heading]
        above = [t.heading for t in reading.headed_tables(mapping.table, headings) if t.heading is not None]
        measure = measure_of(above[-1], reading.numbered[listed.list]).key if above else None
        for row in rows:
            row["measure_key"] = measure
    reading.output.indicator_values += rows
    if mapping.population is not None:
        unread = None if figures else not_read(reading.table(mapping.table).label_words())
        reading.populations[mapping.population.name] = Population(figures, unread)


def metric_of(header: str) -> str:
    """The metric a year column's header words name (目標値 / 実績), else actual."""
    parsed = nz.header(header).value
    return parsed.field if parsed is not None and parsed.field in METRICS else "actual"


def year_value_rows(
    mapping: IndicatorMap,
    name_cell: Cell,
    measure_key: str | None,
    key: str,
    cells: Iterable[tuple[int, str, Cell]],
) -> list[dict[str, Any]]:
    """An indicator's printed values, one row per (fiscal year, metric, cell) printing one."""
    return [
        indicator_value_row(
            cell,
            indicator_name=plain(name_cell.text),
            measure_key=measure_key,
            indicator_key=key,
            fiscal_year=year,
            metric=metric,
            place=mapping.place,
        )
        for year, metric, cell in cells
        if plain(cell.text)  # a blank year column is a year not reported yet, not a printed value
    ]


def read_headed_indicator_values(reading: Reading, mapping: IndicatorMap) -> None:
    """A table printing no measure, each row the indicator of the measure the heading above it names
    (`IndicatorMap.heading`), and the indicators as the table's population. A bare year (30年度, 元年度) is
    read in the era that makes the columns run on, nearest the report's year."""
    assert mapping.heading is not None
    listed = next(h for h in reading.spec.listed_headings if h.heading == mapping.heading)
    measures = reading.numbered[listed.list]
    counted: Counter[int] = Counter()
    figures: list[Figure] = []
    for headed in reading.headed_tables(mapping.table, reading.listed_headings[mapping.heading]):
        if headed.heading is None:
            continue
        table, header = headed.table, headed.header
        name_col = header.columns[mapping.name]
        years = [(y.year, metric_of(header_words(table, header.rows, y.col)), y.col) for y in header.years]
        for r in range(header.rows.stop, table.n_rows):
            name_cell = table.cell(r, name_col)
            heading = headed.heading_at(name_cell) if name_cell is not None else None
            if name_cell is None or name_cell.row != r or not plain(name_cell.text) or heading is None:
                continue
            measure = measure_of(heading, measures)
            counted[measure.number] += 1
            key = mapping.key.format(number=measure.number, n=counted[measure.number])
            figures.append(Figure(None, plain(name_cell.text), where(name_cell), label=key))
            cells = [(year, metric, cell) for year, metric, col in years if (cell := table.cell(r, col)) is not None]
            reading.output.indicator_values += year_value_rows(mapping, name_cell, measure.key, key, cells)
    label = reading.table(mapping.table).label_words()
    if not figures:
        reading.output.problems.append(f"No {label} was found under a {mapping.heading} heading.")
    unread = None if figures else not_read(f"{mapping.heading}の見出しの下の{label}")
    reading.populations[mapping.table] = Population(figures, unread)


def read_numbered_measures(reading: Reading, mapping: MeasureMap) -> None:
    """A list of numbered measures (`hyoka.specs.numbered_lists`): its rows, and its keys in number order
    as its population."""
    measures = numbered_measures(mapping, reading.located[mapping.table], measure_row)
    reading.numbered[mapping.table] = measures
    reading.output.measures += [m.row for m in measures.values()]
    listed = sorted(measures.values(), key=lambda m: m.number)
    figures = [Figure(None, m.key, where(m.title_cell), label=m.title) for m in listed]
    table = reading.table(mapping.table)
    unread = reading.inventory.unread(table) or (None if figures else not_read(f"{table.label_words()}の行"))
    reading.populations[mapping.table] = Population(figures, unread)


def read_listed_headings(reading: Reading, declared: ListedHeadings) -> None:
    """The headings naming a numbered list's measures (`hyoka.specs.listed_headings`), their title cases,
    the figures their sections state and the measures no heading names."""
    measures = reading.numbered.get(declared.list, {})
    headings = reading.headings(declared.heading, naming_a_measure(measures, declared.closeness))
    reading.listed_headings[declared.heading] = headings
    check = reading.same_fact(declared.title_check) if declared.title_check is not None else None
    cases, problems = section_facts(reading.document, declared, headings, measures, check)
    reading.output.cases += cases
    reading.output.problems += problems


def once_per_name(figures: list[Figure]) -> list[Figure]:
    """Each key's first printing under each name (its label): a record re-listed under the same name is one."""
    firsts: dict[tuple[str | None, str | None], Figure] = {}
    for figure in figures:
        firsts.setdefault((figure.text, figure.label), figure)
    return list(firsts.values())


def _flag_in(cell: Cell | None) -> bool | None:
    """Whether a cell prints a yes mark (○); None without a cell."""
    return bool(nz.flag(cell.text).value) if cell is not None else None
