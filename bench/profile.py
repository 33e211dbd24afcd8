"""Where hyoka's time goes on one document: a pyinstrument profile of one in-process ingest.

Run as `python -m bench.profile DOCUMENT OUT_DIR`: writes OUT_DIR/profile.txt (the call tree)
and prints JSON: self time by library and the functions with the most self time.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

TOP = 10


def _walk(frame: Any) -> Any:
    yield frame
    for child in frame.children:
        yield from _walk(child)


def summarise(root: Any, total: float) -> dict[str, Any]:
    """Self time per function (summed over the tree), as seconds and share of the run."""
    self_time: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    for frame in _walk(root):
        if frame.function and not frame.is_synthetic:
            self_time[f"{frame.function} ({frame.file_path_short}:{frame.line_no})"] += frame.total_self_time
            # The first folder of the short path is the library (pdfminer, pandas…) or hyoka's own package.
            by_package[(frame.file_path_short or "?").split("/")[0]] += frame.total_self_time
    return {
        "seconds": round(total, 3),
        "by_package": [
            {"package": name, "seconds": round(s, 3), "share": round(s / total, 3) if total else 0.0}
            for name, s in by_package.most_common(TOP)
        ],
        "top_self_time": [
            {"function": name, "seconds": round(s, 3), "share": round(s / total, 3) if total else 0.0}
            for name, s in self_time.most_common(TOP)
        ],
    }


def main(argv: list[str]) -> None:
    from pyinstrument import Profiler

    from hyoka.pipeline.executors import InProcessExecutor
    from hyoka.pipeline.ingest import ingest

    document, out_dir = Path(argv[0]), Path(argv[1])
    out_dir.mkdir(parents=True, exist_ok=True)
    profiler = Profiler()
    profiler.start()
    ingest([document], out_dir / "output", executor=InProcessExecutor())  # the profiler sees this process only
    session = profiler.stop()
    (out_dir / "profile.txt").write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    root = session.root_frame()
    print(json.dumps(summarise(root, session.duration) if root else {"seconds": session.duration}))


if __name__ == "__main__":
    main(sys.argv[1:])
