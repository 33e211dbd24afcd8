"""The worked example of docs/PROFILES.md: a series added with a spec alone, read from the page itself
and run on small documents printed here (the truth is what this module prints)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from hyoka.audit.engine import evaluate
from hyoka.extractors import open_document
from hyoka.profiles import MIN_SCORE, ProfileOutput
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from samples.build.common import register_fonts

DOC = Path(__file__).parents[2] / "docs" / "PROFILES.md"
FONT = "IPAexGothic"

MEASURES = (
    ("1", "窓口手続のオンライン化", "市民課"),
    ("2", "庁内ペーパーレス化", "総務課"),
    ("3", "オープンデータの公開", "企画課"),
)
INDICATORS = (
    ("1", "オンライン申請件数", "1,200件", "1,850件"),
    ("2", "紙の使用枚数", "52万枚", ""),
    ("3", "公開データ数", "40件", "65件"),
)


def example_profile() -> SpecProfile:
    block = re.search(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert block is not None, "docs/PROFILES.md shows no YAML spec"
    return SpecProfile(validate(yaml.safe_load(block.group(1)), "docs/PROFILES.md"))


def print_table(canvas: Canvas, top: float, rows: list[tuple[str, ...]], widths: tuple[float, ...]) -> float:
    for row in rows:
        left = 50.0
        for words, width in zip(row, widths, strict=True):
            canvas.rect(left, top - 18, width, 18, stroke=1, fill=0)
            canvas.drawString(left + 3, top - 12, words)
            left += width
        top -= 18
    return top - 30


def print_report(path: Path, *, stated_measures: int, with_list: bool = True, repeated: bool = False) -> Path:
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setFont(FONT, 16)
    canvas.drawString(50, 780, "北斗市DX推進計画 令和5年度進捗状況")
    canvas.setFont(FONT, 10)
    canvas.drawString(50, 740, f"本計画は{stated_measures}つの施策で構成しています。")
    top = 700.0
    if with_list:
        top = print_table(canvas, top, [("施策番号", "施策名", "担当課"), *MEASURES], (60, 260, 120))
    rows = [("施策番号", "成果指標", "R4年度", "R5年度"), *INDICATORS]
    if repeated:  # the first indicator printed again under the last 施策
        rows.append(("3", *INDICATORS[0][1:]))
    print_table(canvas, top, rows, (60, 220, 90, 90))
    canvas.showPage()
    canvas.save()
    return path


@pytest.fixture(scope="module")
def profile() -> SpecProfile:
    return example_profile()


@pytest.fixture(scope="module")
def report(profile: SpecProfile, tmp_path_factory: pytest.TempPathFactory) -> ProfileOutput:
    path = print_report(tmp_path_factory.mktemp("example") / "hokuto.pdf", stated_measures=3)
    document = open_document(path)
    assert profile.score(document) >= MIN_SCORE
    return profile.extract(document)


def test_every_measure_is_read_with_its_evidence(report: ProfileOutput) -> None:
    assert report.problems == []
    assert report.report_fiscal_year == 2023
    read = [(m["measure_key"], m["title"], m["departments_text"]) for m in report.measures]
    assert read == list(MEASURES)
    assert all(m["page"] == 1 and m["bbox"] is not None for m in report.measures)


def test_every_printed_value_is_read_and_a_blank_year_is_no_value(report: ProfileOutput) -> None:
    read = [(v["measure_key"], v["indicator_name"], v["fiscal_year"], v["value_text"]) for v in report.indicator_values]
    years = (2022, 2023)
    printed = [
        (no, name, year, text) for no, name, *texts in INDICATORS for year, text in zip(years, texts, strict=True)
    ]
    printed = [p for p in printed if p[3]]
    assert read == printed
    first = report.indicator_values[0]
    assert (first["value"], first["unit"], first["place"]) == (1200, "件", "成果指標表")


def test_the_stated_count_matches_its_list(report: ProfileOutput) -> None:
    _, checks = evaluate(report.cases)
    # a unique key gives no row; only a key printed twice does
    assert [(r["kind"], r["status"]) for r in checks] == [("sentence_count", "match")]


def test_a_planted_count_and_a_repeated_indicator_are_mismatches(profile: SpecProfile, tmp_path: Path) -> None:
    path = print_report(tmp_path / "planted.pdf", stated_measures=4, repeated=True)
    _, checks = evaluate(profile.extract(open_document(path)).cases)
    found = [(r["kind"], r["status"]) for r in checks]
    assert found == [("sentence_count", "mismatch"), ("duplicate_indicator", "mismatch")]


def test_a_missing_list_is_partial_and_its_count_not_computable(profile: SpecProfile, tmp_path: Path) -> None:
    output = profile.extract(open_document(print_report(tmp_path / "nolist.pdf", stated_measures=3, with_list=False)))
    assert output.problems == ["The 施策 list (施策番号 | 施策名) was not found."]
    _, checks = evaluate(output.cases)
    assert [r["status"] for r in checks if r["kind"] == "sentence_count"] == ["not_computable"]
