"""PDFs written object by object, for the tests that need a file no office suite would make."""


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1-based; object 1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def cid_font_pdf() -> bytes:
    """Text drawn with a composite font that has no ToUnicode map: readers see only (cid:N) codes."""
    content = b"BT /F1 14 Tf 72 720 Td <0041004200430044004500460047> Tj 0 -20 Td <00480049004A004B004C> Tj ET"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        ]
    )


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_TEXT = b"BT /F1 12 Tf 72 720 Td (Evaluation 2023) Tj ET"


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def _one_page(page_extra: bytes, content: bytes = _TEXT, size: tuple[int, int] = (595, 842)) -> list[bytes]:
    """Catalog, page tree, one page (with `page_extra` in its dictionary), its content, a font."""
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents 4 0 R " % size + page_extra + b">>",
        _stream(content),
        _FONT,
    ]


def pages_reference_loop_pdf() -> bytes:
    """The catalog's /Pages is a reference to a reference that leads back to the first (a few hundred bytes)."""
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"3 0 R", b"2 0 R"])


def resources_reference_loop_pdf() -> bytes:
    """A page whose /Resources is a reference chain that loops."""
    return raw_pdf([*_one_page(b"/Resources 6 0 R "), b"7 0 R", b"6 0 R"])


def contents_reference_loop_pdf() -> bytes:
    """A page whose /Contents is a reference chain that loops."""
    objects = _one_page(b"/Resources << /Font << /F1 5 0 R >> >> ")
    objects[2] = objects[2].replace(b"/Contents 4 0 R", b"/Contents 6 0 R")
    return raw_pdf([*objects, b"7 0 R", b"6 0 R"])


def self_drawing_form_pdf() -> bytes:
    """A page that draws a form XObject which draws itself."""
    form = _stream(
        b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 6 0 R >> >> "
    )
    objects = _one_page(b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> ", _TEXT + b" /X1 Do")
    return raw_pdf([*objects, form])


def page_count_pdf(pages: int, stated: int) -> bytes:
    """`pages` pages sharing one content stream, with a page tree whose /Count says `stated`."""
    kids = b" ".join(b"%d 0 R" % (6 + i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % stated,
        b"null",
        _stream(_TEXT),
        _FONT,
    ]
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>"
    )
    return raw_pdf(objects + [page] * pages)


def ruled_pdf(rules_per_axis: int, side: int, spacing: float) -> bytes:
    """A square page of `side` pt ruled by `rules_per_axis` horizontal and as many vertical lines."""
    lines = [b"0.5 w"]
    end = spacing * (rules_per_axis - 1) + 10
    for i in range(rules_per_axis):
        at = 10 + spacing * i
        lines.append(b"10 %.2f m %.2f %.2f l S %.2f 10 m %.2f %.2f l S" % (at, end, at, at, at, end))
    content = b"\n".join(lines) + b"\n" + _TEXT
    return raw_pdf(_one_page(b"/Resources << /Font << /F1 5 0 R >> >> ", content, (side, side)))


def boxes_pdf(boxes: int) -> bytes:
    """An A4 page drawing `boxes` tiny unrelated rectangles (no grid: a vector picture)."""
    content = (
        b"\n".join(b"%d %d 1 1 re f" % (20 + i % 550, 20 + (i // 550) % 800) for i in range(boxes)) + b"\n" + _TEXT
    )
    return raw_pdf(_one_page(b"/Resources << /Font << /F1 5 0 R >> >> ", content))


def inflating_pdf(inflated_bytes: int) -> bytes:
    """A page whose Flate content stream inflates to `inflated_bytes` (spaces: valid, and small compressed)."""
    import zlib

    packed = zlib.compress(b" " * inflated_bytes, 9)
    objects = _one_page(b"/Resources << /Font << /F1 5 0 R >> >> ")
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return raw_pdf(objects)
