"""所沢市 ICT推進アクションプラン 進捗状況評価: the reading its spec (`profiles/tokorozawa_ict_action_plan.yaml`)
cannot declare.

The spec declares the tables, the running title, 表４－１ and 参考資料 read into grade kinds by year column
(`rows: year_grades`: the report year's, the plan's earlier years, 総括, and the members 表３－x, the
legends and the stated totals count), the system sheets, the grades of their 評価 block (`sheets: grades`)
and their pairing with 表４－１'s rows (`sheets: row_of`), the names and departments compared between them
(`same_fact` with a sheet place), each year's 決算額 against its 予算額 (`budget_relation`), the pie legends
(`chart_legend`), the cross-tabs and the totals stated in sentences. What stays here is this series' own:
each grade compared between places as its rank; the plan's years over a sheet's amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase, Where
from hyoka.extractors.model import Cell
from hyoka.profiles import Case
from hyoka.specs import Reading, measure_row
from hyoka.specs.budgets import sheet_budgets
from hyoka.specs.schema import SheetGradesDecl
from hyoka.specs.sheet_grades import sheet_grades
from hyoka.specs.sheets import SheetRecord
from hyoka.specs.tables import fiscal_year_of, grade_letter, where
from hyoka.specs.year_grades import GradedRow, YearGrades

GRADE_LIST = "the grade list 表４－１"
REFERENCE = "the grade table of 参考資料"
SHEET = "system's sheet"


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
    places: dict[str, str]
    ranks: dict[str, float]
    grades_on_sheet: SheetGradesDecl

    @classmethod
    def of(cls, reading: Reading) -> Series:
        ranks = {letter: float(rank) for letter, rank in reading.words("grade ranks").items()}
        declared = next(s.grades for s in reading.spec.sheets if s.name == SHEET)
        assert declared is not None, f"the spec declares no grades on `{SHEET}`"
        return cls(reading, reading.words("places"), ranks, declared)


def read(reading: Reading) -> None:
    """The measures and budgets of the sheets paired with 表４－１'s rows (the grade tables as the spec's
    `year_grades` read them), and the grade cases."""
    series = Series.of(reading)
    out = reading.output
    grade_list, reference = reading.year_grades[GRADE_LIST], reading.year_grades[REFERENCE]
    if grade_list is None:
        return
    # The plan's years: 参考資料's, else the three up to the report's.
    plan_years = sorted(reference.years.values()) if reference else []
    if not plan_years and out.report_fiscal_year is not None:
        plan_years = [out.report_fiscal_year - 2, out.report_fiscal_year - 1, out.report_fiscal_year]
    # Each sheet is paired with its 表４－１ row by the engine (`row_of`), which says what it left unpaired.
    record_of = {id(row): record for row, record in reading.sheet_rows[SHEET]}
    sheet_of = {
        id(listed): SystemSheet(record, sheet_grades(record.sheet, series.grades_on_sheet))
        for listed in grade_list.rows
        if (record := record_of.get(id(listed.row))) is not None
    }
    by_key_reference = {s.key: s for s in reference.rows} if reference else {}
    for listed in grade_list.rows:
        sheet = sheet_of.get(id(listed))
        out.measures.append(_measure(series, listed, sheet))
        if sheet is not None:
            sheet_budgets(out, sheet.record, listed.key, plan_years, "sheet")
            out.cases += _sheet_cases(series, listed, sheet, plan_years, reference)
        out.cases += _grade_cases(series, listed, sheet, by_key_reference.get(listed.key), grade_list, reference)
    if reference is not None:
        listed_keys = {s.key for s in grade_list.rows}
        for extra in reference.rows:
            if extra.key not in listed_keys:
                out.problems.append(f"参考資料 lists P.{extra.key}, which 表４－１ does not.")
                out.cases += _grade_cases(series, extra, None, extra, grade_list, reference, only_reference=True)


# ---------------------------------------------------------------- contract rows


def _measure(series: Series, listed: GradedRow, sheet: SystemSheet | None) -> dict[str, Any]:
    name_cell = sheet.name_cell if sheet is not None else listed.cell("name")
    department_cell = sheet.field("department") if sheet is not None else listed.cell("department")
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
    series: Series, listed: GradedRow, sheet: SystemSheet, plan_years: list[int], reference: YearGrades | None
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
    listed: GradedRow,
    sheet: SystemSheet | None,
    in_reference: GradedRow | None,
    grade_list: YearGrades,
    reference: YearGrades | None,
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
