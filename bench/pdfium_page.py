"""The format layer's two PDF readers compared cell for cell: pdfplumber, and PDFium (`pdf_reader="pdfium"`,
extractors/pdfium_page.py).

Each page is read by both as `read_pdf` reads it, and every table cell (place, spans, text) and text block is
compared, then the evidence boxes of those read alike (to BOX_TOLERANCE). PDFium would become hyoka's default
reader only if every file came out identical. Run as `python -m bench.pdfium_page PDF...`: prints JSON per
file (pages, cells that differ, the first differences, boxes, CPU seconds of both readers) and a total.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from hyoka.extractors.model import GridSettings
from hyoka.extractors.pdf import PageRead, _opened

_SHOWN = 3  # differences listed per file


# Evidence boxes of a cell or block read alike by both are compared to this, in points: PDFium keeps glyph
# widths in whole thousandths of an em and single-precision coordinates.
BOX_TOLERANCE = 0.05

Reading = dict[tuple[Any, ...], tuple[float, ...]]


def _cells(read: PageRead) -> Reading:
    """Every table cell (grid place and text) and text block of a page as the format layer reads it, each
    with its evidence boxes (a cell's box and text box, a block's box)."""
    cells: Reading = {
        (index, cell.row, cell.col, cell.row_span, cell.col_span, cell.text): (
            *cell.evidence.bbox,
            *(cell.text_box or ()),
        )
        for index, part in enumerate(read.parts)
        for cell in part.table.cells
    }
    return cells | {("text", block.text): tuple(block.bbox) for block in read.page.text_blocks}


def _box_deviation(expected: Reading, got: Reading) -> float:
    """The largest difference between the boxes of the cells and blocks both read alike."""
    return max(
        (
            max((abs(a - b) for a, b in zip(expected[key], got[key], strict=True)), default=0.0)
            if len(expected[key]) == len(got[key])
            else float("inf")
            for key in expected.keys() & got.keys()
        ),
        default=0.0,
    )


def _unspaced(cell: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cell with its text's whitespace removed: PDFium drops some space glyphs pdfminer keeps."""
    return (*cell[:-1], "".join(str(cell[-1]).split()))


def compare(path: Path) -> dict[str, Any]:
    """One PDF read page by page by both readers, as `read_pdf` reads it with each (limits included)."""
    plumber_cpu = pdfium_cpu = 0.0
    differing = beyond_spaces = total = boxes_beyond = 0
    deviation = 0.0
    shown: list[dict[str, Any]] = []
    settings = GridSettings()
    with (
        _opened(path, settings, "pdfplumber", None) as by_pdfplumber,
        _opened(path, settings, "pdfium", None) as by_pdfium,
    ):
        pages, read_by = by_pdfplumber.count, by_pdfium.reader  # "pdfplumber" where PDFium's page count is wrong
        for index in range(pages):
            started = time.process_time()
            expected = _cells(by_pdfplumber.read_at(index))
            plumber_cpu += time.process_time() - started
            started = time.process_time()
            got = _cells(by_pdfium.read_at(index))
            pdfium_cpu += time.process_time() - started
            missing, extra = sorted(set(expected) - set(got), key=str), sorted(set(got) - set(expected), key=str)
            deviation = max(deviation, _box_deviation(expected, got))
            boxes_beyond += sum(
                1
                for key in expected.keys() & got.keys()
                if _box_deviation({key: expected[key]}, {key: got[key]}) > BOX_TOLERANCE
            )
            total += len(expected)
            differing += len(missing)
            beyond_spaces += len({_unspaced(cell) for cell in expected} - {_unspaced(cell) for cell in got})
            if (missing or extra) and len(shown) < _SHOWN:
                shown.append({"page": index + 1, "pdfplumber": missing[:2], "pdfium": extra[:2]})
    return {
        "file": str(path),
        "pages": pages,
        "cells_and_blocks": total,
        "differing": differing,
        "differing_beyond_spaces": beyond_spaces,
        "boxes_beyond_tolerance": boxes_beyond,
        "largest_box_deviation": round(deviation, 3),
        "first_differences": shown,
        "read_by": read_by,
        "pdfplumber_cpu_seconds": round(plumber_cpu, 3),
        "pdfium_cpu_seconds": round(pdfium_cpu, 3),
        "pdfplumber_cpu_ms_per_page": round(1000 * plumber_cpu / max(pages, 1), 1),
        "pdfium_cpu_ms_per_page": round(1000 * pdfium_cpu / max(pages, 1), 1),
    }


def summary(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The comparisons of several files added up: files identical, cells differing, CPU per page of each reader."""
    pages = sum(r["pages"] for r in results)
    return {
        "files": len(results),
        "identical_files": sum(1 for r in results if r["differing"] == 0),
        "pages": pages,
        "cells_and_blocks": sum(r["cells_and_blocks"] for r in results),
        "differing": sum(r["differing"] for r in results),
        "differing_beyond_spaces": sum(r["differing_beyond_spaces"] for r in results),
        "boxes_beyond_tolerance": sum(r["boxes_beyond_tolerance"] for r in results),
        "largest_box_deviation": max((r["largest_box_deviation"] for r in results), default=0.0),
        **{
            f"{reader}_cpu_ms_per_page": round(
                1000 * sum(r[f"{reader}_cpu_seconds"] for r in results) / max(1, pages), 1
            )
            for reader in ("pdfplumber", "pdfium")
        },
    }


def main(paths: list[str]) -> None:
    results = [compare(Path(p)) for p in paths]
    for result in results:
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps(summary(results)))


if __name__ == "__main__":
    main(sys.argv[1:])
