"""The benchmark's matching rules, on hand-made rows whose right score is worked out by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bench.corpus import load_truth, printed_table_cells, reports
from bench.runner import distinct_copy
from bench.scoring import (
    BUDGETS,
    GRADES,
    INDICATOR_VALUES,
    MEASURES,
    TABLES,
    Score,
    cell_recall,
    cell_texts,
    compare_report,
    flag_rows,
    match_findings,
    norm_flag,
    norm_names,
    scope_share,
    scope_words,
    score_report,
)


def test_score_counts_make_precision_recall_and_f1() -> None:
    score = Score(tp=3, fp=1, fn=2)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_nothing_to_find_and_nothing_found_is_perfect_but_finding_nothing_is_not() -> None:
    assert Score(0, 0, 0).f1 == 1.0
    assert Score(0, 0, 5).f1 == 0.0
    assert Score(0, 2, 0).precision == 0.0


def test_measure_text_is_compared_normalised_and_lists_ignore_order() -> None:
    truth = [
        {"measure_key": "1", "title": "ＩＣＴを活用した　　下水道", "departments": "政策局 | 総務局", "divisions": ""}
    ]
    found = [
        {"measure_key": "1", "title": "ICTを活用した 下水道", "departments": ["総務局", "政策局"], "divisions": None}
    ]
    assert score_report(truth, [found], MEASURES) == Score(tp=1, fp=0, fn=0)


def test_a_row_with_the_right_key_and_a_wrong_value_is_one_false_positive_and_one_miss() -> None:
    truth = [{"measure_key": "1", "fiscal_year": "2019", "item": "budget", "amount": "619000", "unit": "円"}]
    found = [{"measure_key": "1", "fiscal_year": 2019, "item": "budget", "amount": 619.0, "unit": "円"}]
    assert score_report(truth, [found], BUDGETS) == Score(tp=0, fp=1, fn=1)


def test_amounts_match_within_the_relative_tolerance() -> None:
    truth = [{"measure_key": "1", "fiscal_year": "2019", "item": "budget", "amount": "1616000", "unit": "円"}]
    close = [{"measure_key": "1", "fiscal_year": 2019.0, "item": "budget", "amount": 1616000.0000001, "unit": "円"}]
    assert score_report(truth, [close], BUDGETS).tp == 1


def test_an_indicator_is_recognised_by_its_key_or_by_its_name() -> None:
    truth = [
        {"measure_key": "1", "indicator_key": "rate", "indicator_name": "目標達成率", "fiscal_year": "2018",
         "metric": "achievement_rate", "value": "100", "value_text": "100%"},
        {"measure_key": "1", "indicator_key": "k2", "indicator_name": "参加者数", "fiscal_year": "2018",
         "metric": "actual", "value": "", "value_text": "調整中"},
    ]  # fmt: skip
    found = [
        {"measure_key": "1", "indicator_key": "1-1", "indicator_name": "目標達成率", "fiscal_year": 2018,
         "metric": "achievement_rate", "value": 100.0, "value_text": "100%"},
        {"measure_key": "1", "indicator_key": "k2", "indicator_name": None, "fiscal_year": 2018,
         "metric": "actual", "value": None, "value_text": "調整中"},
    ]  # fmt: skip
    assert score_report(truth, [found], INDICATOR_VALUES) == Score(tp=2, fp=0, fn=0)


def test_the_same_value_printed_twice_needs_two_rows() -> None:
    row = {
        "measure_key": "1",
        "grade_type": "mid_term",
        "fiscal_year": "2019",
        "stated_grade": "C",
        "stated_value": "70",
    }
    found = [{**row, "fiscal_year": 2019, "stated_value": 70.0}]
    assert score_report([row, row], [found], GRADES) == Score(tp=1, fp=0, fn=1)


def test_grades_keep_their_case() -> None:
    truth = [{"measure_key": "", "grade_type": "judgement", "fiscal_year": "2020", "stated_grade": "C"}]
    found = [{"measure_key": None, "grade_type": "judgement", "fiscal_year": 2020, "stated_grade": "c"}]
    assert score_report(truth, [found], GRADES) == Score(tp=0, fp=1, fn=1)


def test_a_report_printed_twice_is_scored_once() -> None:
    truth = [
        {"measure_key": "1101", "fiscal_year": "2020", "item": "project_cost", "amount": "1616000", "unit": "円"},
        {"measure_key": "1102", "fiscal_year": "2020", "item": "project_cost", "amount": "5000", "unit": "円"},
    ]
    wrong = {"measure_key": "1103", "fiscal_year": 2020, "item": "project_cost", "amount": 1.0, "unit": "円"}
    workbook = [{**truth[0], "amount": 1616000.0}, wrong]
    printed = [{**truth[1], "amount": 5000.0}, wrong]
    # Each print finds one truth row; the same wrong row from both prints is one false positive.
    assert score_report(truth, [workbook, printed], BUDGETS) == Score(tp=2, fp=1, fn=0)


def test_flags_are_one_row_per_stated_flag() -> None:
    measures = [{"measure_key": "2", "flag_kanmin_data": "false", "flag_sentan_gijutsu": "true", "flag_leading": ""}]
    assert flag_rows(measures) == [
        {"measure_key": "2", "flag": "flag_kanmin_data", "value": False},
        {"measure_key": "2", "flag": "flag_sentan_gijutsu", "value": True},
    ]


def test_normalisers_of_flags_and_name_lists() -> None:
    assert norm_flag("true") is True and norm_flag(False) is False and norm_flag(float("nan")) is None
    assert norm_names("総務局 | 市民局") == ("市民局", "総務局")
    assert norm_names(None) == ()


def test_scope_words_drop_english_glue_and_split_on_punctuation() -> None:
    assert scope_words("P.14 市民活動支援システム: 主担当課 vs 担当課名") == [
        "P.14",
        "市民活動支援システム",
        "主担当課",
        "担当課名",
    ]


def test_findings_match_by_kind_and_scope_words_one_to_one() -> None:
    expected = [
        {"kind": "summary_count", "scope": "分野別集計 1 安全で安心できる豊かな市民生活 / A評価", "stated": "4"},
        {"kind": "summary_count", "scope": "分野別集計 1 安全で安心できる豊かな市民生活 / B評価", "stated": "32"},
        {"kind": "duplicate_id", "scope": "project list: PID 農水2-b-1/2-2", "stated": ""},
    ]
    findings = [
        {"kind": "summary_count", "scope": "分野別集計 安全で安心できる豊かな市民生活 B評価", "stated": "32"},
        {"kind": "summary_count", "scope": "分野別集計 安全で安心できる豊かな市民生活 A評価", "stated": "4"},
        {"kind": "total", "scope": "分野別集計 合計", "stated": "40"},
        {"kind": ["judgement_rule", "judgement"], "scope": "農水2-b-1 2-2", "detail": "", "stated": ""},
    ]
    score = match_findings(expected, findings)
    assert score.found == [(0, 1), (1, 0)]
    assert score.missed == [2]
    assert score.false_alarms == [2, 3]


def test_a_grade_finding_answers_to_its_rule() -> None:
    expected = [{"kind": "judgement_notation", "scope": "5 (2)取組の分析 判定", "stated": "C"}]
    finding = {
        "kind": ["judgement_notation", "judgement"],
        "scope": " judgement 2020",
        "detail": "(2)取組の分析 判定 C",
        "stated": "C",
    }
    assert match_findings(expected, [finding]).found == [(0, 0)]


def test_cell_recall_counts_distinct_whole_cells() -> None:
    truth = cell_texts(["１２３", "A", "ICT\n推進", ""])
    tool = cell_texts(["123", "ICT 推進 計画", "B"])
    assert truth == {"123", "A", "ICT 推進"}
    assert cell_recall(truth, tool) == (1, 3)


def test_printed_table_cells_leave_out_seed_lines_and_derived_columns(tmp_path: Path) -> None:
    table = tmp_path / "table_rpa.csv"
    table.write_text("No,対象業務,saved_minutes,seed_line\n1,公開手続業務,740,430\n", encoding="utf-8")
    assert printed_table_cells(table) == ["1", "公開手続業務"]


def test_reports_come_from_the_truth_readme_layout(tmp_path: Path) -> None:
    (tmp_path / "samples" / "truth").mkdir(parents=True)
    (tmp_path / "samples" / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "samples" / "truth" / "README.md").write_text(
        "| folder | seed | sample documents |\n|---|---|---|\n"
        "| `rep_a/` | 000.txt | `samples/a.pdf`, `samples/a.xlsx` |\n",
        encoding="utf-8",
    )
    [report] = reports(tmp_path)
    assert report.name == "rep_a"
    assert report.documents == [tmp_path / "samples" / "a.pdf"]  # a.xlsx is not built


def test_distinct_copies_differ_in_bytes_and_keep_the_workbook_readable(tmp_path: Path) -> None:
    pdf, workbook = tmp_path / "r.pdf", tmp_path / "r.xlsx"
    pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    distinct_copy(pdf, tmp_path / "c1" / "r.pdf", 1)
    distinct_copy(pdf, tmp_path / "c2" / "r.pdf", 2)
    distinct_copy(workbook, tmp_path / "c1" / "r.xlsx", 1)
    copies = [(tmp_path / c / "r.pdf").read_bytes() for c in ("c1", "c2")]
    assert copies[0] != copies[1] and all(c.startswith(pdf.read_bytes()) for c in copies)
    assert (tmp_path / "c1" / "r.xlsx").read_bytes() != workbook.read_bytes()
    with zipfile.ZipFile(tmp_path / "c1" / "r.xlsx") as archive:
        assert archive.read("xl/workbook.xml") == b"<workbook/>"


def test_a_bare_number_in_a_scope_counts_only_as_a_whole_word() -> None:
    assert scope_share("分野 1", "分野 12") == 0.5
    assert scope_share("分野 1", "分野: 1") == 1.0


def test_the_truth_scored_against_itself_is_perfect() -> None:
    # Guards the rules against the real truth files: duplicate rows, blank keys, text values.
    root = Path(__file__).resolve().parents[2]
    for report in reports(root):
        truth = load_truth(report.truth_dir)
        for spec in TABLES:
            rows = flag_rows(truth["measures"]) if spec.name == "flags" else truth[spec.name]
            assert score_report(rows, [rows, rows], spec) == Score(tp=len(rows), fp=0, fn=0), (report.name, spec.name)
        known = truth["inconsistencies"]
        assert match_findings(known, known).found == [(i, i) for i in range(len(known))], report.name


def test_a_comparison_names_the_missed_truth_rows_and_the_wrong_output_rows() -> None:
    truth = [
        {"measure_key": "1", "fiscal_year": "2019", "item": "budget", "amount": "100", "unit": "円"},
        {"measure_key": "2", "fiscal_year": "2019", "item": "budget", "amount": "200", "unit": "円"},
    ]
    found = [{"measure_key": "2", "fiscal_year": 2019, "item": "budget", "amount": 250.0, "unit": "円"}]
    comparison = compare_report(truth, [found], BUDGETS)
    assert comparison.missed == [0, 1]
    assert comparison.wrong == [(("2", 2019, "budget"), (250.0, "円"))]
