"""Publishing many pages while a large share of requests fail."""

from __future__ import annotations

import pytest
from confluence_support import Sleeps, settings_for
from postmortem_confluence._client import ConfluenceClient
from postmortem_confluence._publish import AttachmentFile, PageTarget, RetryPolicy, publish_page
from postmortem_confluence_testing import Fault, LocalConfluence

FAULTS = [
    Fault.status(429, retry_after=0),
    Fault.status(500),
    Fault.status(502, after_processing=True),
    Fault.status(503),
    # The answer lost after the work was done, at once: the case a client timeout makes, but
    # without a short timeout that a loaded machine could trip on a request that was not faulted.
    Fault.drop(),
]


def targets(version: int) -> list[PageTarget]:
    return [
        PageTarget(
            space="OPS",
            title=f"INC-{index:03d}: incident {index}",
            body=f"<h2>Summary</h2><p>Incident {index}, revision {version}.</p>",
            labels=("postmortem", f"batch-{index % 3}"),
            attachments=(
                AttachmentFile(f"INC-{index:03d}.pdf", f"pdf {index} r{version}".encode(), "application/pdf"),
            ),
        )
        for index in range(50)
    ]


@pytest.mark.slow
class TestUnreliableServer:
    def test_fifty_pages_with_thirty_percent_failures(self, server: LocalConfluence) -> None:
        """50 pages published twice with 30% of requests failing: none lost, none duplicated, right versions.

        The faults are drawn from a seeded generator and no fault depends on a clock, so every
        run sends the same requests and meets the same faults.
        """
        policy = RetryPolicy(attempts=12, backoff=0.001, max_delay=0.01, sleep=Sleeps())
        server.faults.random(0.3, FAULTS, seed=7)
        with ConfluenceClient(settings_for(server)) as client:
            first = [publish_page(client, page, policy=policy) for page in targets(1)]
            second = [publish_page(client, page, policy=policy) for page in targets(2)]
        server.faults.clear()

        pages = server.pages("OPS")
        assert len(pages) == 50
        assert sorted(p.title for p in pages) == sorted(t.title for t in targets(1))
        assert {p.version for p in pages} == {2}
        assert {r.action for r in first} == {"created"}
        assert {r.action for r in second} == {"updated"}
        for page in pages:
            index = int(page.title[4:7])
            assert page.body == f"<h2>Summary</h2><p>Incident {index}, revision 2.</p>"
            assert page.labels == ["postmortem", f"batch-{index % 3}"]
            (attachment,) = server.attachments(page.id)
            assert attachment.data == f"pdf {index} r2".encode()
            assert attachment.version == 2

        faulted = [r for r in server.requests if r.fault is not None]
        share = len(faulted) / len(server.requests)
        assert 0.2 < share < 0.4
        assert {r.fault.kind for r in faulted if r.fault} == {"status", "drop"}
