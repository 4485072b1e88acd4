"""Hypothesis strategies for incidents, for our tests and for exporter authors.

Requires Hypothesis (``pip install 'postmortem[testing]'``); importing ``postmortem`` does not load it.

:func:`hostile_text` mixes ordinary text with what breaks renderers: control characters,
Markdown, HTML, XML and Jinja syntax, ``]]>``, Confluence macros, very long words,
right-to-left text and emoji. :func:`incidents` builds whole, valid incidents from it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

try:
    from hypothesis import strategies as st
except ModuleNotFoundError as exc:  # a user's environment without the test tools
    raise ModuleNotFoundError(
        "postmortem.strategies draws incidents with Hypothesis, which is not installed: "
        f"pip install 'postmortem[testing]' (no module named {exc.name!r})",
        name=exc.name,
    ) from exc

from postmortem import model

__all__ = ["HOSTILE_SNIPPETS", "hostile_text", "incidents", "plain_text", "time_accuracies", "timestamps"]

HOSTILE_SNIPPETS: tuple[str, ...] = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<img src='http://127.0.0.1:9/canary.png'>",
    "<link rel=attachment href='file:///etc/passwd'>",
    "@import url(http://127.0.0.1:9/x.css);",
    "]]>",
    "<![CDATA[ x ]]>",
    "<?xml version='1.0'?>",
    '<ac:structured-macro ac:name="html"><ac:plain-text-body>'
    "<![CDATA[<b>x</b>]]></ac:plain-text-body></ac:structured-macro>",
    "<ri:attachment ri:filename='x'/>",
    "{{ 7*7 }}",
    "{% for x in range(10) %}x{% endfor %}",
    "{# comment #}",
    "${jndi:ldap://127.0.0.1/a}",
    "| a | b |\n|---|---|",
    "# Heading",
    "## Heading\n---",
    "* item\n- item\n1. item",
    "> quote",
    "`code` ```fence```",
    "[link](javascript:alert(1))",
    "![image](file:///etc/passwd)",
    "&amp; &lt; &#0; &#x110000;",
    "\\ \\\\ \\n",
    "\x00\x01\x02\x07\x08\x0b\x0c\x0e\x1b[31m\x7f",
    "\r\n\r",
    "\u0085\u2028\u2029",
    "\ufeff\ufffe\uffff",
    "\u202eevil\u202c",
    "مرحبا بالعالم، الخدمة متوقفة",
    "שלום עולם",
    "👩\u200d💻🔥🚨 🇩🇪",
    "Ω≈ç√∫˜µ≤≥÷",
    "x" * 3000,
    "word " * 400,
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://127.0.0.1:9/",
)
"""Strings that have broken document renderers somewhere."""


def plain_text(*, min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Readable text with at least one letter (valid wherever the model needs non-empty text)."""
    alphabet = st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc", "Co", "Cn"))
    return st.text(alphabet, min_size=min_size, max_size=max_size).filter(lambda s: bool(s.strip()))


def hostile_text(*, allow_surrogates: bool = True, min_size: int = 1) -> st.SearchStrategy[str]:
    """Text that tries to break renderers, always with a visible character so it is non-empty.

    Args:
        allow_surrogates: Include lone surrogates (no file format can hold them; exporters
            must replace them). Leave out for round-trip tests through UTF-8 files.
        min_size: Passed to the underlying text strategy.
    """
    excluded: tuple[Literal["Cs"], ...] = () if allow_surrogates else ("Cs",)
    anything = st.text(st.characters(exclude_categories=excluded), min_size=min_size, max_size=60)
    pieces = st.lists(st.one_of(st.sampled_from(HOSTILE_SNIPPETS), anything), min_size=1, max_size=4)
    return st.one_of(plain_text(), pieces.map("".join)).filter(lambda s: bool(s.strip()))


def timestamps(
    *, start: datetime = datetime(2020, 1, 1, tzinfo=timezone.utc), days: int = 2000
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes with varied offsets (whole minutes, as files hold them)."""
    offsets = st.sampled_from([0, 60, 120, -300, -420, 330, 345, 540, 600, -210]).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    seconds = st.integers(min_value=0, max_value=days * 86400)
    return st.builds(lambda s, tz: (start + timedelta(seconds=s)).astimezone(tz), seconds, offsets)


def time_accuracies() -> st.SearchStrategy[model.TimeAccuracy]:
    """How well a time is known: exact half of the time, else any precision and bound."""
    rough = st.builds(
        model.TimeAccuracy,
        precision=st.sampled_from(model.TimePrecision),
        bound=st.one_of(st.none(), st.sampled_from(model.TimeBound)),
    )
    return st.one_of(st.just(model.EXACT_TIME), rough)


_ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide")


def _as_written(at: datetime, accuracy: model.TimeAccuracy, zone: str, snap: bool) -> datetime:
    """A date-precision time at the start of its day in ``zone`` (what a bare date means), when asked."""
    if not snap or accuracy.precision is not model.TimePrecision.DATE:
        return at
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    local = at.astimezone(ZoneInfo(zone))
    return datetime(local.year, local.month, local.day, tzinfo=ZoneInfo(zone))


def incidents(  # noqa: PLR0915  (the strategies, then one incident drawn from them, top to bottom)
    text: st.SearchStrategy[str] | None = None,
    *,
    max_events: int = 8,
    max_items: int = 4,
) -> st.SearchStrategy[model.Incident]:
    """Whole, valid incidents with every section filled from ``text``.

    Args:
        text: Strategy for every free-text field; :func:`hostile_text` when ``None``.
        max_events: The most timeline events.
        max_items: The most entries in each other list.
    """
    # The strategies that do not depend on what was drawn are built once here, not once per
    # incident: Hypothesis works out a new strategy object's properties on its first draw, a
    # good part of the cost of drawing an incident and of each step of shrinking one. They are
    # the same strategies drawn in the same order as when each draw built them, so the same
    # choices give the same incident.
    words = text if text is not None else hostile_text()
    maybe = st.one_of(st.just(""), words)
    # Links and ids hold no invisible characters (the model refuses them): the rest stays hostile.
    tokens = words.map(lambda value: model.NOT_IN_TOKENS.sub("", value)).map(
        lambda value: value if value.strip() else "x"
    )
    zones = st.sampled_from(_ZONES)
    starts = timestamps()
    gap_lists = st.lists(st.integers(min_value=0, max_value=6 * 3600), min_size=4, max_size=4)
    present_lists = st.lists(st.booleans(), min_size=4, max_size=4)
    accuracy_lists = st.lists(time_accuracies(), min_size=5, max_size=5)
    accuracies = time_accuracies()
    urls = st.one_of(
        st.none(),
        st.sampled_from(["https://example.com/a?b=1&c=<2>", "javascript:alert(1)", "file:///etc/passwd"]),
        tokens,
    )
    optional_words = st.one_of(st.none(), words)
    optional_dates = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    lengths = st.one_of(st.none(), st.integers(min_value=0, max_value=12 * 3600))
    item_counts = st.integers(min_value=0, max_value=max_items)
    statuses = st.sampled_from(model.ActionStatus)
    action_kinds = st.sampled_from(model.ActionKind)
    priorities = st.sampled_from(model.Priority)
    word_lists = st.lists(words, max_size=max_items)
    severities = st.one_of(st.none(), st.sampled_from(model.DEFAULT_SEVERITY_SCALE.levels))
    write_up_statuses = st.sampled_from(model.WriteUpStatus)
    participants = st.lists(
        st.builds(
            model.Participant,
            name=words,
            role=maybe,
            handle=st.one_of(st.none(), words),
            team=st.one_of(st.none(), words),
            accounts=st.one_of(st.just({}), st.builds(lambda v: {"confluence": v}, words)),
        ),
        max_size=max_items,
    )
    links = st.lists(st.builds(model.Link, url=tokens, title=maybe), max_size=max_items)
    users_affected = st.one_of(st.none(), st.integers(min_value=0, max_value=10**12))
    shares_affected = st.one_of(st.none(), st.floats(min_value=0, max_value=1))
    metrics = st.lists(
        st.builds(
            model.ImpactMetric,
            name=words,
            value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
            unit=maybe,
        ),
        max_size=3,
    )
    factors = st.lists(
        st.builds(
            model.ContributingFactor,
            description=words,
            category=st.sampled_from(model.FactorCategory),
            trigger=st.booleans(),
        ),
        max_size=max_items,
    )
    hypotheses = st.lists(
        st.builds(
            model.Hypothesis,
            statement=words,
            outcome=st.sampled_from(model.HypothesisOutcome),
            evidence=maybe,
        ),
        max_size=3,
    )
    sections = st.lists(st.builds(model.Section, title=words, body=maybe), max_size=3)
    suppressions = st.lists(
        st.builds(model.Suppression, rule=words, reason=maybe, path=st.one_of(st.none(), words)), max_size=2
    )

    @st.composite
    def incident(draw: st.DrawFn) -> model.Incident:
        zone = draw(zones)
        started = draw(starts)
        gaps = draw(gap_lists)
        points = [started]
        for gap in gaps:
            points.append(points[-1] + timedelta(seconds=gap))
        present = draw(present_lists)
        ongoing = not present[3] and draw(st.booleans())
        accuracies_drawn = draw(accuracy_lists)
        snap = draw(st.booleans())
        names = ("started", "detected", "acknowledged", "mitigated", "resolved")
        times = [
            _as_written(point, accuracy, zone, snap) for point, accuracy in zip(points, accuracies_drawn, strict=True)
        ]
        milestones = model.Milestones(
            started=times[0],
            detected=times[1] if present[0] else None,
            acknowledged=times[2] if present[1] else None,
            mitigated=times[3] if present[2] else None,
            resolved=times[4] if present[3] else None,
            ongoing=ongoing,
            **{
                f"{name}_accuracy": accuracy
                for name, accuracy, given in zip(names, accuracies_drawn, [True, *present], strict=True)
                if given
            },
        )
        within = st.integers(min_value=-3600, max_value=30 * 3600).map(lambda s: started + timedelta(seconds=s))

        @st.composite
        def timed(draw: st.DrawFn) -> tuple[datetime, model.TimeAccuracy]:
            accuracy = draw(accuracies)
            return _as_written(draw(within), accuracy, zone, draw(st.booleans())), accuracy

        def window(draw: st.DrawFn) -> model.ImpactWindow:
            start, start_accuracy = draw(timed())
            length = draw(lengths)
            end_accuracy = model.EXACT_TIME if length is None else draw(accuracies)
            return model.ImpactWindow(
                start=start,
                end=None if length is None else start + timedelta(seconds=length),
                description=draw(maybe),
                start_accuracy=start_accuracy,
                end_accuracy=end_accuracy,
            )

        timeline = draw(
            st.lists(
                st.builds(
                    lambda when, **fields: model.TimelineEvent(time=when[0], time_accuracy=when[1], **fields),
                    timed(),
                    description=words,
                    kind=st.sampled_from(model.EventKind),
                    source=maybe,
                    actor=optional_words,
                    link=urls,
                    source_id=optional_words,
                ),
                max_size=max_events,
            )
        )
        incident_id = draw(tokens)
        related = draw(
            st.lists(
                st.builds(
                    model.RelatedIncident,
                    id=tokens.filter(lambda other: other.strip().casefold() != incident_id.strip().casefold()),
                    relation=st.sampled_from(model.Relation),
                    url=st.one_of(st.none(), tokens),
                    title=maybe,
                ),
                max_size=3,
            )
        )
        item_count = draw(item_counts)
        action_items = []
        for index in range(item_count):
            status = draw(statuses)
            action_items.append(
                model.ActionItem(
                    id=f"AI-{index + 1}",
                    description=draw(words),
                    owner=draw(optional_words),
                    due=draw(optional_dates),
                    status=status,
                    kind=draw(action_kinds),
                    priority=draw(priorities),
                    risk_reduction=draw(maybe),
                    tracker_key=draw(optional_words),
                    tracker_url=draw(urls),
                    completed=draw(optional_dates) if status is model.ActionStatus.DONE else None,
                    verification=draw(maybe),
                    created=draw(optional_dates),
                )
            )
        lists: dict[str, Any] = {
            name: tuple(draw(word_lists))
            for name in (
                "authors",
                "reviewers",
                "services",
                "tags",
                "what_went_well",
                "what_went_poorly",
                "where_we_got_lucky",
                "lessons_learned",
            )
        }
        return model.Incident(
            id=incident_id,
            title=draw(words),
            severity=draw(severities),
            milestones=milestones,
            status=draw(write_up_statuses),
            summary=draw(maybe),
            participants=tuple(draw(participants)),
            links=tuple(draw(links)),
            related=tuple(related),
            impact=model.Impact(
                summary=draw(maybe),
                users_affected=draw(users_affected),
                share_affected=draw(shares_affected),
                metrics=tuple(draw(metrics)),
                windows=tuple(draw(st.lists(st.composite(window)(), max_size=3))),
            ),
            customer_communication=tuple(
                draw(
                    st.lists(
                        st.builds(
                            lambda when, **fields: model.CustomerCommunication(
                                time=when[0], time_accuracy=when[1], **fields
                            ),
                            timed(),
                            channel=st.sampled_from(model.CommunicationChannel),
                            summary=maybe,
                            link=urls,
                        ),
                        max_size=3,
                    )
                )
            ),
            detection=draw(
                st.one_of(
                    st.none(),
                    st.builds(
                        model.Detection,
                        method=st.sampled_from(model.DetectionMethod),
                        source=maybe,
                        time=within,
                        notes=maybe,
                        time_accuracy=accuracies,
                    )
                    | st.builds(
                        model.Detection,
                        method=st.sampled_from(model.DetectionMethod),
                        source=maybe,
                        notes=maybe,
                    ),
                )
            ),
            root_cause=model.RootCause(technical=draw(maybe), process=draw(maybe)),
            contributing_factors=tuple(draw(factors)),
            narrative=model.Narrative(
                user_impact=draw(maybe),
                detection=draw(maybe),
                responder_beliefs=draw(maybe),
                hypotheses=tuple(draw(hypotheses)),
                resolution=draw(maybe),
                aftermath=draw(maybe),
            ),
            timeline=tuple(timeline),
            action_items=tuple(action_items),
            sections=tuple(draw(sections)),
            suppressions=tuple(draw(suppressions)),
            timezone=zone,
            **lists,
        )

    return incident()
