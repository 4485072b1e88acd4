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
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    found = find_blame(text)
    assert found == [], [(h.rule, text[h.start : h.end]) for h in found]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text
