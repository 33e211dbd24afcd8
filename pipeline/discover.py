"""Which files under the given paths are documents to ingest."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# By extension only to find candidates; the format itself is decided from the bytes.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".xlsx", ".xlsm", ".xls"})


def discover(paths: Iterable[Path]) -> list[Path]:
    """Document files under `paths` (files are taken as given), sorted, without duplicates.

    Hidden files and folders (a leading dot) are passed over: office suites leave lock
    files such as `.~lock.report.xlsx#` beside the documents.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_file():
            found.add(path)
            continue
        for candidate in path.rglob("*"):
            relative = candidate.relative_to(path)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if candidate.is_file() and candidate.suffix.lower() in DOCUMENT_SUFFIXES:
                found.add(candidate)
    return sorted(found)
