"""A page's objects built straight from pdfminer's layout (`page_objects`) are pdfplumber's, value for value, on
the pages that move pdfplumber's arithmetic: a MediaBox away from the origin, a page turned by /Rotate, a form
XObject painting its own text and rules, filled, stroked and white rects in gray, RGB and CMYK, a curve."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import pytest
from reportlab.lib.pagesizes import A4

from hyoka.extractors.pdf_objects import page_objects

HEIGHT = A4[1]
KEYS = {
    "char": ("x0", "x1", "top", "bottom", "text", "size", "upright"),
    "rect": ("x0", "x1", "top", "bottom", "stroke", "fill", "non_stroking_color"),
    "line": ("x0", "x1", "top", "bottom"),
    "curve": ("pts",),
}


@pytest.fixture
def drawn(tmp_path: Path, kit: Any) -> Path:
    """Three pages of the same drawing: as printed, with its MediaBox moved off the origin, shown by /Rotate 90."""
    printed = tmp_path / "printed.pdf"
    canvas = kit.new_canvas(printed, A4)
    canvas.beginForm("stamp")
    kit.text(canvas, 60, 60, "様式 Form 1", HEIGHT, size=8)
    canvas.setStrokeColorRGB(0.2, 0.4, 0.6)
    canvas.rect(55, HEIGHT - 80, 120, 30, stroke=1, fill=0)
    canvas.endForm()
    for _ in range(3):
        kit.text(canvas, 50, 120, "施策の評価 Policy 12.5%", HEIGHT, size=10.5)
        canvas.setFillGray(0.85)
        canvas.rect(50, HEIGHT - 200, 200, 40, stroke=0, fill=1)
        canvas.setFillColorRGB(1, 1, 1)
        canvas.rect(260, HEIGHT - 200, 100, 40, stroke=0, fill=1)
        canvas.setFillColorCMYK(0.1, 0, 0, 0.05)
        canvas.rect(370, HEIGHT - 200, 100, 40, stroke=1, fill=1)
        canvas.setLineWidth(0.5)
        canvas.line(50, HEIGHT - 220, 470, HEIGHT - 220)
        canvas.line(50, HEIGHT - 220, 50, HEIGHT - 300)
        canvas.bezier(100, HEIGHT - 300, 150, HEIGHT - 250, 200, HEIGHT - 350, 250, HEIGHT - 300)
        canvas.doForm("stamp")
        canvas.showPage()
    canvas.save()
    path = tmp_path / "drawn.pdf"
    with pikepdf.open(printed) as pdf:
        pdf.pages[1].obj.MediaBox = pikepdf.Array([20, -30, A4[0] + 20, A4[1] - 30])
        # Stored on its side with the drawing turned to match, as /Rotate is used: shown upright, so read as is
        # (a page whose text /Rotate sets sideways is read turned upright: test_sideways_pages.py).
        turned = pdf.pages[2]
        turned.contents_add(pdf.make_stream(f"q 0 1 -1 0 {A4[1]:g} 0 cm\n".encode()), prepend=True)
        turned.contents_add(pdf.make_stream(b"\nQ"))
        turned.obj.MediaBox = pikepdf.Array([0, 0, A4[1], A4[0]])
        turned.obj.Rotate = 90
        pdf.save(path)
    return path


def test_page_objects_are_pdfplumbers_values(drawn: Path) -> None:
    with pdfplumber.open(drawn) as reference, pdfplumber.open(drawn) as pdf:
        for expected_page, page in zip(reference.pages, pdf.pages, strict=True):
            read = page_objects(page)
            assert (read.page_number, read.width, read.height, read.rotation) == (
                expected_page.page_number,
                expected_page.width,
                expected_page.height,
                expected_page.rotation,
            )
            for kind, keys in KEYS.items():
                expected = [tuple(obj[key] for key in keys) for obj in expected_page.objects.get(kind, [])]
                assert expected, f"page {page.page_number} draws no {kind}"
                assert [tuple(obj[key] for key in keys) for obj in read.objects[kind]] == expected
        assert reference.pages[1].mediabox[:2] != (0, 0)


def test_pdfminer_debug_records_still_reach_a_listener(drawn: Path, caplog: pytest.LogCaptureFixture) -> None:
    parser = logging.getLogger("pdfminer.psparser")
    with caplog.at_level(logging.DEBUG, logger="pdfminer"), pdfplumber.open(drawn) as pdf:
        page_objects(pdf.pages[0])
    assert any(record.name.startswith("pdfminer.") for record in caplog.records)
    with pdfplumber.open(drawn) as pdf:
        page_objects(pdf.pages[0])
    assert "debug" not in vars(parser)  # the quiet reading leaves the logger as it found it
