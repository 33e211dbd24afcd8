"""Library warnings (pdfminer's log, openpyxl's `warnings.warn`) collected per document, not printed.

A warning about one file belongs in that file's entry of run_report.json; on the console it
is noise between progress lines, and users read it as an error.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

# One library can repeat a warning per object; the report keeps the first few kinds.
MAX_KINDS = 20


class _Collector(logging.Handler):
    def __init__(self, counts: Counter[str]) -> None:
        super().__init__(logging.WARNING)
        self.counts = counts

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[_one_line(f"{record.name}: {record.getMessage()}")] += 1


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]


@contextmanager
def collected() -> Iterator[dict[str, int]]:
    """Within the block, warnings and log records of WARNING and above are counted into the dict it yields."""
    counts: Counter[str] = Counter()
    report: dict[str, int] = {}
    root = logging.getLogger()
    handler = _Collector(counts)
    # Records must reach the root logger's handler and never the last-resort handler (stderr).
    previous_level, previous_last_resort = root.level, logging.lastResort
    root.addHandler(handler)
    root.setLevel(min(previous_level, logging.WARNING) if previous_level else logging.WARNING)
    logging.lastResort = None
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield report
        for warning in caught:
            counts[_one_line(f"{warning.category.__name__}: {warning.message}")] += 1
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        logging.lastResort = previous_last_resort
        report.update(dict(counts.most_common(MAX_KINDS)))
