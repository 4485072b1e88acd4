"""The visual timeline: an inline SVG drawn from the incident, with no plotting library.

Every piece of incident text that reaches the SVG is XML-escaped; the drawing uses no
external resources, so it works offline, in print and inside the PDF.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from postmortem import presentation
from postmortem.model import EventKind, Incident

__all__ = ["timeline_svg"]

# Lanes group event kinds so that a reader sees alerts, changes, communication and response.
_LANES: tuple[tuple[str, frozenset[EventKind], str], ...] = (
    ("Alerts", frozenset({EventKind.ALERT}), "#c2410c"),
    ("Changes", frozenset({EventKind.DEPLOY, EventKind.CONFIG_CHANGE}), "#7c3aed"),
    ("Communication", frozenset({EventKind.CHAT, EventKind.STATUS_UPDATE, EventKind.SUPPORT_TICKET}), "#0369a1"),
    ("Response", frozenset({EventKind.ACTION, EventKind.DECISION, EventKind.HYPOTHESIS, EventKind.OTHER}), "#15803d"),
)
_TICK_STEPS = tuple(
    timedelta(seconds=s) for s in (60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800)
)

WIDTH = 960
LEFT = 120
RIGHT = 24
LANE_HEIGHT = 26


def _nice_step(span: timedelta, target_ticks: int = 8) -> timedelta:
    for step in _TICK_STEPS:
        if span / step <= target_ticks:
            return step
    return _TICK_STEPS[-1]


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f" {key.replace('_', '-')}={quoteattr(value)}" for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def timeline_svg(incident: Incident) -> str:  # noqa: PLR0915  (one drawing, read top to bottom)
    """Return an SVG drawing of the incident's milestones and timeline events.

    Impact (started to mitigated, or resolved) is a shaded band; each milestone is a labelled
    line; each event is a dot in the lane of its kind, with its time and text as a tooltip.
    """
    milestones = list(incident.milestones.items())
    events = incident.ordered_timeline
    times = [time for _name, time in milestones] + [event.time for event in events]
    start, end = min(times), max(times)
    if end - start < timedelta(minutes=10):
        end = start + timedelta(minutes=10)
    pad = (end - start) * 0.03
    start, end = start - pad, end + pad
    span = (end - start).total_seconds()
    plot_width = WIDTH - LEFT - RIGHT

    def x_of(value: datetime) -> float:
        return LEFT + (value - start).total_seconds() / span * plot_width

    tz = incident.timezone
    label_rows: list[tuple[int, float, str]] = []
    row_right: list[float] = []
    for name, time in milestones:
        x = x_of(time)
        caption = f"{name.capitalize()} {presentation.format_time(time, tz, with_date=False, with_zone=False)}"
        half = len(caption) * 3.3 + 4
        row = next((i for i, right in enumerate(row_right) if x - half > right), len(row_right))
        if row == len(row_right):
            row_right.append(x + half)
        else:
            row_right[row] = x + half
        label_rows.append((row, x, caption))
    top = 20 + 14 * max(len(row_right), 1)
    lanes_top = top + 10
    height = lanes_top + LANE_HEIGHT * len(_LANES) + 34
    label = f"Timeline of {incident.id}: {len(events)} events from {presentation.format_time(start + pad, tz)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label={quoteattr(label)} font-family="inherit" font-size="11">',
    ]
    m = incident.milestones
    impact_end = m.mitigated or m.resolved
    band_height = LANE_HEIGHT * len(_LANES) + 10
    if impact_end is not None:
        x0, x1 = x_of(m.started), x_of(impact_end)
        parts.append(
            f'<rect class="impact" x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{band_height}" fill="#fee2e2"><title>Customer impact: '
            f"{escape(presentation.format_duration(impact_end - m.started))}</title></rect>"
        )
    if m.mitigated is not None and m.resolved is not None and m.resolved > m.mitigated:
        x0, x1 = x_of(m.mitigated), x_of(m.resolved)
        parts.append(
            f'<rect class="recovery" x="{x0:.1f}" y="{top:.1f}" width="{max(x1 - x0, 1):.1f}" '
            f'height="{band_height}" fill="#fef3c7"><title>Mitigated, not yet resolved</title></rect>'
        )
    for index, (lane, _kinds, _colour) in enumerate(_LANES):
        y = lanes_top + LANE_HEIGHT * index + LANE_HEIGHT / 2
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>')
        parts.append(_text(LEFT - 8, y + 4, lane, text_anchor="end", fill="#374151"))
    # Time axis.
    axis_y = lanes_top + LANE_HEIGHT * len(_LANES) + 6
    parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="#9ca3af"/>')
    step = _nice_step(end - start)
    tick = datetime.fromtimestamp((start.timestamp() // step.total_seconds() + 1) * step.total_seconds(), start.tzinfo)
    with_date = (end - start) > timedelta(days=1)
    while tick < end:
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#9ca3af"/>')
        parts.append(
            _text(
                x,
                axis_y + 16,
                presentation.format_time(tick, tz, with_date=with_date, with_zone=False),
                text_anchor="middle",
                fill="#4b5563",
            )
        )
        tick += step
    # Milestone labels go on the first row where they do not overlap the previous label.
    for row, x, caption in label_rows:
        parts.append(
            f'<line class="milestone" x1="{x:.1f}" x2="{x:.1f}" y1="{12 + row * 14 + 3}" y2="{top + band_height}" '
            f'stroke="#111827" stroke-dasharray="3 2"/>'
        )
        parts.append(_text(x, 12 + row * 14, caption, text_anchor="middle", font_weight="600", fill="#111827"))
    for event in events:
        lane_index = next(i for i, (_lane, kinds, _c) in enumerate(_LANES) if event.kind in kinds)
        colour = _LANES[lane_index][2]
        y = lanes_top + LANE_HEIGHT * lane_index + LANE_HEIGHT / 2
        when = presentation.format_time(event.time, tz)
        tooltip = f"{when} · {event.kind.label}: {presentation.clean_text(event.description)}"
        parts.append(
            f'<circle cx="{x_of(event.time):.1f}" cy="{y:.1f}" r="4" fill="{colour}" fill-opacity="0.85" '
            f'stroke="#fff" stroke-width="1"><title>{escape(tooltip[:500])}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)
