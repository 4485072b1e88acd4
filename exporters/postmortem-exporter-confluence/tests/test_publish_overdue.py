"""Publishing marks overdue action items as of --today, on the page and in the attached exports.

The example has open items due 2026-12-04 (AI-5), 2026-12-11 (AI-1) and 2026-12-18 (AI-6):
on 2026-12-20 they are 16, 9 and 2 days overdue; on 2026-12-01 none is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from click.testing import CliRunner

import postmortem
from postmortem.cli import main
from postmortem.export import publish

if TYPE_CHECKING:
    from postmortem_confluence.testing import LocalConfluence

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "api-outage-feature-flag.yaml"


def test_today_reaches_the_page_and_the_attachments(env: LocalConfluence) -> None:
    """exporter_options' today marks the page and is handed to the attached Markdown export."""
    incident = postmortem.load(EXAMPLE)
    result = publish(
        incident, "confluence", space="OPS", attach=("markdown",), exporter_options={"today": date(2026, 12, 20)}
    )
    page = env.page(result.identifier or "")
    assert "Overdue by 16 days" in page.body
    # The Markdown export, beside the page's own timeline chart (its PNG and SVG).
    (attached,) = [a for a in env.attachments(page.id) if not a.filename.endswith(("-timeline.png", "-timeline.svg"))]
    assert attached.filename.endswith(".md")
    assert "Overdue by 16 days" in attached.data.decode("utf-8")


def test_cli_today(env: LocalConfluence) -> None:
    """`postmortem publish --today` judges against that day; an earlier day leaves no mark."""
    runner = CliRunner()
    for space, day in (("OPS", "2026-12-20"), ("ENG", "2026-12-01")):
        result = runner.invoke(
            main, ["publish", str(EXAMPLE), "--to", "confluence", "--space", space, "--today", day, "--attach", "html"]
        )
        assert result.exit_code == 0, result.output
    (ops,) = env.pages("OPS")
    (eng,) = env.pages("ENG")
    assert "Overdue by 9 days" in ops.body
    assert "Overdue" not in eng.body
    assert "Overdue by 9 days" in env.attachments(ops.id)[0].data.decode("utf-8")
    assert "Overdue by" not in env.attachments(eng.id)[0].data.decode("utf-8")
