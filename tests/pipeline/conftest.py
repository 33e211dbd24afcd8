"""Small generated corpora for the pipeline tests: workbooks that differ by content, fast to read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

import hyoka.pipeline.ingest
from hyoka.pipeline.fingerprint import code_fingerprints


def write_workbook(path: Path, seed: int, rows: int = 6) -> Path:
    """A one-sheet evaluation list whose values depend on `seed`, so each seed is a distinct document."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "評価一覧"
    sheet.append(["番号", "事業名", "予算額(千円)", "評価"])
    for n in range(rows):
        sheet.append([n + 1, f"事業{seed}-{n}", (seed + 1) * 1000 + n, "ABCD"[(seed + n) % 4]])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


@pytest.fixture
def make_workbook() -> Callable[..., Path]:
    return write_workbook


@pytest.fixture
def frozen_code(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The code fingerprints, computed once: other edits to the tree during a test must not re-process."""
    frozen = code_fingerprints()
    monkeypatch.setattr(hyoka.pipeline.ingest, "code_fingerprints", lambda: dict(frozen))
    return frozen


def read_table(out: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(out / table)


def assert_output_consistent(out: Path) -> None:
    """What a reader may rely on at any moment: every table reads, and every row belongs to a committed document."""
    documents = pd.read_parquet(out / "documents") if any((out / "documents").glob("*.parquet")) else None
    committed = set() if documents is None else set(documents["document_id"])
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        files = sorted(folder.glob("*.parquet"))
        for file in files:
            pd.read_parquet(file)
        if files:
            table = pd.read_parquet(folder)
            assert set(table["document_id"]) <= committed, f"{folder.name} has rows of an uncommitted document"
    if documents is not None:
        assert documents["document_id"].is_unique
        readable = documents[documents["status"] != "failed"]
        cells = {p.stem for p in (out / "cells").glob("*.parquet")}
        assert set(readable["document_id"]) <= cells, "a committed document lacks its cells"


@pytest.fixture
def consistent() -> Callable[[Path], None]:
    return assert_output_consistent
