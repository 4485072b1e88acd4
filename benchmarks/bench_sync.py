"""``postmortem actions sync`` figures: requests and wall time against the tests' fake trackers.

Run with ``python benchmarks/bench_sync.py``. For 50 and 200 action items, with no faults and
with 30 % of requests failing (429/5xx, half of the failing writes after the work), prints per
tracker the requests and seconds of a first run (every issue created) and a second run (every
item linked), and the issues that exist afterwards (always the item count: no duplicate).
The Jira figures need postmortem-tracker-jira installed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from tests.trackers.fake_github import FakeGitHub  # noqa: E402
from tests.trackers.fake_http import Faults  # noqa: E402
from tests.trackers.fake_jira import FakeJira  # noqa: E402

from postmortem.cli import main  # noqa: E402

TOKEN = "bench-token"


def incident(items: int) -> str:
    lines = [
        "id: INC-2026-0412",
        "title: Queue backlog after a broker upgrade",
        "summary: Consumers stalled for 20 minutes.",
        "milestones: {started: 2026-06-02T08:00:00Z, resolved: 2026-06-02T08:20:00Z}",
        "action_items:",
    ]
    for number in range(1, items + 1):
        lines += [f"  - id: AI-{number}", f"    description: Follow-up number {number} for the broker upgrade."]
    return "\n".join(lines) + "\n"


def measure(name: str, make: Callable[[Faults], Any], env: Callable[[Any], dict[str, str]]) -> None:
    for items in (50, 200):
        for rate in (0.0, 0.3):
            path = Path(tempfile.mkdtemp()) / "incident.yaml"
            path.write_text(incident(items), encoding="utf-8")
            with make(Faults(rate=rate, seed=7)) as server:
                os.environ.update(env(server))
                figures = []
                for _ in range(2):
                    before = len(server.seen)
                    start = time.perf_counter()
                    result = CliRunner().invoke(
                        main,
                        ["actions", "sync", str(path), "--to", name, "--write", "--retries", "12", "--backoff", "0"],
                    )
                    seconds = time.perf_counter() - start
                    assert result.exit_code == 0, result.output
                    figures.append(f"{len(server.seen) - before} requests {seconds:.2f} s")
                print(
                    f"{name}, {items} items, {rate:.0%} failing: first run {figures[0]}; "
                    f"second run {figures[1]}; {server.count()} issues"
                )


def main_() -> None:
    measure(
        "github",
        lambda faults: FakeGitHub(TOKEN, faults=faults),
        lambda server: {
            "POSTMORTEM_GITHUB_TOKEN": TOKEN,
            "POSTMORTEM_GITHUB_REPO": server.repo,
            "POSTMORTEM_GITHUB_API_URL": server.url,
        },
    )
    try:
        import postmortem_jira  # noqa: F401
    except ImportError:
        print("jira: postmortem-tracker-jira is not installed")
        return
    measure(
        "jira",
        lambda faults: FakeJira(TOKEN, user="bot@example.com", faults=faults),
        lambda server: {
            "POSTMORTEM_JIRA_TOKEN": TOKEN,
            "POSTMORTEM_JIRA_URL": server.url,
            "POSTMORTEM_JIRA_USER": "bot@example.com",
            "POSTMORTEM_JIRA_PROJECT": "OPS",
        },
    )


if __name__ == "__main__":
    import logging

    logging.disable(logging.WARNING)
    main_()
