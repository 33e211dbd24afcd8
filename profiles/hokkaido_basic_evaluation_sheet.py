"""Reading the 北海道 基本評価調書 sheet into its blocks, by their printed labels.

The same reader serves the workbook and its PDF print: both reach it as tables of
cells. Every block is found by the words printed in it (施策名, 整理番号, 評価年度, 基準1…),
and every value by its position relative to its label cell, never by address or page. The 成果指標
blocks and their 3-2 grids are read on the engine's label/value geometry (`hyoka.specs.label_grids`)
by the words the spec declares (vocabulary `indicator_blocks`); what stays here is their pairing
(a block's labels stop where its grid starts), the key printed before 指標名, and 5 (2)'s criteria.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hyoka import normalizers as nz
from hyoka.extractors.model import Document, Table
from hyoka.specs.label_grids import (
    Region,
    before_blocks,
    block_regions,
    crossing,
    grid_columns,
    in_reading_order,
    line_after,
    value_of,
    value_under,
)
from hyoka.specs.tables import Located, labelled, located_cells, squash, starting

CRITERION_MARK_HEADERS = ("○",)  # the mark column's header explains its marks: (○→対応している)
CRITERION_MARKS = frozenset("○◯◎●△▲×")


@dataclass
class YearColumn:
    """One column of 3-2's 年度 rows: its year label (or 進捗率) with target, actual and rate."""

    label: Located
    fiscal_year: int | None
    is_progress: bool
    target: Located | None
    actual: Located | None
    rate: Located | None


@dataclass
class Indicator:
    """One 成果指標 block: 3 成果指標の設定 with its 3-2 達成度合."""

    key: str
    name: Located | None
    words: IndicatorWords
    labels: dict[str, Located] = field(default_factory=dict)  # left part: 基準年度 … 達成率の算式, by label
    levels: list[tuple[Located, int | None, Located]] = field(default_factory=list)  # (year label, year, level)
    columns: list[YearColumn] = field(default_factory=list)

    def value_right_of(self, label: str) -> Located | None:
        """The value beside its label, or under it when the labels head a plain table's columns."""
        located = self.labels.get(label)
        return value_of(located, self.words.is_heading) if located is not None else None

    def value_below(self, label: str) -> Located | None:
        """The value under its label, below any sub-headings."""
        located = self.labels.get(label)
        return value_under(located, self.words.is_heading) if located is not None else None


@dataclass(frozen=True)
class IndicatorWords:
    """The words a 成果指標 block is read by, as the spec declares them (vocabulary `indicator_blocks`).

    `name_label` ends the label that starts a block (主① 指標名); `headings` are labels of 3 成果指標の設定,
    never values; the 3-2 grid is led by `grid_anchor` (評価年度, the level line `level` under it), its yearly
    columns by `year` (`progress` last), crossed by the `lines` (target, actual, rate)."""

    name_label: str
    headings: frozenset[str]
    grid_anchor: str
    level: str
    year: str
    progress: str
    lines: dict[str, str]

    @classmethod
    def declared(cls, words: dict[str, Any]) -> IndicatorWords:
        grid = words["grid"]
        return cls(
            name_label=words["name_label"],
            headings=frozenset(squash(h) for h in words["headings"]),
            grid_anchor=grid["anchor"],
            level=grid["level"],
            year=grid["year"],
            progress=grid["progress"],
            lines=dict(grid["lines"]),
        )

    def is_heading(self, located: Located) -> bool:
        text = squash(located.text)
        return text in self.headings or text.endswith(self.name_label)


@dataclass
class Criterion:
    number: int
    mark: Located


@dataclass
class Judgement:
    criteria: list[Criterion]
    stated: Located | None
    rule: Located | None  # the printed rule (・基準1が「○」で、… → a)


def _first(cells: list[Located], label: str) -> Located | None:
    return next((c for c in cells if squash(c.text) == label), None)


def _is_year(text: str) -> bool:
    return nz.fiscal_year(text).ok


def _grid(anchor: Located, region: Region, indicator: Indicator) -> None:
    """3-2 成果指標の達成度合: 達成度合 per 評価年度, and 目標値 / 実績値 / 達成率 per 年度 (and 進捗率)."""
    cells = [c for c in region.cells() if c.cell is not anchor.cell]
    words = indicator.words
    level_label = _first(cells, words.level)
    level_across = level_label is None or level_label.cell.col == anchor.cell.col
    for year_cell in line_after(anchor, region, level_across, _is_year):
        year = nz.fiscal_year(year_cell.text).value
        level = crossing(level_label, year_cell, level_across)
        if level is not None:
            indicator.levels.append((year_cell, year if isinstance(year, int) else None, level))
    year_label = _first(cells, words.year) or _yearly_line_lead(anchor, level_label, cells)
    if year_label is None:
        return
    metrics = {name: _first(cells, label) for name, label in words.lines.items()}

    def heads(text: str) -> bool:
        return _is_year(text) or squash(text) == words.progress

    for column in grid_columns(year_label, region, metrics, heads):
        year = nz.fiscal_year(column.head.text).value
        indicator.columns.append(
            YearColumn(
                label=column.head,
                fiscal_year=year if isinstance(year, int) else None,
                is_progress=squash(column.head.text) == words.progress,
                target=column.lines["target"],
                actual=column.lines["actual"],
                rate=column.lines["rate"],
            )
        )


def _yearly_line_lead(anchor: Located, level_label: Located | None, cells: list[Located]) -> Located | None:
    """The lead of the 年度 line under another wording (区分): the first line after the 評価年度 and 達成度合
    lines, in the anchor's column or row, whose next cell is a year."""
    for cell in cells:
        if level_label is not None and cell.cell is level_label.cell:
            continue
        if cell.cell.col == anchor.cell.col and cell.cell.row > anchor.cell.row_end:
            following = cell.right()
        elif cell.cell.row == anchor.cell.row and cell.cell.col > anchor.cell.col_end:
            following = cell.below()
        else:
            continue
        if following is not None and _is_year(following.text) and not _is_year(cell.text):
            return cell
    return None


def indicators(document: Document, words: IndicatorWords) -> list[Indicator]:
    """Every 成果指標 block: 3's labels under a `指標名` label, and its 3-2 grid under an `評価年度` label.

    The two halves stand side by side in one table of the format model or in two tables (a sheet
    whose blocks are drawn apart); the n-th 指標名 block goes with the n-th 評価年度 grid in reading order.
    """
    every, tables = list(located_cells(document)), document.tables()
    name_labels = in_reading_order([c for c in every if squash(c.text).endswith(words.name_label)], tables)
    anchors = in_reading_order([c for c in every if squash(c.text) == words.grid_anchor], tables)
    name_regions, grid_regions = block_regions(name_labels), block_regions(anchors)
    found = []
    for index, (name_label, region) in enumerate(zip(name_labels, name_regions, strict=True)):
        key = _indicator_key(name_label, words) or str(index + 1)
        indicator = Indicator(key=key, name=name_label.below(), words=words)
        # The labels of 3 stop where the grid of 3-2 starts, when both share the table.
        for located in before_blocks(name_label, region, grid_regions).cells():
            if located.cell is not name_label.cell:
                indicator.labels.setdefault(squash(located.text), located)
        if index < len(anchors):
            _grid(anchors[index], grid_regions[index], indicator)
        found.append(indicator)
    return found


def _indicator_key(name_label: Located, words: IndicatorWords) -> str:
    """The key as printed (主①): before 指標名 in its cell, or the short label left of it."""
    # `hyoka.normalizers.text` keeps circled numbers, a squash would not.
    key = re.sub(rf"\s*{re.escape(words.name_label)}$", "", nz.text(name_label.text).value or "")
    if key:
        return key
    left = name_label.at(name_label.cell.row, name_label.cell.col - 1) if name_label.cell.col > 0 else None
    if left is not None and words.is_heading(left):
        # a plain table heads the key's column (指標): the key is printed under it, beside the name
        name = value_under(name_label, words.is_heading)
        left = name.at(name.cell.row, left.cell.col) if name is not None else None
    text = nz.text(left.text).value or "" if left is not None else ""
    return text if 0 < len(text) <= 4 else ""


def judgement(document: Document) -> Judgement | None:
    """5 (2) 取組の分析: the 基準1–4 marks and the stated 判定 (in the criteria's table or one after it).

    The criteria start at a row labelled 基準1 (a form), or under a 基準 column heading whose rows are
    numbered 1–4 (a plain table)."""
    tables = document.tables()
    for first in [*starting(document, "基準1"), *labelled(document, "基準")]:
        table = first.table
        mark_col: int | None = None
        numbered: list[tuple[Located, int | None]] = []  # each criterion's number, and the mark column in force
        for row in range(first.cell.row, table.n_rows):
            anchored = [Located(table, c) for c in table.row(row) if c.text.strip()]
            if not anchored:
                continue
            lead = squash(anchored[0].text)
            if lead.startswith("基準"):
                mark_col = next(
                    (a.cell.col for a in anchored if any(m in a.text for m in CRITERION_MARK_HEADERS)), mark_col
                )
            elif re.fullmatch(r"\d", lead):
                numbered.append((anchored[0], mark_col))
            elif lead.startswith(JUDGEMENT_LABEL):
                break
        # A mark column whose header explains no mark: the column where the criteria's rows print marks.
        printed_marks = Counter(
            c.col for number, _ in numbered for c in table.row(number.cell.row) if squash(c.text) in CRITERION_MARKS
        )
        fallback = printed_marks.most_common(1)[0][0] if printed_marks else None
        criteria = []
        for number, header_col in numbered:
            col = fallback if header_col is None else header_col
            mark = number.at(number.cell.row, col) if col is not None else None
            if mark is not None:
                criteria.append(Criterion(int(squash(number.text)), mark))
        if not criteria:
            continue
        following = tables[tables.index(table) :]
        stated, rule = _stated_judgement(following, criteria[-1].mark)
        return Judgement(criteria, stated, rule)
    return None


JUDGEMENT_LABEL = "判定"


def _stated_judgement(tables: list[Table], last_mark: Located) -> tuple[Located | None, Located | None]:
    """The 判定 letter after the criteria: beside its label (a label cell may carry the printed rule), else
    under it; and the cell printing the rule."""
    for table in tables:
        for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
            if table is last_mark.table and cell.row <= last_mark.cell.row:
                continue
            if not squash(cell.text).startswith(JUDGEMENT_LABEL):
                continue
            label = Located(table, cell)
            beside = [
                Located(table, c)
                for c in table.cells
                if c.col > cell.col_end and c.row <= cell.row_end and c.row_end >= cell.row and c.text.strip()
            ]
            beside.sort(key=lambda located: located.cell.col)
            letters = [b for b in beside if _judgement_letter(b)]
            below = label.below()
            if not letters and below is not None and _judgement_letter(below):
                letters = [below]
            rules = [c for c in [label, *beside] if "基準1" in squash(c.text)]
            return (letters[-1] if letters else None), (rules[0] if rules else None)
    return None, None


def _judgement_letter(located: Located) -> bool:
    """A cell stating a grade letter alone (not the printed rule, which names letters too)."""
    text = squash(located.text)
    return bool(text) and "基準" not in text and nz.grade(text).ok
