"""Fixtures for tracker tests: the fake servers, a sentinel token, incident files written as teams write them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from postmortem.cli import main

from .fake_github import FakeGitHub

# A token no real service would issue, easy to find in any text it leaks into.
SENTINEL = "ghp_SENTINEL0000TOKEN1111never2222printed"

# A post-mortem's action items as one team writes them: comments, quoted and plain dates,
# an item already linked to a Jira issue, an owner who is a participant with a GitHub account.
INCIDENT = """\
# Post-mortem of the checkout outage; reviewed in the weekly ops review.
id: INC-2026-0301
title: Checkout requests failed after a config push
severity: SEV2
status: published
summary: A configuration push set the payment client's timeout to zero; checkout failed for 38 minutes.

milestones:
  started: 2026-07-01T09:12:00Z
  detected: 2026-07-01T09:15:00Z
  resolved: 2026-07-01T09:50:00Z

participants:
  - name: Priya Raman
    role: incident commander
    handle: "@priya"
    accounts: {github: priya, jira: 5b10ac8d82e05b22cc7d4ef5}
  - name: Jonas Berg
    role: on-call

action_items:
  # Owned by payments; agreed in the review on 3 July.
  - id: AI-1
    description: Validate payment client timeouts in CI before a config push is merged.
    owner: Priya Raman
    due: 2026-08-01   # the quarter's last release train
    priority: high
    kind: ci_check
    risk_reduction: A zero or negative timeout fails the build instead of production.
  - id: AI-2
    description: |
      Add an alert on checkout error rate above 2% for five minutes.
      Page the payments on-call, not the platform rotation.
    owner: Jonas Berg
    due: '2026-07-20'
    kind: monitoring
  # Finished during the incident itself.
  - id: AI-4
    description: Roll back the config push.
    status: done
    completed: 2026-07-01
  # Tracked in the platform team's Jira already: leave it there.
  - id: AI-3
    description: Document the config push rollback in the runbook.
    tracker_key: PLAT-88
    tracker_url: https://jira.example.com/browse/PLAT-88
"""


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A fake GitHub on 127.0.0.1, stopped after the test."""
    with FakeGitHub(SENTINEL) as server:
        yield server


@pytest.fixture
def github_env(monkeypatch: pytest.MonkeyPatch, fake_github: FakeGitHub) -> FakeGitHub:
    """The environment a CI job would set for the GitHub tracker, pointing at the fake."""
    monkeypatch.setenv("POSTMORTEM_GITHUB_TOKEN", SENTINEL)
    monkeypatch.setenv("POSTMORTEM_GITHUB_REPO", fake_github.repo)
    monkeypatch.setenv("POSTMORTEM_GITHUB_API_URL", fake_github.url)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    return fake_github


@pytest.fixture
def incident_file(tmp_path: Path) -> Path:
    """The commented incident file above, in a temporary folder."""
    path = tmp_path / "INC-2026-0301.yaml"
    path.write_text(INCIDENT, encoding="utf-8")
    return path


def fifty_items(tmp_path: Path) -> Path:
    """An incident file with fifty action items (``AI-1`` to ``AI-50``), none synced yet."""
    lines = [
        "id: INC-2026-0412",
        "title: Queue backlog after a broker upgrade",
        "summary: Consumers stalled for 20 minutes.",
        "milestones: {started: 2026-06-02T08:00:00Z, resolved: 2026-06-02T08:20:00Z}",
        "action_items:",
    ]
    for number in range(1, 51):
        lines += [f"  - id: AI-{number}", f"    description: Follow-up number {number} for the broker upgrade."]
    path = tmp_path / "INC-2026-0412.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sync(*args: str) -> Result:
    """Run ``postmortem actions sync`` in-process, with fast retries."""
    return CliRunner().invoke(main, ["actions", "sync", "--backoff", "0", *args])


@pytest.fixture(autouse=True, scope="session")
def _github_registered() -> None:
    """Tolerate an environment installed before the github entry point existed (an old editable install).

    test_registry.py checks the entry point itself; here the sync tests only need the tracker.
    """
    from postmortem.trackers import register_tracker, tracker_names

    if "github" not in tracker_names():
        register_tracker("postmortem.trackers._github:GitHubTracker", name="github")
