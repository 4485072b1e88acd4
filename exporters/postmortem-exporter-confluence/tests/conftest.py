"""Fixtures: a local Confluence server per flavour, its environment, clients for it, a retry policy that records sleeps."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from postmortem.testing import load_hypothesis_profile

# When these tests run in one session with the core's, pytest imports this conftest under a
# unique name without putting its folder on sys.path; the shared helpers live next to it.
sys.path.insert(0, str(Path(__file__).parent))

from confluence_support import API_TOKEN, EMAIL, PAT, Sleeps, local_confluence, settings_for
from postmortem_confluence._client import ConfluenceClient
from postmortem_confluence._publish import RetryPolicy

if TYPE_CHECKING:
    from postmortem_confluence_testing import LocalConfluence

# Run on their own (pytest exporters/<package>/tests), these tests never read the root
# conftest.py: they load the suite's Hypothesis profile here.
load_hypothesis_profile()


@pytest.fixture(params=["cloud", "datacenter"])
def server(request: pytest.FixtureRequest) -> Iterator[LocalConfluence]:
    with local_confluence(request.param) as confluence:
        yield confluence


@pytest.fixture
def env(server: LocalConfluence, monkeypatch: pytest.MonkeyPatch) -> LocalConfluence:
    """The server, with the environment a CI job would set for its flavour."""
    monkeypatch.setenv("POSTMORTEM_CONFLUENCE_URL", server.site_url if server.deployment == "cloud" else server.url)
    if server.deployment == "cloud":
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_USER", EMAIL)
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_TOKEN", API_TOKEN)
    else:
        monkeypatch.delenv("POSTMORTEM_CONFLUENCE_USER", raising=False)
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_TOKEN", PAT)
    return server


@pytest.fixture
def client(server: LocalConfluence) -> Iterator[ConfluenceClient]:
    with ConfluenceClient(settings_for(server)) as confluence:
        yield confluence


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(attempts=6, backoff=0.01, max_delay=0.05, max_retry_after=60, sleep=sleeps)
