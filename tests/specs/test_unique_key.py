"""`unique_key` declared in a spec and run by the engine over the keys a measure map reads: a key printed
twice is one mismatch; a list that was not found is one not_computable row saying so, never silence. The
tables are written here (their keys, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Table
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import A3, page, pdf, pdf_table

SYSTEMS = (
    ("No.", "システム名"),
    ("1", "電子申請システム"),
    ("2", "文書管理システム"),
    ("2", "財務会計システム"),  # No. 2 printed again: the planted duplicate
    ("4", "庁内ネットワーク"),
)
SPEC: dict[str, Any] = {
    "profile_id": "unique_key_example",
    "description": "a list of systems",
    "detection": {},
    "tables": [
        {
            "name": "the system list",
            "label": "システム一覧",
            "key": "number",
            "columns": [{"role": "number", "words": ["No."]}, {"role": "name", "words": ["システム名"]}],
        }
    ],
    "rows": {"measures": [{"table": "the system list", "key": "number", "fields": {"title": "name"}}]},
    "checks": {
        "one number per system": {
            "check": "unique_key",
            "kind": "duplicate_measure_no",
            "population": "the system list",
            "scope": "No. of the system list",
            "words": "システムごとに番号は一つ",
        }
    },
}


def _checks(tables: list[Table]) -> list[dict[str, Any]]:
    document = pdf(page(tables=tables, size=A3))
    output = SpecProfile(validate(SPEC, "unique_key_example")).extract(document)
    return [r for r in evaluate(output.cases)[1] if r["kind"] == "duplicate_measure_no"]


def _table(rows: tuple[tuple[str, ...], ...]) -> Table:
    return pdf_table("p1-t1", rows, column=150)


def test_a_key_printed_twice_is_one_mismatch() -> None:
    (duplicate,) = _checks([_table(SYSTEMS)])
    found = (duplicate["check_id"], duplicate["status"], duplicate["stated"])
    assert found == ("duplicate_measure_no:2", "mismatch", "2")


def test_unique_keys_give_no_row() -> None:
    assert _checks([_table(SYSTEMS[:3])]) == []


def test_a_list_not_found_is_not_computable_with_the_reason() -> None:
    (unread,) = _checks([])
    assert unread["status"] == "not_computable"
    assert unread["detail"].endswith("：計算できない：システム一覧を読めていない")
