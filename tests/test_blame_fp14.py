"""Wrong findings of round 14 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- An apostrophe inside or after a word (*doesn't*, *the kettle's*) is no quote mark: a reason for
  a step left undone that holds a contraction, and relief at something (*Good to see ...*) that
  holds a possessive, are not mocking for it.
- A reason about a thing (*because the label doesn't say so*) accounts for a step left undone; a
  person not doing something in the active (*because she doesn't read the labels*) judges their
  will, and what a person lacked or was not given (*because he wasn't told*) does not.
- A person's act followed by the condition that let it do harm (after a semicolon, *because*,
  *since* or *, whose*): a clause about a thing that tells a limit (a negation, *only*, *too*) or
  what the thing does as a rule. A person's clause there (*; she never tests anything*), harm told
  after the act (*; an hour of outage followed*) and a lapse in the passive (*; it was not
  reviewed*) stay findings.
- Sarcasm and venting aimed at a thing (*Nice of the coffee machine to ...*, *fed up with the
  parking barrier ...*, *Another masterclass ... from the ticket kiosk*) are about the system: a
  known system noun, or a compound of lower-case nouns none of which names people. Aimed at people
  (a team, a role, a name, *them*, *that crew*, *the adult in the room*) they stay findings, and a
  person after *by* still makes venting at a thing venting at people.
- *Which of them* and *which ones* in a question choose among what was named before: things
  (*Which valves were open, and which of them were logged?*) are no culprit; people (*We called
  two fitters, so which of them ...?*) are.
- What others said with a place between the verb and *that* (*said on the call that ...*) is
  reported, as *said that ...* was; *in so many words* is no place, and the author's clause after a
  semicolon stays the author's.
- Thanks after sarcasm aims it: at a person (*Thanks, Ines.*) it mocks them, at a thing (*Thanks,
  boiler timer.*) it is about the system.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A reason about a thing, with contractions and possessives in it.
    "Ravi didn't check the pallet because the picking list doesn't show a weight and the scanner's screen was blank.",
    "Mona didn't check the valve because it's serviced every spring, and the tag's date was current.",
    "The technician did not check the lift because the panel's lamp was green, and green hasn't meant anything else.",
    # What the person lacked or was not given.
    "Ilse didn't test the backup because she wasn't told the schedule had changed.",
    "Arjun didn't check the fuse box because he didn't know the second board existed.",
    # Relief at something, with a possessive and no other sign of mockery.
    "Good to see the greenhouse's vents opening on their own again.",
    "Nice to know the press's guard now stops the ram before it closes.",
    # Thanks to a thing after sarcasm.
    "Good to see the pantry's doubling as a freezer now. Thanks, boiler timer.",
    # A person's act, then the condition that let it do harm.
    "Odile's change made the kiosk reject old vouchers; the regression suite checked only this year's format.",
    "Bram's patch took the ticket scanner offline for an hour; it needed a firmware version the gates had not got.",
    "Yusuf's update introduced a new cache, whose default lifetime of a day was too long for the price feed.",
    "The shift lead overrode the stock level so the order would ship; manual levels are not synced to the warehouse.",
    "We didn't tell the tenants; the building portal doesn't send notices for water shut-offs.",
    # Sarcasm and venting aimed at a thing.
    "Nice of the coffee machine to descale itself in the middle of the launch.",
    "Another masterclass in date handling from the rota app.",
    "I've had it with the parking barrier dropping on cars while nobody is in the booth.",
    "I'm fed up with ticket printers that say ready when they are out of paper.",
    # Which of the things named before.
    "Which valves did the panel report open at noon, and which of them were actually open?",
    "Which runbooks did we reach for, and which ones would we rewrite first?",
    # Reported, with a place between the verb and "that".
    "A couple of people said on the bridge call that it was operator error, but the valve log shows a stuck seal.",
]

BLAMEFUL = [
    # A person's will as the reason.
    "Ravi didn't check the pallet because he doesn't read the picking list, he just loads whatever is there.",
    "Mona didn't check the valve because she wasn't bothering with checks that week.",
    "The technician did not check the lift because he never checks anything after lunch.",
    # Scare quotes around the reason still mock it.
    "Ilse didn't test the backup because it was 'only a small change'.",
    # Relief that mocks: a quote mark, someone unnamed, a person thanked.
    'Good to see the "temporary" valve bypass is still in place.',
    "Nice to know a glance at somebody's phone now counts as a safety check.",
    "Good to see the pantry's doubling as a freezer now. Thanks, Ines.",
    "Good to see the pantry's doubling as a freezer now. Thanks, payroll team.",
    # A person's act, then a person's clause, harm, or a lapse in the passive.
    "Odile's change made the kiosk reject old vouchers; she never runs the regression suite.",
    "Bram's patch took the ticket scanner offline; an hour of queues at the gates followed.",
    "Yusuf's update broke the price feed; it was not reviewed by anyone.",
    "Yusuf's update broke the price feed; it had not been tested on the staging kiosk.",
    "The shift lead overrode the stock level so the order would ship, and nobody was told.",
    "The duty manager didn't tell the tenants; he just went home.",
    # Sarcasm and venting aimed at people.
    "Nice of the catering crew to descale the machine in the middle of the launch.",
    "Nice of them to tell us after the launch.",
    "Another masterclass in date handling from the rota team.",
    "I've had it with the night crew leaving the barrier up.",
    "I've had it with that crew.",
    "I'm fed up with ticket printers being swapped by the events team without a word.",
    # Which of the people named before.
    "We called two fitters out at noon, so which of them left the valve open?",
    "Which runbooks did the night staff reach for, and which one of you skipped step four?",
    # The author's own words.
    "We said on the bridge call that it was operator error, and it was.",
    "The audit said in so many words that the seal was worn; the fitters ignored it and carried on.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    found = find_blame(text)
    assert found == [], [(h.rule, text[h.start : h.end]) for h in found]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text
