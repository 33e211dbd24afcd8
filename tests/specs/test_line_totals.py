"""Line totals (`hyoka.specs.line_totals`) on amount tables printed both ways: a total line against the lines
above it in its group, a cost against its sources of funding (one printed as a difference), a ratio written
in a label over lettered lines, and a 合計 printed beside the years; parts (うち) and selections (主な内訳)
never summed. The expected verdicts are worked out by hand from the printed figures."""

from __future__ import annotations

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import FigureRule
from hyoka.specs.line_totals import LineTotals, formula_letter, line_total_cases, table_lines, total_column_cases
from tests.specs.printed import pdf_table

RULES = {
    rule.rule_id: rule
    for rule in (
        FigureRule("total", "total", "合計は各行の合計", "sum"),
        FigureRule("funding", "funding", "事業費は財源の合計", "sum"),
        FigureRule("formula", "formula", "式の値", "sum"),
        FigureRule("ratio", "ratio", "率は X÷Y", "ratio_percent"),
    )
}
DECLARED = LineTotals(
    rule="total",
    funding_rule="funding",
    formula_rule="formula",
    ratio_rule="ratio",
    cost_items=frozenset({"project_cost"}),
    funding_items=frozenset({"national", "general_revenue"}),
    unsummed_items=frozenset({"rate"}),
)
ITEMS = {"事業費": "project_cost", "国庫": "national", "一般財源": "general_revenue", "率": "rate"}

# Years across: 事業費 over its lines (うち a part of 委託料), then 財源 and the 受益者負担 lines.
ACROSS = (
    ("区分", "項目", "令和5年度", "令和6年度"),
    ("事業費", "委託料", "100", "200"),
    (None, "うち人件費", "30", "40"),
    (None, "補助金", "50", "70"),
    (None, "事業費計 A", "150", "260"),  # R6: 200 + 70 = 270
    ("財源", "国庫支出金", "100", "130"),
    (None, "一般財源", "50", "130"),
    ("主な内訳", "一般財源", "10", "20"),  # a selection: no source of 事業費計
    ("", "受益者負担額 B", "15", "26"),
    ("", "受益者負担率 B÷A", "10.0", "10.0"),
)
# Years down, items across, a 合計 row under the years; 一般財源 printed as 事業費 less 国庫支出金.
TURNED = (
    ("年度", "事業費 A", "国庫支出金", "(差引)一般財源"),
    ("令和5年度", "300", "100", "200"),
    ("令和6年度", "400", "150", "260"),  # 400 − 150 = 250
    ("合計", "700", "250", "460"),
)


def _verdicts(cases: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {case.key: row["status"] for case, row in zip(cases, evaluate(cases)[1], strict=True)}


def test_a_table_printed_with_years_across() -> None:
    table = pdf_table("p1-t1", ACROSS, header_rows=1, blank=False, down={(1, 0): 4, (5, 0): 2})
    lines = table_lines(DECLARED, table, [0, 1], [2, 3], ITEMS)
    assert [(line.key, line.letter, line.part, line.partial_group) for line in lines][1:3] == [
        ("うち人件費", None, True, False),
        ("補助金", None, False, False),
    ]
    cases = list(line_total_cases(DECLARED, RULES, lines, [2, 3], "round", "p.1", "t1"))
    assert _verdicts(cases) == {
        "t1:事業費計:2": "match",  # 100 + 50, the part うち人件費 left out
        "t1:事業費計:3": "mismatch",
        "t1:事業費計:funding:2": "match",  # 100 + 50, not the 主な内訳 line
        "t1:事業費計:funding:3": "match",
        "t1:受益者負担率B÷A:2": "match",  # 15 ÷ 150 = 10 %
        "t1:受益者負担率B÷A:3": "match",
    }


def test_a_table_printed_with_years_down_and_a_total_beside_them() -> None:
    table = pdf_table("p1-t2", TURNED, header_rows=1, blank=False)
    lines = table_lines(DECLARED, table, [0], [1, 2], ITEMS, turned=True, first=1)
    totals = table_lines(DECLARED, table, [0], [3], ITEMS, turned=True, first=1)
    cases = list(line_total_cases(DECLARED, RULES, lines, [1, 2], "round", "p.1", "t2"))
    for line, total in zip(lines, totals, strict=True):
        cases += total_column_cases(DECLARED, RULES, line, total.figures[3], [1, 2], "round", "p.1", "t2")
    assert _verdicts(cases) == {
        "t2:(差引)一般財源:1": "match",  # 300 − 100
        "t2:(差引)一般財源:2": "mismatch",
        "t2:事業費:sum": "match",
        "t2:国庫支出金:sum": "match",
        "t2:(差引)一般財源:sum": "match",
    }


def test_one_source_alone_is_no_breakdown_of_the_cost() -> None:
    rows = (("項目", "令和6年度"), ("事業費", "500"), ("一般財源", "200"))
    lines = table_lines(DECLARED, pdf_table("p1-t3", rows, header_rows=1), [0], [1], ITEMS)
    assert list(line_total_cases(DECLARED, RULES, lines, [1], "round", "p.1", "t3")) == []


def test_a_label_letters_its_line_unless_it_writes_a_formula() -> None:
    assert [formula_letter(t) for t in ("事業費 A", "合計（B）", "受益者負担率 B÷A", "差引 A-B", "CO2")] == [
        "A",
        "B",
        None,
        None,
        None,
    ]
