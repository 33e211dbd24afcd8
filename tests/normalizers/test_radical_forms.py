"""Radical forms a font's text layer gives for whole characters (Chromium with IPA Mincho prints 民 as ⺠)
read as the characters a person sees."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka import normalizers as nz
from hyoka.normalizers.text import KANGXI_JIS_FORMS, RADICAL_FORMS, fold
from hyoka.specs.tables import squash


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


def test_kangxi_radicals_nfkc_reads_as_old_forms_are_read_as_the_printed_jis_characters() -> None:
    """所沢's 電子黒板整備 and 戸籍システム as Chromium's text layer gives them with IPAex Mincho (⿊, ⼾)."""
    assert nz.text("電子\u2fca板整備").value == "電子黒板整備"
    assert nz.text("\u2f3e籍システム").value == "戸籍システム"
    # ⺟ (CJK RADICAL MOTHER), as the same text layer gives 母 in 母子.
    assert nz.text("\u2e9f子健康手帳").value == "母子健康手帳"


def test_the_jis_forms_are_taken_only_where_nfkc_leaves_jis_x_0208() -> None:
    for cp in range(0x2F00, 0x2FD6):
        radical = chr(cp)
        by_nfkc = unicodedata.normalize("NFKC", radical)
        if cp in KANGXI_JIS_FORMS:
            assert not _in_jis_x_0208(by_nfkc)
            assert _in_jis_x_0208(fold(radical)), radical
        else:
            assert _in_jis_x_0208(by_nfkc) and fold(radical) == by_nfkc, radical


def _in_jis_x_0208(ch: str) -> bool:
    try:
        ch.encode("euc_jp")
    except UnicodeEncodeError:
        return False
    return True


_KANA_AND_ASCII = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x20, max_codepoint=0x7E),
        st.characters(min_codepoint=0x3041, max_codepoint=0x3096),
        st.characters(min_codepoint=0x30A1, max_codepoint=0x30FA),
    ),
    max_size=30,
)
_RADICALS = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x2E80, max_codepoint=0x2EF3),
        st.characters(min_codepoint=0x2F00, max_codepoint=0x2FD5),
        st.sampled_from("黒戸民母 \u0336"),
    ),
    max_size=10,
)


@settings(max_examples=300, deadline=None)
@given(_KANA_AND_ASCII, _RADICALS)
def test_folding_radicals_is_idempotent_and_leaves_ascii_and_kana_alone(plain: str, radicals: str) -> None:
    assert fold(fold(radicals + plain)) == fold(radicals + plain)
    # Only whitespace is collapsed in ASCII and kana.
    assert fold(plain) == " ".join(plain.split())
