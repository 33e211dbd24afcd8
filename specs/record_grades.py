"""Grades judged against the record (`rows: grades_against_record` in a spec): the rows of a grade table
(`year_grades`), each paired with its record, a label/value sheet (`sheets: row_of`) whose grade block
(`sheets: grades`) prints the row's grades again. Each row is a measure, its fields read on its record
first, else in its row; its record's amounts are its budgets, in the plan's years when the record's year
header does not run year by year. Every grade printed for it, in the table, in another table keyed alike
or on the record, is a case: one printed in a table is recomputed from the record's grade of its kind,
carried over as its rank on the declared scale (the rule's bands give it back); the record's own is
recorded. A grade printed in one place and not given in the other is a same_fact case: no rank shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase, Where
from hyoka.extractors.model import Cell
from hyoka.specs.locate import Row
from hyoka.specs.output import Case
from hyoka.specs.same_fact import same_fact_case
from hyoka.specs.schema import GradeRuleDecl, GradesAgainstRecordMap, RecordGradePlace, SameFact, SheetGradesDecl
from hyoka.specs.sheet_grades import sheet_grades
from hyoka.specs.sheets import SheetRecord
from hyoka.specs.tables import fiscal_year_of, grade_letter, where
from hyoka.specs.year_grades import GradedRow, YearGrades

# Where a row's grades are printed (a place; None: its record), its grade cells by kind and the fiscal year
# of each year kind.
Printed = tuple[RecordGradePlace | None, dict[str, Cell], dict[str, int]]


@dataclass
class GradedRecord:
    """A row of the grade table, its record (None: unpaired) and the grades the record prints by kind."""

    row: GradedRow
    record: SheetRecord | None
    grades: dict[str, Cell]

    def cell(self, name: str) -> Cell | None:
        """The record's field `name`, else the row's column of that role."""
        printed = self.record.fields.get(name) if self.record is not None else None
        return printed if printed is not None else self.row.cell(name)

    def measure(self, mapping: GradesAgainstRecordMap) -> tuple[Cell, dict[str, Any]]:
        """The measure's evidence cell (its title's) and its contract fields."""
        title = self.cell(mapping.fields["title"])
        fields: dict[str, Any] = {
            c: nz.text(f.text).value if (f := self.cell(n)) else None for c, n in mapping.fields.items()
        }
        fields |= {
            c: list(nz.names(f.text).value or ()) if (f := self.cell(n)) else None for c, n in mapping.names.items()
        }
        fields |= {"measure_no": self.row.key, "group_name": self.row.group_name, **mapping.constants}
        return title or self.row.key_cell, fields


def graded_records(
    table: YearGrades, pairs: list[tuple[Row, SheetRecord]], grades: SheetGradesDecl
) -> list[GradedRecord]:
    """The table's rows with the records paired with them (`row_of`) and the grades those print."""
    record_of = {id(row): record for row, record in pairs}
    records = [(graded, record_of.get(id(graded.row))) for graded in table.rows]
    return [GradedRecord(g, r, sheet_grades(r.sheet, grades) if r is not None else {}) for g, r in records]


def plan_years(
    mapping: GradesAgainstRecordMap, tables: dict[str, YearGrades | None], report_year: int | None
) -> list[int]:
    """The plan's years: its table's year columns, else the declared count of years up to the report's."""
    if mapping.plan is None:
        return []
    table = tables.get(mapping.plan.table) if mapping.plan.table else None
    if table is not None and table.years:
        return sorted(table.years.values())
    if report_year is None:
        return []
    return list(range(report_year - mapping.plan.years + 1, report_year + 1))


def plan_years_cases(
    mapping: GradesAgainstRecordMap, check: SameFact, graded: GradedRecord, years: list[int], plan: YearGrades | None
) -> list[Case]:
    """The fiscal years heading the record's amounts against the plan's."""
    record = graded.record
    if record is None or not record.year_cells or not years:
        return []
    assert mapping.plan is not None
    first = min(plan.years, key=plan.years.__getitem__) if plan is not None and plan.years else None
    plan_where = where(plan.headers[first]) if plan is not None and first in plan.headers else Where()
    headed = (" ".join(str(fiscal_year_of(c.text)) for c in record.year_cells), where(record.year_cells[0]))
    planned = (" ".join(str(y) for y in years), plan_where)
    key = graded.row.key
    return [
        same_fact_case(check, mapping.plan.scope.format(key=mapping.key_words.format(key=key)), key, headed, planned)
    ]


def _rank(mapping: GradesAgainstRecordMap, cell: Cell | None) -> tuple[Figure, ...]:
    letter = grade_letter(cell)
    if cell is None or letter is None or letter.upper() not in mapping.ranks:
        return ()
    return (
        Figure(mapping.ranks[letter.upper()], cell.text, where(cell), "exact", f"grade on the {mapping.record_place}"),
    )


def record_grade_cases(
    mapping: GradesAgainstRecordMap,
    key: str,
    printed: list[Printed],
    on_record: dict[str, Cell],
    rules: dict[str, GradeRuleDecl],
    given: SameFact | None,
) -> list[Case]:
    """Each grade printed for the row keyed `key`, judged against `on_record`, its record's grades."""
    cases: list[Case] = []
    for place, cells, years in printed:
        for kind, cell in cells.items():
            rule = rules.get((mapping.rule if place is not None else mapping.record_rule).format(kind=kind))
            if rule is None:
                continue
            source = on_record.get(kind) if place is not None else None
            letter = grade_letter(cell)
            name = place.place if place is not None else mapping.record_place
            inputs = _rank(mapping, source)
            cases.append(
                GradeCase(
                    rule.rule(), letter, where(cell), inputs, measure_key=key, fiscal_year=years.get(kind), place=name
                )
            )
            if place is None or source is None or given is None or (letter is None) == (grade_letter(source) is None):
                continue
            keyed = mapping.key_words.format(key=key)
            scope = mapping.given_scope.format(key=keyed, kind=kind, place=place.words)
            both = (nz.text(cell.text).value, where(cell)), (nz.text(source.text).value, where(source))
            cases.append(same_fact_case(given, scope, f"{key}:{kind}:{name}", *both))
    return cases


def rows_against_record(
    mapping: GradesAgainstRecordMap,
    tables: dict[str, YearGrades | None],
    records: list[GradedRecord],
    rules: dict[str, GradeRuleDecl],
    given: SameFact | None,
) -> tuple[list[Case], list[str]]:
    """The grade cases of every row, paired or not, in the order the table lists them, then of the rows
    only another place lists; and the problems: each row another place lists that the table does not."""
    own = mapping.places[0]
    table = tables[own.table]
    assert table is not None
    others = [(p, t) for p in mapping.places[1:] if (t := tables.get(p.table)) is not None]
    by_key = [(p, t, {r.key: r for r in t.rows}) for p, t in others]
    cases: list[Case] = []
    for graded in records:
        printed: list[Printed] = [(own, graded.row.grades, table.years)]
        if graded.record is not None:
            printed.append((None, graded.grades, table.years))
        printed += [(p, row.grades, t.years) for p, t, rows in by_key if (row := rows.get(graded.row.key))]
        cases += record_grade_cases(mapping, graded.row.key, printed, graded.grades, rules, given)
    problems: list[str] = []
    listed = {r.row.key for r in records}
    for place, other in others:
        for row in (r for r in other.rows if r.key not in listed):
            problems.append(f"{place.words} lists {mapping.key_words.format(key=row.key)}, which {own.words} does not.")
            cases += record_grade_cases(mapping, row.key, [(place, row.grades, other.years)], {}, rules, given)
    return cases, problems
