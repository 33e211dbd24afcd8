import json

from hyoka.audit.bands import Band
from hyoka.audit.engine import aggregate, evaluate
from hyoka.audit.rules import (
    DuplicateCase,
    Figure,
    FigureCase,
    FigureRule,
    GradeCase,
    GradeRule,
    SameFactCase,
    Where,
)

MID_TERM = GradeRule(
    rule_id="mid_term_mean_bands",
    grade_type="mid_term",
    words="mean of the yearly achievement rates; A >= 120, B 90–<120, C < 90",
    aggregate="mean",
    bands=(Band("A", low=120), Band("B", low=90, high=120), Band("C", high=90)),
)
P3 = Where(page=3, bbox=(10, 10, 50, 20))


def pct(value: float | None, text: str | None = None, page: int = 3) -> Figure:
    return Figure(value, text if text is not None else f"{value:g}%", Where(page=page, bbox=(0, 0, 1, 1)))


def test_grade_case_gives_a_grade_row_and_a_stated_value_check() -> None:
    # 介護ロボットの導入支援: 47%, 60%, printed average 53%, grade C.
    case = GradeCase(MID_TERM, "C", P3, (pct(47), pct(60)), measure_key="8", stated_value=pct(53))
    grades, checks = evaluate([case])

    assert len(grades) == 1
    row = grades[0]
    assert (row["status"], row["recomputed_grade"], row["recomputed_low"], row["recomputed_high"]) == (
        "match",
        "C",
        53.0,
        54.0,
    )
    assert row["page"] == 3 and row["bbox"] == [10, 10, 50, 20]
    assert len(json.loads(row["inputs_evidence"])) == 2
    assert [c["status"] for c in checks] == ["match"]


def test_a_grade_the_inputs_do_not_support_is_a_mismatch() -> None:
    grades, checks = evaluate([GradeCase(MID_TERM, "A", P3, (pct(100), pct(94)), stated_value=pct(97))])
    assert (grades[0]["status"], grades[0]["recomputed_grade"]) == ("mismatch", "B")
    assert checks[0]["status"] == "match"


def test_missing_inputs_are_left_out_of_the_mean_and_none_is_not_computable() -> None:
    assert aggregate("mean", [pct(100), pct(None, "－")]) == pct(100).interval()
    grades, _ = evaluate([GradeCase(MID_TERM, "B", P3, (pct(None, "－"),))])
    assert grades[0]["status"] == "not_computable"


def test_summary_count_and_total() -> None:
    count_rule = FigureRule("bunya_count", "summary_count", "number of listed measures with grade A", "count")
    listed = tuple(Figure(1, "A", Where(page=5, bbox=(0, i, 1, i + 1)), rounding="exact") for i in range(4))
    stated_ok = Figure(4, "4", P3, rounding="exact")
    stated_wrong = Figure(5, "5", P3, rounding="exact")
    total_rule = FigureRule("cost_total", "column_total", "計 = Σ 事業費", "sum")
    amounts = (Figure(1616, "1,616"), Figure(2000, "2,000"))

    _, checks = evaluate(
        [
            FigureCase(count_rule, "分野1 A評価", stated_ok, listed, key="1:A"),
            FigureCase(count_rule, "分野2 A評価", stated_wrong, listed, key="2:A"),
            FigureCase(total_rule, "計 事業費", Figure(3616, "3,616", P3), amounts, key="事業費"),
        ]
    )

    assert [(c["check_id"], c["status"]) for c in checks] == [
        ("bunya_count:1:A", "match"),
        ("bunya_count:2:A", "mismatch"),
        ("cost_total:事業費", "match"),
    ]


def test_same_fact_in_two_places_and_duplicates() -> None:
    p9 = Where(page=9, bbox=(0, 0, 1, 1))
    _, checks = evaluate(
        [
            SameFactCase("list_vs_detail_rate", "施策12", "12:2019", pct(688), P3, pct(688), p9, "list vs sheet"),
            SameFactCase("list_vs_detail_rate", "施策13", "13:2019", pct(100), P3, pct(90), p9, "list vs sheet"),
            SameFactCase("department_name", "施策5", "5", "市民局", P3, "市民局 経済局", p9, "list vs sheet"),
            DuplicateCase(
                "duplicate_pid", "project list", (("観光1-1-4", P3), ("観光1-1-5", P3), ("観光1-1-4", p9)), "PIDs"
            ),
        ]
    )
    assert [(c["check_id"], c["status"]) for c in checks] == [
        ("list_vs_detail_rate:12:2019", "match"),
        ("list_vs_detail_rate:13:2019", "mismatch"),
        ("department_name:5", "mismatch"),
        ("duplicate_pid:観光1-1-4", "mismatch"),
    ]
