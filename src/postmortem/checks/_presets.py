"""Presets: which sections a post-mortem template requires.

A section is named after the model field that holds it (``root_cause``,
``narrative.resolution``); :data:`SECTIONS` says how to tell whether it is written.
The research behind each preset is in ``docs/checks/presets.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType

import attrs

from postmortem.errors import PostmortemError
from postmortem.model import Incident

__all__ = ["PRESETS", "SECTIONS", "Preset", "get_preset", "section_present"]


def _text(value: str) -> bool:
    return bool(value.strip())


SECTIONS: Mapping[str, Callable[[Incident], bool]] = MappingProxyType(
    {
        "summary": lambda i: _text(i.summary),
        "authors": lambda i: bool(i.authors),
        "participants": lambda i: bool(i.participants),
        "impact": lambda i: _text(i.impact.summary) or i.impact.is_quantified,
        "customer_communication": lambda i: bool(i.customer_communication),
        "detection": lambda i: i.detection is not None,
        "root_cause": lambda i: _text(i.root_cause.technical) or _text(i.root_cause.process),
        "trigger": lambda i: any(f.trigger for f in i.contributing_factors),
        "contributing_factors": lambda i: bool(i.contributing_factors),
        "timeline": lambda i: bool(i.timeline),
        "what_went_well": lambda i: bool(i.what_went_well),
        "what_went_poorly": lambda i: bool(i.what_went_poorly),
        "where_we_got_lucky": lambda i: bool(i.where_we_got_lucky),
        "lessons_learned": lambda i: bool(i.lessons_learned),
        "action_items": lambda i: bool(i.action_items),
        "narrative": lambda i: not i.narrative.is_empty,
        "narrative.user_impact": lambda i: _text(i.narrative.user_impact),
        "narrative.detection": lambda i: _text(i.narrative.detection),
        "narrative.responder_beliefs": lambda i: _text(i.narrative.responder_beliefs),
        "narrative.hypotheses": lambda i: bool(i.narrative.hypotheses),
        "narrative.resolution": lambda i: _text(i.narrative.resolution),
        "narrative.aftermath": lambda i: _text(i.narrative.aftermath),
    }
)
"""Every section a preset can require, with the test that it is written."""


def section_present(incident: Incident, section: str) -> bool:
    """True when ``section`` (a key of :data:`SECTIONS`) is written in ``incident``."""
    return SECTIONS[section](incident)


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(value))


def _known_sections(_inst: object, _attribute: object, value: Mapping[str, str]) -> None:
    unknown = sorted(set(value) - set(SECTIONS))
    if unknown:
        raise ValueError(f"unknown sections {unknown}; known: {', '.join(SECTIONS)}")


@attrs.frozen
class Preset:
    """The sections a template requires.

    Attributes:
        name: What configuration calls it (``guide``, ``google``).
        title: Human name.
        source: Where the template is published.
        sections: Our section name -> the template's own heading for it, in the
            template's order.
    """

    name: str
    title: str
    source: str
    sections: Mapping[str, str] = attrs.field(converter=_frozen_mapping, validator=_known_sections)

    @property
    def required(self) -> tuple[str, ...]:
        """The required section names."""
        return tuple(self.sections)


PRESETS: Mapping[str, Preset] = MappingProxyType(
    {
        "guide": Preset(
            "guide",
            "The guide's template",
            "MonitorGiant, 'How to Write an Incident Post-Mortem: Template + Real Examples' (2026)",
            {
                "impact": "Impact",
                "detection": "Detection",
                "root_cause": "Root cause",
                "timeline": "Timeline",
                "contributing_factors": "Contributing factors",
                "what_went_well": "What went well",
                "what_went_poorly": "What went poorly",
                "lessons_learned": "Lessons learned",
                "action_items": "Action items",
            },
        ),
        "google": Preset(
            "google",
            "Google SRE",
            "Site Reliability Engineering (O'Reilly, 2016), appendix D 'Example Postmortem'",
            {
                "authors": "Authors",
                "summary": "Summary",
                "impact": "Impact",
                "root_cause": "Root Causes",
                "trigger": "Trigger",
                "narrative.resolution": "Resolution",
                "detection": "Detection",
                "action_items": "Action Items",
                "what_went_well": "Lessons Learned: What went well",
                "what_went_poorly": "Lessons Learned: What went wrong",
                "where_we_got_lucky": "Lessons Learned: Where we got lucky",
                "timeline": "Timeline",
            },
        ),
        "pagerduty": Preset(
            "pagerduty",
            "PagerDuty",
            "PagerDuty Incident Response documentation, 'Postmortem Template' (response.pagerduty.com)",
            {
                "summary": "Overview",
                "narrative": "What Happened",
                "contributing_factors": "Contributing Factors",
                "narrative.resolution": "Resolution",
                "impact": "Impact",
                "participants": "Responders",
                "timeline": "Timeline",
                "what_went_well": "How'd We Do? What went well",
                "what_went_poorly": "How'd We Do? What didn't go so well",
                "action_items": "Action Items",
                "customer_communication": "Messaging (external)",
            },
        ),
        "atlassian": Preset(
            "atlassian",
            "Atlassian",
            "Atlassian Incident Management Handbook, 'Incident postmortems' template",
            {
                "summary": "Incident summary",
                "trigger": "Leadup",
                "root_cause": "Fault; Five whys; Root cause",
                "impact": "Impact",
                "detection": "Detection",
                "narrative.responder_beliefs": "Response",
                "narrative.resolution": "Recovery",
                "timeline": "Timeline",
                "lessons_learned": "Lessons learned",
                "action_items": "Corrective actions",
            },
        ),
    }
)
"""The built-in presets by name."""


def get_preset(name: str) -> Preset:
    """Return the preset called ``name``.

    Raises:
        KeyError: an ``UnknownPresetError`` (also a ``PostmortemError``) naming the known presets.
    """
    try:
        return PRESETS[name.strip().lower()]
    except KeyError:
        raise UnknownPresetError(name) from None


class UnknownPresetError(PostmortemError, KeyError):
    """A preset name that is not one of :data:`PRESETS` (also a ``KeyError``, as it always was)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown preset {name!r}{did_you_mean(name, PRESETS)}; choose one of {', '.join(PRESETS)}")

    def __str__(self) -> str:
        return str(self.args[0])


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    import difflib  # noqa: PLC0415

    matches = difflib.get_close_matches(word.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""
