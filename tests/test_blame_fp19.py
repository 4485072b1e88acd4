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
- "It" right before a past-tense verb is that verb's subject (*the crew were never told it failed to
  send*); "it" as an object (*promoted it anyway*) or a dummy before an auxiliary is not.
- A lapse told as the result of a condition before it (*the drawings showed no pipe there, so nobody
  thought to check*, *..., which is why no one opened it*) is an account; the result of a person's own
  lapse (*Stijn did not tell anyone, so no one thought to ask*) stays.
- "'cause" and "cos" are "because" as spoken: the reason is given.
- A who-question about detection (*Who noticed first?*) hunts for no culprit; a who-question answered
  with people and then "because" and a subject that is no person gives the condition.
- A system noun after a determiner is a noun even in a verb's form (*the change selected the wrong
  row*: the change did, not the people named in the clause before).
- The names of a document's people are read word by word, but not their small words or the notes in
  brackets (*Clerk of the Course*, *IT (tunnel software)*): "the", "of" and "software" name no one.
- "For X to do Y": the one after "for" does the task (*the fix is for the beacon team to stop ...*).
- Sarcasm said of a thing: a machine as the subject of *strikes again*, a system word right after
  *so-called expert* (*expert mode*). People as the subject, and things that mock people through them
  (*the testing was imaginary*), stay findings.
- *The buck stops with X* for the fix, the follow-up or the actions, or going on to what X now does
  (*she owns the action items*), hands the work ahead to an owner; for the incident it places blame.
- *The wrong ...* after a verb whose own subject is a system (*the review found the booking system sent
  the wrong email*) is the system's act.
- An act done as the guidance or the place's practice says (*to the letter*, *which is how the
  contractor's procedure tells him to check it*, *which is how the ward has always done it*) is the
  sanctioned step; an omission whose reason names a form or a checklist (*because the checklist asks
  "alarm working Y/N"*) is explained by the form, whatever the quote marks.
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
    # "It" as the subject of a reported clause.
    "We missed the kick-off because the hall's booking system dropped the form and nobody was told it failed to send.",
    # A lapse as the result of a condition.
    "The drawings showed no water main under the car park, so nobody thought to check before digging.",
    "The alarm went to a shared inbox, which is why no one opened it for two days.",
    # Spoken "because".
    "Jo took the van without booking it 'cause the booking screen was down and the round had to go.",
    # Detection, and an answer with a condition.
    "Who noticed first? The lab, two days later.",
    "Who knew the culvert was blocked? Only the farm hands, because the inspection camera had been broken since May.",
    # A system noun after a determiner.
    "The two depots have near-identical codes, so the change selected the wrong one from the list.",
    # Sarcasm at a thing.
    "The label printer strikes again: forty parcels with last week's addresses.",
    "The so-called expert mode of the mixer hides the speed limits in a submenu.",
    # Ownership of the work ahead.
    "The buck stops with the site manager for the follow-up: she will run the review in March.",
    # A system's act.
    "A guest complained at the desk; the audit found the key system cut the wrong room card.",
    # The sanctioned step, and a form as the reason.
    "Ama set the valve to the mark on its label, which is how the maker's manual tells fitters to check it.",
    "The porter signed the log from the morning count, which is how the ward has always done it.",
    'She did not test the horn because the pre-start checklist only asks "horn working Y/N".',
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
    "The canary went red and the deployer promoted it anyway.",
    "Stijn did not tell anyone he had finished the load, so no one thought to ask which environment he used.",
    "Nobody thought to check before digging.",
    "Jo took the van without booking it.",
    "Who deleted the table? Ravi.",
    "Priya selected the wrong supplier from the list.",
    "The fix is for the beacon team to stop shipping on Fridays and take range testing seriously.",
    "The night shift strikes again: another pallet left in the aisle.",
    "Our so-called experts missed it for a week.",
    "As always, the schedule was ambitious and the testing was imaginary.",
    "The buck stops with the auction clerk for the early close.",
    "The buck stops with Anneke; she signed the cable car out after a half inspection.",
    "The night operator restarted the wrong node after the alarm.",
    "Dario started the reindex on the primary, and that is why search fell over.",
    'She did not test the horn because it was "only a short shift".',
]


def test_small_words_and_notes_of_a_name_name_no_one() -> None:
    """A person's name is read word by word, but "the", "of" and a note in brackets are not names."""
    from postmortem.checks._blame._scan import _normalise

    names = _normalise(["Clerk of the Course", "IT (tunnel software)", "Contractor (Lottie Ng)", "IT"], people=True)
    assert {"clerk", "course", "contractor"} <= names
    assert not {"the", "of", "it", "software", "tunnel", "(lottie", "ng)"} & names


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == []


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text) != []
