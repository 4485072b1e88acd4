"""Wrong findings of round 18 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- Equipment and devices are systems (`vocabulary/machine_nouns.txt`): a person-like word said of a
  pump, a kiln, a printer or a locker (*the pump carelessly restarted*, *the locker drops the
  assignment*) describes what the machine did. A person or a role as the subject stays judged (*the
  new hire carelessly restarted the pump*), and so does an act in "-ing" with its object, whatever
  the object (*deploying the weather model on a storm day was reckless*).
- A contrast set off by commas (*Marvin the porter, not the robot, took ...*; *the timer, not Sam,
  wiped ...*) is not the subject of the verb after it: the subject is the phrase before it.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A machine as the subject.
    "The pump carelessly restarted after the power dip and flooded the sump.",
    "The freezer carelessly skipped its defrost cycle when the door switch stuck.",
    "The label printer blindly copied the last template onto every roll.",
    "The baggage conveyor was careless about the weight limit: it has no scale.",
    "The kiln controller recklessly ramped past the setpoint after the thermocouple failed.",
    "The locker drops the booking the moment the fleet system sends an unassign event.",
    "The new scanners were sloppy about faded barcodes until the firmware update.",
    # A contrast between commas is not the subject.
    "The timer, not Sam, carelessly wiped the table at midnight.",
    "The relief valve, not the fitter, vented the line when the pressure spiked.",
]

BLAMEFUL = [
    "The new hire carelessly restarted the pump.",
    "The night porter carelessly left the freezer door open.",
    "Ines was sloppy about the faded barcodes and scanned them anyway.",
    "The technician recklessly ramped the kiln past the setpoint.",
    "Looking back, deploying the weather model on a storm day was reckless.",
    "Skipping the pump check before the shift was reckless.",
    "Sam, not the timer, carelessly wiped the table at midnight.",
    "Kwame the porter, not the robot, was too busy to read the label and took the wrong crate to ward 2.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text) != []
