"""Values printed one per named column (`rows: column_values`, `hyoka.specs.column_values`), on a table
written here (its values, and so their truth, are this module's): each value column of a row an indicator
value named by the row and the column's header as printed, keyed by the row's number and that header, a
qualifier word of the header on every figure of its column, in the report's year, and the figures of one
column the population a stated count counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Document, Page, TextBlock
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import pdf_table

SPEC: dict[str, Any] = {
    "profile_id": "column_values_example",
    "description": "a table of tasks and their savings",
    "detection": {"title": {"words": ["取組状況"], "weight": 0.5}},
    "tables": [
        {
            "name": "the trial table",
            "label": "実証実験の表",
            "key": "task",
            "columns": [
                {"role": "number", "words": ["No"], "required": False},
                {"role": "task", "words": ["対象業務"]},
                {"role": "time", "words": ["削減時間"]},
                {"role": "rate", "words": ["削減率"]},
            ],
        }
    ],
    "rows": {
        "column_values": [
            {
                "table": "the trial table",
                "name": "task",
                "number": "number",
                "columns": ["time", "rate"],
                "qualifiers": ["想定"],
                "key": "T{number}:{header}",
                "place": "実証実験",
                "population": {"name": "rates", "column": "rate"},
            }
        ]
    },
    "rules": {"figures": [{"id": "tasks", "kind": "sentence_count", "words": "業務数", "aggregate": "count"}]},
    "checks": {
        "tasks measured": {
            "check": "stated_in_text",
            "rule": "tasks",
            "pattern": r"(\d+)\s*業務で削減率を測定",
            "population": "rates",
        }
    },
}
# 想定削減率 before 年間想定削減時間; one task's rate not measured (－).
TRIAL = (
    ("No", "対象業務", "想定削減率", "年間想定削減時間"),
    ("1", "給与支払報告書の入力", "80%", "1,200分"),
    ("2", "口座振替の照合", "65%", "300分"),
    ("3", "住所変更の入力", "－", "90分"),
)


@pytest.fixture(scope="module")
def output() -> ProfileOutput:
    title, sentence = "令和2年度 取組状況", "3業務で削減率を測定しました。"  # 2 rates printed: a planted mismatch
    blocks = [TextBlock(t, [t], 1, (50, y, 400, y + 15)) for t, y in ((title, 40), (sentence, 70))]
    page = Page(1, 595, 842, tables=[pdf_table("t1", TRIAL, top=100)], text_blocks=blocks)
    profile = SpecProfile(validate(SPEC, "column_values_example"))
    return profile.extract(Document(Path("trial.pdf"), "pdf", pages=[page]))


def test_each_value_column_of_a_row_is_a_value(output: ProfileOutput) -> None:
    values = {
        r["indicator_key"]: (r["indicator_name"], r["value"], r["unit"], r["qualifier"], r["fiscal_year"], r["place"])
        for r in output.indicator_values
    }
    assert values == {
        "T1:想定削減率": ("給与支払報告書の入力 想定削減率", 80.0, "%", "想定", 2020, "実証実験"),
        "T1:年間想定削減時間": ("給与支払報告書の入力 年間想定削減時間", 1200.0, "分", "想定", 2020, "実証実験"),
        "T2:想定削減率": ("口座振替の照合 想定削減率", 65.0, "%", "想定", 2020, "実証実験"),
        "T2:年間想定削減時間": ("口座振替の照合 年間想定削減時間", 300.0, "分", "想定", 2020, "実証実験"),
        "T3:想定削減率": ("住所変更の入力 想定削減率", None, None, "想定", 2020, "実証実験"),
        "T3:年間想定削減時間": ("住所変更の入力 年間想定削減時間", 90.0, "分", "想定", 2020, "実証実験"),
    }


def test_a_columns_figures_are_the_population_a_check_counts(output: ProfileOutput) -> None:
    _, checks = evaluate(output.cases)
    assert [(r["status"], r["recomputed"]) for r in checks] == [("mismatch", "[2, 2]")]  # 3 stated
