"""Label/value blocks with a year grid each, declared in a spec (`label_grids:`, `hyoka.specs.label_grids`):
a label's value beside it or under it when a heading stands beside it (`tables.value_beside`); repeated
blocks and their regions in reading order; a grid whose years run across or down; and the declared form read
by the engine into indicator_values rows. The tables and their truth are this module's."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import GradeCase
from hyoka.extractors.model import Cell, Document, Sheet, Table
from hyoka.specs import SpecProfile
from hyoka.specs.label_grids import Region, before_blocks, block_regions, grid_columns, in_reading_order, read_blocks
from hyoka.specs.schema import SpecError, validate
from hyoka.specs.tables import Located, squash, value_beside, value_under
from tests.specs.printed import sheet_table

HEADINGS = frozenset({"基準値", "目標値", "指標名", "年度"})


def _is_heading(cell: Cell) -> bool:
    return squash(cell.text) in HEADINGS


def _is_year(text: str) -> bool:
    return squash(text).endswith("年度") and squash(text) != "年度"


def _table(rows: list[list[str]], name: str = "t") -> Table:
    return sheet_table(name, rows, blank=False)


def _at(table: Table, text: str, nth: int = 0) -> Located:
    found = [Located(table, c) for c in sorted(table.cells, key=lambda c: (c.row, c.col)) if c.text == text]
    return found[nth]


def _text(located: Located | Cell | None) -> str | None:
    return located.text if located is not None else None


def _value(table: Table, label: str) -> str | None:
    return _text(value_beside(table, _at(table, label).cell, _is_heading))


def test_a_form_prints_the_value_beside_its_label() -> None:
    table = _table([["基準値", "120", ""], ["目標値", "150", ""]])
    assert (_value(table, "基準値"), _value(table, "目標値")) == ("120", "150")


def test_labels_heading_a_plain_table_give_the_value_under_them() -> None:
    # 基準値 has the heading 目標値 beside it: both head columns, their values are on the next row.
    table = _table([["基準値", "目標値"], ["80", "95"]])
    assert (_value(table, "基準値"), _value(table, "目標値")) == ("80", "95")


def test_a_value_under_a_two_level_head_skips_the_sub_headings() -> None:
    table = _table([["目標値", ""], ["年度", "基準値"], ["R5年度", "30"]])
    assert _text(value_under(table, _at(table, "目標値").cell, _is_heading)) == "R5年度"


def test_a_label_with_nothing_beside_or_under_it_has_no_value() -> None:
    table = _table([["", "基準値"]])
    assert value_beside(table, _at(table, "基準値").cell, _is_heading) is None


def test_a_form_label_with_its_value_left_blank_has_none_not_the_next_label() -> None:
    # Without headings, the next printed cell is taken (a label/value sheet whose values stand a column away).
    table = _table([["基準値", "", "目標値", "150"]])
    assert _value(table, "基準値") is None
    assert _text(value_beside(table, _at(table, "基準値").cell)) == "目標値"


def _two_blocks() -> Table:
    return _table(
        [
            ["指標名", "", ""],
            ["来館者数", "", ""],
            ["年度", "R4年度", "R5年度"],
            ["目標値", "100", "110"],
            ["指標名", "", ""],
            ["利用率", "", ""],
            ["年度", "R4年度", "R5年度"],
            ["目標値", "50", "55"],
        ]
    )


def test_a_repeated_block_runs_to_the_next_label_of_its_table() -> None:
    table = _two_blocks()
    labels = [_at(table, "指標名"), _at(table, "指標名", 1)]
    first, second = block_regions(labels)
    assert (first.rows, second.rows) == (range(0, 4), range(4, 8))
    assert {c.text for c in first.cells()} == {"指標名", "来館者数", "年度", "R4年度", "R5年度", "目標値", "100", "110"}


def _target_line(region: Region) -> dict[str, Located | None]:
    return {"target": next((c for c in region.cells() if c.text == "目標値"), None)}


def test_blocks_of_two_kinds_pair_by_reading_order_across_tables() -> None:
    # The grids are drawn apart, in a later table, in the same order as the names.
    names = _table([["指標名"], ["来館者数"], ["指標名"], ["利用率"]], "n")
    grids = _table([["年度", "R5年度"], ["目標値", "110"], ["年度", "R5年度"], ["目標値", "55"]], "g")
    tables = [names, grids]
    labels = in_reading_order([_at(names, "指標名", 1), _at(names, "指標名")], tables)
    leads = in_reading_order([_at(grids, "年度", 1), _at(grids, "年度")], tables)
    paired = []
    for label, lead, region in zip(labels, leads, block_regions(leads), strict=True):
        (column,) = grid_columns(lead, region, _target_line(region), _is_year)
        paired.append((_text(label.below()), _text(column.lines["target"])))
    assert paired == [("来館者数", "110"), ("利用率", "55")]


def test_a_grid_whose_years_run_across() -> None:
    table = _table([["年度", "R4年度", "R5年度", "備考"], ["目標値", "100", "110", ""], ["実績値", "90", "", ""]])
    lead = _at(table, "年度")
    region = block_regions([lead])[0]
    columns = grid_columns(lead, region, {"target": _at(table, "目標値"), "actual": _at(table, "実績値")}, _is_year)
    # 備考 heads no year column: the line of years ends before it; a blank crossing is no cell.
    assert [(c.head.text, _text(c.lines["target"]), _text(c.lines["actual"])) for c in columns] == [
        ("R4年度", "100", "90"),
        ("R5年度", "110", None),
    ]


def test_a_grid_whose_years_run_down() -> None:
    table = _table([["年度", "目標値", "実績値"], ["R4年度", "100", "90"], ["R5年度", "110", "105"]])
    lead = _at(table, "年度")
    region = block_regions([lead])[0]
    columns = grid_columns(lead, region, {"target": _at(table, "目標値"), "actual": _at(table, "実績値")}, _is_year)
    assert [(c.head.text, _text(c.lines["target"]), _text(c.lines["actual"])) for c in columns] == [
        ("R4年度", "100", "90"),
        ("R5年度", "110", "105"),
    ]


def test_a_line_label_not_printed_leaves_its_cells_unread() -> None:
    table = _table([["年度", "R5年度"], ["目標値", "110"]])
    lead = _at(table, "年度")
    columns = grid_columns(lead, block_regions([lead])[0], {"target": _at(table, "目標値"), "rate": None}, _is_year)
    assert [(_text(c.lines["target"]), c.lines["rate"]) for c in columns] == [("110", None)]


def test_a_block_stops_where_a_grid_beside_it_starts() -> None:
    table = _table([["指標名", "基準値", "年度", "R5年度"], ["来館者数", "80", "目標値", "110"]])
    label, lead = _at(table, "指標名"), _at(table, "年度")
    (region,) = block_regions([label])
    part = before_blocks(label, region, block_regions([lead]))
    assert {c.text for c in part.cells()} == {"指標名", "基準値", "来館者数", "80"}


def test_a_block_stops_where_a_grid_under_it_starts() -> None:
    table = _table([["指標名", "基準値"], ["来館者数", "80"], ["年度", "R5年度"], ["目標値", "110"]])
    label, lead = _at(table, "指標名"), _at(table, "年度")
    (region,) = block_regions([label])
    part = before_blocks(label, region, block_regions([lead]))
    assert {c.text for c in part.cells()} == {"指標名", "基準値", "来館者数", "80"}


def test_a_grid_in_another_table_leaves_the_block_whole() -> None:
    table = _table([["指標名", "基準値"], ["来館者数", "80"]])
    grids = _table([["年度", "R5年度"]], "g")
    label = _at(table, "指標名")
    (region,) = block_regions([label])
    assert before_blocks(label, region, block_regions([_at(grids, "年度")])) == region


# ---- the declared form, read by the engine ---------------------------------------------------------------

DECLARED: dict[str, Any] = {
    "name": "成果指標",
    "block": "指標名",
    "unit": r"\(([^()]+)\)$",
    "headings": ["指標", "指標名", "基準年度", "基準値", "最終年度", "最終目標値"],
    "values": [
        {"label": "基準値", "metric": "baseline", "year": "基準年度", "place": "設定 基準値"},
        {"label": "最終目標値", "metric": "target", "year": "最終年度", "place": "設定 最終目標"},
    ],
    "grid": {
        "name": "達成度合の表",
        "anchor": "評価年度",
        "level": "達成度合",
        "year": "年度",
        "lines": {"target": "目標値", "actual": "実績値", "achievement_rate": "達成率"},
        "units": {"achievement_rate": "%"},
        "level_rule": "level",
        "level_graded_on": "achievement_rate",
        "place": "達成度合 年度別",
        "progress": {
            "head": "進捗率",
            "place": "達成度合 進捗率",
            "years": {"target": "最終年度", "actual": "latest", "achievement_rate": "最終年度"},
            "qualifiers": {"achievement_rate": "進捗率"},
        },
    },
}
LEVEL_RULE: dict[str, Any] = {
    "id": "level",
    "grade_type": "achievement_level",
    "words": "達成率100%以上A、90%以上B、それ未満C",
    "aggregate": "value",
    "grades_stated_value": True,
    "bands": [{"grade": "A", "low": 100}, {"grade": "B", "low": 90, "high": 100}, {"grade": "C", "high": 90}],
}
SPEC: dict[str, Any] = {
    "profile_id": "grid_example",
    "description": "a form per indicator",
    "detection": {},
    "rules": {"grades": [LEVEL_RULE]},
}


def _form() -> Document:
    """Two blocks: a form (values beside labels; years across) beside its grid, and a plain table (labels heading
    columns) whose grid, years running down, is drawn in another table."""
    form = _table(
        [
            ["①指標名", "基準年度", "R1年度", "評価年度", "R4年度", "R5年度", ""],
            ["来館者数(人)", "基準値", "1,000", "達成度合", "A", "B", ""],
            ["", "最終年度", "R7年度", "年度", "R4年度", "R5年度", "進捗率"],
            ["", "最終目標値", "2,000", "目標値", "1,200", "1,400", "2,000"],
            ["", "", "", "実績値", "1,300", "1,300", "1,300"],
            ["", "", "", "達成率", "108.3%", "92.9%", "65.0%"],
        ],
        "form",
    )
    plain = _table([["指標", "指標名", "基準値", "基準年度"], ["②", "利用率(%)", "40", "R2年度"]], "plain")
    grid = _table(
        [["評価年度", "R5年度"], ["達成度合", "C"], ["年度", "目標値", "実績値"], ["R5年度", "60", "50"]], "grid"
    )
    sheet = Sheet("調書", tables=[form, plain, grid])
    return Document(path=None, format="xlsx", sheets=[sheet])  # type: ignore[arg-type]


# (these forms print no title, whose fiscal year the engine looks for)
NO_TITLE = "The report's fiscal year could not be read from its title."


def _rows(declared: dict[str, Any], document: Document) -> tuple[set[tuple[Any, ...]], list[str]]:
    """The indicator_values rows read, and the problems beside the title's."""
    output = SpecProfile(validate({**SPEC, "label_grids": [declared]}, "grid_example")).extract(document)
    rows = {
        tuple(
            r[c]
            for c in ("indicator_key", "indicator_name", "metric", "fiscal_year", "value", "unit", "place", "qualifier")
        )
        for r in output.indicator_values
    }
    return rows, [p for p in output.problems if p != NO_TITLE]


def test_declared_blocks_give_their_labelled_values_and_grid_figures_as_rows() -> None:
    rows, problems = _rows(DECLARED, _form())
    visitors = ("①", "来館者数(人)")
    rate = ("②", "利用率(%)")
    assert rows == {
        (*visitors, "baseline", 2019, 1000.0, "人", "設定 基準値", None),
        (*visitors, "target", 2025, 2000.0, "人", "設定 最終目標", None),
        (*visitors, "target", 2022, 1200.0, "人", "達成度合 年度別", None),
        (*visitors, "actual", 2022, 1300.0, "人", "達成度合 年度別", None),
        (*visitors, "achievement_rate", 2022, 108.3, "%", "達成度合 年度別", None),
        (*visitors, "target", 2023, 1400.0, "人", "達成度合 年度別", None),
        (*visitors, "actual", 2023, 1300.0, "人", "達成度合 年度別", None),
        (*visitors, "achievement_rate", 2023, 92.9, "%", "達成度合 年度別", None),
        # The progress column: the final target and year, the latest actual's year, the rate qualified.
        (*visitors, "target", 2025, 2000.0, "人", "達成度合 進捗率", None),
        (*visitors, "actual", 2023, 1300.0, "人", "達成度合 進捗率", None),
        (*visitors, "achievement_rate", 2025, 65.0, "%", "達成度合 進捗率", "進捗率"),
        # The plain table: the key under the 指標 heading beside the name, the values under their labels.
        (*rate, "baseline", 2020, 40.0, "%", "設定 基準値", None),
        (*rate, "target", 2023, 60.0, "%", "達成度合 年度別", None),
        (*rate, "actual", 2023, 50.0, "%", "達成度合 年度別", None),
    }
    assert problems == []


def test_the_blocks_are_given_to_hooks_with_their_levels_by_year() -> None:
    spec = validate({**SPEC, "label_grids": [DECLARED]}, "grid_example")
    blocks = read_blocks(_form(), spec.label_grids[0])
    levels = {block.key: [(year, level.text) for _, year, level in block.levels] for block in blocks}
    assert levels == {"①": [(2022, "A"), (2023, "B")], "②": [(2023, "C")]}
    assert [_text(block.value_below("基準年度")) for block in blocks] == [None, "R2年度"]


def test_each_stated_level_is_a_grade_case_on_its_years_printed_figure() -> None:
    output = SpecProfile(validate({**SPEC, "label_grids": [DECLARED]}, "grid_example")).extract(_form())
    levels = [
        (c.stated_grade, c.fiscal_year, c.stated_value.text if c.stated_value else None, c.place)
        for c in output.cases
        if isinstance(c, GradeCase)
    ]
    # ② prints no 達成率 line: its level is checked on nothing printed.
    assert levels == [
        ("A", 2022, "108.3%", "達成度合の表"),
        ("B", 2023, "92.9%", "達成度合の表"),
        ("C", 2023, None, "達成度合の表"),
    ]


def test_a_level_graded_on_no_declared_line_is_a_sentence() -> None:
    grid = {**DECLARED["grid"], "level_graded_on": "rate"}
    with pytest.raises(SpecError, match="none of the grid's lines"):
        validate({**SPEC, "label_grids": [{**DECLARED, "grid": grid}]}, "grid_example")


def test_a_form_without_blocks_or_a_block_without_its_grid_is_one_sentence_each() -> None:
    empty = Document(path=None, format="xlsx", sheets=[Sheet("調書", tables=[_table([["施策名", "x"]])])])  # type: ignore[arg-type]
    assert _rows(DECLARED, empty)[1] == ["No 成果指標 block (指標名 … 評価年度) was found."]
    alone = Document(
        path=None,  # type: ignore[arg-type]
        format="xlsx",
        sheets=[Sheet("調書", tables=[_table([["①指標名", "基準値"], ["来館者数", "10"]])])],
    )
    assert _rows(DECLARED, alone)[1] == [
        "成果指標 ①: no 達成度合の表 grid (評価年度 … 年度 … 目標値 実績値 達成率) was found."
    ]


def test_a_unit_pattern_capturing_nothing_is_a_sentence() -> None:
    with pytest.raises(SpecError, match="captures no group"):
        validate({**SPEC, "label_grids": [{**DECLARED, "unit": r"\(.+\)$"}]}, "grid_example")


def test_a_figure_printed_by_a_label_and_again_in_the_grid_is_a_same_fact_case() -> None:
    repeats = [
        {"check": "year target", "label": "目標値", "year": "年度", "line": "target", "key": "{key}:{year}"}
        | {"scope": "{key} 今年度の目標"},
        {"check": "progress", "label": "最終目標値", "line": "target", "key": "{key}:final", "scope": "{key} 最終"},
        {"check": "progress", "latest": "actual", "line": "actual", "key": "{key}:latest", "scope": "{key} 直近"},
    ]
    declared = {**DECLARED, "grid": {**DECLARED["grid"], "repeats": repeats}}
    checks = {
        name: {"check": "same_fact", "kind": name.replace(" ", "_"), "words": "同じ数値が二か所に印刷される"}
        for name in ("year target", "progress")
    }
    spec = validate({**SPEC, "checks": checks, "label_grids": [declared]}, "grid_example")
    # 今年度の目標 1,500 against the R5 目標値 1,400; the 進捗率 column repeats 2,000 but not the latest 1,300.
    form = _table(
        [
            ["①指標名", "年度", "R5年度", "評価年度", "R5年度", ""],
            ["来館者数(人)", "目標値", "1,500", "達成度合", "A", ""],
            ["", "最終目標値", "2,000", "年度", "R5年度", "進捗率"],
            ["", "", "", "目標値", "1,400", "2,000"],
            ["", "", "", "実績値", "1,300", "1,250"],
        ],
        "form",
    )
    document = Document(path=None, format="xlsx", sheets=[Sheet("調書", tables=[form])])  # type: ignore[arg-type]
    rows = evaluate(SpecProfile(spec).extract(document).cases)[1]
    found = sorted((r["check_id"], r["stated"], r["status"]) for r in rows if r["kind"] in ("year_target", "progress"))
    assert found == [
        ("progress:①:final", "2,000", "match"),
        ("progress:①:latest", "1,300", "mismatch"),
        ("year_target:①:2023", "1,500", "mismatch"),
    ]


def test_a_repeat_naming_no_first_printing_is_a_sentence() -> None:
    repeat = {"check": "progress", "line": "target", "key": "{key}", "scope": "{key} 最終"}
    with pytest.raises(SpecError, match="names neither or both of `label` and `latest`"):
        validate({**SPEC, "label_grids": [{**DECLARED, "grid": {**DECLARED["grid"], "repeats": [repeat]}}]}, "x")


# ---- a grid's rate line recomputed ---------------------------------------------------------------------------

RATE = {
    "line": "achievement_rate",
    "rule": "rate",
    "progress_rule": "progress",
    "formula": "達成率の算式",
    "direction": "増減方向",
    "words": {"actual": "実績", "target": "目標"},
    "rising": "増",
    "falling": "減",
}
RATED: dict[str, Any] = {
    **DECLARED,
    "headings": [*DECLARED["headings"], "増減方向", "達成率の算式"],
    "grid": {**DECLARED["grid"], "rate": RATE},
}
RATE_RULES = [
    {
        "id": "rate",
        "kind": "achievement_rate",
        "words": "達成率は実績値÷目標値（減少を目指す指標はその逆）",
        "aggregate": "ratio_percent",
    },
    {
        "id": "progress",
        "kind": "progress_rate",
        "words": "進捗率は直近の実績値と最終目標値から",
        "aggregate": "ratio_percent",
    },
]


def _waiting_time(direction: str, formula: str) -> Document:
    """One block, its labels heading a plain table, its grid drawn apart: a waiting time the plan means to cut
    (目標値 under 実績値 is progress)."""
    block = _table([["指標", "指標名", "増減方向", "達成率の算式"], ["①", "待ち時間(分)", direction, formula]], "plain")
    grid = _table(
        [
            ["評価年度", "R4年度", "R5年度", ""],
            ["達成度合", "A", "B", ""],
            ["年度", "R4年度", "R5年度", "進捗率"],
            ["目標値", "30", "25", "20"],
            ["実績値", "25", "25", "25"],
            ["達成率", "120.0%", "90.0%", "80.0%"],
        ],
        "grid",
    )
    return Document(path=None, format="xlsx", sheets=[Sheet("調書", tables=[block, grid])])  # type: ignore[arg-type]


def _rates(document: Document) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(key, scope, status) of each rate case, and the problems beside the title's."""
    spec = {**SPEC, "rules": {**SPEC["rules"], "figures": RATE_RULES}, "label_grids": [RATED]}
    output = SpecProfile(validate(spec, "grid_example")).extract(document)
    checks = evaluate([c for c in output.cases if not isinstance(c, GradeCase)])[1]
    return [(c["check_id"].split(":", 1)[1], c["scope"], c["status"]) for c in checks], [
        p for p in output.problems if p != NO_TITLE
    ]


def test_a_falling_indicators_rate_is_target_over_actual() -> None:
    # 30 / 25 = 120 %; 25 / 25 = 100 %, printed 90.0 %; the progress column 20 / 25 = 80 %.
    rates, problems = _rates(_waiting_time("減", ""))
    assert rates == [
        ("①:2022", "達成度合 年度別 R4年度 ① 達成率", "match"),
        ("①:2023", "達成度合 年度別 R5年度 ① 達成率", "mismatch"),
        ("①:progress", "達成度合 進捗率 ① 達成率", "match"),
    ]
    assert problems == []


def test_the_formula_printed_says_the_way_before_the_direction() -> None:
    # 実績値 ÷ 目標値: 25 / 30 = 83.3 %, not the 120.0 % printed, whatever the direction says.
    rates, _ = _rates(_waiting_time("減", "実績値÷目標値×100"))
    assert [status for _, _, status in rates] == ["mismatch", "mismatch", "mismatch"]


def test_a_block_saying_neither_way_is_one_sentence() -> None:
    _, problems = _rates(_waiting_time("", ""))
    assert problems == ["①: neither 達成率の算式 nor 増減方向 says how 達成率 is computed."]
