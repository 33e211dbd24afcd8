"""北海道 基本評価調書: the `read` hook of its spec (profiles/hokkaido_basic_evaluation.yaml).

The spec declares the 事務事業 table (its measures and budgets rows, its 計 row, 人工計 and フルコスト
checks, the values typed among its formulas), 1 施策の予算額 by year and its sum, the 成果指標 blocks of 3 and
their 3-2 grids (rows, 達成度合 grades and 達成率 recomputed, `label_grids`), 5 (1) 達成度合の集計 and its
counts, 5 (2) 基準1–4 and the 判定 (`marked_criteria`), 7 (3) 反映状況 with the list it counts, 7 (1) 対応
with the 次年度新規事業 it counts and the 方向性 its lines state, 施策名 and 施策コード, the rules and the
checks. This hook reads what only this 調書 relates: the latest 達成度合 by 政策体系 that 5 (1) counts,
and 5 (1) 成果指標の分析's grades.
"""

from __future__ import annotations

import re

from hyoka import normalizers as nz
from hyoka.audit.rules import Figure, GradeCase
from hyoka.specs import Reading
from hyoka.specs.group_counts import Grouped, Member, group_rows
from hyoka.specs.label_grids import Block, StatedLevel, as_printed, stated_levels
from hyoka.specs.locate import not_read
from hyoka.specs.schema import GroupCounts
from hyoka.specs.tables import squash, starting, where

# The spec's check of 5 (1) 達成度合の集計, whose rows count the indicators by 政策体系.
LEVEL_COUNTS_CHECK = "level counts"
# The spec's label_grids form of the 成果指標 blocks and their 3-2 grids.
INDICATORS = "成果指標"


def read(reading: Reading) -> None:
    _Reading(reading).read()


class _Reading:
    """One document's reading: rows and cases added to the spec profile's, with the problems met on the way."""

    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.document = reading.document
        self.out = reading.output
        self.cases = reading.output.cases
        self.grade_rule = reading.grade_rule
        self.places: dict[str, str] = reading.words("places")
        # The labels of 3 成果指標の設定 whose values the hook reads, by what each value is.
        self.indicator_labels: dict[str, str] = reading.words("indicator_labels")
        # The latest stated 達成度合 of each indicator, with the 達成率 of its year.
        self.latest_levels: dict[str, StatedLevel] = {}
        # The latest printed 達成率 of each indicator (year, figure): what 5 (1) grades this year.
        self.latest_rates: dict[str, tuple[int | None, Figure | None]] = {}

    def read(self) -> None:
        indicators = self.reading.label_grids[INDICATORS]
        for indicator in indicators:
            self._indicator(indicator)
        self._level_counts(indicators)

    # 3 成果指標 / 3-2 達成度合 ----------------------------------------------------
    def _indicator(self, ind: Block) -> None:
        """The latest 達成度合 and 達成率 5 (1) reads."""
        grid = next(g.grid for g in self.reading.spec.label_grids if g.name == INDICATORS)
        if levels := stated_levels(grid, ind):
            self.latest_levels[ind.key] = levels[-1]
        if (rated := ind.latest("achievement_rate")) is not None:
            self.latest_rates[ind.key] = (rated.fiscal_year, as_printed(rated.line("achievement_rate"), "達成率"))

    # 5 (1) 達成度合の集計 ----------------------------------------------------------
    def _level_counts(self, indicators: list[Block]) -> None:
        """What 5 (1) 達成度合の集計 counts (the spec's group_counts check): each indicator's latest stated
        達成度合, under the 政策体系 its block prints."""
        self._analysis_grades(indicators)
        check = self.reading.spec.checks[LEVEL_COUNTS_CHECK]
        assert isinstance(check, GroupCounts)
        systems = {
            ind.key: nz.text(policy.text).value
            if (policy := ind.value_below(self.indicator_labels["policy"]))
            else None
            for ind in indicators
        }
        # The letters counted are the 3-2 達成度合 of every indicator: unread when a block's grid was not read.
        unread = None if indicators and all(ind.levels for ind in indicators) else not_read("3-2 達成度合の表")
        if any(system is None for system in systems.values()):
            # An indicator block that prints no 政策体系 belongs to the one the 集計 lists, when it lists one;
            # among several, which row counts it is not printed.
            located = self.reading.located[check.table]
            listed = {row.label for loc in located for row in group_rows(check, loc) if row.kind != "total"}
            if len(listed) == 1:
                systems = {key: system or next(iter(listed)) for key, system in systems.items()}
            else:
                unread = unread or not_read("各成果指標の政策体系")
        groups: dict[str, list[Member]] = {}
        for key, level in self.latest_levels.items():
            member = Member(level.letter, Figure(None, level.letter, where(level.located.cell), "exact", key))
            groups.setdefault(systems.get(key) or "", []).append(member)
        self.reading.members[(check.population, "")] = Grouped(groups, unread=unread, name="3-2 達成度合")

    def _analysis_grades(self, indicators: list[Block]) -> None:
        """The 【A】 after each indicator's name in 5 (1) 成果指標の分析: a stated grade, and a cross-reference."""
        latest = self.latest_levels
        names = {ind.key: squash(ind.name.text) for ind in indicators if ind.name is not None}
        for analysis in starting(self.document, "<", "〈", "＜"):
            for match in re.finditer(r"[<〈]([^<>〈〉【】]+)【([A-Da-d-])】", nz.text(analysis.text).value or ""):
                key = next(
                    (
                        k
                        for k, n in names.items()
                        if squash(match.group(1)) in n or n.startswith(squash(match.group(1)))
                    ),
                    None,
                )
                if key is None or key not in latest:
                    continue
                level = latest[key]
                # 5 (1) grades the latest printed 達成率, whichever 評価年度 the last stated letter stands under.
                year, stated_rate = self.latest_rates.get(key, (level.fiscal_year, level.graded_on))
                inputs = (stated_rate,) if stated_rate is not None else ()
                self.cases.append(
                    GradeCase(
                        self.grade_rule("hokkaido_achievement_level"),
                        match.group(2),
                        where(analysis.cell),
                        inputs,
                        None,
                        year,
                        place=self.places["analysis"],
                    )
                )
                self.cases.append(
                    self.reading.same_fact_case(
                        "analysis level",
                        f"{self.places['analysis']} {key} vs {self.places['levels']}",
                        key,
                        (match.group(2), where(analysis.cell)),
                        (level.letter, where(level.located.cell)),
                    )
                )
