"""横浜市 行動計画 中間振り返り: reading the printed tables into plain records.

The report prints a 分野 summary table, a measure list (with the 官民データ / 先端技術 再掲 lists in
the same shape) and one detail sheet per measure (declared `headed_sheets`, read by the engine with its
rates and grade; here its indicator rows, one per circled item). What tells the list's printings apart is
their 分野 label, a column or a vertical label whose characters the format layer may read out of order,
matched to the summary table's row names.
"""

from __future__ import annotations

from dataclasses import dataclass

from hyoka.extractors.model import Cell, Document
from hyoka.profiles import spec_profile
from hyoka.specs.group_counts import CrossTabRow, best, group_rows, matched_row
from hyoka.specs.headed_sheets import HeadedSheet, HeadedSheets, headed_sheets
from hyoka.specs.locate import Inventory, Location, leading_number, locate_all
from hyoka.specs.schema import GroupCounts
from hyoka.specs.tables import plain

PROFILE_ID = "yokohama_action_plan_review"
# The declared tables (profiles/yokohama_action_plan_review.yaml) and the check counting the list by 分野.
SUMMARY_NAME = "the 分野 summary 分野別集計"
LIST_NAME = "the measure list 振り返り一覧"
SUMMARY_CHECK = "分野別集計"
# The declared detail sheets (施策 NN | title, 所管局 / 官民データ / 先端技術, the indicator and rate tables).
DETAILS = next(d for d in spec_profile(PROFILE_ID).spec.headed_sheets if d.name == "detail sheet")
# The words and patterns the reading goes by, from the spec's `vocabulary` (each explained there).
VOCABULARY = spec_profile(PROFILE_ID).spec.vocabulary


@dataclass
class ListRow:
    """One row of the measure list or of a 再掲 list."""

    measure_no: str
    title: str
    title_cell: Cell
    departments: Cell | None
    divisions: Cell | None
    rates: dict[int, Cell]  # fiscal year -> 目標達成率 cell
    average: Cell | None
    grade: Cell | None
    group: CrossTabRow | None = None  # the summary row its 分野 label names


@dataclass
class DetailSheet(HeadedSheet):
    """A detail sheet as the engine reads it (`hyoka.specs.headed_sheets`)."""

    @property
    def indicators(self) -> list[list[Cell]]:
        """Its indicator rows (名称, 目標値, 結果), one per circled item."""
        return self.rows("indicators", DETAILS.tables["indicators"])

    @property
    def rates(self) -> dict[int, Cell]:
        """Fiscal year -> its 目標達成率 cell."""
        rates = self.values.get("achievement_rate")
        return rates if isinstance(rates, dict) else {}

    @property
    def measure_no(self) -> str:
        return self.key

    @property
    def title(self) -> str | None:
        """The printed title (without its tag, ＜新規施策＞: the sheet's `tag`)."""
        return self.printed_title

    @property
    def flags(self) -> dict[str, Cell]:
        """Contract flag column -> the cell under its label (官民データ / 先端技術)."""
        return {f: c for f, c in self.fields.items() if f.startswith("flag_")}


@dataclass
class Reading:
    summary: list[CrossTabRow]
    listed: list[ListRow]
    relisted: dict[str, list[ListRow]]  # summary row label -> its rows
    details: list[DetailSheet]
    years: tuple[int, ...]
    problems: list[str]  # beyond the declared tables not found (the inventory says those)
    inventory: Inventory
    # Measures whose detail sheet is headed in the document but was not read: their list/detail checks are unread.
    unread_details: tuple[str, ...] = ()


def read_lists(locations: list[Location]) -> tuple[list[tuple[ListRow, str]], list[Location]]:
    """Every row of every printing of the measure list (the list, then the 再掲 lists), with its 分野 label;
    and the printings that have 目標達成率 columns (headed by a fiscal year, `years` in the spec)."""
    rows: list[tuple[ListRow, str]] = []
    located = []
    for location in locations:
        if not any(part.years for part in location.parts):
            continue  # the measure list's shape without its 目標達成率 columns
        located.append(location)
        number = next(c for c in location.spec.columns if c.role == "measure_no")
        for row in location.rows:
            # A row starts where its title starts (a title merged down several rows is one measure).
            title_cell = row.cell("title")
            numbered = leading_number(row, number) if title_cell is not None and title_cell.row == row.index else None
            if numbered is None:
                continue
            # The 分野: its column, or the group row spanning the list above the row.
            group_cell = row.cell("group_name") or row.group
            list_row = ListRow(
                measure_no=numbered[0],
                title=numbered[1],
                title_cell=title_cell,  # type: ignore[arg-type]
                departments=row.cell("departments"),
                divisions=row.cell("divisions"),
                rates={year.year: cell for year, cell in row.year_cells()},
                average=row.cell("average_achievement_rate"),
                grade=row.cell("grade"),
            )
            rows.append((list_row, plain(group_cell.text) if group_cell is not None else ""))
    return rows, located


def read(
    document: Document,
    located: dict[str, list[Location]] | None = None,
    inventory: Inventory | None = None,
    sheets: HeadedSheets | None = None,
) -> Reading:
    """The report's tables as records; `located`: the declared tables as the spec profile located them
    (else located here), `inventory` the one recording them, `sheets` the detail sheets it read (else read
    here)."""
    profile = spec_profile(PROFILE_ID)
    if located is None:
        located = {name: locate_all(document, spec) for name, spec in profile.tables.items()}
    inventory = inventory or Inventory(tuple(profile.tables.values()))
    sheets = sheets or headed_sheets(document, DETAILS)
    check = profile.spec.checks[SUMMARY_CHECK]
    assert isinstance(check, GroupCounts)
    summary = group_rows(check, best(located[SUMMARY_NAME]))
    rows, lists = read_lists(located[LIST_NAME])
    problems = []
    if located[LIST_NAME] and not lists:
        described = profile.tables[LIST_NAME].describe()
        problems.append(f"{described[0].upper()}{described[1:]} was not found.")
    inventory.record(profile.tables[LIST_NAME], lists)
    # Each row's 分野: the summary row whose name is most like its (possibly scrambled) vertical label.
    for row, label in rows:
        row.group = matched_row(label, summary)
    listed = [row for row, _ in rows if row.group is None or row.group.kind == "part"]
    relisted: dict[str, list[ListRow]] = {}
    for row, _ in rows:
        if row.group is not None and row.group.kind == "relisted":
            relisted.setdefault(row.group.label, []).append(row)
    years = tuple(sorted({y for row in listed for y in row.rates}))
    details = [DetailSheet(**vars(sheet)) for sheet in sheets.sheets]
    if any(len(row.rates) < 2 for row in listed):
        problems.append("A 目標達成率 column of the measure list names a fiscal year that could not be resolved.")
    problems += [
        f"The {s.label} list was not found." for s in summary if s.kind == "relisted" and s.label not in relisted
    ]
    problems += [
        f"A 目標達成率 column of the {label} list names a fiscal year that could not be resolved."
        for label, rows in relisted.items()
        if any(not row.rates for row in rows)
    ]
    return Reading(summary, listed, relisted, details, years, problems, inventory, sheets.unread)
