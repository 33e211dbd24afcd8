"""The first builder's variant schedule: which layout knobs (landscape lists, column order, header
wordings, group rows) each variant of every report turns on."""

from __future__ import annotations

from samples.build.common import (
    AMOUNT_HEADS,
    COLUMN_ORDER,
    GROUP_ROWS,
    HEADER_WORDING,
    LANDSCAPE,
    REVENUE_HEADS,
    Variant,
)

KNOBS = (LANDSCAPE, COLUMN_ORDER, HEADER_WORDING, GROUP_ROWS)


def test_every_knob_is_in_several_variants_and_every_variant_combines_several() -> None:
    variants = [Variant(n) for n in range(1, 10)]
    assert {k: sum(k in v.knobs for v in variants) >= 2 for k in KNOBS} == dict.fromkeys(KNOBS, True)
    assert all(len(v.knobs) >= 2 for v in variants)
    assert Variant(0).knobs == frozenset()
    assert Variant(10).knobs == Variant(1).knobs


def test_a_reworded_variant_prints_the_other_forms_of_a_head() -> None:
    reworded = [Variant(n) for n in range(1, 10) if HEADER_WORDING in Variant(n).knobs]
    canonical = "{item}\n(千円)"
    printed = {v.head(AMOUNT_HEADS, canonical, item="事業費") for v in reworded}
    assert printed == {"事業費 (千円)", "事業費（千円）"}
    assert {v.head(REVENUE_HEADS, "うち\n一般財源") for v in reworded} == {"うち 一般財源", "うち一般財源"}
    plain = next(Variant(n) for n in range(1, 10) if HEADER_WORDING not in Variant(n).knobs)
    assert plain.head(AMOUNT_HEADS, canonical, item="事業費") == "事業費\n(千円)"
