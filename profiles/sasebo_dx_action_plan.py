"""佐世保市 DX戦略 実行計画: roadmaps, KPI grids and the project list (A3 PDF, or the list as a workbook).

The plan has three kinds of table, each found by its vocabulary:
- roadmaps: a 課題 column, year columns, step rows ('1-2 データに基づいた戦略の策定') and
  【PID】 entries placed in the year they start;
- KPI grids: 課題 / KPI / 予定|実績 / year columns / 算出式・設定根拠 / 進捗状況・評価;
- the project list: PID, 名称, リーディング, 活動指標 (予定/実績 per year) and 実施年度 markers.
Which 重点課題 a roadmap or grid row belongs to comes from the heading printed above it
('<<まちづくり>> 【観光】…', '01「まちづくり」 【観光】…'). The plan grades nothing; its audit
is about the plan contradicting itself (see the rules below).
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

import normalizers as nz
from audit.bands import Band
from audit.rules import DuplicateCase, Figure, FigureCase, FigureRule, GradeCase, GradeRule, SameFactCase, Where
from extractors.model import Cell, Document, Table
from profiles import ProfileOutput
from profiles.locate import Column, Inventory, Location, Part, TableSpec, is_group_row, locate_all
from profiles.tables import (
    evidence,
    find_column,
    has_columns,
    header_text,
    last_before,
    number_in,
    plain,
    same_wording,
    squash,
    where,
    wording_key,
)
from schemas import SeriesColumn, declare_series_columns

PROFILE_ID = "sasebo_dx_action_plan"

# The columns of the plan's project list and KPI sheets that no other series prints.
declare_series_columns(
    PROFILE_ID,
    "measures",
    SeriesColumn("group_label", pd.StringDtype(), "The group as printed, before canonicalising."),
    SeriesColumn("category", pd.StringDtype(), "分類 of the project as printed."),
    SeriesColumn("field", pd.StringDtype(), "分野 as printed (まちづくり / 行政経営)."),
    SeriesColumn("issue", pd.StringDtype(), "課題 the project addresses."),
    SeriesColumn("step", pd.StringDtype(), "ステップ of the roadmap."),
    SeriesColumn(
        "implementation_years", pd.StringDtype(), "JSON object: fiscal year -> the mark printed for it (○ / ⇒)."
    ),
)
declare_series_columns(
    PROFILE_ID,
    "indicator_values",
    SeriesColumn("formula_text", pd.StringDtype(), "算出式・設定根拠 as printed."),
    SeriesColumn("evaluation_text", pd.StringDtype(), "進捗状況・評価 text as printed."),
)

# ---- audit rules, as data ------------------------------------------------------------

PROGRESS_BANDS = (Band("behind", high=100.0), Band("on_track", low=100.0))
# A text that claims neither is `ambiguous` (issue 9): the auditor sees a judgement the numbers cannot
# confirm, filterable apart from the mismatches; with no numbers either it is not_computable.
NEUTRAL = "neutral"
PROGRESS_MORE_IS_BETTER = GradeRule(
    "sasebo_kpi_progress_more",
    "kpi_progress",
    "進捗状況・評価 (計画通り / 上回る → on_track, 下回る → behind) against the KPI's latest 実績 ÷ 予定 "
    "of the same year; more is better: on_track when 実績 ≥ 予定; a neutral text neither confirms nor contradicts",
    "ratio_percent",
    PROGRESS_BANDS,
    neutral=NEUTRAL,
    judgement_in_text=True,
)
PROGRESS_LESS_IS_BETTER = GradeRule(
    "sasebo_kpi_progress_less",
    "kpi_progress",
    "進捗状況・評価 against the KPI's latest 予定 ÷ 実績 of the same year; less is better (a paper-use "
    "ratio that falls is progress): on_track when 実績 ≤ 予定; a neutral text neither confirms nor contradicts",
    "ratio_percent",
    PROGRESS_BANDS,
    neutral=NEUTRAL,
    judgement_in_text=True,
)
TEXT_TOTAL = FigureRule(
    "sasebo_text_total",
    "text_vs_numbers",
    "a total stated in the 進捗状況・評価 text (合計4基) = the KPI's latest 実績",
    "value",
)
LIST_DUPLICATE_WORDS = "a PID names one project of the project list"
ROADMAP_DUPLICATE_WORDS = "a roadmap 【PID】 names one project (a project re-listed under another 課題 keeps its name)"
NUMBERING_WORDS = "a roadmap entry carries the PID the project list gives the project of that name"
PREFIX_WORDS = "a roadmap PID starts with the label the other entries of its 重点課題 use"
NAME_WORDS = "a roadmap 【PID】 entry and the project list name the project alike"
STEP_WORDS = "the project list's ステップ is the roadmap step the project's 【PID】 stands under"
GRID_LIST_WORDS = "a KPI and the project-list activity indicator that repeats it print the same figure"
NAME_VARIANT_WORDS = "one DX重点課題 is printed with one wording throughout the project list"

# Meanings where a falling figure is progress (the direction of a KPI is read from its name).
LESS_IS_BETTER_WORDS = ("印刷枚数", "待ち時間", "所要時間", "処理時間", "紙の使用")

# 進捗状況・評価 wording, as Sudachi dictionary forms; anything else is neutral (no claim).
ON_TRACK_WORDS = ("計画通り", "計画どおり", "計画以上", "上回る", "達成")
BEHIND_WORDS = ("下回る", "遅れる", "遅れ", "未達")

# Counter words of indicator names (longest first wins), for the unit of their figures.
COUNTERS: tuple[tuple[str, str], ...] = (
    ("利用者数", "人"),
    ("漁業者数", "人"),
    ("参加者数", "人"),
    ("利用数", "人"),
    ("人数", "人"),
    ("農家数", "戸"),
    ("手続き数", "手続き"),
    ("手続数", "手続き"),
    ("施設数", "施設"),
    ("業務数", "業務"),
    ("事業数", "事業"),
    ("言語数", "言語"),
    ("拠点数", "拠点"),
    ("箇所数", "箇所"),
    ("窓口数", "窓口"),
    ("種別数", "種別"),
    ("チャンネル数", "チャンネル"),
    ("項目数", "項目"),
    ("回数", "回"),
    ("件数", "件"),
    ("時間", "時間"),
)

_PID_ENTRY = re.compile(r"^【([^】]*\d[^】]*)】\s*(.*)$")
_STEP = re.compile(r"^(\d+(?:-[0-9A-Za-z/]+)+)\s*(.*)$")
_HEADING = re.compile(r"(?:<<|「)([^>」]+)(?:>>|」)\s*【([^】]+)】\s*(.*)$")
_TEXT_TOTAL = re.compile(r"合計\s*(\d[\d,.]*)\s*([^\d\s、。,]{1,3})")
_BRACKETED = re.compile(r"[(（][^)）]*[)）]")
# A PID: a label, then numbers joined by - or / ('農水2-a-1/2-2'); a cell may print several.
_PID_TOKEN = re.compile(r"[^\s\d\-/]+\d+(?:[-/][0-9A-Za-z]+)*")
_WRAP_AT_JOIN = re.compile(r"([-/])\s+")
_YEAR_LABEL = re.compile(r"[RHＲＨ]\s*\d+|令和\S*?年度?|平成\S*?年度?")
# A KPI grid may print the 課題 number in a column of its own or atop the 課題 text ('課題1 データ活用…').
_ISSUE_NUMBER = re.compile(r"^課題\s*(\d+)\s*(.*)$")
TITLE_WORD = "実行計画"


def classify_evaluation(text: str) -> str:
    """on_track / behind from the 進捗状況・評価 wording; neutral where the text makes no claim."""
    forms = set(nz.lemmas(text))
    joined = squash(text)
    if any(w in forms or w in joined for w in BEHIND_WORDS):
        return "behind"
    if any(w in forms or w in joined for w in ON_TRACK_WORDS):
        return "on_track"
    return NEUTRAL


def unit_of_indicator(name: str, formula: str, printed: Iterable[str]) -> str | None:
    """The unit of an indicator's figures: % where they are rates, else the name's counter word."""
    base = _BRACKETED.sub("", plain(name))
    if "率" in base or "%" in plain(name) or any("%" in plain(t) for t in printed) or "度(" in plain(name):
        return "%"
    for word, unit in COUNTERS:
        if base.endswith(word):
            return unit
    for word, unit in COUNTERS:
        if word in plain(formula) and word == "項目数" and base.endswith("数"):
            return unit
    return "件" if base.endswith("数") or base else None


def _fiscal_year(text: str) -> int | None:
    found = _YEAR_LABEL.search(plain(text))
    if found is None:
        return None
    value = nz.fiscal_year(found.group(0)).value
    return value if isinstance(value, int) else None


# ---- what the document holds ---------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    field_name: str
    label: str
    name: str
    page: int
    top: float


@dataclass
class Project:
    key: str
    pids: tuple[str, ...]
    cells: dict[str, Cell]
    values: list[tuple[int, str, Cell]] = field(default_factory=list)  # (year, metric, cell)
    markers: list[tuple[int, Cell]] = field(default_factory=list)

    def text(self, column: str) -> str:
        cell = self.cells.get(column)
        return plain(cell.text) if cell is not None else ""


@dataclass
class Kpi:
    key: str
    heading: Heading | None
    issue_no: str
    issue: str
    name_cell: Cell
    formula: str
    evaluation_cell: Cell | None
    values: list[tuple[int, str, Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class RoadmapEntry:
    heading: Heading | None
    issue: str
    step_no: str
    step: str
    pid: str
    name: str
    fiscal_year: int | None
    cell: Cell


def read_headings(document: Document) -> list[Heading]:
    """The 重点課題 headings ('<<まちづくり>> 【観光】…'), in reading order."""
    found = []
    for block in document.text_blocks():
        m = _HEADING.search(plain(block.text))
        if m:
            found.append(Heading(m.group(1), m.group(2), m.group(3).strip(), block.page, block.bbox[1]))
    return sorted(found, key=lambda h: (h.page, h.top))


def _year_columns(table: Table) -> dict[int, int]:
    """col -> fiscal year, for the header cells that are a bare year label."""
    years = {}
    for col in range(table.n_cols):
        cell = table.cell(0, col)
        if cell is None or cell.col != col:
            continue
        parsed = nz.header(cell.text).value
        if parsed is not None and parsed.field is None and isinstance(parsed.fiscal_year, int):
            years[col] = parsed.fiscal_year
    return years


# ---- project list --------------------------------------------------------------------

# The project list, declared by its header words (a two- or three-level merged header, under title rows).
# 課題 is whole-word: DX重点課題 is another column. Year columns are read from any header row: a year over
# 予定 / 実績 is an activity-indicator column, a year under 実施年度 a marker column.
PROJECT_LIST = TableSpec(
    "the project list プロジェクト一覧",
    (
        Column("pid", ("PID",)),
        Column("name", ("プロジェクト名称", "プロジェクト名", "事業名称", "事業名")),
        Column("field", ("分野",), required=False),
        Column("category", ("分類",), required=False),
        Column("departments", ("主体部局", "所管部局", "担当部局"), required=False),
        Column("group_name", ("DX重点課題", "重点課題"), required=False),
        Column("issue", ("課題",), required=False, whole=True),
        Column("step", ("ステップ",), required=False),
        Column("summary", ("概要",), required=False),
        Column("leading", ("リーディング",), required=False),
        Column("indicator_name", ("活動指標名称", "活動指標名", "指標名称", "指標名"), required=False),
    ),
    key="pid",
    years=True,
)
MARKER_WORD = "実施年度"


def _year_roles(location: Location) -> tuple[dict[int, tuple[int, str]], dict[int, int]]:
    """Activity-indicator columns (col -> year, target | actual) and 実施年度 columns (col -> year)."""
    values: dict[int, tuple[int, str]] = {}
    markers: dict[int, int] = {}
    part = location.parts[0]
    for year in location.years:
        texts = {squash(c.text) for r in part.header if (c := part.table.cell(r, year.col)) is not None}
        metrics = {m.field for t in texts if (m := nz.header(t).value) is not None} & {"target", "actual"}
        if len(metrics) == 1:
            values[year.col] = (year.year, metrics.pop())
        elif any(MARKER_WORD in t for t in texts):
            markers[year.col] = year.year
    return values, markers


def read_projects(document: Document, inventory: Inventory) -> list[Project]:
    """Every row of every printing of the project list, keyed by its PID(s)."""
    projects: list[Project] = []
    seen: Counter[str] = Counter()
    for location in inventory.locate_all(document, PROJECT_LIST):
        by_row: dict[tuple[int, int], Project] = {}
        value_roles, marker_roles = _year_roles(location)
        for row in location.rows:
            pid_cell = row.cell("pid")
            assert pid_cell is not None  # the locator keeps only rows with their key
            # Several PIDs in one cell are one key, space-separated however the wrap was joined.
            # A PID wrapped at its hyphen ('観光3-a-' over '2-1') is one PID.
            joined = _WRAP_AT_JOIN.sub(r"\1", plain(pid_cell.text))
            printed = " ".join(_PID_TOKEN.findall(joined)) or joined
            seen[printed] += 1
            key = printed if seen[printed] == 1 else f"{printed}#{seen[printed]}"
            cells = {role: c for role in location.columns if (c := row.cell(role)) is not None}
            if projects and by_row:
                _continue_spanning(cells, projects[-1])
            project = Project(key, tuple(printed.split()), cells)
            # A part's year columns stand in the order of the first part's, whatever its ruling.
            first_col = {year.col: first.col for year, first in zip(row.part.years, location.years, strict=True)}
            for year, cell in row.year_cells():
                col = first_col[year.col]
                if not plain(cell.text):
                    continue
                if col in value_roles:
                    project.values.append((*value_roles[col], cell))
                elif col in marker_roles:
                    project.markers.append((marker_roles[col], cell))
            project.values.sort(key=lambda v: (v[0], v[1] == "actual"))
            projects.append(project)
            by_row[(id(row.table), row.index)] = project
        for before, part in itertools.pairwise(location.parts):
            last = max((r for r in location.rows if r.part is before), key=lambda r: r.index, default=None)
            if last is not None and (project := by_row.get((id(before.table), last.index))) is not None:
                _carry_over(project, part, location.spec.key)
    return projects


# Columns whose merged cells group the rows under them (a 分野 over its 分類 over its 重点課題 …).
SPANNING_ROLES = ("field", "category", "departments", "group_name", "issue", "step")


def _continue_spanning(cells: dict[str, Cell], above: Project) -> None:
    """A merged cell broken by a page break leaves its column blank atop the next page: the rows there
    stand under the cell printed above the break."""
    for role in SPANNING_ROLES:
        cell, before = cells.get(role), above.cells.get(role)
        if cell is None or before is None or plain(cell.text) or cell.page is None or before.page is None:
            continue
        if before.page < cell.page and plain(before.text):
            cells[role] = before


def _carry_over(project: Project, part: Part, key: str) -> None:
    """A row broken by a page break: its remainder heads the next page with the key cell left empty
    ('旅行者オンライン購買データ解' / '析による未来予測'); its texts end the row's own."""
    first = part.header.stop
    key_cell = part.table.cell(first, part.columns[key])
    if first >= part.table.n_rows or (key_cell is not None and plain(key_cell.text)) or is_group_row(part.table, first):
        return
    for role, col in part.columns.items():
        rest = part.table.cell(first, col)
        cell = project.cells.get(role)
        if rest is None or cell is None or rest.row != first or not plain(rest.text):
            continue
        project.cells[role] = replace(
            cell, text=cell.text + rest.text, more_evidence=[*cell.more_evidence, rest.evidence]
        )


# ---- KPI grids -----------------------------------------------------------------------


def _kpi_tables(document: Document) -> list[Table]:
    return [
        t
        for t in document.tables()
        if has_columns(t, "KPI", "進捗状況") and find_column(t, "算出式", "設定根拠") is not None
    ]


def _label_column(table: Table) -> int | None:
    """The column whose body cells say 予定 / 実績."""
    for col in range(table.n_cols):
        texts = {squash(c.text) for c in table.column(col) if c.row >= table.header_rows}
        if texts and texts <= {"予定", "実績", ""} and texts & {"予定", "実績"}:
            return col
    return None


def read_kpis(document: Document, headings: list[Heading], problems: list[str]) -> list[Kpi]:
    """Every KPI of the KPI grids with its 予定 / 実績 per year, under the heading printed above it."""
    kpis: list[Kpi] = []
    order: dict[tuple[str, str], int] = defaultdict(int)
    by_name_cell: dict[int, Kpi] = {}
    for table in _kpi_tables(document):
        kpi_col, label_col = find_column(table, "KPI"), _label_column(table)
        issue_col = find_column(table, "課題")
        formula_col = find_column(table, "算出式", "設定根拠")
        eval_col = find_column(table, "進捗状況")
        years = _year_columns(table)
        if label_col is None or issue_col is None or not years:
            problems.append(f"The KPI grid {table.table_id} lacks its 予定/実績, 課題 or year columns.")
            continue
        number_col = next((c for c in range(issue_col) if not header_text(table, c)), None)
        for r in range(table.header_rows, table.n_rows):
            label = table.cell(r, label_col)
            name_cell = table.cell(r, kpi_col)
            if label is None or name_cell is None or squash(label.text) not in ("予定", "実績"):
                continue
            kpi = by_name_cell.get(id(name_cell))
            if kpi is None:
                heading = last_before(headings, name_cell)
                issue_cell = table.cell(r, issue_col)
                number_cell = table.cell(r, number_col) if number_col is not None else None
                issue_no = plain(number_cell.text) if number_cell is not None else ""
                issue = plain(issue_cell.text) if issue_cell is not None else ""
                if not issue_no and (numbered := _ISSUE_NUMBER.match(issue)) is not None:
                    issue_no, issue = numbered.group(1), numbered.group(2).strip()
                group = heading.label if heading else ""
                order[(group, issue_no)] += 1
                formula_cell = table.cell(r, formula_col) if formula_col is not None else None
                kpi = Kpi(
                    key=f"KPI:{group}-{issue_no}-{order[(group, issue_no)]}",
                    heading=heading,
                    issue_no=issue_no,
                    issue=issue,
                    name_cell=name_cell,
                    formula=plain(formula_cell.text) if formula_cell is not None else "",
                    evaluation_cell=table.cell(r, eval_col) if eval_col is not None else None,
                )
                by_name_cell[id(name_cell)] = kpi
                kpis.append(kpi)
            metric = "target" if squash(label.text) == "予定" else "actual"
            for col, year in sorted(years.items(), key=lambda kv: kv[1]):
                cell = table.cell(r, col)
                if cell is not None and cell.row == r and plain(cell.text):
                    kpi.values.append((year, metric, cell))
    for kpi in kpis:
        kpi.values.sort(key=lambda v: (v[0], v[1] == "actual"))
    return kpis


# ---- roadmaps ------------------------------------------------------------------------


def _roadmap_tables(document: Document) -> list[Table]:
    return [
        t
        for t in document.tables()
        if find_column(t, "課題") is not None
        and _year_columns(t)
        and any(_PID_ENTRY.match(plain(c.text)) for c in t.cells if c.row >= t.header_rows)
        and find_column(t, "PID") is None
    ]


def read_roadmap(document: Document, headings: list[Heading]) -> list[RoadmapEntry]:
    """Every 【PID】 entry of the roadmaps, with the step it stands under and the year it starts."""
    entries: list[RoadmapEntry] = []
    for table in _roadmap_tables(document):
        issue_col = find_column(table, "課題")
        years = _year_columns(table)
        step_no, step = "", ""
        for r in range(table.header_rows, table.n_rows):
            for cell in table.row(r):
                if cell.col == issue_col:
                    continue
                text = plain(cell.text)
                entry = _PID_ENTRY.match(text)
                if entry:
                    issue = table.cell(r, issue_col) if issue_col is not None else None
                    entries.append(
                        RoadmapEntry(
                            heading=last_before(headings, cell),
                            issue=plain(issue.text) if issue is not None else "",
                            step_no=step_no,
                            step=step,
                            pid=entry.group(1).strip(),
                            name=entry.group(2).strip(),
                            fiscal_year=years.get(cell.col),
                            cell=cell,
                        )
                    )
                elif (m := _STEP.match(text)) is not None:
                    step_no, step = m.group(1), m.group(2)
    return entries


# ---- the profile ---------------------------------------------------------------------


def _title_and_year(document: Document) -> tuple[str | None, int | None]:
    """The series title (up to 実行計画: a print of the list adds プロジェクト一覧) and the edition's year,
    printed on the title's line or in a block of its page ('令和8（2026）年度版' under a cover title)."""
    # A workbook prints its title in a title row above the list, or only in the sheet's print header.
    printed: list[tuple[str, list[str]]] = []
    for page in document.pages:
        texts = [block.text for block in page.text_blocks]
        printed += [(text, texts) for text in texts]
    for sheet in document.sheets:
        texts = sheet.print_header_text + [cell.text for table in sheet.tables for cell in table.cells]
        printed += [(text, texts) for text in texts]
    for raw, neighbours in printed:
        text = plain(raw)
        if TITLE_WORD in text:
            title = text[: text.index(TITLE_WORD) + len(TITLE_WORD)].strip()
            year = _fiscal_year(text)
            if year is None:
                year = next((y for other in neighbours if "年度" in other and (y := _fiscal_year(other))), None)
            return title, year
    return None, None


def _figure(cell: Cell, label: str) -> Figure:
    """A printed figure: a count (no decimals, no %) is printed in full; rates and decimals are rounded."""
    text = plain(cell.text)
    parsed = nz.quantity(text).value
    value = parsed.value if parsed is not None else None
    rounding = "round" if "%" in text or "." in text else "exact"
    return Figure(value, text, where(cell), rounding, label)


def _values_by_year(values: list[tuple[int, str, Cell]], metric: str) -> dict[int, Cell]:
    found = {}
    for year, m, cell in values:
        parsed = nz.quantity(cell.text).value
        if m == metric and parsed is not None and parsed.value is not None:
            found[year] = cell
    return found


class SaseboDxActionPlan:
    profile_id = PROFILE_ID
    description = (
        "佐世保市 DX戦略 実行計画 (A3 PDF) and its project list (workbook or print): recognised by the "
        "project list's PID / リーディング / 活動指標 / 実施年度 headers, KPI grids with 算出式・設定根拠 and "
        "進捗状況・評価, and roadmaps of 【PID】 entries"
    )

    def score(self, document: Document) -> float:
        score = 0.0
        if any("leading" in loc.columns and _year_roles(loc)[1] for loc in locate_all(document, PROJECT_LIST)):
            score += 0.7
        if _kpi_tables(document):
            score += 0.15 if score else 0.6
        if _roadmap_tables(document):
            score += 0.1
        if any("DX" in b.text and "実行計画" in b.text for b in document.text_blocks()[:20]):
            score += 0.05
        return min(score, 1.0)

    def extract(self, document: Document) -> ProfileOutput:
        out = ProfileOutput()
        out.title, out.report_fiscal_year = _title_and_year(document)
        headings = read_headings(document)
        inventory = Inventory((PROJECT_LIST,))
        projects = read_projects(document, inventory)
        kpis = read_kpis(document, headings, out.problems)
        roadmap = read_roadmap(document, headings)
        out.problems += inventory.problems() + missing_plan_tables(kpis, roadmap)
        labels = {h.name: h.label for h in headings if h.name}
        for project in projects:
            out.measures.append(self._project_measure(project, labels))
            out.indicator_values += self._project_values(project)
        for kpi in kpis:
            out.measures.append(self._kpi_measure(kpi))
            out.indicator_values += self._kpi_values(kpi)
        links = link_kpis(kpis, projects)
        out.cases += self._duplicate_cases(projects, roadmap)
        out.cases += self._roadmap_cases(projects, roadmap)
        out.cases += self._grid_list_cases(kpis, projects, links)
        out.cases += self._kpi_cases(kpis)
        out.cases += self._name_variant_cases(projects)
        return out

    # -- rows

    @staticmethod
    def _project_measure(project: Project, labels: dict[str, str]) -> dict[str, Any]:
        leading = project.cells.get("leading")
        group_name = project.text("group_name")
        departments = nz.names(project.cells["departments"].text).value if "departments" in project.cells else None
        markers = {str(year): cell.text.strip() for year, cell in project.markers}  # as printed: … not ...
        return {
            "measure_key": project.key,
            "measure_no": project.key.split("#")[0],
            "title": project.text("name"),
            "level": "project",
            "group_name": group_name or None,
            "departments": list(departments or ()),
            "divisions": [],
            "stage": None,
            "flag_kanmin_data": None,
            "flag_sentan_gijutsu": None,
            "flag_leading": bool(nz.flag(leading.text).value) if leading is not None else None,
            "field": project.text("field") or None,
            "category": project.text("category") or None,
            "group_label": labels.get(group_name) or project.text("category") or None,
            "issue": project.text("issue") or None,
            "step": project.text("step") or None,
            "summary": project.text("summary") or None,
            "indicator_name": project.text("indicator_name") or None,
            "implementation_years": json.dumps(markers, ensure_ascii=False),
            **evidence(project.cells["pid"]),
        }

    @staticmethod
    def _kpi_measure(kpi: Kpi) -> dict[str, Any]:
        heading = kpi.heading
        return {
            "measure_key": kpi.key,
            "measure_no": kpi.issue_no,
            "title": plain(kpi.name_cell.text),
            "level": "kpi",
            "group_name": (heading.name or None) if heading else None,
            "departments": [],
            "divisions": [],
            "stage": None,
            "flag_kanmin_data": None,
            "flag_sentan_gijutsu": None,
            "flag_leading": None,
            "field": heading.field_name if heading else None,
            "group_label": heading.label if heading else None,
            "issue": kpi.issue or None,
            "indicator_name": plain(kpi.name_cell.text),
            **evidence(kpi.name_cell),
        }

    @staticmethod
    def _value_row(
        measure_key: str, indicator_key: str, name: str, unit: str | None, year: int, metric: str, cell: Cell
    ) -> dict[str, Any]:
        parsed = nz.quantity(cell.text).value
        qualifiers = " ".join(parsed.qualifiers) if parsed is not None and parsed.qualifiers else None
        return {
            "measure_key": measure_key,
            "indicator_key": indicator_key,
            "indicator_name": name,
            "fiscal_year": year,
            "metric": metric,
            "value": parsed.value if parsed is not None else None,
            "unit": unit,
            "qualifier": qualifiers,
            "value_text": cell.text,  # as printed, wrap breaks removed
            "na_marker": parsed.na_marker if parsed is not None else None,
            **evidence(cell),
        }

    def _project_values(self, project: Project) -> list[dict[str, Any]]:
        name = project.text("indicator_name")
        unit = unit_of_indicator(name, "", (c.text for _, _, c in project.values))
        return [
            {**self._value_row(project.key, f"{project.key}/活動指標", name, unit, y, m, c), "place": "project_list"}
            for y, m, c in project.values
        ]

    def _kpi_values(self, kpi: Kpi) -> list[dict[str, Any]]:
        name = plain(kpi.name_cell.text)
        unit = unit_of_indicator(name, kpi.formula, (c.text for _, _, c in kpi.values))
        evaluation = plain(kpi.evaluation_cell.text) if kpi.evaluation_cell is not None else ""
        return [
            {
                **self._value_row(kpi.key, kpi.key, name, unit, y, m, c),
                "place": "kpi_grid",
                "formula_text": kpi.formula or None,
                "evaluation_text": evaluation or None,
            }
            for y, m, c in kpi.values
        ]

    # -- audit cases

    @staticmethod
    def _duplicate_cases(projects: list[Project], roadmap: list[RoadmapEntry]) -> list[DuplicateCase]:
        def distinct(items: Iterable[tuple[str, str, Where]]) -> tuple[tuple[str, Where], ...]:
            # One id per differently named project: a project re-listed under a second 課題 is no duplicate.
            seen: set[tuple[str, str]] = set()
            ids = []
            for pid, name, place in items:
                if (pid, name) not in seen:
                    seen.add((pid, name))
                    ids.append((pid, place))
            return tuple(ids)

        listed = ((pid, p.text("name"), where(p.cells["pid"])) for p in projects for pid in p.pids)
        mapped = ((e.pid, e.name, where(e.cell)) for e in roadmap)
        return [
            DuplicateCase("duplicate_id", "project list: PID", distinct(listed), LIST_DUPLICATE_WORDS),
            DuplicateCase("duplicate_roadmap_id", "roadmap: 【PID】", distinct(mapped), ROADMAP_DUPLICATE_WORDS),
        ]

    @staticmethod
    def _roadmap_cases(projects: list[Project], roadmap: list[RoadmapEntry]) -> list[SameFactCase]:
        cases: list[SameFactCase] = []
        by_pid: dict[str, list[Project]] = defaultdict(list)
        for project in projects:
            for pid in project.pids:
                by_pid[pid].append(project)
        steps_by_group: dict[str, dict[str, str]] = defaultdict(dict)
        prefixes: dict[str, Counter[str]] = defaultdict(Counter)
        for e in roadmap:
            group = e.heading.label if e.heading else ""
            steps_by_group[group].setdefault(e.step_no, e.step)
            prefixes[group][re.split(r"\d", e.pid)[0]] += 1
        occurrences: Counter[str] = Counter()
        stepped: set[tuple[str, str]] = set()
        for e in roadmap:
            group = e.heading.label if e.heading else ""
            occurrences[e.pid] += 1
            key = f"{e.pid}#{occurrences[e.pid]}" if occurrences[e.pid] > 1 else e.pid
            prefix = re.split(r"\d", e.pid)[0]
            common = prefixes[group].most_common(1)[0][0]
            cases.append(
                SameFactCase(
                    "roadmap_numbering",
                    f"roadmap {group}: PID label of 【{e.pid}】",
                    f"prefix:{key}",
                    prefix,
                    where(e.cell),
                    common,
                    where(e.cell),
                    PREFIX_WORDS,
                )
            )
            # Generic names (データ共有プラットフォーム) recur in several 重点課題: match within one.
            named = sorted(
                (
                    p
                    for p in projects
                    if _same_group(e.heading, p) and wording_key(p.text("name")) == wording_key(e.name)
                ),
                key=lambda p: e.pid not in p.pids,
            )
            if named:
                listed = named[0]
                cases.append(
                    SameFactCase(
                        "roadmap_numbering",
                        f"{e.name}: roadmap 【{e.pid}】 vs project list",
                        key,
                        e.pid,
                        where(e.cell),
                        e.pid if e.pid in listed.pids else listed.pids[0],
                        where(listed.cells["pid"]),
                        NUMBERING_WORDS,
                    )
                )
            elif by_pid.get(e.pid):
                listed = by_pid[e.pid][0]
                # Wording variants (annotations, の, 等) name the same project.
                same = wording_key(listed.text("name")) == wording_key(e.name)
                cases.append(
                    SameFactCase(
                        "roadmap_name",
                        f"{e.pid}: roadmap name vs project list",
                        key,
                        e.name,
                        where(e.cell),
                        e.name if same else listed.text("name"),
                        where(listed.cells["name"]),
                        NAME_WORDS,
                    )
                )
            else:
                continue  # the list covers only some 重点課題: a roadmap project absent from it is no finding
            listed = named[0] if named else by_pid[e.pid][0]
            if len(listed.pids) != 1 or "step" not in listed.cells or (e.pid, e.name) in stepped:
                # One ステップ cell cannot stand for the steps of several PIDs; a project re-listed
                # under a second 課題 (PID 1-b-1/2-1) is checked where it first stands.
                continue
            stepped.add((e.pid, e.name))
            cases.append(
                SameFactCase(
                    "roadmap_step",
                    f"{e.pid}: roadmap step vs project list ステップ",
                    key,
                    e.step_no,
                    where(e.cell),
                    _step_number(listed.text("step"), e, steps_by_group[group]),
                    where(listed.cells["step"]),
                    STEP_WORDS,
                )
            )
        return cases

    @staticmethod
    def _grid_list_cases(
        kpis: list[Kpi], projects: list[Project], links: list[tuple[Kpi, Project]]
    ) -> list[SameFactCase]:
        cases = []
        for kpi, project in links:
            for metric, kind in (("target", "grid_vs_list_target"), ("actual", "grid_vs_list_actual")):
                grid, listed = _values_by_year(kpi.values, metric), _values_by_year(project.values, metric)
                for year in sorted(grid.keys() & listed.keys()):
                    cases.append(
                        SameFactCase(
                            kind,
                            f"KPI {plain(kpi.name_cell.text)} / {project.key} {project.text('indicator_name')}, "
                            f"{year} {'予定' if metric == 'target' else '実績'}",
                            f"{kpi.key}:{project.key}:{year}",
                            _figure(grid[year], "KPI grid"),
                            where(grid[year]),
                            _figure(listed[year], "project list"),
                            where(listed[year]),
                            GRID_LIST_WORDS,
                        )
                    )
        return cases

    @staticmethod
    def _kpi_cases(kpis: list[Kpi]) -> list[GradeCase | FigureCase]:
        cases: list[GradeCase | FigureCase] = []
        for kpi in kpis:
            text = plain(kpi.evaluation_cell.text) if kpi.evaluation_cell is not None else ""
            if not text or (nz.quantity(text).value is not None and nz.quantity(text).value.na_marker):
                continue
            actuals, targets = _values_by_year(kpi.values, "actual"), _values_by_year(kpi.values, "target")
            both = sorted(actuals.keys() & targets.keys())
            less = any(w in squash(kpi.name_cell.text) or w in kpi.formula for w in LESS_IS_BETTER_WORDS)
            rule = PROGRESS_LESS_IS_BETTER if less else PROGRESS_MORE_IS_BETTER
            inputs: tuple[Figure, ...] = ()
            year = both[-1] if both else None
            if year is not None:
                # The evaluation is written against the figures as printed: compare them as printed.
                actual = replace(_figure(actuals[year], "実績"), rounding="exact")
                target = replace(_figure(targets[year], "予定"), rounding="exact")
                inputs = (target, actual) if less else (actual, target)
            assert kpi.evaluation_cell is not None
            cases.append(GradeCase(rule, classify_evaluation(text), where(kpi.evaluation_cell), inputs, kpi.key, year))
            stated = _TEXT_TOTAL.search(text)
            if stated and actuals:
                latest = actuals[max(actuals)]
                cases.append(
                    FigureCase(
                        TEXT_TOTAL,
                        f"KPI {plain(kpi.name_cell.text)}: 進捗状況・評価",
                        Figure(
                            nz.quantity(stated.group(1)).value.value,
                            stated.group(0),
                            where(kpi.evaluation_cell),
                            "exact",
                            "text",
                        ),
                        (_figure(latest, "latest 実績"),),
                        kpi.key,
                    )
                )
        return cases

    @staticmethod
    def _name_variant_cases(projects: list[Project]) -> list[SameFactCase]:
        first_by_category: dict[str, Project] = {}
        other_by_category: dict[str, Project] = {}
        for project in projects:
            category = project.text("category")
            if "group_name" not in project.cells:
                continue
            first = first_by_category.setdefault(category, project)
            if project.text("group_name") != first.text("group_name"):
                other_by_category.setdefault(category, project)
        return [
            SameFactCase(
                "name_variant",
                f"DX重点課題 of 分類 {category} in the project list",
                category,
                first.text("group_name"),
                where(first.cells["group_name"]),
                other_by_category.get(category, first).text("group_name"),
                where(other_by_category.get(category, first).cells["group_name"]),
                NAME_VARIANT_WORDS,
            )
            for category, first in first_by_category.items()
        ]


# What the plan prints besides its project list (declared as PROJECT_LIST), for the sentence saying it was not found.
PLAN_TABLES = {
    "KPI grid": "No KPI grid (課題 … KPI … 予定/実績 … 算出式・設定根拠 … 進捗状況・評価) was found.",
    "roadmap": "No roadmap (課題 … years … 【PID】 entries) was found.",
}


def missing_plan_tables(kpis: list[Kpi], roadmap: list[RoadmapEntry]) -> list[str]:
    """One sentence per table of the plan not read. A document with roadmaps or KPI grids is the plan, which
    prints both; a document with the project list alone is the list's workbook or print."""
    if not kpis and not roadmap:
        return []
    read = {"KPI grid": bool(kpis), "roadmap": bool(roadmap)}
    return [sentence for name, sentence in PLAN_TABLES.items() if not read[name]]


def _same_group(heading: Heading | None, project: Project) -> bool:
    """Whether a roadmap or grid heading and a project-list row name the same 重点課題."""
    if heading is None:
        return False
    if heading.label in (project.text("category"), project.text("group_name")):
        return True
    return bool(heading.name) and same_wording(heading.name, project.text("group_name"))


def _step_number(list_step: str, entry: RoadmapEntry, steps: dict[str, str]) -> str:
    """Which roadmap step the list's ステップ names: one printed alike, else the entry's own when the
    list only words it more finely (a shared content word), else the list's text (no roadmap step)."""
    for number, text in steps.items():
        if same_wording(text, list_step):
            return number
    if nz.content_words(list_step) & nz.content_words(entry.step):
        return entry.step_no
    return list_step


def link_kpis(kpis: list[Kpi], projects: list[Project]) -> list[tuple[Kpi, Project]]:
    """KPIs the project list repeats as an activity indicator, found from the document itself.

    A project is a KPI's repetition when it belongs to the same 重点課題 (its 分類 or DX重点課題
    names the grid's heading) and either both print the indicator under the same name with a plan
    figure in common, or their plan figures agree in most (at least two) years both print; a plan
    that is one value throughout (100% every year) proves little, so it needs the same 課題 and a
    shared content word between the two indicator names too.
    """
    links = []
    taken: set[str] = set()
    for kpi in kpis:
        if kpi.heading is None:
            continue
        grid_plan = {y: number_in(c.text) for y, c in _values_by_year(kpi.values, "target").items()}
        best: tuple[int, Project] | None = None
        for project in projects:
            if project.key in taken or not _same_group(kpi.heading, project):
                continue
            list_plan = {y: number_in(c.text) for y, c in _values_by_year(project.values, "target").items()}
            common = grid_plan.keys() & list_plan.keys()
            agree = sum(1 for y in common if grid_plan[y] == list_plan[y])
            if wording_key(kpi.name_cell.text) == wording_key(project.text("indicator_name")) and agree:
                agree = len(common) + 1  # the same indicator by name: a differing year is a finding, not a doubt
            elif agree < 2 or agree <= len(common) - agree:
                continue
            constant = len(set(grid_plan.values())) == 1
            shared = nz.content_words(plain(kpi.name_cell.text)) & nz.content_words(project.text("indicator_name"))
            if constant and not (shared and same_wording(kpi.issue, project.text("issue"))):
                continue
            if best is None or agree > best[0]:
                best = (agree, project)
        if best is not None:
            taken.add(best[1].key)
            links.append((kpi, best[1]))
    return links


PROFILE = SaseboDxActionPlan()
