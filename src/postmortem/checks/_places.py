"""Places of praise in an incident's prose: where thanks and what went well are written.

The blamelessness scorer reads praise and thanks (*thanks to Aileen and Kirsty*, *did exactly what the
runbook asks*) as it reads blame: both name a person and an act. In an incident's prose its findings
are withdrawn where the text is by its place praise: the items of ``what_went_well`` and
``where_we_got_lucky``, and a free section, or a part of one, under a heading of praise or thanks
(docs/checks/blamelessness.md, *Round 23: the scorer*). The rules' findings stand there as anywhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from postmortem._patterns import lazy_compile
from postmortem.model import Incident

if TYPE_CHECKING:
    from postmortem.checks._rule import CheckContext

__all__ = ["PRAISE", "praise_spans", "shared_praise_spans"]

#: A heading of praise, thanks or luck (lower case, spaces normalised); fixed before any figure was read.
PRAISE: Final = lazy_compile(
    r"went (?:well|right|smoothly|as planned)|what worked|worked well|thank|acknowledg|kudos|shout|appreciat"
    r"|credit|praise|positive|\bwins?\b|success|lucky|luck\b|good news|highlight|strength|bright spot"
)
#: The fields that are places of praise by their name.
_PRAISE_FIELDS: Final = ("$.what_went_well[", "$.where_we_got_lucky[")
#: A heading inside a section's body: Markdown's, a line in bold, or a short line ending with a colon.
_HEADING: Final = lazy_compile(r"^\s{0,3}(?:#{1,6}\s+(.+?)\s*#*\s*$|\*\*(.+?)\*\*:?\s*$|([^\n.!?]{2,60}):\s*$)", re.M)
_SECTION: Final = lazy_compile(r"\$\.sections\[(\d+)\]\.body$")


def _praise(heading: str) -> bool:
    return PRAISE.search(" ".join(heading.lower().replace("_", " ").split())) is not None


def praise_spans(incident: Incident, path: str, text: str) -> tuple[tuple[int, int], ...]:
    """Return the parts of the field at *path* (its *text*) that are places of praise, as spans.

    A ``what_went_well`` or ``where_we_got_lucky`` item is one whole; a free section's body is cut at
    each heading inside it, each part under the last heading before it (the first under the
    section's title).
    """
    if path.startswith(_PRAISE_FIELDS):
        return ((0, len(text)),)
    hit = _SECTION.match(path)
    if hit is None or not text:
        return ()
    spans = []
    heading, start = str(incident.sections[int(hit.group(1))].title), 0
    for m in _HEADING.finditer(text):
        if _praise(heading) and start < m.start():
            spans.append((start, m.start()))
        heading, start = next(g for g in m.groups() if g), m.end()
    if _praise(heading) and start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def shared_praise_spans(incident: Incident, context: CheckContext) -> list[tuple[tuple[int, int], ...]]:
    """Return :func:`praise_spans` for each field of ``shared_prose_fields``, made once per check() call."""
    from postmortem.checks._text import shared_prose_fields  # noqa: PLC0415

    def spans() -> list[tuple[tuple[int, int], ...]]:
        return [praise_spans(incident, path, text) for path, text in shared_prose_fields(incident, context)]

    return context.memo("praise_spans", spans)
