"""The benchmark's matching rules, on hand-made rows whose right score is worked out by hand."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bench.__main__ import findings_of
from bench.corpus import load_truth, printed_table_cells, reports
from bench.runner import distinct_copy
from bench.scoring import (
    AUDIT_RULES,
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
    norm_flag,
    norm_names,
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


def test_the_truth_scored_against_itself_is_perfect() -> None:
    # Guards the rules against the real truth files: duplicate rows, blank keys, text values.
    root = Path(__file__).resolve().parents[2]
    for report in reports(root):
        truth = load_truth(report.truth_dir)
        for spec in TABLES:
            rows = flag_rows(truth["measures"]) if spec.name == "flags" else truth[spec.name]
            assert score_report(rows, [rows, rows], spec) == Score(tp=len(rows), fp=0, fn=0), (report.name, spec.name)


def test_a_comparison_names_the_missed_truth_rows_and_the_wrong_output_rows() -> None:
    truth = [
        {"measure_key": "1", "fiscal_year": "2019", "item": "budget", "amount": "100", "unit": "円"},
        {"measure_key": "2", "fiscal_year": "2019", "item": "budget", "amount": "200", "unit": "円"},
    ]
    found = [{"measure_key": "2", "fiscal_year": 2019, "item": "budget", "amount": 250.0, "unit": "円"}]
    comparison = compare_report(truth, [found], BUDGETS)
    assert comparison.missed == [0, 1]
    assert comparison.wrong == [(("2", 2019, "budget"), (250.0, "円"))]


def test_every_report_of_the_layout_has_audit_rules() -> None:
    root = Path(__file__).resolve().parents[2]
    assert {report.name for report in reports(root)} == set(AUDIT_RULES)


def test_findings_are_the_flagged_grades_and_checks_with_nan_as_none() -> None:
    tables = {
        "grades": [
            {"grade_type": "mid_term", "measure_key": "3", "fiscal_year": float("nan"), "status": "mismatch"},
            {"grade_type": "mid_term", "measure_key": "4", "fiscal_year": 2022, "status": "ok"},
        ],
        "checks": [{"check_id": "summary_sum:A", "kind": "summary_sum", "status": "ambiguous"}],
    }
    assert findings_of(tables) == [
        {"grade_type": "mid_term", "measure_key": "3", "fiscal_year": None, "status": "mismatch"},
        {"check_id": "summary_sum:A", "kind": "summary_sum", "status": "ambiguous"},
    ]


def test_yokohama_review_explains_a_list_grade_of_the_same_measure_only() -> None:
    rules = AUDIT_RULES["yokohama_action_plan_review"]
    wrong_grade = {"kind": "grade_mismatch", "measure_key": "12", "scope": "施策 12 list"}
    assert rules.explains(wrong_grade, {"grade_type": "mid_term", "measure_key": "12", "place": "list"})
    assert not rules.explains(wrong_grade, {"grade_type": "mid_term", "measure_key": "12", "place": "detail"})
    assert not rules.explains(wrong_grade, {"grade_type": "mid_term", "measure_key": "13", "place": "list"})
    # 施策 23's band-edge average is ambiguous by design (truth README), not a false alarm.
    assert rules.tolerated({"grade_type": "mid_term", "status": "ambiguous", "measure_key": "23"})
    assert not rules.tolerated({"grade_type": "mid_term", "status": "mismatch", "measure_key": "23"})


def test_sasebo_needs_the_project_id_and_year_of_the_scope_in_the_check_id() -> None:
    rules = AUDIT_RULES["sasebo_dx_action_plan"]
    duplicate = {"kind": "duplicate_id", "scope": "project list: PID 農水2-b-1 (2023)", "stated": "", "expected": ""}
    assert rules.explains(duplicate, {"kind": "duplicate_id", "check_id": "duplicate_id:農水2-b-1:2023"})
    assert rules.explains(duplicate, {"kind": "duplicate_roadmap_id", "check_id": "dup:農水2-b-1:2023"})
    assert not rules.explains(duplicate, {"kind": "duplicate_id", "check_id": "duplicate_id:農水2-b-1:2024"})
    assert not rules.explains(duplicate, {"kind": "kpi_sum", "check_id": "kpi_sum:農水2-b-1:2023"})


def test_tokorozawa_matches_a_cross_reference_by_the_page_of_the_scope() -> None:
    rules = AUDIT_RULES["tokorozawa_ict_action_plan"]
    department = {"kind": "department_mismatch", "scope": "P.14 市民活動支援システム", "stated": "", "expected": ""}
    assert rules.explains(department, {"kind": "department_cross_reference", "check_id": "dept:14", "stated": "x"})
    assert not rules.explains(department, {"kind": "department_cross_reference", "check_id": "dept:15"})
    assert not rules.explains(department, {"kind": "name_cross_reference", "check_id": "name:14"})


def test_the_cells_of_a_printed_indicator_table_are_scored_by_table_and_name() -> None:
    # 官民データ's RPA table: the truth transcribes it as printed (table_rpa.csv), naming no measure or year.
    truth = load_truth(Path(__file__).resolve().parents[2] / "samples" / "truth" / "yokohama_kanmin_data_status")
    rpa = [r for r in truth["indicator_values"] if r["place"] == "実証実験の対象業務と削減率"]
    assert len(rpa) == 14
    as_written = {
        "measure_key": "施策6", "fiscal_year": 2018, "metric": "actual", "place": "実証実験の対象業務と削減率",
        "indicator_name": "規則等の意見公募に係るホームページ公開手続業務 年間想定削減時間",
        "value": 740.0, "value_text": "12時間20分",
    }  # fmt: skip
    blank = {
        **as_written, "indicator_name": "支出スケジュールの予定表（グループウェア）への登録業務 想定削減率",
        "value": None, "value_text": "－※1", "na_marker": "－",
    }  # fmt: skip
    first_and_last = [rpa[0], rpa[-1]]
    assert score_report(first_and_last, [[as_written, blank]], INDICATOR_VALUES) == Score(tp=2, fp=0, fn=0)
    # A wrong value, or the time under the rate's name, is wrong.
    wrong_value = {**as_written, "value": 741.0}
    assert score_report(first_and_last, [[wrong_value, blank]], INDICATOR_VALUES) == Score(tp=1, fp=1, fn=1)
    misnamed = {**as_written, "indicator_name": "規則等の意見公募に係るホームページ公開手続業務 想定削減率"}
    assert score_report(first_and_last, [[misnamed, blank]], INDICATOR_VALUES) == Score(tp=1, fp=1, fn=1)
