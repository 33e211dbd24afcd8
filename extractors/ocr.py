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

import dataclasses
import functools
import logging
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal

import numpy as np
from defusedxml import ElementTree

from hyoka.extractors.errors import ExtractionError
from hyoka.extractors.model import BBox, Cell, Document, Evidence, GridSettings
from hyoka.extractors.pdf import read_pdf
from hyoka.normalizers.text import join_lines

# OpenCV and Pillow (the page image's rules and cells) are loaded by the documents that need OCR: every PDF
# imports this module to look for image-only pages, and OpenCV alone costs a process about 0.15 s CPU.
if TYPE_CHECKING:
    from PIL import Image

    from hyoka.extractors.raster_grid import RasterRule

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
_TABLE_ID = re.compile(r"p(\d+)-(\d+)")
_TESSDATA = re.compile(r'"([^"]+)"')
# What scan speckle is read as: a word of only these at either end of a line is not printed text.
_SPECKLE = set(".,:;・。、'\"`~_-ー…|")
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
# A text block's words were placed by the page's reading: its own reading looks this far beyond them.
_BLOCK_MARGIN_MM = 1.0
# A cell with fewer dark pixels than this has nothing printed in it (a speck left by the scan).
_MIN_INK_PIXELS = 12


class NothingReadError(ExtractionError):
    """OCR ran and found no text on the pages."""


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
            raise NothingReadError(
                f"{path.name} has no text layer (a scan or an image-only print), and OCR found no text on it "
                "either: ask the publisher for the original document."
            )
        layered = Path(scratch) / "ocr.pdf"
        _write_pdf(work, layered, pages)
        seconds = time.perf_counter() - started
        # Each char of an OCR word where its centre lies: a word box may span a cell's rule.
        document = read_pdf(layered, replace(settings or GridSettings(), runs_cross_rules=False))
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
        # Headings and titles outside the grid too: the unit of a table (千円単位) is often printed there.
        for page in document.pages:
            ocr_page = pages.get(page.number)
            for block in page.text_blocks:
                reading = reader.read(ocr_page, block.bbox, -_BLOCK_MARGIN_MM) if ocr_page is not None else None
                if reading is not None:
                    block.lines, block.text = reading[0], join_lines(reading[0], "wrap")
    seconds += time.perf_counter() - started
    per_page = seconds / max(len(document.pages), 1)
    for page in document.pages:
        page.ocr_seconds = per_page
    document.problems.append(ocr_sentence(document, [page.number for page in document.pages]))
    return document


def ocr_sentence(document: Document, numbers: list[int]) -> str:
    """One sentence naming the pages read by OCR, each with the mean confidence of its cells' readings."""
    confidences: dict[int, list[float]] = {number: [] for number in numbers}
    for table in document.tables():
        for cell in table.cells:
            if cell.ocr and cell.ocr_confidence is not None and cell.page in confidences:
                confidences[cell.page].append(cell.ocr_confidence)
    described = [
        f"page {number} read by OCR" + (f" (mean confidence {sum(values) / len(values):.2f})" if values else "")
        for number, values in confidences.items()
    ]
    return (
        f"{document.path.name}: {', '.join(described)} (Tesseract {'+'.join(OCR_LANGUAGES)}, no usable text "
        "layer there); every figure from OCR is marked ocr and may carry a misread digit."
    )


def read_image_only_pages(document: Document, numbers: list[int], settings: GridSettings | None = None) -> None:
    """Reads by OCR, in place, the pages `numbers` of a printed PDF that carry only an image (a scanned
    page bound into a printed report); the other pages keep what their text layer says."""
    import pikepdf

    with tempfile.TemporaryDirectory(prefix="hyoka-ocr-") as scratch:
        part = Path(scratch) / document.path.name
        with pikepdf.open(document.path) as source, pikepdf.new() as extract:
            extract.pages.extend(source.pages[number - 1] for number in numbers)
            extract.save(part)
        try:
            scanned = read_scanned_pdf(part, settings)
        except NothingReadError:  # a photograph or a blank scan: nothing printed there to read
            return
    _renumber(scanned, numbers)
    for page in scanned.pages:
        document.pages[page.number - 1] = page
    document.problems.append(ocr_sentence(document, numbers))


def image_only_pages(document: Document) -> list[int]:
    """Pages of a read PDF with no text at all but an image: what a scan bound into a printed PDF looks like."""
    import pdfplumber

    empty = [page.number for page in document.pages if not page.tables and not page.text_blocks]
    if not empty:
        return []
    with pdfplumber.open(document.path) as pdf:
        return [number for number in empty if pdf.pages[number - 1].images and not pdf.pages[number - 1].chars]


def _renumber(extract: Document, numbers: list[int]) -> None:
    """The pages of a PDF extract (pages 1, 2, … of its own) as the pages `numbers` of the whole document."""
    number_of = dict(enumerate(numbers, start=1))
    for page in extract.pages:
        page.number = number_of[page.number]
        for block in page.text_blocks:
            block.page = page.number
    for table in extract.tables():
        first, index = _TABLE_ID.fullmatch(table.table_id).groups()  # type: ignore[union-attr]
        table.table_id = f"p{number_of[int(first)]}-{index}"
        table.pages = [number_of[number] for number in table.pages]
        table.bboxes = {number_of[number]: bbox for number, bbox in table.bboxes.items()}
        for cell in table.cells:
            for printed in (cell, *(cell.pieces or ())):
                printed.evidence = _moved(printed.evidence, number_of)
                printed.more_evidence = [_moved(evidence, number_of) for evidence in printed.more_evidence]


def _moved(evidence: Evidence, number_of: dict[int, int]) -> Evidence:
    return evidence if evidence.page is None else dataclasses.replace(evidence, page=number_of[evidence.page])


def ocrmypdf() -> ModuleType:
    """OCRmyPDF's API, imported late (it is heavy, and only scans need it). Importing it patches pdfminer so
    that a simple font with neither /Encoding nor /ToUnicode reads as (cid:N) codes; the patch is undone, so
    that every PDF the process reads afterwards reads as it would in a process that never ran OCR."""
    from ocrmypdf import api
    from ocrmypdf.pdfinfo import layout
    from pdfminer.pdffont import PDFSimpleFont

    PDFSimpleFont.__init__ = layout.original_pdfsimplefont_init  # type: ignore[method-assign]
    return api


def _ocr(path: Path, work: Path) -> dict[int, OcrPage]:
    """Runs OCRmyPDF up to its hOCR files (text with word confidences) and finds each page's rules."""
    import cv2

    ocrmypdf_api = ocrmypdf()
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
            plugins=["hyoka.extractors.ocr_plugin"],
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
        reading = self.read(page, cell.bbox) if cell.bbox is not None else None
        if reading is not None:
            cell.lines = reading[0]
            cell.text, cell.value_text = join_lines(cell.lines, "wrap"), "\n".join(cell.lines)
            cell.ocr_confidence = reading[1]

    def read(self, page: OcrPage, bbox: BBox, inset_mm: float = _CELL_INSET_MM) -> tuple[list[str], float] | None:
        """The lines printed inside `bbox` (less `inset_mm` all round) and their mean confidence 0–1;
        None when nothing is read there."""
        crop = _cell_image(page, bbox, inset_mm)
        if crop is None:
            return None
        self._text.SetImage(crop)
        lines = [_read_as_printed(_without_speckle(line)) for line in self._text.GetUTF8Text().splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            return None
        confidence = self._text.MeanTextConf()
        figure = lines[0].replace(" ", "").strip("".join(_SPECKLE))
        if len(lines) == 1 and _FIGURE.fullmatch(figure):
            lines = [figure]
            self._figure.SetImage(crop)
            figure = self._figure.GetUTF8Text().strip().replace(" ", "")
            if _FIGURE.fullmatch(figure) and self._figure.MeanTextConf() >= confidence:
                lines, confidence = [figure], self._figure.MeanTextConf()
        return lines, round(confidence / 100, 3)


def _without_speckle(line: str) -> str:
    """The line without the words at its ends that are only dots and dashes (speckle of a scan read
    as punctuation: "。 69", "・ 消耗品費 ."); a line that is nothing else (a printed "-") stays."""
    words = line.split()
    while len(words) > 1 and set(words[0]) <= _SPECKLE:
        words.pop(0)
    while len(words) > 1 and set(words[-1]) <= _SPECKLE:
        words.pop()
    return " ".join(words)


def _read_as_printed(line: str) -> str:
    """The line with Tesseract's look-alike confusions that Japanese spelling rules out put back."""
    return _kanji_one(_era_year_digits(line))


def _kanji_one(line: str) -> str:
    """一 read as the long-vowel mark ー, which only ever follows kana: ー般財源 -> 一般財源, 統ー -> 統一."""
    chars = list(line)
    for index, char in enumerate(chars):
        before = chars[index - 1] if index else ""
        after = chars[index + 1] if index + 1 < len(chars) else ""
        if char == "ー" and not _is_kana(before) and (_is_ideograph(after) or _is_ideograph(before)):
            chars[index] = "一"
    return "".join(chars)


def _is_kana(char: str) -> bool:
    return bool(char) and ("\u3041" <= char <= "\u30ff" or "\uff66" <= char <= "\uff9f")


def _is_ideograph(char: str) -> bool:
    return bool(char) and ("\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")


def _era_year_digits(line: str) -> str:
    """The line with letters read in place of an era year's digits put back as digits (RG年度 -> R6年度)."""
    return _ERA_YEAR.sub(lambda match: match.group(1) + match.group(2).translate(_DIGIT_LOOKALIKES), line)


def _cell_image(page: OcrPage, bbox: BBox, inset_mm: float) -> Image.Image | None:
    """The cell's inside on the page's ink image, on a white margin, enlarged when scanned small;
    None when nothing is printed in it."""
    import cv2
    from PIL import Image

    from hyoka.extractors.raster_grid import MM_PER_INCH, POINTS_PER_INCH

    if page.ink is None:
        return None
    dpi = POINTS_PER_INCH / page.points_per_pixel
    inset = inset_mm * dpi / MM_PER_INCH
    x0, top, x1, bottom = (value / page.points_per_pixel for value in bbox)
    crop = page.ink[max(0, round(top + inset)) : round(bottom - inset), max(0, round(x0 + inset)) : round(x1 - inset)]
    if crop.size == 0 or int((crop < 128).sum()) < _MIN_INK_PIXELS:
        return None
    margin = max(4, round(abs(inset) * 4))
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
    from hyoka.extractors.raster_grid import POINTS_PER_INCH, detect_rules, ink_without_rules, straightened

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

    ocrmypdf_api = ocrmypdf()
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
