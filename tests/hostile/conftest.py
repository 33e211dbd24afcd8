"""A corpus of hostile and broken files, generated here, never committed.

Each builder writes one file the way it reaches hyoka from a website: empty, random,
cut short, encrypted, scanned, with fonts lacking a Unicode map, legacy, macro-enabled,
a zip bomb, an XML entity bomb, far too long, or oddly named.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from PIL import Image
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.support import pdfs
from tests.support.pdfs import cid_font_pdf, raw_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FONT = "IPAexGothic"
FONT_FILE = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"
# A good document beside the hostile ones: the run must go on and read it.
GOOD_SAMPLE = SAMPLES / "sasebo_dx_project_list.xlsx"


def text_pdf(encrypt: StandardEncryption | None = None) -> bytes:
    """A one-page report with a real text layer."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, encrypt=encrypt, invariant=True)
    canvas.setFont(FONT, 12)
    canvas.drawString(72, 760, "令和5年度 事務事業評価 結果一覧")
    canvas.drawString(72, 740, "施策1 デジタル窓口の推進 評価 A")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A scan: one page that is a picture of text, with no text layer."""
    picture = Image.new("L", (400, 200), color=255)
    for x in range(40, 360):
        for y in (60, 61, 100, 101, 140, 141):
            picture.putpixel((x, y), 0)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    canvas.drawImage(ImageReader(picture), 72, 500, width=400, height=200)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def long_pdf(pages: int) -> bytes:
    """A PDF of `pages` pages sharing one content stream: cheap to make, long to read."""
    content = b"BT /F1 12 Tf 72 720 Td (page) Tj ET"
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
        b"/Resources << /Font << /F1 4 0 R >> >> >>"
    )
    return raw_pdf(objects + [page] * pages)


def small_workbook(sheet_title: str = "評価") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    sheet.append(["事業名", "評価"])
    sheet.append(["窓口のデジタル化", "A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_zip(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    """The same zip with some members' bytes replaced and others added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for name, payload in (add or {}).items():
            target.writestr(name, payload)
    return out.getvalue()


def macro_workbook() -> bytes:
    """An .xlsm: the workbook part typed macro-enabled and a VBA project inside."""
    data = small_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return rewrite_zip(data, {"[Content_Types].xml": types}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + b"\0" * 508})


def zip_bomb() -> bytes:
    """A workbook whose parts declare 320 MiB of zeros in well under 1 MiB of zip."""
    zeros = bytes(64 * 1024 * 1024)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_workbook())) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
        for n in range(5):
            target.writestr(f"xl/media/fill{n}.bin", zeros, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return out.getvalue()


# Nine levels of ten: "&i;" would expand to 10^9 bytes.
ENTITY_DTD = (
    b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(8))
    + b"]>"
)


def entity_bomb_workbook() -> bytes:
    """A workbook whose sheet declares a billion-laughs entity and uses it in a cell."""
    data = small_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = ENTITY_DTD + sheet.replace(b"<t>A</t>", b"<t>&i;</t>")
    return rewrite_zip(data, {"xl/worksheets/sheet1.xml": sheet})


def odd_sheet_names_workbook() -> bytes:
    """A workbook whose sheet names look like paths and shell variables (as far as Excel allows)."""
    workbook = Workbook()
    workbook.active.title = "..%2F..%2Fescaped ~ $HOME"
    workbook.active.append(["事業名", "評価"])
    workbook.create_sheet("..").append(["x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet_xml(edit: Callable[[bytes], bytes], workbook: bytes | None = None) -> bytes:
    """A workbook whose first sheet's XML is rewritten by `edit` (what openpyxl would refuse to write)."""
    data = workbook or small_workbook()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    return rewrite_zip(data, {"xl/worksheets/sheet1.xml": edit(sheet)})


def _merges(refs: list[str]) -> Callable[[bytes], bytes]:
    block = b'<mergeCells count="%d">' % len(refs) + b"".join(b'<mergeCell ref="%s"/>' % r.encode() for r in refs)
    return lambda sheet: sheet.replace(b"</sheetData>", b"</sheetData>" + block + b"</mergeCells>")


def _cell_b2(xml: bytes) -> Callable[[bytes], bytes]:
    """Replaces cell B2 (the grade "A") by raw cell XML."""
    return lambda sheet: sheet.replace(b'<c r="B2" t="inlineStr"><is><t>A</t></is></c>', xml)


def far_corners_workbook() -> bytes:
    """Three cells at the sheet's far corners: its used range is the whole sheet (16,384 x 1,048,576)."""

    def corners(sheet: bytes) -> bytes:
        far = b'<row r="1048576"><c r="A1048576"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>'
        sheet = sheet.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
        return sheet.replace(b"</row></sheetData>", b'<c r="XFD2"><v>3</v></c></row>' + far + b"</sheetData>")

    return _with_sheet_xml(corners)


def long_list_workbook(rows: int, columns: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([f"列{c}" for c in range(columns)])
    for r in range(rows):
        sheet.append([f"事業{r}" if c == 0 else r * columns + c for c in range(columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def thirty_decimals_workbook() -> bytes:
    """A number format with 30 decimals: legal in Excel."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["事業名", "予算額(千円)"])
    sheet.append(["窓口のデジタル化", 1.5])
    sheet["B2"].number_format = "0." + "0" * 30
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# file name -> builder
HOSTILE: dict[str, Callable[[], bytes]] = {
    "empty.pdf": lambda: b"",
    "random bytes.pdf": lambda: random.Random(11).randbytes(8192),
    "truncated.pdf": lambda: text_pdf()[: len(text_pdf()) // 2],
    "encrypted with password.pdf": lambda: text_pdf(StandardEncryption("secret", ownerPassword="owner")),
    "encrypted without password.pdf": lambda: text_pdf(StandardEncryption("", ownerPassword="owner", canCopy=0)),
    "scan.pdf": image_only_pdf,
    "no unicode map.pdf": cid_font_pdf,
    "legacy.xls": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088),
    "macros.xlsm": macro_workbook,
    "bomb.xlsx": zip_bomb,
    "entities.xlsx": entity_bomb_workbook,
    "2000 pages.pdf": lambda: long_pdf(2000),
    "令和5年度 評価 結果（最終版）.pdf": text_pdf,
    "e\u0301te\u0301 \u202egnp.xlsx": odd_sheet_names_workbook,
    "pages loop.pdf": pdfs.pages_reference_loop_pdf,
    "resources loop.pdf": pdfs.resources_reference_loop_pdf,
    "contents loop.pdf": pdfs.contents_reference_loop_pdf,
    "form draws itself.pdf": pdfs.self_drawing_form_pdf,
    "count says a billion.pdf": lambda: pdfs.page_count_pdf(1, 1_000_000_000),
    "count says one.pdf": lambda: pdfs.page_count_pdf(1200, 1),
    "huge page.pdf": lambda: pdfs.ruled_pdf(2, 14400, 5000),
    "lattice.pdf": lambda: pdfs.ruled_pdf(800, 4900, 6.0),
    "vector picture.pdf": lambda: pdfs.boxes_pdf(60_000),
    # Scaled down from 1 MB inflating to 1 GB: past the 64 MiB limit is enough.
    "inflates.pdf": lambda: pdfs.inflating_pdf(80 * 1024 * 1024),
}

# Workbooks whose guards and per-cell tolerance belong to the workbook reader: each must end in
# one row within the budget, either read (a cell it could not use said in a sentence) or
# failed with a sentence, never a hang, a crash or a traceback.
WORKBOOK_EDGES: dict[str, Callable[[], bytes]] = {
    "merge whole sheet.xlsx": lambda: _with_sheet_xml(_merges(["A1:XFD1048576"])),
    "far corners.xlsx": far_corners_workbook,
    "10000 merges.xlsx": lambda: _with_sheet_xml(_merges([f"C{2 * i + 3}:D{2 * i + 4}" for i in range(10_000)])),
    "2000 rows.xlsx": lambda: long_list_workbook(2000, 6),
    "30 decimals.xlsx": thirty_decimals_workbook,
    "shared string out of range.xlsx": lambda: _with_sheet_xml(_cell_b2(b'<c r="B2" t="s"><v>999</v></c>')),
    "1E999.xlsx": lambda: _with_sheet_xml(_cell_b2(b'<c r="B2"><v>1E999</v></c>')),
    "formula without cached value.xlsx": lambda: _with_sheet_xml(_cell_b2(b'<c r="B2"><f>1+1</f></c>')),
}

# Good reports beside the hostile files: the run must go on and read them as it would alone.
GOOD_SAMPLES = [GOOD_SAMPLE, SAMPLES / "hokkaido_basic_evaluation.xlsx", SAMPLES / "hokkaido_basic_evaluation.pdf"]


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of every hostile file above, plus three good reports."""
    folder = tmp_path_factory.mktemp("hostile") / "inbox"
    folder.mkdir()
    for name, build in {**HOSTILE, **WORKBOOK_EDGES}.items():
        (folder / name).write_bytes(build())
    for good in GOOD_SAMPLES:
        shutil.copyfile(good, folder / good.name)
    return folder


@pytest.fixture(scope="session")
def good_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three good reports alone."""
    folder = tmp_path_factory.mktemp("good") / "inbox"
    folder.mkdir()
    for good in GOOD_SAMPLES:
        shutil.copyfile(good, folder / good.name)
    return folder
