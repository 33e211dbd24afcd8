"""The auditors' mismatch report: every `mismatch` and `ambiguous` grade and check, with its proof.

`mismatch_report.csv` for spreadsheets; `mismatch_report.html`, one self-contained file
(no network), sortable and filterable, showing for PDFs a crop of the page with the stated
cell outlined in red and its inputs in blue, and for workbooks the neighbouring cells.
"""

from __future__ import annotations

import base64
import html
import io
import json
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.output import atomic_write_bytes

FLAGGED = ("mismatch", "ambiguous")
CSV_COLUMNS = [
    "document_id",
    "source_file",
    "table",
    "id",
    "kind",
    "scope",
    "status",
    "stated",
    "recomputed",
    "explanation",
    "evidence",
]


@dataclass(frozen=True)
class Place:
    page: int | None
    bbox: tuple[float, float, float, float] | None
    sheet: str | None
    cell: str | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> Place:
        bbox = record.get("bbox")
        has_bbox = bbox is not None and not (isinstance(bbox, float) and pd.isna(bbox))
        page = record.get("page")
        return cls(
            int(page) if page is not None and not pd.isna(page) else None,
            tuple(float(v) for v in bbox) if has_bbox else None,  # type: ignore[arg-type]
            record.get("sheet") if isinstance(record.get("sheet"), str) else None,
            record.get("cell") if isinstance(record.get("cell"), str) else None,
        )

    def describe(self) -> str:
        if self.sheet:
            return f"sheet {self.sheet}, cell {self.cell}"
        if self.page:
            box = ", ".join(f"{v:.0f}" for v in self.bbox) if self.bbox else ""
            return f"page {self.page}, [{box}]"
        return "no evidence"


def _read(out_dir: Path, table: str) -> pd.DataFrame:
    folder = out_dir / table
    if not folder.is_dir() or not any(folder.glob("*.parquet")):
        return pd.DataFrame()
    return pd.read_parquet(folder)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def flagged_rows(out_dir: Path) -> list[dict[str, Any]]:
    """Every mismatch and ambiguous row of `grades` and `checks`, in document order."""
    documents = _read(out_dir, "documents")
    sources = dict(zip(documents.get("document_id", []), documents.get("source_file", []), strict=True))
    rows: list[dict[str, Any]] = []
    grades = _read(out_dir, "grades")
    for record in grades.to_dict("records") if len(grades) else []:
        if record["status"] not in FLAGGED:
            continue
        low, high = record.get("recomputed_low"), record.get("recomputed_high")
        interval = f"[{low:g}, {high:g}]" if pd.notna(low) and pd.notna(high) else ""
        rows.append(
            {
                "table": "grades",
                "id": f"{record['grade_type']}:{_text(record.get('measure_key'))}:{_text(record.get('fiscal_year'))}",
                "kind": record["grade_type"],
                "scope": f"measure {_text(record.get('measure_key'))}".strip(),
                "stated": " ".join(
                    filter(None, [_text(record.get("stated_grade")), _text(record.get("stated_value"))])
                ),
                "recomputed": " ".join(filter(None, [_text(record.get("recomputed_grade")), interval])),
                "explanation": _text(record.get("detail")),
                "record": record,
            }
        )
    checks = _read(out_dir, "checks")
    for record in checks.to_dict("records") if len(checks) else []:
        if record["status"] not in FLAGGED:
            continue
        rows.append(
            {
                "table": "checks",
                "id": record["check_id"],
                "kind": record["kind"],
                "scope": _text(record.get("scope")),
                "stated": _text(record.get("stated")),
                "recomputed": _text(record.get("recomputed")),
                "explanation": _text(record.get("detail")),
                "record": record,
            }
        )
    for row in rows:
        record = row["record"]
        row["document_id"] = record["document_id"]
        row["source_file"] = sources.get(record["document_id"], "")
        row["status"] = record["status"]
        row["place"] = Place.of(record)
        row["inputs"] = [Place.of(i) for i in json.loads(record.get("inputs_evidence") or "[]")]
        row["evidence"] = row["place"].describe()
    rows.sort(key=lambda r: (r["source_file"], r["table"], r["id"]))
    return rows


class Sources:
    """The source files the report shows evidence from, each opened once per report."""

    def __init__(self) -> None:
        self._stack = ExitStack()
        self._pdfs: dict[Path, Any] = {}
        self._workbooks: dict[Path, Any] = {}

    def pdf(self, path: Path) -> Any:
        import pdfplumber

        if path not in self._pdfs:
            self._pdfs[path] = self._stack.enter_context(pdfplumber.open(path))
        return self._pdfs[path]

    def workbook(self, path: Path) -> Any:
        from openpyxl import load_workbook

        if path not in self._workbooks:
            workbook = load_workbook(path, data_only=True, read_only=True)
            self._stack.callback(workbook.close)
            self._workbooks[path] = workbook
        return self._workbooks[path]

    def __enter__(self) -> Sources:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()


def _pdf_crop(sources: Sources, path: Path, place: Place, inputs: list[Place]) -> str | None:
    """A PNG data URI: the page region around the stated cell and its inputs on the same page."""
    if place.page is None or place.bbox is None:
        return None
    boxes = [place.bbox] + [i.bbox for i in inputs if i.page == place.page and i.bbox is not None]
    pdf = sources.pdf(path)
    if place.page > len(pdf.pages):
        return None
    page = pdf.pages[place.page - 1]
    margin = 24.0
    region = (
        max(0.0, min(b[0] for b in boxes) - margin),
        max(0.0, min(b[1] for b in boxes) - margin),
        min(float(page.width), max(b[2] for b in boxes) + margin),
        min(float(page.height), max(b[3] for b in boxes) + margin),
    )
    image = page.crop(region).to_image(resolution=110)
    image.draw_rects([b for b in boxes[1:]], stroke="#1f6feb", fill=(0, 0, 0, 0), stroke_width=2)
    image.draw_rect(boxes[0], stroke="#d1242f", fill=(0, 0, 0, 0), stroke_width=3)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _sheet_neighbourhood(sources: Sources, path: Path, place: Place, inputs: list[Place]) -> str | None:
    """An HTML table of the cells around the stated cell, the stated cell and its inputs marked."""
    from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries

    if place.sheet is None or place.cell is None:
        return None
    workbook = sources.workbook(path)
    if place.sheet not in workbook.sheetnames:
        return None
    sheet = workbook[place.sheet]
    min_col, min_row, max_col, max_row = range_boundaries(place.cell)
    marked_inputs = set()
    for i in inputs:
        if i.sheet == place.sheet and i.cell:
            letters, number = coordinate_from_string(i.cell.split(":")[0])
            marked_inputs.add(f"{letters}{number}")
    top, bottom = max(1, min_row - 3), max_row + 3
    left, right = max(1, min_col - 4), max_col + 4
    lines = ["<table class='sheet'><tr><th></th>"]
    lines += [f"<th>{get_column_letter(c)}</th>" for c in range(left, right + 1)]
    lines.append("</tr>")
    for r, cells in enumerate(
        sheet.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=right, values_only=True), start=top
    ):
        lines.append(f"<tr><th>{r}</th>")
        for c, value in enumerate(cells, start=left):
            ref = f"{get_column_letter(c)}{r}"
            css = "stated" if (min_col <= c <= max_col and min_row <= r <= max_row) else ""
            css = css or ("input" if ref in marked_inputs else "")
            lines.append(f"<td class='{css}'>{html.escape(_text(value))}</td>")
        lines.append("</tr>")
    lines.append("</table>")
    return "".join(lines)


def _evidence_html(sources: Sources, row: dict[str, Any]) -> str:
    path = Path(row["source_file"])
    place: Place = row["place"]
    caption = f"<div class='where'>{html.escape(path.name)}: {html.escape(place.describe())}</div>"
    if not path.is_file():
        return caption + "<div class='missing'>source file not found beside the output</div>"
    if place.sheet:
        table = _sheet_neighbourhood(sources, path, place, row["inputs"])
        return caption + (table or "")
    crop = _pdf_crop(sources, path, place, row["inputs"])
    return caption + (f"<img alt='evidence' src='{crop}'>" if crop else "")


STYLE = """
body{font-family:sans-serif;margin:1.5em;color:#1f2328}
h1{font-size:1.4em} .filters{margin:1em 0} .filters label{margin-right:1.5em}
table.report{border-collapse:collapse;width:100%} table.report th,table.report td{border:1px solid #d0d7de;
padding:4px 6px;vertical-align:top;font-size:13px} table.report th{background:#f6f8fa;cursor:pointer}
tr.mismatch td.status{color:#d1242f;font-weight:bold} tr.ambiguous td.status{color:#9a6700;font-weight:bold}
table.sheet{border-collapse:collapse;font-size:11px} table.sheet td,table.sheet th{border:1px solid #ccc;padding:2px}
td.stated{outline:3px solid #d1242f} td.input{outline:2px solid #1f6feb} img{max-width:520px}
.where{color:#57606a;font-size:12px} .legend{font-size:12px;color:#57606a}
"""

SCRIPT = """
const rows=[...document.querySelectorAll('table.report > tbody > tr')];
function applyFilters(){const f={};
document.querySelectorAll('select[data-field]').forEach(s=>f[s.dataset.field]=s.value);
let shown=0;rows.forEach(r=>{const ok=Object.entries(f).every(([k,v])=>!v||r.dataset[k]===v);
r.style.display=ok?'':'none';if(ok)shown++;});document.getElementById('shown').textContent=shown;}
document.querySelectorAll('select[data-field]').forEach(s=>s.addEventListener('change',applyFilters));
document.querySelectorAll('th[data-col]').forEach(th=>th.addEventListener('click',()=>{const i=+th.dataset.col;
const dir=th.dataset.dir==='asc'?'desc':'asc';th.dataset.dir=dir;
const body=document.querySelector('table.report > tbody');
rows.sort((a,b)=>{const x=a.children[i].textContent,y=b.children[i].textContent;
return (dir==='asc'?1:-1)*x.localeCompare(y,'ja',{numeric:true});}).forEach(r=>body.appendChild(r));}));
applyFilters();
"""


def _options(field: str, values: list[str]) -> str:
    options = "".join(f"<option value='{html.escape(v)}'>{html.escape(v)}</option>" for v in sorted(set(values)))
    return f"<select data-field='{field}' aria-label='{field}'><option value=''>all</option>{options}</select>"


def render_html(rows: list[dict[str, Any]], sources: Sources) -> str:
    headers = ["document", "kind", "scope", "status", "stated", "recomputed", "explanation", "evidence"]
    head = "".join(f"<th data-col='{i}'>{h}</th>" for i, h in enumerate(headers))
    body = []
    for row in rows:
        name = Path(row["source_file"]).name or row["document_id"]
        cells = [name, row["kind"], row["scope"], row["status"], row["stated"], row["recomputed"], row["explanation"]]
        tds = "".join(
            f"<td class='{'status' if i == 3 else ''}'>{html.escape(_text(v))}</td>" for i, v in enumerate(cells)
        )
        body.append(
            f"<tr class='{row['status']}' data-document='{html.escape(name)}' data-kind='{html.escape(row['kind'])}'"
            f" data-status='{row['status']}'>{tds}<td>{_evidence_html(sources, row)}</td></tr>"
        )
    names = [Path(r["source_file"]).name or r["document_id"] for r in rows]
    filters = (
        f"<label>document {_options('document', names)}</label>"
        f"<label>kind {_options('kind', [r['kind'] for r in rows])}</label>"
        f"<label>status {_options('status', [r['status'] for r in rows])}</label>"
        f"<span><span id='shown'>{len(rows)}</span> of {len(rows)} shown</span>"
    )
    return (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><title>hyoka mismatch report</title>"
        f"<style>{STYLE}</style></head><body><h1>hyoka mismatch report</h1>"
        "<p>Every stated grade or figure that the printed inputs do not support (<b>mismatch</b>) or support only "
        "for some of the values their rounding allows (<b>ambiguous</b>). Click a column to sort.</p>"
        "<p class='legend'>Evidence: the stated cell is outlined in red, the cells it was recomputed from in "
        f"blue.</p><div class='filters'>{filters}</div>"
        f"<table class='report'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<script>{SCRIPT}</script></body></html>"
    )


def write_report(out_dir: Path) -> int:
    """Writes mismatch_report.csv and .html into `out_dir`; returns how many rows they list."""
    rows = flagged_rows(out_dir)
    frame = pd.DataFrame([{c: r.get(c) for c in CSV_COLUMNS} for r in rows], columns=CSV_COLUMNS)
    atomic_write_bytes(out_dir / "mismatch_report.csv", frame.to_csv(index=False).encode("utf-8-sig"))
    with Sources() as sources:
        page = render_html(rows, sources)
    atomic_write_bytes(out_dir / "mismatch_report.html", page.encode("utf-8"))
    return len(rows)
