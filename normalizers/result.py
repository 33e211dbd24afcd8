"""The small frozen objects every normalizer returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Parsed(Generic[T]):
    """What a normalizer read from one string.

    `value` is None when the text holds no such value; `reason` is None when the text
    was understood, else one sentence a person can act on. `header()` alone may set
    both: the field was recognised but not the year.
    """

    value: T | None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.reason is None


def parsed(value: T) -> Parsed[T]:
    return Parsed(value, None)


def failed(reason: str) -> Parsed[T]:
    return Parsed(None, reason)
