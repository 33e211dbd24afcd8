"""Tables read in the context of the heading printed above them (`hyoka.specs.headings`): a heading's
fields read by its declared pattern, a table under the last heading above it, a row continued past the
next heading under that one, a heading wrapped over lines or with a paragraph under it in one block,
a heading a series does not accept, a workbook's table under none, and the declaration's errors as
sentences. The document is written here (its truth is this module's)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from hyoka.extractors.model import Document, Evidence, Table
from hyoka.specs.headings import HeadingDecl, headed_tables, read_headings, sections
from hyoka.specs.locate import Column, TableSpec
from hyoka.specs.schema import SpecError, validate
from tests.specs.printed import A3, cell, page, pdf, sheet_table, text_block, workbook

GOAL = HeadingDecl(
    pattern=r"^[(（]\s*(?P<number>\d+)\s*[)）]\s*(?P<title>.+)$",
    rows={"group_no": "number", "group_name": "title"},
)
INDICATORS = TableSpec("indicators", (Column("name", ("評価指標",)), Column("value", ("実績",))), "name")


def table(table_id: str, rows: list[tuple[str, str, int, float]]) -> Table:
    """A two-column table: a header row, then (indicator, value, page, top) rows; it starts where its
    first row stands and continues over the pages its rows do."""
    first_page, first_top = rows[0][2], rows[0][3]
    cells = [cell(0, 0, "評価指標", evidence=Evidence(first_page, (50, first_top - 20, 300, first_top)))]
    cells.append(cell(0, 1, "実績", evidence=Evidence(first_page, (300, first_top - 20, 400, first_top))))
    for r, (name, value, on_page, top) in enumerate(rows, start=1):
        cells.append(cell(r, 0, name, evidence=Evidence(on_page, (50, top, 300, top + 20))))
        cells.append(cell(r, 1, value, evidence=Evidence(on_page, (300, top, 400, top + 20))))
    pages = sorted({on_page for _, _, on_page, _ in rows})
    bboxes = {p: (50.0, min(t for *_, pg, t in rows if pg == p) - 20, 400.0, 800.0) for p in pages}
    return Table(table_id, cells, len(rows) + 1, 2, pages=pages, bboxes=bboxes)


@pytest.fixture(scope="module")
def document() -> Document:
    # Page 1: a table before any heading, then (1) and its table, whose last row runs onto page 2 under
    # (2) (a browser joined the two 施策' tables with one header); (3)計画期間 is a heading no 施策 has.
    before = table("p1-t1", [("来庁者数", "100", 1, 120)])
    first = table("p1-t2", [("オンライン申請数", "1,200", 1, 420), ("電子契約率", "35%", 2, 160)])
    first_blocks = [
        text_block("(1) 行政手続のオンライン化の推進", 300),
        # A heading wrapped over two lines, with its first paragraph in the same block.
        text_block(
            "(1)行政手続のオンライン化の推進本市は申請のオンライン化を進めています。",
            330,
            lines=["(1)行政手続の", "オンライン化の推進", "本市は申請のオンライン化を進めています。"],
        ),
    ]
    second_blocks = [text_block("（2）契約事務の電子化", 100, page=2), text_block("(3)計画期間", 600, page=2)]
    return pdf(page(1, [before, first], first_blocks, A3), page(2, [first], second_blocks, A3))


def numbered(fields: Mapping[str, str]) -> bool:
    """A heading naming a 施策 the series' list printed: (3)計画期間 is none, nor a heading read with the
    paragraph under it."""
    return fields["number"] in {"1", "2"} and not fields["title"].endswith("。")


def test_a_heading_gives_its_fields_to_the_rows_under_it(document: Document) -> None:
    headings = read_headings(document, GOAL, numbered)
    assert [(h.page, h.fields["number"], h.fields["title"]) for h in headings] == [
        (1, "1", "行政手続のオンライン化の推進"),
        (1, "1", "行政手続のオンライン化の推進"),
        (2, "2", "契約事務の電子化"),
    ]
    assert headings[2].row_fields == {"group_no": "2", "group_name": "契約事務の電子化"}
    assert (headings[2].where.page, headings[2].where.bbox) == (2, (50, 100, 400, 115))


def test_a_heading_the_series_does_not_accept_is_none(document: Document) -> None:
    every = [h.fields["title"] for h in read_headings(document, GOAL)]
    assert "計画期間" in every
    assert "計画期間" not in [h.fields["title"] for h in read_headings(document, GOAL, numbered)]


def test_a_table_is_under_the_last_heading_above_it_and_each_row_under_its_own(document: Document) -> None:
    headings = read_headings(document, GOAL, numbered)
    found = {t.table.table_id: t for t in headed_tables(document, INDICATORS, headings)}
    assert found["p1-t1"].heading is None  # printed before every heading
    joined = found["p1-t2"]
    assert joined.heading is headings[1]
    rows = {joined.table.cell(r, 0).text: joined.heading_at(joined.table.cell(r, 0)) for r in (1, 2)}
    assert rows["オンライン申請数"] is headings[1]
    assert rows["電子契約率"] is headings[2]  # continued onto page 2, under (2)


def test_sections_hold_what_is_printed_up_to_the_next_heading(document: Document) -> None:
    headings = read_headings(document, GOAL, numbered)
    found = sections(document, headings)
    assert [s.heading.fields["title"] for s in found] == [h.fields["title"] for h in headings]
    assert [i.table.table_id for i in found[1].items if i.table is not None] == ["p1-t2"]
    assert [i.block.text for i in found[2].items if i.block is not None] == ["(3)計画期間"]


def test_a_workbook_table_stands_under_no_heading() -> None:
    table = sheet_table("s1-t1", [["評価指標", "実績"], ["来庁者数", "100"]], sheet="指標")
    document = workbook(table, sheet="指標")
    [found] = headed_tables(document, INDICATORS, read_headings(document, GOAL))
    assert found.heading is None and found.heading_at(table.cells[2]) is None


def _spec(heading: dict[str, Any]) -> dict[str, Any]:
    return {
        "profile_id": "headings_example",
        "description": "indicator tables under 施策 headings",
        "detection": {},
        "tables": [{"name": "indicators", "key": "name", "columns": [{"role": "name", "words": ["評価指標"]}]}],
        "headings": {"施策": heading},
    }


@pytest.mark.parametrize(
    ("heading", "sentence"),
    [
        ({"pattern": r"^\((\d+)\)(.+)$"}, "names no field"),
        ({"pattern": r"^\((?P<number>\d+)\)", "rows": {"group_name": "title"}}, "fields its pattern does not: title"),
        ({"pattern": r"^\((?P<number>\d+)\)", "tables": ["roadmap"]}, "names the table `roadmap`, which is not"),
    ],
)
def test_a_declaration_at_fault_is_said_in_a_sentence(heading: dict[str, Any], sentence: str) -> None:
    with pytest.raises(SpecError, match=sentence):
        validate(_spec(heading), "headings_example")


def test_a_declared_heading_is_read_from_the_spec() -> None:
    spec = validate(_spec({**GOAL.model_dump(), "tables": ["indicators"]}), "headings_example")
    assert spec.headings["施策"].tables == ["indicators"]
