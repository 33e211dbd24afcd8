"""The declared `chart_legend` check, run by the engine: each legend after a printed cross-tab belongs to the
grade the text before that cross-tab names, printed as a table or as lines, and each share is recomputed
over the graded members of the list in that grade. The list, the cross-tabs and the legends are written
here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table, text_block
from tests.specs.test_stated_counts import GRADES, SPEC

LEGEND = {"name": "the legend", "key": "A", "group_rows": False, "required": False}
SHARE = {"id": "legend_share", "kind": "legend_share", "words": "凡例の割合", "aggregate": "percent_of_count"}
CHECK = {
    "check": "chart_legend",
    "rule": "legend_share",
    "after": "summary",
    "population": "every system",
    "table": "the legend",
    "line": r"^([A-D])評価(\d+)%$",
}
LEGEND_SPEC: dict[str, Any] = {
    **SPEC,
    "tables": [*SPEC["tables"], {**LEGEND, "columns": [{"role": r, "words": [f"{r}評価"]} for r in "AB"]}],
    "rules": {"figures": [*SPEC["rules"]["figures"], SHARE]},
    "checks": {"summary": SPEC["checks"]["summary"], "legend": CHECK},
}


def _shares(lines: tuple[str, ...] = ("Ａ評価 33%", "Ｂ評価 67%")) -> dict[str, tuple[str, str]]:
    summary = (("ビジョン", "A評価", "B評価"), ("1.利便性", "1", "1"), ("2.効率化", "1", "0"))
    blocks = [text_block("表３－１ 令和3年度の評価", 100), text_block("表３－２ 総括の評価", 300)]
    blocks += [text_block(line, 400 + 20 * n) for n, line in enumerate(lines)]
    tables = [
        pdf_table("p1-t1", summary, top=120, column=150),
        # The year's legend as a table: the list gives A 2 of 4 graded (50%), B 1 of 4 (25%, not the 30 printed).
        pdf_table("p1-t2", (("A評価", "B評価"), ("50%", "30%")), top=220, column=150),
        pdf_table("p1-t3", summary, top=320, column=150),
        pdf_table("p2-t1", GRADES, page=2, column=150),
    ]
    document = pdf(page(1, tables[:3], blocks), page(2, tables[3:]))
    output = SpecProfile(validate(LEGEND_SPEC, "chart_legend_example")).extract(document)
    return {r["check_id"]: (r["stated"], r["status"]) for r in evaluate(output.cases)[1] if r["kind"] == "legend_share"}


@pytest.fixture(scope="module")
def shares() -> dict[str, tuple[str, str]]:
    return _shares()


def test_a_legend_table_belongs_to_the_grade_of_the_cross_tab_before_it(shares: dict[str, tuple[str, str]]) -> None:
    assert shares["legend_share:year:1:A"] == ("50", "match")
    assert shares["legend_share:year:1:B"] == ("30", "mismatch")


def test_legend_lines_are_one_legend_once_every_category_is_read(shares: dict[str, tuple[str, str]]) -> None:
    # 総括 grades A 1, B 2 of the 3 graded systems (the fourth is not graded): 33% and 67%.
    assert shares["legend_share:final:2:A"] == ("33", "match")
    assert shares["legend_share:final:2:B"] == ("67", "match")
    assert len(shares) == 4


def test_lines_naming_part_of_the_categories_are_no_legend() -> None:
    assert not [key for key in _shares(("Ａ評価 33%",)) if key.startswith("legend_share:final")]


def test_a_legend_following_no_group_counts_check_is_refused() -> None:
    spec = {**LEGEND_SPEC, "checks": {**LEGEND_SPEC["checks"], "legend": {**CHECK, "after": "legend"}}}
    with pytest.raises(SpecError, match="follows `legend`, which is no group_counts check"):
        validate(spec, "chart_legend_example")
