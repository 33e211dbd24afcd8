"""The edition sweep's scoring (bench/editions.py) on hand-made rows whose right answer is worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.editions import (
    SERIES,
    Cause,
    DocumentResult,
    YokohamaKanmin,
    cause_counts,
    cause_lines,
    compare_table,
    document_series,
    failure_lines,
    identity_errors,
    main,
    markdown_table,
    producer_lines,
    read_causes,
    score_document,
)
from bench.scoring import AUDIT_RULES, FLAGGED, TableSpec, score_audit, squash

ROOT = Path(__file__).resolve().parents[2]

BUDGET = TableSpec(
    "budgets",
    key=lambda r: (r["measure_key"], r["item"]),
    value=lambda r: (float(r["amount"]),),
)


def test_a_wrong_value_pairs_with_its_truth_row_and_the_rest_is_missing_or_extra() -> None:
    truth = [
        {"measure_key": "1", "item": "予算", "amount": "100"},
        {"measure_key": "1", "item": "決算", "amount": "90"},
        {"measure_key": "2", "item": "予算", "amount": "50"},
    ]
    found = [
        {"measure_key": "1", "item": "予算", "amount": 100.0, "page": 3, "bbox": [10.2, 20.7, 30, 40]},
        {"measure_key": "1", "item": "決算", "amount": 99.0, "page": 3, "bbox": [10, 50, 30, 60]},
        {"measure_key": "3", "item": "予算", "amount": 7.0, "sheet": "一覧", "cell": "C4"},
    ]
    result = compare_table(truth, found, BUDGET)
    assert (result.score.tp, result.score.fp, result.score.fn) == (1, 2, 2)
    assert result.score.recall == pytest.approx(1 / 3)
    assert result.score.precision == pytest.approx(1 / 3)
    assert result.wrong == [{"key": ("1", "決算"), "expected": (90.0,), "got": (99.0,), "where": "p3 [10, 50, 30, 60]"}]
    assert result.missing == [{"key": ("2", "予算"), "expected": (50.0,)}]
    assert result.extra == [{"key": ("3", "予算"), "got": (7.0,), "where": "一覧!C4"}]
    assert not result.perfect
    assert result.cell() == "0.333 / 0.333"


def test_a_value_printed_twice_needs_two_output_rows() -> None:
    truth = [{"measure_key": "1", "item": "予算", "amount": "100"}] * 2
    found = [{"measure_key": "1", "item": "予算", "amount": 100.0}]
    result = compare_table(truth, found, BUDGET)
    assert (result.score.tp, result.score.fp, result.score.fn) == (1, 0, 1)
    assert result.missing == [{"key": ("1", "予算"), "expected": (100.0,)}]
    assert result.wrong == [] and result.extra == []


def test_nothing_to_find_and_nothing_found_is_a_dot() -> None:
    result = compare_table([], [], BUDGET)
    assert result.perfect
    assert result.cell() == "·"


def _explains(inconsistency: dict[str, str], finding: dict[str, str]) -> bool:
    return inconsistency["kind"] == finding["kind"] and inconsistency["scope"] in finding["check_id"]


def test_audit_found_missed_false_alarms_and_tolerated() -> None:
    inconsistencies = [
        {"kind": "summary_sum", "scope": "施策1", "stated": "10", "expected": "11"},
        {"kind": "summary_sum", "scope": "施策2", "stated": "5", "expected": "6"},
    ]
    flagged = [
        {"kind": "summary_sum", "check_id": "summary_sum:施策1", "status": "mismatch", "page": 2},
        {"kind": "summary_sum", "check_id": "summary_sum:施策9", "status": "mismatch", "page": 4, "stated": "3"},
        {"kind": "edge", "check_id": "edge:施策3", "status": "ambiguous", "page": 5},
    ]
    audit = score_audit(inconsistencies, flagged, _explains, lambda r: r["kind"] == "edge")
    assert (audit.inconsistencies, audit.found) == (2, 1)
    assert audit.missed == [{"kind": "summary_sum", "scope": "施策2", "stated": "5", "expected": "6"}]
    assert [a["id"] for a in audit.false_alarms] == ["summary_sum:施策9"]
    assert audit.false_alarms[0]["stated"] == "3"
    assert audit.false_alarms[0]["where"] == "p4"


def test_one_finding_can_explain_two_inconsistencies() -> None:
    inconsistencies = [
        {"kind": "summary_sum", "scope": "施策1", "stated": "", "expected": ""},
        {"kind": "summary_sum", "scope": "施策1", "stated": "", "expected": ""},
    ]
    flagged = [{"kind": "summary_sum", "check_id": "summary_sum:施策1", "status": "mismatch"}]
    audit = score_audit(inconsistencies, flagged, _explains, lambda r: False)
    assert audit.found == 2 and audit.missed == [] and audit.false_alarms == []


def test_squash_drops_every_space_and_folds_width() -> None:
    assert squash("ＡＢＣ 指標\u3000１") == "ABC指標1"
    assert squash(None) == ""


def test_sasebo_matches_kpis_by_title_so_a_renumbered_kpi_is_the_same_row() -> None:
    sasebo = SERIES["sasebo_dx_action_plan"]
    truth_measures = [{"measure_key": "K3", "level": "kpi", "title": "電子申請件数"}]
    output_measures = [{"measure_key": "K2", "level": "kpi", "title": "電子申請件数"}]
    truth_values = sasebo.renamed(truth_measures, [{"measure_key": "K3", "indicator_key": "K3", "value": "5"}])
    output_values = sasebo.renamed(output_measures, [{"measure_key": "K2", "indicator_key": "K2", "value": 5.0}])
    assert truth_values[0]["measure_key"] == output_values[0]["measure_key"] == "KPI 電子申請件数"
    assert truth_values[0]["indicator_key"] == output_values[0]["indicator_key"] == "KPI 電子申請件数"
    assert sasebo.renamed(truth_measures, [{"measure_key": "P1"}]) == [{"measure_key": "P1"}]


def test_sasebo_project_list_is_scored_on_its_part_of_the_truth() -> None:
    sasebo = SERIES["sasebo_dx_action_plan"]
    assert sasebo.part("sasebo_dx_project_list.pdf") == "project_list"
    assert sasebo.part("sasebo_dx_action_plan.pdf") == "all"
    measures = [{"level": "project", "measure_key": "P1"}, {"level": "kpi", "measure_key": "K1"}]
    assert sasebo.truth_part("project_list", "measures", measures) == [measures[0]]
    assert sasebo.truth_part("all", "measures", measures) == measures
    inconsistencies = [
        {"kind": "duplicate_id", "scope": "project list rows 3 and 9"},
        {"kind": "duplicate_id", "scope": "roadmap DX1-2"},
        {"kind": "name_variant", "scope": "plan vs project list"},
        {"kind": "kpi_sum", "scope": "project list"},
    ]
    assert sasebo.truth_part("project_list", "inconsistencies", inconsistencies) == [
        inconsistencies[0],
        inconsistencies[2],
    ]


def test_a_neutral_judgement_is_not_counted_as_a_finding() -> None:
    # The engine states a neutral wording as `no_claim`; the benchmark counts only what claims a difference.
    assert set(FLAGGED) == {"mismatch", "ambiguous", "notation"}
    sasebo = AUDIT_RULES["sasebo_dx_action_plan"]
    assert not sasebo.tolerated({"kind": "kpi_progress", "status": "mismatch", "stated": "on_track"})


def test_identity_errors_name_each_field_that_differs() -> None:
    truth = {"municipality_code": "141003", "title": "横浜市 中期計画 振り返り", "report_fiscal_year": "2023"}
    right = {
        "profile": "p",
        "municipality_code": "141003",
        "title": "横浜市中期計画　振り返り",
        "report_fiscal_year": 2023,
    }
    assert identity_errors(right, "p", truth) == []
    wrong = {**right, "profile": "q", "report_fiscal_year": 2022.0}
    assert identity_errors(wrong, "p", truth) == ["profile: 'q', truth 'p'", "report_fiscal_year: 2022, truth 2023"]


def test_document_series_follows_the_layout_table() -> None:
    series = document_series(ROOT)
    assert series["sasebo_dx_project_list.xlsx"] == "sasebo_dx_action_plan"
    assert series["hokkaido_basic_evaluation.pdf"] == "hokkaido_basic_evaluation"
    assert set(series.values()) == set(SERIES)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_a_document_is_scored_alone_with_its_series_keys(tmp_path: Path) -> None:
    # 横浜 官民データ: indicators matched by name (the print has no numbers), only the 評価指標表 place scored.
    _write(
        tmp_path / "document.csv",
        "municipality_code,title,report_fiscal_year\n141003,官民データ活用 状況,2023\n",
    )
    _write(
        tmp_path / "measures.csv",
        "measure_key,measure_no,title,level,group_name,departments,divisions,stage,"
        "flag_kanmin_data,flag_sentan_gijutsu,flag_leading\n"
        "1,1,オープンデータ,measure,,デジタル統括本部,,,true,,\n",
    )
    _write(
        tmp_path / "indicator_values.csv",
        "measure_key,indicator_key,indicator_name,fiscal_year,metric,value,value_text,place\n"
        "1,I9,公開 データ数,2023,actual,120,120件,評価指標表\n",
    )
    _write(
        tmp_path / "inconsistencies.csv",
        "kind,scope,stated,expected,description\nsummary_count,オープンデータ,3,4,「公開件数」\n",
    )
    document = {
        "source_file": "/x/yokohama_kanmin_data_status.pdf",
        "status": "ok",
        "profile": "yokohama_kanmin_data_status",
        "municipality_code": "141003",
        "title": "官民データ活用状況",
        "report_fiscal_year": 2023,
    }
    measure = {
        "measure_key": "1",
        "measure_no": "1",
        "title": "オープンデータ",
        "level": "measure",
        "departments": ["デジタル統括本部"],
        "flag_kanmin_data": True,
    }
    output = {
        "measures": [measure],
        "indicator_values": [
            {
                "measure_key": "1",
                "indicator_key": None,
                "indicator_name": "公開データ数",
                "fiscal_year": 2023,
                "metric": "actual",
                "value": 120.0,
                "value_text": "120件",
                "place": "評価指標表",
            },
            {
                "measure_key": "1",
                "indicator_key": None,
                "indicator_name": "本文の数",
                "fiscal_year": 2023,
                "metric": "actual",
                "value": 3.0,
                "value_text": "3",
                "place": "本文",
            },
        ],
        "checks": [
            {"check_id": "summary_count:公開件数", "kind": "summary_count", "scope": "別表", "status": "mismatch"},
            {"check_id": "summary_count:他", "kind": "summary_count", "scope": "他", "status": "ok"},
        ],
    }
    assert isinstance(SERIES["yokohama_kanmin_data_status"], YokohamaKanmin)
    result = score_document("b", 1, document, output, "yokohama_kanmin_data_status", tmp_path)
    assert result.identity_errors == []
    assert result.tables["measures"].perfect and result.tables["measures"].score.tp == 1
    assert result.tables["indicator_values"].perfect and result.tables["indicator_values"].output == 1
    assert result.tables["budgets"].cell() == "·"
    assert (result.audit.found, result.audit.missed, result.audit.false_alarms) == (1, [], [])
    assert result.facts == (2, 2)
    assert result.perfect


def test_markdown_row_and_failure_evidence() -> None:
    wrong = compare_table(
        [{"measure_key": "1", "item": "予算", "amount": "100"}],
        [{"measure_key": "1", "item": "予算", "amount": 10.0, "page": 2}],
        BUDGET,
    )
    empty = compare_table([], [], BUDGET)
    audit = score_audit([], [], _explains, lambda r: False)
    result = DocumentResult(
        "a",
        4,
        "a.pdf",
        "hokkaido_basic_evaluation",
        "partial",
        "主①: no 達成率の算式",
        ["profile: 'x', truth 'hokkaido_basic_evaluation'"],
        {"measures": empty, "indicator_values": empty, "budgets": wrong, "grades": empty},
        audit,
    )
    row = markdown_table([result]).splitlines()[-1]
    assert row == "| a | v4 | a.pdf | partial (identity wrong) | 0/1 | · | · | 0.000 / 0.000 | · | 0/0 | 0 |"
    lines = failure_lines(result)
    assert lines[:2] == ["- **a v4 a.pdf** (status partial)", "  - error: 主①: no 達成率の算式"]
    assert "  - identity: profile: 'x', truth 'hokkaido_basic_evaluation'" in lines
    assert '  - budgets wrong: `{"key": ["1", "予算"], "expected": [100.0], "got": [10.0], "where": "p2"}`' in lines


def test_each_producer_gets_its_line_of_facts_findings_and_false_alarms() -> None:
    found = compare_table(
        [{"measure_key": "1", "item": "予算", "amount": "100"}, {"measure_key": "2", "item": "予算", "amount": "5"}],
        [{"measure_key": "1", "item": "予算", "amount": 100.0}],
        BUDGET,
    )
    empty = compare_table([], [], BUDGET)
    audit = score_audit([{"kind": "k", "scope": "s"}], [], _explains, lambda r: False)
    tables = {"measures": empty, "indicator_values": empty, "budgets": found, "grades": empty}
    results = [
        DocumentResult(producer, 1, "a.pdf", "hokkaido_basic_evaluation", "ok", None, [], tables, audit)
        for producer in ("b", "a", "b")
    ]
    assert producer_lines(results) == [
        "- **producer a: 0 of 1 documents perfect**; facts found 1/2; findings found 0/1; false alarms 0",
        "- **producer b: 0 of 2 documents perfect**; facts found 2/4; findings found 0/2; false alarms 0",
    ]


def test_variant_0_alone_of_the_first_producer_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["--producers", "a", "--variants", "0"])
    with pytest.raises(SystemExit):
        main(["--producers", "c", "--variants", "1"])


def test_each_imperfect_document_gets_its_judged_causes_and_stale_ones_are_named(tmp_path: Path) -> None:
    path = tmp_path / "causes.csv"
    path.write_text(
        "producer,edition,document,layer,cause\n"
        "b,2,a.pdf,format,a figure wider than its cell spills a digit\n"
        "b,2,a.pdf,builder,truth omits a difference the edition prints\n"
        "a,1,a.pdf,profile,was wrong once\n",
        encoding="utf-8",
    )
    causes = read_causes(path)
    assert causes[("b", 2, "a.pdf")][1] == Cause("builder", "truth omits a difference the edition prints")
    found = compare_table([{"measure_key": "1", "item": "予算", "amount": "100"}], [], BUDGET)
    perfect = compare_table([], [], BUDGET)
    audit = score_audit([], [], _explains, lambda r: False)

    def result(producer: str, edition: int, budgets: object) -> DocumentResult:
        tables = {"measures": perfect, "indicator_values": perfect, "budgets": budgets, "grades": perfect}
        return DocumentResult(producer, edition, "a.pdf", "hokkaido_basic_evaluation", "ok", None, [], tables, audit)

    lines = cause_lines([result("b", 2, found), result("b", 3, found), result("a", 1, perfect)], causes)
    assert lines == [
        "- **b v2 a.pdf**",
        "  - format: a figure wider than its cell spills a digit",
        "  - builder: truth omits a difference the edition prints",
        "- **b v3 a.pdf**: not yet judged",
        "- a v1 a.pdf: perfect now; its causes in editions_causes.csv are stale",
    ]
    assert read_causes(tmp_path / "none.csv") == {}
    assert cause_counts([result("b", 2, found), result("b", 3, found)], causes) == [
        "| 1 | format | a figure wider than its cell spills a digit |",
        "| 1 | builder | truth omits a difference the edition prints |",
    ]
