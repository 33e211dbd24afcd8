"""Year-headed zones of a table: the header band that names fiscal years, and the runs of year
columns under it with the label columns to their left. One mechanism for amount tables (years
across, items down; or, turned, years down), indicator grids and row-per-measure workbooks.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyoka.profiles.generic_grid import Grid, label_key
from hyoka.profiles.generic_vocabulary import (
    AMOUNT_HEADER,
    INDICATOR_HEADER,
    METRIC_WORDS,
    UNIT_HEADER,
    basis_of,
    metric_of,
)
from hyoka.specs.locate import YearBand, value_kind, year_bands
from hyoka.specs.tables import squash

# A header cell is short; a longer text in a row is prose, not a header.
HEADER_LENGTH = 40
ABOVE_BAND = 2  # rows above the year row that may still head it (a block title, a caption row)


@dataclass(frozen=True)
class Period:
    """A year column: its fiscal year, basis (決算, 予算…), metric (実績, 目標…) and header words."""

    col: int
    fiscal_year: int | None
    basis: str | None
    metric: str | None
    header: str


@dataclass(frozen=True)
class Zone:
    """A run of year columns under one header band, with the label columns to its left."""

    grid: Grid
    top: int  # first header row
    body: int  # first row below the header band
    periods: tuple[Period, ...]
    label_cols: tuple[int, ...]

    @property
    def first(self) -> int:
        return self.periods[0].col

    @property
    def last(self) -> int:
        return self.periods[-1].col

    def header(self, col: int) -> str:
        return " ".join(self.grid.column_texts(col, range(self.top, self.body)))

    def words(self) -> str:
        return " ".join(p.header for p in self.periods)

    @property
    def is_indicator_grid(self) -> bool:
        """Years under 実績 / 目標 words with no amount words, or beside an indicator name or 単位 column."""
        words = squash(self.words())
        if AMOUNT_HEADER.search(words):
            return False
        labels = [label_key(self.header(c)) for c in self.label_cols]
        if any(INDICATOR_HEADER.search(k) or k == UNIT_HEADER for k in labels):
            return True
        return any(w in words for w, _ in METRIC_WORDS)


def _header_like(grid: Grid, row: int, length: int = HEADER_LENGTH) -> bool:
    cells = [grid.anchor(row, c) for c in range(grid.n_cols)]
    texts = [c.text for c in cells if c is not None and c.text]
    # A figure, footnoted or not (526,650(526,650)※既存分含む), is a body cell.
    return all(len(squash(t)) <= length and value_kind(t.split("※")[0]) != "number" for t in texts)


def zones(grid: Grid, era: str | None) -> list[Zone]:
    """Every year-headed zone of the grid, top to bottom: the locator's header bands at any depth."""
    return [zone for band in _bands(grid, era) for zone in _zones_in_band(grid, band)]


def eraless_bands(grid: Grid, era: str | None) -> list[YearBand]:
    """The header bands whose bare years (20年度決算) no era reads: the document names none they can be of, and
    more than one makes them run on. What they head is not read."""
    return [band for band in _bands(grid, era) if not band.years]


def _bands(grid: Grid, era: str | None) -> list[YearBand]:
    def opens(row: int) -> bool:
        return _header_like(grid, row) and bool(grid.row_texts(row, range(grid.n_cols)))

    def continues(row: int) -> bool:
        return _header_like(grid, row, 24) and bool(grid.row_texts(row, range(grid.n_cols)))

    return year_bands(grid, opens, continues, era, ABOVE_BAND)


def _zones_in_band(grid: Grid, band: YearBand) -> list[Zone]:
    years = {y.col: y.year for y in band.years}
    periods: list[Period] = []
    for col in range(grid.n_cols):
        texts = grid.column_texts(col, band.rows)
        joined = squash(" ".join(texts))
        if col in years:
            periods.append(Period(col, years[col], basis_of(joined), metric_of(joined), " ".join(texts)))
        elif periods and periods[-1].col == col - 1 and metric_of(joined) == "achievement_rate":
            # 達成率 after R2目標 / R2実績 shares its left neighbour's year.
            periods.append(Period(col, periods[-1].fiscal_year, None, "achievement_rate", " ".join(texts)))
    runs: list[list[Period]] = []
    for period in periods:
        if runs and runs[-1][-1].col == period.col - 1:
            runs[-1].append(period)
        else:
            runs.append([period])
    result = []
    previous_end = -1
    for run in runs:
        labels = tuple(range(previous_end + 1, run[0].col))
        result.append(Zone(grid, band.rows.start, band.rows.stop, tuple(run), labels))
        previous_end = run[-1].col
    return result
