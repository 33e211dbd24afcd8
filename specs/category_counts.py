"""Counts a table prints per category (a status summary: 進捗区分 | 指標数), registered as a population a
check sums (`category_counts` in a spec): one figure a category, however many rows its cell spans (its
examples'), labelled with the category's name. The count is its own column's, else, in a printing without
that column, printed after the category's name in its cell (順調に進んでいる [12指標])."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hyoka.audit.rules import Figure
from hyoka.specs.locate import Location, Row
from hyoka.specs.schema import CategoryCounts
from hyoka.specs.tables import plain, squash, where


def category_count(declared: CategoryCounts, row: Row) -> Figure | None:
    """The count a row's category prints, labelled with the category's name; None when it prints none."""
    category_cell = row.cell(declared.category)
    if category_cell is None:
        return None
    count_cell = row.cell(declared.count) if declared.count is not None else None
    if count_cell is not None and count_cell is not category_cell:
        count = re.search(r"\d+", plain(count_cell.text))
        if count is None:
            return None
        label = plain(category_cell.text)
        return Figure(float(count.group()), plain(count_cell.text), where(count_cell), "exact", label)
    found = re.match(declared.in_cell, plain(category_cell.text)) if declared.in_cell is not None else None
    if found is None or (number := re.search(r"\d+", found["count"])) is None:
        return None
    label = plain(found["category"])
    return Figure(float(number.group()), squash(found["count"]), where(category_cell), "exact", label)


def category_counts(declared: CategoryCounts, locations: Iterable[Location]) -> list[Figure]:
    """Each category's count, once per category cell."""
    counted: set[int] = set()
    figures: list[Figure] = []
    for row in (row for location in locations for row in location.rows):
        cell = row.cell(declared.category)
        if cell is None or id(cell) in counted or (count := category_count(declared, row)) is None:
            continue
        counted.add(id(cell))
        figures.append(count)
    return figures
