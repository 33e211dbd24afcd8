"""Records a hook read (a list's rows by measure number, the detail sheets by their head's), registered in
one form so that the engine checks them as declared: per place (`Records`), key -> fact -> the cell
printing it, or per fiscal year the cell printing it (a rate printed per year).

`same_fact` compares a fact two places print (`hyoka.specs.same_fact.record_cases`); `record_grades`
judges the grade each record states by a grade rule over the figures it prints per year, the figure printed
with the grade (an average) too; `record_value_rows` writes such figures as indicator_values rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, GradeCase, GradeRule, Where
from hyoka.extractors.model import Cell, TextBlock
from hyoka.specs.group_counts import Printing, count_figure, group_rows
from hyoka.specs.locate import not_read
from hyoka.specs.schema import GroupCounts, RecordCount, RecordGrades, RecordTag, RecordValuesMap
from hyoka.specs.tables import grade_letter, where

# What a record prints of a fact: the cell (or line) printing it, or per fiscal year the cell printing it.
Fact = Cell | TextBlock | dict[int, Cell]


@dataclass
class Records:
    """The records a hook read in one place: key -> fact -> its printing; `place`, the place as a case's
    scope names it (`{place}`; `{tag}` squashed), its figures are labelled and its rows' `place` reads."""

    place: str
    records: dict[str, dict[str, Fact]] = field(default_factory=dict)
    # Why the place was not read (none of it), and per key why a record it prints was not read.
    unread: str | None = None
    unread_keys: dict[str, str] = field(default_factory=dict)


def by_year(fact: Fact | None) -> dict[int | None, Cell | TextBlock]:
    """A fact's printings by fiscal year (None: a fact printed once)."""
    return {None: fact} if isinstance(fact, Cell | TextBlock) else dict(fact or {})


def printed_number(printed: Cell | TextBlock | None, label: str) -> Figure:
    """A printed figure at its printed rounding (233.5 -> 234), with its evidence; nothing printed: null."""
    if printed is None:
        return Figure(None, None, label=label)
    parsed = nz.quantity(printed.text).value
    return Figure(parsed.value if parsed is not None else None, printed.text, where(printed), "round", label)


def record_grade_cases(check: RecordGrades, rule: GradeRule, registered: dict[str, list[Records]]) -> list[GradeCase]:
    """Per record of the check's places stating a grade (a record printing — states none): the grade against
    the rule over its figures by year, the figure it prints with the grade as the stated value."""
    cases = []
    for places in check.records:
        for records in registered.get(places, []):
            for key, record in records.records.items():
                grade = record.get(check.grade)
                if not isinstance(grade, Cell) or (letter := grade_letter(grade)) is None:
                    continue
                years = {y: c for y, c in by_year(record.get(check.inputs)).items() if y is not None}
                inputs = tuple(printed_number(c, check.input_label.format(year=y)) for y, c in sorted(years.items()))
                stated = record.get(check.stated_value) if check.stated_value else None
                value = printed_number(stated, check.stated_label) if isinstance(stated, Cell) else None
                year = max(years, default=None)
                cases.append(GradeCase(rule, letter, where(grade), inputs, key, year, value, place=records.place))
    return cases


def record_value_rows(
    mapping: RecordValuesMap, registered: dict[str, list[Records]], value_row: Callable[..., dict[str, Any]]
) -> list[dict[str, Any]]:
    """Per record of the map's places, per fiscal year it prints the fact, an indicator_values row
    (`value_row`: the one row builder, `hyoka.specs.indicator_value_row`)."""
    rows = []
    for places in mapping.records:
        for records in registered.get(places, []):
            for key, record in records.records.items():
                printed = {y: c for y, c in by_year(record.get(mapping.fact)).items() if y is not None}
                for year, cell in sorted(printed.items()):
                    row = value_row(
                        cell,
                        indicator_name=mapping.indicator_name,
                        measure_key=key,
                        indicator_key=mapping.indicator_key,
                        fiscal_year=year,
                        metric=mapping.metric,
                        place=records.place,
                    )
                    rows.append(row | {"unit": row["unit"] or mapping.unit})
    return rows


def _tagged(record: dict[str, Fact], tagged: RecordTag | None) -> bool:
    tag = record.get(tagged.tag) if tagged is not None else None
    return tagged is not None and isinstance(tag, Cell | TextBlock) and any(w in tag.text for w in tagged.words)


def record_count_cases(
    check: RecordCount,
    cross_tab: GroupCounts,
    rule: FigureRule,
    printing: Printing,
    registered: dict[str, list[Records]],
) -> list[FigureCase]:
    """The cross-tab's total row (its `column` cell) against the records registered as `check.records`, when
    rows that part the whole are printed too; tagged records judged both counted and not."""
    rows = group_rows(cross_tab, printing.location)
    total = next((r for r in rows if r.kind == "total"), None)
    if total is None or check.column not in total.counts or not any(r.kind == "part" for r in rows):
        return []
    fields = {"table": printing.location.spec.name, "label": total.label, "context": printing.context}
    scope, key = check.scope.format(**fields), check.key.format(records=check.records, **fields)
    stated = count_figure(total.counts[check.column])
    places = registered.get(check.records, [])
    unread = next((p.unread for p in places if p.unread is not None), None) if places else not_read(check.records)
    unread_keys = [k for p in places for k in p.unread_keys]
    if unread is None and unread_keys:
        unread = not_read(check.unread_keys.format(keys="・".join(unread_keys)))
    if unread is not None:
        return [FigureCase(rule, scope, stated, (), key, unread=unread)]
    every: list[Figure] = []
    established: list[Figure] = []
    for place in places:
        for record_key, record in place.records.items():
            printed = record.get(check.value)
            at = where(printed) if isinstance(printed, Cell | TextBlock) else Where()
            every.append(Figure(1.0, check.text.format(key=record_key), at, "exact"))
            if not _tagged(record, check.tagged):
                established.append(every[-1])
    alternatives = (tuple(established),) if len(established) < len(every) else ()
    return [FigureCase(rule, scope, stated, tuple(every), key, alternatives)]
