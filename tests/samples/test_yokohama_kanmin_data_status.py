"""The 横浜市 官民データ活用推進計画 取組状況 sample: truth against the seed, PDF against the truth,
and the builder's determinism and variants."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from samples.build import yokohama_kanmin_data_status as builder
from samples.build.common import SAMPLES_DIR, TRUTH_DIR, Variant, read_truth, seed_lines
from tests.samples.conftest import page_texts

REPORT = builder.REPORT
PDF = SAMPLES_DIR / builder.PDF_NAME
SEED = seed_lines(builder.SEED_FILE)

# The extraction's garbles, as the truth README records them: the I▪TOP platform name and the dash.
SEED_GARBLES = (
    (re.compile(r"I\s*[□⁻っ¬-]\s*TOP"), "I-TOP"),
    (re.compile(r"_"), "－"),
    (re.compile(r"\*\s*1"), "※1"),
)


def truth(name: str, truth_dir: Path = TRUTH_DIR) -> list[dict[str, str]]:
    return read_truth(REPORT, name, truth_dir)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_columns(seed_line: str) -> list[str]:
    """For each tab-separated column, that column's text over the named seed lines joined (a table cell
    wrapped over several lines), plus the whole lines joined; whitespace removed, garbles read."""
    rows = []
    for number in seed_line.split():
        text = SEED[int(number) - 1]
        for pattern, repl in SEED_GARBLES:
            text = pattern.sub(repl, text)
        rows.append(text.split("\t"))
    width = max(len(r) for r in rows)
    columns = ["".join(squeeze(r[c]) for r in rows if c < len(r)) for c in range(width)]
    return [*columns, "".join(squeeze("".join(r)) for r in rows)]


def on_seed_line(text: str, seed_line: str) -> bool:
    return any(squeeze(text) in column for column in seed_columns(seed_line))


def seed_indicator_rows() -> list[tuple[int, list[str]]]:
    """(line number, cells) of every row of the seed's evaluation-indicator tables."""
    rows = []
    in_table = False
    for number, line in enumerate(SEED, start=1):
        if line.startswith("評価指標\t"):
            in_table = True
        elif in_table and "\t" in line:
            rows.append((number, line.split("\t")))
        elif not line.strip():
            in_table = False
    return rows


def pdf_tables(path: Path) -> list[list[str]]:
    """Every table row in the PDF, each cell's wrapped lines joined."""
    rows = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                rows += [[squeeze(cell or "") for cell in row] for row in table]
    return rows


@pytest.fixture(scope="module")
def sample_pages() -> list[str]:
    return page_texts(PDF)


@pytest.fixture(scope="module")
def sample_tables() -> list[list[str]]:
    return pdf_tables(PDF)


# ---------------------------------------------------------------- truth against the seed


def test_document_row() -> None:
    (doc,) = truth("document")
    assert doc["municipality"] == "横浜市"
    code = doc["municipality_code"]
    check = 11 - sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True)) % 11
    assert int(code[5]) == check % 10
    assert squeeze(doc["title"]) == squeeze(SEED[0])
    assert doc["issued"] == SEED[2].strip()


def test_nine_measures_match_the_seed_list() -> None:
    measures = truth("measures")
    listed = [line for line in SEED if re.match(r"^施策\s*\d\s", line)]
    assert len(measures) == len(listed) == 9
    assert {m["level"] for m in measures} == {"施策"}
    for m in measures:
        assert on_seed_line(m["title"], m["seed_line"]), m["measure_key"]
        assert on_seed_line(f"【{m['departments_text']}】", m["seed_line"]), m["measure_key"]


def test_indicators_match_the_seed_tables() -> None:
    values = truth("indicator_values")
    seed_rows = seed_indicator_rows()
    assert len(values) == len(seed_rows) == 27
    assert [int(v["seed_line"]) for v in values] == [number for number, _ in seed_rows]
    assert len({v["indicator_key"] for v in values}) == 27
    for v in values:
        assert on_seed_line(v["indicator_name"], v["seed_line"]), v["indicator_key"]
        assert on_seed_line(v["value_text"], v["seed_line"]), v["indicator_key"]
        assert v["fiscal_year"] == "2018" and v["metric"] == "actual"


def test_indicator_values_parse_their_printed_text() -> None:
    for v in truth("indicator_values"):
        if v["na_marker"]:
            assert v["value"] == "" and v["value_text"] == v["na_marker"]
            continue
        numbers = re.findall(r"\d[\d,]*(?:\.\d+)?", v["value_text"])
        if not v["value"]:
            continue
        assert float(v["value"]) == float(numbers[0].replace(",", "")), v["indicator_key"]
        if v["unit"]:
            assert v["unit"] in v["value_text"]
        if v["parts"]:
            parts = dict(part.split("=") for part in v["parts"].split("; "))
            assert len(parts) == len(numbers)
            for part, number in zip(parts.values(), numbers, strict=True):
                assert number.replace(",", "") in part


def test_status_summary_matches_the_seed_and_the_indicators() -> None:
    summary = truth("table_status_summary")
    stated = [int(n) for n in re.findall(r"\[(\d+)\s*指標\]", "\n".join(SEED[97:115]))]
    per_category = {row["区分"]: int(row["count"]) for row in summary}
    assert list(per_category.values()) == stated
    caption = re.search(r"<(\d+)\s*の評価指標", "\n".join(SEED[95:100]))
    assert caption is not None
    assert sum(stated) == int(caption.group(1)) == len(truth("indicator_values"))
    for row in summary:
        assert on_seed_line(row["主な指標"], row["seed_line"]), row["主な指標"]
        assert on_seed_line(row["指標数"], row["seed_line"]), row["指標数"]


def test_grades_are_the_indicators_the_summary_names() -> None:
    grades = truth("grades")
    keys = {v["indicator_key"] for v in truth("indicator_values")}
    named = [k for row in truth("table_status_summary") for k in row["indicator_keys"].split(" | ")]
    assert [g["indicator_key"] for g in grades] == named
    for g in grades:
        assert g["indicator_key"] in keys
        assert g["grade_type"] == "progress_category"
        assert f"(施策{g['measure_key'].removeprefix('施策')})" in g["value_text"]
        assert on_seed_line(g["stated_grade"], g["seed_line"]), g["indicator_key"]


def test_related_projects_match_the_seed() -> None:
    stated = [int(n) for n in re.findall(r"関連する事業:\s*(\d+)\s*事業", "\n".join(SEED))]
    rows = truth("table_related_projects")
    assert [int(r["count"]) for r in rows] == stated
    assert [r["施策"] for r in rows] == [m["measure_key"] for m in truth("measures")]
    for r in rows:
        assert on_seed_line(r["関連する事業"], r["seed_line"])


def test_rpa_table_matches_the_seed() -> None:
    rows = truth("table_rpa")
    header = next(i for i, line in enumerate(SEED) if line.startswith("No\t対象業務"))
    seed_rows = [line.split("\t") for line in SEED[header + 1 :] if re.match(r"^\d+\t", line)]
    assert len(rows) == len(seed_rows) == 7
    for row, cells in zip(rows, seed_rows, strict=True):
        assert row["No"] == cells[0]
        assert squeeze(row["対象業務"]) == squeeze(cells[1])
        for column in ("年間想定削減時間", "想定削減率"):
            assert on_seed_line(row[column], row["seed_line"])
        if row["saved_minutes"]:
            hours, minutes = re.fullmatch(r"(\d+)時間(?:(\d+)分)?", row["年間想定削減時間"]).groups()  # type: ignore[union-attr]
            assert int(row["saved_minutes"]) == int(hours) * 60 + int(minutes or 0)
            assert row["想定削減率"] == f"{row['reduction_rate']}%"


def test_inconsistencies_hold_on_the_truth() -> None:
    (duplicate,) = truth("inconsistencies")
    names = Counter(v["indicator_name"] for v in truth("indicator_values"))
    repeated = [name for name, n in names.items() if n > 1]
    assert repeated == ["マイナポータル等を活用した電子申請ができる手続の数"]
    assert duplicate["kind"] == "duplicate_indicator"
    assert duplicate["expected"].startswith(str(len(names)))
    # The sentence '6業務中4業務で9割以上' agrees with the table: not an inconsistency.
    rates = [float(r["reduction_rate"]) for r in truth("table_rpa") if r["reduction_rate"]]
    assert (len(rates), sum(rate >= 90 for rate in rates)) == (6, 4)
    assert "6業務中4業務で9割以上" in squeeze(SEED[422])


# ---------------------------------------------------------------- the PDF against the truth


def test_pdf_has_a_japanese_text_layer(sample_pages: list[str]) -> None:
    assert "(cid:" not in "".join(sample_pages)
    assert squeeze(truth("document")[0]["title"]) in squeeze(sample_pages[0])


def test_pdf_contents_page_numbers_match_the_seed(sample_pages: list[str]) -> None:
    seed_toc = [re.search(r"(\d+)\s*$", SEED[n]).group(1) for n in (8, 9, 10)]  # type: ignore[union-attr]
    contents = sample_pages[1].splitlines()
    for number, title_line in zip(seed_toc, (13, 92, 580), strict=True):
        entry = next(line for line in contents if squeeze(line).startswith(squeeze(SEED[title_line - 1])))
        assert entry.split()[-1] == number
    for number, title_line in zip(seed_toc, (13, 92, 580), strict=True):
        page = sample_pages[int(number) + 1]
        assert squeeze(SEED[title_line - 1]) in squeeze(page)
        assert f"- {number} -" in page


def test_pdf_prints_every_measure_and_indicator(sample_pages: list[str], sample_tables: list[list[str]]) -> None:
    text = squeeze("".join(sample_pages))
    for m in truth("measures"):
        assert squeeze(m["title"]) in text
    cells = [row[:2] for row in sample_tables if len(row) == 5]
    for v in truth("indicator_values"):
        assert [squeeze(v["indicator_name"]), squeeze(v["value_text"])] in cells, v["indicator_key"]


def test_pdf_prints_the_summary_tables(sample_pages: list[str], sample_tables: list[list[str]]) -> None:
    text = squeeze("".join(sample_pages))
    flat = {cell for row in sample_tables for cell in row}
    for row in truth("table_status_summary"):
        assert squeeze(row["主な指標"]) in flat
        assert squeeze(row["区分"] + row["指標数"]) in flat
    for row in truth("table_related_projects"):
        assert squeeze(f"関連する事業:{row['関連する事業']}") in text
    rpa = [row for row in sample_tables if len(row) == 4 and row[0].isdigit()]
    expected = [[r["No"], squeeze(r["対象業務"]), r["年間想定削減時間"], r["想定削減率"]] for r in truth("table_rpa")]
    assert rpa == expected


def test_pdf_tables_are_ruled() -> None:
    with pdfplumber.open(PDF) as pdf:
        page = pdf.pages[4]
        assert len(page.lines) + len(page.rects) > 20


# ---------------------------------------------------------------- builder


def test_rebuild_is_identical(tmp_path: Path, sample_pages: list[str], sample_tables: list[list[str]]) -> None:
    (pdf,) = builder.build(out_dir=tmp_path, truth_dir=TRUTH_DIR, variant=Variant(0), truth_out=tmp_path / "truth")
    assert page_texts(pdf) == sample_pages
    assert pdf_tables(pdf) == sample_tables
    assert not (tmp_path / "truth").exists()


def test_variant_is_another_edition(edition: Callable[[int], Path]) -> None:
    vtruth = edition(3) / "truth"
    doc = truth("document", vtruth)[0]
    shift = int(doc["report_fiscal_year"]) - int(truth("document")[0]["report_fiscal_year"])
    assert shift > 0
    values = truth("indicator_values", vtruth)
    assert {int(v["fiscal_year"]) for v in values} == {2018 + shift}
    canonical = {(v["indicator_key"], v["value_text"]) for v in truth("indicator_values")}
    edited = {(v["indicator_key"], v["value_text"]) for v in values}
    assert len(canonical - edited) >= 4 and len(edited - canonical) >= 2


def test_variant_truth_agrees_with_its_pdf(edition: Callable[[int], Path]) -> None:
    vtruth = edition(3) / "truth"
    pdf = edition(3) / builder.PDF_NAME
    pages = page_texts(pdf)
    tables = pdf_tables(pdf)
    assert squeeze(truth("document", vtruth)[0]["title"]) in squeeze(pages[0])
    values = truth("indicator_values", vtruth)
    cells = [row[:2] for row in tables if len(row) == 5]
    assert len(cells) == len(values) + len(truth("measures", vtruth))
    for v in values:
        assert [squeeze(v["indicator_name"]), squeeze(v["value_text"])] in cells, v["indicator_key"]
    assert f"<{len(values)}の評価指標の進捗状況>" in "".join(pages)
    # An edition may print the RPA table's columns in another order: the rate is read under its head.
    (head,) = [row for row in tables if len(row) == 4 and row[0] == "No"]
    rate = head.index("想定削減率")
    rpa = [row[rate] for row in tables if len(row) == 4 and row[0].isdigit()]
    assert rpa == [r["想定削減率"] for r in truth("table_rpa", vtruth)]


def test_variant_records_the_inconsistencies_it_plants(edition: Callable[[int], Path]) -> None:
    vtruth = edition(3) / "truth"
    found = {row["kind"]: row for row in truth("inconsistencies", vtruth)}
    values = truth("indicator_values", vtruth)
    summary_total = sum({r["区分"]: int(r["count"]) for r in truth("table_status_summary", vtruth)}.values())
    assert summary_total != len(values)
    assert found["status_summary_total"]["stated"] == str(summary_total)
    assert found["status_summary_total"]["expected"] == str(len(values))
    rates = [float(r["reduction_rate"]) for r in truth("table_rpa", vtruth) if r["reduction_rate"]]
    assert sum(rate >= 90 for rate in rates) != 4
    assert found["sentence_count"]["expected"] == f"{len(rates)}業務中{sum(rate >= 90 for rate in rates)}業務で9割以上"
