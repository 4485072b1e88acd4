from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from postmortem.analytics import (
    Chart,
    DurationSummary,
    bar_chart,
    column_chart,
    line_chart,
    percentile_chart,
    summarize,
)

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quotes" \'single\''


def texts(chart: Chart) -> list[str]:
    root = ET.fromstring(chart.svg)
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def minutes(*values: float) -> list[timedelta]:
    return [timedelta(minutes=value) for value in values]


# Label characters, drawn from a fixed set rather than from all of Unicode: the characters XML
# must escape, ASCII, Latin with accents (precomposed and combining), Greek, Cyrillic, Hebrew and
# Arabic (right to left), CJK and Hangul (wide), Devanagari, an emoji outside the BMP, a
# right-to-left override, a no-break and an ideographic space. ``st.text()`` builds Hypothesis'
# table of every code point on first use (even with an alphabet given); in a fresh checkout that
# took 0.55 s of this test's first draw here and far more on a loaded machine, where it failed
# the too-slow health check. Twenty examples in a fresh folder: 7.4 s before, 0.24 s now.
LABEL_CHARACTERS = (
    "<>&\"' aZ09_-.%/\u00e9\u00df\u0301\u03a9\u0416\u05d0\u0628\u6f22\ud55c\u0915\U0001f642\u202e\u00a0\u3000"
)
LABELS = st.lists(st.sampled_from(LABEL_CHARACTERS), max_size=40).map("".join)


class TestBarChart:
    def test_labels_and_values_as_text(self) -> None:
        """Every bar has its label and its value as text, so print needs no colour."""
        chart = bar_chart([("SEV1", 2), ("SEV2", 5)], title="By severity", value_format=lambda v: str(int(v)))
        assert texts(chart) == ["By severity", "SEV1", "2", "SEV2", "5"]
        root = ET.fromstring(chart.svg)
        assert root.find(f"{SVG}title").text == "By severity"  # type: ignore[union-attr]

    def test_bar_lengths_are_proportional(self) -> None:
        """The longest bar is the largest value; a half value draws half as long."""
        chart = bar_chart([("a", 10), ("b", 5)], title="t")
        widths = [float(r.get("width", "0")) for r in ET.fromstring(chart.svg).iter(f"{SVG}rect")][1:]
        assert widths[1] == pytest.approx(widths[0] / 2, abs=0.1)

    def test_escapes_labels(self) -> None:
        """Hostile labels and titles stay text: no element is injected."""
        chart = bar_chart([(HOSTILE, 1)], title=HOSTILE, description=HOSTILE)
        root = ET.fromstring(chart.svg)
        assert not list(root.iter("script"))
        assert not list(root.iter(f"{SVG}script"))
        assert "<script>" not in chart.svg
        assert HOSTILE[:20] in texts(chart)[0]

    def test_empty(self) -> None:
        """No bars still gives a valid drawing that says so."""
        assert "No data." in texts(bar_chart([], title="t"))

    def test_negative_refused(self) -> None:
        """Bars cannot be negative."""
        with pytest.raises(ValueError, match="negative"):
            bar_chart([("a", -1)], title="t")

    @given(st.lists(st.tuples(LABELS, st.floats(min_value=0, max_value=1e6)), max_size=12))
    def test_always_valid_xml_and_deterministic(self, bars: list[tuple[str, float]]) -> None:
        """Any printable labels give well-formed SVG, and the same data gives the same bytes."""
        first = bar_chart(bars, title="t")
        ET.fromstring(first.svg)
        assert bar_chart(bars, title="t").svg == first.svg


class TestLineChart:
    def test_series_differ_by_pattern_and_marker(self) -> None:
        """Two series get different dash patterns and marker shapes and are named in the legend."""
        chart = line_chart(["2026-07", "2026-08"], {"SEV1": [1, 2], "SEV2": [3, None]}, title="Trend")
        root = ET.fromstring(chart.svg)
        dashes = {line.get("stroke-dasharray") for line in root.iter(f"{SVG}polyline")}
        assert len(dashes) == 1  # SEV2 has a single point, so only SEV1 draws a line
        legend = [node for node in root.iter(f"{SVG}line") if node.get("x2") and node.get("y1") == node.get("y2")]
        assert len({node.get("stroke-dasharray") for node in legend[-2:]}) == 2
        assert {"SEV1", "SEV2", "2026-07", "2026-08"} <= set(texts(chart))
        assert root.find(f"{SVG}circle") is not None  # SEV1 markers
        assert root.find(f"{SVG}rect[@fill='#ffffff'][@width='7']") is not None  # SEV2 square marker

    def test_gap_for_missing_values(self) -> None:
        """A None splits the line into two segments."""
        chart = line_chart(["a", "b", "c", "d", "e"], {"s": [1, 2, None, 3, 4]}, title="t")
        assert len(list(ET.fromstring(chart.svg).iter(f"{SVG}polyline"))) == 2

    def test_single_series_labels_its_last_value(self) -> None:
        """One series carries its last value as text."""
        chart = line_chart(["a", "b"], {"automated": [40, 55]}, title="t", value_format=lambda v: f"{v:.0f}%")
        assert "automated 55%" in texts(chart)

    def test_length_mismatch(self) -> None:
        """Each series needs one value per category."""
        with pytest.raises(ValueError, match="2 values for 3 categories"):
            line_chart(["a", "b", "c"], {"s": [1, 2]}, title="t")

    def test_no_data(self) -> None:
        """All-missing values draw an explicit no-data note."""
        assert "No data." in texts(line_chart(["a"], {"s": [None]}, title="t"))

    def test_escapes_series_names(self) -> None:
        """Series names are escaped like every label."""
        chart = line_chart(["a"], {HOSTILE: [1.0]}, title="t")
        ET.fromstring(chart.svg)
        assert "<script>" not in chart.svg


class TestPercentileChart:
    def test_prints_median_and_p90(self) -> None:
        """Each group states median, p90 and count in words next to the drawing."""
        chart = percentile_chart(
            [("SEV1", summarize(minutes(10, 20, 30))), ("SEV2", DurationSummary(count=0))], title="Time to resolve"
        )
        words = texts(chart)
        assert "median 20 min \u00b7 p90 30 min \u00b7 n=3" in words
        assert "no data" in words
        assert "1 h" in words or "15 min" in words  # a readable time axis

    def test_log_scale_orders_positions(self) -> None:
        """Longer medians are drawn further right."""
        chart = percentile_chart([("fast", summarize(minutes(5))), ("slow", summarize(minutes(600)))], title="t")
        ticks = [node for node in ET.fromstring(chart.svg).iter(f"{SVG}line") if node.get("stroke-width") == "3"]
        assert float(ticks[0].get("x1", "0")) < float(ticks[1].get("x1", "0"))

    def test_empty(self) -> None:
        """No groups with data: a no-data note."""
        assert "No data." in texts(percentile_chart([], title="t"))

    def test_html_protocol(self) -> None:
        """Charts insert themselves as markup in Jinja2 (``__html__``) and print as SVG."""
        chart = bar_chart([("a", 1)], title="t")
        assert chart.__html__() == str(chart) == chart.svg
        assert chart.svg.startswith("<svg xmlns=")


class TestColumnChart:
    """Small counts as bars: every value printed, no line between single events."""

    def test_every_value_is_printed_and_no_line_is_drawn(self) -> None:
        """Each bar carries its value as text (zeros too); there is no polyline."""
        chart = column_chart(
            ["2026-07", "2026-08", "2026-09"],
            {"SEV1": [1.0, 0.0, 2.0], "SEV2": [0.0, 3.0, 0.0]},
            title="Incidents",
            value_format=lambda value: str(round(value)),
        )
        assert "<polyline" not in chart.svg
        labels = re.findall(r'font-size="11">([^<]*)</text>', chart.svg)
        assert labels == ["1", "0", "0", "3", "2", "0"]
        assert chart.svg.count("<rect ") == 1 + 6 + 2  # background, bars, legend swatches
        assert ">2026-09<" in chart.svg

    def test_missing_values_show_a_dash(self) -> None:
        """A None leaves the bar out and says so with a dash."""
        chart = column_chart(["a", "b"], {"s": [None, 1.0]}, title="t")
        assert re.findall(r'font-size="11">([^<]*)</text>', chart.svg) == ["\u2013", "1"]

    def test_bad_input(self) -> None:
        """Negative values and series of the wrong length are refused."""
        with pytest.raises(ValueError, match="negative"):
            column_chart(["a"], {"s": [-1.0]}, title="t")
        with pytest.raises(ValueError, match="1 values for 2 categories"):
            column_chart(["a", "b"], {"s": [1.0]}, title="t")

    def test_names_are_escaped_and_output_is_stable(self) -> None:
        """User text is XML-escaped; the same data gives the same bytes."""
        make = lambda: column_chart(["<m>"], {'"x" & <y>': [1.0]}, title="<t>")  # noqa: E731
        svg = make().svg
        assert "<m>" not in svg
        assert "<y>" not in svg
        assert "&lt;t&gt;" in svg
        assert svg == make().svg

    def test_many_months_drop_the_printed_values(self) -> None:
        """When bars get too thin for digits, values stay in each bar's tooltip only."""
        months = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]
        chart = column_chart(months, {name: [1.0] * 24 for name in ("a", "b", "c")}, title="t")
        assert 'font-size="11"' not in chart.svg
        assert chart.svg.count("<title>a, ") == 24
