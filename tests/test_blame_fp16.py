"""Wrong findings of round 16 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- A judgement word said of a standing thing: the predicate of a subject whose head is a process,
  an artefact, a system or the organisation (*our alerting was negligent about disk pressure*, *the
  handover template is sloppy about doses*, *the company was negligent in funding ...*, *we were
  complacent as an organisation*). The head is read before a preposition (*the heating design for
  that corner*); a system noun's "-ing" form is the system at work (*alerting*, *paging*). A person,
  a role, a pronoun or a name as the head, a person's possessive in the subject, the work people did
  (*the change*, *the review*), and a plan of a change with no content named (*the migration plan
  was reckless*) keep the judgement; the writers' *we* without the institution named stays judged.
- A personnel file or record is a sanction only as where something goes (*in her personnel file*);
  read as a source (*the personnel file for the contractor lists ...*) it sanctions no one.
- *To be named* said of a seat an action needs (*Owner: to be named*, *the assignee*) designates
  someone; said of a person or of *those responsible* it names a culprit.
- After a preposition a word in *-s* is a plural noun (*no one to relieve her for breaks*, *through
  lunch breaks*), not a person's act.
- A who-question answered with a person and then a clause on how a form or a tool is (*the form
  accepts any unit*, *the tool shows no history*): the gap that let the act through. An answer that
  stops at the person, or goes on with people, keeps the hunt.
- Leaving equipment on with its purpose or its sanction given (*so the freezers would keep running*,
  *as agreed with the facilities desk*, *by design*) is no lapse; with harm after it, it stays one.
- *Nobody* or *no one* as the subject of a risky or destroying act (*nobody runs the purge by hand*,
  *no one truncates the audit table*) says how the process works: an act nobody does.
- A quotation in single quotes that ends in an ellipsis (*'A more careful person would have…'*) is
  closed by it, as by a full stop: the words quoted are mentioned, not said.
- *Operator errors* from a component (*from the ingress controller*, *from cert-manager*) are a
  software operator's log lines; from people (*from the night shift*) they stay a finding.
- A watchdog is a system that watches (`system_nouns.txt`): capitalised at a timeline entry's start it
  is no first name, and its failing to restart something is no lapse.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A judgement word said of a process, an artefact, a system or the organisation.
    "Our alerting was negligent about disk pressure until the second threshold was added.",
    "The discharge template is sloppy about allergies: the field is optional and sits below the fold.",
    "The ward's induction programme was careless about fire exits on the new wing.",
    "The rollout plan was careless about time zones, so half the shops got the prices at midnight.",
    "Our on-call rota was sloppy, with two people listed for one night and nobody for the next.",
    "The booking form is lazy about dates and takes any year a caller types.",
    "Our paging is lazy at night: it batches pages for five minutes before it sends any.",
    "The drainage design for that basement was, frankly, negligent: the plans show no sump at all.",
    "The company was negligent in funding the pump maintenance for three years running.",
    "We were complacent as an organisation about the river levels after two dry winters.",
    "As a business we got complacent about the generator tests.",
    "The cleaning checklist was shoddy: it skips the cold room entirely.",
    "Our escalation guidance is half-baked and names a manager who left last year.",
    # A personnel file read as a source.
    "The personnel file for the locum lists no induction date for the new theatre.",
    "We checked the personnel records and found that the forklift licence had lapsed in May.",
    # A seat to be filled.
    "Owner: to be named.",
    "Action owner to be named at Thursday's planning meeting.",
    "The follow-up's owner is to be named at Monday's review.",
    # A plural noun after a preposition.
    "The night nurse worked the ward alone, with no one to relieve her for breaks.",
    "He covered both tills through lunch breaks with nobody to relieve him.",
    # A who-question answered with a person and the form's or the tool's gap.
    "Who entered the dose? A pharmacist, and the form accepts any unit without a warning.",
    "Who approved the refund? The duty manager; the tool shows no history of earlier refunds.",
    "Who changed the price? Lena; the admin page has no preview.",
    # Equipment left on with its purpose or sanction.
    "The electrician left the breaker on so the freezers would keep running.",
    "The caretaker left the boiler on over the holiday, as agreed with the facilities desk.",
    # An act nobody does.
    "Nobody ever runs the purge by hand; it is triggered from the release pipeline.",
    "No one truncates the audit table by hand; the retention job does it weekly.",
    # Blame the text quotes and rejects, cut off by an ellipsis.
    "'A more careful person would have…' is exactly the hindsight we avoid.",
    # A software operator's errors.
    "Operator errors from the ingress controller filled the log and hid the real failure.",
    "Operator errors from external-dns went to a log level nobody collects.",
    # A watchdog at a timeline entry's start.
    "10:31 Watchdog fails to restart the kiosk service after the update.",
]

BLAMEFUL = [
    # The same shapes said of a person, a role, a pronoun, a name or a person's work.
    "Tomasz was sloppy about the allergies on the discharge notes.",
    "The night porter was negligent about the fire exits.",
    "Our new hire was careless with the booking dates.",
    "She was lazy about the generator tests.",
    "Tomasz's checklist was careless about the cold room.",
    "The contractor's template was shoddy.",
    "The change was reckless and went out on a Friday.",
    "The review was careless, and the duplicated lines went through.",
    "The migration plan was reckless.",
    "We were complacent about the river levels.",
    "As a team we got complacent about the generator tests.",
    "The dispatcher was half-baked in his answers to the crews.",
    # The same shapes aimed at a person.
    "Corrective action: the incident is noted in Tomasz's personnel file.",
    "- Record the outage on the porter's personnel record.",
    "The engineer responsible will be named in the all-hands.",
    "Those responsible will be named.",
    "Ravi breaks the build every Friday.",
    "Who entered the dose? A pharmacist.",
    "Who deleted the rows? Two clerks; one of them ran the purge.",
    "The electrician left the breaker on and the freezer room flooded.",
    "The intern left the tap on and flooded the lab.",
    "The new hire truncated the audit table by hand.",
    "Nobody noticed that the contractor truncated the table by hand.",
    "Honestly, a more careful person would have caught it…",
    "Operator errors from the night shift caused the outage.",
    "10:31 Marta fails to restart the kiosk service after the update.",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    found = find_blame(text)
    assert found == [], [(h.rule, text[h.start : h.end]) for h in found]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text
