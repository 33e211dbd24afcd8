"""The auditors' report: what the output covers, and every finding with its proof.

Written into the output folder:
- `mismatch_report.html`, one self-contained file (no network) that fits a 1280 px screen:
  the run (time, hyoka version, inputs), the coverage of every document (series, status,
  rows written and quarantined, checks run / not computable / flagged, unaudited documents
  called out), and every finding, sortable and filterable, with a crop of the page (click:
  full size) or the neighbouring cells of the sheet, and a link to the file and page;
- `mismatch_report.csv`, the findings for spreadsheets; `coverage.csv`, the coverage table;
- `report_summary.json`, run metadata, totals, findings per kind and the coverage table.
"""

from __future__ import annotations

import base64
import html
import json
import os
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hyoka.audit.coverage import FLAGGED, DocumentCoverage, coverage, read_table, run_metadata, summary
from hyoka.audit.presentation import FINDINGS, finding_of, grade_interval, recomputation
from hyoka.audit.wording import number
from hyoka.extractors.evidence import Outline, SourceFiles
from hyoka.schemas.files import atomic_write_bytes, atomic_write_json

CSV_COLUMNS = [
    "document_id",
    "source_file",
    "table",
    "id",
    "kind",
    "scope",
    "status",
    "finding",
    "stated",
    "recomputed",
    "explanation",
    "rule",
    "evidence",
]
REPORT_NAME = "mismatch_report.html"


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


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _stated_grade(record: dict[str, Any]) -> str:
    value = record.get("stated_value")
    shown = number(float(value)) if value is not None and not pd.isna(value) else ""
    return " ".join(filter(None, [_text(record.get("stated_grade")), shown]))


def _grade_row(record: dict[str, Any]) -> dict[str, Any]:
    recomputed_grade = _text(record.get("recomputed_grade"))
    graded_on = grade_interval(record.get("recomputed_low"), record.get("recomputed_high"))
    finding = finding_of(record["status"], recomputed_grade, _text(record.get("detail")))
    return {
        "table": "grades",
        "id": f"{record['grade_type']}:{_text(record.get('measure_key'))}:{_text(record.get('fiscal_year'))}",
        "kind": record["grade_type"],
        "scope": " ".join(filter(None, [_text(record.get("measure_key")), _text(record.get("fiscal_year"))])),
        "stated": _stated_grade(record),
        "recomputed": " ".join(filter(None, [recomputed_grade, f"({graded_on})" if graded_on else ""])),
        "finding": finding,
    }


def _check_row(record: dict[str, Any]) -> dict[str, Any]:
    stated, recomputed = _text(record.get("stated")), _text(record.get("recomputed"))
    finding = finding_of(record["status"], recomputed, _text(record.get("detail")))
    shown = recomputation(recomputed)
    return {
        "table": "checks",
        "id": record["check_id"],
        "kind": record["kind"],
        "scope": _text(record.get("scope")),
        "stated": stated,
        "recomputed": shown,
        "finding": finding,
    }


def flagged_rows(out_dir: Path) -> list[dict[str, Any]]:
    """Every flagged row of `grades` and `checks` (see schemas.tables.FLAGGED), by file, table and id."""
    documents = read_table(out_dir, "documents")
    sources = dict(zip(documents.get("document_id", []), documents.get("source_file", []), strict=True))
    ocr_pages = _ocr_pages(out_dir)
    rows: list[dict[str, Any]] = []
    for table, shape in (("grades", _grade_row), ("checks", _check_row)):
        frame = read_table(out_dir, table)
        for record in frame.to_dict("records") if len(frame) else []:
            if record["status"] not in FLAGGED:
                continue
            row = shape(record)
            row.update(
                document_id=record["document_id"],
                source_file=sources.get(record["document_id"], ""),
                status=record["status"],
                explanation=_text(record.get("detail")),
                rule=_text(record.get("rule_words")),
                place=Place.of(record),
                inputs=[Place.of(i) for i in json.loads(record.get("inputs_evidence") or "[]")],
            )
            row["evidence"] = row["place"].describe()
            if any((record["document_id"], place.page) in ocr_pages for place in [row["place"], *row["inputs"]]):
                row["explanation"] = f"OCRで読んだ数値による（読み違いの可能性あり）：{row['explanation']}"
            rows.append(row)
    rows.sort(key=lambda r: (r["source_file"], r["table"], r["id"]))
    return rows


def _ocr_pages(out_dir: Path) -> set[tuple[str, int]]:
    """(document, page) whose cells were read by OCR: a finding there may rest on a misread digit."""
    try:
        cells = read_table(out_dir, "cells", ["document_id", "page", "ocr"])
    except (KeyError, ValueError):  # an output folder written before `cells` had the column
        return set()
    if cells.empty:
        return set()
    marked = cells[cells["ocr"].fillna(False).astype(bool) & cells["page"].notna()]
    return set(zip(marked["document_id"], marked["page"].astype(int), strict=True))


# The stated cell in red, the cells the recomputation read in blue (the legend says so).
STATED_OUTLINE, INPUT_OUTLINE = ("#d1242f", 3), ("#1f6feb", 2)


def _pdf_crop(sources: SourceFiles, path: Path, place: Place, inputs: list[Place]) -> str | None:
    """A PNG data URI: the page region around the stated cell and its inputs on the same page."""
    if place.page is None or place.bbox is None:
        return None
    outlines = [Outline(i.bbox, *INPUT_OUTLINE) for i in inputs if i.page == place.page and i.bbox is not None]
    picture = sources.page_picture(path, place.page, [*outlines, Outline(place.bbox, *STATED_OUTLINE)])
    return "data:image/png;base64," + base64.b64encode(picture).decode("ascii") if picture else None


def _sheet_neighbourhood(sources: SourceFiles, path: Path, place: Place, inputs: list[Place]) -> str | None:
    """An HTML table of the cells around the stated cell, the stated cell and its inputs marked."""
    if place.sheet is None or place.cell is None:
        return None
    window = sources.sheet_window(path, place.sheet, place.cell, rows_around=3, cols_around=4)
    if window is None:
        return None
    marked_inputs = {i.cell.split(":")[0].replace("$", "") for i in inputs if i.sheet == place.sheet and i.cell}
    lines = ["<div class='sheet'><table class='sheet'><tr><th></th>"]
    lines += [f"<th>{letters}</th>" for letters in window.columns]
    lines.append("</tr>")
    for r, values in enumerate(window.rows, start=window.top):
        lines.append(f"<tr><th>{r}</th>")
        for (c, value), letters in zip(enumerate(values, start=window.left), window.columns, strict=True):
            css = "stated" if window.in_centre(r, c) else ""
            css = css or ("input" if f"{letters}{r}" in marked_inputs else "")
            lines.append(f"<td class='{css}'>{html.escape(value)}</td>")
        lines.append("</tr>")
    lines.append("</table></div>")
    return "".join(lines)


def _link(out_dir: Path, path: Path, place: Place) -> str:
    """A link to the source file (relative to the report, so the two can move together) at its page or cell."""
    target = os.path.relpath(path.resolve(), out_dir.resolve())
    if place.sheet:
        where, fragment = f"{place.sheet}!{place.cell}", ""
    elif place.page:
        where, fragment = f"p.{place.page}", f"#page={place.page}"
    else:
        where, fragment = "", ""
    label = f"{path.name} {where}".strip()
    return f"<a class='source' href='{html.escape(Path(target).as_posix() + fragment)}'>{html.escape(label)}</a>"


def _evidence_html(out_dir: Path, sources: SourceFiles, row: dict[str, Any]) -> str:
    path = Path(row["source_file"])
    place: Place = row["place"]
    if not path.is_file():
        where = f"{path.name}: {place.describe()}"
        return f"<div class='where'>{html.escape(where)}</div><div class='missing'>原本が見つかりません</div>"
    caption = f"<div class='where'>{_link(out_dir, path, place)}</div>"
    if place.sheet:
        return caption + (_sheet_neighbourhood(sources, path, place, row["inputs"]) or "")
    crop = _pdf_crop(sources, path, place, row["inputs"])
    if not crop:
        return caption
    image = f"<img alt='evidence' src='{crop}'>"
    return caption + f"<button type='button' class='crop' title='クリックで原寸表示'>{image}</button>"


STYLE = """
*{box-sizing:border-box}
body{font-family:sans-serif;margin:16px;color:#1f2328;font-size:13px}
h1{font-size:1.4em} h2{font-size:1.15em;margin-top:1.5em}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0} dl.run dt{color:#57606a}
dl.run dd{margin:0;overflow-wrap:anywhere}
table.report,table.coverage{border-collapse:collapse;width:100%;table-layout:fixed}
table.report th,table.report td,table.coverage th,table.coverage td{border:1px solid #d0d7de;padding:4px 6px;
vertical-align:top;overflow-wrap:anywhere;word-break:normal}
th{background:#f6f8fa;text-align:left} table.report th[data-col]{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:' ▲'} th[aria-sort=descending]::after{content:' ▼'}
th[aria-sort]{background:#ddf4ff}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.unaudited td{background:#fff8c5} tr.failed td.status,tr.partial td.status{color:#d1242f;font-weight:bold}
tr.mismatch td.finding{color:#d1242f;font-weight:bold} tr.rounding td.finding,tr.reading td.finding{color:#9a6700;
font-weight:bold} tr.notation td.finding,tr.no_claim td.finding{color:#57606a;font-weight:bold}
div.sheet{overflow-x:auto;max-width:100%} table.sheet{border-collapse:collapse;font-size:11px}
table.sheet td,table.sheet th{border:1px solid #ccc;padding:2px;max-width:12em;overflow-wrap:anywhere}
table.sheet th{white-space:nowrap;overflow-wrap:normal}
td.stated{outline:3px solid #d1242f} td.input{outline:2px solid #1f6feb}
button.crop{border:1px solid #d0d7de;padding:0;background:none;cursor:zoom-in;max-width:100%;display:block}
button.crop img{max-width:100%;display:block}
dialog#zoom{max-width:96vw;max-height:92vh;overflow:auto;padding:8px} dialog#zoom img{max-width:none;display:block}
span.rule{color:#57606a} .where{color:#57606a;font-size:12px;margin-bottom:2px} .legend{font-size:12px;color:#57606a}
.filters{margin:1em 0;display:flex;flex-wrap:wrap;gap:4px 1.5em}
"""

SCRIPT = """
const rows=[...document.querySelectorAll('table.report > tbody > tr')];
function applyFilters(){const f={};
document.querySelectorAll('select[data-field]').forEach(s=>f[s.dataset.field]=s.value);
let shown=0;rows.forEach(r=>{const ok=Object.entries(f).every(([k,v])=>!v||r.dataset[k]===v);
r.style.display=ok?'':'none';if(ok)shown++;});document.getElementById('shown').textContent=shown;}
document.querySelectorAll('select[data-field]').forEach(s=>s.addEventListener('change',applyFilters));
document.querySelectorAll('table.report th[data-col]').forEach(th=>th.addEventListener('click',()=>{
const i=+th.dataset.col;const dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
document.querySelectorAll('table.report th[data-col]').forEach(h=>h.removeAttribute('aria-sort'));
th.setAttribute('aria-sort',dir);const body=document.querySelector('table.report > tbody');
rows.sort((a,b)=>{const x=a.children[i].textContent,y=b.children[i].textContent;
return (dir==='ascending'?1:-1)*x.localeCompare(y,'ja',{numeric:true});}).forEach(r=>body.appendChild(r));}));
const zoom=document.getElementById('zoom');
document.querySelectorAll('button.crop').forEach(b=>b.addEventListener('click',()=>{
zoom.querySelector('img').src=b.querySelector('img').src;zoom.showModal();}));
zoom.addEventListener('click',()=>zoom.close());
applyFilters();
"""

HEADERS = ["文書", "種類", "対象", "判定", "記載", "再計算", "説明", "根拠"]


def _options(field: str, label: str, values: list[str]) -> str:
    options = "".join(f"<option value='{html.escape(v)}'>{html.escape(v)}</option>" for v in sorted(set(values)))
    select = f"<select data-field='{field}' aria-label='{field}'><option value=''>すべて</option>{options}</select>"
    return f"<label>{label} {select}</label>"


def _run_html(metadata: dict[str, Any]) -> str:
    inputs = "<br>".join(html.escape(i) for i in metadata["inputs"]) or "（なし）"
    items = [
        ("レポート作成", html.escape(metadata["report_generated_at"])),
        ("最終取り込み", html.escape(metadata["last_ingested_at"] or "")),
        ("hyoka", html.escape(metadata["hyoka_version"])),
        ("出力フォルダ", html.escape(metadata["output_folder"])),
        (f"入力（{len(metadata['inputs'])} 件）", inputs),
    ]
    return "<dl class='run'>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


COVERAGE_HEADERS = [
    ("文書", "22%"),
    ("系列", "16%"),
    ("状態", "6%"),
    ("書込行", "6%"),
    ("隔離行", "6%"),
    ("検算", "6%"),
    ("計算不能", "6%"),
    ("指摘", "6%"),
    ("備考", "26%"),
]


def _coverage_html(documents: list[DocumentCoverage]) -> str:
    head = "".join(f"<th style='width:{width}'>{label}</th>" for label, width in COVERAGE_HEADERS)
    body = []
    for d in documents:
        note = "; ".join(filter(None, [d.unaudited_reason, d.error]))
        if d.rows_quarantined:
            note = "; ".join(filter(None, [f"{d.rows_quarantined} 行が検証に失敗し quarantine へ", note]))
        numbers = [d.rows_written, d.rows_quarantined, d.checks_run, d.not_computable, d.flagged]
        cells = "".join(f"<td class='num'>{number(n)}</td>" for n in numbers)
        css = " ".join(filter(None, [d.status, "" if d.audited else "unaudited"]))
        body.append(
            f"<tr class='{css}' data-document='{html.escape(d.document_id)}'>"
            f"<td>{html.escape(Path(d.source_file).name)}</td><td>{html.escape(d.series)}</td>"
            f"<td class='status'>{html.escape(d.status)}</td>{cells}<td>{html.escape(note)}</td></tr>"
        )
    unaudited = sum(not d.audited for d in documents)
    lead = f"<p>{len(documents)} 文書、うち監査なし <b>{unaudited}</b> 件（黄色の行）。</p>"
    return lead + f"<table class='coverage'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _explanation_html(explanation: str, rule: str) -> str:
    """The explanation with its rule in grey and the verdict after it in bold, so that the eye finds the verdict."""
    before, found, after = explanation.partition(rule) if rule else (explanation, "", "")
    if not found:
        return html.escape(explanation)
    return f"{html.escape(before)}<span class='rule'>{html.escape(found)}</span><b>{html.escape(after)}</b>"


def render_html(
    out_dir: Path, rows: list[dict[str, Any]], documents: list[DocumentCoverage], sources: SourceFiles
) -> str:
    widths = ["10%", "9%", "10%", "6%", "8%", "8%", "27%", "22%"]
    head = "".join(
        f"<th data-col='{i}' style='width:{w}'{' aria-sort=ascending' if i == 0 else ''}>{h}</th>"
        for i, (h, w) in enumerate(zip(HEADERS, widths, strict=True))
    )
    body = []
    for row in rows:
        name = Path(row["source_file"]).name or row["document_id"]
        finding = row["finding"]
        cells = [name, row["kind"], row["scope"], finding.label, row["stated"], row["recomputed"]]
        classes = ["", "", "", "finding", "", ""]
        tds = "".join(f"<td class='{c}'>{html.escape(_text(v))}</td>" for c, v in zip(classes, cells, strict=True))
        explained = _explanation_html(row["explanation"], row["rule"])
        body.append(
            f"<tr class='{finding.name}' data-document='{html.escape(name)}' data-kind='{html.escape(row['kind'])}'"
            f" data-finding='{finding.name}'>{tds}<td class='explanation'>{explained}</td>"
            f"<td>{_evidence_html(out_dir, sources, row)}</td></tr>"
        )
    names = [Path(r["source_file"]).name or r["document_id"] for r in rows]
    present = {r["finding"].name for r in rows}
    finding_options = "".join(
        f"<option value='{f.name}'>{f.label}</option>" for f in FINDINGS.values() if f.name in present
    )
    filters = (
        _options("document", "文書", names)
        + _options("kind", "種類", [r["kind"] for r in rows])
        + f"<label>判定 <select data-field='finding' aria-label='finding'><option value=''>すべて</option>"
        f"{finding_options}</select></label>"
        f"<span><span id='shown'>{len(rows)}</span> / {len(rows)} 件を表示</span>"
    )
    legend = "".join(f"<li><b>{f.label}</b>: {f.meaning}</li>" for f in FINDINGS.values())
    checked = sum(d.checks_run for d in documents)
    return (
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>hyoka 監査レポート</title>"
        f"<style>{STYLE}</style></head><body><h1>hyoka 監査レポート</h1>"
        f"{_run_html(run_metadata(out_dir, documents))}"
        f"<h2>対象文書と検算の範囲</h2>{_coverage_html(documents)}"
        f"<h2>指摘（{len(rows)} 件 / 検算 {number(checked)} 件）</h2>"
        f"<ul class='legend'>{legend}</ul>"
        "<p class='legend'>根拠: 記載のセルを赤、再計算に使ったセルを青で囲んでいます。"
        "画像をクリックすると原寸で開きます。列見出しをクリックすると並べ替えます。</p>"
        f"<div class='filters'>{filters}</div>"
        f"<table class='report'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        "<dialog id='zoom' aria-label='原寸'><img alt='原寸'></dialog>"
        f"<script>{SCRIPT}</script></body></html>"
    )


def findings_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The findings as the CSV lists them, one row each."""
    return pd.DataFrame(
        [{**{c: r.get(c) for c in CSV_COLUMNS if c != "finding"}, "finding": r["finding"].name} for r in rows],
        columns=CSV_COLUMNS,
    )


def write_report(out_dir: Path) -> int:
    """Writes the report files into `out_dir` (see the module's doc); returns how many findings they list."""
    rows = flagged_rows(out_dir)
    documents = coverage(out_dir)
    atomic_write_bytes(out_dir / "mismatch_report.csv", findings_frame(rows).to_csv(index=False).encode("utf-8-sig"))
    covered = pd.DataFrame([asdict(d) for d in documents], columns=list(DocumentCoverage.__dataclass_fields__))
    atomic_write_bytes(out_dir / "coverage.csv", covered.to_csv(index=False).encode("utf-8-sig"))
    by_finding = dict(Counter(r["finding"].name for r in rows))
    atomic_write_json(out_dir / "report_summary.json", summary(out_dir, documents, by_finding))
    with SourceFiles() as sources:
        page = render_html(out_dir, rows, documents, sources)
    atomic_write_bytes(out_dir / REPORT_NAME, page.encode("utf-8"))
    return len(rows)
