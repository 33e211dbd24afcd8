"""The `ocr` flag of every contract row's evidence: the row rests on a page read by OCR.

A row of `grades` or `checks` rests on its inputs too: a recomputation from one misread
digit is as uncertain as a misread stated figure, so it is flagged when any input was OCR'd.
"""

from __future__ import annotations

import json

import pandas as pd


def mark_ocr(frame: pd.DataFrame, ocr_pages: set[int]) -> None:
    """Sets `ocr` on each row of `frame` (in place): True when its page, or a page of its inputs, was OCR'd."""
    if frame.empty or "page" not in frame.columns:
        return
    flagged = frame["page"].isin(ocr_pages)
    if "inputs_evidence" in frame.columns:
        flagged |= frame["inputs_evidence"].map(lambda text: _inputs_on(text, ocr_pages)).astype(bool)
    frame["ocr"] = flagged.astype(bool)


def _inputs_on(inputs_evidence: object, ocr_pages: set[int]) -> bool:
    if not isinstance(inputs_evidence, str) or not inputs_evidence:
        return False
    return any(place.get("page") in ocr_pages for place in json.loads(inputs_evidence))
