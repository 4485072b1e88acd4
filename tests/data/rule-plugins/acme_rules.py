"""A third party's rules, installed through a committed .dist-info for discovery tests."""

from __future__ import annotations

from collections.abc import Iterator

from postmortem import Incident
from postmortem.checks import CheckContext, Finding, FindingSeverity, rule


@rule("acme/runbook-link", severity="warning")
def runbook_link(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """A post-mortem links the runbook responders used."""
    if not any("runbook" in link.title.lower() for link in incident.links):
        yield context.finding("$.links", "no runbook is linked", suggestion="Add the runbook's link.")


class ServiceOwner:
    """A rule written as a class; the entry point names the class."""

    id = "acme/service-owner"
    severity = FindingSeverity.INFO
    summary = "Every incident names at least one service."

    def check(self, incident: Incident, context: CheckContext) -> Iterator[Finding]:
        """Report an incident without services."""
        if not incident.services:
            yield context.finding("$.services", "no service is named")


not_a_rule = object()
