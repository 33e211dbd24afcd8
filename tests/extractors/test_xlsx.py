"""Workbook reading, one feature per test, on workbooks written here with openpyxl."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

from hyoka.extractors import open_document
from hyoka.pipeline.ingest import texts_by_page
from hyoka.profiles.municipality import identify

ROOT = Path(__file__).resolve().parents[2]
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def save(workbook: Workbook, path: Path) -> Path:
    workbook.save(path)
    return path


def test_label_value_sheet(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "個票"
    rows = [("施策名", "ICTの利活用の推進"), ("所管部", "総合政策部"), ("評価", "概ね順調")]
    for r, (label, value) in enumerate(rows, start=2):
        ws.cell(row=r, column=2, value=label).font = Font(bold=True)
        ws.cell(row=r, column=3, value=value)
    document = open_document(save(workbook, tmp_path / "label_value.xlsx"))
    (sheet,) = document.sheets
    (table,) = sheet.tables
    assert table.to_rows() == [["施策名", "ICTの利活用の推進"], ["所管部", "総合政策部"], ["評価", "概ね順調"]]
    assert (table.table_id, table.ref) == ("個票!B2:C4", "B2:C4")
    assert [c.is_header for c in table.column(0)] == [True, True, True]
    assert [c.is_header for c in table.column(1)] == [False, False, False]
    value = table.cell(1, 1)
    assert value is not None and (value.sheet, value.ref) == ("個票", "C3")


def test_hoganshi_block_becomes_one_cell_per_merged_range(tmp_path: Path) -> None:
    """方眼紙: every column is narrow; each logical cell is a merged block of several."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "調書"
    for col in range(1, 21):
        ws.column_dimensions[chr(64 + col)].width = 2.5
    # Row 2: header over B:F | G:N | O:S ; rows 3-4: values in the same blocks; 計 over B:N.
    ws.merge_cells("B2:F2")
    ws.merge_cells("G2:N2")
    ws.merge_cells("O2:S2")
    ws["B2"], ws["G2"], ws["O2"] = "事業名", "事業費(千円)", "人工"
    ws.merge_cells("B3:F4")
    ws["B3"] = "電子自治体\n推進事業"
    ws.merge_cells("G3:N3")
    ws["G3"] = 3591558
    ws["G3"].number_format = "#,##0"
    ws.merge_cells("G4:N4")
    ws["G4"] = 12000
    ws["G4"].number_format = '#,##0"千円"'
    ws.merge_cells("O3:S4")
    ws["O3"] = 1.5
    ws["O3"].number_format = "0.00"
    for row in ws["B2:S4"]:
        for cell in row:
            cell.border = BOX
    document = open_document(save(workbook, tmp_path / "hoganshi.xlsx"))
    (table,) = document.sheets[0].tables
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert table.to_rows() == [
        ["事業名", "事業費(千円)", "人工"],
        ["電子自治体推進事業", "3,591,558", "1.50"],
        ["", "12,000千円", ""],
    ]
    assert table.spans() == [(1, 0, 2, 1), (1, 2, 2, 1)]
    name = table.cell(2, 0)
    assert name is not None and name.ref == "B3:F4"
    assert name.lines == ["電子自治体", "推進事業"]
    assert name.value_text == "電子自治体\n推進事業"
    amount = table.cell(1, 1)
    assert amount is not None and (amount.value, amount.number_format) == (3591558, "#,##0")


def test_percent_format_is_printed_as_percent(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["指標", "達成率"])
    ws.append(["利用件数", 1.29])
    ws["B2"].number_format = "0%"
    ws.append(["満足度", 0.875])
    ws["B3"].number_format = "0.0%"
    (table,) = open_document(save(workbook, tmp_path / "percent.xlsx")).tables()
    assert table.to_rows() == [["指標", "達成率"], ["利用件数", "129%"], ["満足度", "87.5%"]]
    rate = table.cell(1, 1)
    assert rate is not None and rate.value == 1.29


def test_formula_keeps_text_and_cached_value(tmp_path: Path) -> None:
    """A workbook as an office suite saves it: the formula and the value it last computed."""
    workbook = Workbook()
    ws = workbook.active
    ws.append(["事業費", 1200])
    ws.append(["人件費", 800])
    ws.append(["フルコスト", "=B1+B2"])
    path = save(workbook, tmp_path / "cached.xlsx")
    _write_cached_value(path, "B3", "2000")
    (table,) = open_document(path).tables()
    total = table.cell(2, 1)
    assert total is not None
    assert (total.formula, total.value, total.text, total.problems) == ("=B1+B2", 2000, "2000", [])


def test_formula_without_cached_value_is_reported_not_zero(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.append(["事業費", 1200])
    ws.append(["計", "=SUM(B1:B1)"])
    (table,) = open_document(save(workbook, tmp_path / "uncached.xlsx")).tables()
    total = table.cell(1, 1)
    assert total is not None
    assert (total.formula, total.value, total.text, total.value_text) == ("=SUM(B1:B1)", None, "", "")
    assert len(total.problems) == 1 and "no cached value" in total.problems[0]


def test_hidden_rows_columns_and_sheets_are_reported(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "一覧"
    ws.append(["No.", "事業名", "メモ", "評価"])
    ws.append([1, "電子申請", "内部用", "A"])
    ws.append([2, "RPA", "内部用", "B"])
    ws.row_dimensions[3].hidden = True
    ws.column_dimensions["C"].hidden = True
    secret = workbook.create_sheet("作業用")
    secret.sheet_state = "hidden"
    secret["A1"] = "x"
    document = open_document(save(workbook, tmp_path / "hidden.xlsx"))
    listing, work = document.sheets
    assert (listing.hidden, listing.hidden_rows, listing.hidden_cols) == (False, [3], ["C"])
    assert work.hidden is True
    (table,) = listing.tables
    assert table.to_rows() == [
        ["No.", "事業名", "メモ", "評価"],
        ["1", "電子申請", "内部用", "A"],
        ["2", "RPA", "内部用", "B"],
    ]
    assert [c.hidden for c in table.row(2)] == [True, True, True, True]
    assert [c.hidden for c in table.row(1)] == [False, False, True, False]


def test_tables_separated_by_blank_bands(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws.title = "S"
    ws["A1"], ws["B1"] = "分野", "件数"
    ws["A2"], ws["B2"] = "くらし", 3
    # A blank row band, then a second table; a blank column band, then a third.
    ws["A4"], ws["B4"] = "評価", "件数"
    ws["A5"], ws["B5"] = "A", 10
    ws["D4"] = "備考"
    ws["D5"] = "再掲を含む"
    ws["D5"].fill = PatternFill("solid", fgColor="FFFF00")
    tables = open_document(save(workbook, tmp_path / "bands.xlsx")).tables()
    assert [t.table_id for t in tables] == ["S!A1:B2", "S!A4:B5", "S!D4:D5"]
    assert [t.to_rows() for t in tables] == [
        [["分野", "件数"], ["くらし", "3"]],
        [["評価", "件数"], ["A", "10"]],
        [["備考"], ["再掲を含む"]],
    ]


def test_print_header_and_footer_text_is_read_as_the_sheet_prints_it(tmp_path: Path) -> None:
    """The title often sits only in the print header. Font codes inside a section, && and the
    sheet-name field print text; the page number and count, date and file name fields do not.
    Even-page and first-page variants count only where the sheet switches them on."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = "一覧"
    ws["B2"], ws["C2"] = "PID", "プロジェクト名"
    ws["B3"], ws["C3"] = "1-1-1", "キャッシュレス化"
    # Written raw: a bold city name, then the rest in the regular face (openpyxl's own parser
    # would drop the text between the two font codes).
    ws.oddHeader.left.text = '&"IPAexGothic,Bold"佐世保市&"IPAexGothic,Regular" DX戦略 実行計画'
    ws.oddHeader.center.text = "令和10（2028）年度版 &A"
    ws.oddHeader.right.text = "作成日 &D"
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.right.text = "企画部 && 政策経営課 &F"
    ws.evenHeader.center.text = "下書き"  # never printed: the sheet has no separate even pages
    ws.firstFooter.center.text = "&12 2028年3月 公表"
    ws.HeaderFooter.differentFirst = True
    (sheet,) = open_document(save(workbook, tmp_path / "header.xlsx")).sheets
    assert sheet.print_header_text == ["佐世保市 DX戦略 実行計画", "令和10（2028）年度版 一覧", "作成日"]
    assert sheet.print_footer_text == ["企画部 & 政策経営課", "2028年3月 公表"]


def test_a_municipality_named_only_in_the_print_header_is_found(tmp_path: Path) -> None:
    workbook = Workbook()
    ws = workbook.active
    ws["B2"], ws["C2"] = "PID", "プロジェクト名"
    ws["B3"], ws["C3"] = "1-1-1", "キャッシュレス化"
    ws.oddHeader.center.text = "佐世保市 DX戦略 実行計画 プロジェクト一覧"
    document = open_document(save(workbook, tmp_path / "list.xlsx"))
    municipality = identify(texts_by_page(document))
    assert municipality is not None and (municipality.name, municipality.code) == ("佐世保市", "422029")


def test_defusedxml_guards_the_xml_parser() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True


def _write_cached_value(path: Path, ref: str, value: str) -> None:
    """Adds the cached value an office suite stores beside a formula (openpyxl never writes one)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{ref}"')
    end = sheet.index("</c>", start)
    cell = sheet[start:end]
    assert cell.endswith("<v></v>"), cell  # openpyxl leaves the value element empty
    members["xl/worksheets/sheet1.xml"] = (sheet[: end - len("</v>")] + value + sheet[end - len("</v>") :]).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


GREY = PatternFill("solid", fgColor="FFD9D9D9")


def test_only_labels_are_header_cells_not_shaded_or_bold_figures(tmp_path: Path) -> None:
    """A shaded 合計 row and 決算 column hold figures (data); a bold grade beside a filled label is data."""
    workbook = Workbook()
    ws = workbook.active
    rows = [
        ("事業", "予算", "決算", "評価"),
        ("道路補修", 1200, 1100, "A"),
        ("橋梁点検", 800, 790, "B"),
        ("合計", 2000, 1890, None),
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.border = BOX
            if r == 1 or r == 4 or c == 3:  # header row, 合計 row and the 決算 column are shaded
                cell.fill = GREY
    ws["D2"].font = Font(bold=True)  # a grade printed in bold
    (table,) = open_document(save(workbook, tmp_path / "shaded.xlsx")).sheets[0].tables
    headers = {(c.row, c.col) for c in table.cells if c.is_header}
    assert headers == {(0, 0), (0, 1), (0, 2), (0, 3), (3, 0)}  # the labels: 事業 予算 決算 評価, 合計


def test_the_real_sheets_grades_and_indicator_names_are_data() -> None:
    """基本評価調書 (samples/): its section headings and labels are header cells; the indicator's name
    (A43, bold), its 達成度合 grades (AR43, AV43, bold) and the 判定 result (BA102, bold) are data."""
    document = open_document(ROOT / "samples" / "hokkaido_basic_evaluation.xlsx")
    by_cell = {c.evidence.cell: c for t in document.tables() for c in t.cells}
    for data in ("A43:N44", "AR43:AU43", "AV43:AY43", "BA102:BH102"):
        assert not by_cell[data].is_header, data
    headers = {c.text for c in by_cell.values() if c.is_header}
    headings = {"3 成果指標の設定 (H:平成、R:令和、大文字は年度、小文字は暦年)", "3-2 成果指標の達成度合"}
    assert headings | {"主① 指標名", "達成度合"} <= headers


def test_a_blank_shaded_slot_of_a_total_row_is_not_a_header() -> None:
    """The other producer's 基本評価調書: the 計 row's フルコスト slot (BF64) is shaded and empty; 計 is a label."""
    document = open_document(ROOT / "tests" / "data" / "other-producer" / "hokkaido_basic_evaluation.xlsx")
    by_cell = {c.evidence.cell: c for t in document.tables() for c in t.cells}
    assert not by_cell["BF64:BJ64"].is_header
    assert by_cell["A64:AJ64"].is_header and by_cell["A64:AJ64"].text == "計"
    assert not by_cell["AD87:AI89"].is_header  # the 判定 result C, in bold
