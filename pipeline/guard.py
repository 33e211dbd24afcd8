"""File-level checks run before the format layer, against hostile or broken files.

Before `open_document`: a size limit, and for workbooks a look at the zip's central
directory (declared inflated sizes, compression ratio) and at the head of every XML part
(no DTD, so no entity expansion), all without inflating anything big. The format layer
itself (`extractors/pdf.py`) counts a PDF's pages in its page tree before reading any
(`max_pdf_pages` is passed to it), and refuses text made of `(cid:N)` codes as it reads. Every refusal is an
`ExtractionError` with one sentence to act on.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from hyoka.extractors.errors import ExtractionError
from hyoka.extractors.ocr import OcrMode
from hyoka.extractors.pdf import MAX_PAGES, PdfReader

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Declared limits; a file over any of them is refused before it is read."""

    max_file_bytes: int = 256 * MIB
    # Pages are read one at a time, but the model of a document (its tables and text) is kept
    # whole until the document is written; the format layer counts the pages against this.
    max_pdf_pages: int = MAX_PAGES
    max_unzipped_bytes: int = 256 * MIB
    # Worksheet XML compresses well, but not a hundredfold once it is large: that is a bomb.
    max_zip_ratio: float = 100.0
    ratio_checked_above_bytes: int = 8 * MIB
    max_zip_members: int = 10_000
    # "auto": a PDF with no usable text layer is read through OCR; "off": it is refused.
    ocr: OcrMode = "auto"
    # The library that reads a PDF's pages: pdfplumber (the reference), or PDFium (faster, not yet identical).
    pdf_reader: PdfReader = "pdfplumber"


DEFAULT_LIMITS = Limits()

_ZIP_HEAD = b"PK\x03\x04"
# A DTD must precede the root element, so the head of each part is enough to find one.
_XML_HEAD_BYTES = 4096


def precheck(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raises ExtractionError when the file breaks a declared limit; cheap, inflates nothing big."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise ExtractionError(
            f"{path.name} is {size / MIB:,.0f} MiB, over hyoka's limit of {limits.max_file_bytes / MIB:,.0f} MiB "
            "per file: split the report or raise the limit."
        )
    with path.open("rb") as handle:
        head = handle.read(1024)
    if head.startswith(_ZIP_HEAD):
        _check_workbook_zip(path, limits)


def _check_workbook_zip(path: Path, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return  # the format layer says the archive is damaged
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_zip_members:
            raise ExtractionError(
                f"{path.name} holds {len(members):,} zip members, over hyoka's limit of "
                f"{limits.max_zip_members:,}: it is not a workbook an office suite wrote."
            )
        declared = sum(member.file_size for member in members)
        if declared > limits.max_unzipped_bytes:
            raise ExtractionError(
                f"{path.name} would inflate to {declared / MIB:,.0f} MiB, over hyoka's limit of "
                f"{limits.max_unzipped_bytes / MIB:,.0f} MiB for a workbook (a zip bomb?): it was not opened."
            )
        for member in members:
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > limits.ratio_checked_above_bytes and ratio > limits.max_zip_ratio:
                raise ExtractionError(
                    f"{path.name} has a part ({member.filename}) compressed {ratio:,.0f} to 1, over hyoka's "
                    f"limit of {limits.max_zip_ratio:,.0f} to 1 (a zip bomb?): it was not opened."
                )
        if not (path.suffix.lower() in {".xlsx", ".xlsm"} or "xl/workbook.xml" in archive.namelist()):
            return
        import openpyxl  # loaded by the documents that are workbooks

        if not openpyxl.DEFUSEDXML:
            raise ExtractionError(
                f"{path.name} was not opened: openpyxl runs without defusedxml here "
                "(OPENPYXL_DEFUSEDXML is off), so a hostile workbook could expand XML entities."
            )
        for member in members:
            if member.filename.endswith((".xml", ".rels", ".vml")) and _declares_dtd(archive, member):
                raise ExtractionError(
                    f"{path.name} declares a DTD in {member.filename}, which no office suite writes "
                    "(an XML entity bomb?): it was not opened."
                )


def _declares_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    with archive.open(member) as part:
        head = part.read(_XML_HEAD_BYTES)
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()
