"""The ``YYYY-MM-DD`` option type of the commands (``postmortem.cli._common.DAY``)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from postmortem.cli._common import DAY

_CLICK = click.DateTime(formats=["%Y-%m-%d"])


class TestDay:
    @pytest.mark.parametrize(
        "value",
        ["2027-01-15", "1999-12-31", "2024-02-29", "0001-01-01", "9999-12-31", "2027-1-5", "2027-01-5"],
    )
    def test_a_day_reads_as_click_reads_it(self, value: str) -> None:
        """The same naive midnight ``click.DateTime`` (``strptime``) gives, for every form it takes."""
        assert DAY.convert(value, None, None) == _CLICK.convert(value, None, None)

    @pytest.mark.parametrize(
        "value",
        [
            "2027-02-30",
            "2023-02-29",
            "2027-13-01",
            "2027-00-10",
            "0000-01-01",
            "٢٠٢٧-٠١-١٥",
            "2027/01/15",
            " 2027-01-15",
            "x",
        ],
    )
    def test_a_value_that_is_no_day_is_refused_with_clicks_message(self, value: str) -> None:
        with pytest.raises(click.BadParameter) as ours:
            DAY.convert(value, None, None)
        with pytest.raises(click.BadParameter) as theirs:
            _CLICK.convert(value, None, None)
        assert ours.value.message == theirs.value.message

    def test_check_today_does_not_build_strptimes_patterns(self, tmp_path: object) -> None:
        """``postmortem check --today`` reads its day without ``_strptime`` (its patterns, the locale's names)."""
        probe = (
            "import sys; from postmortem.cli import main\n"
            "try:\n    main(['check', '--today', '2027-01-15', '--jobs', '1', sys.argv[1]])\n"
            "except SystemExit:\n    pass\n"
            "print('_strptime' in sys.modules, file=sys.stderr)"
        )
        from pathlib import Path

        example = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))[0]
        done = subprocess.run([sys.executable, "-c", probe, str(example)], capture_output=True, text=True, check=True)
        assert done.stderr.strip().splitlines()[-1] == "False"
