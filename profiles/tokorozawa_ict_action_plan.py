"""所沢市 ICT推進アクションプラン 進捗状況評価: the reading its spec (`profiles/tokorozawa_ict_action_plan.yaml`)
cannot declare.

The spec declares the tables, the running title, the system sheets and their pairing with 表４－１'s rows
(`sheets: row_of`), the names and departments compared between them (`same_fact` with a sheet place), each
year's 決算額 against its 予算額 (`budget_relation`), the pie legends (`chart_legend`), the cross-tabs and the
totals stated in sentences. What stays here is this series' own: 表４－１ and 参考資料 read into grade kinds
(the report year's, the plan's earlier years, 総括); a sheet's 評価 block; each grade compared between places
as its rank; the plan's years over a sheet's amounts; and the members 表３－x, the legends and the stated
totals count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase, Where
from hyoka.extractors.model import Cell
from hyoka.profiles import Case
from hyoka.specs import Population, Reading, measure_row
from hyoka.specs.budgets import sheet_budgets
from hyoka.specs.group_counts import (
    Grouped,
    Member,
    context_of,
    group_of,
)
from hyoka.specs.locate import Location, not_read
from hyoka.specs.schema import GroupCounts
from hyoka.specs.sheets import LabelledSheet, SheetRecord, SheetRow
from hyoka.specs.tables import (
    fiscal_year_of,
    grade_letter,
    label_values,
    where,
)

GRADE_LIST = "the grade list 表４－１"
REFERENCE = "the grade table of 参考資料"
SHEET = "system's sheet"
EVERY_SYSTEM = "every system of 表４－１"  # what the totals stated in the text count


@dataclass
class ListedSystem:
    """One row of 表４－１ or 参考資料."""

    key: str
    number_cell: Cell
    name_cell: Cell
    department_cell: Cell | None
    vision: str | None  # the vision row's number, e.g. '1'
    group_name: str | None
    grades: dict[str, Cell] = field(default_factory=dict)  # grade_type -> cell


@dataclass
class GradeTable:
    systems: list[ListedSystem]
    headers: dict[str, Cell]  # grade_type -> header cell
    years: dict[str, int]  # grade_type -> fiscal year (final has none)


@dataclass
class SystemSheet:
    """A system's sheet as the spec declares it, and the grades its 評価 block prints."""

    record: SheetRecord
    grades: dict[str, Cell]

    @property
    def name_cell(self) -> Cell:
        name = self.record.fields["name"]
        assert name is not None  # a record prints its first label's value
        return name

    def field(self, name: str) -> Cell | None:
        return self.record.fields.get(name)


@dataclass
class Series:
    """The spec's vocabulary and rules as this hook reads by them."""

    reading: Reading
    summaries: GroupCounts
    places: dict[str, str]
    ranks: dict[str, float]

    @classmethod
    def of(cls, reading: Reading) -> Series:
        check = reading.spec.checks["vision summaries"]
        assert isinstance(check, GroupCounts)
        ranks = {letter: float(rank) for letter, rank in reading.words("grade ranks").items()}
        return cls(reading, check, reading.words("places"), ranks)

    def grade_type_of(self, text: str) -> str | None:
        return context_of(text, self.summaries.context)

    def vision_of(self, text: str) -> str | None:
        return group_of(text, self.summaries.group_pattern) or None

    def is_final(self, header: str) -> bool:
        """A sheet's grade header naming 総括 (wherever it names it)."""
        return re.search(self.summaries.context["final"], unicodedata.normalize("NFKC", header)) is not None


def read(reading: Reading) -> None:
    """The grade tables, measures and budgets of the sheets paired with 表４－１, the grade cases, and the
    members 表３－x, the legends and the stated totals count."""
    series = Series.of(reading)
    out = reading.output
    grade_list = _first(read_grade_table(series, loc) for loc in reading.located[GRADE_LIST])
    reference = _first(read_grade_table(series, loc) for loc in reading.located[REFERENCE])
    if grade_list is None:
        # The checks counting over the list's rows are stated, but not computable.
        unread = reading.inventory.unread(reading.table(GRADE_LIST))
        _members(series, None, unread, None)
        return
    out.report_fiscal_year = grade_list.years.get("r3_progress")
    plan_years = sorted(reference.years.values()) if reference else []
    if not plan_years and out.report_fiscal_year is not None:
        plan_years = [out.report_fiscal_year - 2, out.report_fiscal_year - 1, out.report_fiscal_year]
    # Each sheet is paired with its 表４－１ row by the engine (`row_of`), which says what it left unpaired.
    record_of = {id(row.cell("number")): record for row, record in reading.sheet_rows[SHEET]}
    sheet_of = {
        id(listed): SystemSheet(record, sheet_grades(series, record.sheet))
        for listed in grade_list.systems
        if (record := record_of.get(id(listed.number_cell))) is not None
    }
    for listed in grade_list.systems:
        sheet = sheet_of.get(id(listed))
        if sheet is not None and listed.vision is None and (vision := sheet.field("vision")) is not None:
            listed.vision = series.vision_of(vision.text)
            listed.group_name = nz.text(vision.text).value
    vision_unread = None
    if grade_list.systems and all(s.vision is None for s in grade_list.systems):
        # The partial sentence for the documents table; the check names what it could not read.
        out.problems.append(
            "The ビジョン of the systems was not read: neither 表４－１ nor the systems' sheets were read for "
            "the ビジョン of each system."
        )
        vision_unread = not_read("各システムのビジョン（表４－１にも各システムのシートにも）")
    by_key_reference = {s.key: s for s in reference.systems} if reference else {}
    for listed in grade_list.systems:
        sheet = sheet_of.get(id(listed))
        out.measures.append(_measure(series, listed, sheet))
        if sheet is not None:
            sheet_budgets(out, sheet.record, listed.key, plan_years, "sheet")
            out.cases += _sheet_cases(series, listed, sheet, plan_years, reference)
        out.cases += _grade_cases(series, listed, sheet, by_key_reference.get(listed.key), grade_list, reference)
    if reference is not None:
        listed_keys = {s.key for s in grade_list.systems}
        for extra in reference.systems:
            if extra.key not in listed_keys:
                out.problems.append(f"参考資料 lists P.{extra.key}, which 表４－１ does not.")
                out.cases += _grade_cases(series, extra, None, extra, grade_list, reference, only_reference=True)
    for name, table in ((GRADE_LIST, grade_list), (REFERENCE, reference)):
        numbers = [Figure(None, s.key, where(s.number_cell)) for s in table.systems] if table else []
        reading.populations[name] = Population(numbers, reading.inventory.unread(reading.table(name)))
    _members(series, grade_list, None, vision_unread)


def _first(tables: Any) -> GradeTable | None:
    return next((t for t in tables if t is not None), None)


# ---------------------------------------------------------------- 表４－１ and 参考資料


def read_grade_table(series: Series, location: Location) -> GradeTable | None:
    """表４－１ or 参考資料: a row per system under vision rows that span the table (or a ビジョン column)."""
    if not location.years:
        return None
    report_year = location.years[-1].year
    headers: dict[str, Cell] = {}
    years: dict[str, int] = {}  # grade_type -> fiscal year
    grade_types: dict[int, str] = {}  # fiscal year -> grade_type
    final = location.header("final")
    if final is not None:
        headers["final"] = final
    for index, year in enumerate(location.years):
        grade_type = "r3_progress" if year.year == report_year else f"r{index + 1}"
        headers[grade_type], years[grade_type], grade_types[year.year] = year.header, year.year, grade_type
    systems: list[ListedSystem] = []
    for row in location.rows:
        number, name = row.cell("number"), row.cell("name")
        if number is None or name is None:
            continue
        vision_cell = row.cell("vision")
        group = row.group.text if row.group is not None else vision_cell.text if vision_cell is not None else None
        grades = {grade_types[year.year]: cell for year, cell in row.year_cells()}
        if (final_cell := row.cell("final")) is not None:
            grades["final"] = final_cell
        systems.append(
            ListedSystem(
                key=nz.text(number.text).value or number.text,
                number_cell=number,
                name_cell=name,
                department_cell=row.cell("department"),
                vision=series.vision_of(group) if group is not None else None,
                group_name=nz.text(group).value if group is not None else None,
                grades=grades,
            )
        )
    return GradeTable(systems, headers, years)


# ---------------------------------------------------------------- the systems' sheets


def _overlap(a: Cell, b: Cell) -> float:
    if a.bbox is None or b.bbox is None:
        return 1.0 if b.col <= a.col <= b.col_end else 0.0
    return min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])


def _below(header: Cell, row: SheetRow) -> Cell | None:
    """The value printed under a header cell in the next row (matched by position: the row may be on the next page)."""
    best = max(row.values(), key=lambda c: _overlap(header, c), default=None)
    return best if best is not None and _overlap(header, best) > 0 else None


def sheet_grades(series: Series, sheet: LabelledSheet) -> dict[str, Cell]:
    """The grades of a sheet's 評価 block: the year's and 総括 as headers over the grades, or as label/value
    rows (each label naming its grade, the grade or `-`, not graded, beside it)."""
    rows = sheet.rows
    grades: dict[str, Cell] = {}
    grade_at = sheet.index("評価")
    if grade_at is not None and grade_at + 1 < len(rows):
        for header in rows[grade_at].values():
            cell = _below(header, rows[grade_at + 1])
            if cell is not None:
                grades.setdefault("final" if series.is_final(header.text) else "r3_progress", cell)
    if not grades:
        # A label naming the grade of the report year or of 総括 (令和3年度 進捗状況評価, 目標達成指標 総括評価).
        for label, cell in label_values(
            sheet.tables, lambda t: t.endswith("評価") and series.grade_type_of(t) is not None
        ):
            grades.setdefault(series.grade_type_of(label.text) or "", cell)
    return grades


# ---------------------------------------------------------------- contract rows


def _measure(series: Series, listed: ListedSystem, sheet: SystemSheet | None) -> dict[str, Any]:
    name_cell = sheet.name_cell if sheet is not None else listed.name_cell
    department_cell = sheet.field("department") if sheet is not None else listed.department_cell
    stage = sheet.field("stage") if sheet is not None else None
    return measure_row(
        listed.key,
        name_cell,
        measure_no=listed.key,
        title=nz.text(name_cell.text).value,
        level=series.reading.words("level"),
        group_name=listed.group_name,
        # 担当課名 names a 課: a division, as in the other series (the sheet names no 局/部).
        divisions=list(nz.names(department_cell.text).value or ()) if department_cell else None,
        stage=nz.text(stage.text).value if stage is not None else None,
    )


# ---------------------------------------------------------------- the same facts, the grades


def _sheet_cases(
    series: Series, listed: ListedSystem, sheet: SystemSheet, plan_years: list[int], reference: GradeTable | None
) -> list[Case]:
    """The fiscal years heading a sheet's amounts against the plan's (参考資料's, else the three to the report's)."""
    record = sheet.record
    if not record.year_cells or not plan_years:
        return []
    years = [fiscal_year_of(c.text) for c in record.year_cells]
    plan_where = where(reference.headers["r1"]) if reference and "r1" in reference.headers else Where()
    headed = (" ".join(str(y) for y in years), where(record.year_cells[0]))
    planned = (" ".join(str(y) for y in plan_years), plan_where)
    scope = f"P.{listed.key}: the fiscal years heading 予算額 / 決算額 vs the plan's years"
    return [series.reading.same_fact_case("budget years", scope, listed.key, headed, planned)]


def _rank(series: Series, cell: Cell | None) -> tuple[Figure, ...]:
    letter = grade_letter(cell)
    if cell is None or letter is None or letter.upper() not in series.ranks:
        return ()
    return (Figure(series.ranks[letter.upper()], cell.text, where(cell), "exact", "grade on the sheet"),)


def _grade_cases(
    series: Series,
    listed: ListedSystem,
    sheet: SystemSheet | None,
    in_reference: ListedSystem | None,
    grade_list: GradeTable,
    reference: GradeTable | None,
    only_reference: bool = False,
) -> list[Case]:
    """Each grade printed for the system: on its sheet (the self-assessment, recorded), in 表４－１ and
    参考資料 (recomputed as the sheet's grade)."""
    key = listed.key
    rules = {r.id: r for r in series.reading.spec.rules.grades}
    cases: list[Case] = []
    places: list[tuple[str, dict[str, Cell], dict[str, int]]] = []
    if not only_reference:
        places.append(("list", listed.grades, grade_list.years))
        if sheet is not None:
            places.append(("sheet", sheet.grades, grade_list.years))
    if in_reference is not None and reference is not None:
        places.append(("reference", in_reference.grades, reference.years))
    sheet_grades = sheet.grades if sheet is not None else {}
    for place, cells, years in places:
        for grade_type, cell in cells.items():
            family = "self_assessment" if place == "sheet" else "as_on_sheet"
            rule = rules.get(f"{series.reading.spec.profile_id}.{family}.{grade_type}")
            if rule is None:
                continue
            source = sheet_grades.get(grade_type) if place != "sheet" else None
            letter = grade_letter(cell)
            fiscal_year = years.get(grade_type)
            inputs = _rank(series, source)
            cases.append(
                GradeCase(
                    rule.rule(), letter, where(cell), inputs, measure_key=key, fiscal_year=fiscal_year, place=place
                )
            )
            # A grade printed in one place and marked as not given in the other: the rank cannot show it.
            if source is not None and (letter is None) != (grade_letter(source) is None):
                scope = f"P.{key} {grade_type}: {series.places[place]} vs the system's sheet"
                printed = (nz.text(cell.text).value, where(cell))
                on_sheet = (nz.text(source.text).value, where(source))
                grade_key = f"{key}:{grade_type}:{place}"
                cases.append(series.reading.same_fact_case("grade given", scope, grade_key, printed, on_sheet))
    return cases


# ---------------------------------------------------------------- what 表３－x, 図３－x and the stated totals count


def _members(series: Series, grade_list: GradeTable | None, unread: str | None, vision_unread: str | None) -> None:
    """The systems of 表４－１ and their grade of each kind: by vision (what 表３－x counts) and all together
    (what the totals stated in the text count); `unread`, why the list was not read."""
    systems = grade_list.systems if grade_list is not None else []
    headers = grade_list.headers if grade_list is not None else {}
    name = series.places["list"]
    for grade_type in series.summaries.context:
        header = where(cell) if (cell := headers.get(grade_type)) is not None else Where()
        by_vision: dict[str, list[Member]] = {}
        every: list[Member] = []
        for s in systems:
            cell = s.grades.get(grade_type)
            grade = Figure(None, cell.text if cell else None, where(cell) if cell else Where(), label=s.key)
            every.append(Member(grade_letter(cell), grade))
            if s.vision is not None:
                by_vision.setdefault(s.vision, []).append(every[-1])
        vision = Grouped(by_vision, unread or vision_unread, name=name, header=header)
        series.reading.members[(series.summaries.population, grade_type)] = vision
        series.reading.members[(EVERY_SYSTEM, grade_type)] = Grouped({"": every}, unread, name=name, header=header)
