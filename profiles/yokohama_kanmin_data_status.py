"""横浜市 官民データ活用推進計画 取組状況: the yearly status report of the city's 官民データ plan.

Recognised by its title words (官民データ活用推進計画, 取組状況) and its tables: the 施策 list
(施策 / 施策名 / 所管), one 評価指標 table per 施策 with one column per plan year, the
<N の評価指標の進捗状況> summary (進捗区分 / 主な評価指標) and the RPA table (対象業務 /
削減時間 / 削減率). An indicator table carries no 施策 label: it belongs to the 施策 whose
section heading `(N) title` precedes it in reading order.

The audit: the summary's category counts against its caption and the indicator tables, an
indicator printed in two 施策 tables, list titles against section headings, and the sentences
that state a count (`9つの施策`, `6業務中4業務で9割以上`) against the tables they count.
The 進捗区分 the summary states for an indicator is a grade the report gives no figures for:
each is a `GradeCase` that the engine records as not computable.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import normalizers as nz
from audit.rules import DuplicateCase, Figure, FigureCase, FigureRule, GradeCase, SameFactCase, Where
from extractors.model import Cell, Document, Table, TextBlock
from profiles import Case, ProfileOutput, stated_grade_rule
from profiles.locate import Column, Inventory, Part, Row, TableSpec, read_header
from profiles.tables import (
    Item,
    body_rows,
    contract_values,
    evidence,
    find_column,
    has_columns,
    header_text,
    number_text,
    plain,
    reading_order,
    similarity,
    squash,
    tables_with_headers,
    where,
)

# ---------------------------------------------------------------- rules, declared once

PROGRESS_CATEGORY = stated_grade_rule(
    "kanmin_progress_category",
    "progress_category",
    "the 進捗区分 the status summary states for an indicator; the report prints no figure it follows from",
)
SUMMARY_TOTAL = FigureRule(
    rule_id="kanmin_status_summary_total",
    kind="status_summary_total",
    words="the status summary's category counts [N指標] add up to its caption's indicator count",
    aggregate="sum",
)
INDICATOR_COUNT = FigureRule(
    rule_id="kanmin_indicator_count",
    kind="indicator_count",
    words="the caption's indicator count equals the rows of the 施策 評価指標 tables",
    aggregate="count",
)


def sentence_count(rule_id: str, words: str) -> FigureRule:
    """A count a sentence of the report states, recounted from what it counts."""
    return FigureRule(rule_id, "sentence_count", words, "count")


MEASURE_COUNT = sentence_count("kanmin_measure_count", "a sentence's number of 施策 equals the rows of the 施策 list")
RPA_MEASURED = sentence_count(
    "kanmin_rpa_measured", "a sentence's number of RPA tasks equals the tasks printed with a reduction rate"
)
RPA_REACHING = sentence_count(
    "kanmin_rpa_reaching",
    "a sentence's number of RPA tasks reaching a share equals the tasks whose printed rate reaches it",
)
DUPLICATE_INDICATOR = "duplicate_indicator"
MEASURE_TITLE = "measure_title"

# ---------------------------------------------------------------- the series' vocabulary

TITLE_WORDS = ("官民データ活用推進計画", "取組状況")
INDICATOR_HEADER = "評価指標"
# The 施策 list and the 評価指標 tables, declared by their header words (profiles.locate finds them
# behind title rows, under one to three header rows, shaded or not, with group rows spanning them).
MEASURE_LIST = TableSpec(
    "the 施策 list",
    (
        Column("number", ("施策", "No.", "番号"), required=False, whole=True),
        Column("title", ("施策名",)),
        Column("departments", ("所管",)),
    ),
    key="title",
)
INDICATOR_TABLE = TableSpec("a 評価指標 table", (Column("name", (INDICATOR_HEADER,)),), key="name")
# A number column: at least this share of the body cells are numbered measures.
NUMBERED_SHARE = 0.5
SUMMARY_HEADERS = ("進捗区分", "評価指標")
RPA_HEADERS = ("対象業務", "削減時間", "削減率")
INDICATOR_PLACE = "評価指標表"
RPA_PLACE = "実証実験の対象業務と削減率"
METRICS = contract_values("indicator_values", "metric")
ERAS_TRIED = ("平成", "令和")

# The list's number cell: the level word, if printed, then the number (施策1, or a bare 1).
MEASURE_NO = re.compile(r"^(\D*?)\s*(\d+)$")
# A section heading: (1) and the 施策's title.
HEADING = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(.+)$")
# A summary category with its count: 順調に進んでいる [12指標].
CATEGORY = re.compile(r"^(.*?)\s*[\[［]\s*(\d+)\s*指標\s*[\]］]\s*$")
# An example's 施策 reference: (施策2).
MEASURE_TAG = re.compile(r"[(（]\s*施策\s*(\d+)\s*[)）]")
# Sentences that state a count: the summary's caption, the 施策 count, the RPA result.
CAPTION = re.compile(r"(\d+)\s*の評価指標の進捗状況")
MEASURE_SENTENCE = re.compile(r"(\d+)\s*つの施策")
RPA_SENTENCE = re.compile(r"(\d+)\s*業務中\s*(\d+)\s*業務で\s*(\d+)\s*割以上")
# A 【】-bracketed 所管 cell names bureaus, then a scope: 「政策局など全区局」, 「総務局・市民局 等」.
SCOPE_WORDS = re.compile(r"(など|等|ほか).*$")
KANJI_TAIL = re.compile(r"[\u3400-\u9fff々]+$")

# A section heading is a 施策's when its title is this close to the list's (bigram Dice): a
# reworded heading is still found (and reported), while `(3)計画期間` is not taken for 施策3.
HEADING_SIMILARITY = 0.5


# ---------------------------------------------------------------- printed text


def printed_text(cell: Cell) -> str:
    """A value cell as printed (its dash stays the dash it printed), wrapped lines joined."""
    return " ".join(cell.text.split())


# ---------------------------------------------------------------- the 施策 list


@dataclass
class Measure:
    key: str
    number: int
    level: str
    title: str
    title_cell: Cell
    row: dict[str, Any]


def header_words(table: Table, rows: range, col: int) -> str:
    """The header texts above a column in `rows`, squashed and joined, each once."""
    parts: list[str] = []
    for r in rows:
        cell = table.cell(r, col)
        if cell is not None and squash(cell.text) and (not parts or parts[-1] != squash(cell.text)):
            parts.append(squash(cell.text))
    return "".join(parts)


def read_measure_list(inventory: Inventory, document: Document) -> dict[int, Measure]:
    """The 施策 list: number, title and 所管 per row, keyed by the 施策 number."""
    measures: dict[int, Measure] = {}
    for location in inventory.locate_all(document, MEASURE_LIST):
        for part in location.parts:
            # The number column: by its header (施策 / No.), else by shape (most body cells numbered).
            body = range(part.header.stop, part.table.n_rows)
            no_col = part.columns.get("number", number_column(part.table, body))
            if no_col is None:
                continue
            for row in (r for r in location.rows if r.part is part):
                measure = _listed_measure(part, no_col, row)
                if measure is not None:
                    measures[measure.number] = measure
    return measures


def _listed_measure(part: Part, no_col: int, row: Row) -> Measure | None:
    no_cell, title_cell, dept_cell = part.table.cell(row.index, no_col), row.cell("title"), row.cell("departments")
    if no_cell is None or title_cell is None or no_cell is title_cell:
        return None
    found = MEASURE_NO.match(plain(no_cell.text))
    if found is None:
        return None
    # A list printing bare numbers names the level in its header (施策 / 1, 2 …).
    level = found.group(1) or header_words(part.table, part.header, no_col)
    number = int(found.group(2))
    key = f"{level}{number}"
    departments_text = plain(dept_cell.text).strip("【】[] ") if dept_cell is not None else ""
    title = plain(title_cell.text)
    return Measure(
        key=key,
        number=number,
        level=level,
        title=title,
        title_cell=title_cell,
        row={
            "measure_key": key,
            "measure_no": plain(no_cell.text),
            "title": title,
            "level": level or None,
            "group_name": None,
            "departments": departments(departments_text),
            "divisions": None,
            "stage": None,
            "flag_kanmin_data": None,
            "flag_sentan_gijutsu": None,
            "flag_leading": None,
            "departments_text": departments_text,
            "related_projects": None,
            **evidence(title_cell),
        },
    )


def number_column(table: Table, body: range) -> int | None:
    """The column whose body cells are numbered measures (施策1, 施策2 …), most of them: a group or note
    row spanning the table is no measure."""
    best, best_share = None, 0.0
    for col in range(table.n_cols):
        texts = [plain(c.text) for r in body if (c := table.cell(r, col)) is not None and c.col == col]
        share = sum(bool(MEASURE_NO.match(t)) for t in texts) / len(texts) if texts else 0.0
        if share > best_share:
            best, best_share = col, share
    return best if best_share >= NUMBERED_SHARE else None


def departments(printed: str) -> list[str]:
    """The bureaus a 所管 cell names, its scope words (など全区局, 等) dropped; a bare scope stays."""
    named = SCOPE_WORDS.sub("", printed).strip()
    parsed = nz.names(named or printed).value
    return list(parsed) if parsed else []


# ---------------------------------------------------------------- sections and their tables


@dataclass
class Section:
    """A 施策's section: its heading and what is printed under it up to the next section."""

    measure: Measure
    heading: TextBlock
    heading_title: str
    items: list[Item]


def heading_title(block: TextBlock, number: int, title: str) -> str | None:
    """The heading's title when `block` opens with `(number)` and a title close to the list's."""
    for count in range(len(block.lines), 0, -1):
        found = HEADING.match(plain(" ".join(block.lines[:count])))
        if found and int(found.group(1)) == number and similarity(found.group(2), title) >= HEADING_SIMILARITY:
            return plain(found.group(2))
    return None


def sections(items: list[Item], measures: dict[int, Measure]) -> list[Section]:
    found: list[Section] = []
    for item in items:
        block = item.block
        numbered = HEADING.match(plain(block.text)) if block is not None else None
        if block is not None and numbered and int(numbered.group(1)) in measures:
            measure = measures[int(numbered.group(1))]
            title = heading_title(block, measure.number, measure.title)
            if title is not None:
                found.append(Section(measure, block, title, []))
                continue
        if found:
            found[-1].items.append(item)
    return found


def column_years(table: Table, anchor: int | None, header: range) -> dict[int, tuple[int, str]]:
    """Column -> (fiscal year, metric) for every column whose header names a year.

    A bare year (`30年度`, `元年度`) names no era: it is the era reading that continues the
    column before it (or, for the first, comes nearest the report's own fiscal year).
    """
    years: dict[int, tuple[int, str]] = {}
    expected = anchor
    for col in range(table.n_cols):
        text = header_words(table, header, col)
        parsed = nz.header(text).value
        field = parsed.field if parsed is not None else None
        year = parsed.fiscal_year if parsed is not None else None
        if year is None:
            candidates = [nz.fiscal_year(text, era=era).value for era in ERAS_TRIED]
            readings = [c for c in candidates if isinstance(c, int)]
            if not readings:
                continue
            year = min(readings, key=lambda y: abs(y - expected)) if expected is not None else readings[0]
        if not isinstance(year, int):
            continue
        years[col] = (year, field if field in METRICS else "actual")
        expected = year + 1
    return years


def part_labels(indicator_name: str, count: int) -> list[str | None]:
    """Labels for a multi-value cell that prints none, from the name's `…開催数・参加者数` ending."""
    pieces = indicator_name.split("・")
    if len(pieces) < count:
        return [None] * count
    tails = [KANJI_TAIL.search(piece) for piece in pieces[-count:]]
    return [tail.group() if tail else None for tail in tails]


def value_columns(quantity: nz.Quantity | None, indicator_name: str) -> dict[str, Any]:
    """value, unit, qualifier, na_marker and parts of a printed value (a multi-value cell: its first part)."""
    if quantity is None:
        return {"value": None, "unit": None, "qualifier": None, "na_marker": None, "parts": None}
    parts = [p for p in quantity.parts if p.quantity.value is not None]
    if len(parts) > 1:
        labels = [p.label for p in parts]
        if any(label is None for label in labels):
            labels = part_labels(indicator_name, len(parts))
        shown = []
        for label, part in zip(labels, parts, strict=True):
            q = part.quantity
            qualifiers = "".join(q.qualifiers)
            assert q.value is not None
            amount = " ".join(s for s in (number_text(q.value), q.unit) if s)
            shown.append(f"{label or ''}={qualifiers + ' ' if qualifiers else ''}{amount}")
        first = parts[0].quantity
        return {
            "value": first.value,
            "unit": first.unit,
            "qualifier": "".join(first.qualifiers) or None,
            "na_marker": None,
            "parts": "; ".join(shown),
        }
    return {
        "value": quantity.value,
        "unit": quantity.unit,
        "qualifier": "".join(quantity.qualifiers) or None,
        "na_marker": quantity.na_marker,
        "parts": None,
    }


@dataclass
class IndicatorRow:
    key: str
    name: str
    name_cell: Cell


def read_indicator_table(
    table: Table, measure: Measure, anchor: int | None, first_index: int
) -> tuple[list[IndicatorRow], list[dict[str, Any]]]:
    """A 施策's 評価指標 table: its indicators, and one row per printed value of each."""
    indicators: list[IndicatorRow] = []
    values: list[dict[str, Any]] = []
    header = read_header(table, INDICATOR_TABLE)
    if header is None:
        return indicators, values
    name_col = header.columns["name"]
    years = column_years(table, anchor, header.rows)
    for r in range(header.rows.stop, table.n_rows):
        name_cell = table.cell(r, name_col)
        if name_cell is None or name_cell.row != r or not plain(name_cell.text):
            continue
        name = plain(name_cell.text)
        key = f"{measure.number}-{first_index + len(indicators)}"
        indicators.append(IndicatorRow(key, name, name_cell))
        for col, (year, metric) in years.items():
            cell = table.cell(r, col)
            if cell is None or not plain(cell.text):
                continue  # a blank year column is a year not reported yet, not a printed value
            printed = printed_text(cell)
            values.append(
                {
                    "measure_key": measure.key,
                    "indicator_key": key,
                    "indicator_name": name,
                    "fiscal_year": year,
                    "metric": metric,
                    **value_columns(nz.quantity(printed).value, name),
                    "value_text": printed,
                    "place": INDICATOR_PLACE,
                    **evidence(cell),
                }
            )
    return indicators, values


# ---------------------------------------------------------------- the status summary


@dataclass
class Category:
    label: str
    count: int
    cell: Cell


@dataclass
class Example:
    category: Category
    text: str
    measure_numbers: list[int]
    cell: Cell


def read_status_summary(document: Document) -> tuple[list[Category], list[Example]]:
    categories: list[Category] = []
    examples: list[Example] = []
    for table in tables_with_headers(document, *SUMMARY_HEADERS):
        category_col = find_column(table, SUMMARY_HEADERS[0])
        example_col = find_column(table, SUMMARY_HEADERS[1])
        if category_col is None or example_col is None:
            continue
        by_cell: dict[int, Category] = {}
        for r in body_rows(table):
            category_cell, example_cell = table.cell(r, category_col), table.cell(r, example_col)
            if category_cell is None:
                continue
            if id(category_cell) not in by_cell:
                found = CATEGORY.match(plain(category_cell.text))
                if found is None:
                    continue
                category = Category(plain(found.group(1)), int(found.group(2)), category_cell)
                by_cell[id(category_cell)] = category
                categories.append(category)
            if example_cell is None or example_cell.row != r or not plain(example_cell.text):
                continue
            text = plain(example_cell.text)
            numbers = [int(n) for n in MEASURE_TAG.findall(text)]
            examples.append(Example(by_cell[id(category_cell)], text, numbers, example_cell))
    return categories, examples


# ---------------------------------------------------------------- the RPA table


@dataclass
class RpaRate:
    figure: Figure
    value: float | None


def read_rpa(
    document: Document, measure_key: str | None, year: int | None
) -> tuple[list[dict[str, Any]], list[RpaRate]]:
    """The RPA trial table as indicator values (saved time in minutes, reduction rate), and its rates."""
    rows: list[dict[str, Any]] = []
    rates: list[RpaRate] = []
    for table in tables_with_headers(document, *RPA_HEADERS):
        no_col = find_column(table, "No", "番号")
        task_col = find_column(table, RPA_HEADERS[0])
        figure_cols = [find_column(table, RPA_HEADERS[1]), find_column(table, RPA_HEADERS[2])]
        if task_col is None or None in figure_cols:
            continue
        for r in body_rows(table):
            task_cell = table.cell(r, task_col)
            no_cell = table.cell(r, no_col) if no_col is not None else None
            if task_cell is None or not plain(task_cell.text):
                continue
            number = plain(no_cell.text) if no_cell is not None else str(r)
            task = plain(task_cell.text)
            for col in figure_cols:
                assert col is not None
                cell = table.cell(r, col)
                if cell is None:
                    continue
                header = header_text(table, col)
                printed = printed_text(cell)
                quantity = nz.quantity(printed).value
                columns = value_columns(quantity, task)
                # The table states expected (想定) savings: the word qualifies every figure of its column.
                qualifier = "".join(q for q in ("想定" if "想定" in header else None, columns["qualifier"]) if q)
                rows.append(
                    {
                        "measure_key": measure_key,
                        "indicator_key": f"RPA{number}:{header}",
                        "indicator_name": f"{task} {header}",
                        "fiscal_year": year,
                        "metric": "actual",
                        **columns,
                        "qualifier": qualifier or None,
                        "value_text": printed,
                        "place": RPA_PLACE,
                        **evidence(cell),
                    }
                )
                if col == figure_cols[1]:
                    rates.append(RpaRate(Figure(columns["value"], printed, where(cell), label=task), columns["value"]))
    return rows, rates


# ---------------------------------------------------------------- the profile


def sentence_matches(items: list[Item], pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], TextBlock]]:
    for item in items:
        if item.block is not None:
            for found in pattern.finditer(plain(item.block.text)):
                yield found, item.block


def exact(value: int, text: str, place: Where, label: str | None = None) -> Figure:
    """A count as printed: a whole number, no rounding."""
    return Figure(float(value), text, place, rounding="exact", label=label)


class YokohamaKanminDataStatus:
    profile_id = "yokohama_kanmin_data_status"
    description = (
        "横浜市 官民データ活用推進計画 取組状況: recognised by its title words (官民データ活用推進計画, 取組状況), "
        "評価指標 tables with plan-year columns, the 進捗区分 summary and the 施策名 / 所管 list"
    )

    def score(self, document: Document) -> float:
        score = 0.0
        if any(all(w in squash(b.text) for w in TITLE_WORDS) for p in document.pages[:2] for b in p.text_blocks):
            score += 0.35
        if any(column_years(t, None, h.rows) for t in document.tables() if (h := read_header(t, INDICATOR_TABLE))):
            score += 0.35
        if tables_with_headers(document, *SUMMARY_HEADERS):
            score += 0.15
        if any(read_header(t, MEASURE_LIST) is not None for t in document.tables()):
            score += 0.15
        return score

    def extract(self, document: Document) -> ProfileOutput:
        output = ProfileOutput()
        output.title = read_title(document)
        year = nz.fiscal_year(output.title).value if output.title else None
        output.report_fiscal_year = year if isinstance(year, int) else None
        if output.report_fiscal_year is None:
            output.problems.append("The report's fiscal year could not be read from its title.")

        inventory = Inventory((MEASURE_LIST,))
        measures = read_measure_list(inventory, document)
        output.problems += inventory.problems()
        items = reading_order(document)
        found_sections = sections(items, measures)
        output.measures = [m.row for m in measures.values()]

        cases: list[Case] = []
        indicators: list[IndicatorRow] = []
        rpa_measure: str | None = None
        for section in found_sections:
            measure = section.measure
            cases.append(
                SameFactCase(
                    kind=MEASURE_TITLE,
                    scope=f"{measure.key}: 施策 list vs section heading",
                    key=measure.key,
                    first=measure.title,
                    first_where=where(measure.title_cell),
                    second=section.heading_title,
                    second_where=where(section.heading),
                    words="a 施策's title in the list and in its section heading",
                )
            )
            for item in section.items:
                if item.table is not None and read_header(item.table, INDICATOR_TABLE) is not None:
                    first = 1 + sum(1 for i in indicators if i.key.split("-")[0] == str(measure.number))
                    rows, values = read_indicator_table(item.table, measure, output.report_fiscal_year, first)
                    indicators += rows
                    output.indicator_values += values
                elif item.table is not None and has_columns(item.table, *RPA_HEADERS):
                    rpa_measure = measure.key
                elif item.block is not None:
                    related = re.search(r"関連する事業\s*[:：]\s*(\d+)\s*事業", plain(item.block.text))
                    if related:
                        measure.row["related_projects"] = int(related.group(1))
        headed = {s.measure.number for s in found_sections}
        for number, measure in measures.items():
            if number not in headed:
                output.problems.append(f"No section heading was found for {measure.key} ({measure.title}).")
        if not indicators:
            output.problems.append("No 評価指標 table was found under a 施策 heading.")

        rpa_rows, rates = read_rpa(document, rpa_measure, output.report_fiscal_year)
        output.indicator_values += rpa_rows

        categories, examples = read_status_summary(document)
        cases += grade_cases(examples, measures, indicators, output.report_fiscal_year)
        list_unread = inventory.unread(MEASURE_LIST) or (None if measures else "not read: any row of the 施策 list")
        cases += count_cases(items, categories, indicators, measures, rates, list_unread)
        cases.append(
            DuplicateCase(
                kind=DUPLICATE_INDICATOR,
                scope=INDICATOR_PLACE,
                ids=tuple((i.name, where(i.name_cell)) for i in indicators),
                words="an indicator is printed in more than one 施策 table (and counted once per table)",
            )
        )
        output.cases = cases
        return output


def read_title(document: Document) -> str | None:
    """The title as the title page prints it: its lines joined."""
    for page in document.pages[:2]:
        for block in page.text_blocks:
            if all(w in squash(block.text) for w in TITLE_WORDS):
                return plain(" ".join(block.lines))
    return None


def grade_cases(
    examples: list[Example], measures: dict[int, Measure], indicators: list[IndicatorRow], year: int | None
) -> list[Case]:
    """Every 進捗区分 the summary states, once per 施策 its example names, keyed by the indicator it names."""
    cases: list[Case] = []
    for example in examples:
        for number in example.measure_numbers:
            measure = measures.get(number)
            indicator = example_indicator(example.text, number, indicators)
            cases.append(
                GradeCase(
                    rule=PROGRESS_CATEGORY,
                    stated_grade=example.category.label,
                    where=where(example.cell),
                    inputs=(),
                    measure_key=measure.key if measure is not None else f"施策{number}",
                    fiscal_year=year,
                    indicator_key=indicator.key if indicator is not None else None,
                )
            )
    return cases


# An example names its 施策 after the indicator ((施策2)(施策4)) and may end in 等.
EXAMPLE_TAIL = re.compile(r"[（(]施策\s*\d+[)）]|等\s*$")


def example_indicator(text: str, number: int, indicators: list[IndicatorRow]) -> IndicatorRow | None:
    """The indicator of 施策 `number` an example names: the summary abridges names (市ウェブサイト… for
    横浜市ウェブサイト…), so the one whose printed name is most alike."""
    name = squash(EXAMPLE_TAIL.sub("", plain(text)))
    own = [i for i in indicators if i.key.split("-")[0] == str(number)]
    if not own or not name:
        return None
    return max(own, key=lambda i: difflib.SequenceMatcher(None, name, squash(i.name)).ratio())


def count_cases(
    items: list[Item],
    categories: list[Category],
    indicators: list[IndicatorRow],
    measures: dict[int, Measure],
    rates: list[RpaRate],
    list_unread: str | None,
) -> list[Case]:
    """Counts the report states (caption, category counts, sentences) against what they count; a count
    whose population was not read (`list_unread`, no 評価指標 table, no summary, no RPA table) is not
    computable, never a mismatch against nothing."""
    cases: list[Case] = []
    no_indicators = None if indicators else "not read: any 評価指標 table under a 施策 heading"
    no_categories = None if categories else "not read: the 進捗区分 summary"
    no_rates = None if rates else "not read: the RPA table (対象業務 / 削減時間 / 削減率)"
    indicator_figures = tuple(Figure(None, i.name, where(i.name_cell), label=i.key) for i in indicators)
    for index, (found, block) in enumerate(sentence_matches(items, CAPTION), start=1):
        stated = exact(int(found.group(1)), found.group(), where(block))
        category_figures = tuple(exact(c.count, f"{c.count}指標", where(c.cell), c.label) for c in categories)
        scope = f"<{found.group()}>"
        cases.append(FigureCase(SUMMARY_TOTAL, scope, stated, category_figures, str(index), unread=no_categories))
        cases.append(FigureCase(INDICATOR_COUNT, scope, stated, indicator_figures, str(index), unread=no_indicators))
    listed = sorted(measures.values(), key=lambda m: m.number)
    measure_figures = tuple(Figure(None, m.key, where(m.title_cell), label=m.title) for m in listed)
    for index, (found, block) in enumerate(sentence_matches(items, MEASURE_SENTENCE), start=1):
        stated = exact(int(found.group(1)), found.group(), where(block))
        scope = f"「{found.group()}」"
        cases.append(FigureCase(MEASURE_COUNT, scope, stated, measure_figures, str(index), unread=list_unread))
    measured = [r for r in rates if r.value is not None]
    for index, (found, block) in enumerate(sentence_matches(items, RPA_SENTENCE), start=1):
        total, reaching, tenths = (int(g) for g in found.groups())
        scope = f"「{found.group()}」"
        place = where(block)
        cases.append(
            FigureCase(
                RPA_MEASURED,
                scope,
                exact(total, f"{total}業務", place),
                tuple(r.figure for r in measured),
                key=f"{index}",
                unread=no_rates,
            )
        )
        # The sentence reads the printed table: a task counts when its printed rate reaches N割.
        share = tenths * 10.0
        cases.append(
            FigureCase(
                RPA_REACHING,
                scope,
                exact(reaching, f"{reaching}業務", place),
                tuple(r.figure for r in measured if r.value is not None and r.value >= share),
                key=f"{index}",
                unread=no_rates,
            )
        )
    return cases


PROFILE = YokohamaKanminDataStatus()
