"""所沢市 ICT推進アクションプラン 進捗状況評価: the truth against the seed, the sample PDF against the truth,
the builder's determinism and its other editions."""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from samples.build.common import SAMPLES_DIR, SEEDS_DIR, TRUTH_DIR
from tests.samples.conftest import page_texts

REPORT = "tokorozawa_ict_action_plan"
TRUTH = TRUTH_DIR / REPORT
SEED = SEEDS_DIR / "004_ab08bbd31ea9631a.txt"
PDF = SAMPLES_DIR / f"{REPORT}.pdf"


def rows(name: str, folder: Path = TRUTH) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def squash(text: str) -> str:
    """NFKC without any whitespace: print-wraps and the seed's spacing then compare equal."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def seed() -> list[str]:
    return SEED.read_text(encoding="utf-8").splitlines()


def on_lines(seed: list[str], seed_line: str) -> str:
    return squash("".join(seed[int(n) - 1] for n in seed_line.split()))


@pytest.fixture(scope="module")
def sample_pages() -> list[str]:
    return page_texts(PDF)


# -- truth against the seed ----------------------------------------------------------------------------------
def test_truth_counts_match_the_seed() -> None:
    measures = rows("measures")
    assert len(measures) == 58
    assert len({m["measure_key"] for m in measures}) == 58
    assert Counter(m["group_name"][:5] for m in measures) == {"ビジョン1": 20, "ビジョン2": 35, "ビジョン3": 3}
    assert len(rows("table_grade_list")) == 58
    assert len(rows("table_reference_grades")) == 58
    assert len(rows("budgets")) == 58 * 3 * 2
    places = Counter((g["place"], g["grade_type"]) for g in rows("grades"))
    assert places == {
        ("list", "r3_progress"): 58, ("list", "final"): 58, ("sheet", "r3_progress"): 58, ("sheet", "final"): 58,
        ("reference", "r1"): 58, ("reference", "r2"): 58, ("reference", "r3_progress"): 58,
        ("reference", "final"): 58,
    }  # fmt: skip
    assert len(rows("table_vision_summary_3_1")) == len(rows("table_vision_summary_3_2")) == 3


def test_document_row() -> None:
    (doc,) = rows("document")
    code = doc["municipality_code"]
    weights = (6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(code[:5], weights, strict=True)) % 11
    assert int(code[5]) == check % 10
    assert (doc["municipality"], code, doc["report_fiscal_year"]) == ("所沢市", "112089", "2021")


def test_every_truth_value_is_printed_on_its_seed_line(seed: list[str]) -> None:
    for m in rows("measures"):
        lines = on_lines(seed, m["seed_line"])
        assert squash(m["title"]) in lines and squash(m["divisions"]) in lines and squash(m["stage"]) in lines
    for name in ("budgets", "grades"):
        for r in rows(name):
            assert squash(r["value_text"]) in on_lines(seed, r["seed_line"]), (name, r)
    for r in rows("table_grade_list") + rows("table_reference_grades"):
        printed = on_lines(seed, r["seed_line"])
        for col, text in r.items():
            if col not in ("seed_line", "ビジョン"):
                assert squash(text) in printed, (col, r)
    for name in ("table_vision_summary_3_1", "table_vision_summary_3_2", "table_evaluation_criteria",
                 "table_figure_3_1", "table_figure_3_2", "table_narrative_totals"):  # fmt: skip
        for r in rows(name):
            printed = on_lines(seed, r["seed_line"])
            for col, text in r.items():
                if col in ("seed_line", "grade_type") or not text:
                    continue
                assert squash(text) in printed, (name, col, r)


def test_inconsistencies_are_real(seed: list[str]) -> None:
    found = rows("inconsistencies")
    assert Counter(f["kind"] for f in found) == {
        "narrative_total_mismatch": 1, "department_mismatch": 1, "name_mismatch": 1,
        "settlement_exceeds_budget": 3, "fiscal_year_header": 1,
    }  # fmt: skip
    for f in found:
        first = f["seed_line"].split()[0]
        assert squash(f["stated"].split(",")[0].removeprefix("A ")) in on_lines(seed, first), f
    budgets = {(b["measure_key"], b["fiscal_year"], b["item"]): float(b["amount"]) for b in rows("budgets")}
    over = sorted(
        (key, year) for (key, year, item) in budgets if item == "budget"
        and budgets[(key, year, "settlement")] > budgets[(key, year, "budget")]
    )  # fmt: skip
    assert over == [("20", "2020"), ("24", "2021"), ("61", "2019")]
    final = Counter(g["stated_grade"] for g in rows("grades") if g["place"] == "list" and g["grade_type"] == "final")
    assert (final["A"], final["B"]) == (51, 7)
    stated = next(n for n in rows("table_narrative_totals") if n["grade_type"] == "final" and n["count_a"])
    assert (stated["count_a"], stated["count_b"]) == ("49", "9")


def test_the_builder_model_recomputes_the_hand_found_inconsistencies() -> None:
    from samples.build.tokorozawa_ict_action_plan_model import inconsistencies, load_canonical

    computed = sorted((f["kind"], f["stated"]) for f in inconsistencies(load_canonical(TRUTH_DIR)))
    hand = sorted((f["kind"], f["stated"]) for f in rows("inconsistencies"))
    assert computed == hand


# -- the sample PDF against the truth ------------------------------------------------------------------------
def test_sample_pdf_has_a_text_layer_with_every_value(sample_pages: list[str]) -> None:
    text = "\n".join(sample_pages)
    assert "(cid:" not in text
    flat = squash(text)
    for m in rows("measures"):
        assert squash(m["title"]) in flat and squash(m["divisions"]) in flat
    amounts = Counter(b["value_text"] for b in rows("budgets"))
    for value, n in amounts.items():
        assert len(re.findall(rf"(?<![0-9,]){re.escape(value)}(?![0-9,])", text)) >= n, value
    for r in rows("table_vision_summary_3_1") + rows("table_vision_summary_3_2"):
        for col in ("Ａ評価", "Ｂ評価", "Ｃ評価", "Ｄ評価"):
            count, _, share = r[col].partition("（")
            assert squash(count) in flat and squash("（" + share) in flat
    for n in rows("table_narrative_totals"):
        assert squash(n["sentence"]) in flat
    assert "R1年度予算 R1年度予算 R3年度予算" in text
    assert text.count("Ａ：適切") >= 100 and "Ｂ：おおむね適切" in text


def test_grade_list_runs_over_pages_with_its_header(sample_pages: list[str]) -> None:
    list_pages = [p for p in sample_pages if "主担当課" in p and "Ｐ." in p]
    assert len(list_pages) >= 2
    reference_pages = [p for p in sample_pages if "主担当課" in p and "R1 R2 R3 総括" in p]
    assert len(reference_pages) >= 2


# -- determinism and editions --------------------------------------------------------------------------------
def test_rebuild_is_identical(edition: Callable[[int], Path], sample_pages: list[str]) -> None:
    assert page_texts(edition(0) / PDF.name) == sample_pages
    assert not (edition(0) / "truth").exists()


def test_variant_differs_and_matches_its_own_truth(edition: Callable[[int], Path]) -> None:
    truth = edition(3) / "truth" / REPORT
    measures = rows("measures", truth)
    assert measures != rows("measures")
    assert {m["title"] for m in measures} - {m["title"] for m in rows("measures")}
    assert {b["fiscal_year"] for b in rows("budgets", truth)} != {"2019", "2020", "2021"}
    flat = squash("\n".join(page_texts(edition(3) / PDF.name)))
    for m in measures:
        assert squash(m["title"]) in flat
    for b in rows("budgets", truth):
        assert squash(b["value_text"]) in flat
    for r in rows("table_vision_summary_3_2", truth):
        count, _, share = r["Ａ評価"].partition("（")
        assert squash(count) in flat and squash("（" + share) in flat
    kinds = {f["kind"] for f in rows("inconsistencies", truth)}
    assert {"narrative_total_mismatch", "grade_mismatch", "settlement_exceeds_budget"} <= kinds
