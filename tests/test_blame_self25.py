"""Round 25 (issue 14): the writer in a culprit's slot, a fault owned in the first person (``_self_blame``).

Each blameful sentence owns the fault as the writer's; each blameless twin has the same words in a frame
that owns no fault: denied, reported from someone else, owned by the team, owned while it is being
repaired (the chat convention the labelled sets call blameless), or a thing owned.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


@pytest.mark.parametrize(
    "text",
    [
        "This was my fault: I skimmed the route change and pressed publish.",
        "My bad; I never rang the harbour master back.",
        "It was my error, I confess, I sent the menu to print with last week's prices.",
        "The hay barn fire was my doing; I parked the quad against the bales.",
        "Stupid mistake on my part, I copied the live price list into the test till.",
        "I was the only one on the desk and too tired to count, so the mistake is mine.",
        "I take full blame for the lost samples; I switched the freezer off to defrost it.",
        "I wrote last year's date on the tickets and didn't check; the whole mix-up starts with me.",
        "That one's mine. I glanced at the weigh sheet and let the lorry go.",
        "I'll own that one: I set the tower clock an hour early.",
        "I kept the old ticket in my own queue after the supplier closed it, so I'll wear some of this.",
    ],
)
def test_own_fault_found(text: str) -> None:
    assert "blame/named-person" in _rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was not my fault that the ferry was cancelled; the weather office closed the crossing.",
        "[09:13] @ines: ok this is totally my fault, reverting the price file now",
        'The baker\'s own note says "the whole batch loss is my fault"; the review traces it to the schedule.',
        "We own this incident as a team, and the fixes below are ours to deliver.",
        "I take responsibility for the fix and will report back on Friday.",
        "My error budget for the quarter is spent.",
        "I own this service and its on-call rota.",
        "The spare radio is mine; borrow it whenever the desk needs one.",
    ],
)
def test_no_fault_owned_not_found(text: str) -> None:
    assert _rules(text) == []
