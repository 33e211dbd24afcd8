"""Headed sheets: one record per sheet a numbered head opens (施策 01 | title), whatever the producer draws.

A sheet's head is a cell matching the declared `head` pattern (drawn as a header cell, or printed as a value
under a row of the sheet's labels), or a heading line matching `heading` (the head and the title together)
right above a table of labels. The sheet holds the tables printed after its head in reading order, up to
the next head (`hyoka.specs.headings.split_at_heads`), however many sheets a page holds and wherever a page
break falls. Its `fields` are contract fields whose labels the header vocabulary (`hyoka.normalizers.header`)
recognises: each takes the value printed under its label, in the head's table or a later table of the sheet
(its first printing). Its `tables` are its other tables, each of the first declared kind whose fields its
header names all. The title is the value under the label read as `title` in the head's table, else the cell
right of the head; a tag printed after it (`title_tag`: ＜新規施策＞) is not part of it, but the sheet's `tag`.
Its `values` are read from its tables of the kinds declared `value_tables`, each printing one row under its
header: each field the header names takes its cell in that row, a `yearly` field one per fiscal year its
header names (a bare year, 30年度, read in the era the document prints elsewhere).

A spec declares them (`headed_sheets:`, `hyoka.specs.schema.HeadedSheetDecl`); `headed_sheets` reads
them, and names the heads printed whose sheet was not read, the required fields a sheet did not print, and
the required tables (`required_tables`) of which a sheet printed no row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hyoka import normalizers as nz
from hyoka.extractors.model import Cell, Document, Table, TextBlock
from hyoka.specs.headings import Unread, split_at_heads
from hyoka.specs.tables import circled_parts, era_years, header_fields, plain, reading_order, resolve_year, squash

if TYPE_CHECKING:
    from hyoka.specs.schema import HeadedSheetDecl


# A sheet's values: contract field -> its cell, or per fiscal year its cell.
Values = dict[str, Cell | dict[int, Cell]]


@dataclass
class HeadedSheet:
    key: str  # the head's number, without leading zeros
    level: str | None  # the head's level word (施策), when its pattern names one
    head: Cell | TextBlock  # the head's cell, or the heading line printing it and the title
    title_cell: Cell | TextBlock | None
    printed_title: str | None
    # contract field -> the value printed under its label
    fields: dict[str, Cell] = field(default_factory=dict)
    # declared kind -> the sheet's tables of that kind, in reading order
    tables: dict[str, list[Table]] = field(default_factory=dict)
    # contract field -> the value a `value_tables` table prints under its header (`yearly`: per fiscal year)
    values: Values = field(default_factory=dict)
    # the words of the tag printed after the title (新規施策), when the spec declares a `title_tag`
    tag: str | None = None

    def rows(self, kind: str, fields: list[str]) -> list[list[Cell]]:
        """The rows of its tables of a kind by field (`field_rows`), a row numbering its items in every cell
        (①検討 ②精査 | ①実施 ②実施) one per item."""
        return [part for t in self.tables.get(kind, []) for row in field_rows(t, fields) for part in circled_parts(row)]


@dataclass
class HeadedSheets:
    sheets: list[HeadedSheet]
    # The keys the document prints as a head whose sheet was not read (no labels under it).
    unread: tuple[str, ...]

    def problems(self, declared: HeadedSheetDecl) -> list[str]:
        """One sentence per required field, and per required table of which no row was read, that some sheets
        lack; and one for the heads not read."""
        if not self.sheets:
            return [f"No {declared.name} ({' / '.join(declared.fields[f] for f in declared.required)}) was found."]
        lacking = {declared.fields[f]: [s for s in self.sheets if f not in s.fields] for f in declared.required}
        lacking |= {
            words: [
                s for s in self.sheets if not any(field_rows(t, declared.tables[kind]) for t in s.tables.get(kind, []))
            ]
            for kind, words in declared.required_tables.items()
        }
        problems = []
        for words, missing in lacking.items():
            if missing:
                keys = ", ".join(s.key for s in missing)
                level = f"{missing[0].level} " if missing[0].level else ""
                problems.append(f"The {words} of the {declared.name}s of {level}{keys} was not read.")
        if self.unread:
            level = next((f"{s.level} " for s in self.sheets if s.level), "")
            problems.append(f"The {declared.name}s of {level}{', '.join(self.unread)} are headed but were not read.")
        return problems


def _key(match: re.Match[str]) -> str:
    return str(int(match["no"]))


def _has_labels(table: Table, fields: set[str]) -> bool:
    """Whether a table prints a label of the sheet's fields."""
    return any(
        (parsed := nz.header(c.text).value) is not None and parsed.field in fields for c in table.cells if c.is_header
    )


def _table_head(table: Table, head: re.Pattern[str], fields: set[str]) -> HeadedSheet | None:
    """The sheet a table heads: a head cell drawn as a header, or printed as a value under a row of labels
    (施策 | 施策名 | 所管局 | …). The title is under the `title` label when the table prints one, else right
    of the head."""
    labelled = _has_labels(table, fields)
    title_col = next((c for c, (f, _) in header_fields(table).items() if f == "title"), None)
    for cell in table.cells:
        match = head.match(squash(cell.text)) if cell.is_header or labelled else None
        if match is None:
            continue
        beside = title_col is None or cell.is_header
        title_cell = table.cell(cell.row, cell.col_end + 1 if beside else title_col)
        printed = plain(title_cell.text) if title_cell is not None else None
        return HeadedSheet(_key(match), match.groupdict().get("level"), cell, title_cell, printed)
    return None


def _heading_head(block: TextBlock, heading: re.Pattern[str] | None) -> HeadedSheet | None:
    """A heading line printing the head and the title together (施策 02 ICTを活用した…)."""
    match = heading.match(plain(block.lines[0] if block.lines else block.text)) if heading is not None else None
    if match is None or len(block.lines) > 2:
        return None
    title = plain(" ".join(block.lines)[match.start("title") :]) if block.lines else match["title"]
    return HeadedSheet(_key(match), match.groupdict().get("level"), block, block, title)


def _split_tag(sheet: HeadedSheet, title_tag: re.Pattern[str]) -> None:
    """The tag printed after the sheet's title (＜新規施策＞) taken off the title, into `tag`."""
    found = title_tag.search(sheet.printed_title) if sheet.printed_title is not None else None
    if found is not None:
        sheet.tag = found["tag"]
        sheet.printed_title = title_tag.sub("", sheet.printed_title)  # type: ignore[arg-type]


def _read_fields(table: Table, sheet: HeadedSheet, fields: set[str]) -> None:
    """The values printed under the sheet's labels in this table; a field read once stays."""
    for label in table.cells:
        parsed = nz.header(label.text).value if label.is_header else None
        name = parsed.field if parsed is not None else None
        if name not in fields or name in sheet.fields:
            continue
        value = table.cell(label.row_end + 1, label.col)
        if value is not None and not value.is_header:
            sheet.fields[name] = value


def _kind(table: Table, declared: HeadedSheetDecl) -> str | None:
    named = {f for f, _ in header_fields(table).values()}
    return next((kind for kind, fields in declared.tables.items() if set(fields) <= named), None)


def printed_heads(document: Document, head: re.Pattern[str], heading: re.Pattern[str] | None) -> set[str]:
    """The keys the document prints as a head (a head cell, or a heading line), whether or not a sheet
    under it was read."""
    found = {_key(m) for t in document.tables() for c in t.cells if (m := head.match(squash(c.text)))}
    for block in document.text_blocks() if heading is not None else ():
        if (match := heading.match(plain(block.lines[0] if block.lines else block.text))) is not None:  # type: ignore[union-attr]
            found.add(_key(match))
    return found


def headed_sheets(document: Document, declared: HeadedSheetDecl) -> HeadedSheets:
    """Every sheet the document prints, in reading order (see the module's docstring)."""
    head = re.compile(declared.head)
    heading = re.compile(declared.heading) if declared.heading else None
    fields = set(declared.fields)
    items = reading_order(document)

    def opens(i: int, current: HeadedSheet | None) -> HeadedSheet | Unread | None:
        """The sheet an item heads; `Unread.HEAD` for a head whose sheet is not read, so that the tables after
        it are not taken for the previous sheet's."""
        block, table = items[i].block, items[i].table
        if block is not None:
            opened = _heading_head(block, heading)
            following = items[i + 1].table if i + 1 < len(items) else None
            if opened is not None and following is not None and _has_labels(following, fields):
                return opened
            if opened is not None and (current is None or opened.key != current.key):
                return Unread.HEAD  # a head not over a labels table (a repeated head of the current sheet stays)
            return None
        assert table is not None
        opened = _table_head(table, head, fields)
        if opened is None and any(head.match(squash(c.text)) for c in table.cells):
            return Unread.HEAD  # a head the reading cannot take as one
        return opened

    found = split_at_heads(items, opens)
    for section in found:
        sheet = section.heading
        if section.head.table is not None:
            _read_fields(section.head.table, sheet, fields)
        for table in (item.table for item in section.items if item.table is not None):
            _read_fields(table, sheet, fields)
            if (kind := _kind(table, declared)) is not None:
                sheet.tables.setdefault(kind, []).append(table)
    sheets = [section.heading for section in found]
    if declared.title_tag is not None:
        title_tag = re.compile(declared.title_tag)
        for sheet in sheets:
            _split_tag(sheet, title_tag)
    known_years = era_years(document) if declared.value_tables else set()
    for sheet in sheets:
        for table in (t for kind in declared.value_tables for t in sheet.tables.get(kind, [])):
            row_values(table, set(declared.yearly), known_years, sheet.values)
    unread = printed_heads(document, head, heading) - {s.key for s in sheets}
    return HeadedSheets(sheets, tuple(sorted(unread, key=int)))


def field_rows(table: Table, fields: list[str]) -> list[list[Cell]]:
    """A sheet's table as rows of the fields' cells, in the fields' order: each data row that prints every
    field in a cell of its own, up to the first row holding a header cell (a band printed below)."""
    col = {f: c for c, (f, _) in header_fields(table).items()}
    if any(f not in col for f in fields):
        return []
    rows = []
    for r in range(table.header_rows, table.n_rows):
        row = table.row(r)
        if not row or any(c.is_header for c in row):
            break
        cells = [table.cell(r, col[f]) for f in fields]
        if all(c is not None and c.row == r for c in cells) and len({id(c) for c in cells}) == len(fields):
            rows.append([c for c in cells if c is not None])
    return rows


def row_values(table: Table, yearly: set[str], known_years: set[int], values: Values) -> None:
    """The row under a table's header into `values` (a later table's value replaces one read before); a
    `yearly` field's cell by the fiscal year its header names (a year not resolved: not read)."""
    for col, (name, header) in header_fields(table).items():
        cell = table.cell(table.header_rows, col)
        if cell is None:
            continue
        if name not in yearly:
            values[name] = cell
        elif (year := resolve_year(header, known_years)) is not None:
            by_year = values.setdefault(name, {})
            if isinstance(by_year, dict):
                by_year[year] = cell
