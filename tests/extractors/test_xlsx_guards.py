"""Workbooks built to exhaust a naive reader, and workbooks with one odd cell: each is read in
bounded memory and time, and an odd cell costs only itself, with a sentence on the document.

The files are written part by part at test time (a few kB each): an office suite or openpyxl
would refuse to write most of them, or build the whole merged area while writing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from hyoka.extractors import open_document
from hyoka.extractors.xlsx import MAX_TABLE_SLOTS

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def write_workbook(
    path: Path,
    sheet_data: str,
    *,
    dimension: str = "A1",
    after_data: str = "",
    strings: list[str] | (None) = None,
    number_formats: dict[int, str] | None = None,
) -> Path:
    """A one-sheet .xlsx from the XML of its <sheetData> rows and what follows them (merges).

    `number_formats` maps a custom format id (164 and up) to its code; cell style i + 1 uses
    the i-th of them (style 0 is the default)."""
    formats = number_formats or {}
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    )
    root_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    workbook_rels = (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    num_fmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{code}"/>' for i, code in formats.items())
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + "".join(
        f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' for i in formats
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{_MAIN}">'
        f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(formats) + 1}">{xfs}</cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
    )
    shared = "".join(f"<si><t>{text}</t></si>" for text in strings or [])
    shared_strings = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(strings or [])}" '
        f'uniqueCount="{len(strings or [])}">{shared}</sst>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData>{after_data}</worksheet>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def merges(*refs: str) -> str:
    return f'<mergeCells count="{len(refs)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in refs) + "</mergeCells>"


def test_one_merge_over_the_whole_sheet_is_one_cell(tmp_path: Path) -> None:
    path = write_workbook(
        tmp_path / "whole.xlsx",
        f'<row r="1">{text_cell("A1", "全体")}</row>',
        dimension="A1:XFD1048576",
        after_data=merges("A1:XFD1048576"),
    )
    document = open_document(path)
    (table,) = document.tables()
    (cell,) = table.cells
    assert (cell.text, cell.row_span, cell.col_span, cell.ref) == ("全体", 1, 1, "A1:XFD1048576")
    assert document.sheets[0].dimensions == "A1:XFD1048576"


def test_cells_at_the_far_corners_are_read_alone(tmp_path: Path) -> None:
    rows = (
        f'<row r="1">{text_cell("A1", "左上")}{text_cell("XFD1", "右上")}</row>'
        f'<row r="1048576">{text_cell("A1048576", "左下")}{text_cell("XFD1048576", "右下")}</row>'
    )
    document = open_document(write_workbook(tmp_path / "corners.xlsx", rows, dimension="A1:XFD1048576"))
    found = {table.cells[0].ref: table.cells[0].text for table in document.tables()}
    assert found == {"A1": "左上", "XFD1": "右上", "A1048576": "左下", "XFD1048576": "右下"}


def test_ten_thousand_separate_merges_are_ten_thousand_tables(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}">{text_cell(f"B{r}", f"項{r}")}</row>' for r in range(1, 30_000, 3))
    refs = [f"B{r}:D{r + 1}" for r in range(1, 30_000, 3)]
    document = open_document(write_workbook(tmp_path / "merges.xlsx", rows, after_data=merges(*refs)))
    tables = document.tables()
    assert len(tables) == 10_000
    assert [(t.cells[0].text, t.cells[0].ref) for t in tables[:2]] == [("項1", "B1:D2"), ("項4", "B4:D5")]


def test_a_block_too_large_for_a_table_is_refused_with_a_sentence(tmp_path: Path) -> None:
    # A diagonal of touching cells is one block whose grid has a slot for every row × column pair.
    side = 1_000
    assert side * side > MAX_TABLE_SLOTS
    rows = "".join(f'<row r="{i}"><c r="{_column(i)}{i}"><v>{i}</v></c></row>' for i in range(1, side + 1))
    document = open_document(write_workbook(tmp_path / "diagonal.xlsx", rows, dimension=f"A1:ALL{side}"))
    assert document.tables() == []
    (problem,) = document.problems
    assert "表!A1:ALL1000" in problem and "1,000,000 cells" in problem


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


@pytest.fixture(scope="module")
def odd_cells(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Row 1 reads normally; row 2 holds a 30-decimal format, a missing shared string, a number
    beyond a double, and a formula saved without its value."""
    rows = (
        f'<row r="1">{text_cell("A1", "項目")}<c r="B1" t="s"><v>0</v></c></row>'
        '<row r="2"><c r="A2" s="1"><v>1.5</v></c><c r="B2" t="s"><v>7</v></c>'
        '<c r="C2"><v>1E999</v></c><c r="D2"><f>SUM(A2:A2)</f></c></row>'
    )
    return write_workbook(
        tmp_path_factory.mktemp("odd") / "odd.xlsx",
        rows,
        dimension="A1:D2",
        strings=["金額"],
        number_formats={164: "0." + "0" * 30},
    )


def test_a_thirty_decimal_format_prints_thirty_decimals(odd_cells: Path) -> None:
    table = open_document(odd_cells).tables()[0]
    cell = table.cell(1, 0)
    assert cell is not None
    assert cell.text == "1.5" + "0" * 29
    assert cell.problems == []


def test_unreadable_cells_keep_their_stored_text_and_the_rest_is_read(odd_cells: Path) -> None:
    document = open_document(odd_cells)
    table = document.tables()[0]
    texts = [[c.text for c in table.row(r)] for r in range(table.n_rows)]
    assert texts[0][:2] == ["項目", "金額"]
    missing, huge = table.cell(1, 1), table.cell(1, 2)
    assert missing is not None and huge is not None
    assert (missing.text, huge.text) == ("7", "1E999")
    assert "shared string" in missing.problems[0]
    assert "beyond the range" in huge.problems[0]
    unreadable = [p for p in document.problems if "could not be read" in p]
    assert len(unreadable) == 1
    assert unreadable[0].startswith("2 workbook cell(s)") and "表!B2" in unreadable[0] and "表!C2" in unreadable[0]


def test_a_formula_without_a_cached_value_is_counted_on_the_document(odd_cells: Path) -> None:
    document = open_document(odd_cells)
    cell = document.tables()[0].cell(1, 3)
    assert cell is not None
    assert (cell.formula, cell.value, cell.text) == ("=SUM(A2:A2)", None, "")
    (uncached,) = [p for p in document.problems if "no cached value" in p]
    assert uncached.startswith("1 formula cell(s)") and "D2" in uncached


def test_the_documents_row_says_what_the_workbook_could_not_give(odd_cells: Path) -> None:
    from hyoka.pipeline.ingest import process

    row = process(odd_cells, odd_cells.name).document
    assert row["status"] == "partial"
    assert "2 workbook cell(s) could not be read as stored" in row["error"]
    assert "1 formula cell(s) have no cached value" in row["error"]


def test_a_spiral_of_merged_bars_nesting_deeper_than_recursion_allows_is_read(tmp_path: Path) -> None:
    # Each bar is cut off the rest by one blank row or column, alternately: one level per bar.
    top, left, bottom, right = 1, 1, 1300, 1300
    bars: list[str] = []
    while bottom - top >= 4 and right - left >= 4:
        bars += [
            f"{_column(left)}{top}:{_column(right)}{top}",
            f"{_column(right)}{top + 2}:{_column(right)}{bottom}",
            f"{_column(left)}{bottom}:{_column(right - 2)}{bottom}",
            f"{_column(left)}{top + 2}:{_column(left)}{bottom - 2}",
        ]
        top, left, bottom, right = top + 2, left + 2, bottom - 2, right - 2
    assert len(bars) > 1_000  # deeper than Python's default recursion limit
    anchors: dict[int, list[str]] = {}
    for bar in bars:
        anchor = bar.split(":")[0]
        row = int("".join(ch for ch in anchor if ch.isdigit()))
        anchors.setdefault(row, []).append(text_cell(anchor, "帯"))
    rows = "".join(f'<row r="{r}">{"".join(sorted(cells, key=_order))}</row>' for r, cells in sorted(anchors.items()))
    document = open_document(write_workbook(tmp_path / "spiral.xlsx", rows, after_data=merges(*bars)))
    assert len(document.tables()) == len(bars)


def _order(cell_xml: str) -> tuple[int, str]:
    ref = cell_xml.split('r="')[1].split('"')[0]
    letters = "".join(ch for ch in ref if ch.isalpha())
    return len(letters), letters
