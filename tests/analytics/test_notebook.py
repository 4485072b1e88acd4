from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "analytics" / "collection.ipynb"


@pytest.mark.slow
class TestCollectionNotebook:
    def test_runs_top_to_bottom(self, tmp_path: Path) -> None:
        """The documentation notebook executes without errors and shows its results."""
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        pytest.importorskip("ipykernel")
        pytest.importorskip("pandas")
        notebook = nbformat.read(NOTEBOOK, as_version=4)
        nbformat.validate(notebook)
        client = nbclient.NotebookClient(
            notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        )
        client.execute()
        outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
        assert not [output for output in outputs if output.output_type == "error"]
        text = "".join(output.get("text", "") for output in outputs)
        assert "<Collection of 300 incidents, 1 failed files>" in text
        assert "$.severity" in text
        assert "detected by monitoring:" in text
        assert "charts" in text
        svgs = [output for output in outputs if "image/svg+xml" in output.get("data", {})]
        assert len(svgs) == 2
