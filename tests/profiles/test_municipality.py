import re

import pytest

from hyoka.profiles.municipality import check_digit, code_table, identify


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


def test_every_code_of_the_list_carries_its_check_digit() -> None:
    assert all(m.code[5] == check_digit(m.code[:5]) for m in code_table())


def test_code_table_has_prefectures_designated_cities_and_towns_but_not_wards() -> None:
    by_code = {m.code: m for m in code_table()}
    assert by_code["010006"].name == "北海道"
    assert by_code["141003"].name == "横浜市"
    assert by_code["271004"].name == "大阪市"
    assert by_code["112089"].name == "所沢市"
    assert by_code["131172"].name == "北区"  # Tokyo's special wards are municipalities
    assert not any(re.fullmatch(r".+市.+区", m.name) for m in code_table())  # a designated city's wards are not
    assert sum(m.code[2:5] == "000" for m in code_table()) == 47
    assert len(code_table()) == 1788  # 47 prefectures, 1,718 municipalities, 23 special wards


# Designated cities with the codes 総務省 gives them (no longer derived from a ward's code).
DESIGNATED_CITIES = {
    "札幌市": "011002",
    "仙台市": "041009",
    "さいたま市": "111007",
    "横浜市": "141003",
    "川崎市": "141305",
    "相模原市": "141500",
    "浜松市": "221309",
    "名古屋市": "231002",
    "堺市": "271403",
    "神戸市": "281000",
    "北九州市": "401005",
    "福岡市": "401307",
    "熊本市": "431001",
}


@pytest.mark.parametrize(("city", "code"), DESIGNATED_CITIES.items())
def test_designated_cities_have_their_listed_codes(city: str, code: str) -> None:
    assert [m.code for m in code_table() if m.name == city] == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("札幌市中央区 まちづくり推進課", "011002"),
        ("浜松市浜名区 地域振興課", "221309"),
        ("川崎市 中原区役所", "141305"),
        ("さいたま市浦和区", "111007"),
    ],
)
def test_a_ward_of_a_designated_city_names_the_city(text: str, code: str) -> None:
    found = identify([text])
    assert found is not None and found.code == code


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["伊達市 情報化推進計画", "北海道"], "012335"),
        (["伊達市 情報化推進計画", "福島県"], "072133"),
        (["美里町 行政評価", "熊本県"], "433489"),
        (["美里町 行政評価", "宮城県"], "045055"),
        (["森町 事務事業評価", "静岡県"], "224618"),
    ],
)
def test_same_name_towns_are_told_apart_by_their_prefecture(texts: list[str], code: str) -> None:
    found = identify(texts)
    assert found is not None and found.code == code
    assert identify(texts[:1]) is None


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
    assert by_code["414018"] == "有田町"  # 西松浦郡有田町 in postal data
    assert by_code["134015"] == "八丈町"  # 八丈島八丈町 in postal data
    assert by_code["292036"] == "大和郡山市"  # a city whose name holds 郡 keeps it
    assert by_code["273015"] == "島本町"  # 三島郡島本町: the district, not the 島 in the name
