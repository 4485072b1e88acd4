"""``import postmortem`` stays light."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["yaml", "jinja2", "markupsafe", "docx", "weasyprint", "atlassian", "pandas", "hypothesis", "pytest", "ruamel"]


class TestImportCost:
    """What a bare import loads."""

    def test_import_loads_no_exporter_dependency(self) -> None:
        """A fresh interpreter importing postmortem has no YAML, template or exporter library loaded."""
        code = (
            "import json, sys, postmortem; "
            "postmortem.exporter_names(); "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert json.loads(result.stdout) == []

    def test_cli_help_loads_no_exporter_dependency(self) -> None:
        """``postmortem --help`` imports no plugin either."""
        code = (
            "import json, sys; from click.testing import CliRunner; from postmortem.cli import main; "
            "CliRunner().invoke(main, ['--help']); "
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert json.loads(result.stdout) == []
