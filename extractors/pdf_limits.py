"""Bounds on what pdfminer may do for one PDF, so a small hostile file fails fast instead of hanging.

Two of pdfminer's loops trust the file: following an indirect reference to the object it
names repeats while the object is itself a reference (`resolve1`), so `2 0 obj 3 0 R` and
`3 0 obj 2 0 R` loop forever; and a Flate stream is inflated whole, so 1 MB can become
1 GB. Both are bounded here at the one place every caller goes through
(`PDFObjRef.resolve` and the `zlib` pdfminer's streams use): a reference loop and an
over-large stream raise an error the format layer turns into one sentence.

Also here: the page count read from the page tree itself (the leaves, not the `/Count`
a file may lie about), with loops in `/Kids` ignored and counting stopped at a cap.
"""

from __future__ import annotations

import types
import zlib
from typing import Any

from pdfminer import pdftypes
from pdfminer.pdftypes import PDFObjectNotFound, PDFObjRef
from pdfminer.psparser import LIT

MIB = 1024 * 1024
# The most bytes one stream may inflate to: a page's content is a few MB, a Flate-packed
# A4 scan at 300 dpi in colour 26 MB.
MAX_INFLATED_STREAM_BYTES = 64 * MIB

_PAGE = LIT("Page")
_CHUNK_BYTES = 4 * MIB


class ReferenceLoop(Exception):
    """An indirect reference that leads back to itself."""


class StreamTooLarge(Exception):
    """A compressed stream that inflates past MAX_INFLATED_STREAM_BYTES."""


def _resolve_without_loops(self: PDFObjRef, default: object = None) -> Any:
    """The object a reference chain ends at; raises ReferenceLoop when the chain comes back to itself.

    pdfminer resolves one step per call and its callers repeat while the result is a
    reference; returning the end of the chain at once gives them the same object.
    """
    seen: set[int] = set()
    target: Any = self
    while isinstance(target, PDFObjRef):
        if target.objid in seen:
            raise ReferenceLoop(f"object {self.objid} refers back to itself through {sorted(seen)}")
        seen.add(target.objid)
        assert target.doc is not None
        try:
            target = target.doc.getobj(target.objid)
        except PDFObjectNotFound:
            return default
    return target


def _bounded_decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
    """zlib.decompress that stops past MAX_INFLATED_STREAM_BYTES, with zlib.decompress's errors otherwise."""
    inflater = zlib.decompressobj()
    chunks: list[bytes] = []
    inflated = 0
    pending = data
    while pending and not inflater.eof:
        chunk = inflater.decompress(pending, _CHUNK_BYTES)
        inflated += len(chunk)
        if inflated > MAX_INFLATED_STREAM_BYTES:
            raise StreamTooLarge(
                f"a stream of {len(data):,} bytes inflates past {MAX_INFLATED_STREAM_BYTES // MIB} MiB"
            )
        chunks.append(chunk)
        pending = inflater.unconsumed_tail
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(chunks)


def install() -> None:
    """Puts both bounds in place (idempotent; done when extractors.pdf is imported)."""
    PDFObjRef.resolve = _resolve_without_loops  # type: ignore[method-assign]
    bounded = types.ModuleType("zlib_bounded")
    bounded.__dict__.update({name: getattr(zlib, name) for name in dir(zlib) if not name.startswith("__")})
    bounded.decompress = _bounded_decompress  # type: ignore[attr-defined]
    pdftypes.zlib = bounded  # type: ignore[attr-defined]


def page_tree_leaves(catalog: dict[str, Any], cap: int) -> int:
    """How many pages the page tree holds, counted leaf by leaf (at most `cap` + 1; loops counted once)."""
    pending: list[Any] = [catalog.get("Pages")]
    seen: set[int] = set()
    count = 0
    while pending and count <= cap:
        item = pending.pop()
        if isinstance(item, PDFObjRef):
            if item.objid in seen:
                continue
            seen.add(item.objid)
        node = pdftypes.resolve1(item)
        if not isinstance(node, dict):
            continue
        kids = pdftypes.resolve1(node.get("Kids"))
        if isinstance(kids, list) and node.get("Type") is not _PAGE:
            pending.extend(reversed(kids))
        elif node.get("Type") is _PAGE:
            count += 1
    return count
