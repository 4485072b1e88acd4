"""``import postmortem`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import postmortem
from postmortem.errors import IncidentFormatError

HEAVY = ["yaml", "jinja2", "markupsafe", "docx", "weasyprint", "atlassian", "pandas", "hypothesis", "pytest", "ruamel"]


def heavy_modules_after(code: str) -> list[str]:
    """Run ``code`` in a fresh interpreter and return which heavy modules it loaded."""
    probe = f"{code}; import json, sys; print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return list(json.loads(result.stdout.splitlines()[-1]))


class TestImportCost:
    """What a bare import loads."""

    def test_import_loads_no_exporter_dependency(self) -> None:
        """A fresh interpreter importing postmortem has no YAML, template or exporter library loaded."""
        assert heavy_modules_after("import postmortem; postmortem.exporter_names()") == []

    def test_cli_help_loads_no_exporter_dependency(self) -> None:
        """``postmortem --help`` imports no plugin either."""
        code = (
            "from click.testing import CliRunner; from postmortem.cli import main; CliRunner().invoke(main, ['--help'])"
        )
        assert heavy_modules_after(code) == []

    def test_the_probe_sees_heavy_modules(self) -> None:
        """The probe itself works: rendering HTML does load Jinja2."""
        code = "import postmortem; from postmortem.testing import sample_incident; postmortem.export(sample_incident(), 'html')"
        assert "jinja2" in heavy_modules_after(code)


_MINIMAL = "id: INC-1\ntitle: t\nseverity: SEV2\nmilestones:\n  started: 2026-01-01T00:00:00Z\n"


class TestTimezoneLookup:
    """The default timezone is not looked up (importing zoneinfo reads Python's whole build configuration)."""

    @pytest.mark.parametrize("written", ["", "timezone: UTC\n"])
    def test_an_incident_in_utc_loads_without_zoneinfo(self, written: str, tmp_path: Path) -> None:
        path = tmp_path / "incident.yaml"
        path.write_text(_MINIMAL + written)
        probe = (
            "import sys, postmortem; incident = postmortem.load(sys.argv[1]); "
            "print(incident.timezone, 'zoneinfo' in sys.modules, 'sysconfig' in sys.modules)"
        )
        done = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True)
        assert done.stdout.split() == ["UTC", "False", "False"]

    def test_another_name_is_looked_up(self) -> None:
        assert postmortem.loads(_MINIMAL + "timezone: Europe/Berlin\n").timezone == "Europe/Berlin"

    @pytest.mark.parametrize("wrong", ["SAST", "UTC+2", " UTC"])
    def test_a_name_not_in_the_database_is_refused(self, wrong: str) -> None:
        with pytest.raises(IncidentFormatError, match="unknown timezone"):
            postmortem.loads(_MINIMAL + f"timezone: '{wrong}'\n")
