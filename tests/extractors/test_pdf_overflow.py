"""Text wider than its cell, printed across the cell's vertical rule, on documents drawn here.

A browser lets a line that does not fit overflow to the right over the next cell (whatever that cell
prints), a spreadsheet lets text spill into an empty neighbour (left-aligned text to the right,
right-aligned text to the left). A run of touching chars across a rule is one piece of text; a real
boundary between two cells has the rule between two texts, each kept from it by its cell's padding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth

from hyoka.extractors.model import Table
from hyoka.extractors.pdf import read_pdf

WIDTH, HEIGHT = A4
FONT = "IPAexGothic"
SIZE = 7.0
PADDING = 2.0
X = 50.0
TOP = 100.0
ROW = 20.0


def one_row_table(kit: Any, path: Path, widths: list[float], printed: list[tuple[float, str]]) -> Path:
    """A ruled table of one header row and one body row; `printed` places each text of the body row by
    its left edge, wherever it runs to."""
    canvas = kit.new_canvas(path, A4)
    grid = kit.Grid(x=X, top=TOP, col_widths=widths, row_heights=[ROW, ROW], texts={(0, 0): ["指標"]})
    kit.draw_grid(canvas, grid, HEIGHT)
    for left, words in printed:
        kit.text(canvas, left, TOP + ROW + PADDING, words, HEIGHT, size=SIZE)
    canvas.showPage()
    canvas.save()
    return path


def body(path: Path) -> tuple[Table, list[str]]:
    (table,) = read_pdf(path, second_opinion=None).tables()
    return table, table.to_rows()[1]


def edges(widths: list[float]) -> list[float]:
    out = [X]
    for width in widths:
        out.append(out[-1] + width)
    return out


def test_figures_overflowing_their_narrow_cells_over_the_next_figures_each_stay_whole(tmp_path: Path, kit: Any) -> None:
    # As a browser prints a fixed-width list: each figure starts at its cell's padding and runs on over
    # the rule, under the start of the next cell's own figure; the last one over the table's outer rule.
    widths = [60.0, 30.0, 30.0, 30.0]
    figures = ["3,920,000", "3,944,938", "4,272,800"]
    xs = edges(widths)
    kit.register_font()
    assert stringWidth(figures[0], FONT, SIZE) > widths[1] - PADDING  # the figure does cross the rule
    printed = [(xs[0] + PADDING, "アクセス数")] + [(xs[1 + i] + PADDING, f) for i, f in enumerate(figures)]
    table, row = body(one_row_table(kit, tmp_path / "overflow.pdf", widths, printed))
    assert row == ["アクセス数", *figures]
    assert xs[-1] < xs[-2] + PADDING + stringWidth(figures[-1], FONT, SIZE)
    # The evidence is where the figure was printed: its cell, and the stretch beyond the rule.
    first = table.cell(1, 1)
    assert first is not None and first.bbox is not None
    assert first.bbox[0] == xs[1]
    assert first.bbox[2] == round(xs[1] + PADDING + stringWidth(figures[0], FONT, SIZE), 2)


def test_left_aligned_text_spilling_into_an_empty_neighbour_belongs_to_its_own_cell(tmp_path: Path, kit: Any) -> None:
    widths = [60.0, 40.0, 40.0, 40.0]
    xs = edges(widths)
    words = "(株)ゼンリンとの協議継続中"
    kit.register_font()
    assert xs[1] + PADDING + stringWidth(words, FONT, SIZE) > xs[3]  # over two rules
    _, row = body(one_row_table(kit, tmp_path / "spill.pdf", widths, [(xs[1] + PADDING, words)]))
    assert row == ["", words, "", ""]


def test_right_aligned_text_spilling_into_an_empty_neighbour_on_its_left_belongs_to_its_own_cell(
    tmp_path: Path, kit: Any
) -> None:
    widths = [60.0, 40.0, 40.0]
    xs = edges(widths)
    words = "協議継続中(調整)"
    kit.register_font()
    left = xs[3] - PADDING - stringWidth(words, FONT, SIZE)
    assert left < xs[2]  # it starts in the cell before
    _, row = body(one_row_table(kit, tmp_path / "spill_left.pdf", widths, [(left, words)]))
    assert row == ["", "", words]


def test_two_texts_meeting_at_a_rule_with_their_padding_between_stay_in_their_cells(tmp_path: Path, kit: Any) -> None:
    # A right-aligned figure and a left-aligned one on both sides of one rule: the rule is between them.
    widths = [60.0, 40.0, 40.0]
    xs = edges(widths)
    kit.register_font()
    figure = "1,234"
    printed = [(xs[2] - PADDING - stringWidth(figure, FONT, SIZE), figure), (xs[2] + PADDING, "5,678")]
    _, row = body(one_row_table(kit, tmp_path / "boundary.pdf", widths, printed))
    assert row == ["", "1,234", "5,678"]


def test_a_right_aligned_cell_wrapped_at_a_space_keeps_its_lines(tmp_path: Path, kit: Any) -> None:
    # A browser wraps 'I-TOP横浜: 310件 LIP.横浜: 302件' at its space and prints no space at the line end:
    # the two lines are what the format layer can tell, so they stay lines.
    widths = [60.0, 75.0]
    xs = edges(widths)
    lines = ["I-TOP横浜: 310件", "LIP.横浜: 302件"]
    path = tmp_path / "wrapped.pdf"
    canvas = kit.new_canvas(path, A4)
    kit.draw_grid(canvas, kit.Grid(x=X, top=TOP, col_widths=widths, row_heights=[ROW, 30.0]), HEIGHT)
    for k, line in enumerate(lines):
        left = xs[2] - PADDING - stringWidth(line, FONT, SIZE)
        kit.text(canvas, left, TOP + ROW + PADDING + k * (SIZE + 2), line, HEIGHT, size=SIZE)
    canvas.showPage()
    canvas.save()
    (table,) = read_pdf(path, second_opinion=None).tables()
    cell = table.cell(1, 1)
    assert cell is not None
    assert cell.lines == lines
    assert cell.value_text == "\n".join(lines)


# ---------------------------------------------------------------- the real pages

ROOT = Path(__file__).resolve().parents[2]


def test_the_second_producers_figures_wider_than_their_year_cells_are_read_whole() -> None:
    # 佐世保's project list as the second producer prints it: 多様化3-1-1's アクセス数 row has seven-digit
    # figures in 28 pt year cells; each runs over its right rule under the next cell's own figure.
    document = read_pdf(ROOT / "samples" / "producer-b" / "sasebo_dx_project_list.pdf", second_opinion=None)
    rows = [row for table in document.tables() for row in table.to_rows() if "アクセス数" in row]
    assert len(rows) == 1
    figures = [text for text in rows[0][rows[0].index("アクセス数") + 1 :] if text][:9]
    assert figures == [
        "3,920,000",
        "3,944,938",
        "4,272,800",
        "4,077,432",
        "4,625,600",
        "4,051,623",
        "4,939,200",
        "3,770,178",
        "5,252,800",
    ]


def test_the_second_producers_landscape_value_cell_keeps_its_two_lines() -> None:
    page = ROOT / "tests" / "data" / "producer-b" / "yokohama_kanmin_data_status_landscape_list.pdf"
    cells = [c for t in read_pdf(page, second_opinion=None).tables() for c in t.cells if c.text.startswith("I-TOP")]
    assert [c.lines for c in cells] == [["I-TOP横浜: 310件", "LIP.横浜: 302件"]]
