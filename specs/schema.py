"""The series spec format: a report series described as data (YAML), validated by this schema.

`load(path)` reads one spec file and gives a `SeriesSpec`, or raises `SpecError` whose message is one
sentence per problem, naming the file and the thing at fault ("profiles/x.yaml: table `施策 list`:
column `施策名` has no words"). `json_schema()` publishes the format as JSON Schema.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hyoka.audit.bands import Band
from hyoka.audit.interval import Rounding
from hyoka.audit.rules import Decision, FigureRule, GradeRule, Marks
from hyoka.specs.headings import HeadingDecl
from hyoka.specs.label_grids import LabelGridDecl
from hyoka.specs.line_totals import LineTotalsCheck
from hyoka.specs.locate import Column, TableSpec
from hyoka.specs.marked_criteria import MarkedCriteriaDecl
from hyoka.specs.schedules import ScheduleDecl
from hyoka.specs.tables import plain

Words = Annotated[list[str], Field(min_length=1)]

# libyaml's safe loader when PyYAML was built with it: the same documents, parsed in C rather than Python
# (the pure-Python loader took 0.05 s of every process's start-up over the series specs).
SAFE_LOADER: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnDecl(_Strict):
    """A column of a declared table: its role and the header words that name it (any one will do)."""

    role: str
    words: list[str]
    required: bool = True
    whole: bool = False
    # A number column a printing may leave out, printing the number first in this role's cell (12 施策名).
    leading_in: str | None = None

    @field_validator("words")
    @classmethod
    def _has_words(cls, words: list[str]) -> list[str]:
        if not [w for w in words if w.strip()]:
            raise ValueError("has no words")
        return words


class YearCount(_Strict):
    """How many year columns a printing of a table has: at least `min`, at most `max` (no `max`: any)."""

    min: int = Field(default=1, ge=0)
    max: int | None = None

    def admits(self, count: int) -> bool:
        return self.min <= count and (self.max is None or count <= self.max)


class KeyList(_Strict):
    """A key cell that may list several keys (`職場環境1-a-1-1 職場環境1-b-2-2`): each match of `pattern` is
    one key; where `wrapped_at` matches (a key wrapped at its joining mark, `観光3-a-` over `2-1`: group 1
    is the mark) the wrap is closed first. A cell matching none is one key, as printed."""

    pattern: str
    wrapped_at: str | None = None

    @field_validator("pattern", "wrapped_at")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        try:
            re.compile(pattern or "")
        except re.error as error:
            raise ValueError(f"`{pattern}` is no regular expression ({error})") from None
        return pattern

    def keys_in(self, text: str) -> tuple[str, ...]:
        """The keys a cell lists, each once as printed."""
        joined = plain(text)
        if self.wrapped_at is not None:
            joined = re.sub(self.wrapped_at, r"\1", joined)
        return tuple(m.group(0) for m in re.finditer(self.pattern, joined)) or (joined,)


class TableDecl(_Strict):
    """A table the series prints, located by its header vocabulary (`hyoka.specs.locate.TableSpec`)."""

    name: str
    columns: Annotated[list[ColumnDecl], Field(min_length=1)]
    key: str
    years: bool = False
    group_rows: bool = True
    required: bool = True
    # How the auditor's report names the table, in the document's words (施策一覧).
    label: str = ""
    # Only printings with this many year columns are this table (a year's list vs the plan's table).
    year_count: YearCount | None = None
    # The key cell may list several keys: one row, each of its keys counted as the table's.
    key_list: KeyList | None = None
    # A schedule (roadmap): entries in the year column they start in, under step rows.
    schedule: ScheduleDecl | None = None
    # Figures per year and metric (`hyoka.specs.metric_rows`): each record spans rows so labelled (予定 |
    # 実績 -> target | actual); or, printed in year columns, a year under this word holds a mark, not a figure.
    metric_rows: dict[str, Literal["target", "actual"]] = {}
    marker_word: str | None = None
    # Due in a document that prints any of these tables (a plan prints its KPI grids and roadmaps together; the
    # project list's own workbook neither): missing there, the document is partial.
    required_with: list[str] = []
    # A table whose header also reads as one of these declared tables is that table, not this one.
    other_than: list[str] = []

    @model_validator(mode="after")
    def _key_is_a_column(self) -> TableDecl:
        roles = [c.role for c in self.columns]
        if self.key not in roles:
            raise ValueError(f"its key `{self.key}` is none of its columns ({', '.join(roles)})")
        if len(set(roles)) != len(roles):
            raise ValueError("two of its columns have the same role")
        return self

    def table_spec(self, declared: Sequence[TableDecl] = ()) -> TableSpec:
        """The table for the locator; `declared`: the series' tables, those it is `other_than` among them."""
        columns = tuple(Column(c.role, tuple(c.words), c.required, c.whole, c.leading_in) for c in self.columns)
        others = tuple(t.table_spec() for t in declared if t.name in self.other_than)
        return TableSpec(
            self.name,
            columns,
            self.key,
            self.years,
            self.group_rows,
            required=self.required,
            label=self.label,
            required_with=tuple(self.required_with),
            other_than=others,
        )


class TitleDecl(_Strict):
    """The title: a text block of the first pages printing every word, or consecutive blocks each adding some."""

    words: Words
    pages: int = 2
    weight: float = Field(ge=0, le=1)
    # False: the title prints a plan period (平成30～令和3年度), not the report's year; the hook reads it.
    fiscal_year: bool = True
    # True: the report's name is its running header, printed alike on several pages (a cover may word it
    # otherwise); the fiscal year is still read from the title.
    running: bool = False
    # The title is the first text printing this word, cut after it (a print of a list adds its own name);
    # its year is the one that text prints, else one a text of its page or sheet naming a 年度 prints, read
    # where `year_label` matches (`hyoka.specs.titles`).
    ends_at: str | None = None
    year_label: str | None = None
    # The title page prints the report's line, the first short text printing this word, under the line
    # naming its series; the report's name is both, each printed once in the document
    # (`hyoka.specs.titles.title_under_series_line`).
    under_series_line: str | None = None


class TableWeight(_Strict):
    """A declared table found in the document adds its weight (with `years`: only with year columns)."""

    table: str
    weight: float = Field(ge=0, le=1)
    years: bool = False


class WordsWeight(_Strict):
    """A document printing every one of the words (in its text or its cells) adds the weight."""

    words: Words
    weight: float = Field(ge=0, le=1)


class Detection(_Strict):
    title: TitleDecl | None = None
    tables: list[TableWeight] = []
    words: list[WordsWeight] = []


class NumberedKey(_Strict):
    """A list keyed by numbered measures (`hyoka.specs.numbered_lists`): `pattern` reads a number cell
    (group `number`; group `level`, its level word, else the column's header); the key's column is the one
    its role's header names, else the one most of whose body cells (`share`) the pattern reads; `title`, the
    role printing the title (the row's evidence). A names cell's text loses `strip` at both ends and its
    names the `scope` words ending them (など全区局)."""

    pattern: str
    title: str
    share: float = Field(default=0.5, gt=0, le=1)
    scope: str | None = None
    strip: str = ""

    @field_validator("pattern")
    @classmethod
    def _number_and_level(cls, pattern: str) -> str:
        _compile(pattern)
        if "(?P<number>" not in pattern or "(?P<level>" not in pattern:
            raise ValueError(f"`{pattern}` has no group `number` and `level`")
        return pattern


class MeasureMap(_Strict):
    """Each data row of a located table is a measure: contract column -> the role printing it."""

    table: str
    key: str
    fields: dict[str, str] = {}
    # Only rows whose key matches are measures (a 計 row is none); contract columns holding the names a
    # cell lists (divisions); contract columns every row of the table shares (level: 事務事業).
    key_pattern: str | None = None
    names: dict[str, str] = {}
    constants: dict[str, str] = {}
    # A list of numbered measures: its number column found by header or by shape, keyed level + number.
    numbered: NumberedKey | None = None
    # Contract columns of a yes/no mark a role prints (リーディング ○), read by `hyoka.normalizers.flag`.
    flags: dict[str, str] = {}
    # The contract column taking the key as printed (a key printed again keeps it; its row key adds #2).
    printed_key: str | None = None


class IndicatorMap(_Strict):
    """Each row of a located table is an indicator, each year column of it one printed value. With `heading`,
    the table prints no measure: each row's is the one the last heading of these `listed_headings` above it
    names (a table continued over a page break carries the next measure's rows after its heading), and the
    row is keyed `key` ({number}: that measure's number, {n}: the row's place among its indicators)."""

    table: str
    name: str
    measure: str | None = None
    place: str | None = None
    heading: str | None = None
    key: str = "{number}-{n}"


class GradeMap(_Strict):
    """Each row of a located table states a grade (`grade`) that the grade rule `rule` recomputes from the
    row's `inputs` (roles: printed figures, or for a decision table marks labelled by their role)."""

    table: str
    rule: str
    grade: str
    inputs: list[str] = []


class BudgetMap(_Strict):
    """Each record row of a located amount table gives one budgets row per amount column: budgets.item ->
    the role printing it (`hyoka.specs.budgets`)."""

    table: str
    key: str
    items: Annotated[dict[str, str], Field(min_length=1)]
    place: str
    key_pattern: str | None = None
    year: str | None = None  # the role whose header prints the amounts' fiscal year; else the report's
    unit: str = "千円"  # when no header of the money columns states one
    units: dict[str, str] = {}  # item -> the unit it is counted in when not the map's (人工)


class YearAmountsMap(_Strict):
    """Amounts by year under a label (施策の予算額 | R1 | R2 …): one budgets row each, of `item`
    (`hyoka.specs.year_amounts`). A document printing no such block is partial."""

    name: str
    words: Words
    item: str
    place: str
    unit: str = "千円"  # when the label states none


class YearGradeGroup(_Strict):
    """The group a graded row falls in: the row spanning the table above it, else its `role` column's cell,
    else the `field` of its paired sheet (`sheet`, whose records are the table's rows); `pattern` finds the
    group's id in the text (`1. 市民の利便性…` -> `1`). `words` names the group in the sentence saying it
    was read nowhere."""

    words: str
    role: str | None = None
    pattern: str | None = None
    sheet: str | None = None
    field: str | None = None


class YearGradeMembers(_Strict):
    """The populations the rows' grades make, one per grade kind: `by_group` by the rows' groups (what a
    cross-tab counts), `every` all together (what a stated total counts)."""

    by_group: str
    every: str | None = None


class YearGradesMap(_Strict):
    """Grades printed one per year column of a table, and in summary columns (`hyoka.specs.year_grades`):
    each row's grade of a kind per column. The last year column is the report year's (`report`), an earlier
    one the `earlier` kind of its place among them (`{n}`: 1 for the first), a summary column the kind
    `summary` gives its role (総括). The table's key role keys the rows, and its key cells are the table's
    population (a `unique_key` check)."""

    table: str
    report: str
    earlier: str = "y{n}"
    summary: dict[str, str] = {}
    group: YearGradeGroup | None = None
    members: YearGradeMembers | None = None
    # True: the report's fiscal year is the year of the report column (the title prints the plan's period).
    report_year: bool = False


class RecordValuesMap(_Strict):
    """A figure the records of a hook's places print per fiscal year (`hyoka.specs.records`), one
    indicator_values row each, keyed by its record, `place` the records' place; `unit`, the unit of a figure
    printing none (a rate is in %, printed or not)."""

    records: Words
    fact: str
    indicator_name: str
    indicator_key: str
    metric: str
    unit: str | None = None


class RecordGradePlace(_Strict):
    """A `year_grades` table printing the grades of the records: the one paired with them, or another keyed
    alike (参考資料); `place` is recorded on its grade cases, `words` name it in scopes and problems."""

    place: str
    table: str
    words: str


class RecordPlan(_Strict):
    """The plan's years a record's amounts stand for when its year header does not run year by year: the
    year columns of the `year_grades` table `table` (if printed), else `years` fiscal years up to the report's.
    `check` (a same_fact check without places) compares the years heading a record's amounts with them."""

    table: str | None = None
    years: int = Field(ge=1)
    check: str | None = None
    scope: str = "{key}: the fiscal years heading the amounts vs the plan's years"


class GradesAgainstRecordMap(_Strict):
    """Rows of a `year_grades` table, each paired with its record, a declared sheet (`row_of`) whose grade
    block (`grades`) prints the row's grades again (`hyoka.specs.record_grades`). Each row is a measure:
    `fields` (contract column -> the record's field, else the row's column of that role; `title` gives the
    evidence), `names` (the same, read as names), `constants`, its group's name and its key as measure_no;
    its record's amounts are budgets (`budgets`: their place) in the plan's years (`plan`). Each grade printed
    in a place is a case: `rule` (`{kind}`: the grade's kind) recomputes one printed in a table from the
    record's, carried over as its rank (`ranks`; the rule's bands give it back); `record_rule` records the
    record's own. A grade printed in one place and not given in the other is a case of the same_fact check
    `given`, which no rank can show."""

    table: str
    sheet: str
    places: Annotated[list[RecordGradePlace], Field(min_length=1)]
    record_place: str = "record"
    ranks: dict[str, float]
    rule: str
    record_rule: str
    given: str | None = None
    given_scope: str = "{key} {kind}: {place} vs its record"
    key_words: str = "{key}"
    fields: dict[str, str]
    names: dict[str, str] = {}
    constants: dict[str, str] = {}
    budgets: str | None = None
    plan: RecordPlan | None = None

    @model_validator(mode="after")
    def _title_and_rules(self) -> GradesAgainstRecordMap:
        if "title" not in self.fields:
            raise ValueError("its `fields` name no `title`, the measure's evidence")
        if self.places[0].table != self.table:
            raise ValueError(f"its first place is not its own table `{self.table}`")
        for rule in (self.rule, self.record_rule):
            if "{kind}" not in rule:
                raise ValueError(f"its rule `{rule}` has no `{{kind}}` for the grade's kind")
        return self


class ColumnPopulation(_Strict):
    """The figures one value column prints, registered as a population a check counts."""

    name: str
    column: str


class ColumnValuesMap(_Strict):
    """Values printed one per named column of a table (`hyoka.specs.column_values`): per row, each of
    `columns` an indicator value of the report's year named `{name} {header}` (the row's `name` role, the
    column's header as printed), keyed by `key` (`{number}`: the `number` role, else the row's place;
    `{header}`); a header printing a word of `qualifiers` qualifies every figure of its column; the rows'
    measure is the one named by the last `heading` (of `listed_headings`) above the table."""

    table: str
    name: str
    columns: Annotated[list[str], Field(min_length=1)]
    number: str | None = None
    qualifiers: list[str] = []
    key: str = "{number}:{header}"
    place: str | None = None
    population: ColumnPopulation | None = None
    # The rows' measure: the one the last heading of these `listed_headings` above the table names.
    heading: str | None = None


class ListedHeadings(_Strict):
    """Section headings naming the measures of a numbered list (`hyoka.specs.listed_headings`): `heading`, a
    declared heading with the fields `number` and `title`; `list`, a table a `numbered` measure map reads; a
    heading is a measure's when its number names one and its title is at least `closeness` alike (bigram
    Dice) to the list's. `title_check`, a same_fact check without places, compares the two titles (`title_scope`:
    its scope, {key}); `stated`: measures column -> a pattern whose group 1 the section's text states."""

    heading: str
    list: str
    closeness: float = Field(ge=0, le=1)
    title_check: str | None = None
    title_scope: str = "{key} title (list / heading)"
    stated: dict[str, str] = {}


class CategoryCounts(_Strict):
    """Counts a table prints per category (`hyoka.specs.category_counts`), the population `name`: per category
    cell (the `category` role's), its count from the `count` role's cell, else from the category cell by
    `in_cell`, a pattern whose group `category` is the name and `count` the count as printed (順調に進んでいる
    [12指標]: `12指標`)."""

    name: str
    table: str
    category: str
    count: str | None = None
    in_cell: str | None = None

    @field_validator("in_cell")
    @classmethod
    def _name_and_count(cls, pattern: str | None) -> str | None:
        if pattern is None:
            return None
        _compile(pattern)
        if not {"category", "count"} <= set(re.compile(pattern).groupindex):
            raise ValueError(f"`{pattern}` has no group `category` and `count`")
        return pattern


class SeriesColumnDecl(_Strict):
    """A column the series adds to a contract table (`hyoka.schemas.series`), always nullable: its type,
    what it holds, and (an integer) the least value it may hold."""

    table: str
    type: Literal["string", "integer"]
    words: str
    minimum: int | None = None


class RowMaps(_Strict):
    measures: list[MeasureMap] = []
    indicator_values: list[IndicatorMap] = []
    grades: list[GradeMap] = []
    budgets: list[BudgetMap] = []
    year_amounts: list[YearAmountsMap] = []
    year_grades: list[YearGradesMap] = []
    record_values: list[RecordValuesMap] = []
    grades_against_record: list[GradesAgainstRecordMap] = []
    column_values: list[ColumnValuesMap] = []


class BandDecl(_Strict):
    """One grade's range (`hyoka.audit.bands.Band`): no `low` is unbounded below, no `high` unbounded above."""

    grade: str
    low: float | None = None
    high: float | None = None
    low_closed: bool = True
    high_closed: bool = False


class MarksDecl(_Strict):
    labels: Words
    marks: list[str]
    quantifier: Literal["all", "any"] = "all"


class DecisionDecl(_Strict):
    outcome: str
    when: list[MarksDecl] = []


class GradeRuleDecl(_Strict):
    """A grading rule (`hyoka.audit.rules.GradeRule`): bands over an aggregate, a decision table, or `stated`
    (a grade the report gives no figures for: recorded, never recomputed)."""

    id: str
    grade_type: str
    words: str
    aggregate: Literal["value", "mean", "sum", "ratio_percent", "count", "percent_of_count", "decision", "stated"]
    bands: list[BandDecl] = []
    decisions: list[DecisionDecl] = []
    case_sensitive: bool = True
    grades_stated_value: bool = False
    neutral: str | None = None
    judgement_in_text: bool = False
    # A grade stated in words (計画通り / 遅れ): grade -> its wordings as dictionary forms, the first grade
    # whose wording a text prints is the one it states (`hyoka.specs.judgements`).
    judgements: dict[str, Words] = {}
    # grade id -> the words the auditor reads for it, as the document words it (on_track: 計画通り);
    # a grade without one is shown as its id (a printed letter).
    labels: dict[str, str] = {}

    @model_validator(mode="after")
    def _graded_somehow(self) -> GradeRuleDecl:
        if self.aggregate == "decision" and not self.decisions:
            raise ValueError("its aggregate is `decision` but it declares no decisions")
        if self.aggregate not in ("decision", "stated") and not self.bands:
            raise ValueError(f"its aggregate is `{self.aggregate}` but it declares no bands")
        grades = {b.grade for b in self.bands} | {d.outcome for d in self.decisions} | {self.neutral}
        if unknown := sorted(set(self.labels) - grades):
            raise ValueError(f"it labels grades it does not declare: {', '.join(unknown)}")
        return self

    def rule(self) -> GradeRule:
        bands = tuple(
            Band(
                b.grade,
                -math.inf if b.low is None else b.low,
                math.inf if b.high is None else b.high,
                b.low_closed,
                b.high_closed,
            )
            for b in self.bands
        )
        decisions = tuple(
            Decision(d.outcome, tuple(Marks(tuple(m.labels), frozenset(m.marks), m.quantifier) for m in d.when))
            for d in self.decisions
        )
        aggregate = "value" if self.aggregate == "stated" else self.aggregate
        return GradeRule(
            self.id,
            self.grade_type,
            self.words,
            aggregate,
            bands,
            decisions,
            self.case_sensitive,
            self.grades_stated_value,
            self.neutral,
            self.judgement_in_text,
            tuple(self.labels.items()),
        )


class FigureRuleDecl(_Strict):
    """A stated figure against an aggregate of printed inputs (`hyoka.audit.rules.FigureRule`)."""

    id: str
    kind: str
    words: str
    aggregate: Literal["sum", "count", "mean", "value", "percent_of_count", "ratio_percent"]
    relation: Literal["equal", "at_most", "at_least"] = "equal"

    def rule(self) -> FigureRule:
        return FigureRule(self.id, self.kind, self.words, self.aggregate, self.relation)


class Rules(_Strict):
    grades: list[GradeRuleDecl] = []
    figures: list[FigureRuleDecl] = []


class AtLeast(_Strict):
    """Only the inputs whose printed value reaches the number a group of the sentence states, times `scale`."""

    group: int = Field(ge=1)
    scale: float = 1.0


class CrossTabSum(_Strict):
    """A count stated in a sentence against the sum of a `group_counts` check's printed counts in its
    categories (the cross-tab printed for the sentence's context), by the `sum` figure rule `rule`."""

    check: str
    rule: str


class StatedInText(_Strict):
    """A figure a sentence states (`pattern`, its `group`) against a population, by a figure rule
    (`hyoka.specs.stated_counts`). A sentence is a text block's text split after 。; words and patterns
    match it squashed (NFKC, no whitespace), `{0}` `{1}`… format what the match and its groups print."""

    check: Literal["stated_in_text"]
    rule: str
    pattern: str
    population: str = ""  # none when the check's `inputs` are stated in its sentence
    group: int = Field(default=1, ge=1)
    each: str | None = None  # a figure per match of this pattern inside the pattern's match (A：50件、B：8件)
    # Which sentences: those holding every word; `cells`: also sentences printed in table cells (評価理由).
    sentence_words: list[str] = []
    cells: bool = False
    # The context each figure belongs to: the one whose pattern its sentence names last before it (none
    # named: not read); the population is then the members the hook gives for (population, context).
    context: dict[str, str] = {}
    # The members counted: those in `categories`, or in the categories `category_pattern` finds (each match,
    # its first group if it has one) in the `each` match or else the sentence (「A評価又はB評価の施策」);
    # neither: every member. `only`: those whose printed value reaches a share the sentence states.
    categories: list[str] = []
    category_pattern: str | None = None
    only: AtLeast | None = None
    # Or the figures it is computed from, stated in the same sentence (each pattern's first group, in the
    # rule's order: a share of two counts); the population is then not read.
    inputs: list[str] = []
    cross_tab: CrossTabSum | None = None  # counts printed by a group_counts cross-tab, summed when printed
    rounding: Rounding = "exact"
    text: str = "{0}"
    # `scope` and `key` (a check id stable across editions; default: the figure's number in its context
    # and categories) also take {context}, {category} (the categories counted, joined), {n}, {sentence}.
    scope: str = "「{0}」"
    key: str | None = None

    @field_validator("pattern", "each", "category_pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        _compile(pattern or "")
        return pattern

    @field_validator("inputs")
    @classmethod
    def _inputs_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            _compile(pattern)
        return patterns

    @model_validator(mode="after")
    def _counts_something(self) -> StatedInText:
        if not self.population and not self.inputs:
            raise ValueError("it names neither a `population` nor the `inputs` its sentence states")
        return self


def _compile(pattern: str) -> None:
    try:
        re.compile(pattern)
    except re.error as error:
        raise ValueError(f"its pattern does not compile ({error})") from None


class WordsRule(_Strict):
    """A figure rule taken instead when a text prints one of `words`."""

    words: list[str]
    rule: str


class StatedBreakdown(_Strict):
    """A figure printed with its breakdown in brackets (利用者13名（A10名、B2名、C1名）) against the sum of the
    parts in its unit, by the `sum` figure rule `rule` (`hyoka.specs.stated_breakdowns`): `overlapping` and
    `partial` words (重複; うち, 主な) take their `at_most` / `at_least` rule instead; with `arithmetic`, a
    bracket writing the arithmetic (15件/年×3年) against its value; with `explained`, a bracket headed by one
    of its words (考え方) against the sum of the figures it names, not computable when they do not add up."""

    check: Literal["stated_breakdown"]
    rule: str
    overlapping: WordsRule | None = None
    partial: WordsRule | None = None
    arithmetic: str | None = None
    explained: WordsRule | None = None
    # Words a part's label ends with that make it no part: a year (令和3年), an ordinal (第1回), 約50人.
    not_a_part: list[str] = []
    # A figure's label: the indicator a `target` pattern names before it (groups `name` and `word`), else the
    # words printed before it; with the last `heading` (令和5年度) printed before it in the same text.
    target: str | None = None
    heading: str | None = None
    sentence_words: list[str] = []
    cells: bool = False

    @field_validator("target", "heading")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        _compile(pattern or "")
        return pattern

    def rules(self) -> list[str]:
        """The figure rules it names."""
        named = [self.rule, self.arithmetic] + [
            w.rule for w in (self.overlapping, self.partial, self.explained) if w is not None
        ]
        return [rule for rule in named if rule is not None]


class UniqueKey(_Strict):
    """Each figure of a population is printed once (by its printed text)."""

    check: Literal["unique_key"]
    kind: str
    population: str
    scope: str
    words: str
    # True: a key printed again under the same name (its figure's label) is the same record printed twice (a
    # project re-listed under a second 課題), not a duplicate.
    once_per_name: bool = False


class FactPlace(_Strict):
    """Where a fact is printed: the rows of a declared table, each keyed by its `key` role's cell, the fact
    in its `value` role's cell."""

    table: str
    key: str
    value: str
    # True: compared only where the document prints the table (an edition may leave it out): its absence
    # makes no case, rather than a case not computable.
    if_printed: bool = False
    # A cell printing one fact per line (`方向性:事務事業名`): each line matching this pattern is a fact, its
    # group `fact` the fact and its group `key` the key (the `key` role's cell keys none).
    lines: str | None = None

    @field_validator("lines")
    @classmethod
    def _lines_name_key_and_fact(cls, pattern: str | None) -> str | None:
        _compile(pattern or "")
        if pattern is not None and not {"key", "fact"} <= set(re.compile(pattern).groupindex):
            raise ValueError(f"`lines` pattern `{pattern}` names no `key` and `fact` groups")
        return pattern


class SheetPlace(_Strict):
    """A fact printed on a declared sheet whose records are a table's rows (`row_of`): the `value` field of
    each sheet, keyed by the key of the row it is paired with."""

    sheet: str
    value: str


class RecordPlace(_Strict):
    """A fact of records a hook read (a list's rows, the detail sheets): the `value` fact of every record
    set the hook registered under `records` (`hyoka.specs.same_fact.Records`), keyed as it keyed them."""

    records: str
    value: str


class SameFact(_Strict):
    """The same fact printed in two places. With `first` and `second`, the engine joins the two tables' rows
    by key (`hyoka.specs.same_fact`); with `first` alone, every row of one key prints the same fact;
    with neither, the hook that reads both places builds the pairs."""

    check: Literal["same_fact"]
    kind: str
    words: str
    first: FactPlace | RecordPlace | None = None
    second: FactPlace | SheetPlace | RecordPlace | None = None
    # The case's scope in words and its key (a check id stable across editions); `{key}` is the key both
    # places print.
    scope: str = "{key}"
    key: str = "{key}"
    # `wording`: two texts that differ only in wording (spacing, brackets, の, 等) are the same fact;
    # `spacing`: only in spacing (a line wrap); `names`: the same names (課, 部) listed, spaced alike or not.
    # `name`: the same text however spaced or wide; `grade`: the same grade letter; `number`: the same
    # figure at its printed rounding; `organisations`: the same organisations, names printed with nothing
    # between them split where one of `endings` (局課) ends a name.
    compare: Literal["text", "wording", "spacing", "names", "name", "grade", "number", "organisations"] = "text"
    endings: str = ""
    # A fact (the year rates) that, printed alike in both records, makes this one (their average) no case:
    # the rule over those facts judges it, and says which place is wrong.
    unless_same: str | None = None
    # Without places: the declared tables whose rows the hook pairs (the roadmap and the project list); the first
    # printed and another not read, the check is one not_computable case.
    pairs: list[str] = []


class ColumnTotal(_Strict):
    """A total row (its key cell names one of `total_words`: `hyoka.specs.tables.is_total_label`) against the
    sum of the rows above it in a column, by a `sum` figure rule."""

    check: Literal["column_total"]
    rule: str
    table: str
    column: str
    total_words: Words
    rounding: Rounding = "round"  # `exact` for typed entries that the total adds exactly
    total_required: bool = False  # a printing of the table without its total row makes the document partial


class RowRelation(_Strict):
    """Per data row, one printed figure against others of the same row by a figure rule (決算 ≤ 予算:
    aggregate `value`, relation `at_most`)."""

    check: Literal["row_relation"]
    rule: str
    table: str
    stated: str
    inputs: Words
    input_rounding: Rounding = "round"  # `exact` for typed entries (本庁, 出先機関) a printed figure adds
    key_pattern: str | None = None  # only the rows whose key matches (the records, not a 計 row)


class BudgetRelation(_Strict):
    """Per measure and fiscal year, one budgets item against others of the same measure and year, as the
    budgets rows give them (決算額 ≤ 予算額: a `value` rule with `relation: at_most`), by a figure rule
    (`hyoka.specs.budgets.budget_relations`): rows read from `place` only, when given; an item printing
    no amount makes no case."""

    check: Literal["budget_relation"]
    rule: str
    stated: str
    inputs: list[str]
    place: str | None = None
    labels: dict[str, str] = {}  # budgets.item -> the words its row prints (the figure's label)
    # Placeholders: {key} (the measure's) {year} {title} (the measure's title).
    scope: str = "{key} {title}: {year}"
    key: str = "{key}:{year}"


class GroupRowTotal(_Strict):
    """A cross-tab row's total column against the sum of its category columns, by a `sum` figure rule."""

    rule: str
    column: str
    scope: str = "{table} {label} / {column}"
    key: str = "{group}"  # placeholders: {group} {label} {column}


class GroupColumnSum(_Strict):
    """The total row's counts against the sum of the rows that part the whole (neither the total nor a
    row counting members again), column by column, by a `sum` figure rule."""

    rule: str
    scope: str = "{table} {parts} rows / {column}"


class ListedMembers(_Strict):
    """A cross-tab's population read from a declared list: each record a member, printed by its key, in the
    category its `category` role's cell prints; its group the `group` role's cell, or (null) the group of
    every row of the cross-tab (a one-row cross-tab over its list)."""

    table: str
    category: str
    group: str | None = None


class GroupCounts(_Strict):
    """A printed cross-tab, one row per group and one column per category, against a population counted
    per group (`hyoka.specs.group_counts`). Each `columns` cell prints the members of its row's group
    in its column's category (null: every member), by the `count` rule `rule`; a cell `16件（84%）` also
    prints their share of the group's categorised members, and a `combined` column the share of several
    categories, by the `share_rule`. A row's group is its label, or the id `group_pattern` finds in it.
    With `context` patterns, each printing counts the population the text just before it names (the
    pattern matching last); without, the best printing counts the one population."""

    check: Literal["group_counts"]
    rule: str
    table: str
    label: str
    columns: dict[str, str | None]
    population: str
    group_pattern: str | None = None
    combined: dict[str, Words] = {}
    share_rule: str | None = None
    share_rounding: Rounding = "round"
    context: dict[str, str] = {}
    # Placeholders: {table} {context} {group} (the group's id or squashed label) {label} (as printed)
    # {column} (its header word) {role} {categories} (the column's category, or its combined ones).
    scope: str = "{table} {label} / {column}"
    key: str = "{group}/{column}"
    # A row whose label names a total by one of these (`is_total_label`: 計, 総計 for 計; not 計画推進) counts every
    # member; one printing a `relisted_words` word counts members again (a 再掲 row): neither is a part of the whole.
    total_words: list[str] = []
    relisted_words: list[str] = []
    row_total: GroupRowTotal | None = None
    column_sum: GroupColumnSum | None = None
    # The members read from a declared list rather than given by the hook.
    members: ListedMembers | None = None
    # True: a blank count cell counts none (a sheet's SUM reads it as 0) and is checked; else it is skipped.
    blank_is_zero: bool = False
    # False: a total row (`total_words`) is checked only as the sum of the rows above it, not counted again.
    count_total_rows: bool = True
    # A relisted row no record of a list matched (`hyoka.specs.group_counts.grouped_by_row`): the list not
    # read, `{label}` the row's.
    relisted_unread: str = "{label}"

    @property
    def categories(self) -> list[str]:
        """The categories the count columns print, in their order."""
        return [c for c in self.columns.values() if c is not None]


class TypedConstant(_Strict):
    """In a workbook, a value typed into a column whose other cells hold a formula
    (`hyoka.specs.formula_columns`), reported as a same_fact case of `kind`."""

    check: Literal["typed_constant"]
    kind: str
    table: str
    words: str
    key_pattern: str | None = None  # only the rows whose key matches (the records, not a 計 row)
    scope: str = "{table} {key} {column}"  # placeholders {table} {key} {column} (its header as printed)


class ImpliedFactor(_Strict):
    """Per record row, `stated` against the sum of `inputs` plus `times` × a constant printed nowhere, the one
    most rows imply (`hyoka.specs.formula_columns`), by a `sum` figure rule; the constant itself is
    a same_fact case of `factor_kind` against the constant the column's formulas multiply by."""

    check: Literal["implied_factor"]
    rule: str
    table: str
    stated: str
    inputs: Words
    times: str
    factor_kind: str
    factor_words: str
    factor_key: str = "factor"
    input_rounding: Rounding = "round"  # `exact` for typed entries (事業費, 人工計)
    key_pattern: str | None = None
    scope: str = "{table}: {key} {column}"  # placeholders {table} {key} {column} (the stated one's header)


class YearTotal(_Strict):
    """The amount a `year_amounts` block prints for a table's year (its `column`'s header year, else the
    report's) against the sum of that column over the table's records, by a `sum` figure rule."""

    check: Literal["year_total"]
    rule: str
    amounts: str
    table: str
    column: str
    key_pattern: str | None = None


class SheetRowOf(_Strict):
    """The declared table whose rows the sheets are the records of (`hyoka.specs.sheets.records_by_row`):
    both print in one order and a sheet carries no key, so sheets and rows are aligned by order, anchored
    where the sheet's `field` prints what the row's `role` does."""

    table: str
    role: str
    field: str


class StartingLines(_Strict):
    """What a labelled count counts: the lines of a declared table's column starting with one of `starting`."""

    table: str
    role: str
    starting: Words


class LabelledCount(_Strict):
    """A count printed as a label's value (under it or beside it; in a print, ending its text line) against the
    lines it counts (`hyoka.specs.labelled_counts`), by a `count` figure rule."""

    check: Literal["labelled_count"]
    rule: str
    words: Words
    members: StartingLines
    scope: str
    key: str


class SheetGradesDecl(_Strict):
    """The grades a sheet's grade block prints (`hyoka.specs.sheet_grades`): headers over the grades in the
    row labelled `label` and the next, or label/value rows whose label ends with `label`. A header or label
    names its grade's kind by the first of `kinds` (kind -> pattern) it matches; a header naming none is
    the `default` kind's, a label naming none is no grade."""

    label: str
    kinds: dict[str, str]
    default: str


class SheetDecl(_Strict):
    """Label/value sheets, one record per sheet (`hyoka.specs.sheets`): the label column's vocabulary
    (a sheet runs from a row labelled with the first to the next such row), the fields each label fills
    (field -> its labels, any one will do) and the rows of amounts under a year header (budgets.item -> the
    word its row's label starts with)."""

    name: str
    labels: Words
    fields: dict[str, Words] = {}
    amounts: dict[str, str] = {}
    row_of: SheetRowOf | None = None
    grades: SheetGradesDecl | None = None


class ChartLegend(_Strict):
    """The shares a chart's legend prints after a `group_counts` cross-tab (`after`), each against the
    share of its category among the categorised members of (population, the cross-tab's context), by a
    `percent_of_count` rule (`hyoka.specs.chart_legends`): a legend printed as the declared `table` (its
    first row) or as text lines matching `line` (squashed; group 1 the category, group 2 the share)."""

    check: Literal["chart_legend"]
    rule: str
    after: str
    population: str
    table: str | None = None
    line: str | None = None
    # Placeholders: {context} {n} (the legend's number in reading order) {category}.
    scope: str = "{context} legend {n}: share of {category}"
    key: str = "{context}:{n}:{category}"

    @field_validator("line")
    @classmethod
    def _line_compiles(cls, pattern: str | None) -> str | None:
        _compile(pattern or "")
        return pattern


class SheetIndicatorRows(_Strict):
    """A headed sheet's table whose rows are its indicators: per row (one per circled item), each `metrics`
    field an indicator_values row of the indicator its `name` field names (without its circled number; a name
    printed as a missing marker names none), keyed `{the sheet's key}-{n}` by its place on the sheet, in the
    fiscal year of the sheet's last `year` value, its `place` the rows'."""

    table: str
    name: str
    metrics: list[str]
    year: str
    place: str | None = None


class HeadedSheetDecl(_Strict):
    """Sheets a numbered head opens, one record per head (`hyoka.specs.headed_sheets`): the head cell's
    pattern (group `no`: the key's digits; `level`, optional: its level word), a heading line's (also
    `title`), the contract fields whose labels it prints with the value under them (field -> how the report
    names it; `required`: those a sheet must print) and its tables, each kind by the contract fields its
    header names (kind -> fields); `required_tables`: the kinds of which a sheet must print a row (kind -> how
    the report names the table)."""

    name: str
    head: str
    heading: str | None = None
    fields: dict[str, str]
    required: list[str] = []
    tables: dict[str, list[str]] = {}
    required_tables: dict[str, str] = {}
    # The kinds of its tables that print one row of the sheet's values under their header (the rates and the
    # grade), and the fields among them printed per fiscal year.
    value_tables: list[str] = []
    yearly: list[str] = []
    indicator_rows: SheetIndicatorRows | None = None
    # A tag printed after the title (＜新規施策＞), group `tag` its words: not part of the title, the sheet's
    # `tag` (what a check's `tagged` reads).
    title_tag: str | None = None

    @field_validator("head", "heading", "title_tag")
    @classmethod
    def _grouped(cls, pattern: str | None, info: ValidationInfo) -> str | None:
        """Each pattern names the group it is read by: a head's number, a tag's words."""
        group, meaning = ("tag", "the tag's words") if info.field_name == "title_tag" else ("no", "the sheet's number")
        if pattern is not None:
            _compile(pattern)
            if f"(?P<{group}>" not in pattern:
                raise ValueError(f"`{pattern}` has no group `{group}` for {meaning}")
        return pattern

    @model_validator(mode="after")
    def _required_are_fields(self) -> HeadedSheetDecl:
        unknown = [f for f in self.required if f not in self.fields]
        if unknown:
            raise ValueError(f"its required fields {', '.join(unknown)} are none of its fields")
        indicators = [self.indicator_rows.table] if self.indicator_rows is not None else []
        unknown = [k for k in [*self.required_tables, *self.value_tables, *indicators] if k not in self.tables]
        if unknown:
            raise ValueError(f"it names the tables {', '.join(unknown)}, which are none of its table kinds")
        return self


class RecordGrades(_Strict):
    """The grade each record of a hook's places states (`hyoka.specs.records`: `records`, the names the hook
    registers them by), judged by the grade rule `rule` over the `inputs` figures it prints per fiscal year
    (labelled `input_label`, `{year}` the year); `stated_value`, the figure printed with the grade (an
    average, labelled `stated_label`), checked by the same rule."""

    check: Literal["record_grades"]
    rule: str
    records: Words
    grade: str
    inputs: str
    input_label: str = "{year}"
    stated_value: str | None = None
    stated_label: str = ""


class PresencePlace(_Strict):
    """A place of records a hook registered (`hyoka.specs.records.Records`) that holds a record or not:
    `value`, the fact whose printing evidences a record there (its head, its title), or with `mark` the mark
    a record prints (○); `named`: of the sets registered as `records`, the one whose place names this word
    (the 再掲 list of a mark), none named making the place not read (`unread`: what, `{place}` the place
    as `otherwise` names it)."""

    records: str
    value: str
    mark: bool = False
    named: str | None = None
    otherwise: str = ""
    unread: str = "{place}"


class TaggedAbsence(_Strict):
    """A record its place tags (its `tag` fact printing one of `words`: ＜新規施策＞) and the `absent_from`
    places lack may stand outside the other place of the check: stated absent (`absent`), counted there once
    (read as an established record) or not at all (read as tagged), judged by the figure `rule`; its scope
    adds `note`, its figures are labelled `absent_label` and `present_label`."""

    tag: str
    words: Words
    absent_from: str
    rule: str
    absent: str
    note: str
    absent_label: str
    present_label: str


class Presence(_Strict):
    """A record present in two places (`hyoka.specs.presence`): per key either place holds (the first's
    `mark`: per record of the first printing it), whether each holds (marks) it, as a `same_fact` case of
    `kind`; `scope` and `key` name `{key}` and `{place}` (the second place)."""

    check: Literal["presence"]
    kind: str
    words: str
    first: PresencePlace
    second: PresencePlace
    scope: str = "{key}"
    key: str = "{key}"
    tagged: TaggedAbsence | None = None


class RecordTag(_Strict):
    """Records their place tags (the `tag` fact printing one of `words`: ＜新規施策＞)."""

    tag: str
    words: Words


class RecordCount(_Strict):
    """The count the total row of a `group_counts` cross-tab prints (`cross_tab`: the check; its row printing
    one of the check's `total_words`, `column` the role of the cell) against the records a hook registered as
    `records` (`hyoka.specs.records`: 全施策 against the 個票), by a `count` figure rule, when the cross-tab
    prints rows that part the whole too. Each record is a figure named `text` (`{key}`) evidenced by its
    `value` fact; records `tagged` may stand outside the count, so with such records both readings are
    judged. A place not read is not computable, as are records seen but not read (`unread_keys`, `{keys}`
    their keys joined by ・)."""

    check: Literal["record_count"]
    rule: str
    cross_tab: str
    column: str
    records: str
    value: str
    text: str = "{key}"
    tagged: RecordTag | None = None
    unread_keys: str = "{keys}"
    scope: str = "{table} {label}"  # placeholders {table} {label} (the total row's, as printed) {context}
    key: str = "{records}"  # placeholders {records} {context}


CheckDecl = Annotated[
    StatedInText
    | UniqueKey
    | SameFact
    | ColumnTotal
    | RowRelation
    | GroupCounts
    | TypedConstant
    | ImpliedFactor
    | YearTotal
    | ChartLegend
    | BudgetRelation
    | LabelledCount
    | RecordGrades
    | Presence
    | RecordCount
    | StatedBreakdown
    | LineTotalsCheck,
    Field(discriminator="check"),
]


class IndicatorUnits(_Strict):
    """How an indicator's figures are counted when they print no unit: read from the indicator's name
    (`hyoka.specs.units`). A rate (a rate word in the name without its notes, a rate mark anywhere
    in it, a figure printed with %) is in %; else the longest counter word ending the name (利用者数: 人);
    else a `formula_counters` word its formula prints; else `default`."""

    rate_words: list[str] = []
    rate_marks: list[str] = []
    counters: dict[str, str] = {}
    formula_counters: list[str] = []
    default: str | None = None

    @model_validator(mode="after")
    def _formula_counters_are_counters(self) -> IndicatorUnits:
        unknown = [w for w in self.formula_counters if w not in self.counters]
        if unknown:
            raise ValueError(
                f"`indicator_units` names formula counters that are none of its counters: {', '.join(unknown)}"
            )
        return self


class SeriesSpec(_Strict):
    """One report series: how it is recognised, what it prints, how it is graded and checked."""

    profile_id: str
    description: str
    detection: Detection
    tables: list[TableDecl] = []
    rows: RowMaps = RowMaps()
    rules: Rules = Rules()
    checks: dict[str, CheckDecl] = {}
    # Reading truly specific to the series: name -> "module:function" (`read` is called per document;
    # `title`, if named, reads the title and the edition's fiscal year from the document).
    hooks: dict[str, str] = {}
    # Words and patterns the hooks read by (headings, captions, places): vocabulary, never numbers.
    vocabulary: dict[str, Any] = {}
    # Records printed as label/value sheets, one per sheet.
    sheets: list[SheetDecl] = []
    # Records a numbered head opens (施策 01 | title), one per head.
    headed_sheets: list[HeadedSheetDecl] = []
    # Facts of the document beyond the contract's columns, each printed right of a label cell (施策名):
    # documents column -> the label's words (any one will do).
    document_fields: dict[str, Words] = {}
    # The units of indicator figures that print none, read from the indicator's name.
    indicator_units: IndicatorUnits | None = None
    # Headings printed above tables, read in their context: name -> its pattern, tables, row fields.
    headings: dict[str, HeadingDecl] = {}
    # Repeated label/value blocks with a year grid each (a 方眼紙 form), read as indicator_values.
    label_grids: list[LabelGridDecl] = []
    # Judgements decided by marks on numbered criteria (基準1–4 and the 判定), each mark a stated grade.
    marked_criteria: list[MarkedCriteriaDecl] = []
    # Columns the series adds to the contract tables, by name.
    series_columns: dict[str, SeriesColumnDecl] = {}
    # Section headings naming the measures of a numbered list.
    listed_headings: list[ListedHeadings] = []
    # Counts printed per category of a table, each set a population.
    category_counts: list[CategoryCounts] = []

    @field_validator("hooks")
    @classmethod
    def _hook_names(cls, hooks: dict[str, str]) -> dict[str, str]:
        for name, target in hooks.items():
            if not re.fullmatch(r"[\w.]+:\w+", target):
                raise ValueError(f"hook `{name}` is `{target}`, not `module:function`")
        return hooks

    @model_validator(mode="after")
    def _references(self) -> SeriesSpec:
        tables = {t.name for t in self.tables}
        figure_rules = {r.id for r in self.rules.figures}
        grade_rules = {r.id for r in self.rules.grades}
        for grade_map in self.rows.grades:
            if grade_map.rule not in grade_rules:
                raise ValueError(
                    f"the grades of `{grade_map.table}` name the grade rule `{grade_map.rule}`, which is not declared"
                )
        named = [w.table for w in self.detection.tables]
        named += [m.table for m in self.rows.measures] + [m.table for m in self.rows.indicator_values]
        named += [m.table for m in self.rows.grades]
        named += [m.table for m in self.rows.budgets]
        named += [m.table for m in self.rows.year_grades]
        named += [m.table for m in self.rows.column_values]
        named += [name for t in self.tables for name in [*t.required_with, *t.other_than]]
        for name in named:
            if name not in tables:
                raise ValueError(f"table `{name}` is named but not declared under `tables`")
        for check_name, check in self.checks.items():
            if isinstance(check, StatedInText) and check.cross_tab is not None:
                _cross_tab_sum(self, check_name, check.cross_tab, figure_rules)
            if isinstance(check, StatedInText | ColumnTotal | RowRelation) and check.rule not in figure_rules:
                raise ValueError(f"check `{check_name}` names the figure rule `{check.rule}`, which is not declared")
            if isinstance(check, ColumnTotal | RowRelation) and check.table not in tables:
                raise ValueError(f"check `{check_name}` names the table `{check.table}`, which is not declared")
            if isinstance(check, GroupCounts):
                named_rules = [check.rule] + [r.rule for r in (check.row_total, check.column_sum) if r is not None]
                named_rules += [check.share_rule] if check.share_rule is not None else []
                for rule in named_rules:
                    if rule not in figure_rules:
                        raise ValueError(f"check `{check_name}` names the figure rule `{rule}`, which is not declared")
                if check.table not in tables:
                    raise ValueError(f"check `{check_name}` names the table `{check.table}`, which is not declared")
                if check.combined and check.share_rule is None:
                    raise ValueError(f"check `{check_name}` declares `combined` share columns but no `share_rule`")
        _same_fact_places(self)
        _formula_column_references(self)
        _listed_members(self)
        _chart_legend_references(self, tables, figure_rules)
        _sheet_rows_of(self)
        for name, check in self.checks.items():
            if isinstance(check, BudgetRelation) and check.rule not in figure_rules:
                raise ValueError(f"check `{name}` names the figure rule `{check.rule}`, which is not declared")
        _labelled_count_references(self)
        grade_rules = {r.id for r in self.rules.grades}
        for name, check in self.checks.items():
            if isinstance(check, RecordGrades) and check.rule not in grade_rules:
                raise ValueError(f"check `{name}` names the grade rule `{check.rule}`, which is not declared")
        _grades_against_record_references(self)
        _listed_heading_references(self)
        _record_count_references(self, figure_rules)
        _stated_breakdown_rules(self)
        _line_totals_references(self)
        _category_count_references(self)
        return self

    @model_validator(mode="after")
    def _headed_tables(self) -> SeriesSpec:
        tables = {t.name for t in self.tables}
        for name, heading in self.headings.items():
            for table in heading.tables:
                if table not in tables:
                    raise ValueError(f"heading `{name}` names the table `{table}`, which is not declared")
        return self


def _cross_tab_sum(spec: SeriesSpec, check_name: str, cross_tab: CrossTabSum, figure_rules: set[str]) -> None:
    """A stated count summing a cross-tab names a declared group_counts check and figure rule."""
    if not isinstance(spec.checks.get(cross_tab.check), GroupCounts):
        raise ValueError(f"check `{check_name}` sums the counts of `{cross_tab.check}`, which is no group_counts check")
    if cross_tab.rule not in figure_rules:
        raise ValueError(f"check `{check_name}` names the figure rule `{cross_tab.rule}`, which is not declared")


def _same_fact_places(spec: SeriesSpec) -> None:
    """A same_fact check's places name declared tables and their columns' roles."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    for check_name, check in spec.checks.items():
        if not isinstance(check, SameFact):
            continue
        if check.second is not None and check.first is None:
            raise ValueError(f"check `{check_name}` declares a `second` place but no `first`")
        if check.pairs and check.first is not None:
            raise ValueError(f"check `{check_name}` declares both places and the `pairs` a hook reads")
        for table in check.pairs:
            if table not in tables:
                raise ValueError(f"check `{check_name}` names the table `{table}`, which is not declared")
        for place in (check.first, check.second):
            if isinstance(place, RecordPlace):
                continue  # records a hook registers: named by the hook
            if isinstance(place, SheetPlace):
                _sheet_place(spec, check_name, place)
                continue
            if place is None:
                continue
            if place.table not in tables:
                raise ValueError(f"check `{check_name}` names the table `{place.table}`, which is not declared")
            for role in (place.key, place.value):
                if role not in tables[place.table]:
                    raise ValueError(f"check `{check_name}` names the column `{role}`, which `{place.table}` lacks")


def _formula_column_references(spec: SeriesSpec) -> None:
    """A typed_constant, implied_factor or year_total check names a declared table (and its columns), a figure
    rule and (year_total) a declared `year_amounts` block."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    figure_rules = {r.id for r in spec.rules.figures}
    for check_name, check in spec.checks.items():
        if isinstance(check, YearTotal) and check.amounts not in {m.name for m in spec.rows.year_amounts}:
            raise ValueError(
                f"check `{check_name}` names the amounts `{check.amounts}`, which no `year_amounts` declares"
            )
        if not isinstance(check, TypedConstant | ImpliedFactor | YearTotal):
            continue
        if check.table not in tables:
            raise ValueError(f"check `{check_name}` names the table `{check.table}`, which is not declared")
        if isinstance(check, YearTotal) and check.column not in tables[check.table]:
            raise ValueError(f"check `{check_name}` names the column `{check.column}`, which `{check.table}` lacks")
        if isinstance(check, ImpliedFactor | YearTotal) and check.rule not in figure_rules:
            raise ValueError(f"check `{check_name}` names the figure rule `{check.rule}`, which is not declared")
        if isinstance(check, ImpliedFactor):
            for role in (check.stated, check.times, *check.inputs):
                if role not in tables[check.table]:
                    raise ValueError(f"check `{check_name}` names the column `{role}`, which `{check.table}` lacks")


class SpecError(ValueError):
    """A spec file that does not follow the format: one sentence per problem."""


# A member of these collections is named by its noun and its own name: table `施策 list`.
NOUNS = {
    "tables": "table",
    "columns": "column",
    "grades": "grade rule",
    "figures": "figure rule",
    "measures": "measure map",
    "indicator_values": "indicator map",
    "budgets": "budget map",
    "year_amounts": "year amounts map",
    "checks": "check",
    "hooks": "hook",
    "sheets": "sheet",
}


def _place(location: tuple[int | str, ...], spec: dict[str, Any]) -> list[str]:
    """A pydantic error location in the spec's own words: [table `施策 list`, column `施策名`, `words`]."""
    words: list[str] = []
    node: Any = spec
    collection: str | None = None
    for step in location:
        present = (isinstance(node, list) and isinstance(step, int) and step < len(node)) or (
            isinstance(node, dict) and step in node
        )
        if not present and isinstance(step, str) and step != location[-1]:
            continue  # a union's tag, not a key of the file
        child = node[step] if present else None
        if collection is not None and (isinstance(step, int) or collection in ("checks", "hooks")):
            label = step
            if isinstance(child, dict):
                label = next((child[k] for k in ("name", "role", "id", "table") if k in child), step)
            words[-1] = f"{NOUNS.get(collection, collection)} `{label}`"
        else:
            words.append(f"`{step}`")
        collection = step if isinstance(step, str) and step in NOUNS else None
        node = child
    return words


def validate(raw: Any, source: str) -> SeriesSpec:
    """The spec, or `SpecError` with one sentence per problem."""
    if not isinstance(raw, dict):
        raise SpecError(f"{source}: a spec is a mapping of `profile_id`, `description`, `detection`, `tables` ….")
    try:
        return SeriesSpec.model_validate(raw)
    except ValidationError as error:
        sentences = []
        for problem in error.errors():
            where = _place(problem["loc"], raw)
            kind = problem["type"]
            if kind == "missing":
                what = "is missing"
            elif kind == "extra_forbidden":
                what = "is not part of the format"
            else:
                what = problem["msg"].removeprefix("Value error, ")
            if kind == "value_error" and where and where[-1].startswith("`"):
                # A field's own check speaks of its owner: column `title` has no words.
                where = where[:-1]
            if kind in ("missing", "extra_forbidden") or (kind == "value_error" and not what.startswith("its")):
                joined = " ".join([": ".join(where), what]) if where else what
            else:
                joined = ": ".join([*where, what])
            sentences.append(f"{source}: {joined}.")
        raise SpecError("\n".join(sentences)) from None


def load(path: Path) -> SeriesSpec:
    """Read and validate one spec file."""
    source = path.as_posix()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        raise SpecError(f"{source}: not YAML ({error}).") from None
    return validate(raw, source)


def json_schema() -> dict[str, Any]:
    """The published schema of a spec file."""
    return SeriesSpec.model_json_schema()


def _listed_members(spec: SeriesSpec) -> None:
    """A group_counts check's declared list names a declared table and columns it has."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    for check_name, check in spec.checks.items():
        if not isinstance(check, GroupCounts) or check.members is None:
            continue
        listed = check.members
        if listed.table not in tables:
            raise ValueError(f"check `{check_name}` names the table `{listed.table}`, which is not declared")
        for role in (listed.category, listed.group):
            if role is not None and role not in tables[listed.table]:
                raise ValueError(f"check `{check_name}` names the column `{role}`, which `{listed.table}` lacks")


def _chart_legend_references(spec: SeriesSpec, tables: set[str], figure_rules: set[str]) -> None:
    """A chart_legend check follows a declared group_counts check, by a declared rule, from a declared table."""
    for name, check in spec.checks.items():
        if not isinstance(check, ChartLegend):
            continue
        if not isinstance(spec.checks.get(check.after), GroupCounts):
            raise ValueError(f"check `{name}` follows `{check.after}`, which is no group_counts check")
        if check.rule not in figure_rules:
            raise ValueError(f"check `{name}` names the figure rule `{check.rule}`, which is not declared")
        if check.table is not None and check.table not in tables:
            raise ValueError(f"check `{name}` names the table `{check.table}`, which is not declared")
        if check.table is None and check.line is None:
            raise ValueError(f"check `{name}` names neither a legend `table` nor a legend `line`")


def _sheet_rows_of(spec: SeriesSpec) -> None:
    """A sheet's `row_of` names a declared table, one of its columns' roles and one of the sheet's fields."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    for sheet in spec.sheets:
        row_of = sheet.row_of
        if row_of is None:
            continue
        if row_of.table not in tables:
            raise ValueError(f"sheet `{sheet.name}` is the record of a row of `{row_of.table}`, which is not declared")
        if row_of.role not in tables[row_of.table]:
            raise ValueError(f"sheet `{sheet.name}` names the column `{row_of.role}`, which `{row_of.table}` lacks")
        if row_of.field not in sheet.fields:
            raise ValueError(f"sheet `{sheet.name}` pairs by the field `{row_of.field}`, which it does not declare")


def _sheet_place(spec: SeriesSpec, check_name: str, place: SheetPlace) -> None:
    """A same_fact place on a sheet names a declared sheet paired with a table's rows, and one of its fields."""
    sheet = next((s for s in spec.sheets if s.name == place.sheet), None)
    if sheet is None or sheet.row_of is None:
        raise ValueError(f"check `{check_name}` names the sheet `{place.sheet}`, which no sheet with `row_of` declares")
    if place.value not in sheet.fields:
        raise ValueError(f"check `{check_name}` names the field `{place.value}`, which `{place.sheet}` lacks")


def _labelled_count_references(spec: SeriesSpec) -> None:
    """A labelled_count check names a figure rule, a declared table and a column of it."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    for check_name, check in spec.checks.items():
        if not isinstance(check, LabelledCount):
            continue
        if check.rule not in {r.id for r in spec.rules.figures}:
            raise ValueError(f"check `{check_name}` names the figure rule `{check.rule}`, which is not declared")
        if check.members.table not in tables:
            raise ValueError(f"check `{check_name}` names the table `{check.members.table}`, which is not declared")
        if check.members.role not in tables[check.members.table]:
            raise ValueError(
                f"check `{check_name}` names the column `{check.members.role}`, which `{check.members.table}` lacks"
            )


def _grades_against_record_references(spec: SeriesSpec) -> None:
    """A `grades_against_record` map pairs a `year_grades` table with a sheet graded and paired with its rows,
    names `year_grades` tables as places and plan, and same_fact checks without places."""
    graded = {m.table for m in spec.rows.year_grades}
    for mapping in spec.rows.grades_against_record:
        sheet = next((s for s in spec.sheets if s.name == mapping.sheet), None)
        if sheet is None or sheet.grades is None or sheet.row_of is None or sheet.row_of.table != mapping.table:
            raise ValueError(
                f"`{mapping.table}` is graded against the sheet `{mapping.sheet}`, which no sheet with `grades` "
                f"and `row_of: {{table: {mapping.table}}}` declares"
            )
        plan = mapping.plan.table if mapping.plan is not None else None
        for table in [p.table for p in mapping.places] + ([plan] if plan else []):
            if table not in graded:
                raise ValueError(f"`{mapping.table}` names the table `{table}`, which no `year_grades` map reads")
        checks = [mapping.given, mapping.plan.check if mapping.plan is not None else None]
        for name in filter(None, checks):
            check = spec.checks.get(name)
            if not isinstance(check, SameFact) or check.first is not None:
                raise ValueError(f"`{mapping.table}` names `{name}`, which is no same_fact check without places")


def _listed_heading_references(spec: SeriesSpec) -> None:
    """Listed headings name a declared heading with `number` and `title` fields, a numbered list and a same_fact
    check without places; a column_values map's heading is one of them."""
    numbered = {m.table for m in spec.rows.measures if m.numbered is not None}
    for listed in spec.listed_headings:
        heading = spec.headings.get(listed.heading)
        if heading is None or not {"number", "title"} <= set(re.compile(heading.pattern).groupindex):
            raise ValueError(f"listed heading `{listed.heading}` is no declared heading with `number` and `title`")
        if listed.list not in numbered:
            raise ValueError(f"listed heading `{listed.heading}` names `{listed.list}`, which no numbered map reads")
        check = spec.checks.get(listed.title_check) if listed.title_check is not None else None
        if listed.title_check is not None and (not isinstance(check, SameFact) or check.first is not None):
            raise ValueError(f"`{listed.title_check}` is no same_fact check without places")
    names = {listed.heading for listed in spec.listed_headings}
    for mapping in [*spec.rows.column_values, *spec.rows.indicator_values]:
        if mapping.heading is not None and mapping.heading not in names:
            raise ValueError(f"the values of `{mapping.table}` name `{mapping.heading}`, which no listed heading is")


def _record_count_references(spec: SeriesSpec, figure_rules: set[str]) -> None:
    """A record_count check counts the total row of a declared group_counts check by a declared rule."""
    for name, check in spec.checks.items():
        if not isinstance(check, RecordCount):
            continue
        if not isinstance(spec.checks.get(check.cross_tab), GroupCounts):
            raise ValueError(f"check `{name}` counts the total row of `{check.cross_tab}`, no group_counts check")
        if check.rule not in figure_rules:
            raise ValueError(f"check `{name}` names the figure rule `{check.rule}`, which is not declared")


def _stated_breakdown_rules(spec: SeriesSpec) -> None:
    """A stated_breakdown check names declared figure rules."""
    figure_rules = {r.id for r in spec.rules.figures}
    for name, check in spec.checks.items():
        if isinstance(check, StatedBreakdown):
            for rule in check.rules():
                if rule not in figure_rules:
                    raise ValueError(f"check `{name}` names the figure rule `{rule}`, which is not declared")


def _line_totals_references(spec: SeriesSpec) -> None:
    """A line_totals check names a declared table with year columns, columns it has, and declared figure rules
    of the aggregates they recompute (a ratio written in a label: `ratio_percent`; the others: `sum`)."""
    tables = {t.name: t for t in spec.tables}
    figure_rules = {r.id: r for r in spec.rules.figures}
    for name, check in spec.checks.items():
        if not isinstance(check, LineTotalsCheck):
            continue
        table = tables.get(check.table)
        if table is None:
            raise ValueError(f"check `{name}` names the table `{check.table}`, which is not declared")
        if not table.years:
            raise ValueError(f"check `{name}` totals the years of `{check.table}`, which declares no `years: true`")
        roles = {c.role for c in table.columns}
        for role in [*check.groups, *([check.total_column] if check.total_column else [])]:
            if role not in roles:
                raise ValueError(f"check `{name}` names the column `{role}`, which `{check.table}` lacks")
        named = [(check.rule, "sum"), (check.funding_rule, "sum"), (check.formula_rule, "sum")]
        for rule, aggregate in [*named, (check.ratio_rule, "ratio_percent")]:
            if rule is None:
                continue
            if rule not in figure_rules:
                raise ValueError(f"check `{name}` names the figure rule `{rule}`, which is not declared")
            if figure_rules[rule].aggregate != aggregate:
                raise ValueError(f"check `{name}` names the figure rule `{rule}`, which is no `{aggregate}` rule")


def _category_count_references(spec: SeriesSpec) -> None:
    """Category counts name a declared table and columns it has."""
    tables = {t.name: {c.role for c in t.columns} for t in spec.tables}
    for counts in spec.category_counts:
        if counts.table not in tables:
            raise ValueError(f"the counts `{counts.name}` name the table `{counts.table}`, which is not declared")
        for role in filter(None, (counts.category, counts.count)):
            if role not in tables[counts.table]:
                raise ValueError(f"the counts `{counts.name}` name the column `{role}`, which `{counts.table}` lacks")
