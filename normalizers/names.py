"""Department and division cells split into names ('市民局 経済局' -> two)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hyoka.normalizers.morphology import forms_one_name, last_word, splits_a_word
from hyoka.normalizers.result import Parsed, failed, parsed
from hyoka.normalizers.text import fold, join_lines

# The head word an organisation's name ends with; a piece ending otherwise is not a whole
# name ('行政' in '行政・情報マネジメント課').
ORGANISATION_HEADS = (
    "課",
    "局",
    "部",
    "室",
    "係",
    "所",
    "署",
    "区",
    "科",
    "館",
    "院",
    "園",
    "センター",
    "委員会",
    "事務局",
    "事務所",
    "本部",
    "担当",
    "グループ",
    "チーム",
    "市",
    "町",
    "村",
    "庁",
)
# Words that separate two names outright.
_SEPARATORS = re.compile(r"\s*(?:、|,|及び|および|並びに|ならびに)\s*")


def is_whole_name(piece: str) -> bool:
    return piece.endswith(ORGANISATION_HEADS) and last_word(piece) != piece


def _join_or_split(pieces: list[str], glue: str) -> list[str]:
    """Re-join neighbours that do not stand as names on their own.

    A piece that is no name yet is completed by the pieces after it ('健康福' + '祉局'), and a piece
    the dictionary reads with the name before it stays with it ('教育委員会' + '事務局'); what is
    left at the end, never completed, belongs to the last name.
    """
    # A space was a line wrap; a middle dot belongs to the name.
    join = "" if glue == " " else glue
    names: list[str] = []
    pending = ""
    for piece in pieces:
        if pending:
            pending += join + piece
        elif names and (forms_one_name(names[-1], piece) or splits_a_word(names[-1], piece)):
            names[-1] += join + piece
            continue
        else:
            pending = piece
        if is_whole_name(pending):
            # A wrap may also fall inside the second word of one name ('教育委員会 事務' / '局').
            if names and forms_one_name(names[-1], pending):
                names[-1] += join + pending
            else:
                names.append(pending)
            pending = ""
    if pending and names:
        names[-1] += join + pending
    elif pending:
        names.append(pending)
    return names


def names(text: str | Sequence[str]) -> Parsed[tuple[str, ...]]:
    """The names in a department or division cell, given as a string or as its printed lines."""
    s = fold(text if isinstance(text, str) else join_lines(text))
    if not s:
        return failed("The cell is blank: no names.")
    found: list[str] = []
    for chunk in _SEPARATORS.split(s):
        if not chunk:
            continue
        spaced = _join_or_split(chunk.split(" "), " ")
        for part in spaced:
            found.extend(_join_or_split(part.split("・"), "・"))
    return parsed(tuple(found))
