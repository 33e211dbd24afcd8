"""An OCRmyPDF plugin: the page straightened by its rules, and Tesseract sees it as clean black ink.

OCRmyPDF's own deskew (Leptonica) measures the skew of text lines; on a ruled form it can turn
a straight page by a few tenths of a degree, which breaks the long rules of its tables into
steps. Here both the page image kept in the PDF and the image sent to OCR are turned by the
angle that makes the page's rows of ink sharpest (extractors.raster_grid.skew_degrees), the
same function of the same image, so the text layer stays aligned with the page. The image
sent to OCR also loses its ruling lines; extractors.ocr finds them in the page image.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ocrmypdf import hookimpl
from PIL import Image

from hyoka.extractors.raster_grid import ink_without_rules, straightened

# Resolution assumed when an image carries none (OCRmyPDF normally sets it from the page).
_DEFAULT_DPI = 300.0


def _dpi(image: Image.Image) -> float:
    return float(image.info.get("dpi", (_DEFAULT_DPI,))[0]) or _DEFAULT_DPI


@hookimpl
def filter_ocr_image(page: object, image: Image.Image) -> Image.Image:
    del page  # the hook's signature; the image alone is enough
    dpi = _dpi(image)
    gray = straightened(np.asarray(image.convert("L")), dpi)
    erased = Image.fromarray(ink_without_rules(gray, dpi))
    erased.info["dpi"] = image.info.get("dpi", (dpi, dpi))
    return erased


@hookimpl
def filter_page_image(page: object, image_filename: Path) -> Path:
    del page
    with Image.open(image_filename) as image:
        dpi = image.info.get("dpi", (_DEFAULT_DPI, _DEFAULT_DPI))
        turned = Image.fromarray(straightened(np.asarray(image.convert("L")), _dpi(image)))
    target = image_filename.with_name(image_filename.stem + "_straight.png")
    turned.save(target, dpi=dpi)
    return target
