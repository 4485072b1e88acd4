"""``import postmortem`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys

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
