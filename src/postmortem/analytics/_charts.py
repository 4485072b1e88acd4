"""SVG charts drawn without a plotting library.

The charts are made to be read on paper as well as on screens: every series is told apart by
its line pattern and marker shape *and* named in text next to it, never by colour alone;
values are printed next to bars and percentiles; everything is black, greys and white.
All user text (labels, titles) is XML-escaped. The output is deterministic: the same data
gives byte-identical SVG, so reviews can be diffed and tested.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from html import escape

from attrs import frozen

from postmortem.analytics._measures import DurationSummary
from postmortem.presentation import format_duration

__all__ = ["SMALL_COUNT", "Chart", "bar_chart", "column_chart", "line_chart", "percentile_chart"]

SMALL_COUNT = 10
"""Counts below this are drawn as bars (:func:`column_chart`), never as lines.

A line between two months says something changed smoothly in between; for counts of a few
incidents (0, 1, 2) it draws slopes out of single events, and a share of two incidents is
50% or 100% by chance. The review draws a series of counts as columns when its largest
value is below ``SMALL_COUNT``, and a share per month as a line only when every month has
at least ``SMALL_COUNT`` incidents behind it; the numbers are printed either way.
"""

_FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
_LINE_HEIGHT = 22
_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
_GREYS = ("#000000", "#444444", "#222222", "#666666", "#111111", "#555555")
_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "bar")


@frozen
class Chart:
    """One SVG chart.

    Attributes:
        title: The chart's title (also its accessible name, in the SVG ``<title>``).
        description: One sentence saying what the chart shows (the SVG ``<desc>``).
        svg: The SVG document as text, without an XML declaration, ready to inline in
            HTML or to write to a ``.svg`` file.
    """

    title: str
    description: str
    svg: str

    def __html__(self) -> str:
        # Jinja2 and MarkupSafe call this: the SVG is built from escaped parts, so it is
        # safe to insert as markup.
        return self.svg

    def __str__(self) -> str:
        return self.svg

    def _repr_svg_(self) -> str:
        # A notebook shows the chart itself when it is the value of a cell.
        return self.svg


def _x(text: str) -> str:
    return escape(text, quote=True)


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _open(width: int, height: int, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" font-family="{_FONT}" font-size="12">',
        f"<title>{_x(title)}</title>",
        f"<desc>{_x(description)}</desc>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="18" font-size="14" font-weight="bold">{_x(title)}</text>',
    ]


def _label_width(labels: Sequence[str]) -> int:
    # About 7 px per character at 12 px; bounded so a long label cannot squeeze the plot.
    return min(220, max([40] + [7 * len(label) + 12 for label in labels]))


def _clip(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"


def bar_chart(
    bars: Sequence[tuple[str, float]],
    *,
    title: str,
    description: str = "",
    value_format: Callable[[float], str] = _num,
    width: int = 640,
) -> Chart:
    """Draw a horizontal bar chart, one labelled bar per item, its value printed beside it.

    Args:
        bars: ``(label, value)`` pairs, drawn top to bottom; values must not be negative.
        title: The chart title.
        description: What the chart shows; a default is derived from the data.
        value_format: Formats each value for its text label.
        width: Width in pixels; the height follows from the number of bars.

    Returns:
        The chart.

    Raises:
        ValueError: for a negative value.
    """
    if any(value < 0 for _label, value in bars):
        raise ValueError("bar values must not be negative")
    labels = [_clip(label) for label, _value in bars]
    left = _label_width(labels)
    right = width - 70
    height = 36 + max(1, len(bars)) * _LINE_HEIGHT + 10
    top = max([value for _label, value in bars] + [0.0])
    description = description or f"{len(bars)} bars, largest {value_format(top)}."
    parts = _open(width, height, title, description)
    if not bars:
        parts.append('<text x="8" y="48">No data.</text>')
    for row, (label, (_raw, value)) in enumerate(zip(labels, bars, strict=True)):
        y = 36 + row * _LINE_HEIGHT
        length = 0.0 if top <= 0 else (right - left) * value / top
        parts.append(f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_x(label)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{_num(length)}" height="{_LINE_HEIGHT - 8}" '
            'fill="#9a9a9a" stroke="#000000" stroke-width="1"/>'
        )
        parts.append(f'<text x="{_num(left + length + 5)}" y="{y + 14}">{_x(value_format(value))}</text>')
    parts.append(f'<line x1="{left}" y1="32" x2="{left}" y2="{height - 8}" stroke="#000000"/>')
    parts.append("</svg>")
    return Chart(title, description, "\n".join(parts))


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    cx, cy = _num(x), _num(y)
    if shape == "circle":
        return f'<circle cx="{cx}" cy="{cy}" r="3.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{_num(x - 3.5)}" y="{_num(y - 3.5)}" width="7" height="7" fill="#ffffff" stroke="{colour}"/>'
    if shape == "triangle":
        points = f"{_num(x)},{_num(y - 4.5)} {_num(x + 4)},{_num(y + 3)} {_num(x - 4)},{_num(y + 3)}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "diamond":
        points = " ".join(
            f"{_num(px)},{_num(py)}" for px, py in ((x, y - 4.5), (x + 4.5, y), (x, y + 4.5), (x - 4.5, y))
        )
        return f'<polygon points="{points}" fill="#ffffff" stroke="{colour}"/>'
    if shape == "cross":
        return (
            f'<path d="M{_num(x - 4)},{_num(y - 4)}L{_num(x + 4)},{_num(y + 4)}'
            f'M{_num(x - 4)},{_num(y + 4)}L{_num(x + 4)},{_num(y - 4)}" '
            f'stroke="{colour}" stroke-width="1.5"/>'
        )
    return f'<path d="M{_num(x - 5)},{cy}L{_num(x + 5)},{cy}" stroke="{colour}" stroke-width="2"/>'


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10.0 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _style(number: int) -> tuple[str, str, str]:
    dash = _DASHES[number % len(_DASHES)]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return _GREYS[number % len(_GREYS)], _MARKERS[number % len(_MARKERS)], dash_attr


def _series(
    *,
    number: int,
    name: str,
    values: Sequence[float | None],
    sx: Callable[[int], float],
    sy: Callable[[float], float],
    value_format: Callable[[float], str],
    label_end: bool,
) -> list[str]:
    colour, shape, dash_attr = _style(number)
    parts: list[str] = []
    segments: list[list[tuple[float, float]]] = [[]]
    for index, value in enumerate(values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append((sx(index), sy(value)))
    for segment in segments:
        if len(segment) > 1:
            points = " ".join(f"{_num(x)},{_num(y)}" for x, y in segment)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.6"{dash_attr}/>')
        parts.extend(_marker(shape, x, y, colour) for x, y in segment)
    known = [(index, value) for index, value in enumerate(values) if value is not None]
    if known and label_end:
        index, value = known[-1]
        parts.append(
            f'<text x="{_num(sx(index) + 8)}" y="{_num(sy(value) + 4)}">{_x(_clip(name, 12))} '
            f"{_x(value_format(value))}</text>"
        )
    return parts


def _legend_entry(number: int, name: str, width: int, top: int) -> list[str]:
    colour, shape, dash_attr = _style(number)
    row, column = divmod(number, 3)
    x = 16 + column * ((width - 32) // 3)
    y = top + row * _LINE_HEIGHT
    return [
        f'<line x1="{x}" y1="{y}" x2="{x + 28}" y2="{y}" stroke="{colour}" stroke-width="1.6"{dash_attr}/>',
        _marker(shape, x + 14, y, colour),
        f'<text x="{x + 34}" y="{y + 4}">{_x(_clip(name))}</text>',
    ]


def line_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    description: str = "",
    y_label: str = "",
    value_format: Callable[[float], str] = _num,
    width: int = 640,
    height: int = 280,
) -> Chart:
    """Draw a trend: one line per series over ordered categories (usually months).

    Each series has its own line pattern and marker shape and is named in a legend that
    shows both; a single series carries its last value as text. ``None`` values leave a gap
    in the line.

    Args:
        categories: The x-axis labels, in order.
        series: Name to values, one value per category.
        title: The chart title.
        description: What the chart shows; a default is derived from the data.
        y_label: The y-axis unit or meaning.
        value_format: Formats values for axis ticks and end labels.
        width: Width in pixels.
        height: Height of the plot area plus axes, before the legend.

    Returns:
        The chart.

    Raises:
        ValueError: when a series' length differs from the number of categories.
    """
    for name, values in series.items():
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)} categories")
    names = list(series)
    legend_rows = math.ceil(len(names) / 3) if names else 0
    total_height = height + legend_rows * _LINE_HEIGHT + 8
    description = description or (
        f"{len(names)} series over {len(categories)} periods"
        + (f", from {categories[0]} to {categories[-1]}." if categories else ".")
    )
    parts = _open(width, total_height, title, description)
    left, right, top, bottom = 56, width - 90, 36, height - 40
    known = [value for values in series.values() for value in values if value is not None]
    if not categories or not known:
        parts.append('<text x="8" y="48">No data.</text>')
        parts.append("</svg>")
        return Chart(title, description, "\n".join(parts))
    ceiling = _nice_ceiling(max(known))

    def sx(index: int) -> float:
        return left + (right - left) * (index + 0.5) / len(categories)

    def sy(value: float) -> float:
        return bottom - (bottom - top) * value / ceiling

    # Steps of 1, 2 or 5 times a power of ten: a ceiling of 2 gets 4 steps, others 5.
    mantissa = round(ceiling / 10.0 ** math.floor(math.log10(ceiling)), 6)
    steps = 4 if mantissa == 2 else 5
    if ceiling < steps and all(float(value).is_integer() for value in known):
        # Counts below five: one tick per whole number, never 0.2 of an incident.
        steps = max(int(ceiling), 1)
    for tick in range(steps + 1):
        value = ceiling * tick / steps
        y = sy(value)
        parts.append(f'<line x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{left - 4}" y="{_num(y + 4)}" text-anchor="end">{_x(value_format(value))}</text>')
    if y_label:
        parts.append(
            f'<text x="12" y="{_num((top + bottom) / 2)}" text-anchor="middle" '
            f'transform="rotate(-90 12 {_num((top + bottom) / 2)})">{_x(y_label)}</text>'
        )
    # Thin the x labels so that they never overlap: at most one every ~60 px.
    step = max(1, math.ceil(len(categories) * 60 / (right - left)))
    for index, category in enumerate(categories):
        if index % step == 0 or index == len(categories) - 1:
            parts.append(f'<text x="{_num(sx(index))}" y="{bottom + 16}" text-anchor="middle">{_x(category)}</text>')
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000000"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#000000"/>')
    for number, name in enumerate(names):
        parts.extend(
            _series(
                number=number,
                name=name,
                values=series[name],
                sx=sx,
                sy=sy,
                value_format=value_format,
                # With several series, end labels collide; the legend names them instead.
                label_end=len(names) == 1,
            )
        )
        parts.extend(_legend_entry(number, name, width, height))
    parts.append("</svg>")
    return Chart(title, description, "\n".join(parts))


# Column fills from dark to light, each outlined in black, so that series stay apart in grey print.
_FILLS = ("#1f1f1f", "#ffffff", "#8a8a8a", "#d6d6d6", "#4a4a4a", "#b0b0b0", "#f0f0f0")


def _column_legend(number: int, name: str, width: int, top: int) -> list[str]:
    row, column = divmod(number, 3)
    x = 16 + column * ((width - 32) // 3)
    y = top + row * _LINE_HEIGHT
    fill = _FILLS[number % len(_FILLS)]
    return [
        f'<rect x="{x}" y="{y - 6}" width="14" height="12" fill="{fill}" stroke="#000000"/>',
        f'<text x="{x + 20}" y="{y + 4}">{_x(_clip(name))}</text>',
    ]


def _check_columns(categories: Sequence[str], series: Mapping[str, Sequence[float | None]]) -> None:
    for name, values in series.items():
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)} categories")
        if any(value is not None and value < 0 for value in values):
            raise ValueError("column values must not be negative")


def _value_axis(
    ceiling: float,
    known: Sequence[float],
    sy: Callable[[float], float],
    box: tuple[float, float, float, float],
    y_label: str,
    value_format: Callable[[float], str],
) -> list[str]:
    """Grid lines, tick labels and the axis title; whole-number ticks for small counts."""
    left, right, top, bottom = box
    steps = 4 if round(ceiling / 10.0 ** math.floor(math.log10(ceiling)), 6) == 2 else 5
    if ceiling < steps and all(float(value).is_integer() for value in known):
        steps = max(int(ceiling), 1)
    parts = []
    for tick in range(steps + 1):
        value = ceiling * tick / steps
        y = sy(value)
        parts.append(f'<line x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}" stroke="#d0d0d0"/>')
        parts.append(f'<text x="{left - 4}" y="{_num(y + 4)}" text-anchor="end">{_x(value_format(value))}</text>')
    if y_label:
        middle = _num((top + bottom) / 2)
        parts.append(
            f'<text x="12" y="{middle}" text-anchor="middle" transform="rotate(-90 12 {middle})">{_x(y_label)}</text>'
        )
    return parts


def column_chart(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    title: str,
    description: str = "",
    y_label: str = "",
    value_format: Callable[[float], str] = _num,
    width: int = 640,
    height: int = 280,
) -> Chart:
    """Draw counts over ordered categories (usually months) as groups of vertical bars.

    For small counts, where a line would invent a trend between single events (see
    :data:`~postmortem.analytics.SMALL_COUNT`). Each category gets one bar per series, in legend order, each
    series its own grey fill outlined in black; every bar's value is printed above it
    (``0`` included) while bars are wide enough to hold it. ``None`` leaves the bar out and
    prints ``–``.

    Args:
        categories: The x-axis labels, in order.
        series: Name to values, one value per category; values must not be negative.
        title: The chart title.
        description: What the chart shows; a default is derived from the data.
        y_label: The y-axis unit or meaning.
        value_format: Formats values for axis ticks and labels.
        width: Width in pixels.
        height: Height of the plot area plus axes, before the legend.

    Returns:
        The chart.

    Raises:
        ValueError: when a series' length differs from the number of categories, or for a
            negative value.
    """
    _check_columns(categories, series)
    names = list(series)
    legend_rows = math.ceil(len(names) / 3) if names else 0
    total_height = height + legend_rows * _LINE_HEIGHT + 8
    description = description or (
        f"{len(names)} series over {len(categories)} periods, as bars"
        + (f", from {categories[0]} to {categories[-1]}." if categories else ".")
    )
    parts = _open(width, total_height, title, description)
    known = [value for values in series.values() for value in values if value is not None]
    if not categories or not names:
        parts.append('<text x="8" y="48">No data.</text>')
        parts.append("</svg>")
        return Chart(title, description, "\n".join(parts))
    left, right, top, bottom = 56, width - 24, 44, height - 40
    ceiling = _nice_ceiling(max(known, default=0.0))

    def sy(value: float) -> float:
        return bottom - (bottom - top) * value / ceiling

    parts.extend(_value_axis(ceiling, known, sy, (left, right, top, bottom), y_label, value_format))
    group = (right - left) / len(categories)
    bar = min(28.0, group * 0.8 / len(names))
    labelled = bar >= 10  # room for a value printed in 11 px digits above the bar
    step = max(1, math.ceil(len(categories) * 60 / (right - left)))
    for index, category in enumerate(categories):
        start = left + group * index + (group - bar * len(names)) / 2
        for number, name in enumerate(names):
            value = series[name][index]
            x = start + bar * number
            if value is not None:
                y = sy(value)
                parts.append(
                    f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar)}" height="{_num(bottom - y)}" '
                    f'fill="{_FILLS[number % len(_FILLS)]}" stroke="#000000" stroke-width="0.8">'
                    f"<title>{_x(f'{name}, {category}: {value_format(value)}')}</title></rect>"
                )
            if labelled:
                text = "\u2013" if value is None else value_format(value)
                y_text = (bottom if value is None else sy(value)) - 3
                parts.append(
                    f'<text x="{_num(x + bar / 2)}" y="{_num(y_text)}" text-anchor="middle" '
                    f'font-size="11">{_x(text)}</text>'
                )
        if index % step == 0 or index == len(categories) - 1:
            parts.append(
                f'<text x="{_num(left + group * (index + 0.5))}" y="{bottom + 16}" '
                f'text-anchor="middle">{_x(category)}</text>'
            )
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#000000"/>')
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="#000000"/>')
    for number, name in enumerate(names):
        parts.extend(_column_legend(number, name, width, height))
    parts.append("</svg>")
    return Chart(title, description, "\n".join(parts))


_TICKS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(days=1),
    timedelta(days=7),
    timedelta(days=30),
)


def percentile_chart(
    groups: Sequence[tuple[str, DurationSummary]],
    *,
    title: str,
    description: str = "",
    width: int = 640,
) -> Chart:
    """Draw each group's duration distribution on a logarithmic time axis.

    For every group a thin line runs from the shortest to the longest duration, a box from
    the median to the p90, and a thick tick marks the median; the values are printed as
    text (``median 42m · p90 3h 10m · n=17``). A log scale keeps both five-minute and
    two-day incidents readable.

    Args:
        groups: ``(label, summary)`` pairs drawn top to bottom; empty summaries are listed
            with ``no data``.
        title: The chart title.
        description: What the chart shows; a default is derived from the data.
        width: Width in pixels.

    Returns:
        The chart.
    """
    labels = [_clip(label) for label, _summary in groups]
    left = _label_width(labels)
    text_width = 250
    right = width - text_width
    row_height = 28
    height = 36 + max(1, len(groups)) * row_height + 28
    description = description or (
        f"Median, 90th percentile and range of durations for {len(groups)} groups, on a logarithmic scale."
    )
    parts = _open(width, height, title, description)
    filled = [summary for _label, summary in groups if summary.count]
    if not filled:
        parts.append('<text x="8" y="48">No data.</text>')
        parts.append("</svg>")
        return Chart(title, description, "\n".join(parts))
    low = min(summary.minimum.total_seconds() for summary in filled if summary.minimum is not None)
    high = max(summary.maximum.total_seconds() for summary in filled if summary.maximum is not None)
    low_log = math.log10(max(30.0, min(low, 60.0)))
    high_log = math.log10(max(high, low * 10, 600.0))

    def sx(seconds: float) -> float:
        clamped = min(max(math.log10(max(seconds, 1.0)), low_log), high_log)
        return left + (right - left) * (clamped - low_log) / (high_log - low_log)

    axis_y = 36 + len(groups) * row_height + 4
    parts.append(f'<line x1="{left}" y1="{axis_y}" x2="{right}" y2="{axis_y}" stroke="#000000"/>')
    for tick in _TICKS:
        seconds = tick.total_seconds()
        if low_log <= math.log10(seconds) <= high_log:
            x = _num(sx(seconds))
            parts.append(f'<line x1="{x}" y1="32" x2="{x}" y2="{axis_y}" stroke="#d0d0d0"/>')
            parts.append(f'<text x="{x}" y="{axis_y + 16}" text-anchor="middle">{format_duration(tick)}</text>')
    for row, (label, (_raw, summary)) in enumerate(zip(labels, groups, strict=True)):
        y = 36 + row * row_height
        mid = y + row_height / 2
        parts.append(f'<text x="{left - 6}" y="{_num(mid + 4)}" text-anchor="end">{_x(label)}</text>')
        if not summary.count or summary.median is None or summary.p90 is None:
            parts.append(f'<text x="{right + 8}" y="{_num(mid + 4)}">no data</text>')
            continue
        assert summary.minimum is not None and summary.maximum is not None  # noqa: PT018 (set with count)
        x_min, x_max = sx(summary.minimum.total_seconds()), sx(summary.maximum.total_seconds())
        x_med, x_p90 = sx(summary.median.total_seconds()), sx(summary.p90.total_seconds())
        parts.append(
            f'<line x1="{_num(x_min)}" y1="{_num(mid)}" x2="{_num(x_max)}" y2="{_num(mid)}" stroke="#000000"/>'
        )
        parts.append(
            f'<rect x="{_num(x_med)}" y="{_num(mid - 7)}" '
            f'width="{_num(max(x_p90 - x_med, 1.0))}" height="14" '
            'fill="#c8c8c8" stroke="#000000"/>'
        )
        parts.append(
            f'<line x1="{_num(x_med)}" y1="{_num(mid - 9)}" x2="{_num(x_med)}" '
            f'y2="{_num(mid + 9)}" '
            'stroke="#000000" stroke-width="3"/>'
        )
        text = (
            f"median {format_duration(summary.median)} \u00b7 "
            f"p90 {format_duration(summary.p90)} \u00b7 n={summary.count}"
        )
        parts.append(f'<text x="{right + 8}" y="{_num(mid + 4)}" font-size="11">{_x(text)}</text>')
    parts.append("</svg>")
    return Chart(title, description, "\n".join(parts))
