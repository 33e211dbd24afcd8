"""Scanned pages: an OCR text layer, and rules from the page image, for the same PDF reader.

A PDF whose pages are images (a scan, or a print of a form saved as pictures) has no text
for the format layer to place into cells. OCRmyPDF rasterises each page, turns it upright,
straightens it (extractors.ocr_plugin) and runs Tesseract with its Japanese data; the result
is written as an invisible text layer over the page image in a temporary PDF. Such a page has no vector
rules either, so its ruling lines are found in the same image (extractors.raster_grid) and
drawn into the temporary PDF as strokes. `read_pdf` then reads that PDF exactly as it reads
a printed one: grid from the strokes, cells from the words.

A whole page read at once mixes the Japanese and English models word by word and reads a
short label in a shaded cell as Latin garbage (消耗品費 as "Bene"). Once the grid is known,
each cell is read again on its own from the page image (Tesseract `jpn`, one block), and a
cell whose reading is a figure once more with the English model restricted to digits and
separators (the Japanese model reads 14,663 as 14.663). Every cell of an OCR'd page is
marked `ocr` with the mean Tesseract confidence of its reading.
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import cv2
import numpy as np
from defusedxml import ElementTree
from PIL import Image

from extractors.errors import ExtractionError
from extractors.model import BBox, Cell, Document, GridSettings
from extractors.pdf import read_pdf
from extractors.raster_grid import (
    MM_PER_INCH,
    POINTS_PER_INCH,
    RasterRule,
    detect_rules,
    ink_without_rules,
    straightened,
)
from extractors.text import join_lines

OcrMode = Literal["auto", "off"]

# Tesseract's language data for printed Japanese (Debian: tesseract-ocr-jpn); English (always
# installed with Tesseract) alongside reads the thousands separators of figures, which the
# Japanese model alone reads as points.
OCR_LANGUAGES = ["jpn", "eng"]
# Stroke width of the rules drawn into the OCR'd PDF, in points (any visible width reads as a rule).
_RULE_WIDTH = 0.5
_BBOX = re.compile(r"bbox (\d+) (\d+) (\d+) (\d+)")
_WCONF = re.compile(r"x_wconf (\d+)")
_HOCR_PAGE = re.compile(r"^(\d+)_ocr_hocr\.hocr$")
_TESSDATA = re.compile(r'"([^"]+)"')
# A cell read as a figure: digits with thousands separators or a decimal point, nothing else.
_FIGURE = re.compile(r"[0-9][0-9,.]*")
_FIGURE_CHARACTERS = "0123456789,."
# A year after an era's initial (R6年度, H30年): Tesseract's Japanese model reads its digits as
# the Latin letters they look like (R6 as RG, R5 as RS).
_ERA_YEAR = re.compile(r"(?<![A-Za-z])([RHＲＨ])\s*([0-9SGOIlBZ]{1,2})(?=\s*年)")
_DIGIT_LOOKALIKES = str.maketrans("SGOIlBZ", "5601182")
# Tesseract reads best with characters about 30 px tall: a cell scanned below this is enlarged to it.
_CELL_READING_DPI = 300.0
# A cell's own reading starts this far inside its rules (their erased pixels leave ragged edges).
_CELL_INSET_MM = 0.3
# A cell with fewer dark pixels than this has nothing printed in it (a speck left by the scan).
_MIN_INK_PIXELS = 12


@dataclass(frozen=True)
class OcrWord:
    """One word Tesseract read, in page points (origin top-left), with its confidence 0–1."""

    bbox: BBox
    confidence: float


@dataclass
class OcrPage:
    number: int  # 1-based
    words: list[OcrWord]
    rules: list[RasterRule]
    # The straightened page as black ink on white without its rules (what OCR saw), and its scale.
    ink: np.ndarray | None
    points_per_pixel: float


def ocr_available() -> bool:
    """True when Tesseract with its Japanese data and OCRmyPDF's other programs are installed."""
    if shutil.which("tesseract") is None or shutil.which("gs") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return set(OCR_LANGUAGES) <= set(listed.stdout.split())


@functools.cache
def _tessdata() -> str:
    """The language data folder the installed Tesseract uses (its first line of --list-langs names it);
    the cell reader's library has no default of its own."""
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    found = _TESSDATA.search(listed.stdout + listed.stderr)
    return found.group(1) if found else ""


def read_scanned_pdf(path: Path, settings: GridSettings | None = None) -> Document:
    """Reads an image-only PDF through an OCR text layer with the same reader as a printed PDF.

    The document keeps the original path, so evidence and page crops point at the file as published.
    """
    with tempfile.TemporaryDirectory(prefix="hyoka-ocr-") as scratch:
        work = Path(scratch) / "work"
        work.mkdir()
        started = time.perf_counter()
        pages = _ocr(path, work)
        if not any(page.words for page in pages.values()):
            raise ExtractionError(
                f"{path.name} has no text layer (a scan or an image-only print), and OCR found no text on it "
                "either: ask the publisher for the original document."
            )
        layered = Path(scratch) / "ocr.pdf"
        _write_pdf(work, layered, pages)
        seconds = time.perf_counter() - started
        document = read_pdf(layered, settings)
    document.path = path
    started = time.perf_counter()
    with _CellReader() as reader:
        for table in document.tables():
            for cell in table.cells:
                cell.ocr = True
                ocr_page = pages.get(cell.page or 0)
                if ocr_page is not None and cell.bbox is not None:
                    cell.ocr_confidence = _confidence(ocr_page.words, cell.bbox)
                    reader.reread(cell, ocr_page)
    seconds += time.perf_counter() - started
    per_page = seconds / max(len(document.pages), 1)
    for page in document.pages:
        page.ocr_seconds = per_page
    document.problems.append(
        f"{path.name} has no usable text layer: its text was read by OCR (Tesseract {'+'.join(OCR_LANGUAGES)}), "
        "so every figure from it is marked ocr and may carry misread digits."
    )
    return document


def _ocr(path: Path, work: Path) -> dict[int, OcrPage]:
    """Runs OCRmyPDF up to its hOCR files (text with word confidences) and finds each page's rules."""
    from ocrmypdf import api as ocrmypdf_api  # imported late: it is heavy, and only scans need it

    # OCRmyPDF reports progress and font advice through logging; hyoka reports per document instead.
    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    try:
        ocrmypdf_api._pdf_to_hocr(
            path,
            work,
            language=OCR_LANGUAGES,
            deskew=False,  # the plugin straightens the page by its rules (see extractors.ocr_plugin)
            rotate_pages=True,
            force_ocr=True,  # a text layer of (cid:…) codes is replaced, not kept
            plugins=["extractors.ocr_plugin"],
            jobs=1,
            progress_bar=False,
        )
    except Exception as error:  # OCRmyPDF raises its own exception types for each kind of bad input
        raise ExtractionError(
            f"{path.name} has no usable text layer and OCR failed on it ({type(error).__name__}: {error})."
        ) from error
    pages: dict[int, OcrPage] = {}
    widths = _page_widths(work / "origin.pdf")
    for hocr in sorted(work.glob("*_ocr_hocr.hocr")):
        match = _HOCR_PAGE.match(hocr.name)
        if match is None:
            continue
        number = int(match.group(1))
        # The page as the PDF shows it: the rasterised page straightened as the plugin did.
        image = cv2.imread(str(work / f"{match.group(1)}_rasterize.png"), cv2.IMREAD_GRAYSCALE)
        pages[number] = _page(number, hocr, image, widths[number - 1])
    return pages


class _CellReader:
    """Tesseract loaded once, reading one cell's image at a time."""

    def __enter__(self) -> _CellReader:
        import tesserocr  # imported late, like OCRmyPDF: only scans need it

        self._text = tesserocr.PyTessBaseAPI(path=_tessdata(), lang="jpn", psm=tesserocr.PSM.SINGLE_BLOCK)
        self._figure = tesserocr.PyTessBaseAPI(path=_tessdata(), lang="eng", psm=tesserocr.PSM.SINGLE_LINE)
        self._figure.SetVariable("tessedit_char_whitelist", _FIGURE_CHARACTERS)
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.End()
        self._figure.End()

    def reread(self, cell: Cell, page: OcrPage) -> None:
        """Replaces the cell's text by its own reading, when that reading finds text."""
        crop = _cell_image(page, cell.bbox) if cell.bbox is not None else None
        if crop is None:
            return
        self._text.SetImage(crop)
        lines = [_era_year_digits(line.strip()) for line in self._text.GetUTF8Text().splitlines() if line.strip()]
        if not lines:
            return
        confidence = self._text.MeanTextConf()
        if len(lines) == 1 and _FIGURE.fullmatch(lines[0].replace(" ", "")):
            self._figure.SetImage(crop)
            figure = self._figure.GetUTF8Text().strip().replace(" ", "")
            if _FIGURE.fullmatch(figure) and self._figure.MeanTextConf() >= confidence:
                lines, confidence = [figure], self._figure.MeanTextConf()
        cell.lines = lines
        cell.text, cell.value_text = join_lines(lines), "\n".join(lines)
        cell.ocr_confidence = round(confidence / 100, 3)


def _era_year_digits(line: str) -> str:
    """The line with letters read in place of an era year's digits put back as digits (RG年度 -> R6年度)."""
    return _ERA_YEAR.sub(lambda match: match.group(1) + match.group(2).translate(_DIGIT_LOOKALIKES), line)


def _cell_image(page: OcrPage, bbox: BBox) -> Image.Image | None:
    """The cell's inside on the page's ink image, on a white margin, enlarged when scanned small;
    None when nothing is printed in it."""
    if page.ink is None:
        return None
    dpi = POINTS_PER_INCH / page.points_per_pixel
    inset = _CELL_INSET_MM * dpi / MM_PER_INCH
    x0, top, x1, bottom = (value / page.points_per_pixel for value in bbox)
    crop = page.ink[max(0, round(top + inset)) : round(bottom - inset), max(0, round(x0 + inset)) : round(x1 - inset)]
    if crop.size == 0 or int((crop < 128).sum()) < _MIN_INK_PIXELS:
        return None
    margin = max(4, round(inset * 4))
    crop = cv2.copyMakeBorder(crop, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=255)
    if dpi < _CELL_READING_DPI:
        factor = _CELL_READING_DPI / dpi
        crop = cv2.resize(crop, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return Image.fromarray(crop)


def _page_widths(pdf_path: Path) -> list[float]:
    """Each page's width in points: the scale from OCR's pixels to the page's coordinates."""
    import pikepdf

    with pikepdf.open(pdf_path) as pdf:
        return [float(page.mediabox[2]) - float(page.mediabox[0]) for page in pdf.pages]


def _page(number: int, hocr: Path, image: np.ndarray | None, width_points: float) -> OcrPage:
    root = ElementTree.parse(hocr).getroot()
    words: list[OcrWord] = []
    scale = 1.0
    for element in root.iter():
        title = element.get("title") or ""
        css = element.get("class")
        box = _BBOX.search(title)
        if box is None:
            continue
        x0, top, x1, bottom = (float(v) for v in box.groups())
        if css == "ocr_page":
            scale = width_points / x1 if x1 else 1.0
        elif css == "ocrx_word" and "".join(element.itertext()).strip():
            confidence = _WCONF.search(title)
            words.append(
                OcrWord(
                    (x0 * scale, top * scale, x1 * scale, bottom * scale),
                    int(confidence.group(1)) / 100 if confidence else 0.0,
                )
            )
    dpi = POINTS_PER_INCH / scale
    image = straightened(image, dpi) if image is not None else None
    rules = detect_rules(image, dpi) if image is not None else []
    ink = ink_without_rules(image, dpi) if image is not None else None
    return OcrPage(number=number, words=words, rules=rules, ink=ink, points_per_pixel=scale)


def _write_pdf(work: Path, target: Path, pages: dict[int, OcrPage]) -> None:
    """OCRmyPDF's text layer over the page images, plus the rules found in them as strokes."""
    import pikepdf
    from ocrmypdf import api as ocrmypdf_api

    layered = work.parent / "layered.pdf"
    ocrmypdf_api._hocr_to_ocr_pdf(work, layered, jobs=1, optimize=0, progress_bar=False)
    with pikepdf.open(layered) as pdf:
        for number, ocr_page in pages.items():
            if not ocr_page.rules:
                continue
            page = pdf.pages[number - 1]
            x0, _, _, y1 = (float(v) for v in page.mediabox)
            strokes = [f"q {_RULE_WIDTH} w 0 G"]
            strokes += [
                f"{x0 + r.x0:.2f} {y1 - r.top:.2f} m {x0 + r.x1:.2f} {y1 - r.bottom:.2f} l S" for r in ocr_page.rules
            ]
            strokes.append("Q")
            page.contents_add(pikepdf.Stream(pdf, "\n".join(strokes).encode()), prepend=False)
        pdf.save(target)


def _confidence(words: list[OcrWord], bbox: BBox) -> float | None:
    """Mean confidence of the words whose centre lies in the cell; None for a cell with no word."""
    inside = [
        word.confidence
        for word in words
        if bbox[0] <= (word.bbox[0] + word.bbox[2]) / 2 <= bbox[2]
        and bbox[1] <= (word.bbox[1] + word.bbox[3]) / 2 <= bbox[3]
    ]
    return round(sum(inside) / len(inside), 3) if inside else None
