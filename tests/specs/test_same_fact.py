"""`same_fact` declared in a spec and run by the engine: a project's name printed in the roadmap and in
the project list, joined by its PID; one 重点課題 worded alike on every row of the list; a place not read
is not_computable. The tables are written here (their facts, and so their truth, are this module's)."""

from __future__ import annotations

from typing import Any

import pytest

from hyoka.audit.engine import evaluate
from hyoka.extractors.model import Cell, Evidence, Table
from hyoka.specs import SpecProfile
from hyoka.specs.same_fact import Records, record_cases, same_fact_case
from hyoka.specs.schema import SameFact, SpecError, validate
from hyoka.specs.tables import where
from tests.specs.printed import A3, Rows, cell, page, pdf, pdf_table

PROJECT_LIST = (
    ("PID", "プロジェクト名称", "分類", "DX重点課題"),
    ("観光1-1", "観光アプリの開発", "観光", "観光DXの推進"),
    ("観光1-2", "観光データの分析", "観光", "観光DXの推進"),
    ("農水1-1", "スマート農業の推進", "農水", "一次産業の持続的な発展"),
    ("農水1-2", "オンライン直売", "農水", "一次産業の持続可能な発展"),  # another wording: the planted variant
    ("教育1-1", "AIドリルの導入", "教育", "学びの充実"),
)
ROADMAP_LIST = (
    ("PID", "事業名"),
    ("観光1-1", "観光アプリの開発"),
    ("観光1-2", "観光データ分析"),  # の dropped: the same name worded differently
    ("農水1-1", "スマート漁業の推進"),  # another project's name: the planted mismatch
    ("都市1-1", "空き家の把握"),  # absent from the project list: no case
)


def _spec(compare: str = "wording", category_required: bool = True) -> dict[str, Any]:
    return {
        "profile_id": "same_fact_example",
        "description": "a project list and a roadmap list",
        "detection": {},
        "tables": [
            {
                "name": "the project list",
                "label": "プロジェクト一覧",
                "key": "pid",
                "columns": [
                    {"role": "pid", "words": ["PID"]},
                    {"role": "name", "words": ["プロジェクト名称"]},
                    {"role": "category", "words": ["分類"], "required": category_required},
                    {"role": "group_name", "words": ["DX重点課題"]},
                ],
            },
            {
                "name": "the roadmap list",
                "label": "ロードマップ",
                "key": "pid",
                "required": False,
                "columns": [{"role": "pid", "words": ["PID"]}, {"role": "name", "words": ["事業名"]}],
            },
        ],
        "checks": {
            "roadmap name": {
                "check": "same_fact",
                "kind": "roadmap_name",
                "words": "ロードマップとプロジェクト一覧で同じPIDの名称が一致する",
                "first": {"table": "the roadmap list", "key": "pid", "value": "name"},
                "second": {"table": "the project list", "key": "pid", "value": "name"},
                "scope": "{key}: roadmap name vs project list",
                "compare": compare,
            },
            "group wording": {
                "check": "same_fact",
                "kind": "name_variant",
                "words": "一つのDX重点課題は一覧の中で同じ表記で書かれる",
                "first": {"table": "the project list", "key": "category", "value": "group_name"},
                "scope": "DX重点課題 of 分類 {key}",
            },
        },
    }


def _table(table_id: str, rows: Rows, top: float) -> Table:
    return pdf_table(table_id, rows, top=top, column=120)


def _checks(tables: list[Table], compare: str = "wording", category_required: bool = True) -> list[dict[str, Any]]:
    document = pdf(page(tables=tables, size=A3))
    output = SpecProfile(validate(_spec(compare, category_required), "same_fact_example")).extract(document)
    return evaluate(output.cases)[1]


@pytest.fixture(scope="module")
def checks() -> list[dict[str, Any]]:
    return _checks([_table("p1-t1", PROJECT_LIST, 100), _table("p1-t2", ROADMAP_LIST, 400)])


def test_two_tables_are_joined_by_key(checks: list[dict[str, Any]]) -> None:
    names = [(r["scope"], r["status"]) for r in checks if r["kind"] == "roadmap_name"]
    assert names == [
        ("観光1-1: roadmap name vs project list", "match"),
        ("観光1-2: roadmap name vs project list", "match"),
        ("農水1-1: roadmap name vs project list", "mismatch"),
    ]


def test_wording_differences_count_only_when_declared() -> None:
    checks = _checks([_table("p1-t1", PROJECT_LIST, 100), _table("p1-t2", ROADMAP_LIST, 400)], compare="text")
    mismatched = [r["scope"] for r in checks if r["kind"] == "roadmap_name" and r["status"] == "mismatch"]
    assert mismatched == ["観光1-2: roadmap name vs project list", "農水1-1: roadmap name vs project list"]


def test_one_table_prints_one_fact_per_key(checks: list[dict[str, Any]]) -> None:
    variants = [(r["scope"], r["status"]) for r in checks if r["kind"] == "name_variant"]
    assert variants == [
        ("DX重点課題 of 分類 観光", "match"),
        ("DX重点課題 of 分類 農水", "mismatch"),
        ("DX重点課題 of 分類 教育", "match"),
    ]


def test_group_rows_spanning_the_table_key_the_rows_where_no_column_prints_the_key() -> None:
    # The same list printed with its 分類 as rows spanning the table (■ 観光) instead of a column.
    head, *rows = PROJECT_LIST
    grouped: list[tuple[str | None, ...]] = [tuple(c for i, c in enumerate(head) if i != 2)]
    for category in dict.fromkeys(r[2] for r in rows):
        grouped.append((f"■ {category}", None, None))  # a group row: one cell spanning the table
        grouped += [tuple(c for i, c in enumerate(r) if i != 2) for r in rows if r[2] == category]
    table = _table("p1-t1", tuple(grouped), 100)
    checks = _checks([table], category_required=False)
    variants = [(r["scope"], r["status"]) for r in checks if r["kind"] == "name_variant"]
    assert variants == [
        ("DX重点課題 of 分類 ■ 観光", "match"),
        ("DX重点課題 of 分類 ■ 農水", "mismatch"),
        ("DX重点課題 of 分類 ■ 教育", "match"),
    ]


def test_a_place_not_read_is_not_computable() -> None:
    checks = _checks([_table("p1-t1", PROJECT_LIST, 100)])
    (names,) = [r for r in checks if r["kind"] == "roadmap_name"]
    assert names["status"] == "not_computable"
    assert names["detail"].endswith("：計算できない：ロードマップを読めていない")


def test_a_place_naming_an_undeclared_column_is_a_sentence() -> None:
    spec = _spec()
    spec["checks"]["roadmap name"]["second"]["value"] = "title"
    with pytest.raises(SpecError, match="names the column `title`, which `the project list` lacks"):
        validate(spec, "same_fact_example")


def test_a_key_printed_neither_as_a_column_nor_as_group_rows_is_not_computable() -> None:
    # The same list printed without its 分類 column and without group rows: no row can be keyed by 分類.
    table = _table("p1-t1", tuple(tuple(c for i, c in enumerate(row) if i != 2) for row in PROJECT_LIST), 100)
    checks = _checks([table], category_required=False)
    (variants,) = [r for r in checks if r["kind"] == "name_variant"]
    assert variants["status"] == "not_computable"
    assert variants["detail"].endswith("：計算できない：プロジェクト一覧の行の分類を読めていない")


def test_a_check_whose_places_a_hook_reads_takes_its_kind_and_words_from_the_spec() -> None:
    declared = SameFact(check="same_fact", kind="title_list_vs_detail", words="施策名は一覧と個票で同じ")
    listed = cell(0, 1, "観光アプリの開発", evidence=Evidence(page=2, bbox=(100, 200, 300, 215)))
    sheet = cell(0, 1, "観光アプリ開発事業", evidence=Evidence(page=9, bbox=(100, 80, 300, 95)))
    case = same_fact_case(declared, "施策 1 title", "1", (listed.text, where(listed)), (sheet.text, where(sheet)))
    (row,) = evaluate([case])[1]
    assert (row["check_id"], row["kind"], row["status"]) == (
        "title_list_vs_detail:1",
        "title_list_vs_detail",
        "mismatch",
    )
    assert (row["page"], row["bbox"]) == (2, [100, 200, 300, 215])


def _cell(text: str, page: int, row: int = 0) -> Cell:
    return Cell(row, 1, text=text, evidence=Evidence(page=page, bbox=(100, 200 + 20 * row, 300, 215 + 20 * row)))


def _record_check(value: str, compare: str, **declared: Any) -> SameFact:
    return SameFact.model_validate(
        {
            "check": "same_fact",
            "kind": f"{value}_list_vs_detail",
            "words": f"{value}は一覧と個票で同じ",
            "first": {"records": "list", "value": value},
            "second": {"records": "detail sheets", "value": value},
            "compare": compare,
            "scope": "施策{key} " + value + "（{place}・個票）",
            **declared,
        }
    )


# A list of three measures and their detail sheets, as a hook would register them: 施策 1 printed alike in
# both places (its name spaced differently on the sheet), 施策 2 with a planted difference in every fact,
# 施策 3 in the list only (no sheet: no case).
LISTED = Records(
    "list",
    {
        "1": {
            "title": _cell("観光アプリの開発", 2),
            "grade": _cell("Ｂ", 2),
            "rates": {2018: _cell("87％", 2), 2019: _cell("92%", 2)},
            "average": _cell("90%", 2),
            "departments": _cell("文化観光局経済局", 2),
        },
        "2": {
            "title": _cell("データ分析基盤", 2, 1),
            "grade": _cell("A", 2, 1),
            "rates": {2018: _cell("162%", 2, 1), 2019: _cell("305%", 2, 1)},
            "average": _cell("234%", 2, 1),
            "departments": _cell("デジタル統括本部", 2, 1),
        },
        "3": {"title": _cell("AIドリルの導入", 2, 2), "grade": _cell("C", 2, 2)},
    },
)
SHEETS = Records(
    "detail",
    {
        "1": {
            "title": _cell("観光アプリの 開発", 9),
            "grade": _cell("B", 9),
            "rates": {2018: _cell("87%", 9), 2019: _cell("92%", 9)},
            "average": _cell("90%", 9),
            "departments": _cell("文化観光局 経済局", 9),
        },
        "2": {
            "title": _cell("データ分析の基盤", 10),
            "grade": _cell("B", 10),
            "rates": {2018: _cell("100%", 10), 2019: _cell("304.6%", 10), 2020: _cell("50%", 10)},
            "average": _cell("203%", 10),
            "departments": _cell("デジタル統括本部 政策局", 10),
        },
    },
)


def _compared_records(check: SameFact) -> list[tuple[str, str, str]]:
    registered = {"list": [LISTED], "detail sheets": [SHEETS]}
    return [(r["check_id"], r["scope"], r["status"]) for r in evaluate(record_cases(check, registered))[1]]


def test_records_are_joined_by_key_and_a_name_compares_however_spaced() -> None:
    assert _compared_records(_record_check("title", "name")) == [
        ("title_list_vs_detail:1", "施策1 title（list・個票）", "match"),
        ("title_list_vs_detail:2", "施策2 title（list・個票）", "mismatch"),
    ]


def test_a_grade_compares_its_letter() -> None:
    statuses = [status for _, _, status in _compared_records(_record_check("grade", "grade"))]
    assert statuses == ["match", "mismatch"]


def test_a_number_printed_per_year_compares_year_by_year_at_its_printed_rounding() -> None:
    check = _record_check("rates", "number", scope="施策{key} {year}年度（{place}・個票）", key="{key}:{year}")
    # 304.6 rounds to the 305 the list prints; 2020 is printed on one sheet only: no case.
    assert _compared_records(check) == [
        ("rates_list_vs_detail:1:2018", "施策1 2018年度（list・個票）", "match"),
        ("rates_list_vs_detail:1:2019", "施策1 2019年度（list・個票）", "match"),
        ("rates_list_vs_detail:2:2018", "施策2 2018年度（list・個票）", "mismatch"),
        ("rates_list_vs_detail:2:2019", "施策2 2019年度（list・個票）", "match"),
    ]


def test_a_fact_derived_from_others_is_compared_only_where_those_differ() -> None:
    # 施策 1's rates print alike in both places (87％ and 87%): the grading rule judges its averages;
    # 施策 2's rates differ, so its averages are compared.
    check = _record_check("average", "number", unless_same="rates")
    assert _compared_records(check) == [("average_list_vs_detail:2", "施策2 average（list・個票）", "mismatch")]


def test_organisations_printed_without_a_separator_split_where_a_name_ends() -> None:
    check = _record_check("departments", "organisations", endings="局課")
    assert [status for _, _, status in _compared_records(check)] == ["match", "mismatch"]


def test_a_cell_printing_one_fact_per_line_is_keyed_by_each_line() -> None:
    # Each line of a 対応 cell names a 分類 and a project (分類:プロジェクト名称); the list prints each one's 分類.
    spec = _spec()
    spec["tables"].append(
        {
            "name": "the responses",
            "label": "対応",
            "key": "number",
            "columns": [{"role": "number", "words": ["対応方針"]}, {"role": "projects", "words": ["事業"]}],
        }
    )
    lines = r"^(?P<fact>[^:：]+)[:：](?P<key>.+)$"
    spec["checks"] = {
        "response category": {
            "check": "same_fact",
            "kind": "response_category",
            "words": "対応の分類は一覧のもの",
            "first": {"table": "the responses", "key": "projects", "value": "projects", "lines": lines},
            "second": {"table": "the project list", "key": "name", "value": "category"},
            "scope": "対応 {key}",
        }
    }
    responses = _table("p1-t3", (("対応方針", "事業"), ("1", "")), 600)
    printed = ["観光:観光アプリの開発", "農水:観光データの分析", "教育:空き家の把握"]  # the last one is not listed
    cell = next(c for c in responses.cells if (c.row, c.col) == (1, 1))
    cell.text, cell.lines = "\n".join(printed), printed
    document = pdf(page(tables=[_table("p1-t1", PROJECT_LIST, 100), responses], size=A3))
    checks = evaluate(SpecProfile(validate(spec, "same_fact_example")).extract(document).cases)[1]
    found = [(r["scope"], r["stated"], r["status"]) for r in checks if r["kind"] == "response_category"]
    assert found == [("対応 観光アプリの開発", "観光", "match"), ("対応 観光データの分析", "農水", "mismatch")]


def test_a_lines_pattern_without_key_and_fact_groups_is_a_sentence() -> None:
    spec = _spec()
    spec["checks"]["roadmap name"]["first"]["lines"] = r"^(.+):(.+)$"
    with pytest.raises(SpecError, match="names no `key` and `fact` groups"):
        validate(spec, "same_fact_example")
