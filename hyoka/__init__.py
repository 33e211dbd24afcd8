"""hyoka's Python API: ingest reports, read the output tables, open one document's tables.

import hyoka
run = hyoka.ingest("samples/", "output/")          # the run report (dict), as run_report.json
measures = hyoka.read("output/", "measures")        # one output table as a pandas DataFrame
document = hyoka.open("samples/report.pdf")         # the format model: document.tables()
hyoka.export_tables("samples/report.pdf", xlsx="report_tables.xlsx")
hyoka.export_workbook("output/", "analysis.xlsx")   # tidy tables + findings, one workbook
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from hyoka.extractors.model import Document

__all__ = [
    "Document",
    "__version__",
    "export_tables",
    "export_workbook",
    "ingest",
    "open",
    "read",
    "table_frames",
]

# Every module of hyoka (`hyoka.pipeline.…`, `hyoka.normalizers.…`) imports this package first, so
# it loads nothing itself: the API's names are looked up when first used.
_LAZY = {
    "Document": "hyoka.extractors.model",
    "__version__": "hyoka.schemas.version",
    "export_tables": "hyoka.exports",
    "export_workbook": "hyoka.exports",
    "table_frames": "hyoka.exports",
}
_RENAMED = {"__version__": "HYOKA_VERSION"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'hyoka' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), _RENAMED.get(name, name))
    globals()[name] = value
    return value


PathLike = str | Path


def ingest(
    inputs: PathLike | Iterable[PathLike],
    out: PathLike = "output",
    *,
    jobs: int | None = None,
    force: bool = False,
) -> dict[str, object]:
    """Ingests every report under `inputs` (files or folders) into the output folder `out`.

    Unchanged documents are skipped unless `force`. `jobs`: documents processed at once
    (default: the CPUs; 1 runs in this process). Returns the run report (`run_report.json`).
    """
    from hyoka.pipeline.executors import make_executor
    from hyoka.pipeline.ingest import ingest as run_ingest

    paths = [Path(inputs)] if isinstance(inputs, str | Path) else [Path(p) for p in inputs]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    executor = make_executor("process", jobs)
    try:
        return run_ingest(paths, Path(out), executor=executor, force=force)
    finally:
        executor.close()


def read(out: PathLike, table: str) -> pd.DataFrame:
    """One table of an output folder as a DataFrame (every document's rows; empty, with its columns, when none)."""
    import pandas as pd

    folder = Path(out) / table
    if Path(table).name == table and any(folder.glob("*.parquet")):
        # A written table reads as it is: no schema, series profile or validation library is loaded for it.
        return pd.read_parquet(folder)
    from hyoka.profiles import registry
    from hyoka.schemas import TABLES, empty_frame

    if table not in TABLES:
        raise ValueError(f"{table!r} is not an output table; the tables are {', '.join(TABLES)}.")
    registry()  # each series declares its own columns as its module is imported
    return empty_frame(table)


def open(path: PathLike) -> Document:
    """The format model of one PDF or .xlsx file: `.tables()`, `.pages`, `.sheets`, each cell with its evidence."""
    from hyoka.extractors import open_document

    return open_document(Path(path))
