"""Label/value blocks and small year grids on a sheet of cells (a form drawn on 方眼紙, or its print).

- A label's value stands beside it (a form); when another heading stands there, the labels head the
  columns of a plain table and the value is under the label, below any sub-headings.
- A block repeats: each of its labels heads a region running down to the next such label of its table;
  the n-th block of one kind goes with the n-th of another, in reading order.
- A small grid: a line of years (and other column heads) starting at a lead label, running across or
  down, and lines of figures (目標値, 実績値 …) crossing it; each line label stands in the lead's column
  when the years run across, in its row when they run down.

The vocabulary (which texts are headings, labels, column heads) is the caller's; this module only knows
the geometry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hyoka.extractors.model import Table
from hyoka.specs.tables import Located


def value_of(label: Located, is_heading: Callable[[Located], bool]) -> Located | None:
    """The value beside the label; when a heading stands beside it, the value under it."""
    right = label.right()
    if right is not None and not is_heading(right):
        return right
    return value_under(label, is_heading)


def value_under(label: Located, is_heading: Callable[[Located], bool]) -> Located | None:
    """The first cell under the label that is not itself a heading (sub-headings of a multi-level head)."""
    below = label.below()
    while below is not None and is_heading(below):
        below = below.below()
    return below


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
            if c.row in self.rows and c.col in self.cols and c.text.strip()
        ]


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


@dataclass
class GridColumn:
    """One column head of a small grid and the cell each line prints in it (None: the line was not found)."""

    head: Located
    lines: dict[str, Located | None]


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
