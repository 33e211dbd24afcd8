"""Counts printed as a label's value (a 方眼紙 field: 次年度新規事業 (予定) | 1), recomputed as the number of
lines a declared table's column prints starting with a word (the `新規:…` lines of a list): a
`labelled_count` check.

The value is the printed cell under the label, else beside it; a print that draws the field as a boxed
text line gives the number ending the label's line. A table not located makes the count not_computable
with the reason, never a mismatch; a document printing no such label gives no case.
"""

from __future__ import annotations

import re

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule
from hyoka.extractors.model import Cell, Document
from hyoka.specs.locate import Location
from hyoka.specs.output import printed_text
from hyoka.specs.schema import LabelledCount
from hyoka.specs.tables import number_in, squash, starting, where


def labelled_count(document: Document, words: list[str]) -> Figure | None:
    """The count a label prints: under it or beside it in a table, else at the end of its text line."""
    label = words[0]
    for head in starting(document, *words):
        for value in (head.below(), head.right()):
            if value is not None and value.text.strip():
                return Figure(number_in(value.text), printed_text(value.cell), where(value.cell), "exact", label)
    wanted = tuple(squash(w) for w in words)
    for block in document.text_blocks():
        if squash(block.text).startswith(wanted) and (number := re.search(r"(\d+)\s*$", block.text)):
            return Figure(float(number.group(1)), number.group(1), where(block), "exact", label)
    return None


def column_cells(located: list[Location], role: str) -> list[Cell]:
    """The role's printed cells over a table's rows, a cell spanning several rows once."""
    cells: list[Cell] = []
    seen: set[int] = set()
    for location in located:
        for row in location.rows:
            cell = row.cell(role)
            if cell is not None and cell.text.strip() and id(cell) not in seen:
                seen.add(id(cell))
                cells.append(cell)
    return cells


def starting_lines(located: list[Location], role: str, words: list[str]) -> tuple[Figure, ...]:
    """Each line of the role's cells starting with one of `words`."""
    wanted = tuple(squash(w) for w in words)
    return tuple(
        Figure(None, line, where(cell), "exact", words[0])
        for cell in column_cells(located, role)
        for line in (cell.lines or [cell.text])
        if squash(nz.text(line).value or "").startswith(wanted)
    )


def labelled_count_cases(
    check: LabelledCount, rule: FigureRule, document: Document, located: list[Location], unread: str | None
) -> list[FigureCase]:
    """The printed count against the lines counted; `unread`, why the counted table was not read."""
    stated = labelled_count(document, check.words)
    if stated is None:
        return []
    members = starting_lines(located, check.members.role, check.members.starting)
    return [FigureCase(rule, check.scope, stated, members, check.key, unread=unread)]
