"""The table locator on tables built in memory: one logical table printed many ways reads the same."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.audit.engine import evaluate
from hyoka.audit.rules import Figure, FigureCase, FigureRule, Where
from hyoka.extractors.model import Cell, Document, Evidence, Table
from hyoka.specs.locate import (
    ALIGN_TOLERANCE,
    Column,
    Inventory,
    Location,
    TableSpec,
    header_years,
    locate,
    locate_all,
    year_bands,
)
from tests.specs.printed import cell, page, pdf, pdf_table, sheet_table, text_block, workbook

SPEC = TableSpec(
    "the grade list",
    (
        Column("number", ("P.", "No.")),
        Column("name", ("システム名",)),
        Column("department", ("主担当課", "担当課"), required=False),
        Column("final", ("総括",), required=False, whole=True),
    ),
    key="number",
    years=True,
)


@dataclass(frozen=True)
class Printed:
    """A column as printed: its header words (top row first) and its data cells."""

    header: tuple[str, ...]
    values: tuple[str, ...]
    is_year: bool = False


@dataclass(frozen=True)
class Logical:
    """What the table says: its rows, and the group label each row falls under."""

    numbers: tuple[str, ...]
    names: tuple[str, ...]
    departments: tuple[str, ...]
    years: tuple[tuple[str, tuple[str, ...]], ...]  # (header, grades)
    finals: tuple[str, ...]
    groups: tuple[tuple[int, str], ...]  # (first row under the group, its label)


@st.composite
def logical_tables(draw: st.DrawFn) -> Logical:
    n = draw(st.integers(min_value=2, max_value=9))
    grade = st.sampled_from(["Ａ", "Ｂ", "C", "D", "-"])
    starts = sorted(draw(st.sets(st.integers(min_value=1, max_value=n - 1), max_size=2)) | {0})
    years = draw(st.sampled_from([("R3",), ("R1", "R2", "R3"), ("令和2年度", "令和3年度")]))
    return Logical(
        numbers=tuple(str(10 + i) for i in range(n)),
        names=tuple(f"システム{i}" for i in range(n)),
        departments=tuple(f"課{i % 3}" for i in range(n)),
        years=tuple((y, tuple(draw(grade) for _ in range(n))) for y in years),
        finals=tuple(draw(grade) for _ in range(n)),
        groups=tuple((s, f"ビジョン{k + 1}. 施策の柱{k + 1}") for k, s in enumerate(starts)),
    )


def printed_columns(logical: Logical, *, number_header: str, name_header: str) -> list[Printed]:
    return [
        Printed((number_header,), logical.numbers),
        Printed((name_header,), logical.names),
        Printed(("主担当課",), logical.departments),
        *(Printed(("評価結果", year), grades, is_year=True) for year, grades in logical.years),
        Printed(("評価結果", "総括"), logical.finals),
    ]


@dataclass
class Layout:
    """How one edition prints the table."""

    order: tuple[int, ...]  # column permutation
    two_header_rows: bool
    title_row: bool
    extra_column: bool
    drop_department: bool
    split_at: int | None  # data row where a page break falls
    repeat_header: bool
    group_rows: bool
    merged_groups: bool = True  # a group row printed as one merged cell, or in its first cell alone
    # A group starting where the page breaks is printed at the foot of the page before, or above the
    # repeated header (else under it, or at the top of the page).
    group_at_foot: bool = False
    group_above_header: bool = False


class TableWriter:
    """Cells of one printed table, row by row, with evidence on a page."""

    def __init__(self, page: int, n_cols: int) -> None:
        self.page, self.n_cols, self.cells, self.row = page, n_cols, list[Cell](), 0

    def add(self, col: int, text: str, *, row_span: int = 1, col_span: int = 1, header: bool = False) -> None:
        top = 60.0 + 20 * self.row
        box = (40.0 + 60 * col, top, 40.0 + 60 * (col + col_span), top + 20 * row_span)
        self.cells.append(
            cell(
                self.row,
                col,
                text,
                row_span=row_span,
                col_span=col_span,
                header=header,
                evidence=Evidence(self.page, box),
            )
        )

    def header(self, columns: list[Printed], two_rows: bool) -> None:
        if not two_rows:
            for c, column in enumerate(columns):
                self.add(c, column.header[-1], header=True)
            self.row += 1
            return
        c = 0
        while c < len(columns):
            column = columns[c]
            if len(column.header) == 1:
                self.add(c, column.header[0], row_span=2, header=True)
                c += 1
                continue
            run = c
            while run < len(columns) and columns[run].header[0] == column.header[0]:
                run += 1
            self.add(c, column.header[0], col_span=run - c, header=True)
            c = run
        self.row += 1
        for c, column in enumerate(columns):
            if len(column.header) > 1:
                self.add(c, column.header[-1], header=True)
        self.row += 1

    def table(self, table_id: str, *, to_the_foot: bool = False) -> Table:
        """The table so far; `to_the_foot`: it runs to the foot of its page (a page break follows)."""
        bottom = 790.0 if to_the_foot else 60.0 + 20 * self.row
        return Table(
            table_id,
            self.cells,
            self.row,
            self.n_cols,
            pages=[self.page],
            bboxes={self.page: (40.0, 60.0, 40.0 + 60 * self.n_cols, bottom)},
        )


def print_edition(logical: Logical, layout: Layout) -> Document:
    printed = printed_columns(logical, number_header="Ｐ.", name_header="システム\n名")
    columns = [printed[i] for i in layout.order]
    if layout.drop_department:
        columns = [c for c in columns if c.header != ("主担当課",)]
    if layout.extra_column:
        columns.insert(1, Printed(("備考",), tuple("" for _ in logical.numbers)))
    group_at = dict(logical.groups)
    n = len(logical.numbers)
    split = layout.split_at if layout.split_at is not None and 0 < layout.split_at < n else None
    writer = TableWriter(1, len(columns))
    if layout.title_row:
        writer.add(0, "表４－１ 令和３年度進捗状況評価結果一覧", col_span=len(columns))
        writer.row += 1
    writer.header(columns, layout.two_header_rows)
    tables: list[Table] = []
    for i in range(n):
        group_here = layout.group_rows and i in group_at
        if i == split:
            if group_here and layout.group_at_foot:
                writer.add(0, group_at[i], col_span=len(columns) if layout.merged_groups else 1)
                writer.row += 1
                group_here = False
            tables.append(writer.table(f"p{writer.page}-1", to_the_foot=True))
            writer = TableWriter(writer.page + 1, len(columns))
            if group_here and layout.group_above_header:
                writer.add(0, group_at[i], col_span=len(columns) if layout.merged_groups else 1)
                writer.row += 1
                group_here = False
            if layout.repeat_header:
                writer.header(columns, layout.two_header_rows)
        if group_here:
            writer.add(0, group_at[i], col_span=len(columns) if layout.merged_groups else 1)
            writer.row += 1
        for c, column in enumerate(columns):
            writer.add(c, column.values[i])
        writer.row += 1
    tables.append(writer.table(f"p{writer.page}-1"))
    # Each page numbered at its foot (－1－), a running text.
    return pdf(*(page(t.pages[0], [t], [text_block(f"－{t.pages[0]}－", 820, page=t.pages[0])]) for t in tables))


def reading(location: Location) -> list[tuple[object, ...]]:
    """The located rows as facts: key, name, department, group label, year grades, final grade."""
    rows = []
    for row in location.rows:
        department = row.cell("department")
        final = row.cell("final")
        rows.append(
            (
                row.cell("number").text,  # type: ignore[union-attr]
                row.cell("name").text,  # type: ignore[union-attr]
                department.text if department is not None else None,
                row.group.text if row.group is not None else None,
                tuple((year.year, cell.text) for year, cell in row.year_cells()),
                final.text if final is not None else None,
            )
        )
    return rows


def expected(logical: Logical, layout: Layout) -> list[tuple[object, ...]]:
    year_of = {"R1": 2019, "R2": 2020, "R3": 2021, "令和2年度": 2020, "令和3年度": 2021}
    groups = dict(logical.groups)
    label = None
    rows = []
    for i, number in enumerate(logical.numbers):
        label = groups.get(i, label) if layout.group_rows else None
        rows.append(
            (
                number,
                logical.names[i],
                None if layout.drop_department else logical.departments[i],
                label,
                tuple((year_of[y], grades[i]) for y, grades in logical.years),
                logical.finals[i],
            )
        )
    return rows


PLAIN = Layout((0, 1, 2, 3, 4), False, False, False, False, None, False, False)


@st.composite
def layouts(draw: st.DrawFn, width: int) -> Layout:
    return Layout(
        order=tuple(draw(st.permutations(range(width)))),
        two_header_rows=draw(st.booleans()),
        title_row=draw(st.booleans()),
        extra_column=False,
        drop_department=draw(st.booleans()),
        split_at=draw(st.one_of(st.none(), st.integers(min_value=1, max_value=8))),
        repeat_header=draw(st.booleans()),
        group_rows=draw(st.booleans()),
        merged_groups=draw(st.booleans()),
        group_at_foot=draw(st.booleans()),
        group_above_header=draw(st.booleans()),
    )


def _width(logical: Logical) -> int:
    return 4 + len(logical.years)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_printing_of_the_table_gives_the_same_rows(data: st.DataObject) -> None:
    logical = data.draw(logical_tables())
    layout = data.draw(layouts(_width(logical)))
    document = print_edition(logical, layout)
    location = locate(document, SPEC)
    assert location is not None
    assert reading(location) == expected(logical, layout)
    assert location.header_rows == (2 if layout.two_header_rows else 1)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_permuted_columns_give_the_same_mapping(data: st.DataObject) -> None:
    logical = data.draw(logical_tables())
    order = tuple(data.draw(st.permutations(range(_width(logical)))))
    layout = Layout(order, True, False, False, False, None, False, True)
    location = locate(print_edition(logical, layout), SPEC)
    assert location is not None
    in_order = Layout(tuple(range(_width(logical))), True, False, False, False, None, False, True)
    natural = locate(print_edition(logical, in_order), SPEC)
    assert natural is not None
    # The same role lands on the column that now prints it.
    for role, col in natural.columns.items():
        assert location.columns[role] == order.index(col)
    assert reading(location) == reading(natural)


def test_a_group_row_under_the_header_is_no_header_row() -> None:
    logical = Logical(
        ("10", "11"), ("甲", "乙"), ("課", "課"), (("R3", ("Ａ", "Ｂ")),), ("Ａ", "Ａ"), ((0, "ビジョン1"),)
    )
    layout = Layout((0, 1, 2, 3, 4), True, False, False, False, None, False, True)
    location = locate(print_edition(logical, layout), SPEC)
    assert location is not None
    assert location.header_rows == 2
    assert [r.group.text for r in location.rows if r.group is not None] == ["ビジョン1", "ビジョン1"]
    assert location.years[0].year == 2021


def test_extra_columns_are_ignored_and_the_choice_is_explained() -> None:
    logical = Logical(
        ("10", "11"), ("甲", "乙"), ("課", "課"), (("R3", ("Ａ", "Ｂ")),), ("Ａ", "Ａ"), ((0, "ビジョン1"),)
    )
    layout = Layout((4, 3, 2, 1, 0), False, True, True, False, None, False, False)
    location = locate(print_edition(logical, layout), SPEC)
    assert location is not None
    assert reading(location) == expected(logical, layout)
    assert "title row" in location.reasons[0]


def test_a_table_without_a_required_column_is_not_found_and_is_reported() -> None:
    logical = Logical(("10",), ("甲",), ("課",), (("R3", ("Ａ",)),), ("Ａ",), ())
    document = print_edition(logical, PLAIN)
    other = TableSpec("the budget table", (Column("budget", ("予算額",)),), key="budget")
    assert locate_all(document, other) == []
    inventory = Inventory((SPEC, other))
    assert inventory.locate(document, SPEC) is not None
    assert inventory.locate(document, other) is None
    assert inventory.problems() == ["The budget table (予算額) was not found."]
    assert inventory.unread(SPEC) is None
    # Named by its key column's words, the table declaring no label of its own.
    assert inventory.unread(SPEC, other) == "「予算額」の表を読めていない"
    labelled = replace(other, label="予算表")  # the auditor's name for it, as a spec declares it
    assert Inventory((labelled,)).unread(labelled) == "予算表を読めていない"
    # A check over the unread table: not computable for that reason, never a mismatch against nothing.
    rule = FigureRule("series.total", "total", "the stated total = the sum of the budget table", "sum")
    stated = Figure(100.0, "100", Where(page=1))
    partial_inputs = (Figure(40.0, "40", Where(page=1)),)  # what little was read would give a mismatch
    assert evaluate([FigureCase(rule, "total", stated, partial_inputs, "total")])[1][0]["status"] == "mismatch"
    case = FigureCase(rule, "total", stated, partial_inputs, "total", unread=inventory.unread(other))
    _, (check,) = evaluate([case])
    assert check["status"] == "not_computable"
    assert check["detail"].endswith("：計算できない：「予算額」の表を読めていない")


def test_a_split_table_is_continued_only_across_a_page_break_with_nothing_between() -> None:
    logical = Logical(("10", "11", "12"), ("甲", "乙", "丙"), ("課",) * 3, (("R3", ("Ａ",) * 3),), ("Ａ",) * 3, ())
    layout = Layout((0, 1, 2, 3, 4), False, False, False, False, 2, False, False)
    document = print_edition(logical, layout)
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == ["10", "11", "12"]  # type: ignore[union-attr]
    # A heading printed above the second part: it is another table, not a continuation.
    document.pages[1].text_blocks.append(text_block("参考資料", 200, page=2))
    document.pages[1].tables[0].bboxes[2] = (40.0, 230.0, 340.0, 400.0)
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == ["10", "11"]  # type: ignore[union-attr]
    # A first part ending halfway down its page: the table ended there, the next page starts another.
    document.pages[1].text_blocks.pop()
    document.pages[1].tables[0].bboxes[2] = (40.0, 60.0, 340.0, 400.0)
    document.pages[0].tables[0].bboxes[1] = (40.0, 60.0, 340.0, 400.0)
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == ["10", "11"]  # type: ignore[union-attr]


def test_a_workbook_header_over_three_rows_names_years_in_any_row() -> None:
    """A title row, then 事業名 over three rows, a year merged over 予算 / 決算, units in the lowest row."""
    rows = [
        ["事業一覧", None, None, None, None, None],
        ["", "事業名", "令和2年度", None, "令和 3 年度", None],  # a blank column inserted at A
        [None, None, "予算", "決算", "予算", "決算"],
        [None, None, "（千円）", "（千円）", "（千円）", "（千円）"],
        ["", "事業甲", "1,000", "900", "1,100", "1,000"],
    ]
    document = workbook(sheet_table("s1", rows, sheet="Sheet1", down={(1, 0): 3, (1, 1): 3}), sheet="Sheet1")
    spec = TableSpec("the project list", (Column("name", ("事業名",)),), key="name", years=True)
    location = locate(document, spec)
    assert location is not None
    assert location.header_rows == 3
    assert location.columns == {"name": 1}
    assert [(y.year, y.col) for y in location.years] == [(2020, 2), (2020, 3), (2021, 4), (2021, 5)]
    assert [r.cell("name").text for r in location.rows] == ["事業甲"]  # type: ignore[union-attr]


def _one_row_table(headers: list[str], values: list[str]) -> Document:
    return workbook(sheet_table("s1", [headers, values], sheet="Sheet1", header_rows=1), sheet="Sheet1")


def test_bare_years_are_read_in_the_era_that_makes_them_run_on() -> None:
    """30年度 | 元年度: 平成30 then 令和元 (2018, 2019), the one era reading in which the years follow each other."""
    spec = TableSpec("the measure list", (Column("name", ("施策名",)),), key="name", years=True)
    document = _one_row_table(
        ["施策名", "30年度目標達成率", "元年度目標達成率", "進捗評価"], ["甲", "100%", "40%", "C"]
    )
    location = locate(document, spec)
    assert location is not None
    assert [(y.year, y.col) for y in location.years] == [(2018, 1), (2019, 2)]
    # A bare year alone could be of any era: it is left unread rather than guessed.
    alone = locate(_one_row_table(["施策名", "30年度"], ["甲", "100%"]), spec)
    assert alone is not None and alone.years == []


def test_a_sentence_containing_a_header_word_names_no_column() -> None:
    """A label/value sheet whose text mentions Ｐ. and システム名 is no grade list."""
    document = _one_row_table(
        ["システム名", "詳細はＰ.12の表を参照し、担当課と調整のうえ令和3年度中に改修を完了する予定である。"],
        ["担当課名", "デジタル戦略課"],
    )
    assert locate_all(document, SPEC) == []


def test_a_group_printed_where_the_page_breaks_opens_the_rows_after_it() -> None:
    logical = Logical(
        ("10", "11", "12", "13"), ("甲", "乙", "丙", "丁"), ("課",) * 4, (("R3", ("Ａ",) * 4),), ("Ａ",) * 4,
        ((0, "ビジョン1"), (2, "ビジョン2")),
    )  # fmt: skip
    for merged, at_foot, repeated in itertools.product((True, False), repeat=3):
        layout = Layout(
            (0, 1, 2, 3, 4), True, False, False, False, 2, repeated, True, merged, at_foot, group_above_header=True
        )
        location = locate(print_edition(logical, layout), SPEC)
        assert location is not None
        assert reading(location) == expected(logical, layout)
        assert [r.group.text for r in location.rows] == ["ビジョン1", "ビジョン1", "ビジョン2", "ビジョン2"]  # type: ignore[union-attr]
        assert ("the header repeated" if repeated else "no header") in location.reasons[1]


def test_a_continuation_ruled_without_an_empty_column_is_read_by_the_columns_left_edges() -> None:
    # 主担当課 printed first, empty on the second page and not ruled there: that part has a column less.
    logical = Logical(
        ("10", "11", "12"), ("甲", "乙", "丙"), ("課", "", ""), (("R3", ("Ａ", "Ｂ", "Ｃ")),), ("Ａ",) * 3, ()
    )
    document = print_edition(logical, Layout((2, 0, 1, 3, 4), False, False, False, False, 2, False, False))
    continued = document.pages[1].tables[0]
    continued.cells = [replace(c, col=c.col - 1) for c in continued.cells if c.col > 0]
    continued.n_cols -= 1
    location = locate(document, SPEC)
    assert location is not None
    assert [(r.cell("number").text, r.cell("name").text) for r in location.rows] == [  # type: ignore[union-attr]
        ("10", "甲"),
        ("11", "乙"),
        ("12", "丙"),
    ]
    assert [[(y.year, c.text) for y, c in r.year_cells()] for r in location.rows] == [
        [(2021, "Ａ")],
        [(2021, "Ｂ")],
        [(2021, "Ｃ")],
    ]
    assert location.rows[2].cell("department") is None
    assert "columns matched by their left edges" in location.reasons[1]
    # Columns that no longer line up are no continuation: the second page's rows are not taken for the table's.
    continued.cells = [replace(c, evidence=Evidence(page=2, bbox=(0.0, 0.0, 1.0, 1.0))) for c in continued.cells]
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == ["10", "11"]  # type: ignore[union-attr]


def test_bare_years_of_either_era_are_read_nearest_the_reports_own_year() -> None:
    """3年度 | 4年度 run on in 平成 and in 令和 alike: the report's fiscal year (2022) decides, 令和."""
    spec = TableSpec("the indicator table", (Column("name", ("評価指標",)),), key="name", years=True)
    document = _one_row_table(["評価指標", "3年度", "4年度"], ["甲", "10件", "12件"])
    unanchored = locate(document, spec)
    assert unanchored is not None and unanchored.years == []
    anchored = locate(document, spec, anchor=2022)
    assert anchored is not None
    assert [(y.year, y.col) for y in anchored.years] == [(2021, 1), (2022, 2)]
    # A bare year alone: the era nearest the report's year (平成30 for a report of 令和元年度).
    alone = locate(_one_row_table(["評価指標", "30年度"], ["甲", "100%"]), spec, anchor=2019)
    assert alone is not None and [y.year for y in alone.years] == [2018]
    # A year printed with its era is read as printed, whatever the anchor.
    printed = locate(_one_row_table(["評価指標", "平成3年度", "4年度"], ["甲", "1", "2"]), spec, anchor=2022)
    assert printed is not None and [y.year for y in printed.years] == [1991, 1992]


def test_without_the_reports_year_bare_years_are_read_in_the_era_the_document_prints_them_with() -> None:
    """3年度 | 4年度 run on in 平成 and in 令和 alike; a detail table headed 令和3年度 / 令和4年度 says 令和."""
    spec = TableSpec("the indicator table", (Column("name", ("評価指標",)),), key="name", years=True)
    document = _one_row_table(["評価指標", "3年度", "4年度"], ["甲", "10件", "12件"])
    detail = _one_row_table(["令和3年度目標達成率", "令和4年度目標達成率"], ["120%", "80%"]).sheets[0].tables[0]
    document.sheets[0].tables.append(replace(detail, table_id="s2"))
    location = locate(document, spec)
    assert location is not None
    assert [(y.year, y.col) for y in location.years] == [(2021, 1), (2022, 2)]
    # Printed with their era in neither reading (平成3年度 / 令和4年度 only): the bare years stay unread.
    other = _one_row_table(["平成3年度目標達成率", "令和4年度目標達成率"], ["120%", "80%"]).sheets[0].tables[0]
    document.sheets[0].tables[1] = replace(other, table_id="s2")
    unresolved = locate(document, spec)
    assert unresolved is not None and unresolved.years == []


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_a_headerless_table_of_the_same_width_continues_only_with_aligned_columns_or_values_of_their_kinds(
    data: st.DataObject,
) -> None:
    logical = data.draw(logical_tables())
    split = data.draw(st.integers(min_value=1, max_value=len(logical.numbers) - 1))
    layout = Layout(tuple(range(_width(logical))), False, False, False, False, split, False, False)
    document = print_edition(logical, layout)
    continued = document.pages[1].tables[0]
    whole = [r[0] for r in expected(logical, layout)]
    # Without boxes to compare, the continuation's values are of its columns' kinds: it carries on.
    boxless = [replace(c, evidence=Evidence(page=2)) for c in continued.cells]
    continued.cells = boxless
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == whole  # type: ignore[union-attr]
    # Another table of as many columns: ruled elsewhere on the page and printing text under the numbers.
    shift = data.draw(st.floats(min_value=ALIGN_TOLERANCE + 1, max_value=50))
    continued.cells = [
        replace(
            c,
            text=f"注記{c.row}",
            value_text=f"注記{c.row}",
            evidence=Evidence(page=2, bbox=(40.0 + shift + 60 * c.col, 60.0, 100.0 + shift + 60 * c.col, 80.0)),
        )
        for c in boxless
    ]
    assert [r.cell("number").text for r in locate(document, SPEC).rows] == whole[:split]  # type: ignore[union-attr]
    # The same foreign values in columns ruled where the table's are: the edges say it carries on.
    continued.cells = [
        replace(c, evidence=Evidence(page=2, bbox=(40.0 + 60 * c.col, 60.0, 100.0 + 60 * c.col, 80.0)))
        for c in continued.cells
    ]
    assert len(locate(document, SPEC).rows) == len(whole)  # type: ignore[union-attr]


def _grid(rows: list[list[str]]) -> Table:
    return pdf_table("t1", rows, blank=False)


def _short_non_figure(table: Table) -> Callable[[int], bool]:
    def is_header(row: int) -> bool:
        texts = [c.text for c in table.row(row) if c.text]
        return bool(texts) and all(len(t) <= 12 and not t.replace(",", "").isdigit() for t in texts)

    return is_header


def test_a_year_header_band_is_found_mid_table_under_label_rows_and_after_another_band() -> None:
    """A sheet printed as one ruled grid: label/value rows, a cost table, then an indicator grid, each with
    its own year band; every band is found at its depth, with the rows over and under its year row."""
    table = _grid(
        [
            ["事務事業名", "道路維持事業", "", ""],
            ["所管課", "道路課", "", ""],
            ["事業費等", "", "", ""],
            ["区分", "R5年度", "R6年度", "R7年度"],
            ["", "決算", "決算", "予算"],
            ["事業費", "1,200", "1,300", "1,500"],
            ["一般財源", "1,000", "1,100", "1,200"],
            ["指標名", "令和５年度実績", "令和６年度実績", "令和７年度目標"],
            ["補修件数", "120", "135", "150"],
        ]
    )
    is_header = _short_non_figure(table)
    # One row over the year row may head it (the block title 事業費等), not the label rows above that.
    bands = year_bands(table, is_header, is_header, above=1)
    assert [(b.rows, [(y.year, y.col) for y in b.years]) for b in bands] == [
        (range(2, 5), [(2023, 1), (2024, 2), (2025, 3)]),
        (range(7, 8), [(2023, 1), (2024, 2), (2025, 3)]),
    ]


def test_a_band_reads_bare_years_in_the_document_era_or_in_the_one_era_that_runs_on() -> None:
    table = _grid([["区分", "25年度決算", "26年度決算", "27年度予算"], ["合計", "10", "11", "12"]])
    is_header = _short_non_figure(table)
    assert [y.year for b in year_bands(table, is_header, is_header, era="平成") for y in b.years] == [
        2013,
        2014,
        2015,
    ]
    # No era known: every era reads 25 | 26 | 27 as years in a row, so none is chosen.
    assert [y.year for b in year_bands(table, is_header, is_header) for y in b.years] == []
    assert header_years("令和５年度予算現額") == (2023,)
    assert header_years("目標値(R7)") == (2025,)
    assert header_years("令和5年度の取組実績については別紙のとおり報告する。") == ()
    assert header_years("1,900") == ()
