"""Scanned pages: an OCR text layer, and rules from the page image, for the same PDF reader.

A PDF whose pages are images (a scan, or a print of a form saved as pictures) has no text
for the format layer to place into cells. OCRmyPDF rasterises each page, straightens it
(deskew, rotation) and runs Tesseract with its Japanese data; the result is written as an
invisible text layer over the page image in a temporary PDF. Such a page has no vector
rules either, so its ruling lines are found in the same image (extractors.raster_grid) and
drawn into the temporary PDF as strokes. `read_pdf` then reads that PDF exactly as it reads
a printed one: grid from the strokes, cells from the words. Every cell of an OCR'd page is
marked `ocr` with the mean Tesseract word confidence of the words inside it.
"""

from __future__ import annotations

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

from extractors.errors import ExtractionError
from extractors.model import BBox, Document, GridSettings
from extractors.pdf import read_pdf
from extractors.raster_grid import POINTS_PER_INCH, RasterRule, detect_rules

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


def ocr_available() -> bool:
    """True when Tesseract with its Japanese data and OCRmyPDF's other programs are installed."""
    if shutil.which("tesseract") is None or shutil.which("gs") is None:
        return False
    listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return set(OCR_LANGUAGES) <= set(listed.stdout.split())


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
    per_page = seconds / max(len(document.pages), 1)
    for page in document.pages:
        page.ocr_seconds = per_page
    for table in document.tables():
        for cell in table.cells:
            cell.ocr = True
            ocr_page = pages.get(cell.page or 0)
            if ocr_page is not None and cell.bbox is not None:
                cell.ocr_confidence = _confidence(ocr_page.words, cell.bbox)
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
            deskew=True,
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
        # The straightened page as the PDF shows it (the image OCR saw has its rules erased).
        shown = work / f"{match.group(1)}_pp_deskew.png"
        if not shown.exists():
            shown = work / f"{match.group(1)}_rasterize.png"
        image = cv2.imread(str(shown), cv2.IMREAD_GRAYSCALE)
        pages[number] = _page(number, hocr, image, widths[number - 1])
    return pages


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
    rules = detect_rules(image, POINTS_PER_INCH / scale) if image is not None else []
    return OcrPage(number=number, words=words, rules=rules)


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
