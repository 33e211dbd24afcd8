"""`python -m bench.editions`: hyoka on other editions of every report, scored against each edition's truth.

    .venv/bin/python -m bench.editions [--producers a,b] [--variants 1,2,4] [--out bench/tmp/editions] [--rebuild]
    .venv/bin/python -m bench.editions --producers a,b --variants 1,2,4 --score-only   # score those outputs again

Two producers print the editions from the same truth: `a` is the sample builder (`python -m samples.build`:
reportlab, python-docx + LibreOffice, openpyxl), `b` the second producer (`python -m
samples.build.producer_b`: HTML + CSS through headless Chromium, xlsxwriter). For each producer P and
variant N: builds the edition (`--variant N --out OUT/P/N`, truth in OUT/P/N/truth/<report>/; skipped when
OUT/P/N holds a finished build, unless --rebuild), ingests its documents with the installed `hyoka`
(--jobs 1) into OUT/P/N.hyoka, and scores
every document on its own: the contract tables per table (recall / precision) and the audit (known
inconsistencies found, missed, false alarms). Prints the markdown table and writes bench/editions.md
(per producer and document: facts found / total, findings found / planted, false alarms; every failure
with its evidence) and OUT/P/N.score.json (every difference).

Rows are matched with bench/scoring.py (`match_rows`, one-to-one, texts through `hyoka.normalizers.text`,
numbers within 1e-6 relative). What differs from `python -m bench` is what an edition needs: each
document is scored alone, keys follow each series' profile test (tests/profiles/test_<series>.py:
for instance 佐世保's KPIs and 横浜 官民データ's indicators are matched by name, because an edition
renumbers them). The audit uses the per-series rules of `bench.scoring.AUDIT_RULES`, as `python -m
bench` does, on each document's own findings and its part of the truth.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from bench import runner
from bench.corpus import _LAYOUT_ROW, read_csv
from bench.scoring import (
    AUDIT_RULES,
    FLAG_COLUMNS,
    FLAGGED,
    AuditResult,
    Score,
    TableSpec,
    match_rows,
    norm_flag,
    norm_names,
    norm_number,
    norm_text,
    norm_year,
    plain,
    score_audit,
    squash,
    where,
)

ROOT = Path(__file__).resolve().parents[1]
SCORED_TABLES = ("measures", "indicator_values", "budgets", "grades")
OUTPUT_TABLES = ("documents", *SCORED_TABLES, "checks", "quarantine")
# A person's judgement of why a document is not perfect, after looking at its pages: producer, edition,
# document, layer (format, profile, normalizer, audit, builder, bench) and the cause in a sentence.
CAUSES = ROOT / "bench" / "editions_causes.csv"
ESCAPED_BAR = r"\|"  # a | inside a markdown table cell
BUILT_MARK = ".built"  # written after a build finished, so that an interrupted build is redone
EVIDENCE_LIMIT = 8  # differences listed per table in editions.md; the score JSON has them all
# producer -> the module that builds its editions (`python -m MODULE --variant N --out DIR`)
PRODUCERS = {"a": "samples.build", "b": "samples.build.producer_b"}
Row = Mapping[str, Any]


# ---------------------------------------------------------------- value forms


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


# ---------------------------------------------------------------- table comparison


@dataclass
class TableResult:
    """One table of one document: the score and every difference as (key, value) evidence."""

    score: Score
    truth: int
    output: int
    wrong: list[dict[str, Any]] = field(default_factory=list)  # an output row with the key and another value
    missing: list[dict[str, Any]] = field(default_factory=list)  # a truth row no output row has the key of
    extra: list[dict[str, Any]] = field(default_factory=list)  # an output row no truth row has the key of

    @property
    def perfect(self) -> bool:
        return not (self.wrong or self.missing or self.extra)

    def cell(self) -> str:
        if not self.truth and not self.output:
            return "·"
        return f"{self.score.recall:.3f} / {self.score.precision:.3f}"


def compare_table(truth: Sequence[Row], found: Sequence[Row], spec: TableSpec) -> TableResult:
    """`match_rows`, then its leftovers explained: a missed truth row and an unmatched output row with
    the same key are one wrong value; the other leftovers are missing and extra rows."""
    matched, unmatched = match_rows(truth, found, spec)
    open_found: dict[tuple[Any, ...], list[int]] = {}
    for j in unmatched:
        open_found.setdefault(spec.key(found[j]), []).append(j)
    result = TableResult(
        Score(tp=len(matched), fp=len(unmatched), fn=len(truth) - len(matched)), len(truth), len(found)
    )
    for i, row in enumerate(truth):
        if i in matched:
            continue
        key = spec.key(row)
        if open_found.get(key):
            got = found[open_found[key].pop(0)]
            result.wrong.append({"key": key, "expected": spec.value(row), "got": spec.value(got), "where": where(got)})
        else:
            result.missing.append({"key": key, "expected": spec.value(row)})
    for j in (j for rows in open_found.values() for j in rows):
        result.extra.append({"key": spec.key(found[j]), "got": spec.value(found[j]), "where": where(found[j])})
    return result


# ---------------------------------------------------------------- per-series conventions


def _measure_value(r: Row) -> tuple[Any, ...]:
    return (
        norm_text(r.get("measure_no")),
        norm_text(r.get("title")),
        norm_text(r.get("level")),
        norm_text(r.get("group_name")),
        norm_names(r.get("departments")),
        norm_names(r.get("divisions")),
        norm_text(r.get("stage")),
        *(norm_flag(r.get(column)) for column in FLAG_COLUMNS),
    )


def _indicator_value(r: Row) -> tuple[Any, ...]:
    """The number where one is printed; a text cell (no number) is compared by its printed text."""
    number = norm_number(r.get("value"))
    return (number, squash(r.get("value_text")) if number is None else "")


def _budget_value(r: Row) -> tuple[Any, ...]:
    return (norm_number(r.get("amount")),)


def _grade_value(r: Row) -> tuple[Any, ...]:
    return (norm_text(r.get("stated_grade")),)


class Series:
    """How one series' documents are scored; subclasses follow their profile test's conventions."""

    grade_key_fields: tuple[str, ...] = ("measure_key", "grade_type", "fiscal_year")
    # The indicator_values places a document of the series is scored on (None: the truth's places).
    indicator_places: tuple[str, ...] | None = None

    def measure_key(self, r: Row) -> tuple[Any, ...]:
        return (norm_text(r.get("measure_key")),)

    def indicator_key(self, r: Row) -> tuple[Any, ...]:
        return (
            norm_text(r.get("measure_key")),
            norm_text(r.get("indicator_key")),
            norm_year(r.get("fiscal_year")),
            norm_text(r.get("metric")),
            norm_text(r.get("place")),
        )

    def budget_key(self, r: Row) -> tuple[Any, ...]:
        return (norm_text(r.get("measure_key")), norm_year(r.get("fiscal_year")), norm_text(r.get("item")))

    def grade_key(self, r: Row) -> tuple[Any, ...]:
        return tuple(norm_year(r.get(f)) if f == "fiscal_year" else norm_text(r.get(f)) for f in self.grade_key_fields)

    def specs(self) -> dict[str, TableSpec]:
        return {
            "measures": TableSpec("measures", self.measure_key, _measure_value),
            "indicator_values": TableSpec("indicator_values", self.indicator_key, _indicator_value),
            "budgets": TableSpec("budgets", self.budget_key, _budget_value),
            "grades": TableSpec("grades", self.grade_key, _grade_value),
        }

    def renamed(self, measures: Sequence[Row], rows: Sequence[Row]) -> list[Row]:
        """Rows with the keys this series matches by (see Sasebo); `measures` are the same side's."""
        return list(rows)

    def part(self, document: str) -> str:
        """Which part of the series' truth a document carries ('all' but for a document printing a part)."""
        return "all"

    def truth_part(self, part: str, table: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        return rows


class YokohamaReview(Series):
    grade_key_fields = ("measure_key", "grade_type", "fiscal_year", "place")


class YokohamaKanmin(Series):
    indicator_places = ("評価指標表",)

    def indicator_key(self, r: Row) -> tuple[Any, ...]:
        # The document prints no indicator numbers and an edition keeps the canonical ones: match by name.
        return (
            norm_text(r.get("measure_key")),
            squash(r.get("indicator_name")),
            norm_year(r.get("fiscal_year")),
            norm_text(r.get("metric")),
        )


class Hokkaido(Series):
    def indicator_key(self, r: Row) -> tuple[Any, ...]:
        # Indicator numbers are unique across the report; the document ties them to no measure key.
        return (
            norm_text(r.get("indicator_key")),
            norm_year(r.get("fiscal_year")),
            norm_text(r.get("metric")),
            norm_text(r.get("place")),
        )


class Sasebo(Series):
    PROJECT_LIST = "project_list"

    def renamed(self, measures: Sequence[Row], rows: Sequence[Row]) -> list[Row]:
        # An edition renumbers the KPIs it keeps: a KPI is matched by its title, as the profile test does.
        names = {m["measure_key"]: "KPI " + norm_text(m.get("title")) for m in measures if m.get("level") == "kpi"}
        return [
            {**r, **{k: names.get(r.get(k), r.get(k)) for k in ("measure_key", "indicator_key") if k in r}}
            for r in rows
        ]

    def part(self, document: str) -> str:
        return self.PROJECT_LIST if "project_list" in document else "all"

    def truth_part(self, part: str, table: str, rows: list[dict[str, str]]) -> list[dict[str, str]]:
        # The project list alone prints the projects, their list values, its duplicate PIDs and name variants.
        if part != self.PROJECT_LIST:
            return rows
        if table == "measures":
            return [m for m in rows if m["level"] == "project"]
        if table == "indicator_values":
            return [v for v in rows if v["place"] == "project_list"]
        if table == "inconsistencies":
            return [
                i
                for i in rows
                if (i["kind"] == "duplicate_id" and i["scope"].startswith("project list"))
                or (i["kind"] == "name_variant" and "project list" in i["scope"])
            ]
        return rows


class Tokorozawa(Series):
    grade_key_fields = ("measure_key", "grade_type", "fiscal_year", "place")


SERIES: dict[str, Series] = {
    "yokohama_action_plan_review": YokohamaReview(),
    "yokohama_kanmin_data_status": YokohamaKanmin(),
    "hokkaido_basic_evaluation": Hokkaido(),
    "sasebo_dx_action_plan": Sasebo(),
    "tokorozawa_ict_action_plan": Tokorozawa(),
}


def document_series(root: Path) -> dict[str, str]:
    """Document file name -> series, in the order of samples/truth/README.md's layout table (whether
    or not the canonical samples are built: an edition prints the same file names)."""
    names = {}
    for line in (root / "samples" / "truth" / "README.md").read_text(encoding="utf-8").splitlines():
        m = _LAYOUT_ROW.match(line)
        if m is not None:
            names.update((Path(p).name, m["folder"]) for p in re.findall(r"`(samples/[^`]+)`", m["documents"]))
    return names


# ---------------------------------------------------------------- one document


@dataclass
class DocumentResult:
    producer: str
    edition: int
    document: str
    series: str
    status: str
    error: str | None  # the document's own error text (why it is partial or failed)
    identity_errors: list[str]  # profile, municipality code, title or report year not the truth's
    tables: dict[str, TableResult]
    audit: AuditResult

    @property
    def facts(self) -> tuple[int, int]:
        """(truth rows of the scored tables found with the right value, truth rows)."""
        return sum(t.score.tp for t in self.tables.values()), sum(t.truth for t in self.tables.values())

    @property
    def perfect(self) -> bool:
        return (
            self.status == "ok"
            and not self.identity_errors
            and all(t.perfect for t in self.tables.values())
            and not self.audit.missed
            and not self.audit.false_alarms
        )


def identity_errors(document: Row, series: str, truth: Row) -> list[str]:
    got = {
        "profile": document.get("profile"),
        "municipality_code": document.get("municipality_code"),
        "title": squash(document.get("title")),
        "report_fiscal_year": norm_year(document.get("report_fiscal_year")),
    }
    expected = {
        "profile": series,
        "municipality_code": truth.get("municipality_code"),
        "title": squash(truth.get("title")),
        "report_fiscal_year": norm_year(truth.get("report_fiscal_year")),
    }
    return [f"{k}: {got[k]!r}, truth {expected[k]!r}" for k in got if got[k] != expected[k]]


def score_document(
    producer: str,
    edition: int,
    document: Row,
    output: Mapping[str, list[dict[str, Any]]],
    series_id: str,
    truth_dir: Path,
) -> DocumentResult:
    """One document's output (`output`: its rows of every table) against its edition's truth."""
    series = SERIES[series_id]
    name = Path(str(document["source_file"])).name
    part = series.part(name)

    def truth(table: str) -> list[dict[str, str]]:
        return series.truth_part(part, table, read_csv(truth_dir / f"{table}.csv"))

    truth_rows = {table: truth(table) for table in SCORED_TABLES}
    found_rows = {table: output.get(table, []) for table in SCORED_TABLES}
    places = series.indicator_places or tuple({v["place"] for v in truth_rows["indicator_values"]})
    if truth_rows["indicator_values"]:
        # Values printed in a place the truth does not transcribe are not scored either way.
        found_rows["indicator_values"] = [v for v in found_rows["indicator_values"] if v.get("place") in places]
    grade_types = {g["grade_type"] for g in truth_rows["grades"]}
    found_rows["grades"] = [g for g in found_rows["grades"] if g.get("grade_type") in grade_types]

    specs = series.specs()
    tables = {}
    for table in SCORED_TABLES:
        expected = series.renamed(truth_rows["measures"], truth_rows[table])
        got = series.renamed(found_rows["measures"], found_rows[table])
        tables[table] = compare_table(expected, got, specs[table])

    flagged = [r for r in output.get("grades", []) + output.get("checks", []) if r.get("status") in FLAGGED]
    rules = AUDIT_RULES[series_id]
    audit = score_audit(truth("inconsistencies"), flagged, rules.explains, rules.tolerated)
    (truth_document,) = read_csv(truth_dir / "document.csv")
    return DocumentResult(
        producer,
        edition,
        name,
        series_id,
        str(document.get("status")),
        document.get("error"),
        identity_errors(document, series_id, truth_document),
        tables,
        audit,
    )


# ---------------------------------------------------------------- one edition


def load_output(out: Path) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Each table read file by file, and the tables whose folder does not read as one table with
    every column (`pd.read_parquet(folder)` takes one file's schema: a column only some documents
    write would vanish for a user reading the folder)."""
    tables, unreadable = {}, []
    for name in OUTPUT_TABLES:
        files = sorted((out / name).glob("*.parquet")) if (out / name).is_dir() else []
        if not files:
            tables[name] = pd.DataFrame({"document_id": []})
            continue
        tables[name] = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
        try:
            lost = set(tables[name].columns) - set(pd.read_parquet(out / name).columns)
        except (ValueError, pa.ArrowException) as error:
            unreadable.append(f"{name}: folder does not read as one table ({str(error)[:160]})")
            continue
        if lost:
            unreadable.append(f"{name}: reading the folder loses {sorted(lost)}")
    return tables, unreadable


def build(producer: str, variant: int, edition_dir: Path, rebuild: bool) -> None:
    if (edition_dir / BUILT_MARK).exists() and not rebuild:
        return
    if edition_dir.exists():
        shutil.rmtree(edition_dir)
    edition_dir.mkdir(parents=True)
    log = edition_dir.with_name(f"{variant}.build.log")
    with log.open("w") as sink:
        done = subprocess.run(
            [sys.executable, "-m", PRODUCERS[producer], "--variant", str(variant), "--out", str(edition_dir)],
            cwd=ROOT,
            stdout=sink,
            stderr=sink,
        )
    if done.returncode != 0:
        raise RuntimeError(
            f"building edition {variant} of producer {producer} failed (exit {done.returncode}); see {log}"
        )
    (edition_dir / BUILT_MARK).write_text(datetime.now(UTC).isoformat() + "\n")


@dataclass
class EditionResult:
    producer: str
    variant: int
    ingest_seconds: float
    documents: list[DocumentResult]
    failures: list[str]  # edition-wide: a built document hyoka did not report, a folder that reads badly


def run_edition(
    producer: str,
    variant: int,
    out_root: Path,
    rebuild: bool,
    score_only: bool = False,
    pdf_reader: str | None = None,
) -> EditionResult:
    """Builds, ingests and scores one edition; `score_only` scores the build and the ingest output already in
    `out_root` again (after a change to the scoring or to the causes), with the ingest time they took;
    `pdf_reader` is hyoka's --pdf-reader (its default when None)."""
    out_root = out_root / producer
    edition_dir = out_root / str(variant)
    hyoka_out = out_root / f"{variant}.hyoka"
    scores = out_root / f"{variant}.score.json"
    if score_only:
        if not ((edition_dir / BUILT_MARK).exists() and hyoka_out.is_dir() and scores.is_file()):
            raise RuntimeError(
                f"--score-only: {producer} v{variant} has no build, ingest output and scores in {out_root}"
            )
        seconds = float(json.loads(scores.read_text(encoding="utf-8"))["ingest_seconds"])
    else:
        build(producer, variant, edition_dir, rebuild)
    series_of = document_series(ROOT)
    documents = [edition_dir / name for name in series_of if (edition_dir / name).is_file()]
    if not score_only:
        log = out_root / f"{variant}.ingest.log"
        seconds = runner.run_hyoka(documents, hyoka_out, log, jobs=1, pdf_reader=pdf_reader).seconds
    tables, failures = load_output(hyoka_out)
    reported = records(tables["documents"])
    by_name = {Path(str(d["source_file"])).name: d for d in reported}
    results = []
    for path in documents:
        document = by_name.get(path.name)
        if document is None:
            failures.append(f"{path.name}: built, but hyoka reported no document for it")
            continue
        output = {
            t: records(tables[t][tables[t]["document_id"] == document["document_id"]])
            for t in OUTPUT_TABLES
            if len(tables[t])
        }
        series_id = series_of[path.name]
        results.append(
            score_document(producer, variant, document, output, series_id, edition_dir / "truth" / series_id)
        )
    return EditionResult(producer, variant, seconds, results, failures)


# ---------------------------------------------------------------- report


TABLE_HEAD = (
    "| prod. | ed. | document | doc | facts found / total | measures R/P | indicator_values R/P | budgets R/P "
    "| grades R/P | findings found / planted | false alarms |\n|" + "---|" * 11
)


def markdown_table(results: Iterable[DocumentResult]) -> str:
    lines = [TABLE_HEAD]
    for r in results:
        doc = r.status + (" (identity wrong)" if r.identity_errors else "")
        cells = " | ".join(r.tables[t].cell() for t in SCORED_TABLES)
        a = r.audit
        found, total = r.facts
        lines.append(
            f"| {r.producer} | v{r.edition} | {r.document} | {doc} | {found}/{total} | {cells} "
            f"| {a.found}/{a.inconsistencies} | {len(a.false_alarms)} |"
        )
    return "\n".join(lines)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def failure_lines(r: DocumentResult) -> list[str]:
    """The evidence of one imperfect document: what is wrong, missing or extra, and where."""
    lines = [f"- **{r.producer} v{r.edition} {r.document}** (status {r.status})"]
    if r.error:
        lines.append(f"  - error: {r.error}")
    lines += [f"  - identity: {e}" for e in r.identity_errors]
    for table in SCORED_TABLES:
        result = r.tables[table]
        for kind in ("wrong", "missing", "extra"):
            items = getattr(result, kind)
            lines += [f"  - {table} {kind}: `{_json(item)}`" for item in items[:EVIDENCE_LIMIT]]
            if len(items) > EVIDENCE_LIMIT:
                lines.append(f"  - {table} {kind}: … {len(items) - EVIDENCE_LIMIT} more in the score JSON")
    lines += [f"  - audit missed: `{_json(m)}`" for m in r.audit.missed]
    lines += [f"  - audit false alarm: `{_json(f)}`" for f in r.audit.false_alarms]
    return lines


@dataclass(frozen=True)
class Cause:
    layer: str
    text: str


Causes = Mapping[tuple[str, int, str], Sequence[Cause]]


def read_causes(path: Path = CAUSES) -> dict[tuple[str, int, str], list[Cause]]:
    """(producer, edition, document) -> the causes a person wrote down for it (none when there is no file)."""
    causes: dict[tuple[str, int, str], list[Cause]] = {}
    for row in read_csv(path):
        key = (row["producer"], int(row["edition"]), row["document"])
        causes.setdefault(key, []).append(Cause(row["layer"], row["cause"]))
    return causes


def cause_lines(documents: Sequence[DocumentResult], causes: Causes) -> list[str]:
    """Each imperfect document with the causes judged for it (or a note that none is judged yet), then the
    causes of documents that are now perfect (stale: to be removed from the file)."""
    lines = []
    for d in documents:
        if d.perfect:
            continue
        judged = causes.get((d.producer, d.edition, d.document), [])
        lines.append(f"- **{d.producer} v{d.edition} {d.document}**" + ("" if judged else ": not yet judged"))
        lines += [f"  - {c.layer}: {c.text}" for c in judged]
    perfect = {(d.producer, d.edition, d.document) for d in documents if d.perfect}
    stale = [
        f"- {p} v{e} {doc}: perfect now; its causes in {CAUSES.name} are stale" for p, e, doc in perfect & set(causes)
    ]
    return lines + sorted(stale)


def cause_counts(documents: Sequence[DocumentResult], causes: Causes) -> list[str]:
    """Each judged cause once, with the number of imperfect documents it accounts for (most first)."""
    counts = Counter(c for d in documents if not d.perfect for c in causes.get((d.producer, d.edition, d.document), []))
    # A cause may quote a printed head (進捗区分 | 指標数): its bars must not split the table's cells.
    rows = sorted(counts.items(), key=lambda item: -item[1])
    return [f"| {n} | {c.layer} | {c.text.replace('|', ESCAPED_BAR)} |" for c, n in rows]


def producer_lines(documents: Sequence[DocumentResult]) -> list[str]:
    """One line per producer: documents perfect, facts found, findings found, false alarms."""
    lines = []
    for producer in sorted({d.producer for d in documents}):
        mine = [d for d in documents if d.producer == producer]
        found, total = (sum(d.facts[i] for d in mine) for i in (0, 1))
        planted = sum(d.audit.inconsistencies for d in mine)
        lines.append(
            f"- **producer {producer}: {sum(d.perfect for d in mine)} of {len(mine)} documents perfect**; "
            f"facts found {found}/{total}; findings found {sum(d.audit.found for d in mine)}/{planted}; "
            f"false alarms {sum(len(d.audit.false_alarms) for d in mine)}"
        )
    return lines


def report_markdown(
    editions: Sequence[EditionResult],
    machine: Mapping[str, Any],
    when: datetime,
    causes: Causes | None = None,
    rescored: bool = False,
) -> str:
    documents = [d for e in editions for d in e.documents]
    lines = [
        "# hyoka on other editions of the reports",
        "",
        'Written by `.venv/bin/python -m bench.editions` (see bench/README.md, "Editions"): every document of',
        "each edition built by producer a (`python -m samples.build --variant N`) or b (`python -m",
        "samples.build.producer_b --variant N`), ingested with `hyoka ingest --jobs 1`, and scored alone against",
        "the edition's truth. Facts = rows of measures, indicator_values, budgets and grades found with the",
        "truth's value; findings = the edition's planted and inherited inconsistencies the audit flags.",
        "R/P = recall / precision; · = nothing to find and nothing found.",
        "",
        f"- date: {when:%Y-%m-%d %H:%M} UTC",
        f"- machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"Python {machine['python']}, {machine['platform']}",
        f"- commit: {machine['commit']}",
        *(["- scored again (--score-only) from the builds and ingest outputs of an earlier run"] if rescored else []),
        "- ingest wall time: " + ", ".join(f"{e.producer} v{e.variant} {e.ingest_seconds:.0f} s" for e in editions),
        "- perfect = every score 1.000, nothing missed, no false alarm",
        *producer_lines(documents),
        "",
        markdown_table(documents),
        "",
        "## Causes",
        "",
        f"Why each imperfect document is not perfect, judged by a person from its pages (bench/{CAUSES.name}).",
        "",
        "| documents | layer | cause |",
        "|---|---|---|",
        *cause_counts(documents, causes or {}),
        "",
        *(cause_lines(documents, causes or {}) or ["None."]),
        "",
        "## Failures",
        "",
    ]
    failures = [f"- **{e.producer} v{e.variant}**: {f}" for e in editions for f in e.failures]
    failures += [line for d in documents if not d.perfect for line in failure_lines(d)]
    lines += failures or ["None."]
    return "\n".join(lines) + "\n"


def score_json(edition: EditionResult) -> dict[str, Any]:
    return {
        "producer": edition.producer,
        "variant": edition.variant,
        "ingest_seconds": edition.ingest_seconds,
        "failures": edition.failures,
        "documents": [
            {
                "document": d.document,
                "series": d.series,
                "status": d.status,
                "error": d.error,
                "identity_errors": d.identity_errors,
                "tables": {
                    t: {"score": r.score.as_dict(), "wrong": r.wrong, "missing": r.missing, "extra": r.extra}
                    for t, r in d.tables.items()
                },
                "audit": vars(d.audit),
            }
            for d in edition.documents
        ],
    }


def main(argv: list[str] | None = None) -> None:
    from bench.__main__ import machine

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--producers", default="a", help="comma-separated producers: a, b (see PRODUCERS)")
    parser.add_argument(
        "--variants", default="1,2,4", help="comma-separated edition numbers (0: producer b's printing of the samples)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "tmp" / "editions", help="builds and outputs")
    parser.add_argument("--rebuild", action="store_true", help="build editions again even when already built")
    parser.add_argument(
        "--score-only", action="store_true", help="score the builds and ingest outputs already in --out again"
    )
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "editions.md", help="the markdown written")
    parser.add_argument("--pdf-reader", choices=("pdfplumber", "pdfium"), help="hyoka's PDF reader (its default)")
    args = parser.parse_args(argv)
    variants = [int(v) for v in args.variants.split(",") if v.strip()]
    producers = [p.strip() for p in args.producers.split(",") if p.strip()]
    if unknown := sorted(set(producers) - set(PRODUCERS)):
        parser.error(f"unknown producer(s) {unknown}; known: {sorted(PRODUCERS)}")
    if variants == [0] and producers == ["a"]:
        parser.error("variant 0 of producer a is the canonical sample: `python -m bench` scores it")
    editions = []
    for producer in producers:
        # Producer b's edition 0 prints the samples' own facts; producer a's is what `python -m bench` scores.
        for variant in (v for v in variants if v or producer != "a"):
            print(f"[editions] {producer} v{variant}: build, ingest, score", file=sys.stderr, flush=True)
            edition = run_edition(producer, variant, args.out, args.rebuild, args.score_only, args.pdf_reader)
            (args.out / producer / f"{variant}.score.json").write_text(
                json.dumps(score_json(edition), ensure_ascii=False, indent=1, default=str), encoding="utf-8"
            )
            editions.append(edition)
    text = report_markdown(editions, machine(), datetime.now(UTC), read_causes(), args.score_only)
    args.report.write_text(text, encoding="utf-8")
    print(markdown_table(d for e in editions for d in e.documents))


if __name__ == "__main__":
    main()
