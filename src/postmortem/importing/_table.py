"""The synonym table (``synonyms.toml``): headings, metadata labels, zones and hints, as data."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from importlib import resources
from typing import Any

import attrs

__all__ = ["Table", "normalise", "table"]

# "2.", "2.1", "II.", and a question's number in a Q&A write-up ("Q7.", "Q7:", "Q 7)").
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)]|q ?\d{1,3}[.:)]?)\s+")
# "Chain A: why ...", "Appendix: timeline", "Part 2 - Impact": a short label before the heading's name.
_LABEL = re.compile(r"^(?P<label>[^:]{1,30}?)(?::|\s[-–—])\s+(?P<rest>\S.*)$")
# A question asked the other way round: "what are we changing" is "what we are changing".
_QUESTION = re.compile(r"^(what|how|why|who|when) (are|is|was|were|will|have|has) (we|it|this|they|you|users) ")
# "What was the impact", "What were the causes": the thing asked about.
_ASKED_ABOUT = re.compile(r"^(?:what|which) (?:was|were|is|are) (?:the |our )?")
# "Impact and metrics", "Root cause, trigger": each part in turn.
_PARTS = re.compile(r",? and |, ")
# Starts only where a run of spaces starts, so a long run is scanned once (linear, not quadratic).
_PARENTHESIS = re.compile(r"(?<!\s)\s*\(([^()]*)\)\s*$")
_SPACES = re.compile(r"\s+")


_SHORTCODE = re.compile(r"(?<![\w:]):[a-z][a-z0-9_+-]{0,40}:(?![\w:])")


def normalise(heading: str) -> str:
    """A heading as the table compares it: lower case, no numbering, emoji or trailing colon."""
    text = unicodedata.normalize("NFKC", heading).casefold().replace("&", " and ").replace("’", "'")
    text = text.replace("–", " - ").replace("—", " - ")
    # Chat clients' emoji shortcodes (":memo: What happened") are emoji too.
    text = _SHORTCODE.sub(" ", text)
    text = "".join(ch for ch in text if ch.isalnum() or ch.isspace() or ch in ";'-#/:.,()")
    text = _NUMBERING.sub("", text.strip())
    text = _PARENTHESIS.sub("", text)
    text = text.strip().rstrip(":.").strip()
    return _SPACES.sub(" ", text)


def parenthesis(heading: str) -> str | None:
    """The text of a trailing parenthesis, such as ``PDT`` in ``Timeline (PDT)``."""
    match = _PARENTHESIS.search(heading.strip().rstrip(":").strip())
    return match.group(1).strip() if match else None


@attrs.frozen
class Table:
    """The parsed ``synonyms.toml``.

    Attributes:
        names: Normalised heading to section name.
        fallback: Normalised heading to section name, used only when nothing else maps there.
        prefixes: Normalised heading prefix to section name, longest first.
        metadata: Normalised label to metadata key.
        severity_words: Normalised word to severity level name.
        zones: Normalised zone word to IANA zone name.
        approximate: Words that mark a time as approximate.
        event_kinds: Event kind to words, in order.
        detection_methods: Detection method to words, in order.
        milestone_words: Milestone to words.
        action_columns: Action-item column role to normalised header names.
        timeline_columns: Timeline column role to normalised header names.
        title_prefixes: Normalised words before a title that name the kind of document, longest first.
        ongoing: Words that say the incident is still going on.
        narrative_parts: Normalised subheading of a narrative section to the narrative part.
        derived_tables: Header sets of tables that show figures derived from the milestones.
        columns: For each kind of table (``communication``, ``participant``, ``hypothesis``,
            ``factor``), column role to normalised header names.
        facts: For ``impact`` and ``detection``, normalised fact label to field.
        impact_tables: Header sets of two-column tables of measured effects.
        placeholders: What an export writes for an empty section or value (lower case).
        status_words: The words a status page's update opens with ("Investigating", "Resolved"), lower case.
        status_milestones: For ``mitigated`` and ``resolved``, the status words that set them (round 20).
        write_up_words: A document status word ("final", "under review") and the write-up status it
            names (``published``, ``in_review``, ``draft``; round 21).
    """

    names: Mapping[str, str]
    fallback: Mapping[str, str]
    prefixes: Mapping[str, str]
    metadata: Mapping[str, str]
    severity_words: Mapping[str, str]
    zones: Mapping[str, str]
    approximate: frozenset[str]
    event_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    detection_methods: tuple[tuple[str, tuple[str, ...]], ...]
    milestone_words: Mapping[str, tuple[str, ...]]
    action_columns: Mapping[str, frozenset[str]]
    timeline_columns: Mapping[str, frozenset[str]]
    title_prefixes: tuple[str, ...]
    ongoing: frozenset[str]
    narrative_parts: Mapping[str, str]
    derived_tables: tuple[frozenset[str], ...]
    columns: Mapping[str, Mapping[str, frozenset[str]]]
    facts: Mapping[str, Mapping[str, str]]
    impact_tables: tuple[frozenset[str], ...]
    placeholders: frozenset[str]
    relation_words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    window_words: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    role_words: tuple[str, ...] = ()
    status_words: frozenset[str] = frozenset()
    status_milestones: Mapping[str, frozenset[str]] = attrs.field(factory=dict)
    also: Mapping[str, str] = attrs.field(factory=dict)
    write_up_words: Mapping[str, str] = attrs.field(factory=dict)

    def section(self, heading: str, *, allow_fallback: bool = True) -> str | None:
        """The section a heading maps to, or ``None``.

        The heading as a whole is tried first; then, where it maps to nothing, the same heading
        without a short label before a colon or dash ("Chain A: why did ...", "Appendix: timeline"),
        asked the other way round ("What are we changing" as "what we are changing") and, for a
        heading naming several things ("Impact and metrics"), each of its parts in turn.
        """
        key = normalise(heading)
        found = self._lookup(key, allow_fallback=allow_fallback)
        if found is None:
            found = next((name for other in _variants(key) if (name := self._lookup(other)) is not None), None)
        if found is None and any(_names_actions(other) for other in _label_free(key)):
            found = "action_items"
        return found

    def named_in(self, heading: str) -> list[str]:
        """Every section a heading's parts name, in order ("Root cause and contributory factors")."""
        key = normalise(heading)
        label = _LABEL.match(key)
        if label is not None and len(label.group("label").split()) <= 3 and self._lookup(key) is None:
            key = label.group("rest").strip()
        found = [self._lookup(part.strip()) for part in _PARTS.split(key)]
        return list(dict.fromkeys(name for name in found if name is not None))

    def _lookup(self, key: str, *, allow_fallback: bool = False) -> str | None:
        if key in self.names:
            return self.names[key]
        if allow_fallback and key in self.fallback:
            return self.fallback[key]
        # The longest prefix first ("why was this not caught" before "why was"): the table is in that order.
        for prefix, name in self.prefixes.items():
            # The prefix alone is the heading too ("Changes already made" as well as "... and under way").
            if key.startswith(prefix) and key[len(prefix) : len(prefix) + 1] in ("", ":", " ", "-"):
                return name
        return None

    def is_fallback(self, heading: str) -> bool:
        """True when the heading maps only as a fallback."""
        key = normalise(heading)
        return key not in self.names and key in self.fallback

    def metadata_key(self, label: str) -> str | None:
        """The metadata key of a label such as ``Incident date``, or ``None``."""
        return self.metadata.get(normalise(label))

    def zone(self, word: str) -> str | None:
        """The IANA zone a zone word names, or ``None``; IANA names themselves are accepted."""
        key = word.strip().casefold()
        if key in self.zones:
            return self.zones[key]
        if "/" in word and _is_iana(word.strip()):
            return word.strip()
        return None


# "Part I. Further actions", "B3. Internal actions", "Slide 8: Changes": a label before the heading's words.
_PART_LABEL = re.compile(
    r"^(?:(?:part|section|chapter|slide|annex|appendix|step|phase|stage)\s+[a-z0-9]{1,4}|[a-z]\d{1,2})[.:)]?\s+(?=\S)"
)
# Action headings by their grammar, not a list of whole headings (round 13): a plural noun that
# names follow-up work, at most two words before it ("Further actions", "Safety recommendations")
# and, after it, only words that say when, for what or by whom it is agreed ("Actions for Q4",
# "Actions before tomorrow's performance", "Actions agreed on the call", "Safety actions already
# taken"). Words before it that ask or that name the response itself ("Immediate actions",
# "Containment actions") and words after it that tell what was done ("Actions taken", "Actions of
# support") leave the heading to the rest of the table.
_ACTION_NOUN = re.compile(
    r"^(?P<before>(?:[\w'-]+ ){0,2}?)"
    r"(?:actions|action items|action points|follow-ups|follow ups|followups"
    # Round 21: "Engineering follow-up" (a tech log's); the singular only closing the heading.
    r"|(?P<single>follow-up|follow up|followup)"
    r"|measures|countermeasures"
    r"|recommendations|commitments|improvements|remediations|next steps|tasks|to-dos|todos"
    # Round 22: a site diary's "Issues / instructions" (a site manager's instructions are work to do);
    # a form's "Follow-up action required (by whom, by when)".
    r"|(?P<instructions>instructions)"
    r"|(?P<changes>changes))"
    r"(?: (?P<after>.+))?$"
)
_NOT_BEFORE = frozenset(
    {"what", "why", "how", "when", "who", "where", "which", "immediate", "initial", "emergency", "interim",
     "containment", "response", "first", "of", "the", "no"}
)  # fmt: skip
_AFTER = frozenset(
    {"for", "before", "after", "agreed", "already", "planned", "from", "to", "arising", "following", "we",
     "still", "open", "going", "proposed", "identified", "raised", "due", "until", "and", "with", "by",
     "under", "since", "we're", "we've", "we'll", "that", "this"}
)  # fmt: skip
# "Changes" alone names too much ("Changes shipped this week"); with these words it names follow-up work.
_CHANGES_AFTER = frozenset({"we", "we're", "we've", "we'll", "agreed", "planned", "for", "going", "already", "after",
                            "following", "since", "to"})  # fmt: skip
# "What will be done to stop this happening again", "What we'll change", "How we will prevent it":
# a question or phrase about the future whose verb is doing or changing something.
_FUTURE_WORK = re.compile(
    r"^(?:what|how|things|changes|steps|where)\b.*\b(?:will|'ll|shall|going to|plan to|intend to|are to)\b"
    r".*\b(?:do|done|change|changed|make|made|fix|fixed|prevent|improve|stop|avoid|differently|better)\b"
)
# "For next year", "Next quarter", "Before the next season": the work a heading sets for a time to come.
# Round 21: "Notes for tomorrow", "Before tomorrow's show": a daily report's work for the next day.
_NEXT_TIME = re.compile(
    r"^(?:(?:for|before|by|over|in|during) )?(?:the )?(?:next|coming) [\w-]+$"
    r"|^(?:(?:notes|plan|plans|actions|to do|to-do) )?(?:for|before) tomorrow(?:'s [\w-]+)?$"
    # Round 22: "Notes for day shift", "Notes for the next shift": a shift's work for the next one;
    # "Follow-up action required", "Actions needed": work still to do.
    r"|^(?:notes|actions|to do|to-do) (?:for|to) (?:the )?(?:next |incoming |oncoming )?(?:[\w-]+ )?"
    r"(?:shift|crew|watch)$"
    r"|^(?:[\w'-]+ ){0,2}actions? (?:required|needed)$"
)


def _label_free(key: str) -> list[str]:
    """A normalised heading and the same without a short label before it ("Part I.", "Section F:")."""
    out = [key]
    label = _LABEL.match(key)
    if label is not None and len(label.group("label").split()) <= 3:
        out.append(label.group("rest").strip())
    out += [_PART_LABEL.sub("", base, count=1) for base in list(out) if _PART_LABEL.match(base)]
    return out


def _names_actions(key: str) -> bool:  # noqa: PLR0911  (one return a reading)
    """Whether a normalised heading names follow-up work by its grammar (see ``_ACTION_NOUN``)."""
    if len(key) > 120:
        return False
    if _FUTURE_WORK.match(key) or _NEXT_TIME.match(key):
        return True
    if " / " in key:
        # "Issues / instructions": a heading naming two things whose last one names follow-up work.
        return _names_actions(key.rpartition(" / ")[2])
    found = _ACTION_NOUN.match(key)
    if found is None:
        return False
    before = found.group("before").split()
    after = (found.group("after") or "").split()
    # "Scheme manager's follow-up with the reporter" is a conversation: the singular only closes the heading.
    if any(word in _NOT_BEFORE for word in before) or (found.group("single") is not None and after):
        return False
    if found.group("instructions") is not None:
        # "Site instructions", "Issues / instructions": closing the heading; "Instructions for restoring
        # the database" are a procedure.
        return not after
    if found.group("changes") is not None:
        return bool(after) and after[0] in _CHANGES_AFTER and not before
    return not after or after[0] in _AFTER


def _variants(key: str) -> list[str]:
    """Other readings of a normalised heading that maps to nothing as a whole (see ``Table.section``)."""
    bases = [key]
    label = _LABEL.match(key)
    if label is not None and len(label.group("label").split()) <= 3:
        bases.append(label.group("rest").strip())
    out: list[str] = []
    for base in bases:
        asked = _QUESTION.sub(r"\1 \3 \2 ", base)
        out += [base, asked] if asked != base else [base]
        about = _ASKED_ABOUT.sub("", asked)
        if about != asked:
            out.append(about)
        parts = [part.strip() for part in _PARTS.split(asked) if part.strip()]
        if len(parts) > 1:
            out += parts
    return out[1:]


def _is_iana(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  (tz database is slow to import)

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _words(value: Any) -> tuple[str, ...]:
    return tuple(str(word).casefold() for word in value)


@functools.cache
def table() -> Table:
    """The table shipped with the package, read once."""
    from postmortem import _toml  # noqa: PLC0415

    data = _toml.loads(resources.files("postmortem.importing").joinpath("synonyms.toml").read_text("utf-8"))
    names: dict[str, str] = {}
    fallback: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    also: dict[str, str] = {}
    for name, entry in data["sections"].items():
        for heading in entry.get("names", ()):
            names[normalise(heading)] = name
        for heading in entry.get("fallback", ()):
            fallback[normalise(heading)] = name
        for heading in entry.get("prefixes", ()):
            prefixes[normalise(heading)] = name
        for heading in entry.get("also", ()):
            also[normalise(heading)] = name
    metadata = {normalise(label): key for key, labels in data["metadata"].items() for label in labels}
    severity = {normalise(word): level for level, words in data["severity_words"].items() for word in words}
    zones = {word.casefold(): zone for zone, words in data["zones"].items() for word in words}
    return Table(
        names=names,
        fallback=fallback,
        prefixes=dict(sorted(prefixes.items(), key=lambda item: -len(item[0]))),
        metadata=metadata,
        severity_words=severity,
        zones=zones,
        approximate=frozenset(_words(data["approximate"]["words"])),
        event_kinds=tuple((kind, _words(words)) for kind, words in data["event_kinds"].items()),
        detection_methods=tuple((kind, _words(words)) for kind, words in data["detection_methods"].items()),
        milestone_words={name: _words(words) for name, words in data["milestone_words"].items()},
        action_columns={
            role: frozenset(normalise(name) for name in names_) for role, names_ in data["action_items"].items()
        },
        timeline_columns={
            role: frozenset(normalise(name) for name in names_) for role, names_ in data["timeline_columns"].items()
        },
        title_prefixes=tuple(sorted((normalise(w) for w in data["title_prefixes"]["words"]), key=len, reverse=True)),
        ongoing=frozenset(_words(data["ongoing"]["words"])),
        narrative_parts={normalise(name): part for part, names in data["narrative_parts"].items() for name in names},
        derived_tables=tuple(frozenset(normalise(h) for h in headers) for headers in data["derived_tables"]["headers"]),
        columns={
            kind: {role: frozenset(normalise(n) for n in names) for role, names in data[f"{kind}_columns"].items()}
            for kind in ("communication", "participant", "hypothesis", "factor", "related", "window")
        },
        facts={
            kind: {normalise(label): name for name, labels in data[f"{kind}_facts"].items() for label in labels}
            for kind in ("impact", "detection")
        },
        impact_tables=tuple(frozenset(normalise(h) for h in headers) for headers in data["impact_tables"]["headers"]),
        placeholders=frozenset(_words(data["placeholders"]["words"])),
        relation_words=tuple((kind, _words(words)) for kind, words in data["relation_words"].items()),
        window_words={
            kind: tuple(sorted(_words(words), key=len, reverse=True)) for kind, words in data["window_words"].items()
        },
        role_words=_words(data["people"]["role_words"]),
        status_words=frozenset(word.casefold() for word in data["status_updates"]["words"]),
        status_milestones={
            name: frozenset(word.casefold() for word in data["status_updates"][name])
            for name in ("mitigated", "resolved")
        },
        also=also,
        write_up_words={normalise(word): status for status, words in data["write_up_status"].items() for word in words},
    )
