"""`python -m samples.build [--variant N] [--only REPORT]`: (re)build the sample documents.

Variant 0 (the default) writes the canonical samples into samples/; variant N writes
another edition of every report, with its truth, into variants/N/.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from samples.build.common import REPO_DIR, SAMPLES_DIR, TRUTH_DIR, Variant

# report id -> builder module; each module has build(out_dir, truth_dir, variant, truth_out) -> list[Path]
BUILDERS = {
    "yokohama_action_plan_review": "samples.build.yokohama_action_plan_review",
    "yokohama_kanmin_data_status": "samples.build.yokohama_kanmin_data_status",
    "hokkaido_basic_evaluation": "samples.build.hokkaido_basic_evaluation",
    "sasebo_dx_action_plan": "samples.build.sasebo_dx_action_plan",
    "tokorozawa_ict_action_plan": "samples.build.tokorozawa_ict_action_plan",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variant", type=int, default=0)
    parser.add_argument("--only", choices=sorted(BUILDERS), action="append")
    parser.add_argument("--out", type=Path, help="where to write (default: samples/ or variants/N/)")
    args = parser.parse_args()
    variant = Variant(args.variant)
    if args.out is not None:
        out_dir, truth_out = args.out, args.out / "truth"
    elif variant.canonical:
        out_dir, truth_out = SAMPLES_DIR, TRUTH_DIR
    else:
        out_dir = REPO_DIR / "variants" / str(variant.number)
        truth_out = out_dir / "truth"
    for report in args.only or sorted(BUILDERS):
        module = importlib.import_module(BUILDERS[report])
        for path in module.build(out_dir=out_dir, truth_dir=TRUTH_DIR, variant=variant, truth_out=truth_out):
            print(path)


if __name__ == "__main__":
    main()
