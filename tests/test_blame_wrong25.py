"""Round 25 (issue 14): wrong findings of round 24's held-out documents, each mended by its grammar.

Each case pairs a blameless sentence the rules used to flag (the shape of a wrong finding read on
round 24's documents, written anew for these tests) with a blameful sentence of the same frame that
must still be found, so that a mend that only turns a rule off fails here.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


@pytest.mark.parametrize(
    ("blameless", "blameful"),
    [
        # the writer saying how they will go on now, not a remedy promised for a lapse
        (
            "The next part is the one people argued about most, so I'll be careful.",
            "I'll be careful next time I load the float sheet.",
        ),
        # a modal before the verb: "anyway" is "in any case", not an act done over a warning
        (
            "Reply in this thread rather than opening new ones, the admins will merge them anyway.",
            "The scale flashed OVERLOAD twice and Bronagh loaded the pallet anyway.",
        ),
        # "instead of ..." set against an act whose doer is a thing
        (
            "A bypass valve, which the first design had, would have let the pump run slow instead of tripping out.",
            "Dmitri restarted the primary instead of checking the replica lag.",
        ),
        (
            "Nobody on the panel knew the driver would return stale readings instead of failing.",
            "The foreman would wave the lorries through instead of checking the seals.",
        ),
        # a subject quantified by "no": the lapse is denied
        (
            "No handover step was skipped; every tray had been signed for at the pass.",
            "The handover step was skipped again.",
        ),
        # a harm word inside a compound noun
        (
            "Thanks to the night porters and to Femi in lost and found, who rang every owner himself.",
            "Femi wiped the lockers and the guests' passports were lost.",
        ),
        # the writers' own write-up is a document, not a sanction
        (
            "Below are the radio notes from the night, then my write-up for the committee.",
            "Write-up for the bar supervisor, to be kept on her file.",
        ),
        # "always ... have" and a number: a staffing plan
        (
            "Weekends will always have two pickers on when the cold store is over half full.",
            "Engineers will always check their changes against the release sheet.",
        ),
        # the thing at hand to be read: a burden told, not guidance people are sent back to
        (
            "We are dropping the league table, because the people in it have to read it.",
            "Pickers touching the chiller settings have to slow down and be more careful.",
        ),
        # the writers wishing for a thing: a counterfactual about the tools
        (
            "If we had a spare fob at the gatehouse, we'd have opened the barrier twenty minutes sooner.",
            "If the night supervisor had any sense he would have opened the barrier at once.",
        ),
        # not giving a verdict on a remark quoted
        (
            "Sam said, \"she's always been careless, that one\", and I didn't say yes or no to that.",
            "The mate saw the bilge alarm. He didn't say a word to the bridge.",
        ),
    ],
)
def test_wrong_finding_mended_and_its_blameful_twin_kept(blameless: str, blameful: str) -> None:
    assert _rules(blameless) == []
    assert _rules(blameful) != []
