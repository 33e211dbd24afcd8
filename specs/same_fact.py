"""`same_fact` between located tables: the same fact printed in two places must agree.

A check declares each place as a declared table, the role whose cell keys a row and the role whose cell
prints the fact. With two places, the rows are joined by key: per key both print, the first printing in
each place against the other (a key printed in one place only makes no case: a place may cover part of
the other). With one place, the rows of a key print one fact: the key's first printing against the
first that differs from it (or against itself). A place whose table was not read, or whose printing keys
its rows neither by a column nor by group rows spanning the table, makes the check `not_computable` with
the reason, never a mismatch and never silence; a place declared `if_printed` that the document does not
print makes no case. The second place may be a declared sheet's field instead, each sheet
keyed by the row it is the record of (`row_of`). Either place may be records a hook read and registered
(`Records`: a list's rows by measure number, detail sheets by their head's), joined by key as rows are:
per fact both records print (a fact printed per year: per year both print), a case.
"""

from __future__ import annotations

import re
from dataclasses import replace

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, SameFactCase, Where
from hyoka.extractors.model import Cell, TextBlock
from hyoka.specs.locate import Inventory, Location, TableSpec, not_read
from hyoka.specs.records import Fact, Records, by_year, printed_number
from hyoka.specs.schema import FactPlace, RecordPlace, SameFact, SheetPlace
from hyoka.specs.sheets import SheetRecord
from hyoka.specs.tables import grade_letter, organisation_names, plain, squash, where, wording_key


def printed_facts(located: dict[str, list[Location]], place: FactPlace) -> list[tuple[str, Cell]]:
    """(key, fact cell) per data row of every printing of the place's table that prints its key and fact (a
    blank cell prints no fact: a merged cell broken by a page break leaves it blank atop the next page); the
    key is the row's group row where the printing has no column for it."""
    facts = []
    for location in located[place.table]:
        for row in location.rows:
            # A printing with group rows spanning the table instead of the key's column (■ 観光 above its
            # rows) keys each row by its group row.
            key_cell = row.cell(place.key) if place.key in row.part.columns else row.group
            fact_cell = row.cell(place.value)
            if place.lines is not None and fact_cell is not None:
                facts += line_facts(fact_cell, place.lines)
                continue
            if key_cell is not None and fact_cell is not None and plain(key_cell.text) and plain(fact_cell.text):
                facts.append((plain(key_cell.text), fact_cell))
    return facts


def line_facts(cell: Cell, pattern: str) -> list[tuple[str, Cell]]:
    """(key, fact) per line of a cell printing one fact per line, by the pattern's `key` and `fact` groups;
    the fact a copy of the cell printing it alone (its evidence the cell's)."""
    matches = (re.search(pattern, plain(line)) for line in cell.lines or [cell.text])
    return [(plain(m["key"]), replace(cell, text=m["fact"])) for m in matches if m is not None and plain(m["key"])]


def unkeyed(located: dict[str, list[Location]], place: FactPlace) -> str | None:
    """What of the rows printing the place's fact could not be read, when they cannot be keyed: a printing
    with no column for the key (an optional column left out) and no group row above those rows."""
    for location in located[place.table]:
        for row in location.rows:
            fact_cell = row.cell(place.value)
            if place.key in row.part.columns or row.group is not None or fact_cell is None or not plain(fact_cell.text):
                continue
            column = next((c.words[0] for c in location.spec.columns if c.role == place.key), place.key)
            # Printed neither as a column nor as group rows spanning the table.
            return not_read(f"{location.spec.label_words()}の行の{column}")
    return None


def same_fact_cases(
    check: SameFact,
    tables: dict[str, TableSpec],
    inventory: Inventory,
    located: dict[str, list[Location]],
    sheets: dict[str, list[tuple[str, SheetRecord]]] | None = None,
) -> list[SameFactCase]:
    """The check's cases: per key, one fact against the other (see the module's docstring); `sheets`, each
    declared sheet's records keyed by the rows they are paired with."""
    assert check.first is not None
    places = [p for p in (check.first, check.second) if isinstance(p, FactPlace)]
    if any(p.if_printed and not located[p.table] for p in places):
        return []  # a table an edition may leave out, not printed: nothing to compare
    scope = check.scope.format(key=" / ".join(p.table for p in places))
    unread = inventory.unread(*(tables[p.table] for p in places))
    if unread is not None:
        return [SameFactCase(check.kind, scope, "", None, Where(), None, Where(), check.words, unread=unread)]
    first = printed_facts(located, check.first)
    if check.second is None:
        pairs = _within(first, check.compare)
    else:
        if isinstance(check.second, SheetPlace):
            facts = sheet_facts((sheets or {}).get(check.second.sheet, []), check.second)
        else:
            facts = printed_facts(located, check.second)
        second = dict(reversed(facts))  # each key's first printing
        seen: set[str] = set()
        pairs = []
        for key, cell in first:
            if key in second and key not in seen:
                seen.add(key)
                pairs.append((key, cell, second[key]))
    # Rows a place prints but cannot key: the check is not computable for them (the other keys still pair).
    cases = [
        SameFactCase(check.kind, scope, p.table, None, Where(), None, Where(), check.words, unread=reason)
        for p in places
        if (reason := unkeyed(located, p)) is not None
    ]
    for key, one, other in pairs:
        one_text, other_text = _fact(one, check.compare), _fact(other, check.compare)
        if check.compare == "wording" and wording_key(one_text) == wording_key(other_text):
            other_text = one_text
        if check.compare in ("spacing", "names") and squash(one_text) == squash(other_text):
            other_text = one_text
        cases.append(
            SameFactCase(
                check.kind,
                check.scope.format(key=key),
                check.key.format(key=key),
                one_text,
                where(one),
                other_text,
                where(other),
                check.words,
            )
        )
    return cases


def _fact(cell: Cell, compare: str) -> str:
    """A printed fact as compared: its text, or (`names`) the names it lists, joined."""
    return "、".join(nz.names(cell.text).value or ()) if compare == "names" else plain(cell.text)


def sheet_facts(records: list[tuple[str, SheetRecord]], place: SheetPlace) -> list[tuple[str, Cell]]:
    """(key, fact cell) per sheet printing the place's field, keyed by the row it is paired with."""
    return [
        (key, cell)
        for key, record in records
        if (cell := record.fields.get(place.value)) is not None and plain(cell.text)
    ]


def _within(facts: list[tuple[str, Cell]], compare: str) -> list[tuple[str, Cell, Cell]]:
    """Per key, its first printing and the first printing that differs from it (else the first again)."""

    def fact(cell: Cell) -> str:
        return wording_key(cell.text) if compare == "wording" else plain(cell.text)

    first: dict[str, Cell] = {}
    other: dict[str, Cell] = {}
    for key, cell in facts:
        opening = first.setdefault(key, cell)
        if key not in other and fact(cell) != fact(opening):
            other[key] = cell
    return [(key, cell, other.get(key, cell)) for key, cell in first.items()]


# One printing of a fact a hook read: the fact, and where it is printed.
Printing = tuple[Figure | str | bool | None, Where]


def same_fact_case(
    check: SameFact,
    scope: str,
    key: str,
    first: Printing,
    second: Printing,
    unread: str | None = None,
    why: str | None = None,
) -> SameFactCase:
    """A case of a declared check without places: a hook reads both printings (places no declared table
    holds); `why` adds to the check's words."""
    words = f"{check.words} ({why})" if why else check.words
    return SameFactCase(check.kind, scope, key, first[0], first[1], second[0], second[1], words, unread)


def compared(printed: Cell | TextBlock, check: SameFact, label: str) -> Figure | str | None:
    """A printed fact as the check compares it (see `SameFact.compare`)."""
    if check.compare == "number":
        return printed_number(printed, label)
    if check.compare == "grade":
        return grade_letter(printed) if isinstance(printed, Cell) else None
    if check.compare == "organisations":
        names = organisation_names(printed, check.endings) if isinstance(printed, Cell) else None
        return " | ".join(names) if names is not None else None
    return squash(plain(printed.text)) if check.compare == "name" else plain(printed.text)


def _alike(records: tuple[dict[str, Fact], dict[str, Fact]], fact: str) -> bool:
    """Whether both records print a fact, and print it alike (every year's text)."""
    one, two = ({y: squash(c.text) for y, c in by_year(r.get(fact)).items()} for r in records)
    return bool(one) and one == two


def record_cases(check: SameFact, registered: dict[str, list[Records]]) -> list[SameFactCase]:
    """The check over two places of records: per key both hold, per fact (per year) both print, a case;
    none where both print `unless_same`'s facts alike. Scope and key name `{key}`, `{year}`, `{place}`
    (the first place) and `{tag}`."""
    assert isinstance(check.first, RecordPlace) and isinstance(check.second, RecordPlace)
    cases: list[SameFactCase] = []
    for first in registered.get(check.first.records, []):
        for second in registered.get(check.second.records, []):
            for key, record in first.records.items():
                other = second.records.get(key)
                if other is None or (check.unless_same and _alike((record, other), check.unless_same)):
                    continue
                one, two = by_year(record.get(check.first.value)), by_year(other.get(check.second.value))
                for year in sorted(set(one) & set(two), key=lambda y: y or 0):
                    fields = {"key": key, "year": year, "place": first.place, "tag": squash(first.place)}
                    cases.append(
                        same_fact_case(
                            check,
                            check.scope.format(**fields),
                            check.key.format(**fields),
                            (compared(one[year], check, first.place), where(one[year])),
                            (compared(two[year], check, second.place), where(two[year])),
                        )
                    )
    return cases
