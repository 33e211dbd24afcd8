"""The ingest pipeline, one function per stage in `pipeline/ingest.py`:
read -> locate -> normalise -> validate -> audit -> write."""

import importlib
import sys


def _pandera_without(probed: str, probing: str) -> None:
    """Imports pandera's module `probing` with `import probed` answered "not installed", once; `probed`
    itself stays importable for whoever needs it."""
    if probing in sys.modules or probed in sys.modules:
        return
    sys.modules[probed] = None  # type: ignore[assignment]  # `import probed` now fails
    try:
        importlib.import_module(probing)
    finally:
        del sys.modules[probed]


# Optional libraries pandera probes for, whose types or features hyoka never uses, answered "not installed"
# before any schema is built: dask.dataframe, imported by pandera's first schema when dask is installed
# (hyoka's optional executor brings it), about 0.4 s of CPU in every process; hypothesis, imported by its
# checks' data-synthesis strategies when installed (hyoka's test dependency), about 0.1 s.
_pandera_without("dask.dataframe", "pandera.typing.dask")
_pandera_without("hypothesis", "pandera.strategies.pandas_strategies")

from hyoka.schemas.version import HYOKA_VERSION as __version__  # noqa: E402  (after the probe above)

__all__ = ["__version__"]
