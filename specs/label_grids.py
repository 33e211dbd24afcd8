"""Label/value blocks, each with a small year grid, declared in a spec (`label_grids:`): a form drawn on
方眼紙 (or its print) repeating one block per indicator, read as indicator_values rows.

    label_grids:
      - name: 成果指標
        block: 指標名               # a block starts at a label ending with it (its key before: 主① 指標名)
        unit: '\\(([^()]+)\\)$'     # the unit the indicator's name (under the block's label) ends with
        headings: [指標名, 基準値, 目標値, 年度]   # the block's labels, never values
        values:                     # labelled values that are rows; `year`: the label printing their year
          - {label: 基準値, metric: baseline, year: 基準年度, place: 3 成果指標の設定 基準値}
        grid:
          name: 3-2 成果指標の達成度合
          anchor: 評価年度          # leads the line of years the `level` line grades
          level: 達成度合
          year: 年度                # leads the line of year columns (else: the first line whose next cell is a year)
          lines: {target: 目標値, actual: 実績値, achievement_rate: 達成率}   # metric -> the line's label
          level_rule: achievement_level       # each stated level graded on its year's figure of a line
          level_graded_on: achievement_rate
          units: {achievement_rate: '%'}   # a line counted in its own unit, not the name's
          place: 3-2 成果指標の達成度合 年度別
          progress:                 # a last column summing the period up, not a year
            head: 進捗率
            place: 3-2 成果指標の達成度合 進捗率
            years: {target: 最終年度, actual: latest, achievement_rate: 最終年度}
            qualifiers: {achievement_rate: 進捗率}
          rate:                     # each column's achievement_rate against actual ÷ target (or its inverse)
            {line: achievement_rate, rule: achievement_rate, progress_rule: progress_rate, formula: 達成率の算式,
             direction: 増減方向, words: {actual: 実績, target: 目標}, rising: 増, falling: 減}

The geometry, which holds for any such form:
- A label's value stands beside it (a form); when another heading stands there, the labels head the
  columns of a plain table and the value is under the label, below any sub-headings (`tables.value_beside`).
- A block repeats: each of its labels heads a region running down to the next such label of its table;
  the n-th block goes with the n-th grid, in reading order; a block's labels stop where its grid starts
  when both share a table.
- A grid: a line of years (and other column heads) starting at a lead label, running across or down, and
  lines of figures crossing it; each line label stands in the lead's column when the years run across, in
  its row when they run down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from hyoka import normalizers as nz
from hyoka.audit.interval import Rounding
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell, Document, Table
from hyoka.specs.tables import (
    Located,
    fiscal_year_of,
    located_cells,
    number_in,
    squash,
    value_beside,
    value_under,
    where,
)

# A progress column's figure dated by the last year whose `actual` line prints a figure.
LATEST = "latest"
# A printed cell's figure at a rounding, labelled (`formula_columns.typed_figure`).
PrintedFigure = Callable[[Cell | None, Rounding, str], Figure]


class _Declared(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BlockValueDecl(_Declared):
    """A value a block prints by its label, as an indicator_values row: its metric, the label printing its
    fiscal year, and where."""

    label: str
    metric: str
    year: str | None = None
    place: str


class ProgressColumnDecl(_Declared):
    """A grid's last column summing the period up (its `head`, not a year): the fiscal year of each line's
    figure (a block label printing it, or `latest`) and a qualifier per line."""

    head: str
    place: str
    years: dict[str, str] = {}
    qualifiers: dict[str, str] = {}


class GridRepeatDecl(_Declared):
    """A figure a block prints twice, compared by the declared same_fact check `check`: by its `label` (or in
    the `latest` line's last year column printing a figure) and in the grid's `line`, in the column of the year
    the `year` label prints (None: the progress column). `scope` and `key` take {key} (the block's) and {year};
    `why` adds to the check's words."""

    check: str
    label: str | None = None
    latest: str | None = None
    line: str
    year: str | None = None
    scope: str
    key: str
    why: str | None = None

    @model_validator(mode="after")
    def _one_first_printing(self) -> GridRepeatDecl:
        if (self.label is None) == (self.latest is None):
            raise ValueError(f"repeat `{self.scope}` names neither or both of `label` and `latest`")
        return self


class GridRateDecl(_Declared):
    """A line of rates each column recomputes (`rule`; the progress column by `progress_rule`): the `actual`
    line over the `target` line, the other way round for an indicator aiming to fall. Which, the block's
    `formula` value says by the line word before its ÷ (`words`: metric -> the word, 実績 | 目標), else its
    `direction` value by `falling` (減) or `rising` (増); saying neither, one sentence."""

    line: str
    rule: str
    progress_rule: str | None = None
    formula: str
    direction: str
    words: dict[Literal["actual", "target"], str]
    rising: str
    falling: str


class YearGridDecl(_Declared):
    """Each block's year grid: led by `anchor` (its line of years graded by the `level` line), year columns on
    the line led by `year`, crossed by `lines` (metric -> label)."""

    name: str
    anchor: str
    level: str
    year: str
    lines: dict[str, str]
    place: str
    progress: ProgressColumnDecl | None = None
    units: dict[str, str] = {}  # metric -> the unit its line counts in whatever the name states (達成率: %)
    level_rule: str | None = None  # the grade rule each stated level is checked by
    level_graded_on: str | None = None  # the line (metric) whose figure of the level's year it grades, as printed
    repeats: list[GridRepeatDecl] = []
    rate: GridRateDecl | None = None

    @model_validator(mode="after")
    def _graded_on_a_line(self) -> YearGridDecl:
        if self.level_graded_on is not None and self.level_graded_on not in self.lines:
            raise ValueError(f"`level_graded_on` `{self.level_graded_on}` is none of the grid's lines")
        if self.rate is not None and not {self.rate.line, "actual", "target"} <= self.lines.keys():
            raise ValueError(f"its `rate` needs the lines `{self.rate.line}`, `actual` and `target`")
        return self


class LabelGridDecl(_Declared):
    """Repeated label/value blocks with a year grid each (`hyoka.specs.label_grids`)."""

    name: str
    block: str
    headings: list[str]
    unit: str | None = None
    values: list[BlockValueDecl] = []
    grid: YearGridDecl

    @field_validator("unit")
    @classmethod
    def _unit_captures(cls, pattern: str | None) -> str | None:
        if pattern is not None and re.compile(pattern).groups < 1:
            raise ValueError(f"`unit` pattern `{pattern}` captures no group (the unit)")
        return pattern


@dataclass(frozen=True)
class Region:
    """A rectangle of one table's grid: the part of a repeated block its label heads."""

    table: Table
    rows: range
    cols: range

    def cells(self) -> list[Located]:
        return [
            Located(self.table, c)
            for c in self.table.cells
            if c.row in self.rows and c.col in self.cols and not c.blank
        ]


@dataclass
class GridColumn:
    """One column head of a small grid and the cell each line prints in it (None: the line was not found)."""

    head: Located
    lines: dict[str, Located | None]

    def line(self, metric: str) -> Located | None:
        return self.lines.get(metric)


@dataclass
class YearColumn(GridColumn):
    """A column of a block's grid: a year's, or the progress column summing the period up."""

    fiscal_year: int | None = None
    is_progress: bool = False


@dataclass
class Block:
    """One block: its key as printed, the name under its label, its labels, and its grid."""

    key: str
    name: Located | None
    is_heading: Callable[[Cell], bool]
    labels: dict[str, Located] = field(default_factory=dict)  # by squashed label
    levels: list[tuple[Located, int | None, Located]] = field(default_factory=list)  # (year head, year, level)
    columns: list[YearColumn] = field(default_factory=list)

    def value_beside(self, label: str) -> Located | None:
        """The value beside its label, or under it when the labels head a plain table's columns."""
        return _value(self.labels.get(squash(label)), self.is_heading, beside=True)

    def value_below(self, label: str) -> Located | None:
        """The value under its label, below any sub-headings."""
        return _value(self.labels.get(squash(label)), self.is_heading, beside=False)

    def yearly(self) -> list[YearColumn]:
        return [c for c in self.columns if not c.is_progress]

    def latest(self, metric: str) -> YearColumn | None:
        """The last year column whose `metric` line prints a figure."""
        return next((c for c in reversed(self.yearly()) if _printed_number(c.line(metric))), None)


@dataclass(frozen=True)
class PrintedValue:
    """A value a block prints, as an indicator_values row states it."""

    located: Located
    metric: str
    fiscal_year: int | None
    place: str
    qualifier: str | None = None
    unit: str | None = None  # the unit its line counts in, when not the name's


def _value(label: Located | None, is_heading: Callable[[Cell], bool], *, beside: bool) -> Located | None:
    if label is None:
        return None
    table = label.table
    found = value_beside(table, label.cell, is_heading) if beside else value_under(table, label.cell, is_heading)
    return Located(table, found) if found is not None else None


def _is_year(text: str) -> bool:
    return nz.fiscal_year(text).ok


def _first(cells: list[Located], label: str) -> Located | None:
    return next((c for c in cells if squash(c.text) == squash(label)), None)


def in_reading_order(cells: list[Located], tables: list[Table]) -> list[Located]:
    """Cells in document order: their table's place among the document's tables, then row, then column."""
    place = {id(table): index for index, table in enumerate(tables)}
    return sorted(cells, key=lambda c: (place[id(c.table)], c.cell.row, c.cell.col))


def block_regions(labels: list[Located]) -> list[Region]:
    """Each label's block: from its row down to the next label of its table below it, its columns onward."""
    regions = []
    for label in labels:
        below = sorted(c.cell.row for c in labels if c.table is label.table and c.cell.row > label.cell.row)
        rows = range(label.cell.row, below[0] if below else label.table.n_rows)
        regions.append(Region(label.table, rows, range(label.cell.col, label.table.n_cols)))
    return regions


def before_blocks(label: Located, region: Region, others: list[Region]) -> Region:
    """The part of a label's block before blocks of another kind starting inside it: up to the first column of
    one standing beside the label, up to the first row of one coming under it; from the table's first column,
    so that labels printed left of the block's label are read too."""
    inside = [o for o in others if o.table is region.table and o.rows.start in region.rows]
    beside = [o.cols.start for o in inside if o.cols.start > label.cell.col_end]
    under = [o.rows.start for o in inside if o.cols.start <= label.cell.col_end]
    return Region(
        region.table,
        range(region.rows.start, min(under, default=region.rows.stop)),
        range(0, min(beside, default=region.table.n_cols)),
    )


def line_after(label: Located, region: Region, across: bool, heads: Callable[[str], bool]) -> list[Located]:
    """The cells continuing `label`'s line inside the region, right of it (across) or under it (down), while
    each heads a column of the grid."""
    out, current = [], label.right() if across else label.below()
    while current is not None and current.cell.row in region.rows and current.cell.col in region.cols:
        if (current.cell.row if across else current.cell.col) != (label.cell.row if across else label.cell.col):
            break  # a cell reaching in from another line ends this one
        if not heads(current.text):
            break
        out.append(current)
        current = current.right() if across else current.below()
    return out


def crossing(line_label: Located | None, key: Located, across: bool) -> Located | None:
    """The cell where `line_label`'s line crosses `key`'s column (across) or row (down)."""
    if line_label is None:
        return None
    if across:
        return key.at(line_label.cell.row, key.cell.col)
    return key.at(key.cell.row, line_label.cell.col)


def runs_across(lead: Located, line_labels: list[Located]) -> bool:
    """Whether the grid's column heads run across (line labels stacked under the lead) or down (line labels
    beside it); a grid with no line label read runs across."""
    if not line_labels:
        return True
    return all(m.cell.col == lead.cell.col for m in line_labels) or not all(
        m.cell.row == lead.cell.row for m in line_labels
    )


def _yearly_line_lead(anchor: Located, level_label: Located | None, cells: list[Located]) -> Located | None:
    """The lead of the year line under another wording (区分): the first line after the anchor's and the
    level's lines, in the anchor's column or row, whose next cell is a year."""
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


def _grid(anchor: Located, region: Region, grid: YearGridDecl, block: Block) -> None:
    """The block's grid: the level per year of the anchor's line, the lines' figures per year column."""
    cells = [c for c in region.cells() if c.cell is not anchor.cell]
    level_label = _first(cells, grid.level)
    level_across = level_label is None or level_label.cell.col == anchor.cell.col
    for year_cell in line_after(anchor, region, level_across, _is_year):
        level = crossing(level_label, year_cell, level_across)
        if level is not None:
            block.levels.append((year_cell, fiscal_year_of(year_cell.text), level))
    lead = _first(cells, grid.year) or _yearly_line_lead(anchor, level_label, cells)
    if lead is None:
        return
    labels = {metric: _first(cells, label) for metric, label in grid.lines.items()}
    progress = squash(grid.progress.head) if grid.progress is not None else None

    def heads(text: str) -> bool:
        return _is_year(text) or squash(text) == progress

    for column in grid_columns(lead, region, labels, heads):
        year, is_progress = fiscal_year_of(column.head.text), squash(column.head.text) == progress
        block.columns.append(YearColumn(column.head, column.lines, year, is_progress))


def grid_columns(
    lead: Located, region: Region, line_labels: dict[str, Located | None], heads: Callable[[str], bool]
) -> list[GridColumn]:
    """The grid led by `lead`: its column heads (those `heads` accepts, in order) and, for each, the cell of
    every named line, the years running across or down as the line labels stand."""
    across = runs_across(lead, [m for m in line_labels.values() if m is not None])
    return [
        GridColumn(head, {name: crossing(label, head, across) for name, label in line_labels.items()})
        for head in line_after(lead, region, across, heads)
    ]


def _block_key(label: Located, declared: LabelGridDecl, is_heading: Callable[[Cell], bool]) -> str:
    """The key as printed (主①): before the block word in its cell, or the short label left of it."""
    # `hyoka.normalizers.text` keeps circled numbers, a squash would not.
    key = re.sub(rf"\s*{re.escape(declared.block)}$", "", nz.text(label.text).value or "")
    if key:
        return key
    left = label.at(label.cell.row, label.cell.col - 1) if label.cell.col > 0 else None
    if left is not None and is_heading(left.cell):
        # a plain table heads the key's column (指標): the key is printed under it, beside the name
        name = _value(label, is_heading, beside=False)
        left = name.at(name.cell.row, left.cell.col) if name is not None else None
    text = nz.text(left.text).value or "" if left is not None else ""
    return text if 0 < len(text) <= 4 else ""


def read_blocks(document: Document, declared: LabelGridDecl) -> list[Block]:
    """Every block: the labels under a block label, and the grid under the grid's anchor. The two halves stand
    side by side in one table of the format model or in two tables (a sheet whose blocks are drawn apart)."""
    headings = frozenset(squash(h) for h in declared.headings)
    word = squash(declared.block)

    def is_heading(cell: Cell) -> bool:
        text = squash(cell.text)
        return text in headings or text.endswith(word)

    every, tables = list(located_cells(document)), document.tables()
    block_labels = in_reading_order([c for c in every if squash(c.text).endswith(word)], tables)
    anchors = in_reading_order([c for c in every if squash(c.text) == squash(declared.grid.anchor)], tables)
    regions, grid_regions = block_regions(block_labels), block_regions(anchors)
    found = []
    for index, (label, region) in enumerate(zip(block_labels, regions, strict=True)):
        block = Block(_block_key(label, declared, is_heading) or str(index + 1), label.below(), is_heading)
        for located in before_blocks(label, region, grid_regions).cells():
            if located.cell is not label.cell:
                block.labels.setdefault(squash(located.text), located)
        if index < len(anchors):
            _grid(anchors[index], grid_regions[index], declared.grid, block)
        found.append(block)
    return found


def missing_blocks(declared: LabelGridDecl, blocks: list[Block]) -> list[str]:
    """One sentence per thing declared and not read: no block at all, a block without its grid."""
    grid = declared.grid
    if not blocks:
        return [f"No {declared.name} block ({declared.block} … {grid.anchor}) was found."]
    lines = " ".join(grid.lines.values())
    return [
        f"{declared.name} {block.key}: no {grid.name} grid ({grid.anchor} … {grid.year} … {lines}) was found."
        for block in blocks
        if not block.levels and not block.columns
    ]


def block_name(block: Block) -> str | None:
    return nz.text(block.name.text).value if block.name is not None else None


def printed_values(declared: LabelGridDecl, block: Block) -> Iterator[PrintedValue]:
    """The block's labelled values, then each grid column's lines (a progress column's dated as declared)."""
    for value in declared.values:
        located = block.value_beside(value.label)
        if located is not None:
            yield PrintedValue(located, value.metric, _year_by(block, value.year), value.place)
    grid = declared.grid
    latest = block.latest("actual")
    for column in block.columns:
        progress = grid.progress if column.is_progress else None
        for metric, located in column.lines.items():
            if located is None:
                continue
            unit = grid.units.get(metric)
            if progress is None:
                yield PrintedValue(located, metric, column.fiscal_year, grid.place, unit=unit)
                continue
            by = progress.years.get(metric)
            year = (latest.fiscal_year if latest else None) if by == LATEST else _year_by(block, by)
            yield PrintedValue(located, metric, year, progress.place, progress.qualifiers.get(metric), unit)


def _printed_number(located: Located | None) -> bool:
    return located is not None and number_in(located.text) is not None


def _year_by(block: Block, label: str | None) -> int | None:
    """The fiscal year printed by a block's label (基準年度 | R1)."""
    located = block.value_beside(label) if label is not None else None
    return fiscal_year_of(located.text) if located is not None else None


def unit_of(declared: LabelGridDecl, name: str | None) -> str | None:
    """The unit the block's name states, by the declared pattern."""
    found = re.search(declared.unit, name or "") if declared.unit is not None else None
    return found.group(1) if found else None


@dataclass(frozen=True)
class StatedLevel:
    """A level the grid states for a year, with the figure of that year it grades (None: none printed)."""

    letter: str
    located: Located
    fiscal_year: int | None
    graded_on: Figure | None


def as_printed(located: Located | None, label: str) -> Figure | None:
    """A printed figure as a grade reads it: as printed (a rate printed 100% is in the 100% band), None when
    the cell prints no number."""
    number = number_in(located.text) if located is not None else None
    if located is None or number is None:
        return None
    # (a workbook's value through its number format, else the text read)
    text = located.cell.value_text or located.cell.text
    return Figure(number, text, where(located.cell), "exact", label)


def level_letter(level: Located) -> str | None:
    """A stated level: a letter, `-` for any missing-value marker (算定不可), None when blank."""
    text = squash(level.text)
    if not text:
        return None
    parsed = nz.grade(text)
    if parsed.value is not None:
        return parsed.value.letter
    quantity = nz.quantity(text).value
    return "-" if quantity is not None and quantity.na_marker else text


def stated_levels(grid: YearGridDecl, block: Block) -> list[StatedLevel]:
    """The levels the block's grid states, in printed order, each with its year's figure of the graded line."""
    by_year = {column.fiscal_year: column for column in block.yearly()}
    graded_on = grid.level_graded_on
    stated = []
    for _, year, level in block.levels:
        if (letter := level_letter(level)) is None:
            continue
        column = by_year.get(year)
        figure = as_printed(column.line(graded_on), grid.lines[graded_on]) if column and graded_on else None
        stated.append(StatedLevel(letter, level, year, figure))
    return stated


def repeated(repeat: GridRepeatDecl, block: Block) -> Iterator[tuple[Located, Located, int | None]]:
    """(first printing, grid cell, the grid column's year) of a figure the block prints twice, where both print."""
    if repeat.label is not None:
        first = block.value_beside(repeat.label)
    else:
        latest = block.latest(repeat.latest) if repeat.latest is not None else None
        first = latest.line(repeat.latest) if latest is not None and repeat.latest is not None else None
    if first is None:
        return
    year = _year_by(block, repeat.year) if repeat.year is not None else None
    for column in block.columns:
        taken = column.is_progress if repeat.year is None else year is not None and column.fiscal_year == year
        if taken and (second := column.line(repeat.line)) is not None:
            yield first, second, column.fiscal_year


def rate_cases(
    grid: YearGridDecl, block: Block, rules: Callable[[str], FigureRule], figure: PrintedFigure
) -> tuple[list[FigureCase], list[str]]:
    """Each column's printed rate against the one its `actual` and `target` lines make (`GridRateDecl`), and
    the sentence when the block says not which way the rate runs; `figure`: a cell's figure as typed
    (`formula_columns.typed_figure`)."""
    rate = grid.rate
    assert rate is not None
    inverse, problems = _rate_inverse(rate, block), []
    if inverse is None:
        problems.append(
            f"{block.key}: neither {rate.formula} nor {rate.direction} says how {grid.lines[rate.line]} is computed."
        )
    cases = []
    for column in block.columns:
        stated = column.line(rate.line)
        unknown = stated is not None and stated.cell.uncalculated  # a rate the workbook kept no value of
        if stated is None or (number_in(stated.text) is None and not unknown):
            continue
        if column.is_progress and rate.progress_rule is None:
            continue
        if column.is_progress:
            assert grid.progress is not None and rate.progress_rule is not None
            rule, scope, key = rules(rate.progress_rule), grid.progress.place, "progress"
        else:
            rule, scope, key = rules(rate.rule), f"{grid.place} {column.head.text}", str(column.fiscal_year)
        actual, target = (
            figure(line.cell if (line := column.line(m)) else None, "round", grid.lines[m])
            for m in ("actual", "target")
        )
        printed, label = figure(stated.cell, "round", grid.lines[rate.line]), grid.lines[rate.line]
        inputs = (target, actual) if inverse else (actual, target)
        cases.append(FigureCase(rule, f"{scope} {block.key} {label}", printed, inputs, f"{block.key}:{key}"))
    return cases, problems


def _rate_inverse(rate: GridRateDecl, block: Block) -> bool | None:
    """Whether the rate is target over actual: by the formula's word before its ÷, else by the direction."""
    formula = block.value_below(rate.formula)
    text = squash(formula.text) if formula is not None else ""
    numerator = re.split(r"[/÷]", text)[0] if re.search(r"[/÷]", text) else ""
    if rate.words["actual"] in numerator:
        return False
    if rate.words["target"] in numerator:
        return True
    direction = block.value_below(rate.direction)
    if direction is not None and rate.falling in direction.text:
        return True
    if direction is None or rate.rising not in direction.text:
        return None
    return False
