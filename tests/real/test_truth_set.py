"""The generic reader on real sheets of two cities no profile knows (tests/data/real/truth-set/),
scored against their hand-read truth: figures, titles and judgements in the tidy tables, every
printed total of a table recomputed, and no false alarm. The misses and their causes are in
tests/real/README.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hyoka.pipeline.ingest import Task, file_sha256, run_task
from tests.real.scoring import (
    Score,
    Tables,
    false_alarms,
    score_budgets,
    score_document,
    score_indicators,
    score_judgements,
    score_totals,
)

SHEETS = sorted((Path(__file__).parents[1] / "data" / "real" / "truth-set").glob("*.pdf"))


@pytest.fixture(scope="module")
def read() -> dict[str, Tables]:
    outcomes = {path.name: run_task(Task(str(path), path.name, file_sha256(path))) for path in SHEETS}
    return {name: Tables(o.document, o.tables) for name, o in outcomes.items()}


def test_figures_titles_and_judgements_are_in_the_tidy_tables(read: dict[str, Tables]) -> None:
    score = Score()
    for name, tables in read.items():
        score_document(name, tables, score)
        score_budgets(name, tables, score)
        score_indicators(name, tables, score)
        score_judgements(name, tables, score)
    print(f"\nfound {score.found} of {score.total}; misses:\n" + "\n".join(score.misses))
    assert len(SHEETS) == 18
    assert score.found >= 0.95 * score.total, score.misses


def test_every_printed_total_is_recomputed(read: dict[str, Tables]) -> None:
    score = Score()
    for name, tables in read.items():
        score_totals(name, tables, score)
    print(f"\ntotals recomputed {score.found} of {score.total}; misses:\n" + "\n".join(score.misses))
    assert score.total >= 54
    # Those printed in sentences too (利用者13名（…10名、…2名、…1名）, 45件（…15件/年×3年）).
    assert not score.misses


def test_no_false_alarm(read: dict[str, Tables]) -> None:
    alarms = [alarm for tables in read.values() for alarm in false_alarms(tables)]
    assert not alarms


def test_nothing_is_quarantined_or_failed(read: dict[str, Tables]) -> None:
    assert all(t.document["status"] != "failed" for t in read.values())
    assert all(
        "quarantine" not in t.tables or t.tables["quarantine"].query("table != 'cells'").empty for t in read.values()
    )
