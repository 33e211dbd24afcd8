"""An OCRmyPDF plugin: Tesseract sees the page as clean black ink, without its ruling lines.

Only the image sent to OCR changes; the page image in the PDF keeps its rules, which
extractors.ocr finds there for the grid.
"""

from __future__ import annotations

import numpy as np
from ocrmypdf import hookimpl
from PIL import Image

from extractors.raster_grid import ink_without_rules

# Resolution assumed when an image carries none (OCRmyPDF normally sets it from the page).
_DEFAULT_DPI = 300.0


@hookimpl
def filter_ocr_image(page: object, image: Image.Image) -> Image.Image:
    del page  # the hook's signature; the image alone is enough
    dpi = float(image.info.get("dpi", (_DEFAULT_DPI,))[0]) or _DEFAULT_DPI
    gray = np.asarray(image.convert("L"))
    erased = Image.fromarray(ink_without_rules(gray, dpi))
    erased.info["dpi"] = image.info.get("dpi", (dpi, dpi))
    return erased
