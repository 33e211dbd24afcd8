"""What the format layer sees in a document: every table as a text grid, and the page drawn
with the reconstructed grid, each cell's box and its span (the debugging picture for every
heuristic, and what an analyst looks at when a new edition changes its layout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

from hyoka.extractors import open_document
from hyoka.extractors.model import Document, Table
from hyoka.extractors.pdf_objects import turned
from hyoka.extractors.second_opinion import render_dpi
from hyoka.normalizers.text import is_wide

# Longest cell text shown in the text grid, in display columns (a wide char counts two).
_MAX_WIDTH = 24
_COLOURS = {
    "cell": (0, 90, 200),
    "span": (220, 120, 0),
    "header": (0, 150, 60),
}


def inspect_document(
    path: Path,
    *,
    page: int | None = None,
    sheet: str | None = None,
    out_png: Path | None = None,
    resolution: int = 100,
) -> str:
    """Each table of the document (or of one page / sheet) as readable text; for a PDF with
    `out_png`, also writes the page(s) drawn with the grid (several pages: one file each,
    `<stem>-p<N>.png`)."""
    document = open_document(Path(path))
    if document.format == "pdf":
        return "\n".join(_describe_pdf(document, page, out_png, resolution))
    return "\n".join(_describe_workbook(document, sheet))


def _describe_pdf(document: Document, page: int | None, out_png: Path | None, resolution: int) -> list[str]:
    """The PDF's tables page by page (one page when asked), and the pages drawn when `out_png` is given."""
    if page is not None and not 1 <= page <= len(document.pages):
        raise ValueError(f"page {page} does not exist: the document has {len(document.pages)} pages")
    numbers = [page] if page is not None else [p.number for p in document.pages]
    out = [f"{document.path.name}: PDF, {len(document.pages)} pages"]
    for number in numbers:
        out.extend(_describe_page(document, number))
    if out_png is not None:
        out.extend(f"drew {written}" for written in draw_pages(document, numbers, Path(out_png), resolution))
    return out


def _describe_workbook(document: Document, sheet: str | None) -> list[str]:
    """The workbook's tables sheet by sheet (one sheet when asked), with what each sheet hides."""
    names = [s.name for s in document.sheets]
    if sheet is not None and sheet not in names:
        raise ValueError(f"sheet {sheet!r} does not exist: the workbook has {', '.join(names)}")
    out = [f"{document.path.name}: workbook, sheets {', '.join(names)}"]
    for each in document.sheets:
        if sheet is not None and each.name != sheet:
            continue
        flags = []
        if each.hidden:
            flags.append("hidden")
        if each.hidden_rows:
            flags.append("hidden rows " + ",".join(map(str, each.hidden_rows)))
        if each.hidden_cols:
            flags.append("hidden columns " + ",".join(each.hidden_cols))
        out.append(f"\n== sheet {each.name} ({each.dimensions})" + (f" [{'; '.join(flags)}]" if flags else ""))
        for table in each.tables:
            out.extend(render_table(table))
    return out


def _describe_page(document: Document, number: int) -> list[str]:
    page = document.page(number)
    rotated = f", rotated {page.rotation}" if page.rotation else ""
    out = [f"\n== page {number} ({page.width:.0f} x {page.height:.0f} pt{rotated})"]
    for table in page.tables:
        if table.pages[0] == number:
            out.extend(render_table(table))
        else:
            out.append(f"-- table {table.table_id} continues here (see page {table.pages[0]})")
    for block in page.text_blocks:
        out.append(f"text {_fmt_box(block.bbox)}: {block.text}")
    return out


def _fmt_box(bbox: tuple[float, float, float, float] | None) -> str:
    return "[" + ", ".join(f"{v:.0f}" for v in bbox) + "]" if bbox else "[]"


def _width(text: str) -> int:
    return sum(2 if is_wide(ch) else 1 for ch in text)


def _clip(text: str) -> str:
    out = ""
    for ch in text:
        if _width(out + ch) > _MAX_WIDTH - 1:
            return out + "…"
        out += ch
    return out


def render_table(table: Table) -> list[str]:
    """The table as a text grid: `<` marks a slot covered by the cell to its left, `^` one
    covered by the cell above; `*` before a text marks a header cell."""
    where = f"pages {', '.join(map(str, table.pages))}" if table.pages else f"{table.sheet}!{table.ref}"
    out = [f"-- table {table.table_id} ({where}): {table.n_rows} rows x {table.n_cols} cols"]
    grid = [["" for _ in range(table.n_cols)] for _ in range(table.n_rows)]
    for cell in table.cells:
        for r in range(cell.row, cell.row_end + 1):
            for c in range(cell.col, cell.col_end + 1):
                if (r, c) == (cell.row, cell.col):
                    grid[r][c] = ("*" if cell.is_header else "") + _clip(cell.text)
                else:
                    grid[r][c] = "<" if r == cell.row else "^"
    widths = [max([_width(row[c]) for row in grid] + [1]) for c in range(table.n_cols)]
    for row in grid:
        out.append("| " + " | ".join(text + " " * (widths[c] - _width(text)) for c, text in enumerate(row)) + " |")
    for problem in table.problems:
        out.append(f"!! {problem}")
    for cell in table.cells:
        for problem in cell.problems:
            out.append(f"!! ({cell.row},{cell.col}) {problem}")
    return out


def draw_pages(document: Document, numbers: list[int], out_png: Path, resolution: int = 100) -> list[Path]:
    """Draws each page with its tables' outlines, every cell's box (spans in another colour).

    A page too large to draw within the pixel budget is left out (the format layer refuses such
    pages before this is reached)."""
    written: list[Path] = []
    with pdfplumber.open(document.path) as pdf:
        for number in numbers:
            plumber_page = pdf.pages[number - 1]
            # The picture stays within the pixel budget the second opinion keeps to.
            dpi = min(resolution, render_dpi(float(plumber_page.width), float(plumber_page.height)) or 0)
            if dpi == 0:
                continue
            # A page read turned upright (its text set sideways, `pdf_objects.page_objects`) is drawn so turned.
            turn = (document.page(number).rotation - plumber_page.rotation) % 360
            if turn:
                image = _drawn_turned(document.path, plumber_page, turn, dpi)
            else:
                image = plumber_page.to_image(resolution=dpi)
            for table in document.page(number).tables:
                for cell in table.cells:
                    for evidence in [cell.evidence, *cell.more_evidence]:
                        if evidence.page != number or evidence.bbox is None:
                            continue
                        kind = "span" if cell.row_span > 1 or cell.col_span > 1 else "cell"
                        kind = "header" if cell.is_header else kind
                        colour = _COLOURS[kind]
                        image.draw_rect(evidence.bbox, fill=(*colour, 40), stroke=(*colour, 220), stroke_width=1)
                if number in table.bboxes:
                    image.draw_rect(table.bboxes[number], fill=(0, 0, 0, 0), stroke=(200, 0, 0, 255), stroke_width=3)
            target = out_png if len(numbers) == 1 else out_png.with_name(f"{out_png.stem}-p{number}{out_png.suffix}")
            target.parent.mkdir(parents=True, exist_ok=True)
            image.save(target)
            written.append(target)
    return written


def _drawn_turned(path: Path, plumber_page: Any, turn: int, dpi: int) -> Any:
    """The page drawn turned `turn` degrees clockwise beyond its /Rotate, to draw boxes on in that frame."""
    import pypdfium2  # only a page read turned is drawn here rather than by pdfplumber
    from pdfplumber.display import PageImage

    document = pypdfium2.PdfDocument(path)
    try:
        # pdfplumber's `to_image` settings (no anti-aliasing), as the pages drawn upright.
        bitmap = document[plumber_page.page_number - 1].render(
            scale=dpi / 72, rotation=turn, no_smoothtext=True, no_smoothpath=True, no_smoothimage=True
        )
        picture = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    return PageImage(turned(plumber_page, turn), original=picture, resolution=dpi)
