"""横浜市 官民データ 取組状況: the reading its spec (`profiles/yokohama_kanmin_data_status.yaml`) cannot
declare. The spec reads the 施策 list (a numbered list), the section headings naming its 施策, the
indicator tables under them, the 進捗区分 counts, the RPA table and the counts stated in sentences. What
stays here: the 進捗区分 summary states a category per example, and its examples abridge the indicator
names they cite.
"""

from __future__ import annotations

import difflib
import re

from hyoka.audit.rules import Figure, GradeCase
from hyoka.specs import Reading
from hyoka.specs.category_counts import category_count
from hyoka.specs.tables import plain, squash, where


def read(reading: Reading) -> None:
    """Every 進捗区分 the status summary states, once per 施策 its example names, as a stated grade keyed by
    the indicator it names."""
    measures = reading.numbered["the 施策 list"]
    indicators = reading.population("a 評価指標 table").figures
    counts = next(c for c in reading.spec.category_counts if c.table == "the 進捗区分 summary")
    tag = re.compile(reading.words("measure tag"))
    example_tail = re.compile(reading.words("example tail"))
    rule = reading.grade_rule("kanmin_progress_category")
    year = reading.output.report_fiscal_year
    labels: dict[int, str] = {}
    for row in (row for location in reading.located["the 進捗区分 summary"] for row in location.rows):
        category_cell, example_cell = row.cell("category"), row.cell("example")
        if category_cell is None:
            continue
        if id(category_cell) not in labels:
            count = category_count(counts, row)
            if count is None:
                continue
            labels[id(category_cell)] = count.label or ""
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
                    indicator_key=indicator.label if indicator is not None else None,
                )
            )


def example_indicator(text: str, number: int, indicators: list[Figure], example_tail: re.Pattern[str]) -> Figure | None:
    """The indicator of 施策 `number` an example names (each indicator a figure: its name, labelled with its
    key, `3-2`): the summary abridges names (市ウェブサイト… for 横浜市ウェブサイト…), so the one whose printed
    name is most alike."""
    name = squash(example_tail.sub("", plain(text)))
    own = [i for i in indicators if (i.label or "").split("-")[0] == str(number)]
    if not own or not name:
        return None
    return max(own, key=lambda i: difflib.SequenceMatcher(None, name, squash(i.text or "")).ratio())
