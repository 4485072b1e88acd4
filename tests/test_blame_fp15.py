"""Wrong findings of round 15 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- A judgement word said of a component named by its suffix: a noun made from a verb in *-ise*,
  *-ize* or *-ify* (*the tokenizer*, *the reminder notifier*) names what does it to data, so
  *careless*, *sloppy* or *lazy* said of it describe software. People named so (*the organiser*)
  are in the role list and stay judged.
- An adverb between the verb and the word (*is deliberately lazy*) leaves the word said of the
  subject: a component's design, or a person's character.
- A judgement word before an act in *-ing* and its object (*careless handling of the dates*) judges
  whoever does the act: a component (*the exporter's ...*, *... in the billing parser*) is software,
  a person (*Dana's ...*, *... by the on-call*) is judged, and with no doer named it stays a finding.
- *Had no idea what* said of a thing (*the relay has no idea what ...*), or about the events (*no
  idea what was going on*: the clause after *what* opens with its verb) tells what was known, not
  anyone's grasp of their own work (*no idea what she was doing*).
- *Nobody acted on* a signal, with the signal's standing condition after a semicolon, a colon, a dash
  or *, which*: what it is or does as a rule, or had done or lacked before (*it pages the same room
  as forty flaky checks*, *which had fired every night*). What it did then (*; it rang for an hour*)
  or what people did (*; they muted it*) leaves the judgement.
- A self-question the writers answer by denying its premise (*Why didn't anyone look at X? We did,
  and ...*) hunts for nobody; an answer that names a person's act (*Because Tom ...*) still does.
- A who-question answered at once with people and then a thing's clause (*Two wardens, both on the
  rota; the third warden's badge had lapsed*, *Amir, through the pipeline, which skipped ...*) names
  who, as asked, and goes on to what let it happen; an answer that stops at the name, or whose clauses
  are about people, keeps the hunt.
- A person's act with written guidance named after it as its warrant (*following the documented
  procedure*, *with the emergency override, which the release runbook allows ...*) is the
  sanctioned step, not a slip; guidance turned round (*without following the runbook*, *despite the
  documented freeze*) or no guidance keeps the finding.
- A warning waved through as a habit the design taught (*so the clerks have learned to click through
  it*) describes the design; a verb and its particle matched across another clause's verb (*the
  clerk who clicked save has talked us through the form*) are no idiom. A person clicking through a
  warning stays a finding.
- A warning as a notice (*get a warning that the tank was low*, *about*, *when*, *of*) is no
  sanction; a warning *for* an act, or on its own, is.
- Culprit framing that points at a thing (*responsibility for resending lies with the mail relay*,
  *the cache was to blame*) says which component holds a duty or caused it; pointed at a person or a
  team it stays a finding.
- *Culprit found:* followed by a thing with no person in it (*a stale price file left on the till
  server*) is the cause, found; a name, a role, a person's thing or a person's act after it, or
  nothing after it, keeps the hunt.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A component named by its suffix.
    "The CSV tokenizer is careless with quoted line breaks and splits one record into two.",
    "Our reminder notifier was sloppy about daylight saving and sent every reminder an hour late.",
    "The image classifier is lazy about rotated scans and labels most of them as blank pages.",
    # An adverb between the verb and the word.
    "The thumbnail sanitizer is intentionally lazy: it only rewrites an image when someone opens it.",
    # A judgement word before an act whose doer is a component.
    "Root cause: sloppy handling of leap days in the billing parser.",
    "The exporter's careless handling of empty cells shifted every column after them.",
    "Careless rounding of the totals by the invoice worker lost a cent on every third line.",
    # No idea, said of a thing or of the events.
    "The gate controller has no idea what ticket was scanned; it only opens on a pulse.",
    "For the first hour we had no idea what was filling the disk, so we sampled the largest folders.",
    # Nobody acted on a signal, with its standing condition.
    "Retro card: nobody acted on the freezer alarm - it rings in the same room as forty door sensors.",
    "Nobody acted on the humidity alert: it had no owner and no threshold written down.",
    "Nobody followed up on the low-stock ticket, which is routed to a queue without an owner.",
    # The premise denied.
    "Why didn't anyone look at the seating chart? We did, and it showed every seat as free because the sync had stopped.",
    # Who, answered with people and a thing's clause.
    "Who held the vault keys that night? Two wardens, both on the rota; the third warden's badge had lapsed.",
    "Who published the timetable? Ines, through the scheduler, which skipped the holiday check because its calendar was empty.",
    # An act with written guidance as its warrant.
    "Odette bypassed the approval step with the emergency override, which the release runbook allows when the approver is off shift.",
    "Jonah made the change that took the kiosks offline, following the documented migration procedure.",
    # A habit the design taught, and an idiom matched across a clause.
    "The save dialog looks the same for every form, so the clerks have learned to click through it.",
    "The clerk who clicked save has talked us through the form, which is how we saw the second button.",
    # A warning as a notice.
    "Did the night porters get a warning that the boiler pressure had dropped, or did the panel stay green?",
    # Culprit framing pointed at a thing.
    "Responsibility for resending bounced invoices lies with the mail gateway, which had its retry queue turned off.",
    "The stale price cache was to blame for the wrong totals.",
    # Culprit found: a thing.
    "09:12 culprit found: a stale price file left on the till server.",
]

BLAMEFUL = [
    # A person, or a person named by the suffix, keeps the judgement.
    "The organiser was careless with the guest list and sent it to everyone.",
    "The night clerk is careless with the till and never counts the float.",
    # An adverb between the verb and the word, said of a person.
    "The reviewer was deliberately lazy and approved it unread.",
    # A judgement word before an act whose doer is a person, or with no doer named.
    "Dana's careless handling of the keys left the vault open.",
    "Careless handling of the keys by the on-call left the vault open.",
    "Root cause: careless handling of the keys.",
    "Careless handling of the keys in the outage made it worse.",
    # No idea of their own work.
    "She had no idea what she was doing with the migration.",
    "He didn't bother to read the runbook.",
    # Nobody acted, with no condition of the signal, or with people after it.
    "Nobody acted on the freezer alarm.",
    "Nobody acted on the freezer alarm; it rang for an hour.",
    "Nobody acted on the freezer alarm; they just muted it.",
    # A person's act as the answer.
    "Why didn't anyone look at the seating chart? Because Tomas had closed the screen.",
    # Who, answered with a name alone or with people's acts.
    "Who published the timetable? Ines.",
    "Who held the vault keys that night? Two wardens; one of them opened the vault.",
    # Guidance turned round, or none.
    "Odette bypassed the approval step without following the release runbook.",
    "Jonah made the change that took the kiosks offline, despite the documented freeze.",
    "Odette bypassed the approval step.",
    # A person waving a warning through.
    "The clerk clicked straight through the overwrite warning.",
    # A warning as a sanction.
    "The night clerk will get a warning for leaving the safe open.",
    "Ravi should get a warning.",
    # Culprit framing pointed at people.
    "Responsibility for the outage lies with the release manager.",
    "The night porters were to blame for the flood.",
    # Culprit found: a person, a person's thing, or nothing named.
    "09:12 culprit found: the night clerk's price file.",
    "Culprit found: Jonas, who pushed on Friday.",
    "Culprit identified.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    found = find_blame(text)
    assert found == [], [(h.rule, text[h.start : h.end]) for h in found]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text
