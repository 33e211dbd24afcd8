import json
from pathlib import Path

import pandas as pd
import pytest

from hyoka.pipeline.discover import discover
from hyoka.pipeline.executors import ProcessExecutor
from hyoka.pipeline.ingest import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    out = tmp_path_factory.mktemp("output")
    executor = ProcessExecutor(2)
    try:
        return out, ingest([SAMPLES], out, executor=executor)
    finally:
        executor.close()


def test_every_sample_gets_one_honest_documents_row(sample_run: tuple[Path, dict[str, object]]) -> None:
    out, _ = sample_run
    documents = pd.read_parquet(out / "documents")
    sample_files = discover([SAMPLES]).files

    assert len(sample_files) >= 8
    assert sorted(documents["source_file"]) == sorted(str(p) for p in sample_files)
    assert documents["document_id"].str.fullmatch(r"[0-9a-f]{16}").all()
    assert set(documents["format"]) == {"pdf", "xlsx"}
    not_ok = documents[documents["status"] != "ok"]
    assert not_ok["error"].notna().all()


def test_every_sample_table_lands_in_cells_with_evidence(sample_run: tuple[Path, dict[str, object]]) -> None:
    out, _ = sample_run
    cells = pd.read_parquet(out / "cells")
    documents = pd.read_parquet(out / "documents")

    assert set(cells["document_id"]) == set(documents["document_id"])
    pdf_cells = cells[cells["sheet"].isna()]
    assert pdf_cells["page"].notna().all() and pdf_cells["bbox"].notna().all()
    workbook_cells = cells[cells["sheet"].notna()]
    assert len(workbook_cells) and workbook_cells["cell"].str.fullmatch(r"[A-Z]+[0-9]+(:[A-Z]+[0-9]+)?").all()


def test_run_report_lists_every_document_with_stage_timings(sample_run: tuple[Path, dict[str, object]]) -> None:
    out, report = sample_run
    written = json.loads((out / "run_report.json").read_text(encoding="utf-8"))
    assert written["counts"] == report["counts"]
    assert len(written["documents"]) == len(discover([SAMPLES]).files)
    stages = {"read", "locate", "normalise", "validate", "audit", "write"}
    assert all(stages <= set(d["seconds"]) for d in written["documents"] if d["status"] != "failed")


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("empty.pdf", b"", "empty"),
        ("random.pdf", bytes(range(256)) * 4, "neither a PDF nor"),
        ("truncated.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
)
def test_bad_input_gets_one_sentence_and_the_run_goes_on(
    tmp_path: Path, name: str, payload: bytes, expected: str
) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / name).write_bytes(payload)
    for sample in sorted(SAMPLES.glob("*.xlsx"))[:1]:
        (inbox / sample.name).write_bytes(sample.read_bytes())

    ingest([inbox], tmp_path / "out")

    documents = pd.read_parquet(tmp_path / "out" / "documents").set_index("source_file")
    bad = documents.loc[str(inbox / name)]
    assert bad["status"] == "failed"
    assert expected.lower() in bad["error"].lower()
    assert bad["error"].endswith(".")
    assert (documents["status"] != "failed").sum() == len(documents) - 1


@pytest.mark.parametrize("table", ["documents", "cells", "measures", "indicator_values", "budgets", "grades", "checks"])
def test_each_table_reads_as_one_table_in_pandas_pyarrow_and_duckdb(
    sample_run: tuple[Path, dict[str, object]], table: str
) -> None:
    import duckdb
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from hyoka.schemas.arrow import arrow_schema

    out, _ = sample_run
    files = sorted((out / table).glob("*.parquet"))
    assert files

    # One schema in every document's file, whichever file a reader looks at first.
    def shape(schema: object) -> str:  # list children are named "element" or "item" by writer
        return str(schema).replace("element", "item")

    assert {shape(pq.read_schema(f).remove_metadata()) for f in files} == {shape(arrow_schema(table))}
    rows = sum(pq.read_metadata(f).num_rows for f in files)
    assert len(pd.read_parquet(out / table)) == rows
    assert ds.dataset(out / table, format="parquet").count_rows() == rows
    query = f"select count(*) from read_parquet('{out / table}/*.parquet')"
    assert duckdb.connect().execute(query).fetchall() == [(rows,)]
