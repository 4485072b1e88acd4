"""The visual timeline: an SVG drawn from the incident, with no plotting library.

One drawing for every format: inline in the HTML report (and so in the PDF), as an image file
beside the Markdown report and attached to the Confluence page (:func:`timeline_svg` with
``standalone=True``), and as a PNG rasterised from that same SVG inside the Word document
(:func:`timeline_png`), with :func:`timeline_description` as its alternative text.

Every piece of incident text that reaches the SVG is XML-escaped; the drawing uses no
external resources, so it works offline, in print and inside the PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape, quoteattr

from postmortem import presentation
from postmortem.model import EventKind, Incident

__all__ = ["MAX_TICKS", "WIDTH", "timeline_description", "timeline_png", "timeline_svg", "worth_drawing"]

# Lanes group event kinds so that a reader sees alerts, changes, communication and response.
_LANES: tuple[tuple[str, frozenset[EventKind], str], ...] = (
    ("Alerts", frozenset({EventKind.ALERT}), "#c2410c"),
    ("Changes", frozenset({EventKind.DEPLOY, EventKind.CONFIG_CHANGE}), "#7c3aed"),
    ("Communication", frozenset({EventKind.CHAT, EventKind.STATUS_UPDATE, EventKind.SUPPORT_TICKET}), "#0369a1"),
    ("Response", frozenset({EventKind.ACTION, EventKind.DECISION, EventKind.HYPOTHESIS, EventKind.OTHER}), "#15803d"),
)
# A 720-unit drawing with 12-unit text: across the text width of an A4 or Letter page
# (about 500 pt) the text prints at 8.3 pt or more, and on screen the drawing is never shown
# narrower than 720 px (the stylesheet lets it scroll), so its text stays at least 12 px.
WIDTH = 720
"""The chart's width in SVG user units (pixels); a format that sizes the picture itself scales from it."""
FONT_SIZE = 12
LEFT = 104
RIGHT = 20
LANE_HEIGHT = 26
ROW_HEIGHT = 16
# The typeface of a chart drawn as a file of its own: the report's stack (see style.css).
STANDALONE_FONTS = "Noto Sans, DejaVu Sans, Liberation Sans, Arial, sans-serif"
# Average advance of a character of the bold milestone labels, in font sizes (DejaVu Sans Bold
# is the widest face in the stack); generous, so that labels never touch.
_CHAR_WIDTH = 0.66


# Tick steps from a minute to centuries, each a whole unit of the calendar: a unit, how many of
# it, and its nominal length (a month as 30.44 days, a year as 365.25) to estimate a tick count
# before generating any ticks. The chart's span is at least ten minutes, so a minute is enough.
_STEPS: tuple[tuple[str, int, timedelta], ...] = (
    *(("minute", n, timedelta(minutes=n)) for n in (1, 2, 5, 10, 15, 30)),
    *(("hour", n, timedelta(hours=n)) for n in (1, 2, 3, 6, 12)),
    ("day", 1, timedelta(days=1)),
    ("day", 2, timedelta(days=2)),
    ("week", 1, timedelta(weeks=1)),
    *(("month", n, timedelta(days=30.44 * n)) for n in (1, 2, 3, 6)),
    *(("year", n, timedelta(days=365.25 * n)) for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)),
)
# Most tick labels an axis carries, whatever the span: beyond this an axis is hard to read.
MAX_TICKS = 8
# Average advance of a digit of the (regular) tick labels, in font sizes, and the least room
# between two labels.
_TICK_CHAR_WIDTH = 0.62
_TICK_GAP = 14


def _tick_format(unit: str, *, with_date: bool) -> str:
    """The ``strftime`` format of a tick label: as precise as the step, no more."""
    if unit == "year":
        return "%Y"
    if unit == "month":
        return "%Y-%m"
    if unit in {"day", "week"}:
        return "%Y-%m-%d"
    return "%Y-%m-%d %H:%M" if with_date else "%H:%M"


def _wall_times(start: datetime, end: datetime, unit: str, count: int) -> Iterator[datetime]:
    """The naive local (wall-clock) times from ``start`` to ``end`` that fall on a step of ``count`` ``unit``."""
    if unit == "year":
        for year in range(-(-start.year // count) * count, min(end.year, 9999) + 1, count):
            yield datetime(year, 1, 1)
    elif unit == "month":
        first = start.year * 12 + start.month - 1
        for index in range(-(-first // count) * count, end.year * 12 + end.month, count):
            yield datetime(index // 12, index % 12 + 1, 1)
    else:
        day = start.date()
        while day <= end.date():
            midnight = datetime(day.year, day.month, day.day)
            if unit == "week":
                if day.weekday() == 0:
                    yield midnight
            elif unit == "day":
                if day.toordinal() % count == 0:
                    yield midnight
            else:
                minutes = count * 60 if unit == "hour" else count
                for offset in range(0, 24 * 60, minutes):
                    yield midnight + timedelta(minutes=offset)
            day += timedelta(days=1)


def _ticks(start: datetime, end: datetime, tz: str, *, plot_width: float) -> tuple[list[datetime], str]:
    """Choose the axis ticks between ``start`` and ``end``: the finest calendar step that keeps them readable.

    A tick falls on a round wall-clock time in the display timezone (a whole hour, midnight,
    the first of a month, a new year), so its label reads as written; a wall-clock time that a
    daylight-saving change skips is left out, and so is a tick whose label would run off the
    axis. There are at most :data:`MAX_TICKS`, and no more than the plot's width holds side by
    side, whether the span is ten minutes or centuries.

    Returns:
        The ticks (aware datetimes) and the ``strftime`` format of their labels.
    """
    local = presentation.zone(tz)
    first, last = start.astimezone(local), end.astimezone(local)
    with_date = end - start > timedelta(days=1)
    span = end - start
    for unit, count, nominal in _STEPS:
        fmt = _tick_format(unit, with_date=with_date)
        label_width = len(datetime(2000, 12, 31, 23, 59).strftime(fmt)) * FONT_SIZE * _TICK_CHAR_WIDTH
        most = min(MAX_TICKS, max(1, int(plot_width // (label_width + _TICK_GAP))))
        if span / nominal > most + 1:
            continue  # too many, by estimate: no need to list them
        ticks = []
        for wall in _wall_times(first.replace(tzinfo=None), last.replace(tzinfo=None), unit, count):
            tick = wall.replace(tzinfo=local)
            if tick.astimezone(timezone.utc).astimezone(local).replace(tzinfo=None) != wall:
                continue  # a time the clocks skipped
            # A label centred on its tick stays clear of the zone name left of the axis and
            # inside the drawing on the right.
            offset = (tick - start) / span * plot_width
            if label_width / 2 - 4 <= offset <= plot_width + RIGHT - label_width / 2:
                ticks.append(tick)
        if len(ticks) <= most:
            return ticks, fmt
    return [], "%Y"


def _text(x: float, y: float, content: str, **attrs: str) -> str:
    extra = "".join(f" {key.strip('_').replace('_', '-')}={quoteattr(value)}" for key, value in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(content)}</text>'


def _place_labels(spans: list[tuple[float, float, float]]) -> list[int]:
    """Choose a row for each milestone label so that no two labels overlap and no dashed line crosses a label.

    Args:
        spans: ``(x, left, right)`` of each label: its milestone's line and the label's extent.
            A label's line runs from its own row down to the plot, through every row below.

    Returns:
        The row of each label (0 is the top row).
    """
    placed: list[tuple[int, float, float, float]] = []  # row, line, left, right
    rows: list[int] = []
    gap = 6.0

    def conflicts(row: int, x: float, left: float, right: float, *, lines: bool) -> bool:
        for other_row, other_x, other_left, other_right in placed:
            if other_row == row and left < other_right + gap and other_left < right + gap:
                return True  # two labels on one row overlap
            if lines and other_row < row and left - gap <= other_x <= right + gap:
                return True  # a line from a label above runs through this label
            if lines and other_row > row and other_left - gap <= x <= other_right + gap:
                return True  # this label's line would run through a label below
        return False

    for x, left, right in spans:
        # Milestones at (nearly) the same time cannot avoid each other's lines: after as many
        # rows as there are labels, settle for the first row where no label overlaps.
        row = next(
            (r for r in range(len(placed) + 1) if not conflicts(r, x, left, right, lines=True)),
            None,
        )
        if row is None:
            row = next(r for r in range(len(placed) + 2) if not conflicts(r, x, left, right, lines=False))
        placed.append((row, x, left, right))
        rows.append(row)
    return rows


def worth_drawing(incident: Incident) -> bool:
    """True when the chart has something to show: two or more moments among the milestones and events.

    An imported or draft post-mortem often records only when the incident started, and
    perhaps an event at that same time. Its chart is an empty grid with one line and a dot,
    which took a third of a printed first page and most of a phone's screen while saying
    nothing the title block does not; every exporter leaves such a chart out (with the
    ``timeline_chart`` option on or off alike).
    """
    moments = {time for _name, time in incident.milestones.items()}
    moments.update(event.time for event in incident.timeline)
    return len(moments) >= 2


def timeline_svg(incident: Incident, *, standalone: bool = False) -> str:  # noqa: PLR0915  (one drawing, read top to bottom)
    """Return an SVG drawing of the incident's milestones and timeline events.

    Impact (started to mitigated, or resolved) is a shaded band; each milestone is a labelled
    line; each event is a dot in the lane of its kind, with its time and text as a tooltip.

    Args:
        incident: The incident.
        standalone: Draw a file of its own rather than a drawing inside the HTML report: it
            states its size and typeface (inline, it inherits the page's), has a white
            background (a dark viewer would hide dark text) and carries
            :func:`timeline_description` as its title.
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
    first_day = presentation.format_time(start + pad, tz, with_zone=False)[:10]
    last_day = presentation.format_time(end - pad, tz, with_zone=False)[:10]
    # On a chart over more than one day a time alone does not say which day: labels carry the date.
    dated = first_day != last_day
    captions = [
        (x_of(time), f"{name.capitalize()} {presentation.format_time(time, tz, with_date=dated, with_zone=False)}")
        for name, time in milestones
    ]
    # A label starts just right of its line; one that would run past the right edge ends just left of it.
    spans = []
    for x, caption in captions:
        width = len(caption) * FONT_SIZE * _CHAR_WIDTH
        spans.append((x, x + 1, x + 3 + width) if x + 3 + width <= WIDTH else (x, x - 3 - width, x - 1))
    rows = _place_labels(spans)
    label_rows = [(row, x, caption) for row, (x, caption) in zip(rows, captions, strict=True)]
    top = 8 + ROW_HEIGHT * (max(rows, default=0) + 1) + 4
    lanes_top = top + 10
    height = lanes_top + LANE_HEIGHT * len(_LANES) + 52
    zone_name = presentation.format_time(start + pad, tz).rsplit(" ", 1)[-1]
    label = f"Timeline of {incident.id}: {len(events)} events from {presentation.format_time(start + pad, tz)}"
    if standalone:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label={quoteattr(label)} '
            f'font-family={quoteattr(STANDALONE_FONTS)} font-size="{FONT_SIZE}">'
            f"<title>{escape(timeline_description(incident))}</title>"
            f'<rect class="background" x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        ]
    else:
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline-chart" viewBox="0 0 {WIDTH} {height}" '
            f'role="img" aria-label={quoteattr(label)} font-family="inherit" font-size="{FONT_SIZE}">',
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
        parts.append(
            f'<line class="lane-line" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e7eb"/>'
        )
        parts.append(_text(LEFT - 8, y + 4, lane, text_anchor="end", fill="#374151", class_="lane-label"))
    # Time axis.
    axis_y = lanes_top + LANE_HEIGHT * len(_LANES) + 6
    parts.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y}" y2="{axis_y}" stroke="#9ca3af"/>')
    ticks, fmt = _ticks(start, end, tz, plot_width=plot_width)
    for tick in ticks:
        x = x_of(tick)
        parts.append(f'<line class="axis" x1="{x:.1f}" x2="{x:.1f}" y1="{axis_y}" y2="{axis_y + 4}" stroke="#9ca3af"/>')
        parts.append(
            _text(x, axis_y + 17, tick.strftime(fmt), text_anchor="middle", fill="#4b5563", class_="tick-label")
        )
    # The axis says which day and which clock: a printout has no tooltip to ask.
    days = first_day if first_day == last_day else f"{first_day} to {last_day}"
    parts.append(_text(LEFT - 8, axis_y + 17, zone_name, text_anchor="end", fill="#4b5563", class_="tick-label"))
    parts.append(
        _text(
            LEFT,
            axis_y + 36,
            f"{days}, times in {zone_name} ({tz})" if zone_name != tz else f"{days}, times in {tz}",
            fill="#4b5563",
            class_="tick-label",
        )
    )
    # Milestone labels go on the first row where they do not overlap the previous label.
    for row, x, caption in label_rows:
        baseline = 8 + ROW_HEIGHT * (row + 1) - 4
        parts.append(
            f'<line class="milestone" x1="{x:.1f}" x2="{x:.1f}" y1="{baseline - FONT_SIZE + 2}" '
            f'y2="{top + band_height}" stroke="#111827" stroke-dasharray="3 2"/>'
        )
        at_right = x + 3 + len(caption) * FONT_SIZE * _CHAR_WIDTH > WIDTH
        parts.append(
            _text(
                x - 3 if at_right else x + 3,
                baseline,
                caption,
                text_anchor="end" if at_right else "start",
                font_weight="600",
                fill="#111827",
                class_="milestone-label",
            )
        )
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


def _lane_of(kind: EventKind) -> str:
    return next(lane for lane, kinds, _colour in _LANES if kind in kinds)


def timeline_description(incident: Incident) -> str:
    """Say in words what the timeline chart shows: its alternative text for a reader who cannot see it.

    The span with its date and zone, each milestone with its time, the customer-impact
    duration, and how many events each lane holds, such as ``Timeline chart of INC-7,
    2026-05-04 08:12 to 12:22 CEST: started 08:12, detected 08:16, ...; customer impact
    52 min; 6 timeline events: 2 alerts, 1 change, 2 communication, 1 response.``
    """
    tz = incident.timezone
    milestones = list(incident.milestones.items())
    events = incident.ordered_timeline
    times = [time for _name, time in milestones] + [event.time for event in events]
    first, last = min(times), max(times)
    start = presentation.format_time(first, tz)
    one_day = start[:10] == presentation.format_time(last, tz)[:10]
    end = presentation.format_time(last, tz, with_date=not one_day)
    head = presentation.format_time(first, tz, with_zone=False)
    clauses = [f"Timeline chart of {presentation.clean_text(incident.id)}, {head} to {end}"]
    clauses.append(
        ", ".join(
            f"{name} {presentation.format_time(time, tz, with_date=not one_day, with_zone=False)}"
            for name, time in milestones
        )
    )
    m = incident.milestones
    impact_end = m.mitigated or m.resolved
    if impact_end is not None:
        clauses.append(f"customer impact {presentation.format_duration(impact_end - m.started)}")
    counts = {lane: 0 for lane, _kinds, _colour in _LANES}
    for event in events:
        counts[_lane_of(event.kind)] += 1
    # "1 alert, 2 changes, 3 communication, 1 response": the lanes as nouns, counted.
    singular = {"Alerts": "alert", "Changes": "change"}
    lanes = ", ".join(
        f"{count} {singular.get(lane, lane.lower()) if count == 1 else lane.lower()}"
        for lane, count in counts.items()
        if count
    )
    noun = "event" if len(events) == 1 else "events"
    clauses.append(f"{len(events)} timeline {noun}" + (f": {lanes}" if lanes else ""))
    return "; ".join(clauses) + "."


def timeline_png(incident: Incident, *, scale: float = 2.0) -> bytes:
    """The timeline chart as a PNG, rasterised from the standalone :func:`timeline_svg`.

    For formats that cannot show SVG everywhere (a Word document's fallback image, a wiki
    page). Needs Pillow, which the exporters that call this depend on.

    Args:
        incident: The incident.
        scale: Pixels per drawing unit (2 gives a 1,440 px wide image, sharp in print at
            the width of a page).

    Raises:
        ExporterError: when Pillow is not installed.
    """
    from postmortem import _raster  # noqa: PLC0415  (Pillow loads only here)

    return _raster.svg_to_png(timeline_svg(incident, standalone=True), scale=scale)
