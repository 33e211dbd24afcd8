"""A PDFium prototype of the format layer's page input, compared with pdfplumber's cell for cell.

`PdfiumPage` offers what `hyoka.extractors.pdf._read_page` reads from a pdfplumber page (chars with
font size and box, rects, lines and curves from path objects, their painting order), built
by PDFium (pypdfium2, installed as pdfplumber's dependency) instead of pdfminer. hyoka reads
with pdfplumber; PDFium would replace it only if every table cell and text block came out
identical. Run as `python -m bench.pdfium_page PDF...`: prints JSON per file (pages, cells
that differ, the first differences, CPU seconds of both page readers) and a total.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import pypdfium2

from hyoka.extractors.pdfium_page import read_page

_SHOWN = 3  # differences listed per file


def _cells(page: Any) -> list[tuple[Any, ...]]:
    """Every table cell (grid place and text) and text block of a page, as `_read_page` reads it."""
    from hyoka.extractors.pdf import GridSettings, _read_page

    read, parts, _, _ = _read_page(page, GridSettings())
    cells = [
        (index, cell.row, cell.col, cell.row_span, cell.col_span, cell.text)
        for index, part in enumerate(parts)
        for cell in part.table.cells
    ]
    return cells + [("text", block.text) for block in read.text_blocks]


def _unspaced(cell: tuple[Any, ...]) -> tuple[Any, ...]:
    """The cell with its text's whitespace removed: PDFium drops some space glyphs pdfminer keeps."""
    return (*cell[:-1], "".join(str(cell[-1]).split()))


def compare(path: Path) -> dict[str, Any]:
    import pdfplumber

    plumber_cpu = pdfium_cpu = 0.0
    differing = beyond_spaces = total = 0
    shown: list[dict[str, Any]] = []
    document = pypdfium2.PdfDocument(str(path))
    with pdfplumber.open(path) as pdf:
        for index, plumber_page in enumerate(pdf.pages):
            started = time.process_time()
            expected = _cells(plumber_page)
            plumber_page.close()
            plumber_cpu += time.process_time() - started
            started = time.process_time()
            got = _cells(read_page(document, index))
            pdfium_cpu += time.process_time() - started
            missing, extra = sorted(set(expected) - set(got), key=str), sorted(set(got) - set(expected), key=str)
            total += len(expected)
            differing += len(missing)
            beyond_spaces += len({_unspaced(cell) for cell in expected} - {_unspaced(cell) for cell in got})
            if (missing or extra) and len(shown) < _SHOWN:
                shown.append({"page": index + 1, "pdfplumber": missing[:2], "pdfium": extra[:2]})
    pages = len(document)
    document.close()
    return {
        "file": str(path),
        "pages": pages,
        "cells_and_blocks": total,
        "differing": differing,
        "differing_beyond_spaces": beyond_spaces,
        "first_differences": shown,
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
