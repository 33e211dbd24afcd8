"""The `line_totals` check of docs/PROFILES.md, read from the page, on an amount table printed here: the
years across, 区分 labelling the lines' groups (事業費, 財源, 主な内訳) and a 合計 column. The expected verdicts
are worked out by hand from the printed figures: 事業費計 of 令和6年度 is planted wrong (200 + 70 = 270, printed
260), the 財源 lines add up to 事業費計, the 主な内訳 line (a selection) is nobody's part and 受益者負担率
B÷A is 受益者負担額 over 事業費計."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from hyoka.audit.engine import evaluate
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table
from tests.specs.test_line_totals import REPEATED

DOC = Path(__file__).parents[2] / "docs" / "PROFILES.md"

ROWS = (
    ("区分", "項目", "令和5年度", "令和6年度", "合計"),
    ("事業費", "委託料", "100", "200", "300"),
    (None, "うち人件費", "30", "40", "70"),  # a part of 委託料: no line of the total
    (None, "補助金", "50", "70", "120"),
    (None, "事業費計 A", "150", "260", "410"),  # R6: 200 + 70 = 270, printed 260
    ("財源", "国庫支出金", "100", "130", "230"),
    (None, "一般財源", "50", "130", "180"),
    ("主な内訳", "一般財源のうち基金充当", "10", "20", ""),  # a selection: no source of 事業費計
    ("", "受益者負担額 B", "15", "26", "41"),
    ("", "受益者負担率 B÷A", "10.0%", "10.0%", ""),
)


def example() -> dict[str, Any]:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    block = next(b for b in blocks if "check: line_totals" in b)
    return {"profile_id": "line_totals_example", "description": "an amount table", "detection": {}} | yaml.safe_load(
        block
    )


def verdicts(spec: dict[str, Any]) -> dict[str, tuple[str, str]]:
    table = pdf_table("p1-t1", ROWS, header_rows=1, blank=False, down={(1, 0): 4, (5, 0): 2})
    output = SpecProfile(validate(spec, "line_totals_example")).extract(pdf(page(tables=[table])))
    return {r["check_id"]: (r["stated"], r["status"]) for r in evaluate(output.cases)[1]}


def test_each_printed_total_funding_and_ratio_against_the_lines_it_is_of() -> None:
    assert verdicts(example()) == {
        "line_total:1:事業費計:2023": ("150", "match"),  # 100 + 50, not うち人件費
        "line_total:1:事業費計:2024": ("260", "mismatch"),  # 270 ± 1 (each line ± 0.5 千円)
        "line_funding:1:事業費計:funding:2023": ("150", "match"),  # 100 + 50; with 主な内訳's 10 it were 160
        "line_funding:1:事業費計:funding:2024": ("260", "match"),  # 130 + 130
        "line_ratio:1:受益者負担率B÷A:2023": ("10.0%", "match"),  # 15 ÷ 150
        "line_ratio:1:受益者負担率B÷A:2024": ("10.0%", "match"),  # 26 ÷ 260
        "line_total:1:委託料:sum": ("300", "match"),
        "line_total:1:うち人件費:sum": ("70", "match"),
        "line_total:1:補助金:sum": ("120", "match"),
        "line_total:1:事業費計:sum": ("410", "match"),
        "line_total:1:国庫支出金:sum": ("230", "match"),
        "line_total:1:一般財源:sum": ("180", "match"),
        "line_total:1:受益者負担額:sum": ("41", "match"),
    }


def test_a_relation_whose_rule_is_not_named_is_not_checked() -> None:
    spec = example()
    del spec["checks"]["事業費の計"]["ratio_rule"]
    assert not [key for key in verdicts(spec) if key.startswith("line_ratio")]


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        ({"ratio_rule": "line_total"}, "names the figure rule `line_total`, which is no `ratio_percent` rule"),
        ({"funding_rule": "line_sources"}, "names the figure rule `line_sources`, which is not declared"),
        ({"groups": ["区分"]}, "names the column `区分`, which `the 事業費 table` lacks"),
        ({"total_words": "(合計"}, "check `the 事業費 table`: its total_words `(合計` are no regular expression"),
    ],
)
def test_a_check_naming_what_is_not_declared_is_one_sentence(change: dict[str, Any], sentence: str) -> None:
    spec = example()
    spec["checks"]["事業費の計"] |= change
    with pytest.raises(SpecError, match=re.escape(sentence)):
        validate(spec, "line_totals_example")


def test_a_name_printed_in_several_groups_is_checked_against_its_own_group() -> None:
    """REPEATED: 委託料, 補助金 and 計 under A事業 and B事業, 計 and 一般財源 again under 財源, 一般財源 under
    主な内訳; B事業's 計 of 令和6年度 planted wrong (40 + 10 = 50, printed 60)."""
    table = pdf_table("p1-t1", REPEATED, header_rows=1, blank=False, down={(1, 0): 3, (4, 0): 3, (7, 0): 3})
    output = SpecProfile(validate(example(), "line_totals_example")).extract(pdf(page(tables=[table])))
    rows = evaluate(output.cases)[1]
    got = {r["check_id"]: (r["stated"], r["status"]) for r in rows}
    assert len(got) == len(rows)  # a check id each: none is quarantined as a duplicate
    assert got == {
        "line_total:1:A事業-計:2023": ("150", "match"),  # 100 + 50
        "line_total:1:A事業-計:2024": ("270", "match"),  # 200 + 70
        "line_total:1:B事業-計:2023": ("50", "match"),  # 30 + 20
        "line_total:1:B事業-計:2024": ("60", "mismatch"),  # 40 + 10
        "line_total:1:財源-計:2023": ("200", "match"),  # 80 + 120
        "line_total:1:財源-計:2024": ("330", "match"),  # 130 + 200
        "line_total:1:A事業-委託料:sum": ("300", "match"),
        "line_total:1:A事業-補助金:sum": ("120", "match"),
        "line_total:1:A事業-計:sum": ("420", "match"),
        "line_total:1:B事業-委託料:sum": ("70", "match"),
        "line_total:1:B事業-補助金:sum": ("30", "match"),
        "line_total:1:B事業-計:sum": ("110", "match"),
        "line_total:1:国庫支出金:sum": ("210", "match"),
        "line_total:1:財源-一般財源:sum": ("320", "match"),
        "line_total:1:財源-計:sum": ("530", "match"),
        "line_total:1:主な内訳-一般財源:sum": ("30", "match"),
    }
