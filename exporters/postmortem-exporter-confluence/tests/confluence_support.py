"""Shared test helpers: the local server's accounts, a sleep recorder, client settings, page targets.

A plain module (not a package-relative import) so that these tests can run in one pytest
session together with the core's tests. The local server's own tests
(``exporters/postmortem-confluence-testing/tests``) use its accounts too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from postmortem_confluence._client import ConfluenceSettings
from postmortem_confluence._publish import PageTarget
from postmortem_confluence_testing import LocalConfluence

EMAIL = "responder@example.com"
API_TOKEN = "cloud-api-token-Zq8x1"
PAT = "dc-personal-access-token-Kw3"
READER = "reader@example.com"
READER_TOKEN = "reader-token-Pp2"
SECRETS = (API_TOKEN, PAT, READER_TOKEN)
BODY = "<h2>Summary</h2><p>Checkout failed.</p>"


def local_confluence(deployment: Literal["cloud", "datacenter"]) -> LocalConfluence:
    """A server of ``deployment``'s flavour (not started), with a writer, a read-only reader and two spaces.

    The writer signs in with an e-mail and API token on Cloud and with a personal access token
    on Data Center; the reader, on Cloud, may read but not write.
    """
    return LocalConfluence(
        deployment=deployment,
        users={EMAIL: API_TOKEN, READER: READER_TOKEN},
        tokens={PAT: "responder"},
        read_only={READER},
        spaces=("OPS", "ENG"),
    )


@dataclass
class Sleeps:
    """Records the waits a policy asked for, without waiting."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def settings_for(server: LocalConfluence, *, token: str | None = None, timeout: float = 5.0) -> ConfluenceSettings:
    """Cloud: e-mail and API token on the site URL (the client adds /wiki). Data Center: a PAT."""
    if server.deployment == "cloud":
        return ConfluenceSettings(url=server.site_url, user=EMAIL, token=token or API_TOKEN, timeout=timeout)
    return ConfluenceSettings(url=server.url, token=token or PAT, timeout=timeout)


def target(**changes: object) -> PageTarget:
    """What to publish: an incident page in OPS, with ``changes`` applied."""
    values: dict[str, object] = {"space": "OPS", "title": "INC-7: Checkout errors", "body": BODY}
    values.update(changes)
    return PageTarget(**values)  # type: ignore[arg-type]
