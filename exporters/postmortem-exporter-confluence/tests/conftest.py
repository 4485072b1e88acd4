"""Fixtures: a local Confluence server per flavour, clients for it, a retry policy that records sleeps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from postmortem_confluence._client import ConfluenceClient, ConfluenceSettings
from postmortem_confluence._publish import RetryPolicy
from postmortem_confluence.testing import LocalConfluence

EMAIL = "responder@example.com"
API_TOKEN = "cloud-api-token-Zq8x1"
PAT = "dc-personal-access-token-Kw3"
READER = "reader@example.com"
READER_TOKEN = "reader-token-Pp2"
SECRETS = (API_TOKEN, PAT, READER_TOKEN)


@dataclass
class Sleeps:
    """Records the waits a policy asked for, without waiting."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture(params=["cloud", "datacenter"])
def server(request: pytest.FixtureRequest) -> Iterator[LocalConfluence]:
    confluence = LocalConfluence(
        deployment=request.param,
        users={EMAIL: API_TOKEN, READER: READER_TOKEN},
        tokens={PAT: "responder"},
        read_only={READER},
        spaces=("OPS", "ENG"),
    )
    with confluence:
        yield confluence


def settings_for(server: LocalConfluence, *, token: str | None = None, timeout: float = 5.0) -> ConfluenceSettings:
    """Cloud: e-mail and API token on the site URL (the client adds /wiki). Data Center: a PAT."""
    if server.deployment == "cloud":
        return ConfluenceSettings(url=server.site_url, user=EMAIL, token=token or API_TOKEN, timeout=timeout)
    return ConfluenceSettings(url=server.url, token=token or PAT, timeout=timeout)


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
