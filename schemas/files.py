"""Files of the output folder written atomically: a temporary file beside the target, then a rename.

Below the pipeline and the audit, which both write into the output folder (the tables; the report).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def temporary_beside(path: Path, suffix: str) -> tuple[int, str]:
    """A temporary file next to `path`, readable by others as a plainly created file would be
    (mkstemp makes it private, which would leave the output unreadable to other users)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, tmp


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Writes `data` to `path` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temporary_beside(path, ".tmp")
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
    """Writes JSON as UTF-8; a file name that is not UTF-8 (lone surrogates) is written as `\\udcXX`,
    a JSON escape, so it reads back as the same name."""
    text = json.dumps(payload, ensure_ascii=False, indent=2, default=str)
    atomic_write_bytes(path, text.encode("utf-8", "backslashreplace"))
