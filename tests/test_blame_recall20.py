"""Round 20 of issue 14: general readings of blame the rules missed, by their cause, each with
blameless look-alikes written for these tests that must stay clean.

- "Thanks to" a person, when it is not gratitude, is "because of": the person after it is the
  cause (*Thanks to Priyanka and her shortcut past the torque check, the line stopped*). Gratitude
  is read by its shape (a modifier before "thanks", the people followed by "for" or "who"), a good
  outcome is credit, and a pronoun after it is not read.
- A person's work as the cause, whatever its noun, in three more frames: the subject of a verdict
  (*Tomas's shortcut past the tare check is what put every crate light*), the focus of a cleft (*It
  was Odile's late swap of the seating plan that sent ...*) and the cause named (*Cause: Hamid's
  bodge on the furnace timer*). Not denied (*the cause was not Olu's change*), not a response or a recovery (*Kemi's page
  is what got the team on the bridge*), not the possessive of a clause that is no subject (*What
  Priya's crew logged was what the checklist asks for*), not a cleft without a verb after it.
- A duty told in the passive (*was supposed to be*, *had to be*, *was there to be*, *needed checking*)
  and then said to be undone (*and it wasn't*, *this was not done*, *not after*): hindsight in the
  passive. Not a duty of a system (*by the float switch*), not one whose failure is explained, not a
  want (*needed replacing, and the quote came in*).

Wrong findings, by their cause:

- A habit marker (*once again*) in a part of the sentence (up to a semicolon) whose act is a
  machine's tells of the machine (*Once again the fill sensor tripped on foam; the supplier says
  ...*); a closing remark (*...; end of story*) still tells of the whole sentence.
- "Nobody ... could have seen it" opening a later clause says no one could, as it does opening the
  sentence; "anyone ... could have seen it" still judges.
- "Should have been told" (warned, refunded ...) of the reader or the people served is a duty owed to
  them, an apology; of someone involved (*the on-call should have been told*) it stays.
- The writers telling what they now do, in the present (*we book an engineer ourselves rather than
  waiting for you to notice*), give the remedy; a past act set against what was not done stays.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # "Thanks to" a person as the cause.
    "Thanks to Priyanka and her shortcut past the torque check, the line stopped for a whole shift.",
    "The school coach left forty minutes late, all thanks to Declan.",
    "Thanks to the night porter propping the fire door open, the alarm ran for an hour.",
    # A person's work as the cause, whatever its noun.
    "Tomas's shortcut past the tare check is what put every crate eight kilos light.",
    "The site foreman's habit of skipping the gas test is why the crew walked into a bad tunnel.",
    "It was Odile's late swap of the seating plan that sent forty guests to the wrong hall.",
    "Cause: Hamid's bodge on the furnace timer.",
    "The main cause of the delay was Ruth's reshuffle of the picking rota.",
    # A duty in the passive, then undone.
    "The spare radio was supposed to be charged before the night search, and it wasn't.",
    "The guard rail had to be bolted back before the crossing, and this was not done.",
    "The torn seal was there to be found on the Friday walk-round and wasn't.",
    "The delivery notes needed checking against the order before the van left, not after.",
    # Twins of the wrong findings' look-alikes.
    "Dana ran the purge on the live tank while the crew were inside; end of story.",
    "The storm warning was on every screen; anyone on the night desk could have seen it.",
    "The night porter should have been told about the lift fault.",
    "We restarted the kiln rather than waiting for the fitter.",
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
    "Thanks to a courier depot mix-up, the spare pump went to Leeds and arrived a day late.",
    # Work that is no cause: denied, a response, a recovery, no subject, a cleft with no act.
    "The cause was not Olu's change; the valve had worn through.",
    "Kemi's page is what got the team on the bridge.",
    "Bryn's restore of the till database is what got the shop trading again.",
    "What Priya's crew logged at the gate was what the checklist asks for.",
    "It was Ama's idea, which the whole team liked.",
    "The cause was the customer's old router firmware.",
    # A system's duty, an explained failure, a want.
    "The pump was supposed to be started by the float switch, and it wasn't.",
    "The firmware had to be rebuilt, and it was not trivial.",
    "The boiler needed replacing, and the quote came in last week.",
    "The guard was supposed to be refitted after cleaning, but it wasn't because the bolts were missing.",
    # A machine's habit; nobody could have.
    "Once again the bottling line's fill sensor tripped on foam; the supplier says the sensor was never rated for it.",
    "The storm warning went to a shared mailbox; nobody on the night desk could have seen it, as nothing paged.",
    # A duty owed to the people served; the writers' new practice.
    "You should have been warned that the ferry was full, and you weren't.",
    "The patients should have been told the clinic had moved to the second floor.",
    "We now book the crane ourselves rather than waiting for the depot to ring.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_readings_are_findings(text: str) -> None:
    assert find_blame(text) != []


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []
