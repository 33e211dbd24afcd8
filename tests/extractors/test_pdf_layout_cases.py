"""PDF layouts the profile engineers met in other editions, one feature per test, on documents
drawn here: a table cut by a manual page break, a label/value sheet whose columns change over
a break, breaks between two items, a header painted over its slot rules, an unruled table,
and the limits (page count, fonts without a Unicode map)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from hyoka.extractors import ExtractionError, open_document
from hyoka.extractors.model import Table
from hyoka.extractors.pdf import read_pdf
from tests.support.pdfs import cid_font_pdf

WIDTH, HEIGHT = A4
FONT_SIZE = 9.0
PADDING = 3.0
COLUMNS = [50, 120, 60, 60, 60]


def furniture(kit: Any, canvas: Any, number: int) -> None:
    """The running head and the page number every page of the report carries."""
    kit.text(canvas, 380, 20, "北海道 目標管理型行政運営システム", HEIGHT, size=7)
    kit.text(canvas, 280, 810, f"- {number} / 2 -", HEIGHT, size=8)


def budget_rows(first: int, count: int) -> dict[tuple[int, int], list[str]]:
    texts: dict[tuple[int, int], list[str]] = {}
    for k in range(count):
        no = first + k
        texts[(k, 0)] = [f"{1100 + no}"]
        texts[(k, 1)] = [f"事務事業{no}"]
        texts[(k, 2)] = [f"{no * 1000:,}"]
        texts[(k, 3)] = [f"{no}.0"]
        texts[(k, 4)] = [f"{no * 1200:,}"]
    return texts


def manual_break(kit: Any, path: Path, *, paragraph_after: bool) -> Path:
    """A list cut by a page break its writer inserted half-way down page 1; page 2 goes on
    with the next rows, without a header, under the same column rules."""
    canvas = kit.new_canvas(path, A4)
    furniture(kit, canvas, 1)
    header = {
        (0, 0): ["整理番号"],
        (0, 1): ["事務事業名"],
        (0, 2): ["事業費"],
        (0, 3): ["人工"],
        (0, 4): ["フルコスト"],
    }
    body = {(r + 1, c): v for (r, c), v in budget_rows(1, 6).items()}
    first = kit.Grid(
        x=50,
        top=100,
        col_widths=COLUMNS,
        row_heights=[20] * 7,
        texts={**header, **body},
        shaded={(0, c) for c in range(5)},
    )
    kit.draw_grid(canvas, first, HEIGHT)
    if paragraph_after:
        kit.text(canvas, 50, 260, "以上の事務事業について、次のとおり評価した。", HEIGHT)
    canvas.showPage()
    furniture(kit, canvas, 2)
    second = kit.Grid(x=50, top=60, col_widths=COLUMNS, row_heights=[20] * 3, texts=budget_rows(7, 3))
    kit.draw_grid(canvas, second, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_table_cut_by_a_manual_page_break_is_joined_to_its_headerless_continuation(tmp_path: Path, kit: Any) -> None:
    document = open_document(manual_break(kit, tmp_path / "manual.pdf", paragraph_after=False))
    (table,) = document.tables()
    assert table.pages == [1, 2]
    assert table.n_rows == 10
    rows = table.to_rows()
    assert rows[0] == ["整理番号", "事務事業名", "事業費", "人工", "フルコスト"]
    assert rows[6] == ["1106", "事務事業6", "6,000", "6.0", "7,200"]
    assert rows[7] == ["1107", "事務事業7", "7,000", "7.0", "8,400"]
    assert rows[9] == ["1109", "事務事業9", "9,000", "9.0", "10,800"]
    row7 = table.cell(7, 0)
    assert row7 is not None and row7.page == 2
    assert table.header_rows == 1


def test_a_paragraph_after_the_table_means_the_next_page_starts_a_new_table(tmp_path: Path, kit: Any) -> None:
    document = open_document(manual_break(kit, tmp_path / "paragraph.pdf", paragraph_after=True))
    assert [t.table_id for t in document.tables()] == ["p1-1", "p2-1"]


def label_value_sheets(kit: Any, path: Path, *, second_form: bool) -> Path:
    """A label/value sheet (two columns) broken by a manual page break; on page 2 its budget
    rows use four columns (label + three years). With `second_form`, page 2 holds instead a
    new sheet of the same form, which starts with the same first label."""
    canvas = kit.new_canvas(path, A4)
    furniture(kit, canvas, 1)
    first = kit.Grid(
        x=60,
        top=600,
        col_widths=[100, 360],
        row_heights=[20, 20],
        texts={(0, 0): ["システム名"], (0, 1): ["電子申請システム"], (1, 0): ["担当課名"], (1, 1): ["情報政策課"]},
        shaded={(0, 0), (1, 0)},
    )
    kit.draw_grid(canvas, first, HEIGHT)
    canvas.showPage()
    furniture(kit, canvas, 2)
    if second_form:
        texts = {(0, 0): ["システム名"], (0, 1): ["財務会計システム"], (1, 0): ["担当課名"], (1, 1): ["財政課"]}
        grid = kit.Grid(x=60, top=60, col_widths=[100, 360], row_heights=[20, 20], texts=texts)
    else:
        grid = kit.Grid(
            x=60,
            top=60,
            col_widths=[100, 120, 120, 120],
            row_heights=[20, 20, 20],
            texts={
                (0, 0): ["事業段階"],
                (0, 1): ["運用・実施"],
                (1, 1): ["R2年度予算"],
                (1, 2): ["R3年度予算"],
                (1, 3): ["R4年度予算"],
                (2, 0): ["予算額"],
                (2, 1): ["1,200"],
                (2, 2): ["1,300"],
                (2, 3): ["1,400"],
            },
            spans={(0, 1): (1, 3)},
            shaded={(0, 0), (1, 0), (2, 0)},
        )
    kit.draw_grid(canvas, grid, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_label_value_sheet_whose_columns_change_over_the_break_is_one_table(tmp_path: Path, kit: Any) -> None:
    document = open_document(label_value_sheets(kit, tmp_path / "sheet.pdf", second_form=False))
    (table,) = document.tables()
    # The grid is the union of both parts' column rules; page 1's values span the columns
    # page 2 adds.
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert table.to_rows() == [
        ["システム名", "電子申請システム", "", ""],
        ["担当課名", "情報政策課", "", ""],
        ["事業段階", "運用・実施", "", ""],
        ["", "R2年度予算", "R3年度予算", "R4年度予算"],
        ["予算額", "1,200", "1,300", "1,400"],
    ]
    assert table.spans() == [(0, 1, 1, 3), (1, 1, 1, 3), (2, 1, 1, 3)]
    assert [table.cell(r, 0).page for r in range(5)] == [1, 1, 2, 2, 2]  # type: ignore[union-attr]


def test_a_new_copy_of_the_same_form_on_the_next_page_is_a_new_table(tmp_path: Path, kit: Any) -> None:
    document = open_document(label_value_sheets(kit, tmp_path / "forms.pdf", second_form=True))
    assert [t.to_rows()[0][1] for t in document.tables()] == ["電子申請システム", "財務会計システム"]


def cell_width_for(first_line: str, room: float) -> float:
    """A column width that leaves `room` points after `first_line` inside the padding."""
    return stringWidth(first_line, "IPAexGothic", FONT_SIZE) + 2 * PADDING + room


def one_row_table(kit: Any, path: Path, widths: list[float], cells: list[list[str]]) -> Table:
    """The one table of a page printing one ruled row, each cell's lines as given."""
    texts = {(0, col): lines for col, lines in enumerate(cells)}
    grid = kit.Grid(x=50, top=80, col_widths=widths, row_heights=[30], texts=texts)
    canvas = kit.new_canvas(path, A4)
    kit.draw_grid(canvas, grid, HEIGHT)
    canvas.showPage()
    canvas.save()
    (table,) = open_document(path).tables()
    return table


def test_break_at_a_printed_space_keeps_it_and_a_wrap_before_a_bracket_adds_none(tmp_path: Path, kit: Any) -> None:
    kit.register_font()
    two_items = "I-TOP横浜: 310件 "  # the space between the two items stays at the end of line 1
    wrapped = "より二次利用が容易にできるデータ形式"
    # Room for two characters but not for "(RDF", which the office suite moved down whole.
    room = stringWidth("(R", "IPAexGothic", FONT_SIZE) + 1.0
    assert room < stringWidth("(RDF", "IPAexGothic", FONT_SIZE)
    widths = [cell_width_for(wrapped, room), cell_width_for(two_items, 0.5)]
    cells = [[wrapped, "(RDF、LODなど)で公開したデータ数"], [two_items, "LIP.横浜: 302件"]]
    table = one_row_table(kit, tmp_path / "breaks.pdf", widths, cells)
    assert table.to_rows() == [
        ["より二次利用が容易にできるデータ形式(RDF、LODなど)で公開したデータ数", "I-TOP横浜: 310件 LIP.横浜: 302件"]
    ]


def test_header_painted_over_its_slot_rules_is_one_spanning_cell(tmp_path: Path, kit: Any) -> None:
    """Every slot drawn with its own rules and text, then the merged header's fill painted
    over the slots with its own text on top, as an office suite prints a merged cell."""
    path = tmp_path / "painted.pdf"
    canvas = kit.new_canvas(path, A4)
    grid = kit.Grid(
        x=40,
        top=100,
        col_widths=[200, 60, 60, 60, 60],
        row_heights=[20, 20, 20],
        texts={
            (0, 1): ["施"],
            (0, 2): ["策数"],
            (1, 0): ["分野"],
            (1, 1): ["A評価"],
            (1, 2): ["B評価"],
            (1, 3): ["C評価"],
            (1, 4): ["合計"],
            (2, 0): ["くらし"],
            (2, 1): ["4"],
            (2, 2): ["32"],
            (2, 3): ["4"],
            (2, 4): ["40"],
        },
    )
    kit.draw_grid(canvas, grid, HEIGHT)
    canvas.setFillGray(0.88)
    # The fill sits half a point inside the outer rules of the four slots it merges.
    canvas.rect(240.5, HEIGHT - 119.5, 239.0, 19.0, stroke=0, fill=1)
    canvas.setFillGray(0)
    kit.text(canvas, 340, 104, "施策数", HEIGHT)
    canvas.showPage()
    canvas.save()
    (table,) = open_document(path).tables()
    assert table.to_rows()[0] == ["", "施策数", "", "", ""]
    assert table.spans() == [(0, 1, 1, 4)]
    assert table.to_rows()[2] == ["くらし", "4", "32", "4", "40"]


def test_rules_drawn_after_a_fill_still_divide_it(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "fill_first.pdf"
    canvas = kit.new_canvas(path, A4)
    canvas.setFillGray(0.88)
    canvas.rect(40, HEIGHT - 120, 240, 20, stroke=0, fill=1)
    canvas.setFillGray(0)
    grid = kit.Grid(
        x=40,
        top=100,
        col_widths=[80, 80, 80],
        row_heights=[20, 20],
        texts={(0, 0): ["区分"], (0, 1): ["目標"], (0, 2): ["実績"], (1, 0): ["件数"], (1, 1): ["10"], (1, 2): ["12"]},
    )
    kit.draw_grid(canvas, grid, HEIGHT)
    canvas.showPage()
    canvas.save()
    (table,) = open_document(path).tables()
    assert table.to_rows() == [["区分", "目標", "実績"], ["件数", "10", "12"]]
    assert [c.is_header for c in table.row(0)] == [True, True, True]


def test_unruled_table_is_read_from_its_alignment(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "unruled.pdf"
    canvas = kit.new_canvas(path, A4)
    kit.text(canvas, 50, 60, "表2 分野別の評価件数", HEIGHT)
    rows = [("分野", "A評価", "B評価"), ("くらし", "4", "32"), ("行政運営", "5", "34"), ("地域経済", "2", "11")]
    for k, (name, a, b) in enumerate(rows):
        top = 90 + 14 * k
        kit.text(canvas, 50, top, name, HEIGHT)
        kit.text(canvas, 200, top, a, HEIGHT)
        kit.text(canvas, 300, top, b, HEIGHT)
    kit.text(canvas, 50, 200, "いずれの分野もB評価が最も多い。", HEIGHT)
    canvas.showPage()
    canvas.save()
    document = open_document(path)
    (table,) = document.tables()
    assert table.to_rows() == [list(row) for row in rows]
    assert table.problems and "text alignment" in table.problems[0]
    bbox = table.cell(1, 2).bbox  # type: ignore[union-attr]
    assert bbox is not None and bbox[0] < 300 < bbox[2]
    # The sentences around it are not table rows.
    texts = [b.text for b in document.pages[0].text_blocks]
    assert "表2 分野別の評価件数" in texts and "いずれの分野もB評価が最も多い。" in texts


def test_a_paragraph_is_not_an_unruled_table(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "paragraph.pdf"
    canvas = kit.new_canvas(path, A4)
    for k, line in enumerate(
        ["令和2年度は、電子申請の対象手続を", "拡大し、窓口の待ち時間を短縮した。", "今後も継続する。"]
    ):
        kit.text(canvas, 50, 60 + 14 * k, line, HEIGHT)
    canvas.showPage()
    canvas.save()
    assert open_document(path).tables() == []


def test_text_in_fonts_without_a_unicode_map_is_refused_when_ocr_is_off(tmp_path: Path) -> None:
    # With OCR on (the default) such a page is read through OCR instead: tests/ocr.
    path = tmp_path / "nomap.pdf"
    path.write_bytes(cid_font_pdf())
    with pytest.raises(ExtractionError, match=r"nomap\.pdf .*without a Unicode map \(\(cid:…\) codes on pages 1\)"):
        open_document(path, ocr="off")


def test_a_pdf_over_the_page_limit_is_refused_before_reading(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "long.pdf"
    canvas = kit.new_canvas(path, A4)
    for number in range(3):
        kit.text(canvas, 50, 50, f"{number + 1}ページ", HEIGHT)
        canvas.showPage()
    canvas.save()
    with pytest.raises(ExtractionError, match=r"long\.pdf has 3 pages, over hyoka's limit of 2 pages per PDF"):
        read_pdf(path, max_pages=2)
    assert len(read_pdf(path, max_pages=3).pages) == 3


def broken_rule_pdf(kit: Any, path: Path) -> Path:
    """A 2×2 grid whose inner rules stop half-way: three slots form one L-shaped region."""
    canvas = kit.new_canvas(path, A4)
    canvas.setLineWidth(0.5)
    x0, xm, x1, y0, ym, y1 = 50, 150, 250, 100, 120, 140
    for ax, ay, bx, by in [
        (x0, y0, x1, y0),
        (x0, y1, x1, y1),
        (x0, y0, x0, y1),
        (x1, y0, x1, y1),
        (xm, y0, xm, ym),  # the inner vertical rule divides only the top row
        (x0, ym, xm, ym),  # the inner horizontal rule divides only the left column
    ]:
        canvas.line(ax, HEIGHT - ay, bx, HEIGHT - by)
    kit.text(canvas, 55, 104, "区分", HEIGHT)
    kit.text(canvas, 155, 104, "値", HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_second_opinion_is_asked_only_where_the_grid_is_ambiguous(tmp_path: Path, kit: Any) -> None:
    test_header_painted_over_its_slot_rules_is_one_spanning_cell(tmp_path, kit)
    broken = broken_rule_pdf(kit, tmp_path / "broken.pdf")
    asked: list[tuple[str, int, int]] = []

    def recorder(path: Path, page: int, tables: list[Any]) -> list[str]:
        asked.append((path.name, page, len(tables)))
        return ["a second reader reads 2×2 slots"]

    # Rules hidden under a later fill are decided from the drawing order, which a reader of the
    # rendered page sees the same way: no second opinion there.
    (painted,) = read_pdf(tmp_path / "painted.pdf", second_opinion=recorder).tables()
    (table,) = read_pdf(broken, second_opinion=recorder).tables()
    assert asked == [("broken.pdf", 1, 1)]
    assert painted.problems == []
    assert table.problems == [
        "a cell at grid row 0, column 0 is not rectangular (a rule is broken)",
        "a second reader reads 2×2 slots",
    ]


def test_camelot_is_the_default_second_reader(tmp_path: Path, kit: Any) -> None:
    (table,) = open_document(broken_rule_pdf(kit, tmp_path / "broken.pdf")).tables()
    # camelot ran (a failure would say "could not read") and reads the same 2×2 slots and
    # texts from the rendered page: nothing to record but hyoka's own note.
    assert table.problems == ["a cell at grid row 0, column 0 is not rectangular (a rule is broken)"]
    assert (table.n_rows, table.n_cols) == (2, 2)


def indented_sub_item_pdf(kit: Any, path: Path) -> Path:
    """A 財源 block as 池田市's sheets print it: 「その他」 merged over two label columns, and under it
    the sub-item 「うち受益者負担 Ｂ」 indented by one narrow slot that has no rule above it, so the
    indent slot and the two slots of 「その他」 form one L-shaped region no rule divides."""
    canvas = kit.new_canvas(path, A4)
    canvas.setLineWidth(0.5)
    xs, ys = [50, 64, 180, 240], [100, 116, 132, 148]  # label, indent + label, figure; three rows

    def rule(ax: float, ay: float, bx: float, by: float) -> None:
        canvas.line(ax, HEIGHT - ay, bx, HEIGHT - by)

    for y in (ys[0], ys[1], ys[3]):
        rule(xs[0], y, xs[3], y)
    rule(xs[1], ys[2], xs[3], ys[2])  # the rule above the sub-item starts at its indent
    for x in (xs[0], xs[2], xs[3]):
        rule(x, ys[0], x, ys[3])
    rule(xs[1], ys[2], xs[1], ys[3])  # the indent slot's right side
    kit.text(canvas, xs[0] + 3, ys[0] + 3, "地方債", HEIGHT)
    kit.text(canvas, xs[0] + 3, ys[1] + 3, "その他", HEIGHT)
    kit.text(canvas, xs[1] + 3, ys[2] + 3, "うち受益者負担 Ｂ", HEIGHT)
    for row, figure in enumerate(["10", "1,827", "103"]):
        kit.text(canvas, xs[2] + 3, ys[row] + 3, figure, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def slots_per_cell(table: Table) -> dict[tuple[int, int], int]:
    """How many cells cover each slot of the table's grid."""
    covered: dict[tuple[int, int], int] = {}
    for cell in table.cells:
        for r in range(cell.row, cell.row_end + 1):
            for c in range(cell.col, cell.col_end + 1):
                covered[(r, c)] = covered.get((r, c), 0) + 1
    return covered


def test_a_region_no_rule_divides_but_not_rectangular_becomes_cells_that_do_not_overlap(
    tmp_path: Path, kit: Any
) -> None:
    (table,) = read_pdf(indented_sub_item_pdf(kit, tmp_path / "indent.pdf"), second_opinion=None).tables()
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert slots_per_cell(table) == {(r, c): 1 for r in range(3) for c in range(3)}
    assert [[cell.text if (cell := table.cell(r, c)) else None for c in range(3)] for r in range(3)] == [
        ["地方債", "地方債", "10"],
        ["その他", "その他", "1,827"],
        ["", "うち受益者負担 Ｂ", "103"],
    ]
    sub_item = table.cell(2, 1)
    assert sub_item is not None and (sub_item.row, sub_item.col, sub_item.col_span) == (2, 1, 1)
    # The drawing still leaves a region no rule closes into a rectangle: said, and a second reader asked.
    assert table.problems == ["a cell at grid row 1, column 0 is not rectangular (a rule is broken)"]


def test_the_broken_rule_region_is_split_by_rows(tmp_path: Path, kit: Any) -> None:
    (table,) = read_pdf(broken_rule_pdf(kit, tmp_path / "broken.pdf"), second_opinion=None).tables()
    assert sorted((c.row, c.col, c.row_span, c.col_span, c.text) for c in table.cells) == [
        (0, 0, 1, 1, "区分"),
        (0, 1, 1, 1, "値"),
        (1, 0, 1, 2, ""),
    ]


def test_ikeda_sub_item_under_an_open_indent_is_its_own_cell() -> None:
    """池田市 No.360 (tests/data/real/truth-set), 事業費等 as printed: 「その他」 1,827 1,632 1,593 1,246
    and under it, indented, 「うち受益者負担 Ｂ」 103 107 105 97; no slot of any table in two cells."""
    path = Path(__file__).parents[1] / "data" / "real" / "truth-set" / "ikeda_r7_360.pdf"
    tables = read_pdf(path, second_opinion=None).tables()
    assert all(set(slots_per_cell(table).values()) == {1} for table in tables)
    (table,) = [t for t in tables if any(c.text == "うち受益者負担 Ｂ" for c in t.cells)]
    rows = {
        cell.text: [figure.text for figure in table.row(cell.row) if figure.col > cell.col_end][:4]
        for cell in table.cells
        if cell.text in ("その他", "うち受益者負担 Ｂ")
    }
    assert rows == {"その他": ["1,827", "1,632", "1,593", "1,246"], "うち受益者負担 Ｂ": ["103", "107", "105", "97"]}
    (other,) = [c for c in table.cells if c.text == "その他"]
    (sub_item,) = [c for c in table.cells if c.text == "うち受益者負担 Ｂ"]
    assert sub_item.row == other.row + 1 and other.row_span == 1
    assert table.cell(sub_item.row, sub_item.col) is sub_item
    indent = table.cell(sub_item.row, other.col)
    assert indent is not None and indent is not other and not indent.text


def test_kyoto_number_box_and_department_are_two_cells() -> None:
    """京都市 No.3 (tests/data/real/truth-set) heads its sheet with a box printing the number 3 and, right
    of it past a narrow gap, 所管局 環境政策局: two cells, not one region anchored where the number is."""
    path = Path(__file__).parents[1] / "data" / "real" / "truth-set" / "kyoto_r6_003.pdf"
    tables = read_pdf(path, second_opinion=None).tables()
    assert all(set(slots_per_cell(table).values()) == {1} for table in tables)
    number = next(c for c in tables[0].cells if c.text == "3")
    department = next(c for c in tables[0].cells if "環境政策局" in c.text)
    assert number is not department and (department.row, department.col) == (number.row, number.col_end + 1)


KPI_COLUMNS = [24, 70, 110, 36, 44, 44, 110, 110]
KPI_HEADER = ["No.", "課題", "KPI", "区分", "R3", "R4", "算出式", "進捗状況・評価"]
KPIS_ON_PAGE_1 = 18


def kpi_grid_over_a_break(kit: Any, path: Path, page_2_starts: str) -> Path:
    """A KPI grid like 佐世保's: per 課題 a number and a name merged over its KPIs, per KPI a
    name, 算出式 and 評価 merged over its 予定 / 実績 rows. Page 1 fills the body to its foot;
    page 2 repeats the header, then starts with a new 課題 ("new_group"), a new KPI of the same
    課題 ("new_kpi"), or the last row of page 1's last KPI ("mid_kpi"). The first KPI on page 2
    has neither 算出式 nor 評価."""
    canvas = kit.new_canvas(path, A4)
    header = {(0, c): [label] for c, label in enumerate(KPI_HEADER)}
    rows = 2 * KPIS_ON_PAGE_1
    texts = {**header, (1, 0): ["1"], (1, 1): ["キャッシュレス"]}
    spans = {(1, 0): (rows, 1), (1, 1): (rows, 1)}
    for k in range(KPIS_ON_PAGE_1):
        top = 1 + 2 * k
        texts[(top, 2)] = [f"利用率{k + 1}"]
        texts[(top, 3)], texts[(top + 1, 3)] = ["予定"], ["実績"]
        texts[(top, 4)], texts[(top, 5)] = [f"{k + 5}%"], [f"{k + 6}%"]
        texts[(top + 1, 4)] = [f"{k + 4}%"]
        texts[(top, 6)], texts[(top, 7)] = [f"利用金額{k + 1}/全決済金額"], ["目標値を下回っている"]
        spans.update({(top, c): (2, 1) for c in (2, 6, 7)})
    page1 = kit.Grid(x=24, top=60, col_widths=KPI_COLUMNS, row_heights=[20.0] * (rows + 1), texts=texts, spans=spans)
    kit.draw_grid(canvas, page1, HEIGHT)
    kit.text(canvas, 280, 826, "- 1 -", HEIGHT)
    canvas.showPage()
    texts2 = dict(header)
    first = 1
    if page_2_starts == "mid_kpi":
        texts2.update({(1, 3): ["達成率"], (1, 4): ["80%"], (1, 5): ["90%"]})
        first = 2
    if page_2_starts == "new_group":
        texts2.update({(first, 0): ["2"], (first, 1): ["デバイス対応"]})
    texts2.update({(first, 2): ["対応言語数"], (first, 3): ["予定"], (first, 4): ["4"], (first, 5): ["4"]})
    texts2.update({(first + 1, 3): ["実績"], (first + 1, 4): ["133"]})
    texts2.update({(first + 2, 2): ["セミナー回数"], (first + 2, 3): ["予定"], (first + 2, 4): ["21"]})
    texts2.update({(first + 2, 6): ["セミナーの回数"], (first + 2, 7): ["計画以上"], (first + 3, 3): ["実績"]})
    texts2[(first + 3, 4)] = ["30"]
    group_start = 1 if page_2_starts != "new_group" else first
    spans2 = {(group_start, c): (first + 4 - group_start, 1) for c in (0, 1)}
    spans2.update({(r, c): (2, 1) for r in (first, first + 2) for c in (2, 6, 7)})
    page2 = kit.Grid(x=24, top=60, col_widths=KPI_COLUMNS, row_heights=[20.0] * (first + 4), texts=texts2, spans=spans2)
    kit.draw_grid(canvas, page2, HEIGHT)
    kit.text(canvas, 280, 826, "- 2 -", HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("page_2_starts", ["new_group", "new_kpi"])
def test_blank_cells_of_a_new_record_after_a_break_are_its_own(tmp_path: Path, kit: Any, page_2_starts: str) -> None:
    """A row that prints a merged key cell anew (課題 No., KPI name) starts a new record: its
    blank 算出式 and 評価 are empty, not the previous KPI's merged cells carried over."""
    (table,) = open_document(kpi_grid_over_a_break(kit, tmp_path / f"{page_2_starts}.pdf", page_2_starts)).tables()
    assert table.pages == [1, 2]
    assert table.n_rows == 1 + 36 + 4
    last_on_page_1 = table.cell(35, 6)
    assert last_on_page_1 is not None
    assert (last_on_page_1.row, last_on_page_1.row_span, last_on_page_1.text) == (35, 2, "利用金額18/全決済金額")
    assert last_on_page_1.more_evidence == []
    for col in (6, 7):
        own = table.cell(37, col)
        assert own is not None and (own.row, own.row_span, own.text, own.page) == (37, 2, "", 2)
    assert table.to_rows()[37][2:6] == ["対応言語数", "予定", "4", "4"]
    assert table.to_rows()[39][6:] == ["セミナーの回数", "計画以上"]
    group = table.cell(37, 0)
    assert group is not None
    if page_2_starts == "new_group":
        assert (group.row, group.row_span, group.text, group.page) == (37, 4, "2", 2)
    else:
        assert (group.row, group.row_span, group.text, group.page) == (1, 40, "1", 1)
        assert [e.page for e in group.more_evidence] == [2]


def test_merged_cells_of_a_record_cut_by_the_break_run_on(tmp_path: Path, kit: Any) -> None:
    """Page 2 starts with the last row of page 1's last KPI: a one-row cell printed anew (達成率)
    leaves the record open, so its merged name, 算出式 and 評価 run on over the break."""
    (table,) = open_document(kpi_grid_over_a_break(kit, tmp_path / "mid.pdf", "mid_kpi")).tables()
    assert table.n_rows == 1 + 36 + 1 + 4
    assert table.to_rows()[37][3:6] == ["達成率", "80%", "90%"]
    for col, text in ((2, "利用率18"), (6, "利用金額18/全決済金額"), (7, "目標値を下回っている")):
        cell = table.cell(37, col)
        assert cell is not None and (cell.row, cell.row_span, cell.text, cell.page) == (35, 3, text, 1)
        assert [e.page for e in cell.more_evidence] == [2]
    new_kpi = table.cell(38, 6)
    assert new_kpi is not None and (new_kpi.row, new_kpi.text, new_kpi.page) == (38, "", 2)


def grade_block_over_a_break(kit: Any, path: Path) -> Path:
    """A label/value sheet whose 評価 label is merged over a shaded header row and the plain
    row of grades below it; the page break falls between the two rows, so each page prints one
    row of the label (blank and shaded on page 2)."""
    canvas = kit.new_canvas(path, A4)
    furniture(kit, canvas, 1)
    page1 = kit.Grid(
        x=60,
        top=600,
        col_widths=[100, 180, 180],
        row_heights=[20, 20],
        texts={
            (0, 0): ["事業段階"],
            (0, 1): ["運用・実施"],
            (1, 0): ["評価"],
            (1, 1): ["取組状況の評価"],
            (1, 2): ["目標達成状況の評価"],
        },
        spans={(0, 1): (1, 2)},
        shaded={(0, 0), (1, 0), (1, 1), (1, 2)},
    )
    kit.draw_grid(canvas, page1, HEIGHT)
    canvas.showPage()
    furniture(kit, canvas, 2)
    page2 = kit.Grid(
        x=60,
        top=60,
        col_widths=[100, 180, 180],
        row_heights=[20, 20],
        texts={(0, 1): ["Ａ：適切"], (0, 2): ["Ｂ：おおむね適切"], (1, 0): ["今後の計画"], (1, 1): ["安定稼働"]},
        spans={(1, 1): (1, 2)},
        shaded={(0, 0), (1, 0)},
    )
    kit.draw_grid(canvas, page2, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_a_plain_row_under_a_shaded_row_cut_by_the_break_is_a_row_of_its_own(tmp_path: Path, kit: Any) -> None:
    """Not a row split by the break (its halves would share their fill): the grades stay apart
    from their headings, and the blank shaded cell continues the 評価 label above it."""
    (table,) = open_document(grade_block_over_a_break(kit, tmp_path / "grades.pdf")).tables()
    assert table.pages == [1, 2]
    assert table.to_rows() == [
        ["事業段階", "運用・実施", ""],
        ["評価", "取組状況の評価", "目標達成状況の評価"],
        ["", "Ａ：適切", "Ｂ：おおむね適切"],
        ["今後の計画", "安定稼働", ""],
    ]
    label = table.cell(2, 0)
    assert label is not None and (label.row, label.row_span, label.text, label.page) == (1, 2, "評価", 1)
    assert [e.page for e in label.more_evidence] == [2]


def test_a_number_cut_by_the_line_end_is_joined_without_a_space(tmp_path: Path, kit: Any) -> None:
    """A full line ending in a thousands group short of three digits was cut inside the number;
    a full line ending in a complete group is not (the next line's digits are another number)."""
    kit.register_font()
    cut, whole = "24回 延べ約2,36", "目標 1,200 実績 1,234"
    widths = [cell_width_for(cut, 0.5), cell_width_for(whole, 0.5)]
    table = one_row_table(kit, tmp_path / "numbers.pdf", widths, [[cut, "0名"], [whole, "56件"]])
    assert table.to_rows() == [["24回 延べ約2,360名", "目標 1,200 実績 1,234 56件"]]
    assert table.cell(0, 0).lines == [cut, "0名"]  # type: ignore[union-attr]


INDICATOR_HEAD_COLUMNS = [120, 40, 50, 40, 50, 60, 50, 50]
INDICATOR_VALUE_COLUMNS = [120, 70, 60, 50, 60, 50, 50]


def indicator_block_over_a_break(kit: Any, path: Path, page_2: str) -> Path:
    """An indicator block like 北海道's 成果指標: its three label/value head rows fill page 1 to
    the foot; page 2 goes on with the rows of targets and results, under the same outer rules
    but other inner ones (the office suite draws only the rules each row's cells need). With
    page_2 "own_header", page 2 starts instead with a table whose first row is a header of its
    own; with "other_columns", with a table that shares the outer rules and no inner one."""
    canvas = kit.new_canvas(path, A4)
    furniture(kit, canvas, 1)
    head = kit.Grid(
        x=40,
        top=740,
        col_widths=INDICATOR_HEAD_COLUMNS,
        row_heights=[14, 14, 14],
        texts={
            (0, 0): ["指標名"],
            (0, 1): ["目標の基準"],
            (0, 3): ["今年度の目標"],
            (0, 5): ["評価年度"],
            (0, 6): ["R2"],
            (0, 7): ["R3"],
            (1, 0): ["普及率(%)"],
            (1, 1): ["基準年度"],
            (1, 2): ["H27"],
            (1, 3): ["年度"],
            (1, 4): ["R3"],
            (1, 5): ["達成度合"],
            (1, 6): ["A"],
            (1, 7): ["B"],
            (2, 1): ["基準値"],
            (2, 2): ["79.4%"],
            (2, 3): ["目標値"],
            (2, 4): ["144.0%"],
            (2, 5): ["年度"],
            (2, 6): ["R2"],
            (2, 7): ["R3"],
        },
        spans={(0, 1): (1, 2), (0, 3): (1, 2), (1, 0): (2, 1)},
        shaded={(0, c) for c in (0, 1, 3, 5, 6, 7)} | {(1, 1), (1, 3), (1, 5), (2, 1), (2, 3), (2, 5), (2, 6), (2, 7)},
    )
    kit.draw_grid(canvas, head, HEIGHT)
    canvas.showPage()
    furniture(kit, canvas, 2)
    if page_2 == "other_columns":
        grid = kit.Grid(
            x=40,
            top=60,
            col_widths=[100, 130, 130, 100],
            row_heights=[14, 14],
            texts={(0, 0): ["連携先"], (0, 1): ["各市町村"], (1, 0): ["連携内容"], (1, 1): ["研修会"]},
        )
    else:
        texts = {
            (0, 0): ["指標の説明"],
            (0, 1): ["根拠計画"],
            (0, 2): ["増減方向"],
            (0, 3): ["算式"],
            (0, 4): ["目標値"],
            (0, 5): ["140%"],
            (0, 6): ["144%"],
            (1, 1): ["北海道総合計画"],
            (1, 2): ["増加"],
            (1, 3): ["実績/目標"],
            (1, 4): ["実績値"],
            (1, 5): ["131%"],
            (1, 6): ["-"],
            (2, 4): ["達成率"],
            (2, 5): ["94%"],
            (2, 6): ["-"],
        }
        shaded = {(0, 1), (0, 2), (0, 3), (0, 4), (1, 4), (2, 4)}
        if page_2 == "own_header":
            texts.update({(0, 0): ["区分"], (0, 5): ["R2"], (0, 6): ["R3"]})
            shaded |= {(0, 0), (0, 5), (0, 6)}
        grid = kit.Grid(
            x=40,
            top=60,
            col_widths=INDICATOR_VALUE_COLUMNS,
            row_heights=[14, 14, 14],
            texts=texts,
            spans={(0, 0): (3, 1), (2, 1): (1, 3)},
            shaded=shaded,
        )
    kit.draw_grid(canvas, grid, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_block_cut_after_its_head_rows_joins_its_continuation_on_the_union_of_column_rules(
    tmp_path: Path, kit: Any
) -> None:
    """Neither part's inner rules are a subset of the other's, but the outer rules agree, most
    inner rules run through both parts, page 1 is full and page 2's part has no header of its
    own: one table on the union of the rules, each cell spanning the columns it covers."""
    document = open_document(indicator_block_over_a_break(kit, tmp_path / "indicator.pdf", "continuation"))
    (table,) = document.tables()
    assert table.pages == [1, 2]
    assert (table.n_rows, table.n_cols) == (6, 9)
    assert table.to_rows() == [
        ["指標名", "目標の基準", "", "", "今年度の目標", "", "評価年度", "R2", "R3"],
        ["普及率(%)", "基準年度", "H27", "", "年度", "R3", "達成度合", "A", "B"],
        ["", "基準値", "79.4%", "", "目標値", "144.0%", "年度", "R2", "R3"],
        ["指標の説明", "根拠計画", "", "増減方向", "", "算式", "目標値", "140%", "144%"],
        ["", "北海道総合計画", "", "増加", "", "実績/目標", "実績値", "131%", "-"],
        ["", "", "", "", "", "", "達成率", "94%", "-"],
    ]
    # Page 1's edges at 200 and 250 and page 2's at 230 cut cells of the other page in two.
    spans = table.spans()
    assert (0, 1, 1, 3) in spans and (1, 2, 1, 2) in spans and (2, 2, 1, 2) in spans
    assert (3, 1, 1, 2) in spans and (3, 3, 1, 2) in spans and (5, 1, 1, 5) in spans
    assert [table.cell(r, 7).page for r in range(6)] == [1, 1, 1, 2, 2, 2]  # type: ignore[union-attr]


@pytest.mark.parametrize("page_2", ["own_header", "other_columns"])
def test_a_table_with_its_own_header_or_other_inner_rules_is_not_joined_on_a_union(
    tmp_path: Path, kit: Any, page_2: str
) -> None:
    document = open_document(indicator_block_over_a_break(kit, tmp_path / f"{page_2}.pdf", page_2))
    rows_on_page_2 = 3 if page_2 == "own_header" else 2
    assert [(t.table_id, t.n_rows) for t in document.tables()] == [("p1-1", 3), ("p2-1", rows_on_page_2)]


def test_a_space_swallowed_by_the_line_end_between_a_number_and_a_kanji_is_kept(tmp_path: Path, kit: Any) -> None:
    """`各校年 1 回` broken at its space: 回 would have fitted after `1` (room for one character, not
    for the space and 回), so the line ended at a space and the two stay apart. A full line (no room
    for 回) was a wrap between two characters, and adds nothing."""
    kit.register_font()
    at_a_space, full = "各校年 1", "各校年 2"
    one_char = stringWidth("回", "IPAexGothic", FONT_SIZE)
    space = stringWidth(" ", "IPAexGothic", FONT_SIZE)
    widths = [cell_width_for(at_a_space, one_char + space / 2), cell_width_for(full, one_char / 2)]
    table = one_row_table(kit, tmp_path / "spaces.pdf", widths, [[at_a_space, "回"], [full, "回"]])
    assert table.to_rows() == [["各校年 1 回", "各校年 2回"]]


def test_a_full_line_ending_in_a_number_takes_the_space_its_cell_prints_between_numbers_and_kanji(
    tmp_path: Path, kit: Any
) -> None:
    """横浜市 p27's shape: "講習会 12" fills its line (no room for 講), yet the cell prints a space at
    every other number–kanji join, so the wrap swallowed one. A cell that joins them without a space
    ("150日") keeps the wrap as read."""
    kit.register_font()
    spaced, mixed = "Ipad やパソコンを用いた講習会 12", "相談室 150日、講習会 12"
    half = stringWidth("講", "IPAexGothic", FONT_SIZE) / 2
    widths = [cell_width_for(spaced, half), cell_width_for(mixed, half)]
    table = one_row_table(kit, tmp_path / "habit.pdf", widths, [[spaced, "講座実施"], [mixed, "講座実施"]])
    assert table.to_rows() == [["Ipad やパソコンを用いた講習会 12 講座実施", "相談室 150日、講習会 12講座実施"]]
