"""A hyoka process's start-up: modules loaded with the cyclic garbage collector held off.

Start-up allocates a few hundred thousand objects that live as long as the process (modules, classes,
compiled patterns, the profile registry, the dictionary). While they are created, CPython's cyclic
collector runs full collections over everything allocated so far, again and again, and finds nothing
to free: about a tenth of a second of CPU in every process. `loading()` holds it off while a block of
imports runs, then freezes what was loaded out of later collections (a forked worker's too) and lets
it run again. Only for a process that is hyoka's own (the command line): freezing a library caller's
objects would keep its garbage cycles for good.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading() -> Iterator[None]:
    """Imports in the block run without cyclic collections; what they loaded is then frozen (`gc.freeze`).

    Where the collector was already off, it is left off and nothing is frozen: the process's owner decided."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.enable()
