"""Tables read in the context of the heading printed above them.

A series may print a table with no column saying what it belongs to: the heading above it says
(`<<まちづくり>> 【観光】…` over a KPI grid, `(3) 行政手続のオンライン化` over an indicator table). A spec declares
the heading as a pattern whose named groups are its fields, the tables read under it, and which contract
columns its fields fill in the rows of those tables. A heading is a text block opening with the pattern;
one wrapped over several lines is the longest run of the block's first lines that reads as one. A table is
under the last heading printed above its start, and each of its rows under the last heading printed above
that row: a table continued over a page break may carry the next heading's rows. A workbook prints no
place: its tables stand under no heading. What stands under a head up to the next, in reading order, is
`split_at_heads`, which headed sheets (`hyoka.specs.headed_sheets`) are read by as well.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from hyoka.audit.rules import Where
from hyoka.extractors.model import Cell, Document, Table, TextBlock
from hyoka.normalizers.text import join_lines
from hyoka.specs.locate import HeaderReading, TableSpec, read_header
from hyoka.specs.tables import Item, last_at, last_before, plain, reading_order, table_start, where


class HeadingDecl(BaseModel):
    """A heading the series prints above its tables: `pattern`'s named groups are its fields; `tables` the
    declared tables read under it; `rows` the contract columns its fields fill in their rows (column ->
    field)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pattern: str
    tables: list[str] = []
    rows: dict[str, str] = {}

    @field_validator("pattern")
    @classmethod
    def _named_groups(cls, pattern: str) -> str:
        try:
            compiled = re.compile(pattern)
        except re.error as error:
            raise ValueError(f"its pattern `{pattern}` is no regular expression ({error})") from None
        if not compiled.groupindex:
            raise ValueError(f"its pattern `{pattern}` names no field: name its groups, (?P<field>…)")
        return pattern

    @model_validator(mode="after")
    def _rows_name_fields(self) -> HeadingDecl:
        fields = re.compile(self.pattern).groupindex
        unknown = [f for f in self.rows.values() if f not in fields]
        if unknown:
            raise ValueError(f"its rows name fields its pattern does not: {', '.join(unknown)}")
        return self


@dataclass(frozen=True)
class Heading:
    """A heading as printed: its fields (the pattern's named groups, stripped) and the block printing it."""

    fields: Mapping[str, str]
    block: TextBlock
    # What it gives the rows under it: contract column -> its field's text (None where blank).
    row_fields: Mapping[str, str | None]

    @property
    def page(self) -> int:
        return self.block.page

    @property
    def top(self) -> float:
        return self.block.bbox[1]

    @property
    def where(self) -> Where:
        return where(self.block)


# Whether a reading of a heading is one: a series may accept only headings naming something it read (施策3).
Accept = Callable[[Mapping[str, str]], bool]


def readings(block: TextBlock) -> Iterator[str]:
    """The block's text, then its first lines joined as wrapped, longest run first: a heading may have a
    paragraph under it in the same block."""
    yield plain(block.text)
    for count in range(len(block.lines) - 1, 0, -1):
        yield plain(join_lines(block.lines[:count], "wrap"))


def read_headings(document: Document, decl: HeadingDecl, accept: Accept | None = None) -> list[Heading]:
    """Every heading the document prints, in reading order."""
    pattern = re.compile(decl.pattern)
    found = []
    for block in document.text_blocks():
        for text in readings(block):
            matched = pattern.search(text)
            if matched is None:
                continue
            fields = {name: (value or "").strip() for name, value in matched.groupdict().items()}
            if accept is None or accept(fields):
                given = {column: fields[field] or None for column, field in decl.rows.items()}
                found.append(Heading(fields, block, given))
                break
    return sorted(found, key=lambda h: (h.page, h.top))


@dataclass(frozen=True)
class HeadedTable:
    """A table whose header reads as a declared table's, with the heading printed above its start."""

    table: Table
    header: HeaderReading
    heading: Heading | None
    headings: list[Heading]

    def heading_at(self, cell: Cell) -> Heading | None:
        """The heading a row of the table stands under: the last above the cell, else the table's."""
        return last_before(self.headings, cell) or self.heading


def headed_tables(
    document: Document, spec: TableSpec, headings: list[Heading], anchor: int | None = None
) -> list[HeadedTable]:
    """Every table whose header reads as the declared one (bare years read nearest `anchor`), each with the
    heading printed above its start."""
    found = []
    for table in document.tables():
        header = read_header(table, spec, anchor)
        if header is None:
            continue
        placed = bool(table.pages) and table.pages[0] in table.bboxes
        above = last_at(headings, table_start(table)) if placed else None
        found.append(HeadedTable(table, header, above, headings))
    return found


class Unread(Enum):
    """A head printed whose section is not read: what follows it stands under no head up to the next."""

    HEAD = "a head not read"


H = TypeVar("H")


@dataclass
class Section(Generic[H]):
    """A head and what is printed under it, up to the next head, in reading order."""

    heading: H  # what the head reads as
    head: Item  # where it is printed: the text block or table that opens the section
    items: list[Item]


# What an item of reading order is to the sections (its index; the heading of the section open at it): a head
# opening a section (its reading), a head whose section is not read (`Unread.HEAD`), or neither (None).
Opens = Callable[[int, H | None], H | Unread | None]


def split_at_heads(items: list[Item], opens: Opens[H]) -> list[Section[H]]:
    """Items in reading order split at their heads: each head opens a section holding the items after it up
    to the next head; the items before every head, or after a head not read, stand under none."""
    found: list[Section[H]] = []
    current: Section[H] | None = None
    for i, item in enumerate(items):
        opened = opens(i, current.heading if current is not None else None)
        if opened is Unread.HEAD:
            current = None
        elif opened is not None:
            current = Section(opened, item, [])
            found.append(current)
        elif current is not None:
            current.items.append(item)
    return found


def sections(document: Document, headings: list[Heading]) -> list[Section[Heading]]:
    """The document's text blocks and tables, each under the last heading before it (those before every
    heading under none)."""
    blocks = {id(h.block): h for h in headings}
    items = reading_order(document)
    return split_at_heads(items, lambda i, _: blocks.get(id(items[i].block)) if items[i].block is not None else None)
