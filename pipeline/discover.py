"""Which files under the given paths are documents to ingest, and which paths were passed over and why.

A file name is whatever bytes the file system holds: a name that is not UTF-8 (Shift-JIS
from an older Japanese file server, say) is kept as Python keeps it (surrogate escapes,
so the file still opens) and shown with `display_name`, which turns the odd bytes into
readable `\\x..` escapes. Nothing found here can stop a run: a FIFO, a device, a broken
link or a folder link that loops back gets one skip line instead.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# By extension only to find candidates; the format itself is decided from the bytes.
DOCUMENT_SUFFIXES = frozenset({".pdf", ".xlsx", ".xlsm", ".xls"})


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    # (display name, why it was passed over), for the run report and the console.
    skipped: list[tuple[str, str]] = field(default_factory=list)


def display_name(path: Path | str) -> str:
    """The path as text that can be printed and stored: bytes that are not UTF-8 become `\\x..` escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def discover(paths: Iterable[Path]) -> Discovery:
    """Document files under `paths` (files are taken as given), sorted, without duplicates.

    Hidden files and folders (a leading dot) are passed over: office suites leave lock
    files such as `.~lock.report.xlsx#` beside the documents. Links to folders are
    followed, each folder once.
    """
    found: set[Path] = set()
    discovery = Discovery()
    for path in paths:
        if not path.is_dir():
            _take(path, found, discovery, given=True)
            continue
        visited: set[tuple[int, int]] = set()
        for folder, subfolders, names in os.walk(path, followlinks=True, onerror=lambda e: _unreadable(e, discovery)):
            identity = _identity(folder)
            if identity in visited:
                discovery.skipped.append((display_name(folder), "a folder link that loops back to a folder read"))
                subfolders.clear()
                continue
            visited.add(identity)
            subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
            for name in names:
                if not name.startswith(".") and Path(name).suffix.lower() in DOCUMENT_SUFFIXES:
                    _take(Path(folder) / name, found, discovery, given=False)
    discovery.files = sorted(found)
    return discovery


def _identity(folder: str) -> tuple[int, int]:
    status = os.stat(folder)
    return status.st_dev, status.st_ino


def _unreadable(error: OSError, discovery: Discovery) -> None:
    discovery.skipped.append((display_name(error.filename or "?"), f"cannot be listed ({error.strerror})"))


def _take(path: Path, found: set[Path], discovery: Discovery, *, given: bool) -> None:
    """Adds a regular file; anything else is a skip line (a file named on the command line whatever its suffix)."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        reason = "a broken link" if path.is_symlink() else f"cannot be read ({error.strerror})"
        discovery.skipped.append((display_name(path), reason))
        return
    if stat.S_ISREG(mode):
        found.add(path)
    elif not stat.S_ISDIR(mode) or given:
        device = stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if device else "not a file"
        discovery.skipped.append((display_name(path), f"{kind}, not a document file"))
