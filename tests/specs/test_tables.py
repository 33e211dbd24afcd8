import re
from pathlib import Path

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import GradeCase, Where
from hyoka.extractors.model import Document, Evidence, Table, TextBlock
from hyoka.profiles import stated_grade_rule
from hyoka.specs.tables import (
    Item,
    body_rows,
    circled_parts,
    contract_values,
    era_years,
    evidence,
    find_column,
    fiscal_year_of,
    grade_letter,
    has_columns,
    header_fields,
    header_text,
    label_values,
    labelled,
    labelled_value,
    last_before,
    located_cells,
    names_in,
    number_in,
    number_text,
    organisation_names,
    plain,
    reading_order,
    resolve_year,
    same_wording,
    scrambled_similarity,
    similarity,
    squash,
    starting,
    table_end,
    table_start,
    tables_with_headers,
    text_between,
    vocabulary_share,
    where,
    without_circled_number,
    wording_key,
)
from tests.specs.printed import cell, page, pdf, pdf_table, text_block


def _table() -> Table:
    rows = [["施策名", "目標達成率", None], [None, "30年度", "元 年度"], ["1 防災", "100%", "40%"]]
    return pdf_table("p2-1", rows, page=2, header_rows=2, down={(0, 0): 2})


def test_headers_are_read_through_spans_and_matched_squashed() -> None:
    table = _table()
    assert header_text(table, 2) == "目標達成率元年度"
    assert find_column(table, "元年度") == 2
    assert find_column(table, "予算額") is None
    assert list(body_rows(table)) == [2]
    assert squash("Ｒ３ 年度\n予算") == "R3年度予算"


def test_tables_are_found_by_vocabulary_and_carry_evidence() -> None:
    table = _table()
    document = pdf(page(2, [table]))
    assert tables_with_headers(document, "施策名", "30年度") == [table]
    assert tables_with_headers(document, "施策名", "決算額") == []
    rate = table.cell(2, 1)
    assert rate is not None
    assert evidence(rate) == {"page": 2, "bbox": [150.0, 140.0, 250.0, 160.0], "sheet": None, "cell": None}
    assert where(rate).describe() == "p.2 [150, 140, 250, 160]"


def _located_table() -> Table:
    """A label/value table outlined from (0, 50) to (100, 90)."""
    return pdf_table("p1-1", [["施策名", "防災"], ["所管", "総務局"]], top=50, left=0, column=50)


def _document(table: Table, *blocks: TextBlock) -> Document:
    return pdf(page(1, [table], blocks))


def test_columns_and_vocabulary() -> None:
    table = _table()
    assert has_columns(table, "施策名", "30年度")
    assert not has_columns(table, "施策名", "予算額")
    document = _document(table)
    assert vocabulary_share(document, ["施策名", "予算額"]) == 0.5
    # The schema allows exactly the values docs/CONTRACT.md lists for the column.
    assert contract_values("budgets", "item") == _contract_enumeration("item (")
    assert contract_values("indicator_values", "metric") == {"baseline", "target", "actual", "achievement_rate"}


def _contract_enumeration(opening: str) -> set[str]:
    """The `a`|`b`|… values docs/CONTRACT.md lists after `opening`, up to the closing bracket."""
    contract = (Path(__file__).resolve().parents[2] / "docs" / "CONTRACT.md").read_text(encoding="utf-8")
    listed = contract[contract.index(opening) + len(opening) :].split(")", 1)[0]
    return set(re.findall(r"`([a-z_]+)`", listed))


def test_printed_values_are_read_through_the_normalizers() -> None:
    assert plain("Ｒ３") == "R3"
    assert plain("") == ""
    assert grade_letter(cell(0, 0, "Ａ：適切")) == "A"
    assert grade_letter(cell(0, 0, "－")) is None
    assert grade_letter(None) is None
    assert fiscal_year_of("令和3年度") == 2021
    assert fiscal_year_of("平成30～令和3年度") is None  # a range is no one year
    assert fiscal_year_of("合計") is None
    assert number_in("1,616", "千円") == 1_616_000.0
    assert number_in("－") is None
    assert number_text(16.0) == "16"
    assert number_text(8.6) == "8.6"
    assert names_in(cell(0, 0, "上下水道局窓口サービス課", lines=["上下水道局窓口サー", "ビス課"])) == [
        "上下水道局窓口サービス課"
    ]
    assert names_in(cell(0, 0, "市民局 経済局")) == ["市民局", "経済局"]
    assert names_in(None) is None


def test_organisation_names_split_whatever_separates_them() -> None:
    # No separator in the text, a line break between the names.
    assert organisation_names(cell(0, 0, "市民局経済局", lines=["市民局", "経済局"]), "局課") == [
        "市民局",
        "経済局",
    ]
    # A space inside a name where the line wraps: the lines hold it together.
    wrapped = cell(0, 0, "医療局 健康福祉局", lines=["医療局 健康福", "祉局"])
    assert organisation_names(wrapped, "局課") == ["医療局", "健康福祉局"]
    # Nothing between them at all: split where each ends as the whole does.
    assert organisation_names(cell(0, 0, "医療政策課地域包括ケア推進課"), "局課") == [
        "医療政策課",
        "地域包括ケア推進課",
    ]
    # A part too short to be a name is inside one (課税課); an ending not declared splits nothing.
    assert organisation_names(cell(0, 0, "財政局課税課"), "局課") == ["財政局課税課"]
    assert organisation_names(cell(0, 0, "医療局健康福祉局"), "課") == ["医療局健康福祉局"]
    assert organisation_names(None, "局課") is None


def test_similarities() -> None:
    assert similarity("施策名", "施策 名") == 1.0
    assert similarity("防災", "教育") == 0.0
    # bigrams {ab, bc, cd} and {ab, bc, ce}: 2 × 2 shared / 6
    assert similarity("abcd", "abce") == 2 * 2 / 6
    # A vertical label read out of order is still the same characters.
    assert scrambled_similarity("安全安心", "心安全安") == 1.0
    assert scrambled_similarity("ab", "ac") == 0.5
    assert scrambled_similarity("", "") == 0.0
    assert wording_key("データ等の活用（仮称）※R5から") == "データ活用"
    assert same_wording("データの活用", "データ活用")
    assert not same_wording("防災", "教育")


def test_header_fields_and_bare_years() -> None:
    table = pdf_table("t", [["施策名", "30年度目標達成率", "備考"], ["1 防災", "100%", ""]], header_rows=1)
    assert header_fields(table) == {0: ("title", "施策名"), 1: ("achievement_rate", "30年度目標達成率")}
    # 30年度 is 平成30 (2018) when the document prints 2018 in full elsewhere; 元年度 is 令和元 (2019).
    assert resolve_year("30年度目標達成率", {2018, 2019}) == 2018
    assert resolve_year("元年度", {2018, 2019}) == 2019
    assert resolve_year("30年度", set()) is None
    assert resolve_year("令和2年度", set()) == 2020


def test_values_are_found_beside_their_labels() -> None:
    table = _located_table()
    document = _document(table)
    (label,) = labelled(document, "施策 名")
    assert label.right() is not None and label.right().text == "防災"  # type: ignore[union-attr]
    assert label.below() is not None and label.below().text == "所管"  # type: ignore[union-attr]
    assert label.at(1, 1) is not None and label.at(1, 1).text == "総務局"  # type: ignore[union-attr]
    assert label.right().right() is None  # type: ignore[union-attr]
    assert [c.text for c in starting(document, "所")] == ["所管"]
    assert len(list(located_cells(document))) == 4


def test_reading_order_and_text_between() -> None:
    table = _located_table()
    before, after = text_block("表の前", 10), text_block("表の後", 100)
    document = _document(table, after, before)
    order = reading_order(document)
    assert [(i.top, i.block.text if i.block else i.table.table_id) for i in order] == [  # type: ignore[union-attr]
        (10.0, "表の前"),
        (50.0, "p1-1"),
        (100.0, "表の後"),
    ]
    assert table_start(table) == (1, 50.0)
    assert table_end(table) == (1, 90.0)
    assert text_between(document, None, table_start(table)) == "表の前"
    assert text_between(document, table_end(table), (2, 0.0)) == "表の後"
    marks = [Item(1, 10.0), Item(1, 100.0)]
    assert last_before(marks, cell(0, 0, "", evidence=Evidence(page=1, bbox=(0.0, 60.0, 1.0, 70.0)))) == marks[0]
    assert last_before(marks, cell(0, 0, "", evidence=Evidence(sheet="Sheet1", cell="A1"))) is None


def test_a_stated_only_grade_is_recorded_not_recomputed() -> None:
    rule = stated_grade_rule("test_stated", "stated", "a grade with no printed inputs")
    grades, _ = evaluate([GradeCase(rule, "B", Where(page=1, bbox=(0.0, 0.0, 1.0, 1.0)), ())])
    assert [(g["stated_grade"], g["status"]) for g in grades] == [("B", "not_computable")]


def _sheet_head() -> list[Table]:
    """A label/value sheet printed as two tables: labels in the first and the third column, and grades by row."""
    head = [
        ["システム名", "統合宛名システム", None, None],
        ["担当課名", "デジタル戦略課", "段 階", "運用・実施"],
        ["ビジョン", "", None, None],
    ]
    grades = [
        ["評価項目", "評価"],
        ["令和3年度 進捗状況評価", "Ａ：適切"],
        ["目標達成状況の評価", ""],
        ["Ｂ：おおむね適切", ""],
    ]
    return [pdf_table("p10-1", head, page=10), pdf_table("p10-2", grades, page=10, top=200, blank=False)]


def test_a_label_value_is_found_in_any_column_of_any_table() -> None:
    tables = _sheet_head()
    assert (value := labelled_value(tables, "事業段階", "段階")) is not None and value.text == "運用・実施"
    assert (value := labelled_value(tables, "担当課")) is None
    assert (value := labelled_value(tables, "担当課", prefix=True)) is not None and value.text == "デジタル戦略課"
    # A label printing no value beside it and nothing below has none.
    assert labelled_value(tables, "ビジョン") is None


def test_label_values_take_the_value_right_else_below() -> None:
    pairs = label_values(_sheet_head(), lambda text: text.endswith("の評価") or text.endswith("状況評価"))
    assert [(label.text, value.text) for label, value in pairs] == [
        ("令和3年度 進捗状況評価", "Ａ：適切"),
        ("目標達成状況の評価", "Ｂ：おおむね適切"),
    ]


def test_a_row_numbering_its_items_in_every_cell_is_one_record_per_item() -> None:
    ev = Evidence(page=4, bbox=(10.0, 20.0, 300.0, 60.0))
    row = [cell(3, 0, "①検討 ②精査", evidence=ev), cell(3, 1, "①実施②実施", evidence=ev)]
    first, second = circled_parts(row)
    assert [c.text for c in first] == ["①検討", "①実施"]
    assert [c.text for c in second] == ["②精査", "②実施"]
    assert second[0].evidence == ev and second[0].value_text == "②精査"
    # Items numbered differently, or numbered in one cell only, are one record as printed.
    assert circled_parts([row[0], cell(3, 1, "①実施", evidence=ev)]) == [[row[0], cell(3, 1, "①実施", evidence=ev)]]
    plain_row = [cell(3, 0, "研修の回数"), cell(3, 1, "①実施 ②実施")]
    assert circled_parts(plain_row) == [plain_row]
    assert without_circled_number("①研修受講人数") == "研修受講人数"
    assert without_circled_number("研修受講人数") == "研修受講人数"


def test_the_years_headers_print_with_their_era_are_what_bare_years_are_read_against() -> None:
    # 30年度 bare: no era; 令和2年度 a value, not a header.
    rows = [["平成30年度目標達成率", "令和元年度目標達成率", "30年度"], ["令和2年度"]]
    document = pdf(page(2, [pdf_table("p2-1", rows, page=2, header_rows=1)]))
    assert era_years(document) == {2018, 2019}
    assert resolve_year("元年度", era_years(document)) == 2019
