"""The format layer: any PDF or workbook into one table model with evidence.

`open_document(path)` reads a file by what its bytes are, not by its name.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from hyoka.extractors.errors import ExtractionError, NoTextLayerError
from hyoka.extractors.model import (
    BBox,
    Cell,
    Document,
    Evidence,
    GridSettings,
    Page,
    Sheet,
    Table,
    TextBlock,
)
from hyoka.extractors.ocr import OcrMode, image_only_pages, ocr_available, read_image_only_pages, read_scanned_pdf
from hyoka.extractors.pdf import MAX_PAGES, PageSplitter, PdfReader, read_pdf

__all__ = [
    "BBox",
    "Cell",
    "Document",
    "Evidence",
    "ExtractionError",
    "GridSettings",
    "OcrMode",
    "Page",
    "PdfReader",
    "Sheet",
    "Table",
    "TextBlock",
    "open_document",
    "sniff_format",
]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# PDF readers accept the header anywhere in the first kilobyte.
_PDF_HEADER_WINDOW = 1024


def sniff_format(path: Path) -> str:
    """'pdf' or 'xlsx' from the file's bytes; raises ExtractionError for anything else."""
    with path.open("rb") as handle:
        head = handle.read(_PDF_HEADER_WINDOW)
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise ExtractionError(f"{path.name} is a damaged zip archive, not a readable workbook.") from error
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            raise ExtractionError(f"{path.name} is a Word document: print it to PDF and ingest the PDF.")
        raise ExtractionError(f"{path.name} is a zip archive but not an .xlsx workbook.")
    if head.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes():
            raise ExtractionError(
                f"{path.name} is a password-protected workbook: ask the publisher for an unprotected copy."
            )
        raise ExtractionError(f"{path.name} is a legacy Office file (.xls/.doc): save it as .xlsx, or print it to PDF.")
    if not head:
        raise ExtractionError(f"{path.name} is empty.")
    raise ExtractionError(f"{path.name} is neither a PDF nor an .xlsx workbook.")


def open_document(
    path: Path,
    settings: GridSettings | None = None,
    ocr: OcrMode = "auto",
    max_pages: int = MAX_PAGES,
    split_pages: PageSplitter | None = None,
    pdf_reader: PdfReader = "pdfplumber",
) -> Document:
    """Reads a PDF or .xlsx file into the format-neutral model.

    A PDF whose page tree holds more than `max_pages` pages is refused before any page is read.
    A PDF with no usable text layer is read through OCR when `ocr` is "auto" and Tesseract
    is installed; with "off" it is refused with a sentence saying so. A printed PDF with some
    pages that are images only has those pages read by OCR, the others from their text layer.
    `pdf_reader` names the library that reads a PDF's pages (see `PdfReader`).
    """
    path = Path(path)
    if sniff_format(path) != "pdf":
        # openpyxl (and the workbook reader) are loaded by the documents that are workbooks.
        from hyoka.extractors.xlsx import read_xlsx

        return read_xlsx(path)
    try:
        document = read_pdf(path, settings, max_pages=max_pages, split_pages=split_pages, reader=pdf_reader)
    except NoTextLayerError as refusal:
        if ocr == "off":
            raise
        if not ocr_available():
            raise NoTextLayerError(
                f"{refusal} OCR is off here: Tesseract with its Japanese data is not installed "
                "(scripts/system-deps.sh installs it)."
            ) from refusal
        return read_scanned_pdf(path, settings)
    images = image_only_pages(document)
    if images and ocr == "auto" and ocr_available():
        read_image_only_pages(document, images, settings)
    elif images:
        document.problems.append(
            f"{path.name}: page {', '.join(map(str, images))} is an image only (a scan) and was not read: OCR is "
            + ("off (--ocr off)." if ocr == "off" else "off here: Tesseract with its Japanese data is not installed.")
        )
    return document
