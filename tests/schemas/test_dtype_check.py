"""A column's dtype check: a column that passes builds no failure report; one that fails is reported as by
pandera (schemas/dtype_check.py)."""

from __future__ import annotations

import pandas as pd
import pandera.backends.pandas.array as pandera_array
import pandera.pandas as pa
import pytest

import hyoka.schemas
from hyoka.schemas import table_schema

TEXT = pa.DataFrameSchema({"title": pa.Column(pd.StringDtype(), nullable=True)})


def _no_failure_report(*args: object, **kwargs: object) -> None:
    raise AssertionError("a failure report was built for a column that passed")


def test_a_text_column_that_passes_builds_no_failure_report(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pandera_array, "reshape_failure_cases", _no_failure_report)
    frame = pd.DataFrame({"title": pd.array(["施策 1", None], dtype=pd.StringDtype())})
    titles = TEXT.validate(frame)["title"]
    assert titles.iloc[0] == "施策 1" and pd.isna(titles.iloc[1])


def test_a_column_of_another_type_is_reported_with_its_type() -> None:
    with pytest.raises(pa.errors.SchemaErrors) as raised:
        TEXT.validate(pd.DataFrame({"title": [1.5, 2.5]}), lazy=True)
    failures = raised.value.failure_cases
    assert failures["failure_case"].tolist() == [1.5, 2.5]  # each element, as pandera reports it
    assert set(failures["column"]) == {"title"} and all(check.startswith("dtype(") for check in failures["check"])


def test_a_contract_table_still_refuses_a_bad_row_and_keeps_the_good_ones() -> None:
    good = {"document_id": "0123456789abcdef", "table_id": "t1", "row": 0, "col": 0, "row_span": 1, "col_span": 1}
    good |= {"is_header": False, "text": "1", "value_text": "1", "ocr": False, "page": 1, "bbox": [0, 0, 1, 1]}
    bad = good | {"col": 1, "document_id": "not-a-document-id"}
    frame = pd.DataFrame([good, bad])
    valid, quarantine = hyoka.schemas.validate_table("cells", frame)
    assert valid["col"].tolist() == [0]
    assert quarantine["column"].tolist() == ["document_id"]
    assert table_schema("cells").validate(frame.iloc[:1])["text"].tolist() == ["1"]
