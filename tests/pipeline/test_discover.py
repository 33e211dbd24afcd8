from pathlib import Path

from hyoka.pipeline.discover import discover


def test_finds_documents_recursively_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.XLSX").write_bytes(b"PK")
    (tmp_path / "sub" / "notes.txt").write_text("x")
    (tmp_path / ".~lock.b.xlsx#").write_text("lock")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.pdf").write_bytes(b"%PDF")

    found = discover([tmp_path]).files

    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.pdf", "sub/b.XLSX"]


def test_a_file_given_by_name_is_taken_whatever_its_suffix(tmp_path: Path) -> None:
    odd = tmp_path / "報告 書 (1).bin"
    odd.write_bytes(b"")
    assert discover([odd, odd]).files == [odd]
