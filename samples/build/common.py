"""What every report builder shares: paths, fonts, the variant knobs, truth I/O, LibreOffice."""

from __future__ import annotations

import csv
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parent.parent
TRUTH_DIR = SAMPLES_DIR / "truth"
REPO_DIR = SAMPLES_DIR.parent
SEEDS_DIR = SAMPLES_DIR / "seeds"

# Japanese TrueType fonts from Debian's fonts-ipaexfont / fonts-ipafont (reportlab embeds
# TrueType with a ToUnicode map, so pdfplumber reads the text back without (cid:...)).
FONT_FILES = {
    "IPAexGothic": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "IPAexMincho": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "IPAGothic": "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "IPAMincho": "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "IPAPGothic": "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
}


def register_fonts() -> None:
    """Registers the Japanese fonts with reportlab once."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in FONT_FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path))


# Layout knobs the variant schedule turns on (fiscal year, fonts, widths, page breaks, rows added and
# removed, values changed and planted inconsistencies vary in every variant, each builder drawing them).
LANDSCAPE, COLUMN_ORDER, HEADER_WORDING, GROUP_ROWS = "landscape", "column_order", "header_wording", "group_rows"
# Which knobs each variant turns on: each knob in five or six of variants 1-9, each variant two to four.
KNOBS_BY_VARIANT: dict[int, frozenset[str]] = {
    1: frozenset({COLUMN_ORDER, GROUP_ROWS}),
    2: frozenset({LANDSCAPE, HEADER_WORDING}),
    3: frozenset({COLUMN_ORDER, HEADER_WORDING, GROUP_ROWS}),
    4: frozenset({LANDSCAPE, GROUP_ROWS}),
    5: frozenset({COLUMN_ORDER, LANDSCAPE, HEADER_WORDING}),
    6: frozenset({GROUP_ROWS, HEADER_WORDING}),
    7: frozenset({LANDSCAPE, COLUMN_ORDER}),
    8: frozenset({HEADER_WORDING, GROUP_ROWS, LANDSCAPE}),
    9: frozenset({COLUMN_ORDER, LANDSCAPE, HEADER_WORDING, GROUP_ROWS}),
}
# A budget column's head in the forms a reworded variant prints (事業費 (千円) and its kin), in turn.
AMOUNT_HEADS = ("{item} (千円)", "{item}（千円）", "{item}\n(千円)")
REVENUE_HEADS = ("うち 一般財源", "うち一般財源")
FULL_COST_HEADS = ("フル コスト", "フル\nコスト")


@dataclass
class Variant:
    """The knobs of one edition of a report.

    Number 0 is the canonical sample: the builder must reproduce the seed faithfully.
    Any other number is another edition, drawn deterministically from the number:
    each builder decides what it varies (fiscal year, fonts, column widths and order,
    page breaks, rows dropped or added, values changed, inconsistencies planted) and
    writes the truth of that edition beside the documents.
    """

    number: int = 0
    rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.number)

    @property
    def canonical(self) -> bool:
        return self.number == 0

    @property
    def knobs(self) -> frozenset[str]:
        """The layout knobs of this variant (none for the canonical sample; the schedule repeats after 9)."""
        if self.canonical:
            return frozenset()
        return KNOBS_BY_VARIANT[1 + (self.number - 1) % len(KNOBS_BY_VARIANT)]

    def head(self, forms: tuple[str, ...], canonical: str, **fields: str) -> str:
        """A head as printed: `canonical`, or with the header-wording knob one of the other `forms`, taken
        in turn by the variant number."""
        others = [f.format(**fields) for f in forms if f.format(**fields) != canonical.format(**fields)]
        return others[self.number % len(others)] if HEADER_WORDING in self.knobs else canonical.format(**fields)

    def font(self, default: str = "IPAexGothic") -> str:
        """The body font: the default for the canonical sample, a drawn one otherwise."""
        if self.canonical:
            return default
        return self.rng.choice(sorted(FONT_FILES))

    def jitter(self, value: float, spread: float = 0.15) -> float:
        """A layout constant (column width, row height) varied by up to ±spread."""
        if self.canonical:
            return value
        return value * (1 + self.rng.uniform(-spread, spread))


def read_truth(report: str, name: str, truth_dir: Path = TRUTH_DIR) -> list[dict[str, str]]:
    """Rows of `truth/<report>/<name>.csv` as dicts of strings."""
    with (truth_dir / report / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_truth(report: str, name: str, rows: list[dict[str, str]], truth_dir: Path) -> None:
    """Writes a (variant's) truth CSV with the same columns as the rows' keys."""
    path = truth_dir / report / f"{name}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = list(rows[0]) if rows else []
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def seed_lines(seed_file: str) -> list[str]:
    """The seed's lines; index i holds seed line i + 1."""
    return (SEEDS_DIR / seed_file).read_text(encoding="utf-8").splitlines()


def soffice_convert(source: Path, target_ext: str, out_dir: Path) -> Path:
    """Converts with LibreOffice headless (xlsx->xlsx recalculates and stores cached values;
    xlsx/docx->pdf prints). Uses a private profile so parallel builds do not collide."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is needed to build this sample: run scripts/system-deps.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as tmp_out:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target_ext,
                "--outdir",
                tmp_out,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        produced = Path(tmp_out) / f"{source.stem}.{target_ext.split(':')[0]}"
        target = out_dir / produced.name
        shutil.move(str(produced), target)
    return target


# Characters a Japanese line may not start with (kinsoku shori), and runs of ASCII without a
# space, which office suites never break (UAX #14 allows no break in ")AI" or "3,920").
NO_LINE_START = set("、。，．,.)）」』】〕’”・ー～:：;；!！?？%％")
LATIN_WORD = re.compile(r"[!-~]+")


def wrap_text(text: str, width: float, font: str, size: float) -> list[str]:
    """Breaks text into lines no wider than `width` the way office suites do: Japanese
    between any two characters, Latin words and numbers whole, no line starting with a
    closing mark; explicit newlines kept."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    for paragraph in text.split("\n"):
        tokens = [m.group() for m in re.finditer(rf"{LATIN_WORD.pattern}|.", paragraph)]
        line = ""
        for token in tokens:
            if not line or stringWidth(line + token, font, size) <= width:
                line += token
                continue
            if token[0] in NO_LINE_START and len(line) > 1:
                # Carry the last character down with the closing mark.
                lines.append(line[:-1])
                line = line[-1] + token
            else:
                lines.append(line.rstrip())
                line = token.lstrip()
        lines.append(line)
    return lines
