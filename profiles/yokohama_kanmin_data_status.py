"""横浜市 官民データ 取組状況: the reading its spec (`profiles/yokohama_kanmin_data_status.yaml`) cannot
declare. The spec reads the 施策 list (a numbered list), the section headings naming its 施策, the RPA table
(values one per named column) and the counts stated in sentences. What stays here: an indicator table
carries no 施策 label, its rows are keyed by their 施策's heading and their order under it (施策3's second
indicator: 3-2, a table continued over a page break carrying the next 施策's rows); the 進捗区分 summary
states a category per example, and its examples abridge the indicator names they cite.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase
from hyoka.extractors.model import Cell, Table
from hyoka.specs import Population, Reading, indicator_value_row
from hyoka.specs.headings import HeadedTable
from hyoka.specs.locate import not_read
from hyoka.specs.numbered_lists import NumberedMeasure
from hyoka.specs.tables import contract_values, header_words, plain, squash, where

METRICS = contract_values("indicator_values", "metric")


@dataclass
class IndicatorRow:
    key: str
    name: str
    name_cell: Cell


def read(reading: Reading) -> None:
    """The indicator values under the 施策 headings, the 進捗区分 grades, and the populations the spec's
    checks count."""
    output = reading.output
    measures = reading.numbered["the 施策 list"]
    headings = reading.listed_headings["施策"]
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
    read_status_summary(reading, measures, indicators)


# ---------------------------------------------------------------- the indicator tables


def column_metric(table: Table, header: range, col: int) -> str:
    """The metric a year column's header words name (目標値 / 実績), else actual."""
    parsed = nz.header(header_words(table, header, col)).value
    return parsed.field if parsed is not None and parsed.field in METRICS else "actual"


def read_indicator_table(
    reading: Reading, headed: HeadedTable, measures: dict[int, NumberedMeasure], earlier: list[IndicatorRow]
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


# ---------------------------------------------------------------- the status summary


def read_status_summary(reading: Reading, measures: dict[int, NumberedMeasure], indicators: list[IndicatorRow]) -> None:
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
