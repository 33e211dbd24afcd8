"""Radical forms a font's text layer gives for whole characters (Chromium with IPA Mincho prints 民 as ⺠)
read as the characters a person sees."""

from __future__ import annotations

import unicodedata

import normalizers as nz
from normalizers.text import RADICAL_FORMS
from profiles.tables import squash


def test_the_civilian_radical_reads_as_min_in_a_title() -> None:
    assert nz.text("横浜市官\u2ea0データ活用推進計画").value == "横浜市官民データ活用推進計画"
    assert squash("官\u2ea0 データ") == "官民データ"


def test_kangxi_radicals_and_supplement_forms_both_read_as_ideographs() -> None:
    # ⼈ (KANGXI RADICAL MAN) is folded by NFKC, ⻑ (CJK RADICAL LONG ONE) by the radical table.
    assert nz.text("\u2f08\u2ed1").value == "人長"


def test_every_folded_form_is_a_supplement_radical_read_as_a_unified_ideograph() -> None:
    for source, target in RADICAL_FORMS.items():
        assert 0x2E80 <= source <= 0x2EFF
        assert unicodedata.name(chr(source)).startswith("CJK RADICAL ")
        assert unicodedata.name(str(target)).startswith("CJK UNIFIED IDEOGRAPH-")


def test_component_forms_are_left_alone() -> None:
    """⺡ (the water radical's left-side form) never stands for a whole character."""
    assert nz.text("\u2ea1").value == "\u2ea1"
