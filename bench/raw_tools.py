"""The tools a user would try first, each with its default settings, run on one PDF.

Run as `python -m bench.raw_tools TOOL PDF OUT_JSON` so that each run is a fresh process
(cold, like hyoka's) whose time and peak memory the harness measures from outside.
Writes {"tool", "seconds", "tables": [{"pages": [...], "rows": [[text, ...], ...]}]}.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sys
import time
import warnings
from pathlib import Path
from typing import Any

Table = dict[str, Any]


def pdfplumber_tables(pdf_path: Path) -> list[Table]:
    import pdfplumber

    tables = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                tables.append({"pages": [page.page_number], "rows": [[c or "" for c in row] for row in rows]})
    return tables


def camelot_tables(pdf_path: Path, flavor: str) -> list[Table]:
    import camelot

    found = camelot.read_pdf(str(pdf_path), pages="all", flavor=flavor)
    return [{"pages": [int(t.page)], "rows": t.df.astype(str).values.tolist()} for t in found]


def tabula_tables(pdf_path: Path) -> list[Table]:
    import tabula

    # tabula's JSON output does not say which page a table is on.
    found = tabula.read_pdf(str(pdf_path), pages="all", output_format="json", silent=True)
    return [{"pages": [], "rows": [[cell["text"] for cell in row] for row in t["data"]]} for t in found]


TOOLS = {
    "pdfplumber": pdfplumber_tables,
    "camelot_lattice": lambda p: camelot_tables(p, "lattice"),
    "camelot_stream": lambda p: camelot_tables(p, "stream"),
    "tabula": tabula_tables,
}


def unavailable(tool: str) -> str | None:
    """Why a tool cannot run on this machine, or None."""
    if tool == "tabula":
        if importlib.util.find_spec("tabula") is None:
            return "tabula-py is not installed (pip install '.[bench]')"
        if shutil.which("java") is None:
            return "tabula needs java, which is not on PATH"
    return None


def main(argv: list[str]) -> None:
    tool, pdf_path, out_path = argv[0], Path(argv[1]), Path(argv[2])
    # camelot warns for every page without a table; the count of tables says as much.
    warnings.simplefilter("ignore")
    start = time.perf_counter()
    tables = TOOLS[tool](pdf_path)
    seconds = time.perf_counter() - start
    out_path.write_text(json.dumps({"tool": tool, "seconds": seconds, "tables": tables}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
