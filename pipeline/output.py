"""Writing the output folder: one Parquet file per document per table, each written atomically.

A document's rows live in `<out>/<table>/<document_id>.parquet`, so one changed document
is replaced without rewriting the others. Every file is written to a temporary name in
the same folder and renamed over the old one, so a killed run never leaves a half file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES
from schemas.arrow import arrow_table


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Writes `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_json(path: Path, payload: Any) -> None:
    atomic_write_bytes(path, json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode("utf-8"))


def write_table(out_dir: Path, table: str, document_id: str, frame: pd.DataFrame) -> Path:
    """Writes one document's rows of one table (zstd Parquet), replacing its previous file."""
    path = out_dir / table / f"{document_id}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    arrow = arrow_table(table, frame) if table in TABLES else pa.Table.from_pandas(frame, preserve_index=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        pq.write_table(arrow, tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_document(out_dir: Path, document_id: str) -> None:
    """Removes every table file of one document (it was deleted or replaced)."""
    for path in out_dir.glob(f"*/{document_id}.parquet"):
        path.unlink()
