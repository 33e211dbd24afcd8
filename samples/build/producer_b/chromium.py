"""HTML printed to PDF by headless Chromium, and the HTML pieces every report of this producer uses."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PRINT_TIME = re.compile(rb"(/(?:CreationDate|ModDate) )\(D:\d{14}\+00'00'\)")
NODE_ID = re.compile(rb"node\d{8}")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
    "--font-render-hinting=none",
)

# The office's house style: Mincho body, Gothic headings, shaded headers, every rule a CSS border
# (Chromium paints borders as filled rectangles, where the first producer strokes lines). A bold
# weight the face lacks is drawn by Chromium as Type 3 glyphs: some editions print that way.
BASE_CSS = """
@page { size: %(size)s; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: "- " counter(page) " -"; font: 9pt %(font)s; } }
body { font-family: %(font)s; font-size: 10pt; line-height: 1.45; color: #111; margin: 0; }
h1, h2, h3, th, caption { font-family: %(head_font)s; font-weight: %(weight)s; }
h1 { font-size: 22pt; text-align: center; margin: 60mm 0 8mm; letter-spacing: 0.1em; }
h2 { font-size: 13pt; border-bottom: 1.5pt solid #24456e; padding: 0 0 1mm 0; margin: 6mm 0 3mm; }
h2, h3 { break-after: avoid; }
h3 { font-size: 11pt; background: #e4eaf2; border-left: 4pt solid #24456e; padding: 1mm 2mm; margin: 5mm 0 2mm; }
p { margin: 1mm 0 2mm; text-indent: 1em; }
.cover-sub { text-align: center; font-size: 16pt; }
.cover-date { text-align: center; font-size: 13pt; margin-top: 50mm; }
.cover-city { text-align: center; font-size: 15pt; margin-top: 6mm; letter-spacing: 0.3em; }
.note { font-size: 8.5pt; text-indent: 0; }
.right { text-align: right; text-indent: 0; }
.break { break-before: page; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 4mm; font-size: %(table_size)s; }
caption { padding: 1mm; }
th, td { border: 0.6pt solid #333; padding: 1.2mm 1.6mm; vertical-align: middle; }
th { background: #d5dde8; text-align: center; }
td.num { text-align: right; }
td.center { text-align: center; }
tr { break-inside: avoid; }
table.list { table-layout: fixed; }
table.list td { overflow-wrap: anywhere; }
table.list td.num { white-space: nowrap; overflow-wrap: normal; font-size: 6.5pt; padding: 1mm 0.6mm; }
table.list tr { break-inside: auto; }
div.detail { break-inside: avoid; border-top: 1.2pt solid #24456e; padding-top: 2mm; margin-bottom: 5mm; }
td.step { background: #eef3e8; }
tr.group td { background: #f1f1e6; font-family: %(head_font)s; }
"""


@dataclass(frozen=True)
class Cell:
    """One table cell as printed: text (newlines become <br>), spans, header or body, a class; a workbook
    stores `value` (a number, where the print shows `text`) under `num_format`."""

    text: str = ""
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    css: str = ""
    value: float | None = None
    num_format: str = ""

    def html(self) -> str:
        tag = "th" if self.header else "td"
        attrs = "".join(
            f' {name}="{value}"' for name, value in (("colspan", self.colspan), ("rowspan", self.rowspan)) if value != 1
        )
        if self.css:
            attrs += f' class="{self.css}"'
        body = "<br>".join(html.escape(line) for line in self.text.split("\n"))
        return f"<{tag}{attrs}>{body}</{tag}>"


Row = Sequence[Cell | str]


def table(
    head: Sequence[Row], body: Sequence[Row], caption: str = "", widths: Sequence[str] = (), css: str = ""
) -> str:
    """An HTML table: head rows repeated by Chromium on every page the table runs onto."""

    def row_html(row: Row, header: bool) -> str:
        cells = [c if isinstance(c, Cell) else Cell(str(c), header=header) for c in row]
        group = ' class="group"' if len(cells) == 1 and cells[0].colspan > 1 and not header else ""
        return f"<tr{group}>" + "".join(c.html() for c in cells) + "</tr>"

    cols = "".join(f'<col style="width:{w}">' for w in widths)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    attr = f' class="{css}"' if css else ""
    return (
        f"<table{attr}>{cap}<colgroup>{cols}</colgroup><thead>"
        + "".join(row_html(r, True) for r in head)
        + "</thead><tbody>"
        + "".join(row_html(r, False) for r in body)
        + "</tbody></table>"
    )


def paragraph(text: str, css: str = "") -> str:
    attr = f' class="{css}"' if css else ""
    return f"<p{attr}>{html.escape(text)}</p>"


def heading(level: int, text: str, page_break: bool = False) -> str:
    attr = ' class="break"' if page_break else ""
    return f"<h{level}{attr}>{html.escape(text)}</h{level}>"


# Pages printed across the sheet (a list too wide for the upright page), the rest of the report upright.
LANDSCAPE_CSS = "@page landscape { size: %(paper)s landscape; } .landscape { page: landscape; }"


def landscape(body: str) -> str:
    """Part of a report printed on landscape pages (`document(..., landscape_pages=True)` declares them)."""
    return f'<div class="landscape">{body}</div>'


def document(
    title: str,
    body: str,
    font: str,
    bold: bool = False,
    size: str = "A4",
    table_size: str = "9.5pt",
    landscape_pages: bool = False,
) -> str:
    css = BASE_CSS % {
        "size": size,
        "font": font,
        "head_font": "'IPAPGothic'",
        "weight": "bold" if bold else "normal",
        "table_size": table_size,
    }
    if landscape_pages:
        css += LANDSCAPE_CSS % {"paper": size.split()[0]}
    return (
        '<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>{body}</body></html>"
    )


def print_pdf(page: str, target: Path) -> Path:
    """Prints the HTML with headless Chromium (a private profile, so parallel builds do not collide)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("Chromium is needed to print this producer's PDFs: run scripts/system-deps.sh")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile", f"--print-to-pdf={target}", source.as_uri()],
            check=True,
            capture_output=True,
            timeout=300,
        )
    # Two prints differ in the print time and in where the tagged structure's node ids start: fix the
    # one and number the others from the first (same lengths, so the cross-reference offsets stay right)
    # and a rebuild writes the same bytes.
    printed = PRINT_TIME.sub(rb"\1(D:20200401000000+00'00')", target.read_bytes())
    ids: dict[bytes, bytes] = {}

    def renumbered(m: re.Match[bytes]) -> bytes:
        return ids.setdefault(m.group(), b"node%08d" % len(ids))

    target.write_bytes(NODE_ID.sub(renumbered, printed))
    return target
