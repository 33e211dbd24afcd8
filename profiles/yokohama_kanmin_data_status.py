"""横浜市 官民データ 取組状況: the reading its spec (`profiles/yokohama_kanmin_data_status.yaml`) cannot
declare. An indicator table carries no 施策 label: it belongs to the 施策 whose section heading `(N) title`
precedes it (the heading is declared; the hook accepts one naming a 施策 of the list by number and a title
close to the list's); a list printing bare numbers names the level in its header; the summary abridges
indicator names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pandera.pandas as pa

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase
from hyoka.extractors.model import Cell, Table
from hyoka.schemas import SeriesColumn, declare_series_columns
from hyoka.specs import Population, Reading, indicator_value_row, measure_row
from hyoka.specs.headings import Accept, HeadedTable, sections
from hyoka.specs.locate import Part, Row, not_read
from hyoka.specs.same_fact import same_fact_case
from hyoka.specs.tables import contract_values, header_text, plain, similarity, squash, where

METRICS = contract_values("indicator_values", "metric")
declare_series_columns(
    "yokohama_kanmin_data_status",
    "measures",
    SeriesColumn("departments_text", pd.StringDtype(), "The 所管 cell as printed."),
    SeriesColumn("related_projects", pd.Int64Dtype(), "関連する事業数 as printed.", (pa.Check.ge(0),)),
)
# A number column: at least this share of the body cells are numbered measures.
NUMBERED_SHARE = 0.5


@dataclass
class Measure:
    number: int
    title_cell: Cell
    row: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.row["measure_key"])

    @property
    def title(self) -> str:
        return str(self.row["title"])


@dataclass
class IndicatorRow:
    key: str
    name: str
    name_cell: Cell


def read(reading: Reading) -> None:
    """Measures, indicator values (under their 施策 headings and in the RPA table), the 進捗区分 grades,
    the list-vs-heading titles, and the populations the spec's checks count."""
    output = reading.output
    measures = read_measure_list(reading)
    output.measures = [m.row for m in measures.values()]
    listed = sorted(measures.values(), key=lambda m: m.number)
    measure_list = reading.table("the 施策 list")
    unread = reading.inventory.unread(measure_list)
    reading.populations["the 施策 list"] = Population(
        [Figure(None, m.key, where(m.title_cell), label=m.title) for m in listed],
        unread or (None if measures else not_read(f"{measure_list.label_words()}の施策の行")),
    )
    headings = reading.headings("施策", naming_a_measure(measures, float(reading.words("heading similarity"))))
    title_check = reading.same_fact("measure title")
    related = re.compile(reading.words("related projects"))
    for section in sections(reading.document, headings):
        measure = measures[int(section.heading.fields["number"])]
        scope = f"{measure.key} 施策名（一覧・見出し）"
        heading = section.heading.fields["title"], section.heading.where
        output.cases.append(
            same_fact_case(title_check, scope, measure.key, (measure.title, where(measure.title_cell)), heading)
        )
        for block in (item.block for item in section.items if item.block is not None):
            if (found := related.search(plain(block.text))) is not None:
                measure.row["related_projects"] = int(found.group(1))
    headed = {int(h.fields["number"]) for h in headings}
    for number, measure in measures.items():
        if number not in headed:
            output.problems.append(f"No section heading was found for {measure.key} ({measure.title}).")
    indicators: list[IndicatorRow] = []
    for table in reading.headed_tables("a 評価指標 table", headings):
        if table.heading is not None:
            indicators += read_indicator_table(reading, table, measures, indicators)
    if not indicators:
        output.problems.append("No 評価指標 table was found under a 施策 heading.")
    reading.populations["indicators"] = Population(
        [Figure(None, i.name, where(i.name_cell), label=i.key) for i in indicators],
        None if indicators else not_read(f"施策の見出しの下の{reading.table('a 評価指標 table').label_words()}"),
    )
    rpa = [t.heading for t in reading.headed_tables("the RPA table", headings) if t.heading is not None]
    read_rpa(reading, measures[int(rpa[-1].fields["number"])].key if rpa else None)
    read_status_summary(reading, measures, indicators)


def naming_a_measure(measures: dict[int, Measure], closeness: float) -> Accept:
    """A heading is a 施策's when it names a 施策 of the list by its number and a title close to the list's."""

    def accept(fields: Mapping[str, str]) -> bool:
        measure = measures.get(int(fields["number"]))
        return measure is not None and similarity(fields["title"], measure.title) >= closeness

    return accept


# ---------------------------------------------------------------- the 施策 list


def header_words(table: Table, rows: range, col: int) -> str:
    """The header texts above a column in `rows`, squashed and joined, each once."""
    parts: list[str] = []
    for r in rows:
        cell = table.cell(r, col)
        if cell is not None and squash(cell.text) and (not parts or parts[-1] != squash(cell.text)):
            parts.append(squash(cell.text))
    return "".join(parts)


def read_measure_list(reading: Reading) -> dict[int, Measure]:
    """The 施策 list: number, title and 所管 per row, keyed by the 施策 number."""
    number_pattern = re.compile(reading.words("measure number"))
    scope_words = re.compile(reading.words("scope words"))
    measures: dict[int, Measure] = {}
    for location in reading.located["the 施策 list"]:
        for part in location.parts:
            # The number column: by its header (施策 / No.), else by shape (most body cells numbered).
            body = range(part.header.stop, part.table.n_rows)
            no_col = part.columns.get("number", number_column(part.table, body, number_pattern))
            if no_col is None:
                continue
            for row in (r for r in location.rows if r.part is part):
                measure = listed_measure(part, no_col, row, number_pattern, scope_words)
                if measure is not None:
                    measures[measure.number] = measure
    return measures


def listed_measure(
    part: Part, no_col: int, row: Row, number_pattern: re.Pattern[str], scope_words: re.Pattern[str]
) -> Measure | None:
    no_cell, title_cell, dept_cell = part.table.cell(row.index, no_col), row.cell("title"), row.cell("departments")
    if no_cell is None or title_cell is None or no_cell is title_cell:
        return None
    found = number_pattern.match(plain(no_cell.text))
    if found is None:
        return None
    # A list printing bare numbers names the level in its header (施策 / 1, 2 …).
    level = found.group(1) or header_words(part.table, part.header, no_col)
    number = int(found.group(2))
    departments_text = plain(dept_cell.text).strip("【】[] ") if dept_cell is not None else ""
    row_fields = measure_row(
        f"{level}{number}",
        title_cell,
        measure_no=plain(no_cell.text),
        title=plain(title_cell.text),
        level=level or None,
        departments=departments(departments_text, scope_words),
        departments_text=departments_text,
    )
    return Measure(number, title_cell, row_fields)


def number_column(table: Table, body: range, number_pattern: re.Pattern[str]) -> int | None:
    """The column whose body cells are numbered measures (施策1, 施策2 …), most of them: a group or note
    row spanning the table is no measure."""
    best, best_share = None, 0.0
    for col in range(table.n_cols):
        texts = [plain(c.text) for r in body if (c := table.cell(r, col)) is not None and c.col == col]
        share = sum(bool(number_pattern.match(t)) for t in texts) / len(texts) if texts else 0.0
        if share > best_share:
            best, best_share = col, share
    return best if best_share >= NUMBERED_SHARE else None


def departments(printed: str, scope_words: re.Pattern[str]) -> list[str]:
    """The bureaus a 所管 cell names, its scope words (など全区局, 等) dropped; a bare scope stays."""
    named = scope_words.sub("", printed).strip()
    parsed = nz.names(named or printed).value
    return list(parsed) if parsed else []


# ---------------------------------------------------------------- the indicator tables


def column_metric(table: Table, header: range, col: int) -> str:
    """The metric a year column's header words name (目標値 / 実績), else actual."""
    parsed = nz.header(header_words(table, header, col)).value
    return parsed.field if parsed is not None and parsed.field in METRICS else "actual"


def read_indicator_table(
    reading: Reading, headed: HeadedTable, measures: dict[int, Measure], earlier: list[IndicatorRow]
) -> list[IndicatorRow]:
    """A 評価指標 table: its indicators, each under its 施策's heading (a table continued over a page break
    may carry the next 施策's rows after that 施策's heading), and one row per printed value. A bare year
    (30年度, 元年度) is read in the era that makes the columns run on, nearest the report's year."""
    indicators: list[IndicatorRow] = []
    table, header = headed.table, headed.header
    name_col = header.columns["name"]
    years = {y.col: (y.year, column_metric(table, header.rows, y.col)) for y in header.years}
    for r in range(header.rows.stop, table.n_rows):
        name_cell = table.cell(r, name_col)
        heading = headed.heading_at(name_cell) if name_cell is not None else None
        if name_cell is None or name_cell.row != r or not plain(name_cell.text) or heading is None:
            continue
        name = plain(name_cell.text)
        measure = measures[int(heading.fields["number"])]
        index = 1 + sum(1 for i in earlier + indicators if i.key.split("-")[0] == str(measure.number))
        key = f"{measure.number}-{index}"
        indicators.append(IndicatorRow(key, name, name_cell))
        for col, (year, metric) in years.items():
            cell = table.cell(r, col)
            if cell is None or not plain(cell.text):
                continue  # a blank year column is a year not reported yet, not a printed value
            reading.output.indicator_values.append(
                indicator_value_row(
                    cell,
                    indicator_name=name,
                    measure_key=measure.key,
                    indicator_key=key,
                    fiscal_year=year,
                    metric=metric,
                    place=reading.words("indicator place"),
                )
            )
    return indicators


# ---------------------------------------------------------------- the RPA table and the status summary


def read_rpa(reading: Reading, measure_key: str | None) -> None:
    """The RPA trial table as indicator values (saved time in minutes, reduction rate), and its rates."""
    spec = reading.table("the RPA table")
    rates: list[Figure] = []
    for located in reading.located[spec.name]:
        for found in located.rows:
            task_cell, no_cell = found.cell("task"), found.cell("number")
            if task_cell is None:
                continue
            number = plain(no_cell.text) if no_cell is not None else str(found.index)
            task = plain(task_cell.text)
            for role in ("time", "rate"):
                cell = found.cell(role)
                if cell is None:
                    continue
                printed = header_text(found.table, found.part.columns[role])
                row = indicator_value_row(
                    cell,
                    indicator_name=f"{task} {printed}",
                    # The table states expected (想定) savings: the word qualifies every figure of its column.
                    qualifier="想定" if "想定" in printed else None,
                    measure_key=measure_key,
                    indicator_key=f"RPA{number}:{printed}",
                    fiscal_year=reading.output.report_fiscal_year,
                    metric="actual",
                    place=reading.words("rpa place"),
                )
                reading.output.indicator_values.append(row)
                if role == "rate" and row["value"] is not None:
                    rates.append(Figure(row["value"], row["value_text"], where(cell), label=task))
    reading.populations["rpa rates"] = Population(rates, None if rates else not_read(spec.label_words()))


def read_status_summary(reading: Reading, measures: dict[int, Measure], indicators: list[IndicatorRow]) -> None:
    """The summary's category counts (a population), and every 進捗区分 it states, once per 施策 its
    example names, as a stated grade keyed by the indicator it names. A category's count is printed in
    its own column (指標数), or after its name in the category cell (順調に進んでいる [12指標])."""
    category_pattern = re.compile(reading.words("category"))
    tag = re.compile(reading.words("measure tag"))
    example_tail = re.compile(reading.words("example tail"))
    rule = reading.grade_rule("kanmin_progress_category")
    year = reading.output.report_fiscal_year
    counts: list[Figure] = []
    labels: dict[int, str] = {}
    for row in (row for location in reading.located["the 進捗区分 summary"] for row in location.rows):
        category_cell, example_cell = row.cell("category"), row.cell("example")
        if category_cell is None:
            continue
        if id(category_cell) not in labels:
            count = category_count(category_cell, row.cell("count"), category_pattern)
            if count is None:
                continue
            labels[id(category_cell)] = count.label or ""
            counts.append(count)
        if example_cell is None or example_cell.row != row.index or not plain(example_cell.text):
            continue
        text = plain(example_cell.text)
        for number in (int(n) for n in tag.findall(text)):
            measure = measures.get(number)
            indicator = example_indicator(text, number, indicators, example_tail)
            reading.output.cases.append(
                GradeCase(
                    rule=rule,
                    stated_grade=labels[id(category_cell)],
                    where=where(example_cell),
                    inputs=(),
                    measure_key=measure.key if measure is not None else f"施策{number}",
                    fiscal_year=year,
                    indicator_key=indicator.key if indicator is not None else None,
                )
            )
    reading.populations["categories"] = Population(
        counts, None if counts else not_read(reading.table("the 進捗区分 summary").label_words())
    )


def category_count(category_cell: Cell, count_cell: Cell | None, in_cell: re.Pattern[str]) -> Figure | None:
    """A category's count, labelled with its name: from its own column, else from the category cell."""
    if count_cell is not None and count_cell is not category_cell:
        count = re.search(r"\d+", plain(count_cell.text))
        if count is None:
            return None
        return Figure(
            float(count.group()), plain(count_cell.text), where(count_cell), "exact", plain(category_cell.text)
        )
    found = in_cell.match(plain(category_cell.text))
    if found is None:
        return None
    count = int(found.group(2))
    return Figure(float(count), f"{count}指標", where(category_cell), "exact", plain(found.group(1)))


def example_indicator(
    text: str, number: int, indicators: list[IndicatorRow], example_tail: re.Pattern[str]
) -> IndicatorRow | None:
    """The indicator of 施策 `number` an example names: the summary abridges names (市ウェブサイト… for
    横浜市ウェブサイト…), so the one whose printed name is most alike."""
    name = squash(example_tail.sub("", plain(text)))
    own = [i for i in indicators if i.key.split("-")[0] == str(number)]
    if not own or not name:
        return None
    return max(own, key=lambda i: difflib.SequenceMatcher(None, name, squash(i.name)).ratio())
