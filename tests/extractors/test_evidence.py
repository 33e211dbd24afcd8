"""Page pictures for reports: each crop is what pdfplumber's `to_image` draws, and a page with several
findings is drawn once."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest

from hyoka.extractors import evidence
from hyoka.extractors.evidence import Outline, SourceFiles

PDF = Path(__file__).resolve().parents[2] / "samples" / "hokkaido_basic_evaluation.pdf"
# Two boxes on the first page, in points (x0, top, x1, bottom), and how they are outlined.
BOXES = ((60.0, 80.0, 200.0, 120.0), (220.0, 300.0, 400.0, 340.0))


def _drawn_by_pdfplumber(bbox: tuple[float, float, float, float]) -> bytes:
    """The crop as pdfplumber draws it on its own: `crop(...).to_image(...)`, the outline, PNG."""
    with pdfplumber.open(PDF) as pdf:
        page = pdf.pages[0]
        region = (
            max(0.0, bbox[0] - evidence.CROP_MARGIN),
            max(0.0, bbox[1] - evidence.CROP_MARGIN),
            min(float(page.width), bbox[2] + evidence.CROP_MARGIN),
            min(float(page.height), bbox[3] + evidence.CROP_MARGIN),
        )
        image = page.crop(region).to_image(resolution=110)
        image.draw_rect(bbox, stroke="#d1242f", fill=(0, 0, 0, 0), stroke_width=3)
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def test_crops_of_one_page_draw_it_once_and_equal_pdfplumbers_own(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[int] = []
    draw_page = pypdfium2.PdfPage.render

    def counting(*args: object, **kwargs: object) -> object:
        drawn.append(1)
        return draw_page(*args, **kwargs)

    monkeypatch.setattr(pypdfium2.PdfPage, "render", counting)
    with SourceFiles() as sources:
        pictures = [sources.page_picture(PDF, 1, [Outline(bbox, "#d1242f", 3)]) for bbox in BOXES]
    assert len(drawn) == 1
    assert pictures == [_drawn_by_pdfplumber(bbox) for bbox in BOXES]
