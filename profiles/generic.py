"""The generic profile: what hyoka reads from a report no series profile claims.

Its tables are always in `cells`; the document is `partial`, with the reason.
"""

from __future__ import annotations

from extractors.model import Document
from profiles import ProfileOutput

NO_SERIES = (
    "no report profile recognises this series: its tables are in `cells`; "
    "run `hyoka inspect` on it and add a report profile to map them."
)


class GenericProfile:
    profile_id = "generic"
    description = "any document: every table into `cells`; used when no series profile claims the document"

    def score(self, document: Document) -> float:
        return 0.0

    def extract(self, document: Document) -> ProfileOutput:
        return ProfileOutput(problems=[NO_SERIES])


GENERIC = GenericProfile()
