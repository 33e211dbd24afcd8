"""A judgement decided by marked criteria, declared in a spec (`marked_criteria:`, `hyoka.specs.marked_criteria`):
criteria rows labelled 基準1… (a form) or numbered under a 基準 heading (a plain table), the mark column by its
header or by where marks are printed, the stated 判定 beside its label or under it in a later table, each mark
a stated grade and the 判定 a decision over them; one sentence for what is not printed. The sheets and their
truth are this module's."""

from __future__ import annotations

from typing import Any

from hyoka.audit.rules import GradeCase
from hyoka.extractors.model import Cell, Document, Evidence, Sheet, Table
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate

CIRCLE = ["○", "◯"]
SPEC: dict[str, Any] = {
    "profile_id": "criteria_example",
    "description": "a judgement decided by marked criteria",
    "detection": {},
    "rules": {
        "grades": [
            {
                "id": "judgement",
                "grade_type": "judgement",
                "words": "基準1が○で基準2〜3に○があればa、それ以外はb",
                "aggregate": "decision",
                "decisions": [
                    {
                        "outcome": "a",
                        "when": [
                            {"labels": ["基準1"], "marks": CIRCLE},
                            {"labels": ["基準2", "基準3"], "marks": CIRCLE, "quantifier": "any"},
                        ],
                    },
                    {"outcome": "b"},
                ],
            },
            {
                "id": "criterion",
                "grade_type": "judgement_criterion",
                "words": "印は評価者の判断",
                "aggregate": "stated",
            },
        ]
    },
    "marked_criteria": [
        {
            "name": "取組の分析",
            "criterion": "基準",
            "mark_headers": ["○"],
            "marks": ["○", "◯", "△", "×"],
            "judgement": "判定",
            "rule": "judgement",
            "criterion_rule": "criterion",
            "place": "取組の分析",
        }
    ],
}


def _table(rows: list[list[str]], name: str) -> Table:
    # Every slot a cell, blank ones too, as the format model gives a workbook's sheet.
    cells = [
        Cell(r, c, text=text, value_text=text, evidence=Evidence(sheet="S", cell=f"{name}R{r}C{c}"))
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    return Table(name, cells, n_rows=len(rows), n_cols=max(len(row) for row in rows), sheet="S")


def _cases(*tables: Table) -> tuple[list[GradeCase], list[str]]:
    document = Document(path=None, format="xlsx", sheets=[Sheet("調書", tables=list(tables))])  # type: ignore[arg-type]
    output = SpecProfile(validate(SPEC, "criteria_example")).extract(document)
    cases = [c for c in output.cases if isinstance(c, GradeCase)]
    return cases, [p for p in output.problems if "fiscal year" not in p]


def _read(cases: list[GradeCase]) -> tuple[dict[str | None, str | None], tuple[str | None, list[tuple[str, Any]]]]:
    marks = {c.indicator_key: c.stated_grade for c in cases if c.rule.grade_type == "judgement_criterion"}
    (judged,) = [c for c in cases if c.rule.grade_type == "judgement"]
    return marks, (judged.stated_grade, [(f.label, f.text) for f in judged.inputs])


def test_a_form_with_a_headed_mark_column_and_the_judgement_beside_its_label() -> None:
    # Each group of criteria under a line starting 基準…, whose header explains the marks; the rule printed
    # beside 判定 names letters too, the letter alone is the judgement.
    form = _table(
        [
            ["基準1 成果指標の達成度合", "", "(○→達成している)"],
            ["1", "成果指標は達成している", "○"],
            ["基準2〜3 取組の状況", "", "(○→対応している)"],
            ["2", "事業は見直した", ""],
            ["3", "連携している", "○"],
            ["判定", "基準1が○で基準2〜3に○があればa", "a"],
        ],
        "form",
    )
    cases, problems = _cases(form)
    assert problems == []
    marks, judged = _read(cases)
    assert marks == {"基準1": "○", "基準2": None, "基準3": "○"}
    assert judged == ("a", [("基準1", "○"), ("基準2", ""), ("基準3", "○")])


def test_a_plain_table_numbered_under_its_heading_with_the_judgement_in_a_later_table() -> None:
    criteria = _table([["基準", "内容", "評価"], ["1", "達成", "△"], ["2", "見直し", "○"], ["3", "連携", ""]], "c")
    judgement = _table([["判定"], ["B"]], "j")
    marks, judged = _read(_cases(criteria, judgement)[0])
    # No header explains the marks: the column where the rows print them.
    assert marks == {"基準1": "△", "基準2": "○", "基準3": None}
    assert judged == ("B", [("基準1", "△"), ("基準2", "○"), ("基準3", "")])


def test_criteria_not_printed_or_no_judgement_letter_is_one_sentence() -> None:
    assert _cases(_table([["施策名", "x"]], "t"))[1] == ["No 取組の分析 (基準…, 判定) was found."]
    criteria = _table([["基準", "評価"], ["1", "○"], ["2", "○"], ["判定", ""]], "c")
    cases, problems = _cases(criteria)
    assert problems == ["取組の分析 prints no 判定 letter."]
    assert [c.stated_grade for c in cases] == ["○", "○"]
