"""`presence`: a record printed in two places is in both, or a mark one place prints agrees with the record
being in the other; a place not read is not computable, a record tagged new may stand outside. The records
are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Evidence
from hyoka.specs.presence import presence_cases
from hyoka.specs.records import Records
from hyoka.specs.schema import Presence, validate

TAGGED: dict[str, Any] = {
    "tag": "tag",
    "words": ["新規"],
    "absent_from": "list",
    "absent": "一覧に載らない",
    "note": "（新規）",
    "absent_label": "rows in the list",
    "present_label": "the sheet",
}
SPEC: dict[str, Any] = {
    "profile_id": "presence_example",
    "description": "a measure list, its 再掲 list and its detail sheets",
    "detection": {},
    "rules": {
        "figures": [
            {"id": "in_list", "kind": "measure_in_list", "words": "個票の施策は一覧に載る", "aggregate": "count"},
            {"id": "in_relisted", "kind": "mark_vs_relisted", "words": "○は再掲一覧に載る", "aggregate": "count"},
        ]
    },
    "checks": {
        "listed and on a sheet": {
            "check": "presence",
            "kind": "measure_in_list",
            "words": "一覧の施策には個票があり、個票の施策は一覧に載る",
            "first": {"records": "list", "value": "title"},
            "second": {"records": "sheets", "value": "head"},
            "scope": "施策{key} 掲載",
            "tagged": TAGGED | {"rule": "in_list"},
        },
        "mark and 再掲 list": {
            "check": "presence",
            "kind": "mark_vs_relisted",
            "words": "個票で○の施策は再掲一覧に載る",
            "first": {"records": "sheets", "value": "mark", "mark": True},
            "second": {"records": "relisted", "value": "title", "named": "データ", "otherwise": "データの再掲"},
            "scope": "施策{key} ○（{place}）",
            "key": "{key}:mark",
            "tagged": TAGGED | {"rule": "in_relisted"},
        },
    },
}


def _cell(text: str, page: int, row: int = 0) -> Cell:
    return Cell(row, 1, text=text, evidence=Evidence(page=page, bbox=(50, 100 + 20 * row, 200, 115 + 20 * row)))


def _sheet(page: int, mark: str, tag: str | None = None) -> dict[str, Cell]:
    sheet = {"head": _cell("施策", page), "mark": _cell(mark, page, 3)}
    return sheet | ({"tag": _cell(tag, page)} if tag is not None else {})


# The list prints 施策 1, 2, 4; the sheets 1, 3 (tagged new), 4 and 5 (untagged); 施策 2's sheet was headed
# but not read. The 再掲 list holds 1 and 5; sheet 1 marks ○ (listed: agrees), 4 nothing (agrees), 5 nothing
# (relisted: planted), 3 ○ (new, outside the list: both readings).
LIST = Records("list", {no: {"title": _cell(f"施策{no}", 2, int(no))} for no in ("1", "2", "4")})
SHEETS = Records(
    "sheet",
    {"1": _sheet(5, "○"), "3": _sheet(7, "○", "新規施策"), "4": _sheet(8, ""), "5": _sheet(9, "")},
    unread_keys={"2": "施策2の個票を読めていない"},
)
RELISTED = Records("データの再掲", {no: {"title": _cell(f"施策{no}", 3, int(no))} for no in ("1", "5")})


def _check(name: str) -> Presence:
    check = validate(SPEC, "presence_example").checks[name]
    assert isinstance(check, Presence)
    return check


def _statuses(name: str, registered: dict[str, list[Records]]) -> dict[str, tuple[str, str]]:
    spec = validate(SPEC, "presence_example")
    rules = {r.id: r.rule() for r in spec.rules.figures}
    rows = evaluate(presence_cases(_check(name), registered, rules))[1]
    return {r["check_id"].split(":", 1)[1]: (r["scope"], r["status"]) for r in rows}


def test_a_key_one_place_lacks_is_a_mismatch_unless_its_record_was_not_read_or_is_tagged_new() -> None:
    statuses = _statuses("listed and on a sheet", {"list": [LIST], "sheets": [SHEETS]})
    assert statuses == {
        "1": ("施策1 掲載", "match"),
        "2": ("施策2 掲載", "not_computable"),  # its sheet headed but not read
        "4": ("施策4 掲載", "match"),
        "3": ("施策3 掲載（新規）", "ambiguous"),  # tagged new: counted once or not at all
        "5": ("施策5 掲載", "mismatch"),
    }


def test_a_place_not_read_makes_every_case_not_computable() -> None:
    unread = Records("list", unread="一覧を読めていない")
    statuses = _statuses("listed and on a sheet", {"list": [unread], "sheets": [SHEETS]})
    assert {s for _, s in statuses.values()} == {"not_computable"}
    assert set(statuses) == {"1", "3", "4", "5"}  # the tag is no reading without the list


def test_a_mark_is_checked_against_the_named_list() -> None:
    statuses = _statuses("mark and 再掲 list", {"list": [LIST], "sheets": [SHEETS], "relisted": [RELISTED]})
    assert statuses == {
        "1:mark": ("施策1 ○（データの再掲）", "match"),
        "3:mark": ("施策3 ○（データの再掲）（新規）", "ambiguous"),
        "4:mark": ("施策4 ○（データの再掲）", "match"),
        "5:mark": ("施策5 ○（データの再掲）", "mismatch"),
    }


def test_without_the_named_list_the_marks_are_not_computable() -> None:
    other = Records("先端の再掲", RELISTED.records)
    statuses = _statuses("mark and 再掲 list", {"list": [LIST], "sheets": [SHEETS], "relisted": [other]})
    assert {s for _, s in statuses.values()} == {"not_computable"}
    assert statuses["1:mark"][0] == "施策1 ○（データの再掲）"  # named as the spec words the list not found
