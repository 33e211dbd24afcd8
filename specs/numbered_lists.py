"""A list of numbered measures (施策1 | title | 所管), `rows: measures` with `numbered` in a spec: the number
column is the one its header names, else the one most of whose body cells read as numbers (a group or note
row spanning the table is no measure); the key is the level word and the number, the level word printed in
the cell (施策1) or, a list printing bare numbers, in the column's header (施策 over 1, 2 …). A number
printed twice (a list repeated after a page break) is one measure, its last printing. A names cell may end
in a scope (政策局など全区局, 総務局・市民局 等), dropped from the names and kept in its text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Table
from hyoka.specs.locate import Location, Part, Row
from hyoka.specs.schema import MeasureMap, NumberedKey
from hyoka.specs.tables import header_words, plain

RowBuilder = Callable[..., dict[str, Any]]


@dataclass
class NumberedMeasure:
    """A measure of the list: its number, the cell printing its title and its measures row."""

    number: int
    title_cell: Cell
    row: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.row["measure_key"])

    @property
    def title(self) -> str:
        return str(self.row["title"])


def number_column(table: Table, body: range, numbered: NumberedKey) -> int | None:
    """The column most of whose body cells (at least the declared share) read as numbered measures."""
    pattern = re.compile(numbered.pattern)
    best, best_share = None, 0.0
    for col in range(table.n_cols):
        texts = [plain(c.text) for r in body if (c := table.cell(r, col)) is not None and c.col == col]
        share = sum(bool(pattern.match(t)) for t in texts) / len(texts) if texts else 0.0
        if share > best_share:
            best, best_share = col, share
    return best if best_share >= numbered.share else None


def names_of(printed: str, scope: str | None) -> list[str]:
    """The names a cell prints, its scope words dropped (a bare scope stays)."""
    named = re.sub(scope, "", printed).strip() if scope else printed
    parsed = nz.names(named or printed).value
    return list(parsed) if parsed else []


def _measure(mapping: MeasureMap, part: Part, col: int, row: Row, build: RowBuilder) -> NumberedMeasure | None:
    numbered = mapping.numbered
    assert numbered is not None
    no_cell, title_cell = part.table.cell(row.index, col), row.cell(numbered.title)
    if no_cell is None or title_cell is None or no_cell is title_cell:
        return None
    found = re.match(numbered.pattern, plain(no_cell.text))
    if found is None:
        return None
    level = found.group("level") or header_words(part.table, part.header, col)
    number = int(found.group("number"))

    def printed(role: str) -> str:
        cell = row.cell(role)
        text = plain(cell.text) if cell is not None else ""
        return text.strip(numbered.strip) if role in mapping.names.values() else text

    fields: dict[str, Any] = {column: printed(role) for column, role in mapping.fields.items()}
    fields |= {column: names_of(printed(role), numbered.scope) for column, role in mapping.names.items()}
    key = f"{level}{number}"
    built = build(key, title_cell, measure_no=plain(no_cell.text), level=level or None, **mapping.constants, **fields)
    return NumberedMeasure(number, title_cell, built)


def numbered_measures(mapping: MeasureMap, located: list[Location], build: RowBuilder) -> dict[int, NumberedMeasure]:
    """The list's measures by number, each row built by `build` (the one measures row builder)."""
    numbered = mapping.numbered
    assert numbered is not None
    measures: dict[int, NumberedMeasure] = {}
    for location in located:
        for part in location.parts:
            body = range(part.header.stop, part.table.n_rows)
            col = part.columns.get(mapping.key, number_column(part.table, body, numbered))
            if col is None:
                continue
            for row in (r for r in location.rows if r.part is part):
                if (measure := _measure(mapping, part, col, row, build)) is not None:
                    measures[measure.number] = measure
    return measures
