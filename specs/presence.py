"""`presence`: a record printed in two places is in both (a measure listed has a detail sheet, and the
reverse), or a mark one place prints on a record agrees with the record being in the other (a sheet's ○
and the 再掲 list of that mark). Both places are records a hook registered (`Records`); per key either
place holds (with the first's `mark`: per record of the first printing the mark), a `same_fact` case: held
(marked) against held, each with the cell evidencing it (a record the second place lacks: where that
place prints its records, else the first's evidence).

A place not read (`Records.unread`, or a `named` set none of the registered ones is) or a record seen but
not read (`Records.unread_keys`) makes the case not computable with the reason, never a mismatch. A record
its place tags (`tagged`: ＜新規施策＞) that the declared places lack (having read records) may stand
outside the other place: judged under both readings, counted once or not at all, by the declared rule.
"""

from __future__ import annotations

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, FigureCase, FigureRule, SameFactCase
from hyoka.extractors.model import Cell, TextBlock
from hyoka.specs.locate import not_read
from hyoka.specs.output import Case
from hyoka.specs.records import Fact, Records
from hyoka.specs.schema import Presence, PresencePlace, TaggedAbsence
from hyoka.specs.tables import where


def _named(place: PresencePlace, registered: dict[str, list[Records]]) -> list[Records]:
    """The place's sets: every one registered, or the one whose place names the word (none: an unread set)."""
    sets = registered.get(place.records, [])
    if place.named is None:
        return sets
    named = next((s for s in sets if place.named in s.place), None)
    return (
        [named]
        if named is not None
        else [Records(place.otherwise, unread=not_read(place.unread.format(place=place.otherwise)))]
    )


def _evidence(record: dict[str, Fact] | None, fact: str) -> Cell | TextBlock | None:
    printed = record.get(fact) if record is not None else None
    return printed if isinstance(printed, Cell | TextBlock) else None


def _tagged(record: dict[str, Fact] | None, tagged: TaggedAbsence) -> bool:
    tag = record.get(tagged.tag) if record is not None else None
    return isinstance(tag, Cell | TextBlock) and any(word in tag.text for word in tagged.words)


def _stands_outside(check: Presence, key: str, record: dict[str, Fact] | None, lists: list[Records]) -> bool:
    """Whether the record is tagged and the places it may be absent from, having read records, lack it."""
    return (
        check.tagged is not None
        and _tagged(record, check.tagged)
        and any(s.records for s in lists)
        and all(key not in s.records for s in lists)
    )


def presence_cases(check: Presence, registered: dict[str, list[Records]], rules: dict[str, FigureRule]) -> list[Case]:
    """The check's cases over every pair of the two places' sets (see the module's docstring)."""
    cases: list[Case] = []
    absent_from = registered.get(check.tagged.absent_from, []) if check.tagged is not None else []
    for first in registered.get(check.first.records, []):
        for second in _named(check.second, registered):
            keys = [*first.records] if check.first.mark else [*dict.fromkeys([*first.records, *second.records])]
            for key in keys:
                one, two = first.records.get(key), second.records.get(key)
                anchor = _evidence(one, check.first.value) or _evidence(two, check.second.value)
                if anchor is None:
                    continue  # the first place prints no mark for this record
                held = bool(nz.flag(anchor.text).value) if check.first.mark else one is not None
                fields = {"key": key, "place": second.place}
                scope, case_key = check.scope.format(**fields), check.key.format(**fields)
                # The tagged record: the first's (its mark), else the second's where the first lacks it.
                tagged = one if check.first.mark else two if one is None else None
                if (
                    check.tagged is not None
                    and second.unread is None
                    and _stands_outside(check, key, tagged, absent_from)
                ):
                    at = where(anchor)
                    stated = Figure(0.0, check.tagged.absent, at, "exact", check.tagged.absent_label)
                    counted = held if check.first.mark else True
                    established = (Figure(1.0, "○", at, "exact", check.tagged.present_label),) if counted else ()
                    rule = rules[check.tagged.rule]
                    cases.append(FigureCase(rule, f"{scope}{check.tagged.note}", stated, established, case_key, ((),)))
                    continue
                # A record the second place lacks: where that place (a named list) prints its records.
                listed = (r for r in second.records.values() if _evidence(r, check.second.value) is not None)
                elsewhere = _evidence(next(listed, None), check.second.value) if check.second.named else None
                other = _evidence(two, check.second.value) or elsewhere or anchor
                unread = first.unread or second.unread
                unread = unread or (second.unread_keys.get(key) if two is None else None)
                unread = unread or (first.unread_keys.get(key) if one is None else None)
                cases.append(
                    SameFactCase(
                        check.kind,
                        scope,
                        case_key,
                        held,
                        where(anchor),
                        two is not None,
                        where(other),
                        check.words,
                        unread,
                    )
                )
    return cases
