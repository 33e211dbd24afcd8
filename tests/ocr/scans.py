"""Image-only versions of real sheets, and how much of their hand-written truth OCR recovers.

A sheet of the truth set is rasterised (pdftoppm, grayscale), optionally turned by a slight
angle with speckle noise (a page fed crooked through a scanner), and wrapped as a PDF that
holds only the image: the file a municipality publishes when it scans a printed sheet. The
truth is `tests/data/real/truth/` (read by a person from the text-layer originals).

Run as a script to measure (every sheet unless named; minutes per sheet):
`python -m tests.ocr.scans 300 [--rotate 1.2] [sheet ...]`.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from hyoka.extractors import Document

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
TRUTH_SET = REAL / "truth-set"
TRUTH = REAL / "truth"


def image_only_pdf(source: Path, target: Path, dpi: int, rotate_degrees: float = 0.0, noise: float = 0.0) -> Path:
    """Writes `target`: the pages of `source` as grayscale images at `dpi`, with no text layer."""
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "page"
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(prefix)], check=True)
        images = [_scanned(Image.open(png), rotate_degrees, noise) for png in sorted(Path(scratch).glob("page*.png"))]
        images[0].save(target, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return target


def _scanned(image: Image.Image, rotate_degrees: float, noise: float) -> Image.Image:
    """A page as a scanner delivers it: turned slightly, with a share `noise` of speckled pixels."""
    page = image.convert("L")
    if rotate_degrees:
        page = page.rotate(rotate_degrees, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if noise:
        pixels = np.asarray(page).copy()
        speckle = np.random.default_rng(0).random(pixels.shape) < noise
        pixels[speckle] = 255 - pixels[speckle] // 2
        page = Image.fromarray(pixels)
    return page


def page_image(source: Path, dpi: int) -> Image.Image:
    """The first page of `source` rasterised in grey at `dpi`."""
    with tempfile.TemporaryDirectory() as scratch:
        prefix = Path(scratch) / "page"
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", "-singlefile", str(source), str(prefix)], check=True
        )
        return Image.open(prefix.with_suffix(".png")).convert("L")


def copy_figure_over(
    image: Image.Image, source: Path, dpi: int, target: tuple[str, str], copied: tuple[str, str]
) -> None:
    """Plants an inconsistency as a misprint would: the figure `target[1]` printed right of the label
    `target[0]` is replaced, right-aligned, by the pixels of the figure `copied[1]` right of `copied[0]`.
    Positions come from the text layer of the original (pdfplumber words)."""
    import pdfplumber

    scale = dpi / 72.0
    with pdfplumber.open(source) as pdf:
        words = pdf.pages[0].extract_words()

    def figure_right_of(label: str, figure: str) -> tuple[int, int, int, int]:
        anchor = next(w for w in words if w["text"].replace("　", "") == label)
        word = min(
            (w for w in words if w["text"] == figure and abs(w["top"] - anchor["top"]) < 4 and w["x0"] > anchor["x1"]),
            key=lambda w: w["x0"],
        )
        return tuple(round(v * scale) for v in (word["x0"] - 1, word["top"] - 1, word["x1"] + 1, word["bottom"] + 1))  # type: ignore[return-value]

    x0, top, x1, bottom = figure_right_of(*target)
    patch = image.crop(figure_right_of(*copied))
    image.paste(255, (x0, top, x1, bottom))
    image.paste(patch, (x1 - patch.width, top))


def mixed_pdf(printed: Path, scanned: Image.Image, dpi: int, target: Path) -> Path:
    """Writes `target`: the pages of the printed PDF, then `scanned` as a page that is only an image
    (a scanned page bound into a printed report)."""
    import pikepdf

    with tempfile.TemporaryDirectory() as scratch:
        image_pdf = Path(scratch) / "scan.pdf"
        scanned.save(image_pdf, "PDF", resolution=float(dpi))
        with pikepdf.open(printed) as pdf, pikepdf.open(image_pdf) as scan:
            pdf.pages.extend(scan.pages)
            pdf.save(target)
    return target


@dataclass
class Score:
    amounts: int
    amounts_found: int
    titles: int
    titles_found: int
    cells: int
    cells_marked_ocr: int

    @property
    def amount_share(self) -> float:
        return self.amounts_found / self.amounts if self.amounts else 0.0


def _squeezed(text: str) -> str:
    """NFKC with every space dropped: OCR puts spaces between the words of a Japanese line."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def score(document: Document, source_file: str) -> Score:
    """Truth amounts (budgets.csv value_text) printed as a whole cell, and the title found in the page text."""
    cells = [cell for table in document.tables() for cell in table.cells]
    blocks = [block.text for block in document.text_blocks()]
    return score_texts([cell.text for cell in cells], blocks, sum(1 for cell in cells if cell.ocr), source_file)


def score_texts(cell_texts: list[str], block_texts: list[str], marked_ocr: int, source_file: str) -> Score:
    """`score` on the texts of the cells and of the text outside tables."""
    squeezed = [_squeezed(text) for text in cell_texts]
    with (TRUTH / "budgets.csv").open(encoding="utf-8") as handle:
        amounts = [row["value_text"] for row in csv.DictReader(handle) if row["source_file"] == source_file]
    # A figure can repeat on a sheet (a total equal to its only part): each printing needs its own cell.
    pool = list(squeezed)
    found = 0
    for amount in amounts:
        if _squeezed(amount) in pool:
            pool.remove(_squeezed(amount))
            found += 1
    with (TRUTH / "documents.csv").open(encoding="utf-8") as handle:
        titles = [row["title_value_text"] for row in csv.DictReader(handle) if row["source_file"] == source_file]
    page_text = _squeezed(" ".join(squeezed + block_texts))
    return Score(
        amounts=len(amounts),
        amounts_found=found,
        titles=len(titles),
        titles_found=sum(1 for title in titles if _squeezed(title) in page_text),
        cells=len(cell_texts),
        cells_marked_ocr=marked_ocr,
    )


def main(argv: list[str]) -> None:
    """Scans the sheets, ingests each (OCR, map, audit) and prints the cells' and the tidy tables' scores."""
    from hyoka.pipeline.ingest import Task, file_sha256, run_task
    from tests.real import scoring

    dpi = int(argv[0])
    rotate = float(argv[argv.index("--rotate") + 1]) if "--rotate" in argv else 0.0
    sheets = [name for name in argv[1:] if name.endswith(".pdf")] or sorted(p.name for p in TRUTH_SET.glob("*.pdf"))
    found = total = 0
    tidy = scoring.Score()
    alarms: list[str] = []
    for sheet in sheets:
        with tempfile.TemporaryDirectory() as scratch:
            scan = image_only_pdf(TRUTH_SET / sheet, Path(scratch) / sheet, dpi, rotate, 0.002 if rotate else 0.0)
            started = time.perf_counter()
            outcome = run_task(Task(str(scan), sheet, file_sha256(scan)))
            seconds = time.perf_counter() - started
        cells = outcome.tables.get("cells")
        texts = [] if cells is None else [str(text) for text in cells["text"].fillna("")]
        marked = 0 if cells is None else int(cells["ocr"].sum())
        result = score_texts(texts, [str(outcome.document.get("title") or "")], marked, sheet)
        tables = scoring.Tables(outcome.document, outcome.tables)
        sheet_tidy = scoring.Score()
        for part in (scoring.score_document, scoring.score_budgets, scoring.score_indicators, scoring.score_judgements):
            part(sheet, tables, sheet_tidy)
        alarms += [f"{sheet}: {alarm}" for alarm in scoring.false_alarms(tables)]
        found, total = found + result.amounts_found, total + result.amounts
        tidy.found, tidy.total, tidy.misses = (
            tidy.found + sheet_tidy.found,
            tidy.total + sheet_tidy.total,
            tidy.misses + sheet_tidy.misses,
        )
        print(
            f"{sheet} {dpi} dpi rotate {rotate}: amounts as cells {result.amounts_found}/{result.amounts}, "
            f"tidy {sheet_tidy.found}/{sheet_tidy.total}, cells {result.cells_marked_ocr}/{result.cells} ocr, "
            f"{len(scoring.false_alarms(tables))} false alarms, {seconds:.1f} s",
            flush=True,
        )
    print(f"total amounts as cells {found}/{total} = {found / max(total, 1):.0%}")
    print(f"total in the tidy tables {tidy.found}/{tidy.total} = {tidy.found / max(tidy.total, 1):.0%}")
    print("\n".join(["flagged (a mismatch or ambiguous check on a sheet that has none):", *alarms]))
    print("\n".join(["missed in the tidy tables:", *tidy.misses]))


if __name__ == "__main__":
    main(sys.argv[1:])
