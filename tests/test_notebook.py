"""The example notebook in docs/ runs from top to bottom."""

from __future__ import annotations

import pytest

from .conftest import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")


class TestNotebook:
    """docs/notebook.ipynb."""

    @pytest.mark.slow
    def test_executes_and_shows_the_report(self) -> None:
        """Every cell runs; the incident cell displays the HTML report."""
        notebook = nbformat.read(ROOT / "docs" / "notebook.ipynb", as_version=4)
        client = nbclient.NotebookClient(
            notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "docs")}}
        )
        client.execute()
        outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        html = [
            o["data"]["text/html"]
            for o in outputs
            if o.output_type == "execute_result" and "text/html" in o.get("data", {})
        ]
        assert any('<main class="postmortem"' in h and "INC-2026-0187" in h for h in html)
        last = notebook.cells[-1].outputs[0]["data"]["text/plain"]
        assert "INC-2026-0187.html" in last
