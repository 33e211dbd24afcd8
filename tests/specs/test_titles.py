"""A title that ends at a word (`detection.title.ends_at`): the first text printing the word, cut after it,
with the edition's year from that text or from a text of its page or sheet naming a 年度."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hyoka.extractors.model import Cell, Document, Page, Sheet, Table, TextBlock
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate

SPEC: dict[str, Any] = {
    "profile_id": "plan_example",
    "description": "a yearly action plan and its project list",
    "detection": {
        "title": {
            "words": ["実行計画"],
            "weight": 0.1,
            "ends_at": "実行計画",
            "year_label": r"[RＲ]\s*\d+|令和\S*?年度?",
        }
    },
    "tables": [{"name": "the list", "key": "title", "columns": [{"role": "title", "words": ["事業名"]}]}],
}


def read(document: Document) -> tuple[str | None, int | None]:
    output = SpecProfile(validate(SPEC, "plan_example")).extract(document)
    return output.title, output.report_fiscal_year


def page(*texts: str) -> Document:
    blocks = [TextBlock(text, [text], 1, (100, 200 + 40 * i, 460, 220 + 40 * i)) for i, text in enumerate(texts)]
    return Document(Path("plan.pdf"), "pdf", pages=[Page(1, 842, 595, text_blocks=blocks)])


def test_the_year_printed_under_a_cover_title() -> None:
    # The cover's title names no year; the block under it does (and a date of issue names no 年度).
    assert read(page("令和8年3月", "北斗市DX推進実行計画", "令和8（2026）年度版")) == ("北斗市DX推進実行計画", 2026)


def test_the_title_ends_at_its_word() -> None:
    # A print of the list adds its own name after the plan's; the year on the same line is the edition's.
    assert read(page("北斗市DX推進実行計画 プロジェクト一覧 R7")) == ("北斗市DX推進実行計画", 2025)


def test_a_workbook_title_row_or_print_header() -> None:
    title_row = Table("t1", [Cell(0, 0, text="北斗市DX推進実行計画 事業一覧（令和7年度）")], 1, 1, sheet="一覧")
    in_row = Document(Path("list.xlsx"), "xlsx", sheets=[Sheet("一覧", tables=[title_row])])
    assert read(in_row) == ("北斗市DX推進実行計画", 2025)
    in_header = Sheet("一覧", print_header_text=["北斗市DX推進実行計画", "令和6年度版"])
    assert read(Document(Path("list.xlsx"), "xlsx", sheets=[in_header])) == ("北斗市DX推進実行計画", 2024)


def test_no_title_no_year() -> None:
    title, year = read(page("北斗市 事業一覧", "令和7年度"))
    assert (title, year) == (None, None)


def test_a_title_line_under_its_series_line() -> None:
    # The running header is printed on every page, the title line and the series line once each.
    spec = {**SPEC, "detection": {"title": {"words": ["振り返り"], "weight": 0.1, "under_series_line": "振り返り"}}}
    cover = page("行動計画 中間振り返り", "Ⅰ 情報化の基本方針・平成30～令和3年度", "行動計画中間振り返り")
    running = TextBlock("行動計画 中間振り返り", ["行動計画 中間振り返り"], 2, (100, 100, 460, 120))
    cover.pages.append(Page(2, 842, 595, text_blocks=[running]))
    output = SpecProfile(validate(spec, "plan_example")).extract(cover)
    # (its text normalised: the wave dash ～ NFKC ~)
    assert output.title == "情報化の基本方針・平成30~令和3年度 行動計画中間振り返り"
