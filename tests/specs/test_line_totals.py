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
    cases += total_column_cases(DECLARED, RULES, lines, [t.figures[3] for t in totals], [1, 2], "round", "p.1", "t2")
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


# Two 事業 blocks and the 財源 printing the same names (委託料, 計, 一般財源 again under 主な内訳), a 合計 beside
# the years. B事業's 計 of 令和6年度 is planted wrong: 40 + 10 = 50, printed 60.
REPEATED = (
    ("区分", "項目", "令和5年度", "令和6年度", "合計"),
    ("A事業", "委託料", "100", "200", "300"),
    (None, "補助金", "50", "70", "120"),
    (None, "計", "150", "270", "420"),
    ("B事業", "委託料", "30", "40", "70"),
    (None, "補助金", "20", "10", "30"),
    (None, "計", "50", "60", "110"),
    ("財源", "国庫支出金", "80", "130", "210"),
    (None, "一般財源", "120", "200", "320"),
    (None, "計", "200", "330", "530"),
    ("主な内訳", "一般財源", "10", "20", "30"),
)


def test_a_name_printed_in_several_groups_is_keyed_by_its_group() -> None:
    table = pdf_table("p1-t4", REPEATED, header_rows=1, blank=False, down={(1, 0): 3, (4, 0): 3, (7, 0): 3})
    lines = table_lines(DECLARED, table, [0, 1], [2, 3], ITEMS)
    totals = [line.figures.get(4) for line in table_lines(DECLARED, table, [0, 1], [4], ITEMS)]
    cases = list(line_total_cases(DECLARED, RULES, lines, [2, 3], "round", "p.1", "t4"))
    cases += total_column_cases(DECLARED, RULES, lines, totals, [2, 3], "round", "p.1", "t4")
    rows = evaluate(cases)[1]
    got = {case.key: (row["stated"], row["recomputed"], row["status"]) for case, row in zip(cases, rows, strict=True)}
    assert len(got) == len(cases)
    assert got == {
        "t4:A事業-計:2": ("150", "[149, 151)", "match"),  # 100 + 50
        "t4:A事業-計:3": ("270", "[269, 271)", "match"),  # 200 + 70
        "t4:B事業-計:2": ("50", "[49, 51)", "match"),  # 30 + 20, not A事業's lines
        "t4:B事業-計:3": ("60", "[49, 51)", "mismatch"),  # 40 + 10
        "t4:財源-計:2": ("200", "[199, 201)", "match"),  # 80 + 120
        "t4:財源-計:3": ("330", "[329, 331)", "match"),  # 130 + 200
        "t4:A事業-委託料:sum": ("300", "[299, 301)", "match"),
        "t4:A事業-補助金:sum": ("120", "[119, 121)", "match"),
        "t4:A事業-計:sum": ("420", "[419, 421)", "match"),
        "t4:B事業-委託料:sum": ("70", "[69, 71)", "match"),
        "t4:B事業-補助金:sum": ("30", "[29, 31)", "match"),
        "t4:B事業-計:sum": ("110", "[109, 111)", "match"),
        "t4:国庫支出金:sum": ("210", "[209, 211)", "match"),  # printed once: its name alone
        "t4:財源-一般財源:sum": ("320", "[319, 321)", "match"),
        "t4:財源-計:sum": ("530", "[529, 531)", "match"),
        "t4:主な内訳-一般財源:sum": ("30", "[29, 31)", "match"),
    }


def test_a_name_repeated_without_a_group_is_numbered() -> None:
    rows = (
        ("項目", "令和5年度", "令和6年度", "合計"),
        ("委託料", "10", "20", "30"),
        ("委託料", "5", "5", "10"),
        ("計", "15", "25", "40"),
    )
    table = pdf_table("p1-t5", rows, header_rows=1)
    lines = table_lines(DECLARED, table, [0], [1, 2], ITEMS)
    totals = [line.figures.get(3) for line in table_lines(DECLARED, table, [0], [3], ITEMS)]
    cases = list(line_total_cases(DECLARED, RULES, lines, [1, 2], "round", "p.1", "t5"))
    cases += total_column_cases(DECLARED, RULES, lines, totals, [1, 2], "round", "p.1", "t5")
    assert _verdicts(cases) == {
        "t5:計:1": "match",  # 10 + 5
        "t5:計:2": "match",  # 20 + 5
        "t5:委託料:sum": "match",
        "t5:委託料#2:sum": "match",
        "t5:計:sum": "match",
    }


# The layout of a 事業別コスト table (神戸市 事務事業評価シート): 物件費 broken down under a （内訳） label printed
# down a column (it leaves the page as （内）訳), then the cost's sources under 財源内訳 with their 計.
COSTS_AND_SOURCES = (
    ("区分", "", "項目", "令和5年度", "令和6年度"),
    ("コスト", "", "人件費", "100", "90"),
    (None, "", "物件費", "275", "408"),
    (None, "（内）訳", "委託料", "0", "8"),
    (None, None, "その他物件費", "275", "400"),
    (None, "", "減価償却費", "", ""),
    (None, "", "合計（A）", "375", "498"),
    ("財源内訳", "", "国庫支出金", "75", "98"),
    (None, "", "地方債", "100", "100"),
    (None, "", "一般財源", "200", "300"),
    (None, "", "計", "375", "500"),  # R6: 98 + 100 + 300 = 498
)
COSTS = LineTotals(
    rule="total",
    funding_rule="funding",
    cost_items=frozenset({"total"}),
    funding_items=frozenset({"national", "bonds", "general_revenue"}),
)
COST_ITEMS = {"合計": "total", "国庫": "national", "地方債": "bonds", "一般財源": "general_revenue"}


def test_a_breakdown_under_a_line_is_not_summed_and_the_sources_under_zaigen_uchiwake_are() -> None:
    table = pdf_table("p1-t5", COSTS_AND_SOURCES, header_rows=1, blank=False, down={(1, 0): 6, (3, 1): 2, (7, 0): 4})
    lines = table_lines(COSTS, table, [0, 1, 2], [3, 4], COST_ITEMS)
    assert [line.key for line in lines if line.partial_group] == ["委託料", "その他物件費"]
    cases = list(line_total_cases(COSTS, RULES, lines, [3, 4], "round", "p.1", "t5"))
    rows = evaluate(cases)[1]
    got = {case.key: (row["stated"], row["recomputed"], row["status"]) for case, row in zip(cases, rows, strict=True)}
    assert got == {
        "t5:合計:3": ("375", "[374, 376)", "match"),  # 人件費 100 + 物件費 275, not its breakdown again
        "t5:合計:4": ("498", "[497, 499)", "match"),  # 90 + 408
        "t5:計:3": ("375", "[373.5, 376.5)", "match"),  # 75 + 100 + 200
        "t5:計:4": ("500", "[496.5, 499.5)", "mismatch"),  # 98 + 100 + 300
        "t5:合計:funding:3": ("375", "[374.5, 375.5)", "match"),  # against the printed 計 of its sources
        "t5:合計:funding:4": ("498", "[499.5, 500.5)", "mismatch"),
    }


def test_a_selection_is_what_a_group_says_is_one() -> None:
    selections = ["主な内訳", "主な財源", "（内訳）", "（内）訳", "訳"]
    breakdowns = ["財源内訳", "財源の内訳", "財源", "特定財源", "コスト"]
    assert [DECLARED.is_selection(group) for group in selections] == [True] * len(selections)
    assert [DECLARED.is_selection(group) for group in breakdowns] == [False] * len(breakdowns)
