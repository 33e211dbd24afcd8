"""A group label merged over several rows and cut by a page break, its rest printed atop the next page with no
rule on either side of the break, read whole; a new group starting atop a page kept apart. Nothing but how the
text sits in its cell tells them apart: the pages are drawn as a producer prints them (labels centred in their
merged cells, or at their top), read by the format layer, then located."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from hyoka.extractors.pdf import read_pdf
from hyoka.specs.locate import Column, Location, TableSpec, locate

FONT, FONT_FILE = "IPAexGothic", "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
SIZE, LINE, PAD = 9.0, 11.0, 3.0
WIDTH, HEIGHT, MARGIN = 595.0, 842.0, 40.0
XS = (40.0, 128.0, 188.0, 308.0)  # 重点課題 (nine chars a line) | PID | 名称
HEADER_ROW, ROW = 20.0, 36.0
SPEC = TableSpec(
    "the project list",
    (Column("group_name", ("重点課題",)), Column("pid", ("PID",)), Column("name", ("名称",))),
    key="pid",
)


@dataclass
class Label:
    """A group label over `rows` rows of a page; `cut_below` / `cut_above`: no rule there (a page break cuts it)."""

    lines: list[str]
    rows: int
    cut_below: bool = False
    cut_above: bool = False


def draw_page(canvas: Canvas, top: float, labels: list[Label], keys: list[str], *, header: bool, middle: bool) -> None:
    """One page of the list: the header (if printed), then rows of (PID, 名称) beside the group labels. A label
    sits in the middle of its cell when `middle`, else at its top; a piece a break cut runs from the top."""

    def line(x0: float, y0: float, x1: float, y1: float) -> None:
        canvas.line(x0, HEIGHT - y0, x1, HEIGHT - y1)

    def write(x: float, y: float, lines: list[str]) -> None:
        for k, printed in enumerate(lines):
            canvas.drawString(x + PAD, HEIGHT - (y + SIZE + k * LINE), printed)

    canvas.setFont(FONT, SIZE)
    canvas.setLineWidth(0.5)
    if header:
        for x0, x1, word in zip(XS, XS[1:], ("重点課題", "PID", "名称"), strict=False):
            line(x0, top, x1, top)
            line(x0, top + HEADER_ROW, x1, top + HEADER_ROW)
            write(x0, top + PAD, [word])
        top += HEADER_ROW
    for k, key in enumerate(keys):
        y = top + k * ROW
        for x0, x1 in pairwise(XS[1:]):
            line(x0, y, x1, y)
            line(x0, y + ROW, x1, y + ROW)
        write(XS[1], y + PAD, [key])
        write(XS[2], y + PAD, [f"{key}事業"])
    y = top
    for label in labels:
        height = label.rows * ROW
        if not label.cut_above:
            line(XS[0], y, XS[1], y)
        if not label.cut_below:
            line(XS[0], y + height, XS[1], y + height)
        text_height = len(label.lines) * LINE
        placed = middle and not (label.cut_above or label.cut_below)
        write(XS[0], y + ((height - text_height) / 2 if placed else 0.0 if label.cut_above else PAD), label.lines)
        y += height
    bottom = top + len(keys) * ROW
    for x in XS:
        line(x, top - (HEADER_ROW if header else 0.0), x, bottom)


def print_list(path: Path, pages: list[tuple[list[Label], list[str]]], *, middle: bool, repeat: bool) -> Path:
    """The list over pages, each page's table ending at the foot of the page except the last; the header
    printed on the first page, or on every page when `repeat`."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    canvas = Canvas(str(path), pagesize=(WIDTH, HEIGHT), invariant=1)
    for number, (labels, keys) in enumerate(pages):
        header = number == 0 or repeat
        body = len(keys) * ROW + (HEADER_ROW if header else 0.0)
        top = HEIGHT - MARGIN - body if number < len(pages) - 1 else MARGIN
        draw_page(canvas, top, labels, keys, header=header, middle=middle)
        canvas.showPage()
    canvas.save()
    return path


FIRST_KEYS = ["A-1", "A-2", "A-3", "A-4", "A-5"]
FIRST_LABELS = [Label(["業務の効率化"], 2), Label(["職員の仕事の高質化"], 2)]
SECOND_KEYS = ["A-6", "A-7", "A-8", "A-9"]
# 教育の提 | 供にむけた環境構築: the label over A-5 … A-7, cut by the break after A-5.
CUT = [
    ([*FIRST_LABELS, Label(["一人ひとりの児童に", "合わせた教育の提"], 1, cut_below=True)], FIRST_KEYS),
    ([Label(["供にむけた環境構築"], 2, cut_above=True), Label(["まちの見える化"], 2)], SECOND_KEYS),
]
# A-5's group ends with the page; a new group starts atop the next, its label merged over A-6 and A-7.
NEW_GROUP = [
    ([*FIRST_LABELS, Label(["教育の充実"], 1)], FIRST_KEYS),
    ([Label(["環境の構築"], 2), Label(["まちの見える化"], 2)], SECOND_KEYS),
]

# A-5's label fills its cell, so its placement tells nothing; the new group atop the next page runs to that
# page's foot and on over the next break, so its label sits at the top of the piece the page shows.
FILLED = ["一人ひとりの児童に", "合わせたよりよい教", "育の提供"]
NEW_GROUP_CUT_AGAIN = [
    ([*FIRST_LABELS, Label(FILLED, 1)], FIRST_KEYS),
    ([Label(["環境の構築"], 4, cut_below=True)], SECOND_KEYS),
    ([Label([], 1, cut_above=True), Label(["まちの見える化"], 2)], ["A-10", "A-11", "A-12"]),
]


def groups(location: Location | None) -> list[tuple[str, str]]:
    assert location is not None
    return [(row.cell("pid").text, row.cell("group_name").text) for row in location.rows]  # type: ignore[union-attr]


Printings = dict[tuple[str, bool], Location | None]


@pytest.fixture(scope="module", params=[False, True], ids=["header once", "header repeated"])
def printed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Printings:
    """(what the pages print, labels centred) -> the list located, each printing drawn and read once."""
    folder = tmp_path_factory.mktemp("cut-labels")
    return {
        (name, middle): locate(
            read_pdf(print_list(folder / f"{name}-{middle}.pdf", pages, middle=middle, repeat=request.param), None),
            SPEC,
        )
        for name, pages in (("cut", CUT), ("new group", NEW_GROUP), ("new group cut again", NEW_GROUP_CUT_AGAIN))
        for middle in (True, False)
    }


def test_the_rest_of_a_centred_label_cut_by_the_break_is_read_with_the_piece_above(
    printed: Printings,
) -> None:
    location = printed[("cut", True)]
    whole = "一人ひとりの児童に合わせた教育の提供にむけた環境構築"
    assert groups(location)[2:] == [
        ("A-3", "職員の仕事の高質化"),
        ("A-4", "職員の仕事の高質化"),
        ("A-5", whole),
        ("A-6", whole),
        ("A-7", whole),
        ("A-8", "まちの見える化"),
        ("A-9", "まちの見える化"),
    ]
    assert location is not None
    label = location.rows[5].cell("group_name")
    assert label is not None
    assert [label.page, *(e.page for e in label.more_evidence)] == [1, 2]


def test_a_new_group_starting_atop_the_page_is_not_joined_to_the_one_above(
    printed: Printings,
) -> None:
    for middle in (True, False):
        assert groups(printed[("new group", middle)])[4:7] == [
            ("A-5", "教育の充実"),
            ("A-6", "環境の構築"),
            ("A-7", "環境の構築"),
        ]


def test_a_new_group_atop_the_page_running_on_over_the_next_break_is_not_joined_to_the_one_above(
    printed: Printings,
) -> None:
    assert groups(printed[("new group cut again", True)])[4:] == [
        ("A-5", "一人ひとりの児童に合わせたよりよい教育の提供"),
        *((f"A-{k}", "環境の構築") for k in range(6, 11)),
        ("A-11", "まちの見える化"),
        ("A-12", "まちの見える化"),
    ]


def test_where_the_producer_sets_every_label_at_its_top_a_rest_cannot_be_told_and_is_read_as_printed(
    printed: Printings,
) -> None:
    assert groups(printed[("cut", False)])[4:7] == [
        ("A-5", "一人ひとりの児童に合わせた教育の提"),
        ("A-6", "供にむけた環境構築"),
        ("A-7", "供にむけた環境構築"),
    ]
