"""The ingest pipeline, one function per stage in `pipeline/ingest.py`:
read -> locate -> normalise -> validate -> audit -> write."""

from hyoka.schemas.version import HYOKA_VERSION as __version__

__all__ = ["__version__"]
