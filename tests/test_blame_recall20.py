"""Round 20 of issue 14: general readings of blame the rules missed, by their cause, each with
blameless look-alikes written for these tests that must stay clean.

- "Thanks to" a person, when it is not gratitude, is "because of": the person after it is the
  cause (*Thanks to Priyanka and her shortcut past the torque check, the line stopped*). Gratitude
  is read by its shape (a modifier before "thanks", the people followed by "for" or "who"), a good
  outcome is credit, and a pronoun after it is not read.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # "Thanks to" a person as the cause.
    "Thanks to Priyanka and her shortcut past the torque check, the line stopped for a whole shift.",
    "The school coach left forty minutes late, all thanks to Declan.",
    "Thanks to the night porter propping the fire door open, the alarm ran for an hour.",
]

BLAMELESS = [
    # Gratitude, a thing as the cause, credit, a pronoun.
    "Thanks to Priyanka for staying on to recount the stock.",
    "Thanks to Declan, who drove the spare parts out at dawn.",
    "Huge thanks to the night porter and the kitchen crew.",
    "Thanks to the spare generator, the freezers held their temperature.",
    "Thanks to Ines, the restore finished within the hour.",
    "Thanks to them the passengers were off the ferry before the squall.",
    "Thanks to Mr. Okafor from the second floor who rang the council every morning.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_readings_are_findings(text: str) -> None:
    assert find_blame(text) != []


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []
