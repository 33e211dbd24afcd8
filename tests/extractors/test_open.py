"""Choosing the reader by the file's bytes, and one clear sentence for what cannot be read."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from reportlab.lib.pagesizes import A4

from hyoka.extractors import ExtractionError, open_document, sniff_format


def test_format_comes_from_the_bytes_not_the_name(tmp_path: Path, kit: Any) -> None:
    pdf = tmp_path / "report.xlsx"
    canvas = kit.new_canvas(pdf, A4)
    kit.text(canvas, 50, 50, "評価調書", A4[1])
    canvas.showPage()
    canvas.save()
    workbook_path = tmp_path / "report.pdf"
    Workbook().save(workbook_path)
    assert sniff_format(pdf) == "pdf"
    assert sniff_format(workbook_path) == "xlsx"
    assert open_document(pdf).format == "pdf"
    assert open_document(workbook_path).format == "xlsx"


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (b"", "is empty"),
        (b"just some text", "neither a PDF nor an .xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "legacy Office file"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
            "password-protected workbook",
        ),
    ],
)
def test_unreadable_files_raise_a_sentence(tmp_path: Path, content: bytes, phrase: str) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=phrase):
        open_document(path)


def test_a_word_document_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(ExtractionError, match="Word document"):
        open_document(path)


def test_pdf_without_text_layer(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "scan.pdf"
    canvas = kit.new_canvas(path, A4)
    canvas.rect(50, 50, 300, 300, fill=1)
    canvas.showPage()
    canvas.save()
    with pytest.raises(ExtractionError, match="no text layer"):
        open_document(path)


def test_password_protected_pdf(tmp_path: Path, kit: Any) -> None:
    path = tmp_path / "locked.pdf"
    kit.register_font()
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), pagesize=A4, encrypt="secret")
    canvas.drawString(50, 50, "locked")
    canvas.showPage()
    canvas.save()
    with pytest.raises(ExtractionError, match="password-protected"):
        open_document(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    with pytest.raises(ExtractionError, match=r"broken\.pdf"):
        open_document(path)
