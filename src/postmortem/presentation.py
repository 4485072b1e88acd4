"""What every exporter shows, in one place: section order, titles, times and key metrics.

Exporters (ours and third parties') use these helpers so that a post-mortem reads the same
in Markdown, HTML, DOCX, PDF and Confluence: the same sections in the same order, times in
the incident's display timezone, durations written the same way.

Section order follows the guide's template, with the narrative placed just before the
timeline it explains, and participants and links as an appendix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

import attrs

from postmortem import model
from postmortem.model import Incident, Severity

__all__ = [
    "SECTIONS",
    "KeyMetric",
    "Section",
    "clean_text",
    "format_date",
    "format_duration",
    "format_number",
    "format_time",
    "is_safe_url",
    "key_metrics",
    "paragraphs",
    "section_is_empty",
    "sections",
    "severity_label",
]


@attrs.frozen
class Section:
    """A section of the report.

    Attributes:
        key: Stable identifier, also the name of the template block (``action_items``).
        title: The heading people read.
        path: Where the content lives in the incident, as a ``$.path``.
        free_form: For a free-form section of the incident (key ``sections``), the
            :class:`postmortem.model.Section` it shows; ``None`` for the standard sections.
    """

    key: str
    title: str
    path: str
    free_form: model.Section | None = None


SECTIONS: tuple[Section, ...] = (
    Section("summary", "Summary", "$.summary"),
    Section("impact", "Impact", "$.impact"),
    Section("customer_communication", "Customer communication", "$.customer_communication"),
    Section("detection", "Detection", "$.detection"),
    Section("root_cause", "Root cause", "$.root_cause"),
    Section("narrative", "Narrative", "$.narrative"),
    Section("timeline", "Timeline", "$.timeline"),
    Section("contributing_factors", "Contributing factors", "$.contributing_factors"),
    Section("what_went_well", "What went well", "$.what_went_well"),
    Section("what_went_poorly", "What went poorly", "$.what_went_poorly"),
    Section("where_we_got_lucky", "Where we got lucky", "$.where_we_got_lucky"),
    Section("lessons_learned", "Lessons learned", "$.lessons_learned"),
    Section("action_items", "Action items", "$.action_items"),
    Section("sections", "Further sections", "$.sections"),
    Section("participants", "Participants", "$.participants"),
    Section("links", "Links", "$.links"),
)
"""Every section in report order.

The ``sections`` entry stands for the incident's free-form sections: :func:`sections` yields
one section per free-form section there, titled as the author titled it.
"""


def section_is_empty(incident: Incident, key: str) -> bool:
    """True when the incident has nothing to show in section ``key``."""
    if key == "impact":
        impact = incident.impact
        return not (impact.summary.strip() or impact.is_quantified or incident.milestones.impact_duration)
    if key == "detection":
        return incident.detection is None
    if key == "root_cause":
        return not (incident.root_cause.technical.strip() or incident.root_cause.process.strip())
    if key == "narrative":
        return incident.narrative.is_empty
    value = getattr(incident, key)
    if isinstance(value, str):
        return not value.strip()
    return not value


def sections(incident: Incident, *, include_empty: bool = False) -> Iterator[Section]:
    """Yield the sections to show, in order; empty ones only when ``include_empty``.

    Each free-form section of the incident is yielded in its place (after the action items,
    before the participants and links of the appendix) with key ``sections``, its own title
    and ``free_form`` set; there is no placeholder for them when the incident has none.
    """
    for section in SECTIONS:
        if section.key == "sections":
            for index, free in enumerate(incident.sections):
                title = " ".join(clean_text(free.title).split()) or f"Section {index + 1}"
                yield Section("sections", title, f"$.sections[{index}]", free)
            continue
        if include_empty or not section_is_empty(incident, section.key):
            yield section


NO_SEVERITY = "Not assessed"
"""What every format shows for an incident whose severity is not set yet."""


def severity_label(severity: Severity | None) -> str:
    """The severity's name, or ``Not assessed`` when it is not set."""
    return NO_SEVERITY if severity is None else severity.name


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    from zoneinfo import ZoneInfo  # noqa: PLC0415  (tz database lookups are slow to import)

    return ZoneInfo(name)


def format_time(value: datetime, timezone: str = "UTC", *, with_date: bool = True, with_zone: bool = True) -> str:
    """Format a time in the display timezone: ``2026-05-04 10:42 CEST``.

    Args:
        value: A timezone-aware datetime.
        timezone: IANA name of the display timezone.
        with_date: Include the date.
        with_zone: Include the zone abbreviation.
    """
    local = value.astimezone(_zone(timezone))
    text = local.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")
    if local.second:
        text += local.strftime(":%S")
    if with_zone:
        text += f" {local.tzname() or timezone}"
    return text


def format_number(value: float) -> str:
    """Write a measured value for people: ``184,300``, ``31.2``, ``0.004``."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) >= 1 else f"{value:.3g}"


def format_date(value: date) -> str:
    """Format a date as ``2026-12-01``."""
    return value.isoformat()


def format_duration(value: timedelta | None) -> str:
    """Write a duration for people: ``45 s``, ``12 min``, ``1 h 24 min``, ``2 d 3 h``; ``—`` for none."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        text = f"{days} d {hours} h" if hours else f"{days} d"
    elif hours:
        text = f"{hours} h {minutes} min" if minutes else f"{hours} h"
    elif minutes:
        text = f"{minutes} min"
    else:
        text = f"{secs} s"
    return sign + text


@attrs.frozen
class KeyMetric:
    """A headline figure for the title block.

    Attributes:
        key: Stable identifier (``time_to_detect``).
        label: What people read (``Time to detect``).
        value: The formatted value.
        definition: How it is computed, for a tooltip or footnote.
    """

    key: str
    label: str
    value: str
    definition: str


def key_metrics(incident: Incident) -> tuple[KeyMetric, ...]:
    """The headline durations of an incident, formatted, with their definitions."""
    m = incident.milestones
    return (
        KeyMetric("time_to_detect", "Time to detect", format_duration(m.time_to_detect), "detected - impact started"),
        KeyMetric(
            "time_to_acknowledge",
            "Time to acknowledge",
            format_duration(m.time_to_acknowledge),
            "acknowledged - detected",
        ),
        KeyMetric(
            "time_to_mitigate", "Time to mitigate", format_duration(m.time_to_mitigate), "mitigated - impact started"
        ),
        KeyMetric(
            "time_to_resolve", "Time to resolve", format_duration(m.time_to_resolve), "resolved - impact started"
        ),
        KeyMetric(
            "impact_duration",
            "Impact duration",
            format_duration(m.impact_duration),
            "mitigated (or resolved) - impact started",
        ),
    )


# Control characters (Unicode category Cc) except tab and newline, and the two noncharacters
# XML forbids; surrogates are handled separately because they become a replacement mark.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Remove characters no document format can hold: control characters and lone surrogates.

    Newlines and tabs stay; carriage returns become newlines; a lone surrogate becomes U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    return _SURROGATE.sub("\ufffd", text)


def paragraphs(text: str) -> list[str]:
    """Split text into paragraphs at blank lines; single newlines stay inside a paragraph."""
    blocks: list[str] = []
    current: list[str] = []
    for line in clean_text(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append("\n".join(current))
            current = []
    if current:
        blocks.append("\n".join(current))
    return blocks


_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def is_safe_url(url: str | None) -> bool:
    """True for http, https and mailto URLs: the only ones any exporter turns into a link.

    ``javascript:``, ``data:``, ``file:`` and relative URLs are shown as text instead.
    """
    if not url:
        return False
    stripped = url.strip()
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in stripped):
        return False
    return stripped.lower().startswith(_SAFE_SCHEMES) and len(stripped) > len("https://")
