"""Related incidents named in the prose of a post-mortem: "This is a repeat of INC-2041".

Writers often name another incident in a sentence rather than in a related-incidents list.
Such a mention becomes a :class:`~postmortem.model.RelatedIncident` only when the wording
says plainly what the other incident is to this one and names it by an id or a link, and the
sentence stays in the prose where it was written (nothing is taken out of the text):

* **similar**: "a repeat of", "a recurrence of", "similar to", "the same root cause as",
  "reminiscent of"; and, when the reference is plainly an incident (its id looks like one,
  the word incident / outage / post-mortem is next to it, or a link's text says so), "see
  also", "like", "as in", "compare", "related to", "previously seen in". A sentence saying
  this incident followed from another ("a follow-up to INC-2041", "caused by the fix for
  INC-2041") is "similar" too: the model's ``follow_up`` says the other incident followed
  from this one, not the reverse.
* **follow_up**: "led to incident INC-2050", "a follow-up incident, INC-2050", "INC-2050 was
  opened as a follow-up".
* **duplicate**: "a duplicate of", "the same incident as", "also recorded as".
* **parent**: "part of the larger outage INC-88", "a sub-incident of".

A reference is a tracker-style key (``INC-2041``, ``OPS-88``), several joined by commas or
"and", or a Markdown link to the other post-mortem (its id is a key in the link's text or
address, else the address's last segment, as in a related-incidents list). A mention with
clear wording but no id or link ("see also the 3 March outage") is reported as missing, so
the author can add it, rather than given an invented id. Keys that are this document's action
items' tracker keys are tickets, not incidents, and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import attrs

from postmortem import model

__all__ = ["Mention", "Snippet", "mentions"]

# A tracker-style id: INC-2041, OPS-88, SEV-0412, INC-2026-0042 (this project's own shape).
_KEY = re.compile(r"(?<![\w-])([A-Z][A-Z0-9_]{1,15}(?:-[0-9]{1,7}){1,3})(?![\w-])")
_ID = re.compile(r"#?[A-Za-z0-9][A-Za-z0-9._/#-]{0,63}")
# Prefixes of ids that name incidents (not tickets) in the trackers teams use.
_INCIDENT_PREFIXES = frozenset({"INC", "INCIDENT", "IR", "PIR", "PM", "PMR", "SEV", "OUTAGE", "OUT", "IM", "PD"})
_INCIDENT_WORDS = re.compile(
    r"\b(?:incidents?|outages?|post-?mortems?|postmortems?|disruptions?|downtime|degradations?|sev ?\d)\b",
    re.IGNORECASE,
)
# Words between a cue and its reference that say what is referred to: "a repeat of the
# outage INC-12", "similar to last week's incident, INC-12".
_FILLER = re.compile(
    r"(?:(?:the|our|an?|this|that|last|previous|earlier|prior|week's|month's|year's|incidents?|outages?|"
    r"post-?mortems?(?: (?:for|of))?|postmortems?(?: (?:for|of))?|disruptions?|events?|issues?)[\s,:]+)*",
    re.IGNORECASE,
)
_LEAD = re.compile(r"[\s,:(\u2013\u2014-]*")
_JOINER = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*/\s*)")

# (relation, cue, strong): a strong cue names an incident by its wording alone; a weak one
# only when the reference plainly is an incident.
_CUES: tuple[tuple[model.Relation, str, bool], ...] = (
    (model.Relation.DUPLICATE, r"(?:an? )?(?:exact )?duplicate (?:of|record of)", True),
    (model.Relation.DUPLICATE, r"the same incident as", True),
    (model.Relation.DUPLICATE, r"also (?:recorded|filed|tracked|logged|reported|opened)(?: (?:this|it))? as", True),
    (
        model.Relation.PARENT,
        r"(?:part|one) of (?:the )?(?:larger|wider|broader|bigger|overall|same|major) "
        r"(?:incident|outage|event)",
        True,
    ),
    (model.Relation.PARENT, r"(?:a )?sub-?incident of", True),
    (
        model.Relation.FOLLOW_UP,
        r"(?:led to|resulted in) (?:a |the )?(?:second |follow-?up |new |"
        r"separate |later |further )?(?:incident|outage)s?",
        True,
    ),
    (
        model.Relation.FOLLOW_UP,
        r"(?:opened|filed|raised|declared|created) (?:as )?(?:a |the )?follow-?up "
        r"(?:incident|outage)s?",
        True,
    ),
    (model.Relation.FOLLOW_UP, r"(?:a |the )?follow-?up (?:incident|outage)s?", True),
    (
        model.Relation.SIMILAR,
        r"(?:a |an )?(?:exact |near-)?(?:repeat|recurrence|reoccurrence|re-occurrence|"
        r"rerun|replay|return) of",
        True,
    ),
    (
        model.Relation.SIMILAR,
        r"(?:the )?same (?:root )?(?:cause|failure(?: mode)?|issue|problem|bug|trigger|mistake|error|fault) "
        r"(?:as|that caused|behind)",
        True,
    ),
    (model.Relation.SIMILAR, r"(?:very |much |strikingly )?similar to", True),
    (model.Relation.SIMILAR, r"reminiscent of|resembl(?:es|ed)|mirror(?:s|ed)|echo(?:es|ed)", True),
    (
        model.Relation.SIMILAR,
        r"(?:a |the )?(?:follow-?up|follow-?on|consequence|side effect|after-?effect) "
        r"(?:to|of|from)",
        True,
    ),
    (model.Relation.SIMILAR, r"(?:came|followed) (?:out of|from)", True),
    (
        model.Relation.SIMILAR,
        r"caused by (?:the |our )?(?:fix|remediation|rollback|change|clean-?up|recovery) "
        r"(?:for|from|after|of)",
        True,
    ),
    (
        model.Relation.SIMILAR,
        r"see also|see|compare(?: with| to)?|cf\.|like|as (?:in|with|during)|same as|"
        r"related to|(?:previously|also|first) (?:seen |hit )?(?:in|during)|seen before in|as happened in",
        False,
    ),
)
_CUE = re.compile(
    "|".join(f"(?P<c{index}>\\b(?:{cue}))" for index, (_relation, cue, _strong) in enumerate(_CUES)),
    re.IGNORECASE,
)
# "INC-2050 was opened as a follow-up": the reference comes first.
_AFTER_FOLLOW_UP = re.compile(
    r"\s*,?\s*(?:was|is|were|are|got|has been|have been)\s+(?:opened|filed|raised|declared|created|tracked)?\s*"
    r"as\s+(?:a|the)\s+follow-?up\b",
    re.IGNORECASE,
)
# A clear cue followed by words naming an incident without an id or link; after a weak cue
# ("see also"), only when they also say which one ("the 3 March outage", "last week's incident").
_UNNAMED = re.compile(r"[^.;:!?()\[\]]{0,40}?\b(?:incident|outage|disruption|post-?mortem)\b", re.IGNORECASE)
_WHICH = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:last|previous|earlier|yesterday's|prior)\b",
    re.IGNORECASE,
)
# "not a repeat of", "unlike": a denied relation is no relation.
_NEGATION = re.compile(r"\b(?:not|never|no|unlike|unrelated|isn't|wasn't|aren't|weren't)\b[^.;]{0,20}$", re.IGNORECASE)


@attrs.frozen
class Snippet:
    """A piece of prose to read: a paragraph or a list item, as inline Markdown.

    Attributes:
        markdown: The inline Markdown.
        line: Its 1-based line in the document.
    """

    markdown: str
    line: int


@attrs.frozen
class Mention:
    """A related incident named in the prose.

    Attributes:
        related: The related incident (``None`` for a mention without an id or link).
        line: The line the sentence is on.
        sentence: The words that named it, for the import report.
    """

    related: model.RelatedIncident | None
    line: int
    sentence: str


@attrs.frozen
class _Reference:
    start: int
    end: int
    identifier: str
    url: str | None = None
    title: str = ""
    plainly_incident: bool = False


def _flatten(markdown: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plain text of inline Markdown, and ``(start, end, url, text)`` of each link in it."""
    from postmortem.importing._document import inline_tokens  # noqa: PLC0415

    tokens = inline_tokens(markdown)
    out: list[str] = []
    links: list[tuple[int, int, str, str]] = []
    opened: tuple[int, str] | None = None
    length = 0
    for token in tokens:
        piece = ""
        if token.type in ("text", "code_inline"):
            piece = token.content
        elif token.type in ("softbreak", "hardbreak"):
            piece = " "
        elif token.type == "image":
            piece = token.content
        elif token.type == "link_open":
            opened = (length, str(token.attrs.get("href", "")))
        elif token.type == "link_close" and opened is not None:
            links.append((opened[0], length, opened[1], "".join(out)[opened[0] :]))
            opened = None
        out.append(piece)
        length += len(piece)
    return "".join(out), links


def _id_of_url(url: str) -> str:
    path = url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    last = path.rsplit("/", 1)[-1]
    return re.sub(r"\.(?:md|markdown|html?|xml|ya?ml|json|pdf|docx)$", "", last, flags=re.IGNORECASE)


def _looks_like_incident(key: str, own_prefix: str) -> bool:
    prefix = key.rsplit("-", 1)[0].upper()
    return prefix in _INCIDENT_PREFIXES or (bool(own_prefix) and prefix == own_prefix)


def _reference_at(
    text: str, position: int, links: Sequence[tuple[int, int, str, str]], own_prefix: str
) -> _Reference | None:
    """The reference starting at ``position`` (after punctuation and filler words), or ``None``."""
    lead = _LEAD.match(text, position)
    position = lead.end() if lead else position
    filler = _FILLER.match(text, position)
    start = filler.end() if filler else position
    said_incident = bool(filler and _INCIDENT_WORDS.search(filler.group()))
    for link_start, link_end, url, label in links:
        # "see also [the 3 March outage](...)": the link may hold the filler words itself.
        if position <= link_start <= start:
            key = _KEY.fullmatch(label.strip()) or _KEY.search(label) or _KEY.search(url)
            identifier = key.group(1) if key else _id_of_url(url)
            title = "" if key and key.group(1) == label.strip() else label.strip()
            plainly = (
                said_incident
                or bool(_INCIDENT_WORDS.search(label))
                or (key is not None and _looks_like_incident(key.group(1), own_prefix))
            )
            return _Reference(link_start, link_end, identifier, url or None, title, plainly)
    key = _KEY.match(text, start)
    if key is None:
        return None
    plainly = said_incident or _looks_like_incident(key.group(1), own_prefix)
    return _Reference(key.start(), key.end(), key.group(1), plainly_incident=plainly)


def _references_from(
    text: str, position: int, links: Sequence[tuple[int, int, str, str]], own_prefix: str
) -> list[_Reference]:
    """The reference at ``position`` and those joined to it by commas, "and", "or" or "/"."""
    found: list[_Reference] = []
    reference = _reference_at(text, position, links, own_prefix)
    while reference is not None:
        found.append(reference)
        joiner = _JOINER.match(text, reference.end)
        if joiner is None:
            break
        reference = _reference_at(text, joiner.end(), links, own_prefix)
        if reference is not None and found[0].plainly_incident:
            reference = attrs.evolve(reference, plainly_incident=True)
    return found


def _clause(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, trimmed for a report line."""
    stops = [text.rfind(mark, 0, start) for mark in (". ", "; ", "! ", "? ")]
    begin = max(stops) + 2 if max(stops) >= 0 else 0
    ends = [found for found in (text.find(mark, end) for mark in (". ", "; ", "! ", "? ")) if found >= 0]
    clause = " ".join(text[begin : min(ends, default=len(text))].split()).rstrip(".")
    return clause if len(clause) <= 120 else clause[:119] + "\u2026"


def mentions(snippets: Iterable[Snippet], own_id: str, tickets: Iterable[str] = ()) -> list[Mention]:
    """Related incidents the prose names with clear wording (see the module's rules).

    Args:
        snippets: The document's prose, outside its related-incidents section.
        own_id: This incident's id (never related to itself).
        tickets: Tracker keys of this document's action items: tickets, not incidents.

    Returns:
        One mention per clear wording, in document order; the caller keeps the first of each
        id. A mention without an id or link has ``related`` set to ``None``.
    """
    own_prefix = own_id.rsplit("-", 1)[0].upper() if _KEY.fullmatch(own_id) else ""
    skip = {own_id.casefold(), *(ticket.casefold() for ticket in tickets)}
    found: list[Mention] = []
    for snippet in snippets:
        text, links = _flatten(snippet.markdown)
        for cue in _CUE.finditer(text):
            if _NEGATION.search(text, max(0, cue.start() - 30), cue.start()):
                continue
            index = int(next(name for name, value in cue.groupdict().items() if value is not None)[1:])
            relation, _pattern, strong = _CUES[index]
            references = _references_from(text, cue.end(), links, own_prefix)
            for reference in references:
                if not (strong or reference.plainly_incident):
                    continue
                if not _ID.fullmatch(reference.identifier) or reference.identifier.casefold() in skip:
                    continue
                related = model.RelatedIncident(
                    id=reference.identifier, relation=relation, url=reference.url, title=reference.title
                )
                found.append(Mention(related, snippet.line, _clause(text, cue.start(), reference.end)))
            unnamed = None if references else _UNNAMED.match(text, cue.end())
            if unnamed is not None and (strong or _WHICH.search(unnamed.group())):
                found.append(Mention(None, snippet.line, _clause(text, cue.start(), unnamed.end())))
        for key in _KEY.finditer(text):
            after = _AFTER_FOLLOW_UP.match(text, key.end())
            if after is None or key.group(1).casefold() in skip:
                continue
            related = model.RelatedIncident(id=key.group(1), relation=model.Relation.FOLLOW_UP)
            found.append(Mention(related, snippet.line, _clause(text, key.start(), after.end())))
    return found
