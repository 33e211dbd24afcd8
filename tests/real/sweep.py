"""`make sweep`: hyoka over a folder of real sheets that have no truth, checked for invariants.

Every document must be read (not `failed`) within 10 s, and give its title, amounts and
judgements; every `mismatch` or `ambiguous` check is listed for a person to read on the page.
A missing folder is said and is not an error (the sheets are not in the repository).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

from hyoka.pipeline.ingest import ingest

SECONDS_PER_DOCUMENT = 10.0


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name) if (out / name).exists() else pd.DataFrame(columns=["document_id"])


def sweep(folder: Path, out: Path) -> list[str]:
    """The broken invariants, one sentence each; prints what every document gave."""
    # One document at a time, so that a document's seconds are its own.
    report = ingest([folder], out, force=True)
    documents = _table(out, "documents").set_index("document_id")
    counts = {name: _table(out, name).groupby("document_id").size() for name in ("budgets", "grades")}
    problems: list[str] = []
    slowest = 0.0
    for entry in report["documents"]:
        name, document_id = Path(entry["source_file"]).name, entry["document_id"]
        seconds = sum(entry.get("seconds", {}).values())
        slowest = max(slowest, seconds)
        row = documents.loc[document_id] if document_id in documents.index else None
        gave = {what: int(c.get(document_id, 0)) for what, c in counts.items()}
        title = None if row is None else row["title"]
        if row is None or row["status"] == "failed":
            problems.append(f"{name}: failed ({entry.get('error')})")
        if seconds > SECONDS_PER_DOCUMENT:
            stages = ", ".join(f"{stage} {s:.1f}" for stage, s in entry.get("seconds", {}).items())
            problems.append(f"{name}: took {seconds:.1f} s ({stages})")
        if not isinstance(title, str) or not title:
            problems.append(f"{name}: no title")
        if not gave["budgets"]:
            problems.append(f"{name}: no amounts")
        if not gave["grades"]:
            problems.append(f"{name}: no judgements")
        print(f"{name}: {seconds:.1f} s, title {title!r}, {gave['budgets']} amounts, {gave['grades']} judgements")
    checks = _table(out, "checks")
    flagged = checks[checks["status"].isin(["mismatch", "ambiguous"])] if "status" in checks else checks.iloc[0:0]
    names = {d: Path(str(f)).name for d, f in documents["source_file"].items()}
    summary = f"{len(report['documents'])} documents, slowest {slowest:.1f} s, {len(checks)} checks"
    print(f"\n{summary}, {len(flagged)} flagged:")
    for _, check in flagged.iterrows():
        print(f"  {check['status']}: {names.get(check['document_id'])} {check['scope']}: {check['detail']}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"no sweep folder at {args.folder}: nothing to sweep")
        return 0
    with tempfile.TemporaryDirectory() as out:
        problems = sweep(args.folder, Path(out))
    for problem in problems:
        print(f"BROKEN: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
