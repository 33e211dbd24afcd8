"""The output folder's manifest: which source paths hold which document, and in what state it was written.

`<out>/manifest.json` maps each absolute source path to its document_id, and each
document_id to what decides whether a re-run may skip it (hyoka version, code
fingerprint) and what the run report repeats for a skipped document (status, error).
It is written atomically at the start and end of a run and every few seconds between,
so a killed run loses at most those seconds of bookkeeping; a document written but not
yet recorded is found again through its `documents` row, which carries the same state.
`retired` lists documents whose files are gone, so a run killed before removing their
rows still removes them next time.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hyoka.pipeline.output import DOCUMENTS, file_digest, table_path
from hyoka.schemas.files import atomic_write_json

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
SAVE_EVERY_SECONDS = 2.0
# The documents columns a skip decision and a skipped document's report entry need.
# Per document: table -> [size, sha256] of its output file, checked before a skip.
OUTPUTS = "outputs"
STATE_COLUMNS = ("status", "error", "profile", "pipeline_version", "profile_fingerprint", "pages", "source_files")


@dataclass
class Manifest:
    sources: dict[str, str] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    _saved_at: float = 0.0

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        """The manifest an earlier run left; an unreadable one counts as none (every file is re-hashed anyway)."""
        try:
            payload = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(payload, dict) or payload.get("manifest_version") != MANIFEST_VERSION:
            return cls()
        return cls(
            sources=dict(payload.get("sources", {})),
            documents=dict(payload.get("documents", {})),
            retired=set(payload.get("retired", [])),
        )

    def record(self, out_dir: Path, document_id: str) -> dict[str, Any] | None:
        """The state a committed document was written in, or None when the output does not hold it."""
        path = table_path(out_dir, DOCUMENTS, document_id)
        if not path.exists():
            return None
        if document_id in self.documents:
            return self.documents[document_id]
        try:
            row = pd.read_parquet(path).iloc[0]
        except (OSError, ValueError, IndexError):
            return None
        state = {column: _plain(row.get(column)) for column in STATE_COLUMNS}
        self.documents[document_id] = state
        return state

    def commit(self, document_id: str, paths: list[Path], state: dict[str, Any], *, out_dir: Path) -> None:
        """Records that the document's rows are in the output, for every path holding its bytes,
        with the size and hash of each of its output files."""
        for path in paths:
            self.sources[os.path.abspath(path)] = document_id
        self.documents[document_id] = {key: _plain(state.get(key)) for key in STATE_COLUMNS}
        self.documents[document_id][OUTPUTS] = {
            path.parent.name: list(file_digest(path)) for path in sorted(out_dir.glob(f"*/{document_id}.parquet"))
        }
        self.retired.discard(document_id)

    def intact(self, out_dir: Path, document_id: str) -> bool:
        """Whether every output file recorded for the document is still there, with its size and hash.

        A document recorded by a manifest without file digests is taken as intact when its
        `documents` row reads.
        """
        recorded = self.documents.get(document_id, {}).get(OUTPUTS)
        if not recorded:
            return True
        present = {path.parent.name: path for path in out_dir.glob(f"*/{document_id}.parquet")}
        if set(present) != set(recorded):
            return False
        for table, (size, sha256) in recorded.items():
            path = present[table]
            if path.stat().st_size != size or file_digest(path)[1] != sha256:
                return False
        return True

    def forget(self, gone_sources: set[str], removed: set[str]) -> None:
        """Drops the paths that disappeared and the documents whose rows were removed."""
        for source in gone_sources:
            self.sources.pop(source, None)
        for document_id in removed:
            self.documents.pop(document_id, None)
        self.retired -= removed

    def save(self, out_dir: Path) -> None:
        atomic_write_json(
            out_dir / MANIFEST_NAME,
            {
                "manifest_version": MANIFEST_VERSION,
                "sources": dict(sorted(self.sources.items())),
                "documents": dict(sorted(self.documents.items())),
                "retired": sorted(self.retired),
            },
        )
        self._saved_at = time.monotonic()

    def save_now_and_then(self, out_dir: Path) -> None:
        """Saves when the last save is a few seconds old: tens of thousands of documents, not n² bytes."""
        if time.monotonic() - self._saved_at >= SAVE_EVERY_SECONDS:
            self.save(out_dir)


def _plain(value: Any) -> Any:
    """A JSON-ready value from a pandas cell (numpy scalars, arrays, NA)."""
    if value is None:
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    if not isinstance(value, list | dict | str) and pd.isna(value):
        return None
    return value
