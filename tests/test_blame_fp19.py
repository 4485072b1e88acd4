"""Wrong findings of round 19 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- Whose the counterfactual is: *if only* wishing that a thing had a part or did its work (*if only
  the sump pump had a float switch*, *if only the booking page showed the time zone*) wishes for a
  safeguard; a person's act (*if only the trader had checked*), a named person, a pronoun and a
  subject the word lists do not know with *had* and an act after it stay findings.
- A sanction its clause denies (*No disciplinary action has been taken*, *nobody will be fired over
  this*) names no sanction; a sanction proposed or asked for stays.
- A culprit word that modifies the noun after it (*the desk's fault card*, *the pump's fault light*,
  *the council's oversight committee*) names a thing the possessor has; *it was the desk's fault*
  stays.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A counterfactual wish for a part or a behaviour of a thing.
    "If only the sump pump had a float switch, the basement would have stayed dry.",
    "If only the booking page showed the time zone, the guests would have come at the right hour.",
    "If only the kiosk printed a receipt for every refund, the till count would have matched.",
    "If only the reception phone forwarded to the duty manager at night, the call would have been answered.",
    # A sanction denied.
    "No disciplinary action has been taken, and none is planned.",
    "Nobody will be fired over this; the fix is in the rota tool.",
    # A culprit word modifying a noun.
    "The steward followed the first step on the gate's fault card and reset the turnstile.",
    "The pump's fault light came on at 03:10 and stayed on until the fitter arrived.",
    "The council's oversight committee asked for the inspection records.",
]

BLAMEFUL = [
    "If only the trader had checked the position limits before lunch.",
    "If only Felipe asked before restarting the cluster.",
    "If only he'd read the label on the drum.",
    "If only the night porter had locked the side door, nothing would have been taken.",
    "Recommend disciplinary action for the engineer involved.",
    "The engineer was fired the next day.",
    "It was the desk's fault, plain and simple.",
    "The outage was the DBA's mistake, and everyone knows it.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text) != []
