"""One document through the real pipeline, with the tables it wrote (for tests that ingest a document once)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hyoka.pipeline.ingest import ingest


@dataclass
class Ingested:
    document: dict[str, Any]
    measures: pd.DataFrame
    budgets: pd.DataFrame
    grades: pd.DataFrame
    checks: pd.DataFrame


def ingest_one(path: Path, work: Path) -> Ingested:
    """Ingest the one document at `path` (copied into an inbox under `work`) and read back its tables."""
    inbox, out = work / "inbox", work / "out"
    inbox.mkdir(parents=True)
    shutil.copy(path, inbox / path.name)
    ingest([inbox], out)
    (document,) = pd.read_parquet(out / "documents").to_dict("records")

    def table(name: str) -> pd.DataFrame:
        return pd.read_parquet(out / name / f"{document['document_id']}.parquet")

    return Ingested(document, table("measures"), table("budgets"), table("grades"), table("checks"))
