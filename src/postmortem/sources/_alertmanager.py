"""Prometheus Alertmanager webhook payloads (``webhook_config``, payload version 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs

from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.sources._base import (
    Input,
    ReadContext,
    declare_options,
    input_name,
    make_event,
    mapping,
    open_text,
    parse_time,
    text_of,
)
from postmortem.sources._json import JSONStream
from postmortem.sources._line_glance import LineGlance

__all__ = ["AlertmanagerSource"]

# A payload that says Alertmanager left alerts out is reported whatever its times are.
_TRUNCATED = re.compile(r'"truncatedAlerts"\s*:\s*(?!0\s*[,}])')

# Labels that say what an alert is about, in order of preference.
_SUBJECT_LABELS = ("service", "job", "app", "namespace", "instance")


@attrs.define
class _State:
    """What one read remembers: alerts already reported, so repeats are not."""

    want_resolved: bool
    seen: set[tuple[str, str, object]] = attrs.field(factory=set)


def _starts_at(alert: Mapping[str, Any], where: str, ctx: ReadContext) -> datetime | None:
    try:
        return parse_time(alert.get("startsAt"))
    except ValueError as exc:
        ctx.problem(where, f"startsAt: {exc}")
        return None


def _ends_outside(alert: Mapping[str, Any], starts: datetime, ctx: ReadContext) -> bool:
    """Whether a resolved alert's ``endsAt`` is a time outside the window, not before ``startsAt``.

    ``False`` for anything the full reading reports (no time, or one before the start).
    """
    try:
        ends = parse_time(alert.get("endsAt"))
    except ValueError:
        return False
    return ends >= starts and not ctx.keeps(ends)


class AlertmanagerSource:
    """Alertmanager webhook notifications, as a webhook receiver saved them.

    Reads one payload, a JSON array of payloads, several concatenated payloads or JSON
    Lines (one payload per line, what a logging receiver writes). Each alert in a payload
    gives a ``Firing: ...`` alert event at ``startsAt`` and, once its status is
    ``resolved``, a ``Resolved: ...`` alert event at ``endsAt``. Alertmanager repeats
    notifications for an alert that keeps firing; an alert (by fingerprint, or by labels
    when there is none) is reported once per firing and once per resolution.

    Descriptions read ``Firing: <alertname> on <service>: <summary annotation>``; the
    link is the alert's ``generatorURL``.

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * resolved (bool): Also yield resolution events (default true).
    * receiver (str): Keep only payloads sent to this receiver.
    """

    name = "alertmanager"
    description = "Prometheus Alertmanager webhook payloads (JSON or JSON Lines)"
    input_help = "Alertmanager webhook payloads (JSON or JSON Lines)."

    # Not flags of postmortem timeline (yet): its flags stay as they were.
    options: ClassVar[Mapping[str, Option]] = declare_options(
        Option("resolved", bool, True, "Also yield resolution events.", cli=False),
        Option("receiver", str, None, "Keep only payloads sent to this receiver.", cli=False),
    )

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield firing and resolved alert events; see the class docs for the options.

        Raises:
            SourceError: when the file cannot be read, or in strict mode on a bad alert.
        """
        ctx = ReadContext.from_options(input_name(input), self.name, options, self.options)
        state = _State(want_resolved=bool(options.get("resolved", True)))
        receiver = options.get("receiver")
        glance = LineGlance(
            ctx,
            ("startsAt",),
            "alerts",
            other_times=("endsAt",),
            # endsAt of an alert still firing; a resolved one with it is reported by the full reading.
            allowed=("0001-01-01T00:00:00Z",),
            unless="resolved",  # anywhere: a status is read stripped
            refuse=_TRUNCATED,
            ordered=("startsAt", "endsAt"),
        )
        ctx.what = "Alertmanager webhook payloads (JSON)"
        with open_text(input, ctx) as stream:
            skip = glance.outside if glance.on else None
            reader = JSONStream(stream, ctx)
            for where, payload in reader.records(skip_line=skip):
                payloads = payload if isinstance(payload, list) else [payload]
                for index, item in enumerate(payloads):
                    label = f"{where} payload {index}" if isinstance(payload, list) else where
                    if not isinstance(item, Mapping) or not isinstance(item.get("alerts"), list):
                        ctx.problem(label, "not an Alertmanager webhook payload (no alerts list)")
                        continue
                    ctx.seen += 1
                    if receiver is not None and item.get("receiver") != receiver:
                        continue
                    truncated = item.get("truncatedAlerts")
                    if isinstance(truncated, int) and truncated > 0:
                        ctx.problem(
                            label,
                            f"Alertmanager left out {truncated} alerts (max_alerts)",
                        )
                    for number, alert in enumerate(item["alerts"]):
                        where_alert = f"{label} alert {number}"
                        yield from self._events(alert, item, where_alert, ctx, state)
            ctx.finish(empty=not reader.documents and not ctx.seen)

    def _events(
        self,
        alert: object,
        payload: Mapping[str, Any],
        where: str,
        ctx: ReadContext,
        state: _State,
    ) -> Iterator[TimelineEvent]:
        if not isinstance(alert, Mapping):
            ctx.problem(where, "an alert must be a JSON object")
            return
        labels = {**mapping(payload.get("commonLabels")), **mapping(alert.get("labels"))}
        annotations = {
            **mapping(payload.get("commonAnnotations")),
            **mapping(alert.get("annotations")),
        }
        name = text_of(labels.get("alertname"))
        if not name:
            ctx.problem(where, "an alert without an alertname label")
            return
        status = text_of(alert.get("status")) or text_of(payload.get("status"))
        if status not in ("firing", "resolved"):
            ctx.problem(where, f"status must be firing or resolved, got {status or 'nothing'!r}")
            return
        starts = _starts_at(alert, where, ctx)
        resolution = status == "resolved" and state.want_resolved
        if starts is None or (not ctx.keeps(starts) and (not resolution or _ends_outside(alert, starts, ctx))):
            # No start, or a firing outside the window with no resolution to look at, or
            # one outside it too: nothing to build or report.
            return
        fingerprint = text_of(alert.get("fingerprint"))
        identity = fingerprint or repr(sorted((str(k), str(v)) for k, v in labels.items()))
        # One firing of one alert: Alertmanager's fingerprint names the label set, the start
        # time the firing. Its resolution is a second record of that firing.
        firing_id = f"{fingerprint}@{starts.isoformat().replace('+00:00', 'Z')}" if fingerprint else None
        subject = next((text_of(labels.get(key)) for key in _SUBJECT_LABELS if text_of(labels.get(key))), "")
        summary = text_of(annotations.get("summary")) or text_of(annotations.get("description"))
        # The summary often names the service already; say it once.
        on = f" on {subject}" if subject and subject not in summary else ""
        about = name + on + (f": {summary}" if summary else "")
        link = text_of(alert.get("generatorURL")) or None

        def once(phase: str, time: datetime) -> Iterator[TimelineEvent]:
            # Only events inside the window are remembered, so memory follows the kept events,
            # not the size of the export.
            key = (phase, identity, time)
            if not ctx.keeps(time) or key in state.seen:
                return
            state.seen.add(key)
            event = make_event(
                ctx,
                where,
                time=time,
                description=f"{phase.capitalize()}: {about}",
                kind=EventKind.ALERT,
                source=ctx.label,
                link=link,
                source_id=None if firing_id is None else firing_id + ("" if phase == "firing" else f" {phase}"),
            )
            if event is not None:
                yield event

        yield from once("firing", starts)
        if status == "resolved" and state.want_resolved:
            try:
                ends = parse_time(alert.get("endsAt"))
            except ValueError as exc:
                ctx.problem(where, f"endsAt: {exc}")
                return
            if ends < starts:
                ctx.problem(where, f"a resolved alert whose endsAt ({ends.isoformat()}) is before startsAt")
                return
            yield from once("resolved", ends)
