"""PDF grid reconstruction, one feature per test, on documents drawn here with reportlab."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.pagesizes import A4

from hyoka.extractors import GridSettings, open_document

WIDTH, HEIGHT = A4


def one_page(kit: Any, path: Path, *grids: Any) -> Path:
    canvas = kit.new_canvas(path, A4)
    for grid in grids:
        kit.draw_grid(canvas, grid, HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_spanning_cells_become_one_cell_with_their_span(tmp_path: Path, kit: Any) -> None:
    grid = kit.Grid(
        x=50,
        top=80,
        col_widths=[60, 60, 60, 60],
        row_heights=[18, 18, 18, 18],
        texts={
            (0, 0): ["区分"],
            (0, 1): ["30年度"],
            (0, 3): ["元年度"],
            (1, 1): ["目標"],
            (1, 2): ["実績"],
            (1, 3): ["目標"],
            (2, 0): ["件数"],
            (2, 1): ["10"],
            (2, 2): ["12"],
            (2, 3): ["15"],
            (3, 0): ["計"],
            (3, 1): ["22"],
        },
        spans={(0, 0): (2, 1), (0, 1): (1, 2), (3, 1): (1, 3)},
    )
    document = open_document(one_page(kit, tmp_path / "span.pdf", grid))
    (table,) = document.tables()
    assert table.to_rows() == [
        ["区分", "30年度", "", "元年度"],
        ["", "目標", "実績", "目標"],
        ["件数", "10", "12", "15"],
        ["計", "22", "", ""],
    ]
    assert table.spans() == [(0, 0, 2, 1), (0, 1, 1, 2), (3, 1, 1, 3)]
    spanning = table.cell(1, 0)
    assert spanning is not None and spanning.text == "区分"
    assert spanning.page == 1
    assert spanning.bbox == (50.0, 80.0, 110.0, 116.0)


def test_where_the_text_sits_in_its_cell_is_reported(tmp_path: Path, kit: Any) -> None:
    # A label at the top of a cell merged over three rows of 18 pt, two lines in a cell over two rows, blanks.
    grid = kit.Grid(
        x=50,
        top=80,
        col_widths=[60, 60, 60],
        row_heights=[18, 18, 18],
        texts={(0, 0): ["分類"], (0, 1): ["一行目", "二行目"], (2, 1): ["計"]},
        spans={(0, 0): (3, 1), (0, 1): (2, 1)},
    )
    (table,) = open_document(one_page(kit, tmp_path / "placed.pdf", grid)).tables()
    # Each line's baseline is drawn 3 pt + 9 pt under the cell's top rule, the next 11 pt lower; the font's
    # glyphs (IPAex) rise 0.88 em over the baseline and drop 0.12 em under it.
    above = 3.0 + 9.0 - 0.88 * 9.0
    foot = 3.0 + 9.0 + 0.12 * 9.0
    gaps = {(r, c): cell.text_gaps for r, c in ((0, 0), (0, 1), (2, 1), (0, 2)) if (cell := table.cell(r, c))}
    assert gaps == {
        (0, 0): pytest.approx((above, 54.0 - foot), abs=0.01),
        (0, 1): pytest.approx((above, 36.0 - foot - 11.0), abs=0.01),
        (2, 1): pytest.approx((above, 18.0 - foot), abs=0.01),
        (0, 2): None,
    }


def test_vertical_label_is_read_as_one_label(tmp_path: Path, kit: Any) -> None:
    grid = kit.Grid(
        x=50,
        top=80,
        col_widths=[24, 50, 150],
        row_heights=[60, 20, 20],
        texts={
            (0, 0): ["くらし分野"],
            (0, 1): ["1-1"],
            (0, 2): ["窓口のオンライン化と電子申請の", "拡大"],
            (1, 1): ["1-2"],
            (1, 2): ["AI-OCR"],
            (2, 1): ["1-3"],
            (2, 2): ["Open data", "portal"],
        },
        spans={(0, 0): (3, 1)},
        vertical={(0, 0)},
    )
    document = open_document(one_page(kit, tmp_path / "vertical.pdf", grid))
    (table,) = document.tables()
    assert table.to_rows() == [
        ["くらし分野", "1-1", "窓口のオンライン化と電子申請の拡大"],
        ["", "1-2", "AI-OCR"],
        ["", "1-3", "Open data portal"],
    ]
    label = table.cell(2, 0)
    assert label is not None and label.row_span == 3
    assert label.lines == ["く", "ら", "し", "分", "野"]


def test_marks_and_double_rules_and_shaded_header(tmp_path: Path, kit: Any) -> None:
    grid = kit.Grid(
        x=40,
        top=60,
        col_widths=[50, 160, 50, 50],
        row_heights=[20, 20, 20, 20],
        texts={
            (0, 0): ["No."],
            (0, 1): ["施策名"],
            (0, 2): ["官民", "データ"],
            (0, 3): ["先端", "技術"],
            (1, 0): ["1"],
            (1, 1): ["オープンデータ"],
            (1, 2): ["○"],
            (2, 0): ["2"],
            (2, 1): ["AI活用"],
            (2, 3): ["○"],
            (3, 0): ["3"],
            (3, 1): ["RPA"],
            (3, 2): ["○"],
            (3, 3): ["○"],
        },
        double_rules={1},
        shaded={(0, 0), (0, 1), (0, 2), (0, 3)},
    )
    document = open_document(one_page(kit, tmp_path / "marks.pdf", grid))
    (table,) = document.tables()
    # The double rule under the header is one boundary, not an extra thin row. The headers
    # break where their writer chose, with room to spare: whitespace, one space.
    assert table.to_rows() == [
        ["No.", "施策名", "官民 データ", "先端 技術"],
        ["1", "オープンデータ", "○", ""],
        ["2", "AI活用", "", "○"],
        ["3", "RPA", "○", "○"],
    ]
    assert table.header_rows == 1
    assert [c.is_header for c in table.row(1)] == [False, False, False, False]


def test_rules_drawn_as_filled_rects_and_misaligned_strokes(tmp_path: Path, kit: Any) -> None:
    canvas = kit.new_canvas(tmp_path / "rects.pdf", A4)
    grid = kit.Grid(
        x=50,
        top=100,
        col_widths=[80, 80],
        row_heights=[20, 20],
        texts={(0, 0): ["項目"], (0, 1): ["値"], (1, 0): ["予算額"], (1, 1): ["1,200"]},
        rules_as_rects=True,
    )
    kit.draw_grid(canvas, grid, HEIGHT)
    # A stray rule 1.5 pt off the column boundary, as a misregistered print leaves it.
    canvas.setLineWidth(0.5)
    canvas.line(131.5, HEIGHT - 120, 131.5, HEIGHT - 140)
    canvas.showPage()
    canvas.save()
    (table,) = open_document(tmp_path / "rects.pdf").tables()
    assert table.to_rows() == [["項目", "値"], ["予算額", "1,200"]]


def test_label_value_table(tmp_path: Path, kit: Any) -> None:
    grid = kit.Grid(
        x=50,
        top=80,
        col_widths=[90, 300],
        row_heights=[20, 20, 34, 20],
        texts={
            (0, 0): ["システム名"],
            (0, 1): ["電子申請システム"],
            (1, 0): ["所管課"],
            (1, 1): ["情報政策課"],
            (2, 0): ["取組内容"],
            (2, 1): ["申請手続のオンライン化を進め、", "対象手続を拡大した。"],
            (3, 0): ["評価"],
            (3, 1): ["Ａ：適切"],
        },
        shaded={(0, 0), (1, 0), (2, 0), (3, 0)},
    )
    (table,) = open_document(one_page(kit, tmp_path / "label_value.pdf", grid)).tables()
    assert table.to_rows() == [
        ["システム名", "電子申請システム"],
        ["所管課", "情報政策課"],
        ["取組内容", "申請手続のオンライン化を進め、対象手続を拡大した。"],
        ["評価", "Ａ：適切"],
    ]
    assert [c.is_header for c in table.column(0)] == [True, True, True, True]
    assert [c.is_header for c in table.column(1)] == [False, False, False, False]
    value = table.cell(2, 1)
    assert value is not None
    assert value.value_text == "申請手続のオンライン化を進め、\n対象手続を拡大した。"


def test_two_tables_and_text_blocks_in_reading_order(tmp_path: Path, kit: Any) -> None:
    canvas = kit.new_canvas(tmp_path / "blocks.pdf", A4)
    kit.text(canvas, 50, 40, "第2章 評価結果", HEIGHT, size=14)
    kit.text(canvas, 50, 62, "評価対象は全部で2件であり、", HEIGHT)
    kit.text(canvas, 50, 74, "いずれもA評価である。", HEIGHT)
    first = kit.Grid(x=50, top=100, col_widths=[60, 60], row_heights=[20], texts={(0, 0): ["A"], (0, 1): ["2件"]})
    second = kit.Grid(x=50, top=200, col_widths=[60, 60, 60], row_heights=[20], texts={(0, 2): ["x"]})
    kit.draw_grid(canvas, first, HEIGHT)
    kit.draw_grid(canvas, second, HEIGHT)
    kit.text(canvas, 50, 150, "表1 集計", HEIGHT)
    canvas.showPage()
    canvas.save()
    document = open_document(tmp_path / "blocks.pdf")
    assert [t.to_rows() for t in document.tables()] == [[["A", "2件"]], [["", "", "x"]]]
    assert [t.table_id for t in document.tables()] == ["p1-1", "p1-2"]
    assert [b.text for b in document.pages[0].text_blocks] == [
        "第2章 評価結果",
        "評価対象は全部で2件であり、いずれもA評価である。",
        "表1 集計",
    ]


LIST_COLUMNS = [24, 40, 200, 40]
LIST_HEADER = {(0, 0): ["分野"], (0, 1): ["No."], (0, 2): ["施策名"], (0, 3): ["評価"]}
ROW_HEIGHT = 20.0


def continued_list(kit: Any, path: Path, *, split_row: bool) -> Path:
    """A list whose last page-1 rows and first page-2 rows share one merged 分野 cell; the
    header is printed again on page 2. Page 1's table runs to the bottom of the body."""
    canvas = kit.new_canvas(path, A4)
    top = 60.0
    rows1 = 37  # the table fills the page body down to 60 + 38 * 20 = 820 pt
    texts = dict(LIST_HEADER)
    for i in range(1, rows1 + 1):
        texts[(i, 1)] = [f"{i}"]
        texts[(i, 2)] = [f"施策{i}"]
        texts[(i, 3)] = ["A"]
    texts[(1, 0)] = ["行政"]
    texts[(rows1 - 1, 0)] = ["くらし"]
    if split_row:
        texts[(rows1, 2)] = ["子育て支援の"]
    page1 = kit.Grid(
        x=50,
        top=top,
        col_widths=LIST_COLUMNS,
        row_heights=[ROW_HEIGHT] * (rows1 + 1),
        texts=texts,
        spans={(1, 0): (rows1 - 2, 1), (rows1 - 1, 0): (2, 1)},
        vertical={(1, 0), (rows1 - 1, 0)},
        shaded={(0, 0), (0, 1), (0, 2), (0, 3)},
    )
    kit.draw_grid(canvas, page1, HEIGHT)
    kit.text(canvas, 280, 826, "- 1 -", HEIGHT)
    canvas.showPage()
    texts2 = dict(LIST_HEADER)
    first = 1
    if split_row:
        texts2[(1, 2)] = ["オンライン化"]
        first = 2
    texts2[(first, 1)] = ["38"]
    texts2[(first, 2)] = ["施策38"]
    texts2[(first, 3)] = ["B"]
    texts2[(first + 1, 0)] = ["都市"]
    texts2[(first + 1, 1)] = ["39"]
    texts2[(first + 1, 2)] = ["施策39"]
    texts2[(first + 1, 3)] = ["C"]
    page2 = kit.Grid(
        x=50,
        top=top,
        col_widths=LIST_COLUMNS,
        row_heights=[ROW_HEIGHT] * (first + 2),
        texts=texts2,
        spans={(1, 0): (first, 1)},
        shaded={(0, 0), (0, 1), (0, 2), (0, 3)},
    )
    kit.draw_grid(canvas, page2, HEIGHT)
    kit.text(canvas, 280, 826, "- 2 -", HEIGHT)
    canvas.showPage()
    canvas.save()
    return path


def test_table_continued_over_two_pages_is_one_table(tmp_path: Path, kit: Any) -> None:
    document = open_document(continued_list(kit, tmp_path / "continued.pdf", split_row=False))
    tables = document.tables()
    assert len(tables) == 1
    (table,) = tables
    assert table.pages == [1, 2]
    assert document.pages[0].tables == [table] and document.pages[1].tables == [table]
    rows = table.to_rows()
    # The repeated header is dropped: 1 header + 37 rows + 2 rows.
    assert table.n_rows == 40
    assert rows[0] == ["分野", "No.", "施策名", "評価"]
    assert rows[36] == ["くらし", "36", "施策36", "A"]
    assert rows[37] == ["", "37", "施策37", "A"]
    assert rows[38] == ["", "38", "施策38", "B"]
    assert rows[39] == ["都市", "39", "施策39", "C"]
    # The merged 分野 cell runs on over the break: one cell, rows 36-38.
    kurashi = table.cell(38, 0)
    assert kurashi is not None and (kurashi.row, kurashi.row_span, kurashi.text) == (36, 3, "くらし")
    assert kurashi.page == 1 and [e.page for e in kurashi.more_evidence] == [2]
    row38 = table.cell(38, 1)
    assert row38 is not None and row38.page == 2
    assert row38.bbox == (74.0, 80.0, 114.0, 100.0)
    assert table.header_rows == 1


def test_row_split_by_the_page_break_is_rejoined(tmp_path: Path, kit: Any) -> None:
    document = open_document(continued_list(kit, tmp_path / "split.pdf", split_row=True))
    (table,) = document.tables()
    rows = table.to_rows()
    assert table.n_rows == 40
    assert rows[37] == ["", "37", "子育て支援のオンライン化", "A"]
    assert rows[38] == ["", "38", "施策38", "B"]
    joined = table.cell(37, 2)
    assert joined is not None
    assert joined.lines == ["子育て支援の", "オンライン化"]
    assert (joined.page, [e.page for e in joined.more_evidence]) == (1, [2])
    # The pieces as printed stay apart, for a reader that knows the key to part two records again.
    assert joined.pieces is not None
    assert [(p.text, p.page) for p in joined.pieces] == [("子育て支援の", 1), ("オンライン化", 2)]


def test_same_columns_on_the_next_page_after_a_short_table_is_a_new_table(tmp_path: Path, kit: Any) -> None:
    canvas = kit.new_canvas(tmp_path / "two.pdf", A4)
    for number in (1, 2):
        grid = kit.Grid(
            x=50,
            top=60,
            col_widths=LIST_COLUMNS,
            row_heights=[ROW_HEIGHT] * 2,
            texts={**LIST_HEADER, (1, 1): [str(number)]},
        )
        kit.draw_grid(canvas, grid, HEIGHT)
        canvas.showPage()
    canvas.save()
    tables = open_document(tmp_path / "two.pdf").tables()
    assert [t.table_id for t in tables] == ["p1-1", "p2-1"]
    assert [t.to_rows()[1][1] for t in tables] == ["1", "2"]


def test_rotated_landscape_page_reads_in_display_orientation(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "rotated.pdf"
    # Stored as a portrait page turned by /Rotate 90, as landscape prints often are.
    canvas = kit.new_canvas(path, (HEIGHT, WIDTH))
    canvas.setPageRotation(90)
    canvas.rotate(90)
    canvas.translate(0, -WIDTH)
    grid = kit.Grid(
        x=60,
        top=90,
        col_widths=[60, 500, 60, 60],
        row_heights=[20, 20],
        texts={
            (0, 0): ["PID"],
            (0, 1): ["プロジェクト名"],
            (0, 2): ["R3"],
            (0, 3): ["R4"],
            (1, 0): ["1-1"],
            (1, 1): ["窓口DX"],
            (1, 2): ["○"],
            (1, 3): ["⇒"],
        },
    )
    kit.draw_grid(canvas, grid, WIDTH)
    canvas.showPage()
    canvas.save()
    document = open_document(path)
    page = document.pages[0]
    assert (page.rotation, round(page.width), round(page.height)) == (90, 842, 595)
    (table,) = document.tables()
    assert table.to_rows() == [["PID", "プロジェクト名", "R3", "R4"], ["1-1", "窓口DX", "○", "⇒"]]
    assert table.bboxes[1] == (60.0, 90.0, 740.0, 130.0)


def test_settings_are_data(tmp_path: Path, kit: Any) -> None:
    grid = kit.Grid(x=50, top=80, col_widths=[60, 60], row_heights=[20], texts={(0, 0): ["a"], (0, 1): ["b"]})
    path = one_page(kit, tmp_path / "settings.pdf", grid)
    assert open_document(path, GridSettings(min_cols=3)).tables() == []
    with pytest.raises(AttributeError):
        GridSettings().snap_tolerance = 1.0  # type: ignore[misc]


def labelled_cells(kit: Any, path: Path, value_width: float, cells: dict[str, list[str]]) -> list[list[str]]:
    """The rows read from a two-column table of labels and their values' printed lines."""
    texts: dict[tuple[int, int], list[str]] = {}
    for row, (label, lines) in enumerate(cells.items()):
        texts[(row, 0)], texts[(row, 1)] = [label], lines
    grid = kit.Grid(x=50, top=80, col_widths=[60, value_width], row_heights=[40] * len(cells), texts=texts)
    (table,) = open_document(one_page(kit, path, grid)).tables()
    return table.to_rows()


def test_line_ended_by_its_writer_keeps_a_space_a_wrapped_one_does_not(tmp_path: Path, kit: Any) -> None:
    cells = {
        # Two names, one per line, with room to spare: the writer broke the line.
        "所管局": ["医療局", "健康福祉局"],
        # A full line wrapped mid-word, and a break after punctuation.
        "施策名": ["医療・介護・保健統合データベースの活用を推", "進、地域連携"],
    }
    assert labelled_cells(kit, tmp_path / "breaks.pdf", 200, cells) == [
        ["所管局", "医療局 健康福祉局"],
        ["施策名", "医療・介護・保健統合データベースの活用を推進、地域連携"],
    ]


def test_a_line_wrapped_before_a_half_width_bracket_joins_without_a_space(tmp_path: Path, kit: Any) -> None:
    """No line ends on an opening bracket, so a browser moves '(' down with the character after it: the line
    above stops with room for '(' alone (佐世保's オンライン相談 / (母子健康手帳交付…) and still wrapped."""
    cells = {
        "事業名": ["オンライン相談", "(母子健康手帳", "交付)"],
        # Room for the whole next line: the writer ended the line.
        "所管局": ["医療局", "(本庁)"],
    }
    # 63 pt of text per full line (seven 9 pt characters) in 69 pt of room: room for '(' (4.5 pt), not '(母'.
    assert labelled_cells(kit, tmp_path / "bracket.pdf", 75, cells) == [
        ["事業名", "オンライン相談(母子健康手帳交付)"],
        ["所管局", "医療局 (本庁)"],
    ]


def test_two_small_lines_set_beside_a_large_one_are_read_after_it_not_interleaved(tmp_path: Path, kit: Any) -> None:
    """京都市's 事業名 cell: the name in 10.6 pt, and right of it in 6.7 pt 【事業実施期間】 over 令和5年度～7年度,
    the name's line reaching into both small lines (one band of overlapping lines)."""
    grid = kit.Grid(x=50, top=80, col_widths=[60, 400], row_heights=[30], texts={(0, 0): ["事業名"]})
    path = tmp_path / "beside.pdf"
    canvas = kit.new_canvas(path, A4)
    kit.draw_grid(canvas, grid, HEIGHT)
    kit.text(canvas, 115, 86.0, "グローバル・ニッチ・トップ企業創出プロジェクト", HEIGHT, size=10.6)
    kit.text(canvas, 420, 84.0, "【事業実施期間】", HEIGHT, size=6.7)
    kit.text(canvas, 420, 92.8, "令和5年度～7年度", HEIGHT, size=6.7)
    canvas.showPage()
    canvas.save()
    (table,) = open_document(path).tables()
    assert table.cell(0, 1).lines == [  # type: ignore[union-attr]
        "グローバル・ニッチ・トップ企業創出プロジェクト",
        "【事業実施期間】",
        "令和5年度～7年度",
    ]
