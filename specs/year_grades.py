"""Grades printed one per year column of a table, and in summary columns (総括): each row's grade of a kind
per column (`rows: year_grades` in a spec). The last year column is the report year's grade, an earlier
one the grade of the plan's year at its place, a summary column its own kind; a row falls in the group of
the row spanning the table above it, of its group column, or of its paired sheet. The grades make the
populations a cross-tab (`group_counts`) and a stated total (`stated_in_text`) count, one per kind: a table
not read, or groups read nowhere, make their counts not computable with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, Where
from hyoka.extractors.model import Cell
from hyoka.specs.group_counts import Grouped, Member, group_of
from hyoka.specs.locate import Location, Row, TableSpec, not_read
from hyoka.specs.schema import YearGradesMap
from hyoka.specs.sheets import SheetRecord
from hyoka.specs.tables import grade_letter, plain, where


@dataclass
class GradedRow:
    """A row of the table: its key, its group (id and name as printed), and its grade cells by kind."""

    key: str
    key_cell: Cell
    row: Row
    group: str | None
    group_name: str | None
    grades: dict[str, Cell]

    def cell(self, role: str) -> Cell | None:
        return self.row.cell(role)


@dataclass
class YearGrades:
    """A grade table as read: its rows, the header of each kind's column, the fiscal year of each year kind."""

    rows: list[GradedRow]
    headers: dict[str, Cell]
    years: dict[str, int]


def year_grades(mapping: YearGradesMap, table: TableSpec, location: Location) -> YearGrades | None:
    """The grades of one printing of the table (None: it prints no year column)."""
    if not location.years:
        return None
    report_year = location.years[-1].year
    headers = {kind: cell for role, kind in mapping.summary.items() if (cell := location.header(role)) is not None}
    years: dict[str, int] = {}
    kind_of: dict[int, str] = {}  # fiscal year -> kind
    for index, year in enumerate(location.years):
        kind = mapping.report if year.year == report_year else mapping.earlier.format(n=index + 1)
        headers[kind], years[kind], kind_of[year.year] = year.header, year.year, kind
    group = mapping.group
    rows: list[GradedRow] = []
    for row in location.rows:
        key_cell = row.cell(table.key)
        if key_cell is None or any(row.cell(c.role) is None for c in table.columns if c.required):
            continue
        group_cell = None if group is None else row.group or (row.cell(group.role) if group.role else None)
        grades = {kind_of[year.year]: cell for year, cell in row.year_cells()}
        grades |= {kind: cell for role, kind in mapping.summary.items() if (cell := row.cell(role)) is not None}
        rows.append(GradedRow(plain(key_cell.text) or key_cell.text, key_cell, row, None, None, grades))
        if group_cell is not None:
            _set_group(rows[-1], mapping, group_cell.text)
    return YearGrades(rows, headers, years)


def _set_group(row: GradedRow, mapping: YearGradesMap, text: str) -> None:
    assert mapping.group is not None
    row.group = group_of(text, mapping.group.pattern) or None
    row.group_name = nz.text(text).value


def groups_from_sheets(mapping: YearGradesMap, table: YearGrades, pairs: list[tuple[Row, SheetRecord]]) -> None:
    """A row under no group row and with no group column takes the group its paired sheet prints."""
    group = mapping.group
    if group is None or group.field is None:
        return
    record_of = {id(row): record for row, record in pairs}
    for graded in table.rows:
        record = record_of.get(id(graded.row))
        if graded.group is None and record is not None and (cell := record.fields.get(group.field)) is not None:
            _set_group(graded, mapping, cell.text)


def year_grade_members(
    mapping: YearGradesMap, table: YearGrades | None, name: str, unread: str | None, group_unread: str | None
) -> dict[tuple[str, str], Grouped]:
    """The populations the grades make, per kind (the report's, each summary's, each earlier year read):
    by group and all together; `unread`, why the table was not read; `group_unread`, why the groups were not."""
    members: dict[tuple[str, str], Grouped] = {}
    if mapping.members is None:
        return members
    rows = table.rows if table is not None else []
    headers = table.headers if table is not None else {}
    kinds = dict.fromkeys([mapping.report, *mapping.summary.values(), *headers])
    for kind in kinds:
        header = where(cell) if (cell := headers.get(kind)) is not None else Where()
        by_group: dict[str, list[Member]] = {}
        every: list[Member] = []
        for graded in rows:
            grade = graded.grades.get(kind)
            printed = Figure(None, grade.text if grade else None, where(grade) if grade else Where(), label=graded.key)
            every.append(Member(grade_letter(grade), printed))
            if graded.group is not None:
                by_group.setdefault(graded.group, []).append(every[-1])
        grouped = Grouped(by_group, unread or group_unread, name=name, header=header)
        members[(mapping.members.by_group, kind)] = grouped
        if mapping.members.every is not None:
            members[(mapping.members.every, kind)] = Grouped({"": every}, unread, name=name, header=header)
    return members


def groups_unread(mapping: YearGradesMap, table: YearGrades, label: str) -> tuple[str, str] | None:
    """When no row's group was read: the sentence for the document's problems, and the reason for its counts."""
    group = mapping.group
    if group is None or not table.rows or any(r.group is not None for r in table.rows):
        return None
    places = f"{label}にも{group.sheet}にも" if group.sheet else label
    problem = f"The {group.words} of the rows of {label} was not read: neither {label} nor any {group.sheet} prints it."
    if group.sheet is None:
        problem = f"The {group.words} of the rows of {label} was not read."
    return problem, not_read(f"各行の{group.words}（{places}）")
