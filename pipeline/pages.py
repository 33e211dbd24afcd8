"""The pages of one long PDF read by several processes at once, when it alone is more than one core's share
of the run (`cores_for`): a run of one long report, or of a long report beside a few short ones.

A document's worker (pipeline/sandbox.py) forks page readers from itself; each reads a share
of consecutive pages (`hyoka.extractors.pdf.read_pages`) and closes each page once read, and
the shares come back in page order, so the document's worker joins tables across pages and
keeps the evidence exactly as when it reads every page itself. Memory stays flat: a reader
holds one page's objects at a time and a share's reading until it hands it over.

Page readers die with the document's worker (the kernel signals them when it exits, however
it exits), and its sandbox counts their memory into the document's budget.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from typing import TypeVar

from hyoka.pipeline.sandbox import helpers_started

R = TypeVar("R")

# Fewer pages than this per reader, and forking readers and opening the file again costs more
# than reading the pages in the document's own worker.
MIN_PAGES_PER_READER = 24
# Pages a reader takes at a time: small enough for the readers to finish together, large
# enough that opening the file again (its cross-reference table, its fonts) stays a small part.
PAGES_PER_SHARE = 24
_PR_SET_PDEATHSIG = 1


def cores_for(size: int, total: int, jobs: int) -> int:
    """How many of the run's `jobs` processes may read a document's pages, its file being `size` of the `total`
    bytes the run processes (bytes stand for the work): one, unless it alone is more than one core's share
    of the run, which would then end waiting for it; then as many as the shares it holds."""
    if total <= 0:
        return 1
    return max(1, min(jobs, -(-size * jobs // total)))


def readers_for(pages: int, jobs: int) -> int:
    """How many processes read a document of `pages` pages when `jobs` may run at once."""
    return max(1, min(jobs, pages // MIN_PAGES_PER_READER))


def shares(pages: int, readers: int) -> list[range]:
    """Consecutive ranges of 0-based page indices covering every page, in order."""
    size = min(PAGES_PER_SHARE, -(-pages // readers))
    return [range(start, min(start + size, pages)) for start in range(0, pages, size)]


def _die_with_the_document_worker() -> None:
    """Asks the kernel to kill this reader when the process that forked it exits (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the pool's own end of run still stops them
        return
    if os.getppid() == 1:  # the document's worker died before the request took effect
        os._exit(1)


def page_splitter(jobs: int) -> Callable[[Callable[[range], list[R]], int], Iterator[list[R]]]:
    """A `PageSplitter` for `hyoka.extractors.pdf.read_pdf`: up to `jobs` processes read a long PDF."""

    def split(read: Callable[[range], list[R]], pages: int) -> Iterator[list[R]]:
        readers = readers_for(pages, jobs)
        if readers == 1:
            yield read(range(pages))
            return
        context = multiprocessing.get_context("fork")
        with context.Pool(readers, initializer=_die_with_the_document_worker) as pool:
            helpers_started()
            yield from pool.imap(read, shares(pages, readers))

    return split
