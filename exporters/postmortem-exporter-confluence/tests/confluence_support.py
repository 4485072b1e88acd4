"""Shared test helpers: credentials of the local server, a sleep recorder, client settings, page targets.

A plain module (not a package-relative import) so that these tests can run in one pytest
session together with the core's tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from postmortem_confluence._client import ConfluenceSettings
from postmortem_confluence._publish import PageTarget

if TYPE_CHECKING:
    from postmortem_confluence_testing import LocalConfluence

EMAIL = "responder@example.com"
API_TOKEN = "cloud-api-token-Zq8x1"
PAT = "dc-personal-access-token-Kw3"
READER = "reader@example.com"
READER_TOKEN = "reader-token-Pp2"
SECRETS = (API_TOKEN, PAT, READER_TOKEN)
BODY = "<h2>Summary</h2><p>Checkout failed.</p>"


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
