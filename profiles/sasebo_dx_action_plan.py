"""佐世保市 DX戦略 実行計画: the reading its spec (`profiles/sasebo_dx_action_plan.yaml`) cannot declare.

The spec declares the 重点課題 heading a roadmap or a KPI grid stands under (`headings`), the PIDs a list
cell prints (`key_list`) and the roadmap's 【PID】 entries in the year they start, under its step rows
(`schedule`). Only this series prints the rest: a KPI spans a 予定 and a 実績 row; the project list's year
columns are activity-indicator figures (a year over 予定 / 実績) or 実施年度 markers. The roadmap and the KPI
grids are linked to the project list by the project's name, PID and plan figures, found in the document
itself. The hook builds those rows and the cases of the links.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, GradeCase, SameFactCase, Where
from hyoka.extractors.model import Cell, Table
from hyoka.specs import Population, Reading, duplicate_free, indicator_value_row, measure_row
from hyoka.specs.headings import Heading
from hyoka.specs.judgements import judged_grade
from hyoka.specs.locate import Location, read_header
from hyoka.specs.same_fact import same_fact_case
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
from hyoka.specs.units import unit_of_indicator

PROFILE_ID = "sasebo_dx_action_plan"

PROJECT_LIST = "the project list プロジェクト一覧"
KPI_GRID = "KPI grid"
ROADMAP = "roadmap"
# The spec's same_fact checks of the roadmaps and KPI grids against the project list.
LINKED_TO_THE_LIST = ("roadmap numbering", "roadmap name", "roadmap step", "grid vs list target", "grid vs list actual")


# ---- what the document holds ---------------------------------------------------------


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
    printed_years: dict[int, str] = field(default_factory=dict)  # each year as its column's header prints it


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
    output.problems += missing_plan_tables(reading, plan)
    labels = {h.fields["name"]: h.fields["label"] for h in plan.headings if h.fields["name"]}
    for project in plan.projects:
        output.measures.append(project_measure(project, labels))
        output.indicator_values += project_values(reading, project)
    for kpi in plan.kpis:
        output.measures.append(kpi_measure(kpi))
        output.indicator_values += kpi_values(reading, kpi)
    reading.populations["project list PIDs"] = Population(
        distinct((pid, p.text("name"), p.cells["pid"]) for p in plan.projects for pid in p.pids)
    )
    reading.populations["roadmap PIDs"] = Population(distinct((e.key, e.name, e.cell) for e in plan.roadmap))
    output.cases += roadmap_cases(reading, plan.projects, plan.roadmap)
    output.cases += grid_list_cases(reading, link_kpis(plan.kpis, plan.projects))
    output.cases += kpi_cases(reading, plan.kpis)
    unread = reading.inventory.unread(reading.table(PROJECT_LIST))
    if unread is not None and (plan.roadmap or plan.kpis):
        # The plan prints the list its roadmaps and grids repeat: not read, their links cannot be checked.
        unknown, scope = (None, Where()), reading.table(PROJECT_LIST).label_words()
        output.cases += [
            same_fact_case(reading.same_fact(check), scope, check, unknown, unknown, unread=unread)
            for check in LINKED_TO_THE_LIST
        ]


def distinct(items: Iterable[tuple[str, str, Cell]]) -> list[Figure]:
    """One id per differently named project: a project re-listed under a second 課題 is no duplicate."""
    seen: set[tuple[str, str]] = set()
    ids = []
    for pid, name, cell in items:
        if (pid, name) not in seen:
            seen.add((pid, name))
            ids.append(Figure(None, pid, where(cell), label=name))
    return ids


def missing_plan_tables(reading: Reading, plan: Plan) -> list[str]:
    """One sentence per table of the plan not read. A document with roadmaps or KPI grids is the plan, which
    prints both; a document with the project list alone is the list's workbook or print."""
    if not plan.kpis and not plan.roadmap:
        return []
    read_tables = {KPI_GRID: bool(plan.kpis), ROADMAP: bool(plan.roadmap)}
    return [f"No {reading.table(name).describe()} was found." for name, found in read_tables.items() if not found]


# ---- project list --------------------------------------------------------------------


def year_roles(reading: Reading, location: Location) -> tuple[dict[int, tuple[int, str]], dict[int, int]]:
    """Activity-indicator columns (col -> year, target | actual) and 実施年度 columns (col -> year)."""
    values: dict[int, tuple[int, str]] = {}
    markers: dict[int, int] = {}
    part = location.parts[0]
    for year in location.years:
        texts = {squash(c.text) for r in part.header if (c := part.table.cell(r, year.col)) is not None}
        metrics = {m.field for t in texts if (m := nz.header(t).value) is not None} & {"target", "actual"}
        if len(metrics) == 1:
            values[year.col] = (year.year, metrics.pop())
        elif any(reading.words("marker word") in t for t in texts):
            markers[year.col] = year.year
    return values, markers


def read_projects(reading: Reading) -> list[Project]:
    """Every row of every printing of the project list, keyed by its PID(s)."""
    key_list = reading.declared(PROJECT_LIST).key_list
    projects: list[Project] = []
    taken: set[str] = set()
    for location in reading.located[PROJECT_LIST]:
        value_roles, marker_roles = year_roles(reading, location)
        for row in location.rows:
            pid_cell = row.cell("pid")
            assert pid_cell is not None  # the locator keeps only rows with their key
            # Several PIDs in one cell are one key, space-separated however the wrap was joined.
            pids = key_list.keys_in(pid_cell.text) if key_list else (plain(pid_cell.text),)
            cells = {role: c for role in location.columns if (c := row.cell(role)) is not None}
            project = Project(duplicate_free(" ".join(pids), taken), pids, cells)
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
    return projects


# ---- KPI grids and roadmaps ----------------------------------------------------------


def label_column(table: Table, body: range, labels: set[str]) -> int | None:
    """The column whose body cells print the 予定 / 実績 labels."""
    for col in range(table.n_cols):
        texts = {squash(c.text) for c in table.column(col) if c.row in body}
        if texts and texts <= labels | {""} and texts & labels:
            return col
    return None


def read_kpis(reading: Reading, headings: list[Heading]) -> list[Kpi]:
    """Every KPI of the KPI grids with its 予定 / 実績 per year, under the heading printed above it. A KPI
    spans a 予定 and a 実績 row; a grid may print the 課題 number in a column of its own (no header)."""
    metrics = {reading.words("target label"): "target", reading.words("actual label"): "actual"}
    issue_number = re.compile(reading.words("issue number"))
    kpis: list[Kpi] = []
    order: dict[tuple[str, str], int] = defaultdict(int)
    by_name_cell: dict[int, Kpi] = {}
    for headed in reading.headed_tables(KPI_GRID, headings):
        table, header = headed.table, headed.header
        body = range(header.rows.stop, table.n_rows)
        columns, label_col = header.columns, label_column(table, body, set(metrics))
        if label_col is None or not header.years:
            reading.output.problems.append(f"The KPI grid {table.table_id} lacks its 予定/実績 or year columns.")
            continue
        issue_col = columns["issue"]
        number_col = next((c for c in range(issue_col) if not header_text(table, c, header.rows.stop)), None)
        for r in body:
            label, name_cell = table.cell(r, label_col), table.cell(r, columns["kpi"])
            if label is None or name_cell is None or squash(label.text) not in metrics:
                continue
            kpi = by_name_cell.get(id(name_cell))
            if kpi is None:
                heading = headed.heading_at(name_cell)
                issue_cell, formula_cell = table.cell(r, issue_col), table.cell(r, columns["formula"])
                number_cell = table.cell(r, number_col) if number_col is not None else None
                issue_no = plain(number_cell.text) if number_cell is not None else ""
                issue = plain(issue_cell.text) if issue_cell is not None else ""
                if not issue_no and (numbered := issue_number.match(issue)) is not None:
                    issue_no, issue = numbered.group(1), numbered.group(2).strip()
                group = heading.fields["label"] if heading else ""
                order[(group, issue_no)] += 1
                kpi = Kpi(
                    key=f"KPI:{group}-{issue_no}-{order[(group, issue_no)]}",
                    heading=heading,
                    issue_no=issue_no,
                    issue=issue,
                    name_cell=name_cell,
                    formula=plain(formula_cell.text) if formula_cell is not None else "",
                    evaluation_cell=table.cell(r, columns["evaluation"]),
                )
                by_name_cell[id(name_cell)] = kpi
                kpis.append(kpi)
            metric = metrics[squash(label.text)]
            for year in sorted(header.years, key=lambda y: y.year):
                cell = table.cell(r, year.col)
                if cell is not None and cell.row == r and plain(cell.text):
                    kpi.values.append((year.year, metric, cell))
                    kpi.printed_years[year.year] = plain(year.header.text)
    for kpi in kpis:
        kpi.values.sort(key=lambda v: (v[0], v[1] == "actual"))
    return kpis


def read_roadmap(reading: Reading, headings: list[Heading]) -> list[ScheduleEntry]:
    """Every 【PID】 entry of the roadmaps (declared schedules), with the step it stands under and the year it
    starts. A roadmap's header is 課題 and years: a table that reads as the project list is the list."""
    listed, schedule = reading.table(PROJECT_LIST), reading.declared(ROADMAP).schedule
    assert schedule is not None
    headed = (h for h in reading.headed_tables(ROADMAP, headings) if read_header(h.table, listed) is None)
    return [entry for h in headed for entry in schedule_entries(h, schedule, "issue")]


# ---- rows ----------------------------------------------------------------------------


def project_measure(project: Project, labels: dict[str, str]) -> dict[str, Any]:
    leading = project.cells.get("leading")
    group_name = project.text("group_name")
    departments = nz.names(project.cells["departments"].text).value if "departments" in project.cells else None
    markers = {str(year): cell.text.strip() for year, cell in project.markers}  # as printed: … not ...
    return measure_row(
        project.key,
        project.cells["pid"],
        measure_no=project.key.split("#")[0],
        title=project.text("name"),
        level="project",
        group_name=group_name or None,
        departments=list(departments or ()),
        divisions=[],
        flag_leading=bool(nz.flag(leading.text).value) if leading is not None else None,
        field=project.text("field") or None,
        category=project.text("category") or None,
        group_label=labels.get(group_name) or project.text("category") or None,
        issue=project.text("issue") or None,
        step=project.text("step") or None,
        summary=project.text("summary") or None,
        indicator_name=project.text("indicator_name") or None,
        implementation_years=json.dumps(markers, ensure_ascii=False),
    )


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


def value_rows(values: list[tuple[int, str, Cell]], unit: str | None, **keys: Any) -> list[dict[str, Any]]:
    """One indicator_values row per printed figure, in the unit the indicator's name gives."""
    return [
        {**indicator_value_row(cell, fiscal_year=year, metric=metric, **keys), "unit": unit}
        for year, metric, cell in values
    ]


def project_values(reading: Reading, project: Project) -> list[dict[str, Any]]:
    name = project.text("indicator_name")
    unit = unit_of_indicator(reading.spec.indicator_units, name, (c.text for _, _, c in project.values))
    indicator = f"{project.key}/活動指標"
    keys = {"measure_key": project.key, "indicator_key": indicator, "indicator_name": name, "place": "project_list"}
    return value_rows(project.values, unit, **keys)


def kpi_values(reading: Reading, kpi: Kpi) -> list[dict[str, Any]]:
    name = plain(kpi.name_cell.text)
    unit = unit_of_indicator(reading.spec.indicator_units, name, (c.text for _, _, c in kpi.values), kpi.formula)
    evaluation = plain(kpi.evaluation_cell.text) if kpi.evaluation_cell is not None else ""
    keys = {"measure_key": kpi.key, "indicator_key": kpi.key, "indicator_name": name, "place": "kpi_grid"}
    texts = {"formula_text": kpi.formula or None, "evaluation_text": evaluation or None}
    return [{**row, **texts} for row in value_rows(kpi.values, unit, **keys)]


# ---- audit cases ---------------------------------------------------------------------


def figure(cell: Cell, label: str) -> Figure:
    """A printed figure: a count (no decimals, no %) is printed in full; rates and decimals are rounded."""
    text = plain(cell.text)
    parsed = nz.quantity(text).value
    value = parsed.value if parsed is not None else None
    rounding = "round" if "%" in text or "." in text else "exact"
    return Figure(value, text, where(cell), rounding, label)


def values_by_year(values: list[tuple[int, str, Cell]], metric: str) -> dict[int, Cell]:
    found = {}
    for year, m, cell in values:
        parsed = nz.quantity(cell.text).value
        if m == metric and parsed is not None and parsed.value is not None:
            found[year] = cell
    return found


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
            label = reading.words("target label" if metric == "target" else "actual label")
            grid, listed = values_by_year(kpi.values, metric), values_by_year(project.values, metric)
            for year in sorted(grid.keys() & listed.keys()):
                first = figure(grid[year], "KPI grid"), where(grid[year])
                second = figure(listed[year], "project list"), where(listed[year])
                named_by = {
                    "kpi": plain(kpi.name_cell.text),
                    "kpi_key": kpi.key,
                    "pid": project.key,
                    "indicator": project.text("indicator_name"),
                    "year": kpi.printed_years[year],
                    "fiscal_year": year,
                    "metric": label,
                }
                cases.append(reading.templated_case(check, first, second, **named_by))
    return cases


def kpi_cases(reading: Reading, kpis: list[Kpi]) -> list[GradeCase | FigureCase]:
    """Each 進捗状況・評価 against the KPI's latest 実績 and 予定 of one year, and a total it states
    against the latest 実績."""
    text_total = re.compile(reading.words("text total"))
    total_rule = next(r.rule() for r in reading.spec.rules.figures if r.id == "sasebo_text_total")
    cases: list[GradeCase | FigureCase] = []
    for kpi in kpis:
        text = plain(kpi.evaluation_cell.text) if kpi.evaluation_cell is not None else ""
        if not text or (nz.quantity(text).value is not None and nz.quantity(text).value.na_marker):
            continue
        assert kpi.evaluation_cell is not None
        actuals, targets = values_by_year(kpi.values, "actual"), values_by_year(kpi.values, "target")
        both = sorted(actuals.keys() & targets.keys())
        less = any(w in squash(kpi.name_cell.text) or w in kpi.formula for w in reading.words("less is better"))
        rule_id = "sasebo_kpi_progress_less" if less else "sasebo_kpi_progress_more"
        declared = next(r for r in reading.spec.rules.grades if r.id == rule_id)
        rule = declared.rule()
        inputs: tuple[Figure, ...] = ()
        year = both[-1] if both else None
        if year is not None:
            # The evaluation is written against the figures as printed: compare them as printed.
            actual = replace(figure(actuals[year], "実績"), rounding="exact")
            target = replace(figure(targets[year], "予定"), rounding="exact")
            inputs = (target, actual) if less else (actual, target)
        cases.append(GradeCase(rule, judged_grade(declared, text), where(kpi.evaluation_cell), inputs, kpi.key, year))
        stated = text_total.search(text)
        if stated and actuals:
            latest = actuals[max(actuals)]
            total = nz.quantity(stated.group(1)).value
            cases.append(
                FigureCase(
                    total_rule,
                    f"KPI {plain(kpi.name_cell.text)}: 進捗状況・評価",
                    Figure(total.value, stated.group(0), where(kpi.evaluation_cell), "exact", "text"),
                    (figure(latest, "latest 実績"),),
                    kpi.key,
                )
            )
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
        grid_plan = {y: number_in(c.text) for y, c in values_by_year(kpi.values, "target").items()}
        best: tuple[int, Project] | None = None
        for project in projects:
            if project.key in taken or not same_group(kpi.heading, project):
                continue
            list_plan = {y: number_in(c.text) for y, c in values_by_year(project.values, "target").items()}
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
