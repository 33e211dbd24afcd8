"""A spec's `title` hook: a series printing its title its own way (here in a workbook's print header, which
the title words of `detection.title` never see) reads the title and the edition's year itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hyoka import normalizers as nz
from hyoka.extractors.model import Document, Sheet
from hyoka.specs import SpecProfile
from hyoka.specs.schema import SeriesSpec, validate

SPEC: dict[str, Any] = {
    "profile_id": "list_example",
    "description": "a project list printed as a workbook",
    "detection": {},
    "tables": [{"name": "the list", "key": "title", "columns": [{"role": "title", "words": ["事業名"]}]}],
    "vocabulary": {"title word": "実行計画"},
}


def title_in_print_header(document: Document, spec: SeriesSpec) -> tuple[str | None, int | None]:
    """The hook: the print-header text holding the spec's title word, and the year it names."""
    word = spec.vocabulary["title word"]
    for text in (t for sheet in document.sheets for t in sheet.print_header_text):
        if word in text:
            year = nz.fiscal_year(text).value
            return text, year if isinstance(year, int) else None
    return None, None


def workbook() -> Document:
    sheet = Sheet("一覧", print_header_text=["北斗市 DX推進実行計画 令和7年度版"])
    return Document(Path("list.xlsx"), "xlsx", sheets=[sheet])


def test_the_hook_reads_the_title_and_year() -> None:
    spec = {**SPEC, "hooks": {"title": f"{__name__}:title_in_print_header"}}
    output = SpecProfile(validate(spec, "list_example")).extract(workbook())
    assert (output.title, output.report_fiscal_year) == ("北斗市 DX推進実行計画 令和7年度版", 2025)
    assert "The report's fiscal year could not be read from its title." not in output.problems


def test_without_the_hook_the_year_is_missing() -> None:
    output = SpecProfile(validate(SPEC, "list_example")).extract(workbook())
    assert output.report_fiscal_year is None
    assert "The report's fiscal year could not be read from its title." in output.problems
