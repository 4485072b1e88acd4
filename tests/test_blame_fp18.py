"""Wrong findings of round 18 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- Equipment and devices are systems (`vocabulary/machine_nouns.txt`): a person-like word said of a
  pump, a kiln, a printer or a locker (*the pump carelessly restarted*, *the locker drops the
  assignment*) describes what the machine did. A person or a role as the subject stays judged (*the
  new hire carelessly restarted the pump*), and so does an act in "-ing" with its object, whatever
  the object (*deploying the weather model on a storm day was reckless*).
- A contrast set off by commas (*Marvin the porter, not the robot, took ...*; *the timer, not Sam,
  wiped ...*) is not the subject of the verb after it: the subject is the phrase before it.
- A who-question the next sentence answers with a thing as its subject (*Who let the tank overflow? The
  level sensor had stuck ...*, *Who approved it? The pipeline auto-approves minor bumps.*) names a system
  cause; an answer with a person anywhere in its subject (*the night operator*, *the database team*, *the
  release manager's script*) or with a dummy *it* (*It was Dev.*) keeps the hunt. A who-was-responsible or
  who-was-supposed-to question answered by *nobody* and a clause after it clears people.
- *Not one of them* standing alone as an answer (a stop, a semicolon, a colon or a dash after it) clears
  people; *not one of them read the runbook* stays a finding.
- *We never ...* (or *we had never ...*) tells the team's own practice, the gap the review owns (*we
  never tested that assumption*); one act left undone (*we didn't read the diff*) and a person who never
  did (*Ravi never tested it*) stay findings.
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
    # A who-question answered with a thing, or with nobody and a reason.
    "Who let the tank overflow? The level sensor had stuck, so the fill valve never closed.",
    "Who approved the bump? The pipeline auto-approves minor version bumps.",
    "Who turned the valve? No one; the actuator moved it when the controller rebooted.",
    "Who was supposed to sign off the scaffold? Nobody: the permit form has no signature box for it.",
    # "Not one of them" as an answer.
    "Did any of the pickers open the sealed crates? Not one of them; the seals were intact at audit.",
    "Did any of the crew skip the check? Not one of them.",
    # The writers' practice.
    "We never tested the hoist brake with a full cage; the commissioning sheet only asks for an empty one.",
    "We had never asked the caterer which fridge held the allergy trays.",
    "Our spare pump sat in the store for a decade, and we never checked that it still primed.",
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
    "Who let the tank overflow? The night operator, who was asleep.",
    "Who approved it? Dev did, without reading it.",
    "Who was responsible? The database team.",
    "Who approved the release? The release manager's script, which he ran without a second look.",
    "Who moved the trolley? It was Dev.",
    "Who signed off the firmware bump? It's plain as day the date format change would bite us.",
    "Who was supposed to sign off the scaffold? Kemal, and he never did.",
    "Not one of them read the runbook before the drill.",
    "Ravi never tested the hoist brake with a full cage.",
    "We didn't read the caterer's allergy sheet before serving.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text) != []
