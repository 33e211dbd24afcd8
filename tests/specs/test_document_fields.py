"""A series spec's `document_fields` are the documents columns of its series, declared by the engine when
it loads the spec: 北海道's 施策名 and 施策コード need no code to reach the documents table."""

from __future__ import annotations

from hyoka.profiles import spec_profile
from hyoka.schemas import series_columns, table_schema


def test_each_document_field_is_a_documents_column_of_the_series() -> None:
    profile = spec_profile("hokkaido_basic_evaluation")
    assert set(profile.spec.document_fields) == {"policy_name", "policy_code"}
    declared = series_columns("documents")
    assert (declared["policy_name"], declared["policy_code"]) == ("hokkaido_basic_evaluation",) * 2
    assert {"policy_name", "policy_code"} <= set(table_schema("documents").columns)
