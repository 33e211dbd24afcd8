"""Label/value blocks and small year grids (`hyoka.specs.label_grids`): a label's value beside it or under
it when a heading stands beside it; repeated blocks and their regions in reading order; a grid whose years
run across or down. The tables and their truth are this module's."""

from __future__ import annotations

from hyoka.extractors.model import Table
from hyoka.specs.label_grids import (
    Region,
    before_blocks,
    block_regions,
    grid_columns,
    in_reading_order,
    value_of,
    value_under,
)
from hyoka.specs.tables import Located, squash
from tests.specs.printed import sheet_table

HEADINGS = frozenset({"基準値", "目標値", "指標名", "年度"})


def _is_heading(located: Located) -> bool:
    return squash(located.text) in HEADINGS


def _is_year(text: str) -> bool:
    return squash(text).endswith("年度") and squash(text) != "年度"


def _table(rows: list[list[str]], name: str = "t") -> Table:
    return sheet_table(name, rows, blank=False)


def _at(table: Table, text: str, nth: int = 0) -> Located:
    found = [Located(table, c) for c in sorted(table.cells, key=lambda c: (c.row, c.col)) if c.text == text]
    return found[nth]


def _text(located: Located | None) -> str | None:
    return located.text if located is not None else None


def test_a_form_prints_the_value_beside_its_label() -> None:
    table = _table([["基準値", "120", ""], ["目標値", "150", ""]])
    assert _text(value_of(_at(table, "基準値"), _is_heading)) == "120"
    assert _text(value_of(_at(table, "目標値"), _is_heading)) == "150"


def test_labels_heading_a_plain_table_give_the_value_under_them() -> None:
    # 基準値 has the heading 目標値 beside it: both head columns, their values are on the next row.
    table = _table([["基準値", "目標値"], ["80", "95"]])
    assert _text(value_of(_at(table, "基準値"), _is_heading)) == "80"
    assert _text(value_of(_at(table, "目標値"), _is_heading)) == "95"


def test_a_value_under_a_two_level_head_skips_the_sub_headings() -> None:
    table = _table([["目標値", ""], ["年度", "基準値"], ["R5年度", "30"]])
    assert _text(value_under(_at(table, "目標値"), _is_heading)) == "R5年度"


def test_a_label_with_nothing_beside_or_under_it_has_no_value() -> None:
    table = _table([["", "基準値"]])
    assert value_of(_at(table, "基準値"), _is_heading) is None


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
