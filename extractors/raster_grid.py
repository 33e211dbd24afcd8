"""Ruling lines of a scanned page, found in its image, for the same grid code as vector rules.

A scan has no drawn strokes: its table rules are dark pixel runs. Morphological opening with
a long thin kernel keeps only runs at least that long in one direction, which removes the
strokes of characters (short) and leaves the rules; each remaining connected run becomes one
segment. Lengths are physical (millimetres at the image's resolution), so the detection
holds at any scan resolution.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

MM_PER_INCH = 25.4
# Ink blobs smaller than this many pixels are scan noise, not print.
_SPECK_PIXELS = 3
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class RuleSettings:
    """What counts as a ruling line in a page image, in millimetres on paper."""

    # A dark run shorter than this is part of a character (一 at 12 pt is about 4 mm), not a rule.
    min_rule_mm: float = 6.0
    # A rule is at most this thick; a thicker dark region is a filled box or a picture.
    max_thickness_mm: float = 1.2
    # Local threshold window for binarising (uneven lighting of a scan): about one text line.
    threshold_window_mm: float = 5.0


@dataclass(frozen=True)
class RasterRule:
    """One ruling line in page points (origin top-left): horizontal when top == bottom."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


def detect_rules(gray: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings | None = None) -> list[RasterRule]:
    """Horizontal and vertical ruling lines of a grayscale page image rendered at `dpi`."""
    scale = POINTS_PER_INCH / dpi
    rules: list[RasterRule] = []
    for horizontal, x, y, w, h in _rules(_ink(gray, dpi, settings or RuleSettings()), dpi, settings)[0]:
        if horizontal:
            at = (y + h / 2) * scale
            rules.append(RasterRule(x * scale, at, (x + w) * scale, at))
        else:
            at = (x + w / 2) * scale
            rules.append(RasterRule(at, y * scale, at, (y + h) * scale))
    return rules


def ink_without_rules(
    gray: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings | None = None
) -> npt.NDArray[np.uint8]:
    """The page as black ink on white with its ruling lines removed, for OCR: a rule beside a
    figure is otherwise read as a character (| or 1) glued to it, and a shaded cell's grey
    background as noise around its digits."""
    ink = _ink(gray, dpi, settings or RuleSettings())
    _, rules = _rules(ink, dpi, settings)
    ink[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 0
    # A scanner's specks (a pixel or two) are read as stray marks; a printed 。 or ゛ is larger.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < _SPECK_PIXELS)
    ink[np.isin(labels, specks[specks > 0])] = 0
    return cv2.bitwise_not(ink)


def _ink(gray: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings) -> npt.NDArray[np.uint8]:
    """Dark pixels (255) against their neighbourhood: a local threshold copes with uneven scans and shading."""
    window = max(3, int(settings.threshold_window_mm * dpi / MM_PER_INCH) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, 15)


def _rules(
    ink: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings | None
) -> tuple[list[tuple[bool, int, int, int, int]], npt.NDArray[np.uint8]]:
    """(horizontal?, x, y, w, h) in pixels of every ruling line in the ink mask, and their pixels.

    Dotted rules are not found: closing their gaps also joins the aligned horizontal strokes
    of a line of kanji into thin false rules through the text.
    """
    settings = settings or RuleSettings()
    px_per_mm = dpi / MM_PER_INCH
    length = max(3, round(settings.min_rule_mm * px_per_mm))
    max_thickness = max(2.0, settings.max_thickness_mm * px_per_mm)
    boxes: list[tuple[bool, int, int, int, int]] = []
    pixels = np.zeros_like(ink)
    for horizontal in (True, False):
        along = (lambda n: (n, 1)) if horizontal else (lambda n: (1, n))
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along(length)))
        # A rule broken by a scan's speckle or a slight residual skew is one rule: bridge short gaps.
        runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, along(3)))
        count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        accepted = [
            index
            for index, (_, _, w, h, _) in enumerate(stats[1:count], start=1)
            if ((h, w) if horizontal else (w, h))[0] <= max_thickness and max(w, h) >= length
        ]
        boxes += [(horizontal, *(int(v) for v in stats[index][:4])) for index in accepted]
        pixels[np.isin(labels, accepted) & (runs > 0)] = 255
    return boxes, pixels
