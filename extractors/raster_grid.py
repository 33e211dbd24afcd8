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
# A blob up to this wide (mm) is a speck when no other ink is within _SPECK_ISOLATION_MM of it;
# a decimal point, 、 or ゛ is as small but sits next to its characters.
_SPECK_MM = 0.4
_SPECK_ISOLATION_MM = 0.5
POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class RuleSettings:
    """What counts as a ruling line in a page image, in millimetres on paper."""

    # A dark run shorter than this is part of a character (一 at 12 pt is about 4 mm), not a rule.
    min_rule_mm: float = 6.0
    # ...unless it runs from one rule to another: the short divider of a sub-row (うち… under その他).
    min_joining_rule_mm: float = 2.0
    # Its ends reach into the rules it joins; a glyph's stroke (the bar of 千 in a narrow cell) stops short.
    joining_reach_mm: float = 0.25
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
    # A scanner's specks are read as stray marks (。 ・ :) around the words: a pixel or two always,
    # and a small blob (speckle on a shaded cell, spread by a turn of the page) when it stands alone.
    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    px_per_mm = dpi / MM_PER_INCH
    areas = stats[:, cv2.CC_STAT_AREA]
    areas[0] = np.iinfo(areas.dtype).max  # the background is no speck
    small = areas < max(_SPECK_PIXELS, round((_SPECK_MM * px_per_mm) ** 2))
    small_mask = small[labels]
    reach = 2 * max(1, round(_SPECK_ISOLATION_MM * px_per_mm)) + 1  # a square of that radius
    near_print = cv2.dilate(np.where(small_mask, 0, ink).astype(np.uint8), np.ones((reach, reach), np.uint8)) > 0
    speck = small & (areas >= 0)
    speck[np.unique(labels[small_mask & near_print])] = False  # a small blob beside print is print
    speck[areas < _SPECK_PIXELS] = True
    ink[speck[labels]] = 0
    return cv2.bitwise_not(ink)


def _ink(gray: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings) -> npt.NDArray[np.uint8]:
    """Dark pixels (255) against their neighbourhood: a local threshold copes with uneven scans and shading."""
    window = max(3, int(settings.threshold_window_mm * dpi / MM_PER_INCH) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, window, 15)


def _rules(
    ink: npt.NDArray[np.uint8], dpi: float, settings: RuleSettings | None
) -> tuple[list[tuple[bool, int, int, int, int]], npt.NDArray[np.uint8]]:
    """(horizontal?, x, y, w, h) in pixels of every ruling line in the ink mask, and their pixels.

    A dashed rule is found too: its dashes joined into one run with nothing printed just above
    and below it, which tells it from the aligned strokes of a line of kanji joined the same way.
    """
    settings = settings or RuleSettings()
    px_per_mm = dpi / MM_PER_INCH
    length = max(3, round(settings.min_rule_mm * px_per_mm))
    short = max(3, round(settings.min_joining_rule_mm * px_per_mm))
    max_thickness = max(2.0, settings.max_thickness_mm * px_per_mm)
    long_runs = {horizontal: _Runs(ink, horizontal, length, max_thickness) for horizontal in (True, False)}
    boxes: list[_Box] = []
    pixels = np.zeros_like(ink)
    for horizontal in (True, False):
        runs = long_runs[horizontal]
        dashed, dashed_pixels = _dashed_rules(ink, horizontal, settings, dpi)
        runs.boxes += dashed
        boxes += runs.boxes
        pixels |= runs.mask(runs.labels_kept) | dashed_pixels
        # A short run (not part of a long one) counts when both its ends meet a long rule across it.
        candidates = _Runs(ink, horizontal, short, max_thickness)
        joining = [
            (box, label)
            for box, label in zip(candidates.boxes, candidates.labels_kept, strict=True)
            if not pixels[box[2] + box[4] // 2, box[1] + box[3] // 2]
            and _joins(box, long_runs[not horizontal].boxes, max(2.0, settings.joining_reach_mm * px_per_mm))
        ]
        boxes += [box for box, _ in joining]
        pixels |= candidates.mask([label for _, label in joining])
    return boxes, pixels


_Box = tuple[bool, int, int, int, int]  # (horizontal?, x, y, w, h) in pixels
# A dash is at least this long and the gaps between dashes at most this long (mm).
_DASH_MM = 0.6
_DASH_GAP_MM = 1.5
# A dashed rule is at least this long (it crosses a cell, not a word) ...
_MIN_DASHED_RULE_MM = 20.0
# ... and has ink in at most this share of its length within _DASHED_CLEAR_MM above and below it.
_DASHED_CLEAR_MM = 0.8
_DASHED_MAX_NEIGHBOUR_INK = 0.1
# Ink along more than this share of its length is a solid rule.
_SOLID_SHARE = 0.95


def _dashed_rules(
    ink: npt.NDArray[np.uint8], horizontal: bool, settings: RuleSettings, dpi: float
) -> tuple[list[_Box], npt.NDArray[np.uint8]]:
    """Dashed ruling lines in one direction: boxes (pixels) and their pixels."""
    if not horizontal:  # the same search on the page turned a quarter
        boxes, pixels = _dashed_rules(np.ascontiguousarray(ink.T), True, settings, dpi)
        return [(False, y, x, h, w) for _, x, y, w, h in boxes], np.ascontiguousarray(pixels.T)
    px_per_mm = dpi / MM_PER_INCH
    max_thickness = max(2.0, settings.max_thickness_mm * px_per_mm)
    dashes = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(2, round(_DASH_MM * px_per_mm)), 1))
    )
    gap = max(2, round(_DASH_GAP_MM * px_per_mm))
    joined = cv2.morphologyEx(dashes, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    clear = max(2, round(_DASHED_CLEAR_MM * px_per_mm))
    boxes: list[_Box] = []
    pixels = np.zeros_like(ink)
    for index in range(1, count):
        x, y, w, h, _ = (int(v) for v in stats[index])
        if w < _MIN_DASHED_RULE_MM * px_per_mm or h > max_thickness:
            continue
        above = ink[max(0, y - clear) : max(0, y - 1), x : x + w].any(axis=0)
        below = ink[y + h + 1 : y + h + clear, x : x + w].any(axis=0)
        if max(above.mean() if above.size else 0.0, below.mean() if below.size else 0.0) > _DASHED_MAX_NEIGHBOUR_INK:
            continue
        if ink[y : y + h, x : x + w].any(axis=0).mean() > _SOLID_SHARE:  # a solid rule: found as one run
            continue
        boxes.append((True, x, y, w, h))
        pixels[y : y + h, x : x + w] = 255
    return boxes, pixels


class _Runs:
    """The dark runs of an ink mask at least `length` pixels long in one direction, at most `max_thickness` thick."""

    def __init__(self, ink: npt.NDArray[np.uint8], horizontal: bool, length: int, max_thickness: float) -> None:
        along = (length, 1) if horizontal else (1, length)
        runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, along))
        # A rule broken by a scan's speckle or a slight residual skew is one rule: bridge short gaps.
        runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1) if horizontal else (1, 3)))
        count, self._labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        self._runs = runs
        self.labels_kept = [
            index
            for index, (_, _, w, h, _) in enumerate(stats[1:count], start=1)
            if ((h, w) if horizontal else (w, h))[0] <= max_thickness and max(w, h) >= length
        ]
        self.boxes: list[_Box] = [(horizontal, *(int(v) for v in stats[index][:4])) for index in self.labels_kept]

    def mask(self, labels: list[int]) -> npt.NDArray[np.uint8]:
        """The pixels of the given runs, 255 on 0."""
        return np.where(np.isin(self._labels, labels) & (self._runs > 0), 255, 0).astype(np.uint8)


def _joins(box: _Box, across: list[_Box], tolerance: float) -> bool:
    """True when both ends of the run `box` touch a run of `across` (the other direction)."""
    horizontal, x, y, w, h = box
    if horizontal:
        ends, middle = ((x, x + w), y + h / 2)
    else:
        ends, middle = ((y, y + h), x + w / 2)

    def touches(end: float) -> bool:
        for _, ax, ay, aw, ah in across:
            along_start, along_size, at_start, at_size = (ay, ah, ax, aw) if horizontal else (ax, aw, ay, ah)
            if along_start - tolerance <= middle <= along_start + along_size + tolerance and (
                at_start - tolerance <= end <= at_start + at_size + tolerance
            ):
                return True
        return False

    return touches(ends[0]) and touches(ends[1])


def straightened(gray: npt.NDArray[np.uint8], dpi: float) -> npt.NDArray[np.uint8]:
    """The page image turned so that its rules run straight (a sheet fed crooked through a scanner)."""
    angle = skew_degrees(gray, dpi)
    if abs(angle) < _SKEW_STEP_DEGREES / 2:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_CUBIC, borderValue=255)


# Skew is looked for within this many degrees, to this precision.
_MAX_SKEW_DEGREES = 4.0
_SKEW_STEP_DEGREES = 0.05
# Resolution the skew is measured at: a rule is still a few pixels thick, the search stays fast.
_SKEW_DPI = 100.0


def skew_degrees(gray: npt.NDArray[np.uint8], dpi: float) -> float:
    """The angle (counter-clockwise, degrees) that makes the page's rows of ink most sharply
    horizontal: the projection of a straight page has narrow peaks at its rules and text lines,
    a crooked page smears them. Deterministic, so the OCR image and the page image turn alike."""
    factor = min(1.0, _SKEW_DPI / dpi)
    small = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    height, width = ink.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, angle, 1.0), (width, height))
        profile = turned.sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-_MAX_SKEW_DEGREES, _MAX_SKEW_DEGREES + 1e-9, 0.25)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, _SKEW_STEP_DEGREES)
    return round(float(max(fine, key=sharpness)), 2)
