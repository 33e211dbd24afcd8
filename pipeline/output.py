"""Writing the output folder: one Parquet file per document per table, each written atomically.

A document's rows live in `<out>/<table>/<document_id>.parquet`, so one changed document
is replaced without rewriting the others. Every file is written to a temporary name in
the same folder and renamed over the old one, so a killed run never leaves a half file.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hyoka.schemas import TABLES
from hyoka.schemas.arrow import arrow_schema, arrow_table
from hyoka.schemas.files import temporary_beside

DOCUMENTS = "documents"
TEMPORARY_SUFFIX = ".tmp"
LOCK_NAME = ".hyoka.lock"


class OutputBusy(RuntimeError):
    """Another hyoka run holds the output folder."""


def table_path(out_dir: Path, table: str, document_id: str) -> Path:
    return out_dir / table / f"{document_id}.parquet"


def stage_table(out_dir: Path, table: str, document_id: str, frame: pd.DataFrame) -> Path:
    """Writes one document's rows of one table to a temporary file beside its final name.

    The temporary name starts with a dot and ends in `.tmp`, so neither pyarrow nor a
    `*.parquet` glob ever reads it.
    """
    path = table_path(out_dir, table, document_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path, TEMPORARY_SUFFIX)
    try:
        # An empty frame of declared columns only: one with others goes to `arrow_table`, which refuses it.
        if table in TABLES and frame.empty and set(frame.columns) <= set(arrow_schema(table).names):
            with os.fdopen(fd, "wb") as handle:
                handle.write(empty_table_bytes(table))
        else:
            os.close(fd)
            arrow = arrow_table(table, frame) if table in TABLES else pa.Table.from_pandas(frame, preserve_index=False)
            pq.write_table(arrow, tmp, compression="zstd")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def empty_table_bytes(table: str) -> bytes:
    """The Parquet file of `table` with no rows: the same bytes for every document (a document leaves most
    tables empty, and every table's file is written), so built once per process instead of once per file."""
    return _empty_parquet(table, tuple(arrow_schema(table).names))


@cache
def _empty_parquet(table: str, names: tuple[str, ...]) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(arrow_table(table, pd.DataFrame()), buffer, compression="zstd")
    return buffer.getvalue()


def write_table(out_dir: Path, table: str, document_id: str, frame: pd.DataFrame) -> Path:
    """Writes one document's rows of one table (zstd Parquet), replacing its previous file."""
    path = table_path(out_dir, table, document_id)
    os.replace(stage_table(out_dir, table, document_id, frame), path)
    return path


def commit_document(out_dir: Path, document_id: str, staged: dict[str, Path]) -> None:
    """Renames a document's staged tables into place, its `documents` row last.

    The `documents` row is the commit mark: a reader that joins on it never sees a
    document whose tables are half written. Tables the document no longer has go first.
    """
    for stale in out_dir.glob(f"*/{document_id}.parquet"):
        if stale.parent.name not in staged:
            stale.unlink()
    for table in sorted(staged, key=lambda name: name == DOCUMENTS):
        os.replace(staged[table], table_path(out_dir, table, document_id))


def file_digest(path: Path) -> tuple[int, str]:
    """(size, SHA-256) of an output file, to notice it was changed from outside."""
    with path.open("rb") as handle:
        return path.stat().st_size, hashlib.file_digest(handle, "sha256").hexdigest()


def remove_document(out_dir: Path, document_id: str) -> None:
    """Removes every table file of one document (it was deleted or replaced), its `documents` row first."""
    table_path(out_dir, DOCUMENTS, document_id).unlink(missing_ok=True)
    for path in out_dir.glob(f"*/{document_id}.parquet"):
        path.unlink()


def recover(out_dir: Path) -> list[str]:
    """Cleans what a killed run left: temporary files, and tables of documents never committed.

    Returns the ids of the uncommitted documents whose files were removed.
    """
    for tmp in [*out_dir.glob(f"*/.*{TEMPORARY_SUFFIX}"), *out_dir.glob(f".*{TEMPORARY_SUFFIX}")]:
        tmp.unlink()
    committed = {p.stem for p in (out_dir / DOCUMENTS).glob("*.parquet")}
    orphans: set[str] = set()
    for path in out_dir.glob("*/*.parquet"):
        if path.parent.name != DOCUMENTS and path.stem not in committed:
            orphans.add(path.stem)
            path.unlink()
    return sorted(orphans)


@contextmanager
def exclusive(out_dir: Path) -> Iterator[None]:
    """Holds the output folder for one run; the kernel drops the lock if the process dies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / LOCK_NAME).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise OutputBusy(f"another hyoka run is writing {out_dir}; wait for it to finish.") from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
