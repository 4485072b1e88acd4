"""What every exporter shows: formatting helpers and section selection."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from postmortem import presentation
from postmortem.testing import sample_incident


class TestFormatting:
    """Durations, times, numbers and text."""

    @pytest.mark.parametrize(
        ("seconds", "text"),
        [(45, "45 s"), (720, "12 min"), (5040, "1 h 24 min"), (7200, "2 h"), (183600, "2 d 3 h"), (-300, "-5 min")],
    )
    def test_durations(self, seconds: int, text: str) -> None:
        """Durations read like a person would write them."""
        assert presentation.format_duration(timedelta(seconds=seconds)) == text

    def test_missing_duration_is_a_dash(self) -> None:
        """No value shows as an em dash."""
        assert presentation.format_duration(None) == "—"

    def test_time_in_display_timezone(self) -> None:
        """Times convert to the display timezone, with its abbreviation and daylight saving."""
        moment = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)
        assert presentation.format_time(moment, "Europe/Berlin") == "2026-01-15 13:00 CET"
        assert presentation.format_time(moment.replace(month=7), "Europe/Berlin") == "2026-07-15 14:00 CEST"
        assert presentation.format_time(moment, "UTC", with_date=False, with_zone=False) == "12:00"

    @pytest.mark.parametrize(("value", "text"), [(184300.0, "184,300"), (31.25, "31.25"), (0.00421, "0.00421")])
    def test_numbers(self, value: float, text: str) -> None:
        """Measured values get thousands separators and no needless decimals."""
        assert presentation.format_number(value) == text

    def test_clean_text_removes_what_formats_cannot_hold(self) -> None:
        """Control characters go, line endings normalise, lone surrogates become U+FFFD."""
        assert presentation.clean_text("a\x00b\r\nc\x1b[31m\x85d\ud800\ufffe\tz") == "ab\nc[31md\ufffd\tz"

    def test_paragraphs(self) -> None:
        """Blank lines separate paragraphs; single newlines stay inside one."""
        assert presentation.paragraphs("one\ntwo\n\n\n  \nthree\n") == ["one\ntwo", "three"]

    @pytest.mark.parametrize(
        ("url", "safe"),
        [
            ("https://example.com/x?a=1", True),
            ("http://example.com", True),
            ("mailto:oncall@example.com", True),
            ("javascript:alert(1)", False),
            ("JaVaScRiPt:alert(1)", False),
            ("data:text/html,<b>", False),
            ("file:///etc/passwd", False),
            ("//example.com", False),
            ("https://exa mple.com", False),
            ("https://", False),
            (None, False),
        ],
    )
    def test_only_web_and_mail_urls_are_links(self, url: str | None, safe: bool) -> None:
        """Only http, https and mailto URLs may become links."""
        assert presentation.is_safe_url(url) is safe


class TestSections:
    """Which sections show, in which order."""

    def test_complete_incident_shows_every_section_in_template_order(self) -> None:
        """The sample incident has content everywhere."""
        keys = [section.key for section in presentation.sections(sample_incident())]
        assert keys == [section.key for section in presentation.SECTIONS]
        # The reading order: causes, resolution and detection, then what will be done, then the detail.
        assert (
            keys.index("impact")
            < keys.index("root_cause")
            < keys.index("resolution")
            < keys.index("detection")
            < keys.index("action_items")
            < keys.index("what_went_well")
            < keys.index("timeline")
            < keys.index("participants")
        )

    def test_key_metrics_follow_the_milestones(self) -> None:
        """The title block's figures come from the documented durations."""
        metrics = {metric.key: metric.value for metric in presentation.key_metrics(sample_incident())}
        assert metrics == {
            "time_to_detect": "4 min",
            "time_to_acknowledge": "5 min",
            "time_to_mitigate": "52 min",
            "time_to_resolve": "4 h 10 min",
            "impact_duration": "52 min",
        }
