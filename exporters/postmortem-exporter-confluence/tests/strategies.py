"""Hypothesis strategies for incidents full of hostile text.

Local to this package until the core ships ``postmortem.strategies``.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hypothesis import strategies as st

from postmortem import model

HOSTILE_SNIPPETS = (
    "]]>",
    "<![CDATA[x]]>",
    '<ac:structured-macro ac:name="html">'
    "<ac:plain-text-body>x</ac:plain-text-body></ac:structured-macro>",
    '<ri:user ri:account-id="1"/>',
    "{{ 7*7 }} {% raw %} {# c #}",
    "&amp; &nbsp; &#0; &#xD800; &bogus;",
    '"><script>alert(1)</script>',
    "\x00\x01\x08\x0b\x0c\x1f\x7f\ufffe\uffff",
    "\u202eRTL override\u202c \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "emoji 🔥🧯👩🏽‍💻 \U0001f600",
    "javascript:alert(1)",
    "line\r\nbreak\rcarriage\n\nparagraph",
    "{toc} [~admin] @here",
)

hostile_text = st.one_of(
    st.text(min_size=1, max_size=40),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), min_size=1, max_size=30),
    st.sampled_from(HOSTILE_SNIPPETS),
    st.lists(st.sampled_from(HOSTILE_SNIPPETS), min_size=1, max_size=4).map("".join),
    st.builds(lambda s, n: s * n, st.sampled_from(HOSTILE_SNIPPETS), st.integers(50, 400)),
)
# Model fields that must not be blank.
required_text = hostile_text.filter(lambda s: bool(s.strip()))
hostile_url = st.one_of(
    st.sampled_from(
        [
            "https://example.com/a?b=1&c=<2>",
            "http://example.com/\"onmouseover='x'",
            "mailto:oncall@example.com",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<b>x</b>",
            "//evil.example.com",
            "file:///etc/passwd",
            " https://leading-space.example.com",
        ]
    ),
    required_text,
)

_START = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)
offsets = st.integers(min_value=0, max_value=48 * 3600).map(lambda s: timedelta(seconds=s))


@st.composite
def milestones(draw: st.DrawFn) -> model.Milestones:
    steps = sorted(draw(st.lists(offsets, min_size=4, max_size=4)))
    present = draw(st.lists(st.booleans(), min_size=4, max_size=4))
    values = [(_START + step) if keep else None for step, keep in zip(steps, present, strict=True)]
    return model.Milestones(_START, *values)


participants = st.builds(
    model.Participant,
    name=required_text,
    role=hostile_text,
    handle=st.none() | required_text,
    team=st.none() | hostile_text,
    accounts=st.one_of(
        st.just({}),
        st.dictionaries(
            st.just("confluence"), st.one_of(st.just("5b10ac8d82e05b22cc7d4ef5"), hostile_text)
        ),
    ),
)
timeline_events = st.builds(
    model.TimelineEvent,
    time=offsets.map(lambda d: _START + d),
    description=required_text,
    kind=st.sampled_from(model.EventKind),
    source=hostile_text,
    actor=st.none() | hostile_text,
    link=st.none() | hostile_url,
)
action_items = st.builds(
    model.ActionItem,
    id=required_text,
    description=required_text,
    owner=st.none() | required_text,
    due=st.none() | st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1)),
    status=st.sampled_from([s for s in model.ActionStatus if s is not model.ActionStatus.DONE]),
    kind=st.sampled_from(model.ActionKind),
    priority=st.sampled_from(model.Priority),
    risk_reduction=hostile_text,
    tracker_key=st.none()
    | st.sampled_from(["OPS-1234", "ops-1", "OPS-1<x>", "]]>"])
    | hostile_text,
    tracker_url=st.none() | hostile_url,
)


@st.composite
def incidents(draw: st.DrawFn) -> model.Incident:
    items = draw(st.lists(action_items, max_size=4, unique_by=lambda a: a.id))
    people = draw(st.lists(participants, max_size=4))
    return model.Incident(
        id=draw(required_text),
        title=draw(required_text),
        severity=draw(st.sampled_from(model.DEFAULT_SEVERITY_SCALE.levels)),
        milestones=draw(milestones()),
        status=draw(st.sampled_from(model.WriteUpStatus)),
        summary=draw(hostile_text),
        authors=draw(
            st.lists(
                st.one_of(required_text, st.sampled_from([p.name for p in people] or ["x"])),
                max_size=3,
            )
        ),
        reviewers=draw(st.lists(required_text, max_size=2)),
        participants=people,
        services=draw(st.lists(required_text, max_size=3)),
        tags=draw(st.lists(required_text, max_size=3)),
        links=draw(
            st.lists(st.builds(model.Link, url=hostile_url, title=hostile_text), max_size=3)
        ),
        impact=draw(
            st.builds(
                model.Impact,
                summary=hostile_text,
                users_affected=st.none() | st.integers(0, 10**9),
                share_affected=st.none() | st.floats(0, 1),
                metrics=st.lists(
                    st.builds(
                        model.ImpactMetric,
                        name=required_text,
                        value=st.floats(allow_nan=False),
                        unit=hostile_text,
                    ),
                    max_size=2,
                ),
            )
        ),
        customer_communication=draw(
            st.lists(
                st.builds(
                    model.CustomerCommunication,
                    channel=st.sampled_from(model.CommunicationChannel),
                    time=offsets.map(lambda d: _START + d),
                    summary=hostile_text,
                    link=st.none() | hostile_url,
                ),
                max_size=2,
            )
        ),
        detection=draw(
            st.none()
            | st.builds(
                model.Detection,
                method=st.sampled_from(model.DetectionMethod),
                source=hostile_text,
                notes=hostile_text,
            )
        ),
        root_cause=draw(st.builds(model.RootCause, technical=hostile_text, process=hostile_text)),
        contributing_factors=draw(
            st.lists(
                st.builds(
                    model.ContributingFactor,
                    description=required_text,
                    category=st.sampled_from(model.FactorCategory),
                    trigger=st.booleans(),
                ),
                max_size=3,
            )
        ),
        what_went_well=draw(st.lists(hostile_text, max_size=2)),
        what_went_poorly=draw(st.lists(hostile_text, max_size=2)),
        where_we_got_lucky=draw(st.lists(hostile_text, max_size=2)),
        lessons_learned=draw(st.lists(hostile_text, max_size=2)),
        narrative=draw(
            st.builds(
                model.Narrative,
                user_impact=hostile_text,
                detection=hostile_text,
                responder_beliefs=hostile_text,
                hypotheses=st.lists(
                    st.builds(
                        model.Hypothesis,
                        statement=required_text,
                        outcome=st.sampled_from(model.HypothesisOutcome),
                        evidence=hostile_text,
                    ),
                    max_size=2,
                ),
                resolution=hostile_text,
                aftermath=hostile_text,
            )
        ),
        timeline=draw(st.lists(timeline_events, max_size=30)),
        action_items=items,
        timezone=draw(
            st.sampled_from(["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns"])
        ),
    )
