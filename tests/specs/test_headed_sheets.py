"""Sheets a numbered head opens, declared in a spec (`headed_sheets:`) and read by the engine: the head drawn
as a cell or printed as a heading line, the values under the sheet's labels, its tables by kind, a head whose
sheet is not read named (its tables not taken for the sheet before), and one sentence per required field a
sheet does not print. The sheets are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from hyoka.extractors.model import Document, TextBlock
from hyoka.profiles import ProfileOutput
from hyoka.specs import SpecProfile, sheet_indicator_rows
from hyoka.specs.headed_sheets import HeadedSheets, field_rows, headed_sheets
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import page, pdf, pdf_table, text_block

DECLARED: dict[str, Any] = {
    "name": "detail sheet",
    "head": r"^(?P<level>施策)\s*(?P<no>\d+)$",
    "heading": r"^(?P<level>施策)\s*(?P<no>\d+)\s+(?P<title>\S.*)$",
    "fields": {"departments": "所管局", "flag_kanmin_data": "官民データ mark", "flag_sentan_gijutsu": "先端技術 mark"},
    "required": ["departments", "flag_kanmin_data", "flag_sentan_gijutsu"],
    "tables": {"indicators": ["indicator_name", "target", "actual"], "rates": ["achievement_rate", "grade"]},
}
SPEC: dict[str, Any] = {
    "profile_id": "headed_example",
    "description": "one detail sheet per measure",
    "detection": {},
    "headed_sheets": [DECLARED],
}


def _document() -> Document:
    # 施策 01: its head a cell over its labels, then its indicators and its rates on the next page.
    boxed = pdf_table(
        "p1-1",
        (("施策 01", "防災情報の発信", ""), ("所管局", "官民データ", "先端技術"), ("総務局", "○", "")),
        header_rows=2,
    )
    indicators = pdf_table("p1-2", (("指標", "目標値", "結果"), ("訓練の回数", "10回", "12回")), top=300, header_rows=1)
    rates = pdf_table("p2-1", (("令和元年度目標達成率", "進捗評価"), ("120%", "A")), page=2, top=50, header_rows=1)
    # 施策 02: a heading line over its labels; it prints no 先端技術.
    labels = pdf_table("p2-2", (("所管局", "官民データ"), ("市民局", "")), page=2, top=220, header_rows=1)
    # 施策 03: a heading line over no labels: not read, and its indicators are no one's.
    stray = pdf_table("p2-3", (("指標", "目標値", "結果"), ("講座の数", "5", "5")), page=2, top=420, header_rows=1)
    headings = [text_block("施策 02 市民ポータルの開設", 200, page=2), text_block("施策 03 講座の開催", 400, page=2)]
    return pdf(page(1, [boxed, indicators]), page(2, [rates, labels, stray], headings))


DECLARED_SHEET = validate(SPEC, "headed_example").headed_sheets[0]


@pytest.fixture(scope="module")
def read() -> HeadedSheets:
    return headed_sheets(_document(), DECLARED_SHEET)


def test_each_head_opens_a_sheet_with_its_title_and_labelled_values(read: HeadedSheets) -> None:
    first, second = read.sheets
    assert (first.key, first.level, first.printed_title) == ("1", "施策", "防災情報の発信")
    # A blank under a label is printed: a mark left blank.
    assert {f: c.text for f, c in first.fields.items()} == {
        "departments": "総務局",
        "flag_kanmin_data": "○",
        "flag_sentan_gijutsu": "",
    }
    assert first.fields["departments"].page == 1
    assert isinstance(second.head, TextBlock)
    assert (second.key, second.printed_title) == ("2", "市民ポータルの開設")
    assert {f: c.text for f, c in second.fields.items()} == {"departments": "市民局", "flag_kanmin_data": ""}


def test_a_declared_title_tag_is_the_sheets_tag_not_its_title() -> None:
    tag = r"\s*[<＜〈]\s*(?P<tag>[^<＜〈>＞〉]+?)\s*[>＞〉]\s*$"
    declared = validate({**SPEC, "headed_sheets": [{**DECLARED, "title_tag": tag}]}, "headed_example").headed_sheets[0]
    document = _document()
    document.pages[1].text_blocks[0] = text_block("施策 02 市民ポータルの開設 ＜新規施策＞", 200, page=2)
    first, second = headed_sheets(document, declared).sheets
    assert (first.printed_title, first.tag) == ("防災情報の発信", None)
    assert (second.printed_title, second.tag) == ("市民ポータルの開設", "新規施策")
    # Not declared: a tag is part of the title (its text normalised: ＜＞ NFKC <>).
    assert headed_sheets(document, DECLARED_SHEET).sheets[1].printed_title == "市民ポータルの開設 <新規施策>"
    with pytest.raises(SpecError, match="no group `tag`"):
        validate({**SPEC, "headed_sheets": [{**DECLARED, "title_tag": "＜.+＞$"}]}, "headed_example")


def test_a_sheets_tables_run_to_the_next_head_across_pages(read: HeadedSheets) -> None:
    first, second = read.sheets
    assert {kind: [t.table_id for t in tables] for kind, tables in first.tables.items()} == {
        "indicators": ["p1-2"],
        "rates": ["p2-1"],
    }
    # 施策 03's indicators are not 施策 02's: its head was printed, its sheet not read.
    assert second.tables == {}
    assert read.unread == ("3",)


def test_a_sheets_table_gives_its_rows_by_field_up_to_a_band_below() -> None:
    table = pdf_table(
        "p1-2",
        (
            ("結果", "指標", "目標値"),
            ("12回", "訓練の回数", "10回"),
            ("80%", "参加率", "75%"),
            ("取組実績", "取組実績", "取組実績"),  # a band: its cells are headers
            ("説明会を開催", "", ""),
        ),
        top=300,
        header_rows=1,
    )
    table.cells = [replace(c, is_header=True) if c.row == 3 else c for c in table.cells]
    rows = field_rows(table, ["indicator_name", "target", "actual"])
    assert [[c.text for c in row] for row in rows] == [["訓練の回数", "10回", "12回"], ["参加率", "75%", "80%"]]
    assert field_rows(table, ["indicator_name", "grade"]) == []


def test_what_a_sheet_does_not_print_is_one_sentence_each() -> None:
    output = SpecProfile(validate(SPEC, "headed_example")).extract(_document())
    assert isinstance(output, ProfileOutput)
    assert [p for p in output.problems if "detail sheet" in p] == [
        "The 先端技術 mark of the detail sheets of 施策 2 was not read.",
        "The detail sheets of 施策 3 are headed but were not read.",
    ]
    empty = pdf(page())
    assert "No detail sheet (所管局 / 官民データ mark / 先端技術 mark) was found." in (
        SpecProfile(validate(SPEC, "headed_example")).extract(empty).problems
    )


def test_a_head_without_a_number_group_or_an_unknown_required_field_is_a_sentence() -> None:
    with pytest.raises(SpecError, match="no group `no`"):
        validate({**SPEC, "headed_sheets": [{**DECLARED, "head": "^施策$"}]}, "headed_example")
    with pytest.raises(SpecError, match="none of its fields"):
        validate({**SPEC, "headed_sheets": [{**DECLARED, "required": ["divisions"]}]}, "headed_example")


def test_a_required_table_without_a_row_read_is_one_sentence() -> None:
    """施策 01 prints its indicator table's header but no indicator; 施策 02 prints neither table."""
    declared = {**DECLARED, "required_tables": {"indicators": "indicator table", "rates": "rate table"}}
    document = _document()
    headed_only = pdf_table("p1-2", (("指標", "目標値", "結果"),), top=300, header_rows=1)
    document.pages[0].tables[1] = headed_only
    problems = SpecProfile(validate({**SPEC, "headed_sheets": [declared]}, "headed_example")).extract(document).problems
    assert [p for p in problems if "table" in p] == [
        "The indicator table of the detail sheets of 施策 1, 2 was not read.",
        "The rate table of the detail sheets of 施策 2 was not read.",
    ]
    with pytest.raises(SpecError, match="none of its table kinds"):
        validate({**SPEC, "headed_sheets": [{**DECLARED, "required_tables": {"budget": "x"}}]}, "headed_example")


def test_a_value_table_fills_the_sheets_values_a_yearly_field_by_year() -> None:
    declared = validate(
        {**SPEC, "headed_sheets": [{**DECLARED, "value_tables": ["rates"], "yearly": ["achievement_rate"]}]}, "x"
    )
    document = _document()
    # 施策 01's rates: the first year bare (30年度), read in the era the document prints it with elsewhere.
    header = ("30年度目標達成率", "令和元年度目標達成率", "進捗評価")
    document.pages[1].tables[0] = pdf_table("p2-1", (header, ("95%", "120%", "A")), page=2, top=50, header_rows=1)
    (first, second) = headed_sheets(document, declared.headed_sheets[0]).sheets
    assert {year: c.text for year, c in first.values["achievement_rate"].items()} == {2019: "120%"}  # type: ignore[union-attr]
    assert first.values["grade"].text == "A"  # type: ignore[union-attr]
    assert second.values == {}
    document.pages[0].tables.append(
        pdf_table("p1-3", (("平成30年度目標達成率",), ("90%",)), page=1, top=500, header_rows=1)
    )
    (first, _) = headed_sheets(document, declared.headed_sheets[0]).sheets
    assert {year: c.text for year, c in first.values["achievement_rate"].items()} == {2018: "95%", 2019: "120%"}  # type: ignore[union-attr]


def test_value_tables_name_declared_kinds() -> None:
    with pytest.raises(SpecError, match="names the tables grades, which are none of its table kinds"):
        validate({**SPEC, "headed_sheets": [{**DECLARED, "value_tables": ["grades"]}]}, "headed_example")


def test_an_indicator_table_gives_one_row_per_metric_and_circled_item() -> None:
    declared = validate(
        {
            **SPEC,
            "headed_sheets": [
                {
                    **DECLARED,
                    "value_tables": ["rates"],
                    "yearly": ["achievement_rate"],
                    "indicator_rows": {
                        "table": "indicators",
                        "name": "indicator_name",
                        "metrics": ["target", "actual"],
                        "year": "achievement_rate",
                        "place": "detail",
                    },
                }
            ],
        },
        "headed_example",
    ).headed_sheets[0]
    document = _document()
    # 施策 01 prints two items in one row (①… ②… in every cell), then a row whose name is not printed.
    rows = (("指標", "目標値", "結果"), ("①研修の回数 ②訓練の回数", "①5回 ②10回", "①6回 ②12回"), ("－", "3件", "3件"))
    document.pages[0].tables[1] = pdf_table("p1-2", rows, page=1, top=300, header_rows=1)
    read = headed_sheets(document, declared)
    assert [[c.text for c in row] for row in read.sheets[0].rows("indicators", DECLARED["tables"]["indicators"])] == [
        ["①研修の回数", "①5回", "①6回"],
        ["②訓練の回数", "②10回", "②12回"],
        ["－", "3件", "3件"],
    ]
    values = sheet_indicator_rows(declared, read)
    assert [(r["indicator_key"], r["indicator_name"], r["metric"], r["value"], r["fiscal_year"]) for r in values] == [
        ("1-1", "研修の回数", "target", 5.0, 2019),
        ("1-1", "研修の回数", "actual", 6.0, 2019),
        ("1-2", "訓練の回数", "target", 10.0, 2019),
        ("1-2", "訓練の回数", "actual", 12.0, 2019),
        ("1-3", None, "target", 3.0, 2019),
        ("1-3", None, "actual", 3.0, 2019),
    ]
    assert {(r["measure_key"], r["place"], r["page"]) for r in values} == {("1", "detail", 1)}
