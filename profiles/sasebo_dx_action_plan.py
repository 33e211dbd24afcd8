"""佐世保市 DX戦略 実行計画: the reading its spec (`profiles/sasebo_dx_action_plan.yaml`) cannot declare.

The spec declares the tables, the 重点課題 heading a roadmap or a KPI grid stands under (`headings`), the PIDs
a list cell prints (`key_list`), the roadmap's 【PID】 entries under its step rows (`schedule`), the figures per
year and metric (`metric_rows`: a KPI over 予定 / 実績 rows; `marker_word`: the list's 実施年度 marks), the
list's rows as projects (`rows.measures`), the title, and the checks with their scopes in the document's
words. What only this series has stays here: a project's 重点課題 label and 実施年度 marks, the keys of its
KPIs (重点課題, 課題 number, order), and the links of the roadmaps and KPI grids to the project list, found in
the document itself by the project's name, PID and plan figures, with the cases they make.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, GradeCase, SameFactCase
from hyoka.extractors.model import Cell
from hyoka.specs import Population, Reading, duplicate_free, indicator_value_row, measure_row
from hyoka.specs.headings import Heading
from hyoka.specs.metric_rows import (
    YearFigures,
    column_metrics,
    counted_figure,
    figure_rows,
    metric_records,
    progress_case,
    row_figures,
    stated_total_case,
)
from hyoka.specs.schedules import ScheduleEntry, schedule_entries
from hyoka.specs.tables import (
    header_text,
    number_in,
    plain,
    same_wording,
    squash,
    where,
    wording_key,
)

PROJECT_LIST = "the project list プロジェクト一覧"
KPI_GRID = "KPI grid"
ROADMAP = "roadmap"


# ---- what the document holds ---------------------------------------------------------


@dataclass
class Project:
    key: str
    pids: tuple[str, ...]
    cells: dict[str, Cell]
    figures: YearFigures

    def text(self, column: str) -> str:
        return text_at(self.cells.get(column))


@dataclass
class Kpi:
    key: str
    heading: Heading | None
    issue_no: str
    issue: str
    name_cell: Cell
    formula: str
    evaluation_cell: Cell | None
    figures: YearFigures


@dataclass
class Plan:
    """What one document prints: the headings, the project list, the KPI grids and the roadmaps."""

    headings: list[Heading]
    projects: list[Project]
    kpis: list[Kpi]
    roadmap: list[ScheduleEntry]


def read_plan(reading: Reading) -> Plan:
    """The document's headings, project list, KPI grids and roadmap entries."""
    headings = reading.headings("重点課題")
    return Plan(headings, read_projects(reading), read_kpis(reading, headings), read_roadmap(reading, headings))


def read(reading: Reading) -> None:
    """Measures and indicator values of the project list and the KPI grids, the populations the spec's
    unique-key checks count, and the cases of the plan's links (roadmap vs list, grid vs list, the
    進捗状況・評価 texts)."""
    plan = read_plan(reading)
    output = reading.output
    labels = {h.fields["name"]: h.fields["label"] for h in plan.headings if h.fields["name"]}
    # The spec's row map built each project's row, under the same key.
    rows = {row["measure_key"]: row for row in output.measures}
    for project in plan.projects:
        markers = {str(year): cell.text.strip() for year, cell in project.figures.markers}  # as printed: … not ...
        rows[project.key]["group_label"] = labels.get(project.text("group_name")) or project.text("category") or None
        rows[project.key]["implementation_years"] = json.dumps(markers, ensure_ascii=False)
        output.indicator_values += project_values(reading, project)
    for kpi in plan.kpis:
        output.measures.append(kpi_measure(kpi))
        output.indicator_values += kpi_values(reading, kpi)
    reading.populations["roadmap PIDs"] = Population(
        [Figure(None, e.key, where(e.cell), label=e.name) for e in plan.roadmap]
    )
    output.cases += roadmap_cases(reading, plan.projects, plan.roadmap)
    output.cases += grid_list_cases(reading, link_kpis(plan.kpis, plan.projects))
    output.cases += kpi_cases(reading, plan.kpis)


# ---- project list --------------------------------------------------------------------


def read_projects(reading: Reading) -> list[Project]:
    """Every row of every printing of the project list, keyed by its PID(s)."""
    key_list = reading.declared(PROJECT_LIST).key_list
    projects: list[Project] = []
    taken: set[str] = set()
    marker_word = reading.declared(PROJECT_LIST).marker_word
    for location in reading.located[PROJECT_LIST]:
        metrics, markers = column_metrics(location, marker_word)
        for row in location.rows:
            pid_cell = row.cell("pid")
            assert pid_cell is not None  # the locator keeps only rows with their key
            # Several PIDs in one cell are one key, space-separated however the wrap was joined.
            pids = key_list.keys_in(pid_cell.text) if key_list else (plain(pid_cell.text),)
            cells = {role: c for role in location.columns if (c := row.cell(role)) is not None}
            figures = row_figures(location, row, metrics, markers)
            projects.append(Project(duplicate_free(" ".join(pids), taken), pids, cells, figures))
    return projects


# ---- KPI grids and roadmaps ----------------------------------------------------------


def read_kpis(reading: Reading, headings: list[Heading]) -> list[Kpi]:
    """Every KPI of the KPI grids (records over 予定 / 実績 rows: `metric_rows`), under the heading printed
    above it; a grid may print the 課題 number in a column of its own (no header) or atop the 課題 text."""
    labels = reading.declared(KPI_GRID).metric_rows
    issue_number = re.compile(reading.words("issue number"))
    kpis: list[Kpi] = []
    order: dict[tuple[str, str], int] = defaultdict(int)
    for headed in reading.headed_tables(KPI_GRID, headings):
        table, header, columns = headed.table, headed.header, headed.header.columns
        records = metric_records(table, header.rows, columns["kpi"], header.years, labels)
        if records is None:
            reading.output.problems.append(f"The KPI grid {table.table_id} lacks its 予定/実績 or year columns.")
            continue
        issue_col = columns["issue"]
        number_col = next((c for c in range(issue_col) if not header_text(table, c, header.rows.stop)), None)
        for record in records:
            r, heading = record.row, headed.heading_at(record.key_cell)
            number_cell = table.cell(r, number_col) if number_col is not None else None
            issue_no, issue = text_at(number_cell), text_at(table.cell(r, issue_col))
            if not issue_no and (numbered := issue_number.match(issue)) is not None:
                issue_no, issue = numbered.group(1), numbered.group(2).strip()
            group = heading.fields["label"] if heading else ""
            order[(group, issue_no)] += 1
            key = f"KPI:{group}-{issue_no}-{order[(group, issue_no)]}"
            formula, evaluation = text_at(table.cell(r, columns["formula"])), table.cell(r, columns["evaluation"])
            kpis.append(Kpi(key, heading, issue_no, issue, record.key_cell, formula, evaluation, record.figures))
    return kpis


def text_at(cell: Cell | None) -> str:
    return plain(cell.text) if cell is not None else ""


def read_roadmap(reading: Reading, headings: list[Heading]) -> list[ScheduleEntry]:
    """Every 【PID】 entry of the roadmaps (declared schedules), with the step it stands under and the year it
    starts."""
    schedule = reading.declared(ROADMAP).schedule
    assert schedule is not None
    return [entry for h in reading.headed_tables(ROADMAP, headings) for entry in schedule_entries(h, schedule, "issue")]


# ---- rows ----------------------------------------------------------------------------


def kpi_measure(kpi: Kpi) -> dict[str, Any]:
    return measure_row(
        kpi.key,
        kpi.name_cell,
        measure_no=kpi.issue_no,
        title=plain(kpi.name_cell.text),
        level="kpi",
        departments=[],
        divisions=[],
        **(kpi.heading.row_fields if kpi.heading else {}),
        issue=kpi.issue or None,
        indicator_name=plain(kpi.name_cell.text),
    )


def project_values(reading: Reading, project: Project) -> list[dict[str, Any]]:
    keys = {"measure_key": project.key, "indicator_key": f"{project.key}/活動指標", "place": "project_list"}
    units, name = reading.spec.indicator_units, project.text("indicator_name")
    return figure_rows(project.figures, units, indicator_value_row, name, **keys)


def kpi_values(reading: Reading, kpi: Kpi) -> list[dict[str, Any]]:
    keys = {"measure_key": kpi.key, "indicator_key": kpi.key, "place": "kpi_grid"}
    texts = {"formula_text": kpi.formula or None, "evaluation_text": text_at(kpi.evaluation_cell) or None}
    units, name = reading.spec.indicator_units, plain(kpi.name_cell.text)
    return [row | texts for row in figure_rows(kpi.figures, units, indicator_value_row, name, kpi.formula, **keys)]


# ---- audit cases ---------------------------------------------------------------------


def roadmap_cases(reading: Reading, projects: list[Project], roadmap: list[ScheduleEntry]) -> list[SameFactCase]:
    """Each roadmap entry against the project list: the project of its name in its 重点課題 carries its PID
    (else the project of its PID carries its name), its PID's label is its 重点課題's, and the list's
    ステップ is the step it stands under."""
    cases: list[SameFactCase] = []
    by_pid: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        for pid in project.pids:
            by_pid[pid].append(project)
    steps_by_group: dict[str, dict[str, str]] = defaultdict(dict)
    prefixes: dict[str, Counter[str]] = defaultdict(Counter)
    for e in roadmap:
        group = e.heading.fields["label"] if e.heading else ""
        steps_by_group[group].setdefault(e.step_no, e.step)
        prefixes[group][re.split(r"\d", e.key)[0]] += 1
    occurrences: Counter[str] = Counter()
    stepped: set[tuple[str, str]] = set()
    for e in roadmap:
        group = e.heading.fields["label"] if e.heading else ""
        occurrences[e.key] += 1
        key = f"{e.key}#{occurrences[e.key]}" if occurrences[e.key] > 1 else e.key
        prefix = re.split(r"\d", e.key)[0]
        common = prefixes[group].most_common(1)[0][0]
        here, named_by = where(e.cell), {"group": group, "pid": e.key, "name": e.name, "key": key}
        cases.append(reading.templated_case("roadmap prefix", (prefix, here), (common, here), **named_by))
        # Generic names (データ共有プラットフォーム) recur in several 重点課題: match within one.
        named = sorted(
            (p for p in projects if same_group(e.heading, p) and wording_key(p.text("name")) == wording_key(e.name)),
            key=lambda p: e.key not in p.pids,
        )
        if named:
            listed = named[0]
            pid = e.key if e.key in listed.pids else listed.pids[0]
            listed_pid = pid, where(listed.cells["pid"])
            cases.append(reading.templated_case("roadmap numbering", (e.key, here), listed_pid, **named_by))
        elif by_pid.get(e.key):
            listed = by_pid[e.key][0]
            # Wording variants (annotations, の, 等) name the same project.
            name = e.name if wording_key(listed.text("name")) == wording_key(e.name) else listed.text("name")
            listed_name = name, where(listed.cells["name"])
            cases.append(reading.templated_case("roadmap name", (e.name, here), listed_name, **named_by))
        else:
            continue  # the list covers only some 重点課題: a roadmap project absent from it is no finding
        if len(listed.pids) != 1 or "step" not in listed.cells or (e.key, e.name) in stepped:
            # One ステップ cell cannot stand for the steps of several PIDs; a project re-listed
            # under a second 課題 (PID 1-b-1/2-1) is checked where it first stands.
            continue
        stepped.add((e.key, e.name))
        step = step_number(listed.text("step"), e, steps_by_group[group])
        listed_step = step, where(listed.cells["step"])
        cases.append(reading.templated_case("roadmap step", (e.step_no, here), listed_step, **named_by))
    return cases


def grid_list_cases(reading: Reading, links: list[tuple[Kpi, Project]]) -> list[SameFactCase]:
    """A KPI and the activity indicator that repeats it: the same figure per year and metric."""
    cases = []
    for kpi, project in links:
        for metric, check in (("target", "grid vs list target"), ("actual", "grid vs list actual")):
            label = next(w for w, m in reading.declared(KPI_GRID).metric_rows.items() if m == metric)
            grid, listed = kpi.figures.by_year(metric), project.figures.by_year(metric)
            for year in sorted(grid.keys() & listed.keys()):
                first = counted_figure(grid[year], "KPI grid"), where(grid[year])
                second = counted_figure(listed[year], "project list"), where(listed[year])
                named_by = {
                    "kpi": plain(kpi.name_cell.text),
                    "kpi_key": kpi.key,
                    "pid": project.key,
                    "indicator": project.text("indicator_name"),
                    "year": kpi.figures.printed_years[year],
                    "fiscal_year": year,
                    "metric": label,
                }
                cases.append(reading.templated_case(check, first, second, **named_by))
    return cases


def kpi_cases(reading: Reading, kpis: list[Kpi]) -> list[GradeCase | FigureCase]:
    """Each 進捗状況・評価 against the KPI's latest 実績 and 予定 (by the rule of an indicator where less is
    better, when its name or formula says so), and a total it states against the latest 実績."""
    labels = {metric: word for word, metric in reading.declared(KPI_GRID).metric_rows.items()}
    cases: list[GradeCase | FigureCase] = []
    for kpi in kpis:
        less = any(w in squash(kpi.name_cell.text) or w in kpi.formula for w in reading.words("less is better"))
        rule = next(r for r in reading.spec.rules.grades if r.id == f"sasebo_kpi_progress_{'less' if less else 'more'}")
        text = kpi.evaluation_cell
        graded = progress_case(rule, text, kpi.figures, kpi.key, labels, less) if text is not None else None
        if text is None or graded is None:
            continue
        scope, latest = f"KPI {plain(kpi.name_cell.text)}: 進捗状況・評価", f"latest {labels['actual']}"
        stated = reading.figure_rule("sasebo_text_total"), reading.words("text total")
        total = stated_total_case(*stated, text, kpi.figures, kpi.key, scope, latest)
        cases += [graded] if total is None else [graded, total]
    return cases


def same_group(heading: Heading | None, project: Project) -> bool:
    """Whether a roadmap or grid heading and a project-list row name the same 重点課題."""
    if heading is None:
        return False
    if heading.fields["label"] in (project.text("category"), project.text("group_name")):
        return True
    name = heading.fields["name"]
    return bool(name) and same_wording(name, project.text("group_name"))


def step_number(list_step: str, entry: ScheduleEntry, steps: dict[str, str]) -> str:
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
        grid_plan = {y: number_in(c.text) for y, c in kpi.figures.by_year("target").items()}
        best: tuple[int, Project] | None = None
        for project in projects:
            if project.key in taken or not same_group(kpi.heading, project):
                continue
            list_plan = {y: number_in(c.text) for y, c in project.figures.by_year("target").items()}
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
