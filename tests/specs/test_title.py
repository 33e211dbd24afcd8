"""The spec layer's title: the words of `detection.title`, printed in one block or set over consecutive
blocks (a cover breaks the title into lines of its own), and the report's fiscal year read from it."""

from __future__ import annotations

from typing import Any

from hyoka.extractors.model import Document
from hyoka.specs import SpecProfile
from hyoka.specs.schema import validate
from tests.specs.printed import page, pdf, text_block

SPEC: dict[str, Any] = {
    "profile_id": "status_example",
    "description": "a yearly status report",
    "detection": {"title": {"words": ["官民データ活用推進計画", "取組状況"], "pages": 2, "weight": 0.5}},
    "tables": [{"name": "the list", "key": "title", "columns": [{"role": "title", "words": ["施策名"]}]}],
}


def cover(*texts: str) -> Document:
    return pdf(page(blocks=[text_block(text, 200 + 40 * i) for i, text in enumerate(texts)]))


def read(document: Document) -> tuple[str | None, int | None]:
    profile = SpecProfile(validate(SPEC, "status_example"))
    output = profile.extract(document)
    return output.title, output.report_fiscal_year


def test_a_title_in_one_block_is_read() -> None:
    assert read(cover("横浜市官民データ活用推進計画平成30年度取組状況", "令和元年9月")) == (
        "横浜市官民データ活用推進計画平成30年度取組状況",
        2018,
    )


def test_a_title_over_two_blocks_is_read_with_its_year() -> None:
    title, year = read(cover("横浜市官民データ活用推進計画", "令和2年度取組状況", "令和3年9月", "横浜市"))
    assert title is not None and title.replace(" ", "") == "横浜市官民データ活用推進計画令和2年度取組状況"
    assert year == 2020


def test_blocks_apart_do_not_make_a_title() -> None:
    """The words in two blocks with another between them are no title; the year is said to be missing."""
    document = cover("官民データ活用推進計画", "令和元年9月", "平成30年度取組状況")
    profile = SpecProfile(validate(SPEC, "status_example"))
    output = profile.extract(document)
    assert output.title is None
    assert profile.score(document) == 0.0
    assert "The report's fiscal year could not be read from its title." in output.problems


def test_a_running_header_names_the_report_and_the_cover_its_year() -> None:
    """With `running`, the header printed alike on several pages is the report's name; the cover's title
    still gives the year."""
    header, title = "横浜市官民データ活用推進計画 取組状況報告", "官民データ活用推進計画 令和2年度取組状況"
    pages = [
        page(1, blocks=[text_block(title, 200)]),
        *(page(n, blocks=[text_block(header, 20, page=n)]) for n in (2, 3)),
    ]
    spec = {**SPEC, "detection": {"title": {**SPEC["detection"]["title"], "running": True}}}
    output = SpecProfile(validate(spec, "status_example")).extract(pdf(*pages))
    assert (output.title, output.report_fiscal_year) == (header, 2020)
