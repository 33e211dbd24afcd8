"""北海道 基本評価調書 (目標管理型行政運営システム): the 方眼紙 workbook and its PDF print.

One 施策 per 調書: 1 目標等の設定 (施策の予算額 by year), 3 成果指標 with 3-2 達成度合, 4 事務事業の設定
(事業費, 一般財源, 人工 and フルコスト per 事務事業, a 計 row), 5 一次政策評価 ((1) 達成度合の集計,
(2) 基準1–4 and the 判定) and 7 評価結果の反映 (反映状況 counts and their list). The sheet prints
its own rules; they are declared below as data for the audit engine.

Rounding, as the sheet computes: 事業費, 一般財源, 人工 and 施策の予算額 are typed entries (whole 千円,
tenths of a person-year) that 計, 人工計 and フルコスト add exactly; percentages (達成率, 進捗率, and the
indicator values they come from) and フルコスト are printed rounded to their last digit.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

import normalizers as nz
from audit.bands import Band
from audit.interval import Rounding, printed
from audit.rules import (
    Decision,
    DuplicateCase,
    Figure,
    FigureCase,
    FigureRule,
    GradeCase,
    GradeRule,
    Marks,
    SameFactCase,
    Where,
)
from extractors.model import Document, TextBlock
from profiles import Case, ProfileOutput, stated_grade_rule
from profiles import hokkaido_basic_evaluation_sheet as sheet
from profiles.hokkaido_basic_evaluation_sheet import Indicator, Project, ProjectTable, YearColumn
from profiles.locate import Inventory, locate
from profiles.tables import Located, evidence, fiscal_year_of, number_in, squash, starting, text_contains, where
from schemas import SeriesColumn, declare_series_columns

# A sheet about one 施策 names it in its head: the document carries its name and code.
declare_series_columns(
    "hokkaido_basic_evaluation",
    "documents",
    SeriesColumn("policy_name", pd.StringDtype(), "施策名 of a sheet about one 施策."),
    SeriesColumn("policy_code", pd.StringDtype(), "施策コード of a sheet about one 施策."),
)

ENTERED: Rounding = "exact"  # typed entries, added exactly by the sheet's formulas
PRINTED: Rounding = "round"  # formula results and percentages, shown rounded to their last digit
# 達成度合 is graded on the 達成率 as printed (the sheet's practice), so a rate printed 100% is A.
GRADED_AS_PRINTED: Rounding = "exact"

ACHIEVEMENT_BANDS = (
    Band("A", low=100),
    Band("B", low=90, high=100),
    Band("C", low=80, high=90),
    Band("D", high=80),
)
ACHIEVEMENT_LEVEL = GradeRule(
    "hokkaido_achievement_level",
    "achievement_level",
    "達成度合 from 直近の成果指標の達成率 as printed: A >= 100%, B 90–<100%, C 80–<90%, D < 80% (- 算定不可)",
    "value",
    ACHIEVEMENT_BANDS,
    grades_stated_value=True,
)
ACHIEVEMENT_RATE = FigureRule(
    "hokkaido_achievement_rate",
    "achievement_rate",
    "達成率 by the printed 達成率の算式 (実績値 / 目標値 × 100, or its inverse for a 減少 indicator)",
    "ratio_percent",
)
PROGRESS_RATE = FigureRule(
    "hokkaido_progress_rate",
    "progress_rate",
    "進捗率 = the latest 実績値 against 最終目標値, by the printed 達成率の算式",
    "ratio_percent",
)

# 判定 (5 (2)), the printed rule as a decision table: 基準1 ○ and some ○ in 基準2–4 -> a; 基準1 △ and
# some ○ in 基準2–4 -> c; otherwise b. A letter printed in upper case agrees in substance; its case is
# the judgement_notation check.
FIRST_CRITERION = ("基準1",)
OTHER_CRITERIA = ("基準2", "基準3", "基準4")
JUDGEMENT = GradeRule(
    "hokkaido_judgement",
    "judgement",
    "判定 by the printed rule: 基準1 ○ and a ○ in 基準2–4 -> a; 基準1 △ and a ○ in 基準2–4 -> c; otherwise b",
    "decision",
    (),
    decisions=(
        Decision("a", (Marks(FIRST_CRITERION, frozenset({"○"})), Marks(OTHER_CRITERIA, frozenset({"○"}), "any"))),
        Decision("c", (Marks(FIRST_CRITERION, frozenset({"△"})), Marks(OTHER_CRITERIA, frozenset({"○"}), "any"))),
        Decision("b"),
    ),
    case_sensitive=False,
)
JUDGEMENT_CRITERION = stated_grade_rule(
    "hokkaido_judgement_criterion",
    "judgement_criterion",
    "基準1–4 marks are the evaluator's own reading; nothing printed recomputes them",
)

STAFF_TOTAL = FigureRule("hokkaido_staff_total", "staff_total", "人工計 = 本庁 + 出先機関", "sum")
FULL_COST = FigureRule(
    "hokkaido_full_cost", "full_cost", "フルコスト = 事業費 + 人工計 × the cost per person-year", "sum"
)
COLUMN_TOTAL = FigureRule("hokkaido_column_total", "column_total", "計 = the column's sum over the 事務事業", "sum")
POLICY_BUDGET = FigureRule(
    "hokkaido_policy_budget",
    "policy_budget",
    "施策の予算額 of the 事務事業 table's year = Σ 事業費 of its 事務事業",
    "sum",
)


def summary_count(rule_id: str, words: str) -> FigureRule:
    """A count a summary block states, recounted from the entries it counts."""
    return FigureRule(rule_id, "summary_count", words, "count")


def summary_total(rule_id: str, words: str) -> FigureRule:
    """A summary block's total, against the sum of its printed rows or columns."""
    return FigureRule(rule_id, "summary_total", words, "sum")


LEVEL_COUNT = summary_count(
    "hokkaido_level_count", "達成度合の集計: the 成果指標 of the 政策体系 whose latest 達成度合 is the column's"
)
LEVEL_COUNT_TOTAL = summary_total("hokkaido_level_count_total", "達成度合の集計 計 = Σ of the 政策体系 rows")
REFLECTION_COUNT = summary_count(
    "hokkaido_reflection_count", "反映状況: the listed 事務事業 whose 次年度の方向性 is the column's"
)
REFLECTION_TOTAL = summary_total("hokkaido_reflection_total", "反映状況 合計 = Σ 方向性")
REFLECTION_LISTED = summary_count("hokkaido_reflection_listed", "反映状況 合計 = the 事務事業 listed under it")
NEW_PROJECTS = summary_count(
    "hokkaido_new_projects", "次年度新規事業 (予定) = the 新規 entries of 7 (1) 一次政策評価結果への対応"
)

MONEY_FIELDS = ("carryover", "project_cost", "general_revenue", "full_cost")
BUDGET_FIELDS = (*MONEY_FIELDS[:3], "staff_main", "staff_branch", "staff_total", "full_cost")
TOTAL_FIELDS = ("carryover", "project_cost", "general_revenue", "staff_main", "staff_branch", "staff_total")
PROJECT_PLACE = "4 事務事業の設定"
INDICATOR_PLACE = "3 成果指標の設定"
LEVEL_PLACE = "3-2 成果指標の達成度合"
ANALYSIS_PLACE = "5 (1) 成果指標の分析"
JUDGEMENT_PLACE = "5 (2) 取組の分析"


class HokkaidoBasicEvaluation:
    profile_id = "hokkaido_basic_evaluation"
    description = (
        "北海道 基本評価調書 (目標管理型行政運営システム), workbook or its PDF print: recognised by the title "
        "word 基本評価調書, the 施策名/施策コード heading, a 事務事業 table with 事業費, 人工計 and フルコスト, "
        "and the 評価年度/達成度合 block"
    )

    def score(self, document: Document) -> float:
        checks = (
            text_contains(document, sheet.TITLE_WORD),
            text_contains(document, "施策名", "施策コード"),
            locate(document, sheet.PROJECT_TABLE) is not None
            and text_contains(document, "人工計", "フルコスト", "整理番号", "事務事業"),
            text_contains(document, "評価年度", "達成度合", "達成率の算式"),
            text_contains(document, "基準1", "判定"),
        )
        weights = (0.3, 0.15, 0.25, 0.2, 0.1)
        return sum(w for w, ok in zip(weights, checks, strict=True) if ok)

    def extract(self, document: Document) -> ProfileOutput:
        return _Reading(document).output()


PROFILE = HokkaidoBasicEvaluation()


def _printed_text(located: Located) -> str:
    return located.cell.value_text or located.cell.text


def _number(located: Located | None) -> float | None:
    """The number printed in the cell, in its printed unit (千円, %, 人工…); None when blank or text."""
    return number_in(located.text) if located is not None else None


def _figure(located: Located | None, rounding: Rounding, label: str) -> Figure:
    if located is None:
        return Figure(None, None, Where(), rounding, label)
    return Figure(_number(located), _precision_text(located), where(located.cell), rounding, label)


def _precision_text(located: Located) -> str:
    """The printed text, less the zeros a workbook's number format pads an entered number with.

    A number typed as 1.23 under `0.0%` prints 123.0%: its author wrote 123%, and a rate recomputed to
    122.8% agrees with it. A formula's value keeps every digit, so its printed decimals are its precision.
    """
    text, cell = _printed_text(located), located.cell
    if cell.formula is not None or isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
        return text
    padded = re.search(r"\.(\d*?)(0+)(?=\D*$)", text)
    printed_number = _number(located)
    if padded is None or printed_number is None:
        return text
    kept = padded.group(1)
    # The stored value at the printed scale (×100 under %, ÷1000 under a scaling comma…).
    if cell.value and not printed_number:
        return text
    ratio = abs(printed_number / float(cell.value)) if cell.value else 1.0
    scaled = float(cell.value) * 10 ** round(math.log10(ratio))
    if abs(scaled - round(scaled, len(kept))) > 1e-9 * max(1.0, abs(scaled)):
        return text  # the printed zeros are digits of the value itself
    return text[: padded.start()] + ("." + kept if kept else "") + text[padded.end() :]


def _formula(located: Located) -> str | None:
    return located.cell.formula


class _Reading:
    """One document's reading: rows and cases, with the problems met on the way."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.out = ProfileOutput()
        self.cases: list[Case] = []
        self.keyed: list[tuple[str, Project]] = []
        # The latest stated 達成度合 of each indicator: (letter, its cell, year, printed 達成率).
        self.latest_levels: dict[str, tuple[str, Located, int | None, Figure | None]] = {}
        # The latest printed 達成率 of each indicator (year, figure): what 5 (1) grades this year.
        self.latest_rates: dict[str, tuple[int | None, Figure]] = {}

    def output(self) -> ProfileOutput:
        self._document_fields()
        inventory = Inventory((sheet.PROJECT_TABLE,))
        projects = sheet.project_table(self.document, inventory)
        self.out.problems += inventory.problems()
        if projects is not None:
            self._projects(projects)
        self._policy_budgets(projects, inventory.unread(sheet.PROJECT_TABLE))
        indicators = sheet.indicators(self.document)
        if not indicators:
            self.out.problems.append("No 成果指標 block (指標名 … 評価年度) was found.")
        for indicator in indicators:
            if not indicator.levels and not indicator.columns:
                self.out.problems.append(
                    f"成果指標 {indicator.key}: no 3-2 成果指標の達成度合 grid "
                    "(評価年度 … 年度 … 目標値 実績値 達成率) was found."
                )
            self._indicator(indicator)
        self._level_counts(indicators)
        self._judgement()
        self._reflection(projects)
        self.out.cases = self.cases
        return self.out

    # documents ------------------------------------------------------------
    def _document_fields(self) -> None:
        heading = sheet.title(self.document)
        if heading is None:
            self.out.problems.append("The title line (… 基本評価調書) was not found.")
            return
        self.out.title = nz.text(heading.text).value
        self.out.report_fiscal_year = fiscal_year_of(heading.text)
        name, code = sheet.value_of(self.document, "施策名"), sheet.value_of(self.document, "施策コード")
        for field_name, found in (("policy_name", name), ("policy_code", code)):
            value = nz.text(found.text).value if found is not None else None
            if value:
                self.out.document_fields[field_name] = value

    # 4 事務事業の設定 -------------------------------------------------------
    def _projects(self, table: ProjectTable) -> None:
        year = table.fiscal_year or self.out.report_fiscal_year
        if not table.totals:
            self.out.problems.append(f"{PROJECT_PLACE}: its 計 row (the column totals) was not found.")
        keys: Counter[str] = Counter()
        for project in table.projects:
            number = nz.text(project.text("measure_no")).value or ""
            keys[number] += 1
            key = number if keys[number] == 1 else f"{number}-{keys[number]}"
            self.keyed.append((key, project))
            divisions = nz.names(project.text("division")).value
            self.out.measures.append(
                {
                    "measure_key": key,
                    "measure_no": number,
                    "title": nz.text(project.text("title")).value,
                    "level": "事務事業",
                    "group_name": nz.text(project.text("system")).value or None,
                    "departments": None,
                    "divisions": list(divisions) if divisions else None,
                    "stage": None,
                    "flag_kanmin_data": None,
                    "flag_sentan_gijutsu": None,
                    "flag_leading": None,
                    **evidence(project.cells["measure_no"].cell),
                }
            )
            for item in BUDGET_FIELDS:
                self._amount(project.cells.get(item), item, key, year, table, PROJECT_PLACE)
        self.cases.append(
            DuplicateCase(
                "duplicate_measure_no",
                f"{PROJECT_PLACE} 整理番号",
                tuple((k.split("-")[0], where(p.cells["measure_no"].cell)) for k, p in self.keyed),
                "整理番号 identifies one 事務事業",
            )
        )
        self._project_checks(table)
        self._typed_constants(table)

    def _amount(
        self,
        located: Located | None,
        item: str,
        key: str | None,
        year: int | None,
        table: ProjectTable | None,
        place: str,
    ) -> None:
        if located is None or not located.text.strip():
            return
        hint = "人工" if item in sheet.STAFF_FIELDS else _unit_hint(table, item)
        parsed = nz.quantity(located.text, unit_hint=hint)
        if parsed.reason is not None:
            self.out.problems.append(f"{place} {key or ''} {item}: {parsed.reason}")
        quantity = parsed.value
        self.out.budgets.append(
            {
                "measure_key": key,
                "fiscal_year": year,
                "item": item,
                "amount": quantity.value if quantity is not None else None,
                "unit": (
                    quantity.unit if quantity is not None and quantity.unit else ("人年" if hint == "人工" else "円")
                ),
                "value_text": _printed_text(located),
                "place": place,
                "formula": _formula(located),
                **evidence(located.cell),
            }
        )

    def _project_checks(self, table: ProjectTable) -> None:
        unit_cost = self._unit_cost(table)
        for key, project in self.keyed:
            cells = project.cells
            scope = f"{PROJECT_PLACE} {key}"
            total = cells.get("staff_total")
            if total is not None and total.text.strip():
                self.cases.append(
                    FigureCase(
                        STAFF_TOTAL,
                        f"{scope} 人工計",
                        _figure(total, PRINTED, "人工計"),
                        (
                            _figure(cells.get("staff_main"), ENTERED, "本庁"),
                            _figure(cells.get("staff_branch"), ENTERED, "出先機関"),
                        ),
                        key,
                    )
                )
            full = cells.get("full_cost")
            if full is None or not full.text.strip() or unit_cost is None:
                continue
            # The sheet's formula multiplies the 人工計 it adds from typed entries: exact, as entered.
            staff_cost = Figure.product(_figure(total, ENTERED, "人工計"), unit_cost, "人工計 × cost per person-year")
            self.cases.append(
                FigureCase(
                    FULL_COST,
                    f"{scope} フルコスト",
                    _figure(full, PRINTED, "フルコスト"),
                    (_figure(cells.get("project_cost"), ENTERED, "事業費"), staff_cost),
                    key,
                )
            )
        for item in TOTAL_FIELDS:
            stated = table.totals.get(item)
            if stated is None or not stated.text.strip():
                continue
            header = table.headers[item].text if item in table.headers else item
            self.cases.append(
                FigureCase(
                    COLUMN_TOTAL,
                    f"{PROJECT_PLACE} 計 {nz.text(header).value}",
                    _figure(stated, ENTERED, f"計 {item}"),
                    tuple(
                        _summand_figure(p.cells[item], k) if item in p.cells else _figure(None, ENTERED, k)
                        for k, p in self.keyed
                    ),
                    item,
                )
            )

    def _unit_cost(self, table: ProjectTable) -> float | None:
        """The cost per person-year (千円) the フルコスト column implies, reported as a check.

        Each row with staff offers (フルコスト − 事業費) / 人工計; the candidate most rows agree with
        (within the printed rounding of フルコスト) is the sheet's. A typed-over row cannot outvote it.
        """
        rows = []
        for _, project in self.keyed:
            full, cost = _number(project.cells.get("full_cost")), _number(project.cells.get("project_cost"))
            staff = _number(project.cells.get("staff_total"))
            if full is not None and cost is not None and staff:
                rows.append((full, cost, staff, _printed_text(project.cells["full_cost"])))
        if not rows:
            return None
        candidates = {round((full - cost) / staff, 6) for full, cost, staff, _ in rows}

        def support(unit: float) -> int:
            return sum(printed(full, text).contains(cost + staff * unit) for full, cost, staff, text in rows)

        unit = max(sorted(candidates), key=support)
        header = table.headers.get("full_cost")
        constants = Counter(
            float(m.group(1))
            for _, p in self.keyed
            if (f := p.cells.get("full_cost")) is not None
            and f.cell.formula
            and (m := re.search(r"\*\s*([0-9]+(?:\.[0-9]+)?)", f.cell.formula))
        )
        formula_unit = constants.most_common(1)[0][0] if constants else None
        header_where = where(header.cell) if header is not None else Where()
        self.cases.append(
            SameFactCase(
                "full_cost_unit_cost",
                f"{PROJECT_PLACE} フルコスト: cost per person-year (千円), "
                f"inferred from {support(unit)} of {len(rows)} rows",
                "unit_cost",
                Figure(unit, f"{unit:,.0f}", header_where, ENTERED, "inferred"),
                header_where,
                Figure(formula_unit, f"{formula_unit:,.0f}", header_where, ENTERED, "formula")
                if formula_unit is not None
                else None,
                header_where,
                "(フルコスト − 事業費) / 人工計 agreed by most rows, against the constant in the フルコスト formulas",
            )
        )
        return unit

    def _typed_constants(self, table: ProjectTable) -> None:
        """Workbook: a value typed where the rest of its column holds a formula."""
        for item, header in table.headers.items():
            filled = [(k, p.cells[item]) for k, p in self.keyed if item in p.cells and p.cells[item].text.strip()]
            with_formula = [k for k, c in filled if c.cell.formula]
            if len(with_formula) * 2 <= len(filled):
                continue
            for key, located in filled:
                if located.cell.formula:
                    continue
                self.cases.append(
                    SameFactCase(
                        "typed_constant",
                        f"{PROJECT_PLACE} {key} {nz.text(header.text).value}",
                        f"{item}:{key}",
                        f"typed value {_printed_text(located)}",
                        where(located.cell),
                        "formula",
                        where(header.cell),
                        f"the other {len(with_formula)} cells of the column hold a formula",
                    )
                )

    # 1 施策の予算額 -----------------------------------------------------------
    def _policy_budgets(self, projects: ProjectTable | None, unread_projects: str | None) -> None:
        """施策の予算額 by year; the year of the 事務事業 table is their 事業費's sum (unread without the table)."""
        header, rows = sheet.policy_budgets(self.document)
        if header is None:
            self.out.problems.append("No 施策の予算額 block was found.")
            return
        hint = nz.header(header.text).value
        unit = hint.unit if hint is not None and hint.unit else "千円"
        place = f"1 目標等の設定 {nz.text(header.text).value}"
        for year_cell, amount in rows:
            year = fiscal_year_of(year_cell.text)
            parsed = nz.quantity(amount.text, unit_hint=unit)
            if parsed.reason is not None:
                self.out.problems.append(f"{place} {year_cell.text}: {parsed.reason}")
            self.out.budgets.append(
                {
                    "measure_key": None,
                    "fiscal_year": year,
                    "item": "budget",
                    "amount": parsed.value.value if parsed.value is not None else None,
                    "unit": "円",
                    "value_text": _printed_text(amount),
                    "place": place,
                    "formula": _formula(amount),
                    **evidence(amount.cell),
                }
            )
            table_year = (projects.fiscal_year if projects else None) or self.out.report_fiscal_year
            if year == table_year:
                self.cases.append(
                    FigureCase(
                        POLICY_BUDGET,
                        f"{place} {year_cell.text}",
                        _figure(amount, ENTERED, "施策の予算額"),
                        tuple(_figure(p.cells.get("project_cost"), ENTERED, k) for k, p in self.keyed),
                        str(year),
                        unread=unread_projects,
                    )
                )

    # 3 成果指標 / 3-2 達成度合 ----------------------------------------------------
    def _indicator(self, ind: Indicator) -> None:
        name = nz.text(ind.name.text).value if ind.name is not None else None
        unit_match = re.search(r"\(([^()]+)\)$", name or "")
        unit = unit_match.group(1) if unit_match else None
        base_year = fiscal_year_of(ind.value_right_of("基準年度").text) if ind.value_right_of("基準年度") else None
        target_year = fiscal_year_of(ind.value_right_of("年度").text) if ind.value_right_of("年度") else None
        final_year = fiscal_year_of(ind.value_right_of("最終年度").text) if ind.value_right_of("最終年度") else None
        row = self._indicator_row
        row(ind, name, unit, ind.value_right_of("基準値"), base_year, "baseline", f"{INDICATOR_PLACE} 基準値")
        this_year = ind.value_right_of("目標値")
        row(ind, name, unit, this_year, target_year, "target", f"{INDICATOR_PLACE} 今年度の目標")
        final = ind.value_right_of("最終目標値")
        row(ind, name, unit, final, final_year, "target", f"{INDICATOR_PLACE} 最終目標")

        inverse = self._rate_inverse(ind)
        yearly = [c for c in ind.columns if not c.is_progress]
        latest = next((c for c in reversed(yearly) if _number(c.actual) is not None), None)
        rates: dict[int | None, YearColumn] = {}
        for column in ind.columns:
            if column.is_progress:
                place = f"{LEVEL_PLACE} 進捗率"
                row(ind, name, unit, column.target, final_year, "target", place)
                row(ind, name, unit, column.actual, latest.fiscal_year if latest else None, "actual", place)
                row(ind, name, unit, column.rate, final_year, "achievement_rate", place, qualifier="進捗率")
                self._rate_case(PROGRESS_RATE, ind, column, inverse, "progress", place)
                self._progress_cross_checks(ind, column, final, latest)
                continue
            place = f"{LEVEL_PLACE} 年度別"
            row(ind, name, unit, column.target, column.fiscal_year, "target", place)
            row(ind, name, unit, column.actual, column.fiscal_year, "actual", place)
            row(ind, name, unit, column.rate, column.fiscal_year, "achievement_rate", place)
            self._rate_case(
                ACHIEVEMENT_RATE, ind, column, inverse, str(column.fiscal_year), f"{place} {column.label.text}"
            )
            rates[column.fiscal_year] = column
            if column.fiscal_year == target_year and this_year is not None and column.target is not None:
                self.cases.append(
                    SameFactCase(
                        "indicator_target_cross_reference",
                        f"{INDICATOR_PLACE} {ind.key} 今年度の目標 vs {place}",
                        f"{ind.key}:{target_year}",
                        _figure(this_year, PRINTED, "今年度の目標"),
                        where(this_year.cell),
                        _figure(column.target, PRINTED, "目標値"),
                        where(column.target.cell),
                        "the year's target is printed in 3 and in 3-2",
                    )
                )
        self._levels(ind, rates)

    def _indicator_row(
        self,
        ind: Indicator,
        name: str | None,
        unit: str | None,
        located: Located | None,
        year: int | None,
        metric: str,
        place: str,
        qualifier: str | None = None,
    ) -> None:
        if located is None:
            return
        parsed = nz.quantity(located.text, unit_hint=unit)
        quantity = parsed.value
        if parsed.reason is not None:
            self.out.problems.append(f"{place} {ind.key} {metric}: {parsed.reason}")
        qualifiers = [*(quantity.qualifiers if quantity is not None else ()), *([qualifier] if qualifier else [])]
        self.out.indicator_values.append(
            {
                "measure_key": None,
                "indicator_key": ind.key,
                "indicator_name": name,
                "fiscal_year": year,
                "metric": metric,
                "value": quantity.value if quantity is not None else None,
                "unit": (quantity.unit if quantity is not None and quantity.unit else unit),
                "qualifier": " ".join(qualifiers) or None,
                "value_text": _printed_text(located),
                "na_marker": quantity.na_marker if quantity is not None else None,
                "place": place,
                "formula": _formula(located),
                **evidence(located.cell),
            }
        )

    def _rate_inverse(self, ind: Indicator) -> bool:
        """Whether 達成率 is 目標値 / 実績値: read from the printed 算式, else from the 増減方向."""
        formula = ind.value_below("達成率の算式")
        text = squash(formula.text) if formula is not None else ""
        numerator = re.split(r"[/÷]", text)[0] if re.search(r"[/÷]", text) else ""
        if "実績" in numerator:
            return False
        if "目標" in numerator:
            return True
        direction = ind.value_below("増減方向")
        if direction is not None and "減" in direction.text:
            return True
        if direction is None or "増" not in direction.text:
            self.out.problems.append(f"{ind.key}: neither 達成率の算式 nor 増減方向 says how 達成率 is computed.")
        return False

    def _rate_case(
        self, rule: FigureRule, ind: Indicator, column: YearColumn, inverse: bool, key: str, scope: str
    ) -> None:
        if column.rate is None or _number(column.rate) is None:
            return
        actual, target = _figure(column.actual, PRINTED, "実績値"), _figure(column.target, PRINTED, "目標値")
        inputs = (target, actual) if inverse else (actual, target)
        self.cases.append(
            FigureCase(
                rule, f"{scope} {ind.key} 達成率", _figure(column.rate, PRINTED, "達成率"), inputs, f"{ind.key}:{key}"
            )
        )

    def _progress_cross_checks(
        self, ind: Indicator, column: YearColumn, final: Located | None, latest: YearColumn | None
    ) -> None:
        pairs = (
            ("final_target", "最終目標値", final, column.target),
            ("latest_actual", "直近の実績値", latest.actual if latest else None, column.actual),
        )
        for key, words, first, second in pairs:
            if first is None or second is None:
                continue
            self.cases.append(
                SameFactCase(
                    "indicator_progress_cross_reference",
                    f"{LEVEL_PLACE} {ind.key} 進捗率 column: {words}",
                    f"{ind.key}:{key}",
                    _figure(first, PRINTED, words),
                    where(first.cell),
                    _figure(second, PRINTED, f"進捗率 {words}"),
                    where(second.cell),
                    f"the 進捗率 column repeats the {words}",
                )
            )

    def _levels(self, ind: Indicator, rates: dict[int | None, YearColumn]) -> None:
        for year, column in rates.items():  # years in printed order: the last with a rate is the latest
            if (figure := _rate_figure(column)) is not None:
                self.latest_rates[ind.key] = (year, figure)
        for _, year, level in ind.levels:
            letter = self._level_letter(level)
            if letter is None:
                continue
            column = rates.get(year)
            stated_rate = _rate_figure(column) if column is not None else None
            self.cases.append(
                GradeCase(ACHIEVEMENT_LEVEL, letter, where(level.cell), (), None, year, stated_rate, place=LEVEL_PLACE)
            )
            self.latest_levels[ind.key] = (letter, level, year, stated_rate)

    @staticmethod
    def _level_letter(level: Located) -> str | None:
        """The stated 達成度合: a letter, `-` for 算定不可 (any missing-value marker), None when blank."""
        text = squash(level.text)
        if not text:
            return None
        parsed = nz.grade(text)
        if parsed.value is not None:
            return parsed.value.letter
        quantity = nz.quantity(text).value
        return "-" if quantity is not None and quantity.na_marker else text

    # 5 (1) 達成度合の集計 ----------------------------------------------------------
    def _level_counts(self, indicators: list[Indicator]) -> None:
        latest = self.latest_levels
        headings, rows = sheet.count_rows(self.document, "達成度合の集計")
        letters = [squash(h.text) for h in headings]
        systems = {
            ind.key: nz.text(ind.value_below("政策体系").text).value if ind.value_below("政策体系") else None
            for ind in indicators
        }
        self._analysis_grades(indicators)
        if not headings:
            self.out.problems.append("No 5 (1) 達成度合の集計 (政策体系 × A B C D -) was found.")
        # The letters counted are the 3-2 達成度合 of every indicator: unread when a block's grid was not read.
        unread = None if indicators and all(ind.levels for ind in indicators) else "not read: the 3-2 達成度合 grid"
        body = [r for r in rows if squash(r.label.text) not in sheet.TOTAL_ROW_WORDS]
        if any(system is None for system in systems.values()):
            # An indicator block that prints no 政策体系 belongs to the one the 集計 lists, when it lists one;
            # among several, which row counts it is not printed.
            if len(body) == 1:
                only = nz.text(body[0].label.text).value
                systems = {key: system or only for key, system in systems.items()}
            else:
                unread = unread or "not read: the 政策体系 of each 成果指標"
        for count_row in rows:
            label = nz.text(count_row.label.text).value
            is_total = squash(count_row.label.text) in sheet.TOTAL_ROW_WORDS
            for letter in letters:
                stated = count_row.counts.get(letter)
                if stated is None:
                    continue
                figure = _summand_figure(stated, letter)
                if is_total:
                    inputs = tuple(_summand_figure(r.counts[letter], letter) for r in body if letter in r.counts)
                    self.cases.append(
                        FigureCase(LEVEL_COUNT_TOTAL, f"5 (1) 達成度合の集計 計 {letter}", figure, inputs, letter)
                    )
                    continue
                members = tuple(
                    Figure(None, entry[0], where(entry[1].cell), "exact", key)
                    for key, entry in latest.items()
                    if systems.get(key) == label and entry[0] == letter
                )
                self.cases.append(
                    FigureCase(
                        LEVEL_COUNT,
                        f"5 (1) 達成度合の集計 {label} {letter}",
                        figure,
                        members,
                        f"{label}:{letter}",
                        unread=unread,
                    )
                )

    def _analysis_grades(self, indicators: list[Indicator]) -> None:
        """The 【A】 after each indicator's name in 5 (1) 成果指標の分析: a stated grade, and a cross-reference."""
        latest = self.latest_levels
        names = {ind.key: squash(ind.name.text) for ind in indicators if ind.name is not None}
        for analysis in starting(self.document, "<", "〈", "＜"):
            for match in re.finditer(r"[<〈]([^<>〈〉【】]+)【([A-Da-d-])】", nz.text(analysis.text).value or ""):
                key = next(
                    (
                        k
                        for k, n in names.items()
                        if squash(match.group(1)) in n or n.startswith(squash(match.group(1)))
                    ),
                    None,
                )
                if key is None or key not in latest:
                    continue
                letter, level, year, stated_rate = latest[key]
                # 5 (1) grades the latest printed 達成率, whichever 評価年度 the last stated letter stands under.
                if key in self.latest_rates:
                    year, stated_rate = self.latest_rates[key]
                inputs = (stated_rate,) if stated_rate is not None else ()
                self.cases.append(
                    GradeCase(
                        ACHIEVEMENT_LEVEL,
                        match.group(2),
                        where(analysis.cell),
                        inputs,
                        None,
                        year,
                        place=ANALYSIS_PLACE,
                    )
                )
                self.cases.append(
                    SameFactCase(
                        "achievement_level_cross_reference",
                        f"5 (1) 成果指標の分析 {key} vs {LEVEL_PLACE}",
                        key,
                        match.group(2),
                        where(analysis.cell),
                        letter,
                        where(level.cell),
                        "the latest 達成度合 is repeated in 成果指標の分析",
                    )
                )

    # 5 (2) 取組の分析 ----------------------------------------------------------------
    def _judgement(self) -> None:
        found = sheet.judgement(self.document)
        if found is None:
            self.out.problems.append("No 5 (2) 取組の分析 (基準1–4, 判定) was found.")
            return
        year = self.out.report_fiscal_year
        inputs = []
        for criterion in found.criteria:
            mark = squash(criterion.mark.text)
            self.cases.append(
                GradeCase(
                    JUDGEMENT_CRITERION,
                    mark or None,
                    where(criterion.mark.cell),
                    (),
                    None,
                    year,
                    indicator_key=f"基準{criterion.number}",
                    place=JUDGEMENT_PLACE,
                )
            )
            # The decision table reads ○ / △ whatever circle or triangle was printed; other marks stay as printed.
            kind = _mark_kind(mark) or mark
            inputs.append(Figure(None, kind, where(criterion.mark.cell), "exact", f"基準{criterion.number}"))
        if found.stated is None:
            self.out.problems.append("5 (2) 取組の分析 prints no 判定 letter.")
            return
        letter = nz.grade(found.stated.text).value
        assert letter is not None  # the reader keeps only cells that read as a grade
        self.cases.append(
            GradeCase(
                JUDGEMENT, letter.letter, where(found.stated.cell), tuple(inputs), None, year, place=JUDGEMENT_PLACE
            )
        )

    # 7 (3) 反映状況 ---------------------------------------------------------------------
    def _reflection(self, projects: ProjectTable | None) -> None:
        headings, rows = sheet.count_rows(self.document, "方向性", "反映結果")
        found = sheet.reflection_list(self.document)
        listed = found or []
        unread = "not read: the 事務事業 listed under 反映状況" if found is None else None
        if not headings:
            self.out.problems.append("No 7 (3) 事務事業への反映状況 counts (方向性 … 合計) were found.")
        directions = [squash(h.text) for h in headings if not squash(h.text).startswith(("合計", "次年度新規事業"))]
        for count_row in rows:
            figures = []
            for direction in directions:
                stated = count_row.counts.get(direction)
                if stated is None:
                    continue
                figure = _summand_figure(stated, direction)
                figures.append(figure)
                members = tuple(
                    Figure(None, r["measure_no"].text, where(r["direction"].cell), "exact", direction)
                    for r in listed
                    if squash(r["direction"].text) == direction
                )
                self.cases.append(
                    FigureCase(
                        REFLECTION_COUNT, f"7 (3) 反映状況 {direction}", figure, members, direction, unread=unread
                    )
                )
                if unread is not None and figure.value:
                    self.out.problems.append(
                        f"7 (3) 反映状況 counts {direction} {figure.text}, but no list of its 事務事業 "
                        "(事務事業整理番号 … 次年度の方向性) was found."
                    )
            total = count_row.counts.get("合計")
            if total is not None:
                stated = _summand_figure(total, "合計")
                self.cases.append(FigureCase(REFLECTION_TOTAL, "7 (3) 反映状況 合計", stated, tuple(figures), "total"))
                members = tuple(
                    Figure(None, r["measure_no"].text, where(r["measure_no"].cell), "exact") for r in listed
                )
                self.cases.append(
                    FigureCase(
                        REFLECTION_LISTED, "7 (3) 反映状況 合計 vs its list", stated, members, "listed", unread=unread
                    )
                )
        self._new_projects()
        titles = {squash(p.text("title")): (k, p) for k, p in self.keyed}
        numbers = {k: p for k, p in self.keyed}
        for entry in listed:
            number = nz.text(entry["measure_no"].text).value or ""
            project = numbers.get(number)
            if project is not None and "title" in entry:
                self.cases.append(
                    SameFactCase(
                        "reflection_title_cross_reference",
                        f"7 (3) 反映状況 {number} 事務事業名 vs {PROJECT_PLACE}",
                        number,
                        nz.text(entry["title"].text).value,
                        where(entry["title"].cell),
                        nz.text(project.text("title")).value,
                        where(project.cells["title"].cell),
                        "a listed 事務事業 carries the name of its 整理番号",
                    )
                )
        by_title = {squash(e["title"].text): e for e in listed if "title" in e}
        for response in sheet.responses(self.document) or []:
            for line in response.cell.lines or [response.text]:
                match = re.match(r"\s*([^:：]+)[:：](.+)", nz.text(line).value or "")
                if match is None or squash(match.group(2)) not in by_title:
                    continue
                entry = by_title[squash(match.group(2))]
                key = titles.get(squash(match.group(2)), (nz.text(entry["measure_no"].text).value, None))[0]
                self.cases.append(
                    SameFactCase(
                        "reflection_direction_cross_reference",
                        f"7 (1) 対応 {match.group(2)} vs 7 (3) 次年度の方向性",
                        str(key),
                        squash(match.group(1)),
                        where(response.cell),
                        squash(entry["direction"].text),
                        where(entry["direction"].cell),
                        "the direction named in 7 (1) is the one listed in 7 (3)",
                    )
                )

    def _new_projects(self) -> None:
        stated = sheet.new_projects(self.document)
        if stated is None:
            return
        if isinstance(stated, TextBlock):
            number = re.search(r"(\d+)\s*$", stated.text)
            figure = Figure(
                float(number.group(1)) if number else None,
                number.group(1) if number else None,
                where(stated),
                "exact",
                "次年度新規事業",
            )
        else:
            figure = _summand_figure(stated, "次年度新規事業")
        responses = sheet.responses(self.document)
        members = tuple(
            Figure(None, line, where(response.cell), "exact", "新規")
            for response in responses or []
            for line in (response.cell.lines or [response.text])
            if squash(nz.text(line).value or "").startswith("新規")
        )
        unread = "not read: 7 (1) 一次政策評価結果への対応 (対応方針 … 事務事業)" if responses is None else None
        self.cases.append(
            FigureCase(NEW_PROJECTS, "7 (3) 次年度新規事業 (予定)", figure, members, "new_projects", unread=unread)
        )


def _unit_hint(table: ProjectTable | None, item: str) -> str:
    """The money unit printed in the column's header, (千円) as the sheet prints it when it says none."""
    if table is not None and item in table.headers:
        header = nz.header(table.headers[item].text).value
        if header is not None and header.unit:
            return header.unit
        for other in MONEY_FIELDS:
            found = nz.header(table.headers[other].text).value if other in table.headers else None
            if found is not None and found.unit:
                return found.unit
    return "千円"


def _rate_figure(column: YearColumn) -> Figure | None:
    """A year's printed 達成率 as 達成度合 grades it (as printed); None when it prints no number."""
    rate = _number(column.rate)
    if column.rate is None or rate is None:
        return None
    return Figure(rate, _printed_text(column.rate), where(column.rate.cell), GRADED_AS_PRINTED, "達成率")


def _summand_figure(located: Located, label: str) -> Figure:
    """A printed count or summand; a blank cell among them means none (the sheet's SUM reads it as 0)."""
    value = _number(located)
    text = _printed_text(located)
    if value is None and not text.strip():
        return Figure(0.0, "", where(located.cell), "exact", f"{label} (blank)")
    return Figure(value, text, where(located.cell), "exact", label)


def _mark_kind(mark: str) -> str | None:
    """○ for any circle mark (through `normalizers.flag`), △ for a triangle, else None."""
    if nz.flag(mark).value is True:
        return "○"
    return "△" if mark in ("△", "▲") else None
