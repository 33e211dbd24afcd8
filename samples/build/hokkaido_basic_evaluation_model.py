"""The 北海道 基本評価調書 as data: one edition of the report, read from the truth and the seed.

The canonical edition is read from `samples/truth/hokkaido_basic_evaluation/` (figures, grades)
and the seed (narrative text the truth does not carry). A variant edition is derived from it,
and `truth_rows` writes any edition back in the truth's CSV shapes, so the canonical edition
must reproduce the hand-written truth exactly (the tests check this).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from samples.build.common import read_truth, seed_lines

REPORT = "hokkaido_basic_evaluation"
SEED_FILE = "002_113f0cf4465f4f59.txt"

# Seed lines of the blocks whose narrative text the truth does not carry.
HEADER_LINES = (6, 7)
GOALS_LINE = 14
ROLES_LINES = (18, 19, 20, 21, 22)
RESULTS_LINES = (44, 45, 47, 48)
LINKAGE_LINES = (54, 55, 56, 57, 58, 59)
INDICATOR_ANALYSIS_LINE = 74
INDICATOR_DESCRIPTION_LINE = 75
INDICATOR_PLAN_LINE = 76
CRITERIA_LINES = (137, 138, 139, 140, 141, 142, 143)
MARK_LINES = (138, 140, 141, 142)  # 基準1–4
JUDGEMENT_LINE = 143
ANALYSIS_TEXT_LINE = 130
RESPONSE_LINES = (153, 154, 155, 156)

BANDS = (("A", 100.0), ("B", 90.0), ("C", 80.0))  # lower bounds printed in 達成度合について


def seed_cells(line: int) -> list[str]:
    """The tab-separated cells of a seed line, HTML paragraph tags turned into line breaks."""
    text = seed_lines(SEED_FILE)[line - 1]
    cells = text.split("\t")
    return [re.sub(r"\s*</p>\s*<p>\s*", "\n", c).replace("<p>", "").replace("</p>", "").strip() for c in cells]


def era_short(year: int) -> str:
    """2018 -> H30, 2019 -> R1 (the sheet's year labels)."""
    return f"R{year - 2018}" if year >= 2019 else f"H{year - 1988}"


def era_long(year: int) -> str:
    """2020 -> 令和2年度, 2019 -> 令和元年度."""
    if year >= 2019:
        n = year - 2018
        return f"令和{'元' if n == 1 else n}年度"
    return f"平成{year - 1988}年度"


def year_of_era(label: str) -> int:
    """H26 -> 2014, R2 -> 2020."""
    return int(label[1:]) + (1988 if label[0] == "H" else 2018)


def shift_era_text(text: str, years: int) -> str:
    """Moves every era year written in narrative text (令和2年, H30, R01) by `years`."""
    if years == 0:
        return text

    def long_form(m: re.Match[str]) -> str:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        year = n + (2018 if m.group(1) == "令和" else 1988) + years
        return era_long(year)[:-2] + "年"

    def short_form(m: re.Match[str]) -> str:
        year = int(m.group(2)) + (2018 if m.group(1) == "R" else 1988) + years
        label = era_short(year)
        padded = m.group(2).startswith("0")  # R01 stays two-digit, R2 stays bare
        return label[0] + (label[1:].zfill(2) if padded else label[1:])

    text = re.sub(r"(令和|平成)(元|\d+)年", long_form, text)
    return re.sub(r"(?<![A-Za-z])([HR])(\d{1,2})(?!\d)", short_form, text)


def percent_text(value: float, decimals: int) -> str:
    """A rate as the sheet prints it (half away from zero, as the office suite rounds)."""
    q = Decimal(1).scaleb(-decimals)
    return f"{Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP)}%"


def rounded(value: float, decimals: int = 0) -> float:
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


def band(rate: float) -> str:
    for grade, low in BANDS:
        if rate >= low:
            return grade
    return "D"


@dataclass
class Project:
    """One 事務事業 row: amounts in 千円, staffing in person-years."""

    no: str
    system: str
    title: str
    summary: str
    division: str
    cost: int
    general: int
    staff_main: float
    staff_branch: float
    seed_line: str = ""
    typed_full_cost: int | None = None  # a constant typed over the formula (planted in variants)

    @property
    def staff_total(self) -> float:
        return round(self.staff_main + self.staff_branch, 1)

    def full_cost(self, unit_cost: int) -> int:
        if self.typed_full_cost is not None:
            return self.typed_full_cost
        return int(rounded(self.cost + self.staff_total * unit_cost))


@dataclass
class Indicator:
    key: str
    name: str
    base_year: int
    base: float
    target_year: int
    target: float
    final_year: int
    final: float
    # (fiscal year, target, actual or None where '-' is printed) for the previous and the report year
    yearly: list[tuple[int, float, float | None]]
    levels: dict[int, str]  # 評価年度 (result year) -> 達成度合 as printed
    description: str
    plan: str
    system: str
    direction: str
    formula_text: str
    analysis: str

    @property
    def latest(self) -> tuple[int, float, float]:
        """The most recent year with an actual value."""
        year, target, actual = [y for y in self.yearly if y[2] is not None][-1]
        assert actual is not None
        return year, target, actual

    def rate_text(self, year_index: int) -> str:
        _, target, actual = self.yearly[year_index]
        return "-" if actual is None else percent_text(actual / target * 100, 0)

    @property
    def progress_text(self) -> str:
        return percent_text(self.latest[2] / self.final * 100, 0)


@dataclass
class Edition:
    """One printed edition of the report."""

    report_year: int
    policy_name: str
    policy_code: str
    municipality: str
    municipality_code: str
    budgets: list[tuple[int, int, str]]  # (fiscal year, 施策の予算額 千円, seed line)
    indicator: Indicator
    projects: list[Project]
    unit_cost: int  # 千円 per person-year in the フルコスト formula
    marks: list[str]  # 基準1–4 as printed
    judgement: str  # as printed
    reflection_counts: dict[str, str]
    reflection_list: list[dict[str, str]]
    new_projects: str
    year_shift: int = 0
    planted: list[dict[str, str]] = field(default_factory=list)  # inconsistencies beyond the notation

    @property
    def title(self) -> str:
        return f"{era_long(self.report_year)} 基本評価調書"

    def text(self, line: int, index: int) -> str:
        """Narrative text of the seed, its years moved to this edition."""
        return shift_era_text(seed_cells(line)[index], self.year_shift)

    @property
    def total_cost(self) -> int:
        return sum(p.cost for p in self.projects)


def judgement_rule(marks: list[str]) -> str:
    """The printed rule of 取組の分析: a, b or c from the marks of 基準1–4."""
    others = any(m == "○" for m in marks[1:])
    if marks[0] == "○" and others:
        return "a"
    if marks[0] == "△" and others:
        return "c"
    return "b"


def canonical_edition(truth_dir: Path) -> Edition:
    """The edition the seed prints, read from the hand-written truth (and the seed's narrative)."""

    def rows(name: str) -> list[dict[str, str]]:
        return read_truth(REPORT, name, truth_dir)

    document = rows("document")[0]
    measures = rows("measures")
    money = {(b["measure_key"], b["item"]): b for b in rows("budgets")}
    projects = []
    for m in measures:
        amount = {
            item: float(money[(m["measure_key"], item)]["amount"])
            for item in ("project_cost", "general_revenue", "staff_main", "staff_branch")
        }
        projects.append(
            Project(
                no=m["measure_no"],
                system=m["group_name"],
                title=m["title"],
                summary=seed_cells(int(m["seed_line"]))[3],
                division=m["divisions"],
                cost=int(amount["project_cost"]) // 1000,
                general=int(amount["general_revenue"]) // 1000,
                staff_main=amount["staff_main"],
                staff_branch=amount["staff_branch"],
                seed_line=m["seed_line"],
            )
        )
    # The sheet's per-person-year cost is the one every row's フルコスト implies.
    costs = {
        round((float(money[(p.no, "full_cost")]["amount"]) / 1000 - p.cost) / p.staff_total)
        for p in projects
        if p.staff_total
    }
    assert len(costs) == 1, costs
    budgets = sorted(
        (int(b["fiscal_year"]), int(float(b["amount"])) // 1000, b["seed_line"])
        for b in rows("budgets")
        if b["item"] == "budget"
    )
    values = rows("indicator_values")

    def value(metric: str, place_end: str, year: int) -> float | None:
        for v in values:
            if v["metric"] == metric and v["place"].endswith(place_end) and int(v["fiscal_year"]) == year:
                return float(v["value"]) if v["value"] else None
        raise KeyError((metric, place_end, year))

    first = values[0]
    base = next(v for v in values if v["metric"] == "baseline")
    this_target = next(v for v in values if v["place"].endswith("今年度の目標"))
    final = next(v for v in values if v["place"].endswith("最終目標"))
    report_year = int(document["report_fiscal_year"])
    yearly: list[tuple[int, float, float | None]] = []
    for year in (report_year - 1, report_year):
        target = value("target", "年度別", year)
        assert target is not None
        yearly.append((year, target, value("actual", "年度別", year)))
    grades = rows("grades")
    levels = {report_year - 3 + i: "" for i in range(3)}
    for g in grades:
        if g["grade_type"] == "achievement_level" and "評価年度" in g["place"]:
            levels[int(g["fiscal_year"])] = g["stated_grade"]
    plan = seed_cells(INDICATOR_PLAN_LINE)
    indicator = Indicator(
        key=first["indicator_key"],
        name=first["indicator_name"],
        base_year=int(base["fiscal_year"]),
        base=float(base["value"]),
        target_year=int(this_target["fiscal_year"]),
        target=float(this_target["value"]),
        final_year=int(final["fiscal_year"]),
        final=float(final["value"]),
        yearly=yearly,
        levels=levels,
        description=seed_cells(INDICATOR_DESCRIPTION_LINE)[0],
        plan=plan[1],
        system=plan[3],
        direction=plan[4],
        formula_text=plan[5],
        analysis=seed_cells(INDICATOR_ANALYSIS_LINE)[11],
    )
    marks = [g["stated_grade"] for g in grades if g["grade_type"] == "judgement_criterion"]
    judgement = next(g["stated_grade"] for g in grades if g["grade_type"] == "judgement")
    counts = rows("table_reflection_counts")[0]
    counts.pop("seed_line")
    reflection = rows("table_reflection_list")
    for r in reflection:
        r.pop("seed_line")
    return Edition(
        report_year=report_year,
        policy_name=document["施策名"],
        policy_code=document["施策コード"],
        municipality=document["municipality"],
        municipality_code=document["municipality_code"],
        budgets=budgets,
        indicator=indicator,
        projects=projects,
        unit_cost=costs.pop(),
        marks=marks,
        judgement=judgement,
        reflection_counts=counts,
        reflection_list=reflection,
        new_projects=rows("table_next_year_new_projects")[0]["次年度新規事業 (予定)"],
    )


def _staff(value: float) -> str:
    return f"{value:.1f}"


def truth_rows(ed: Edition) -> dict[str, list[dict[str, str]]]:
    """The edition in the truth's CSV shapes (file name -> rows)."""
    ind = ed.indicator
    out: dict[str, list[dict[str, str]]] = {}
    out["document"] = [
        {
            "municipality": ed.municipality,
            "municipality_code": ed.municipality_code,
            "title": ed.title,
            "report_fiscal_year": str(ed.report_year),
            "seed_file": SEED_FILE,
            "seed_line": "3 6",
            "施策名": ed.policy_name,
            "施策コード": ed.policy_code,
        }
    ]
    out["measures"] = [
        {
            "measure_key": p.no,
            "measure_no": p.no,
            "title": p.title,
            "level": "事務事業",
            "group_name": p.system,
            "departments": "",
            "divisions": p.division,
            "stage": "",
            "flag_kanmin_data": "",
            "flag_sentan_gijutsu": "",
            "flag_leading": "",
            "seed_line": p.seed_line,
        }
        for p in ed.projects
    ]
    budgets = []
    for p in ed.projects:
        money = {"project_cost": p.cost, "general_revenue": p.general, "full_cost": p.full_cost(ed.unit_cost)}
        staff = {"staff_main": p.staff_main, "staff_branch": p.staff_branch, "staff_total": p.staff_total}
        for item in ("project_cost", "general_revenue", "staff_main", "staff_branch", "staff_total", "full_cost"):
            if item in money:
                amount, unit, text = str(money[item] * 1000), "円", f"{money[item]:,}"
            else:
                amount, unit, text = _staff(staff[item]), "人年", _staff(staff[item])
            budgets.append(
                {
                    "measure_key": p.no,
                    "fiscal_year": str(ed.report_year),
                    "item": item,
                    "amount": amount,
                    "unit": unit,
                    "value_text": text,
                    "place": "4 事務事業の設定",
                    "seed_line": p.seed_line,
                }
            )
    for year, amount, line in ed.budgets:
        budgets.append(
            {
                "measure_key": "",
                "fiscal_year": str(year),
                "item": "budget",
                "amount": str(amount * 1000),
                "unit": "円",
                "value_text": f"{amount:,}",
                "place": "1 目標等の設定 施策の予算額(千円)",
                "seed_line": line,
            }
        )
    out["budgets"] = budgets

    setting, yearly, progress = "3 成果指標の設定", "3-2 成果指標の達成度合 年度別", "3-2 成果指標の達成度合 進捗率"

    def iv(
        year: int, metric: str, value: float | None, text: str, place: str, lines: str, qualifier: str = ""
    ) -> dict[str, str]:
        return {
            "measure_key": "",
            "indicator_key": ind.key,
            "indicator_name": ind.name,
            "fiscal_year": str(year),
            "metric": metric,
            "value": "" if value is None else str(float(value)),
            "unit": "%",
            "qualifier": qualifier,
            "value_text": text,
            "na_marker": "-" if value is None else "",
            "place": place,
            "seed_line": lines,
        }

    (prev_year, prev_target, prev_actual), (cur_year, cur_target, cur_actual) = ind.yearly
    latest_year, _, latest_actual = ind.latest

    def rate(actual: float | None, target: float) -> float | None:
        return None if actual is None else rounded(actual / target * 100)

    out["indicator_values"] = [
        iv(ind.base_year, "baseline", ind.base, percent_text(ind.base, 1), setting + " 基準値", "73 74"),
        iv(ind.target_year, "target", ind.target, percent_text(ind.target, 1), setting + " 今年度の目標", "73 74"),
        iv(ind.final_year, "target", ind.final, percent_text(ind.final, 1), setting + " 最終目標", "73 74"),
        iv(prev_year, "target", prev_target, percent_text(prev_target, 0), yearly, "74 75"),
        iv(cur_year, "target", cur_target, percent_text(cur_target, 0), yearly, "74 75"),
        iv(ind.final_year, "target", ind.final, percent_text(ind.final, 0), progress, "73 74 75"),
        iv(
            prev_year,
            "actual",
            prev_actual,
            "-" if prev_actual is None else percent_text(prev_actual, 0),
            yearly,
            "74 76",
        ),
        iv(cur_year, "actual", cur_actual, "-" if cur_actual is None else percent_text(cur_actual, 0), yearly, "74 76"),
        iv(latest_year, "actual", latest_actual, percent_text(latest_actual, 0), progress, "74 76"),
        iv(prev_year, "achievement_rate", rate(prev_actual, prev_target), ind.rate_text(0), yearly, "74 77"),
        iv(cur_year, "achievement_rate", rate(cur_actual, cur_target), ind.rate_text(1), yearly, "74 77"),
        iv(
            ind.final_year,
            "achievement_rate",
            rounded(latest_actual / ind.final * 100),
            ind.progress_text,
            progress,
            "73 74 77",
            qualifier="進捗率",
        ),
    ]

    def grade(grade_type: str, year: int, stated: str, value: str, text: str, place: str, lines: str) -> dict[str, str]:
        return {
            "measure_key": "",
            "grade_type": grade_type,
            "fiscal_year": str(year),
            "stated_grade": stated,
            "stated_value": value,
            "value_text": text,
            "place": place,
            "seed_line": lines,
        }

    grades = []
    for year, level in sorted(ind.levels.items()):
        if level:
            value = str(rate(latest_actual, ind.latest[1])) if year == latest_year else ""
            grades.append(
                grade(
                    "achievement_level",
                    year,
                    level,
                    value,
                    level,
                    f"3-2 成果指標の達成度合 評価年度 {era_short(year)}",
                    "72 73",
                )
            )
    latest_level = ind.levels[latest_year]
    grades.append(
        grade(
            "achievement_level",
            latest_year,
            latest_level,
            "",
            f"【{latest_level}】",
            "5(1) 成果指標の分析",
            str(ANALYSIS_TEXT_LINE),
        )
    )
    for i, mark in enumerate(ed.marks):
        grades.append(
            grade(
                "judgement_criterion",
                ed.report_year,
                mark,
                "",
                mark,
                f"5(2) 取組の分析 基準{i + 1}",
                str(MARK_LINES[i]),
            )
        )
    grades.append(
        grade("judgement", ed.report_year, ed.judgement, "", ed.judgement, "5(2) 取組の分析 判定", str(JUDGEMENT_LINE))
    )
    out["grades"] = grades

    out["table_totals"] = [
        {
            "整理番号": "計",
            "前年度からの 繰越事業費(千円)": "0",
            "事業費 (千円)": f"{ed.total_cost:,}",
            "うち 一般財源": f"{sum(p.general for p in ed.projects):,}",
            "本庁": _staff(sum(p.staff_main for p in ed.projects)),
            "出先機関": _staff(sum(p.staff_branch for p in ed.projects)),
            "人工計": _staff(sum(p.staff_total for p in ed.projects)),
            "フル コスト (千円)": "",
            "seed_line": "114",
        }
    ]
    out["table_reflection_counts"] = [{**ed.reflection_counts, "seed_line": "161"}]
    out["table_reflection_list"] = [{**r, "seed_line": str(167 + i)} for i, r in enumerate(ed.reflection_list)]
    out["table_next_year_new_projects"] = [{"次年度新規事業 (予定)": ed.new_projects, "seed_line": "163 164"}]
    out["table_indicator_analysis"] = indicator_analysis_rows(ed)

    inconsistencies = []
    expected = judgement_rule(ed.marks)
    if ed.judgement != expected:
        notation_only = ed.judgement.lower() == expected
        marks = "・".join(m or "空欄" for m in ed.marks)
        inconsistencies.append(
            {
                "kind": "judgement_notation" if notation_only else "judgement",
                "scope": "5 (2)取組の分析 判定",
                "stated": ed.judgement,
                "expected": expected,
                "seed_line": "143 138 140 141 142",
                "description": f"基準1–4 の印({marks})から、印刷された規則では判定は {expected}。"
                + f"判定欄は {ed.judgement}"
                + (
                    ":実質は一致し、表記(大文字・小文字)だけが規則と異なる。"
                    if notation_only
                    else ":規則と一致しない。"
                ),
            }
        )
    out["inconsistencies"] = inconsistencies + ed.planted
    return out


def indicator_analysis_rows(ed: Edition) -> list[dict[str, str]]:
    """5 (1) 成果指標の分析: the 達成度合 counts of the indicator's latest stated level, as printed."""
    level = ed.indicator.levels[ed.indicator.latest[0]]
    grades = ("A", "B", "C", "D", "-")
    verdict = "A・B指標のみ" if level in ("A", "B") else "C・D指標あり"
    band_row = ["", "100%以上", "90%以上 100%未満", "80%以上 90%未満", "80%未満", "算定不可", ""]
    printed = [
        band_row,
        [ed.indicator.system, *("1" if g == level else "" for g in grades), verdict],
        ["", "", "", "", "", "", "-"],
        ["", "", "", "", "", "", "-"],
        ["計", *("1" if g == level else "0" for g in grades), verdict],
    ]
    fields = ["政策体系", *grades, "判定"]
    return [{**dict(zip(fields, row, strict=True)), "seed_line": str(129 + i)} for i, row in enumerate(printed)]
