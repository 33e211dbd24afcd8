"""A picture of what the format layer sees in a workbook: each sheet's tables drawn as grids,
every cell's box (spans and header cells in their own colours) with its text.

The PDF picture (extractors/inspect.py) draws on the page; a sheet has no page, so its
logical grid is drawn instead: one box per slot, column widths from the text they hold.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from hyoka.extractors.model import Sheet, Table
from hyoka.normalizers.text import is_wide

# Fonts with Japanese glyphs, in order of preference (the IPA fonts the samples use first).
JAPANESE_FONTS = (
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
)
FONT_SIZE = 12
ROW_HEIGHT = 22
MIN_COL, MAX_COL = 28, 220
MARGIN, GAP = 10, 28
UNSAFE = re.compile(r"[^\w.-]+")
COLOURS = {"cell": (0, 90, 200), "span": (220, 120, 0), "header": (0, 150, 60)}


class NothingToDraw(ValueError):
    """A sheet with no table, or no font to write its text with."""


def _font() -> ImageFont.FreeTypeFont:
    for path in JAPANESE_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, FONT_SIZE)
    raise NothingToDraw(
        "no font with Japanese glyphs is installed (e.g. fonts-ipaexfont-gothic); "
        "the text view above shows the same tables."
    )


def _text_width(text: str) -> int:
    return sum(FONT_SIZE if is_wide(ch) else FONT_SIZE // 2 + 1 for ch in text)


def _column_widths(table: Table) -> list[int]:
    widths = [MIN_COL] * table.n_cols
    for cell in table.cells:
        if cell.col_span == 1:
            widths[cell.col] = max(widths[cell.col], min(MAX_COL, _text_width(cell.text) + 8))
    return widths


def _clip(text: str, room: int) -> str:
    out = ""
    for ch in text:
        if _text_width(out + ch + "…") > room:
            return out + "…"
        out += ch
    return out


def draw_sheet(sheet: Sheet, target: Path) -> Path:
    """Draws every table of `sheet` into the PNG `target`, one below the other, each under its id."""
    if not sheet.tables:
        raise NothingToDraw(f"sheet {sheet.name!r} has no table the format layer recognises; nothing to draw.")
    font = _font()
    layouts = [(table, _column_widths(table)) for table in sheet.tables]
    width = MARGIN * 2 + max(sum(widths) for _, widths in layouts)
    height = MARGIN + sum(GAP + table.n_rows * ROW_HEIGHT + MARGIN for table, _ in layouts)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image, "RGBA")
    top = MARGIN
    for table, widths in layouts:
        draw.text(
            (MARGIN, top + 4), f"table {table.table_id}: {table.n_rows} x {table.n_cols}", fill="black", font=font
        )
        top += GAP
        lefts = [MARGIN + sum(widths[:c]) for c in range(table.n_cols + 1)]
        for cell in table.cells:
            box = (
                lefts[cell.col],
                top + cell.row * ROW_HEIGHT,
                lefts[cell.col_end + 1],
                top + (cell.row_end + 1) * ROW_HEIGHT,
            )
            kind = "header" if cell.is_header else ("span" if cell.row_span > 1 or cell.col_span > 1 else "cell")
            colour = COLOURS[kind]
            draw.rectangle(box, fill=(*colour, 40), outline=(*colour, 220))
            text = _clip(cell.text, box[2] - box[0] - 6)
            draw.text((box[0] + 3, box[1] + 4), text, fill="black", font=font)
        top += table.n_rows * ROW_HEIGHT + MARGIN
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target)
    return target


def draw_workbook(sheets: list[Sheet], out_png: Path) -> list[Path]:
    """One PNG per sheet with tables: `out_png` itself for one sheet, `<stem>-<sheet>.png` for several."""
    drawable = [sheet for sheet in sheets if sheet.tables]
    if not drawable:
        names = ", ".join(sheet.name for sheet in sheets)
        raise NothingToDraw(f"no sheet ({names}) has a table the format layer recognises; nothing to draw.")
    if len(drawable) == 1:
        return [draw_sheet(drawable[0], out_png)]
    return [draw_sheet(sheet, out_png.with_name(f"{out_png.stem}-{_file_part(sheet.name)}.png")) for sheet in drawable]


def _file_part(name: str) -> str:
    """A sheet name as part of a file name."""
    return UNSAFE.sub("_", name)
