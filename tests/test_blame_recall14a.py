"""Round 14 (issue 14): a person's work or act given as the cause, read by its grammar, whatever the words.

- A person's work, whatever its noun, as the subject of a verb of damage (*Ines's fare table
  wrecked the morning*), after a link of cause (*because of Ravi's tweak*, *came from the lead's
  choice*, *traces back to*), or as the complement of harm (*the leak was Oskar's script*).
- A person's act of any verb, then *and that is why* / *which is how* with what followed.
- A person as the subject of *is why* (*Benedikt is why the newsletter went out twice*), as of
  *is the reason* since round 11; credit (*is why we caught it*) stays quiet.
- Harm told first, then a person's act after *after* (*misting went offline after Valdis
  unplugged the controller*); not a recovery, a thing's act, the act with its reason, or
  *until* (which ends the harm).

Every sentence here is written for these tests; each blameful one has a blameless twin that must
stay quiet (the same grammar with a recovery, a thing's own work, a time, an infinitive, a
participle as an adjective, or the writers finding out).
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # A person's work as the subject of a verb of damage.
    "Ines's new fare table wrecked the whole morning rush.",
    "Tobiah's quick patch to the kiln timer scorched a full load of mugs.",
    "The night clerk's bulk import corrupted half of the guest records.",
    "Marguerite's weekend clean-up took the booking page down for three hours.",
    "Yannick's one-line shortcut cost us a full day of parcels.",
    # After a link of cause.
    "The choir portal stalled for an hour because of Ravi's tweak to the session limit.",
    "Checkout outage caused by Henrike's cron entry on the payments box.",
    "The flooded cellar traces back to the caretaker's decision to close the sump valve.",
    "Most of the missed deliveries came from the depot lead's choice to merge two routes.",
    "The downtime began with Fulvio's reindex of the catalogue at noon.",
    # Harm as the subject, a person's work as the complement.
    "The leak was Oskar's script, plain and simple.",
    "The damage to the cold room was the caretaker's rewiring job.",
    "The delay is confirmed as the coordinator's edit to the timetable.",
    # A person's act of any verb, given as the cause by "that is why" / "which is how".
    "The caretaker seated the late group in the wrong block, and that is why the show started twenty minutes late.",
    "Anneliese double-booked the minibus, which is how two school trips ended up stranded.",
    "The site manager lent the only ladder to the roofers, and that's why the gutter job slipped a week.",
    # A person as the subject of "is why".
    "Benedikt is why the parish newsletter went to every donor twice.",
    "The night clerk rebooked the wrong room, and that clerk is why the family slept in the lobby.",
    # The problem named as a person, and the root cause's abbreviation as a label.
    "The problem was the relief pharmacist.",
    "RC: Oddbjorg. Changed the dosing table on a Friday.",
    # Harm told first, then a person's act after "after".
    "The greenhouse misting went offline after Valdis unplugged the pump controller.",
    "The ticket shop went offline after the box office lead closed the early-bird tier.",
]

BLAMELESS = [
    # A recovery, not harm.
    "Ines's new fare table cleared the queue within ten minutes.",
    "The choir portal recovered because of Ravi's tweak to the session limit.",
    "The fix came from the depot lead's suggestion to split the routes.",
    # A thing's own work, or an owned thing that broke on its own.
    "The scanner's firmware update corrupted the calibration table.",
    "Lucia's laptop crashed during the call.",
    # A time, not a subject.
    "After Odile's review the nightly import crashed on a malformed row.",
    # An infinitive or a participle as an adjective after the possessive.
    "Teodor's decision to freeze all releases kept the weekend quiet.",
    "Aino's dashboard showed the frozen queue as healthy, so nobody was paged.",
    # Harm as the subject, but no person owns the complement.
    "The leak was the logging library's default, which printed request bodies.",
    # A person's act, then how the writers found out, or a recovery.
    "The desk clerk opened a ticket with the screenshots, which is how we found the duplicate button.",
    "Anneliese rebooked the minibus for the morning, and that is why both trips left on time.",
    "Hamid restarted the consumer, which is why the backlog drained by noon.",
    "Imre explained the setting to the new starters, which is what the runbook asks for.",
    # "is why" with a thing as the subject, or a person credited.
    "The retry budget is why the queue never grew past a few hundred messages.",
    "Benedikt is why we caught the duplicate mailing before it went out.",
    # A recovery after the act, a thing's act, or the act with its reason.
    "The misting came back after Valdis replugged the pump controller.",
    "The greenhouse misting went offline after the timer switched to winter mode.",
    "Buyers were locked out after the box office lead closed the tier, because the venue had sold out.",
    "The booking page was down until Maren restarted the web server.",
    # The problem named as a thing.
    "The problem was the dosing table's default, not anyone at the counter.",
    "RC: the certificate bundle lacked the intermediate.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_work_or_act_as_cause_is_found(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_stay_quiet(text: str) -> None:
    assert find_blame(text) == [], [(h.rule, text[h.start : h.end]) for h in find_blame(text)]
