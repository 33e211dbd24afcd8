from extractors.model import Cell, Document, Evidence, Page, Table
from profiles.tables import body_rows, evidence, find_column, header_text, squash, tables_with_headers, where


def _table() -> Table:
    ev = Evidence(page=2, bbox=(10.0, 20.0, 30.0, 40.0))
    cells = [
        Cell(0, 0, row_span=2, text="施策名", is_header=True, evidence=ev),
        Cell(0, 1, col_span=2, text="目標達成率", is_header=True, evidence=ev),
        Cell(1, 1, text="30年度", is_header=True, evidence=ev),
        Cell(1, 2, text="元 年度", is_header=True, evidence=ev),
        Cell(2, 0, text="1 防災", evidence=ev),
        Cell(2, 1, text="100%", evidence=ev),
        Cell(2, 2, text="40%", evidence=ev),
    ]
    return Table("p2-1", cells, n_rows=3, n_cols=3, pages=[2])


def test_headers_are_read_through_spans_and_matched_squashed() -> None:
    table = _table()
    assert header_text(table, 2) == "目標達成率元年度"
    assert find_column(table, "元年度") == 2
    assert find_column(table, "予算額") is None
    assert list(body_rows(table)) == [2]
    assert squash("Ｒ３ 年度\n予算") == "R3年度予算"


def test_tables_are_found_by_vocabulary_and_carry_evidence() -> None:
    table = _table()
    document = Document(path=None, format="pdf", pages=[Page(2, 595, 842, tables=[table])])  # type: ignore[arg-type]
    assert tables_with_headers(document, "施策名", "30年度") == [table]
    assert tables_with_headers(document, "施策名", "決算額") == []
    cell = table.cell(2, 1)
    assert cell is not None
    assert evidence(cell) == {"page": 2, "bbox": [10.0, 20.0, 30.0, 40.0], "sheet": None, "cell": None}
    assert where(cell).describe() == "p.2 [10, 20, 30, 40]"
