"""One small clean run shared by the API, contract and CLI tests: a workbook printing full-width forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

# What a person reads on the sheet, and the NFKC form the contract's `cells.text` must hold.
FULL_WIDTH = {"Ｒ４年度": "R4年度", "２，０４２": "2,042", "事業\u3000名": "事業 名", "ＡＢＣ": "ABC"}


def write_full_width_workbook(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一覧"
    sheet.append(["事業\u3000名", "Ｒ４年度", "評価"])
    sheet.append(["ＡＢＣ", "２，０４２", "A"])
    sheet.append(["通信基盤", 1500, "B"])
    sheet["B3"].number_format = "#,##0"
    sheet.merge_cells("C4:C5")
    sheet["A4"], sheet["B4"], sheet["C4"] = "計", 3542, "合算"
    sheet["A5"], sheet["B5"] = "備考", "なし"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


@pytest.fixture(scope="session")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    write_full_width_workbook(folder / "full_width.xlsx")
    return folder


@pytest.fixture(scope="session")
def clean_run(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import hyoka

    out = tmp_path_factory.mktemp("out")
    hyoka.ingest(inbox, out, jobs=1)
    return out
