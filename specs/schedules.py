"""Schedule tables (roadmaps): entries printed in the year column they start in, under the step row above them.

A spec declares on a table with year columns `schedule: {entry, step}`: `entry` the pattern of an entry cell,
its first group the entry's key and its second its name (`【観光1-1-4】 コンベンション協会業務デジタル化`);
`step` the pattern of a step row, its number and its text (`1-2 データに基づいた戦略の策定`), which the
entries below it stand under up to the next step. A printing whose body holds no entry is no schedule (a
table of the same header words and another body). Each entry keeps the heading the table is read under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, field_validator

from hyoka.extractors.model import Cell
from hyoka.specs.headings import HeadedTable, Heading
from hyoka.specs.locate import Location
from hyoka.specs.tables import plain


class ScheduleDecl(BaseModel):
    """How a schedule table prints its entries (`entry`: key and name groups) and step rows (`step`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entry: str
    step: str | None = None

    @field_validator("entry", "step")
    @classmethod
    def _two_groups(cls, pattern: str | None) -> str | None:
        if pattern is None:
            return None
        try:
            groups = re.compile(pattern).groups
        except re.error as error:
            raise ValueError(f"`{pattern}` is no regular expression ({error})") from None
        if groups < 2:
            raise ValueError(f"`{pattern}` needs two groups: a key (or number) and a name (or text)")
        return pattern


@dataclass(frozen=True)
class ScheduleEntry:
    """An entry as printed: its key and name, the step it stands under, the year it starts (its column's),
    the row's label (the table's key column: 課題) and the heading above it."""

    key: str
    name: str
    step_no: str
    step: str
    fiscal_year: int | None
    cell: Cell
    label: str
    heading: Heading | None


def schedule_entries(headed: HeadedTable, decl: ScheduleDecl, label_role: str) -> list[ScheduleEntry]:
    """Every entry of one printing, in reading order; none when the printing has no year column or prints
    no entry."""
    table, header = headed.table, headed.header
    entry_pattern = re.compile(decl.entry)
    step_pattern = re.compile(decl.step) if decl.step is not None else None
    body = range(header.rows.stop, table.n_rows)
    years = {y.col: y.year for y in header.years}
    label_col = header.columns[label_role]
    entries: list[ScheduleEntry] = []
    step_no, step = "", ""
    for r in body if years else ():
        label = table.cell(r, label_col)
        for cell in (c for c in table.row(r) if c.col != label_col):
            text = plain(cell.text)
            if (entry := entry_pattern.match(text)) is not None:
                key, name = entry.group(1).strip(), entry.group(2).strip()
                printed = plain(label.text) if label is not None else ""
                heading = headed.heading_at(cell)
                entries.append(ScheduleEntry(key, name, step_no, step, years.get(cell.col), cell, printed, heading))
            elif step_pattern is not None and (found := step_pattern.match(text)) is not None:
                step_no, step = found.group(1), found.group(2)
    return entries


def prints_entry(location: Location, decl: ScheduleDecl) -> bool:
    """Whether a printing's body holds an entry: one that holds none is no schedule (and no table the
    series must print with it)."""
    entry = re.compile(decl.entry)
    return any(
        entry.match(plain(cell.text))
        for part in location.parts
        for r in range(part.header.stop, part.table.n_rows)
        for cell in part.table.row(r)
    )
