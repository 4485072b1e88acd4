"""Confluence exporter figures: storage rendering, and publishing against the local server.

Run with ``python benchmarks/confluence.py``; needs postmortem-exporter-confluence installed.
Prints one line per figure.
"""

from __future__ import annotations

import time

from postmortem_confluence import render_storage
from postmortem_confluence._client import ConfluenceClient, ConfluenceSettings
from postmortem_confluence._publish import AttachmentFile, PageTarget, RetryPolicy, publish_page
from postmortem_confluence_testing import Fault, LocalConfluence

from postmortem.testing import sample_incident


def best_of(repeat: int, action: object) -> float:
    assert callable(action)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def rendering() -> None:
    for events in (6, 1000):
        incident = sample_incident(events=events)
        storage = render_storage(incident)
        seconds = best_of(5, lambda incident=incident: render_storage(incident))
        print(f"render storage, {events} timeline events: {seconds * 1000:.1f} ms, {len(storage) / 1024:.0f} KiB")


def publishing(rate: float) -> None:
    targets = [
        PageTarget(
            space="OPS",
            title=f"INC-{index:03d}",
            body=f"<p>incident {index}</p>",
            labels=("postmortem",),
            attachments=(AttachmentFile(f"INC-{index:03d}.pdf", b"%PDF" * 1000, "application/pdf"),),
        )
        for index in range(50)
    ]
    faults = [Fault.status(429, retry_after=0), Fault.status(503), Fault.status(502, after_processing=True)]
    with LocalConfluence(tokens={"pat": "bench"}) as server:
        if rate:
            server.faults.random(rate, faults, seed=3)
        policy = RetryPolicy(attempts=12, backoff=0.001, max_delay=0.01)
        with ConfluenceClient(ConfluenceSettings(url=server.url, token="pat", timeout=5)) as client:
            start = time.perf_counter()
            for target in targets:
                publish_page(client, target, policy=policy)
            first = time.perf_counter() - start
            start = time.perf_counter()
            for target in targets:
                publish_page(client, target, policy=policy)
            again = time.perf_counter() - start
        requests = len(server.requests)
        assert len(server.pages("OPS")) == 50
    print(
        f"publish 50 pages with label and attachment, {rate:.0%} of requests failing: "
        f"{first:.2f} s first, {again:.2f} s unchanged republish, {requests} requests"
    )


if __name__ == "__main__":
    rendering()
    publishing(0.0)
    publishing(0.3)
