"""`python -m samples.build.producer_b [--variant N] [--only REPORT] [--out DIR]`: this producer's documents.

Edition 0 (the default) prints the samples' own facts into samples/producer-b/ (committed, so that
tests read them without a browser); edition N writes another edition with its truth (OUT/truth/) into
variants/producer-b/N/.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from samples.build.common import REPO_DIR, SAMPLES_DIR
from samples.build.producer_b.edition import Edition

CANONICAL_DIR = SAMPLES_DIR / "producer-b"
# report id -> module; each has build(out_dir, edition, truth_out) -> list[Path]
BUILDERS = {
    "hokkaido_basic_evaluation": "samples.build.producer_b.hokkaido_basic_evaluation",
    "sasebo_dx_action_plan": "samples.build.producer_b.sasebo_dx_action_plan",
    "tokorozawa_ict_action_plan": "samples.build.producer_b.tokorozawa_ict_action_plan",
    "yokohama_action_plan_review": "samples.build.producer_b.yokohama_action_plan_review",
    "yokohama_kanmin_data_status": "samples.build.producer_b.yokohama_kanmin_data_status",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", type=int, default=0)
    parser.add_argument("--only", choices=sorted(BUILDERS), action="append")
    parser.add_argument("--out", type=Path, help="where to write (default: samples/producer-b/ or variants/...)")
    args = parser.parse_args()
    edition = Edition(args.variant)
    # The samples' own facts are samples/truth/; any other build writes the truth it printed beside it.
    truth_out: Path | None
    if args.out is not None:
        out_dir, truth_out = args.out, args.out / "truth"
    elif edition.canonical:
        out_dir, truth_out = CANONICAL_DIR, None
    else:
        out_dir = REPO_DIR / "variants" / "producer-b" / str(edition.number)
        truth_out = out_dir / "truth"
    for report in args.only or sorted(BUILDERS):
        module = importlib.import_module(BUILDERS[report])
        # Each report draws from its own stream, so adding a report leaves the others' editions as they were.
        for path in module.build(out_dir=out_dir, ed=Edition(args.variant), truth_out=truth_out):
            print(path)


if __name__ == "__main__":
    main()
