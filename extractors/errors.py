"""The one exception the format layer raises for a file it cannot read."""


class ExtractionError(Exception):
    """A document that cannot be read; the message is one sentence a person can act on."""


class NoTextLayerError(ExtractionError):
    """A PDF with no usable text layer (image-only pages, or (cid:…) codes): OCR can read it."""
