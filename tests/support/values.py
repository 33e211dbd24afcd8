"""Comparing what hyoka wrote with a truth value read by a person."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pandas as pd


def missing(value: Any) -> bool:
    """None or NaN: a cell the output left empty."""
    return value is None or (isinstance(value, float) and pd.isna(value))


def squeeze(value: Any) -> str:
    """Text for comparing: NFKC without any whitespace; a missing value is ''."""
    return "" if missing(value) else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
