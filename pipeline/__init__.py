"""The ingest pipeline, one function per stage in `pipeline/ingest.py`:
read -> locate -> normalise -> validate -> audit -> write."""

import sys


def _pandera_without_dask() -> None:
    """pandera looks for dask's DataFrame and Index types the first time it builds a schema and imports
    dask.dataframe when dask is installed (hyoka's optional executor brings it): about 0.4 s of CPU in
    every process, for types hyoka never validates. Its probe is answered "not installed" here, once,
    before any schema is built; dask itself stays importable for whoever needs it."""
    if "pandera.typing.dask" in sys.modules or "dask.dataframe" in sys.modules:
        return
    sys.modules["dask.dataframe"] = None  # type: ignore[assignment]  # `import dask.dataframe` now fails
    try:
        import pandera.typing.dask  # noqa: F401
    finally:
        del sys.modules["dask.dataframe"]


_pandera_without_dask()

from hyoka.schemas.version import HYOKA_VERSION as __version__  # noqa: E402  (after the probe above)

__all__ = ["__version__"]
