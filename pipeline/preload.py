"""Imported once by the process that document workers are forked from (pipeline/sandbox.py).

Everything a document needs is imported and every cache every document uses is built
here, once, so a worker forked for one document starts warm: the profile registry, the
Sudachi tokenizer, the municipality table, each table's empty frame and empty Parquet file, and
pandera's validation machinery.
"""

from __future__ import annotations

import gc

import hyoka.pipeline.ingest  # noqa: F401  (the worker's code, with everything it imports)
from hyoka.normalizers.morphology import tokenizer
from hyoka.pipeline.output import empty_table_bytes
from hyoka.profiles import registry
from hyoka.profiles.municipality import identify
from hyoka.schemas import TABLES, empty_frame, table_schema

registry()
tokenizer()
identify(["市"])
# Each table's empty frame and the Parquet file of its empty table (kept: documents leave tables empty, every
# write needs their types); building them also does pyarrow's first conversion and Parquet writer's set-up.
for _table in TABLES:
    empty_frame(_table)
    empty_table_bytes(_table)
# One validation loads the parts of pandera every first validation would (about 10 ms a worker otherwise);
# `cells` has a column of each type and check kind the tables use.
table_schema("cells").validate(empty_frame("cells"))

# Everything above lives as long as the process workers are forked from: kept out of the collector,
# a worker's first collections neither scan it nor write to its pages (copy-on-write faults per document).
gc.freeze()
