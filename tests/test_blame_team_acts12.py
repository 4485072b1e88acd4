"""Round 12 of issue 14: blame at another team or vendor told by the frame of its act (``_team_acts``):
kept in the dark, our things harmed, the same again, a delay with "even"; and a verdict on a group
after commas. Next to blameless look-alikes: systems that notify no one, the writers' own acts,
acts at our request, facts of a hand-off. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # kept in the dark
    "The hosting team changed the MTU on the core switches and told nobody.",
    "Facilities cut the power to rack 4 and did not tell us.",
    "The label printer vendor swapped the driver without anyone on the packing floor being told.",
    "The platform team only told us about the quota cut after it had taken effect.",
    # our things harmed by another group's act
    "The courier vendor pushed a firmware update to our handheld scanners by hand.",
    "Their contractor flooded our staging bucket with test uploads.",
    "The data team broke our nightly export with a schema change.",
    # the same again
    "Procurement renewed the wrong licence tier, which is not the first time that department has done it.",
    "The storage team did the same thing last spring already.",
    "Slow approvals again, which is typical for that department.",
    # a delay told with "even"
    "The registrar's helpdesk took three days to even open the ticket.",
    # a verdict on a group, after commas
    "The vendor support desk was, once again, far too slow.",
    "The telecoms provider was no help at all during the cut-over.",
]

BLAMELESS = [
    # a system that told no one is a missing alert
    "The alert did not tell anyone because it was routed to a retired channel.",
    # the writers' own account
    "We told nobody outside the incident channel until the fix was verified.",
    # facts of a hand-off, told by their content
    "The partner did not inform us about the maintenance window, which was only in their newsletter.",
    # acts on ours by systems, by request, or without a sign of a failing
    "The failed replica broke our read path for nine minutes.",
    "The vendor deleted, at our request, all stored copies of the export.",
    "The vendor pushed the fix to our fleet at 10:02.",
    # repeats of systems
    "The alerts fired again; this is not the first time they fired this week.",
    "Typical for the season, traffic doubled on Friday.",
    # a delay on the timeline
    "The on-call took twelve minutes to acknowledge the page.",
    # a tool judged as slow
    "The old disk was far too slow for the new index.",
    "The runbook was no help at all for this failure mode.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blame_at_another_group_is_flagged(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize("text", BLAMELESS)
def test_lookalikes_are_not(text: str) -> None:
    assert find_blame(text) == [], text
