"""Wrong findings of round 13 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- A record or an act owned by no one named (*anyone's file*, *any one person's actions*, *no
  single person's change*) aims at no person.
- A signal left unnoticed *by* something that is not a person (*by every automated check*) names
  what missed it; an indirect question (*the question is why the backlog went unnoticed*) asks
  for the reason instead of giving a verdict.
- A question the writers asked themselves (*we asked ourselves whether the crew should have
  noticed*) is a question, as one they asked someone else is.
- A person as the reason an incident was not worse (*a near miss and not an accident*) is credit.
- A capitalised plural opening a title (*Radiographs sent to the wrong clinic*) is no first name.
- The writers making sure they understand the system (*can we make sure we understand the
  setting?*) are inquiring, not being told to behave.
- The wrong thing *noticed* or *spotted* is how a slip came to light, not the slip.
- What a document *tells* its readers (*this review tells the crews that the fix is to try
  harder*) is reported, not the author's remedy.
- Things that have or share the same name are a look-alike, not "the same people again".
- Thanks for taking people *through* a step, *thanks to the staff who ...*, and praise with harm
  the praised worked through (*even with the chiller broken*) are thanks, not sarcasm.
- A setting that *allowed* people to act *without* a safeguard is a permission, not an act.
- A skip that put things right (*skipped it, which unblocked the queue*) is no lapse.
- A step skipped with what let it happen after a colon or a semicolon (*the procedure has no
  checkpoints*) is an account.
- *Who needs to be told when ...?* asks about a duty; *Who needs X when ...?* is sarcasm.
- A turn that leaves its first-person subject out (*- Ines: didn't finish the refunds*), beside
  other turns, is the speaker's words, as a turn in the first person is; a section label with
  the same words (*Root cause: didn't test the change*) stays the author's.
- A second person required to confirm a step is a safeguard of the process.
- *Nobody* with words after it (*Nobody on that shift could have known*) still clears people.
- A question asked with an aside (*we were asked, fairly, whether this was a mistake by ...*) is
  still a question.
- A thing someone *didn't ask for* was unasked for; no step was skipped.
- Escalating *rather than* trying again is the cautious choice, not a choice judged.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # A record or an act owned by no one named.
    "Nothing will go on anybody's record until the vendor has explained the failover.",
    "Before anything lands on anyone's file, we want to know why one badge could open every door.",
    "The failure did not hinge on any one person's decision; the scheduler would have done it again.",
    "No single person's change caused the lockout.",
    # Left unnoticed by something that is not a person, or asked why.
    "The stale readings went unnoticed by every dashboard we had.",
    "Four hours of empty exports went unnoticed by the nightly reconciliation job.",
    "The first question was why a dead consumer went unnoticed for a whole weekend. The lag panel had no alert.",
    "Nobody could say how the full disk went unacknowledged overnight; the pager rota was empty.",
    # A question the writers asked themselves.
    "We asked ourselves whether the picking team should have spotted the mislabelled crates. They could not have.",
    "I asked myself whether the duty manager should have closed the gate sooner.",
    # A person as the reason it was not worse.
    "The spot check Marta ran is the reason this stayed a near miss.",
    "Kofi is the reason it was no worse: he pulled the feed within minutes.",
    # A capitalised plural opening a title.
    "Payslips sent to staff with the wrong totals",
    "Backups restored to the wrong bucket after the migration",
    # The writers making sure they understand.
    "Before we draw conclusions, can we make sure we understand how the hold setting works?",
    # The wrong thing noticed.
    "A courier, who spotted the wrong postcode on the parcel, rang the depot.",
    # What a document tells its readers.
    "As written, this report tells the crews that the fix is to try harder.",
    # Things with the same name.
    "The two pumps have the same name in the console, so the wrong one is easy to pick.",
    "Both jobs share the same name and the same owner tag.",
    # Thanks and praise.
    "Thanks to Oskar and the front desk for talking forty guests through the manual check-in.",
    "Thanks to the night porters who carried the luggage up by hand and kept everyone calm.",
    "Great work by Ruth and the lab team, who kept every sample logged even with the chiller broken.",
    # A permission granted by a setting.
    "Keiko merged the change at 18:10; the repository settings allowed maintainers to merge without a review.",
    # A skip that put things right.
    "Tomas spotted the malformed record and skipped it, which unblocked the import at once.",
    # A step skipped, with what let it happen.
    "The fourth step was skipped; the printed checklist has no fourth step.",
    "A check was skipped: the form hid it behind a collapsed panel.",
    # A question about a duty.
    "Who needs to be told when the licence is close to expiry, and how would they hear today?",
    # A second person as a safeguard.
    "Require a second trained person to confirm any override of the dosing limit.",
    # No one, with words after it.
    "Nobody on the night shift could have known it from the console they had.",
    # A question with an aside.
    "We were asked, quite reasonably, whether this was a mistake by the dispatcher or by the depot.",
    # A thing unasked for.
    "Dozens of members wrote in about a renewal email they didn't ask for.",
    # Escalating rather than trying again.
    "The duty nurse paged the pharmacist on call rather than retrying the pump a third time.",
]

# Texts the scorer reads too (run with scorer=True): turns with the subject left out.
BLAMELESS_WITH_SCORER = [
    "daily sync, Wed\n- Noor: didn't get the label printer working, the driver isn't signed\n"
    "- Pablo: can't test the scanner until it is, picking up the returns queue instead",
    "[call notes]\ncaller: isn't the gate meant to open by itself?\ndesk: it is, the sensor didn't see the car",
]

BLAMEFUL = [
    # A record or an act owned by a person.
    "A note about the outage will go on Dara's record.",
    "It was Bob's change that locked everyone out.",
    "Farah's careless decision caused the lockout.",
    # Left unnoticed by people.
    "The stale readings went unnoticed by the two analysts on shift.",
    "The full disk went unacknowledged for six hours by the on-call.",
    "The error went unanswered for fifty minutes.",
    "His habit of muting the channel is why the ticket sat unanswered for a week.",
    # Hindsight the writers state themselves.
    "The picking team should have spotted the mislabelled crates.",
    # A person as the reason something broke.
    "Marta is the reason the feed went down.",
    # A first name before the same verb.
    "Maria sent the payslips with the wrong totals.",
    "Nicolas restored the backups to the wrong bucket.",
    # People told to know or do something.
    "Make sure the new hires understand the hold setting.",
    "We will make sure we read every alert properly.",
    # The wrong thing done.
    "Maria delivered the wrong parcel to the depot.",
    # The author's own remedy.
    "The fix is for the crews to try harder.",
    # The same people again.
    "Same names on every incident, the same team again.",
    # Sarcasm, and a cause.
    "Thanks to the platform folks for turning a five-minute deploy into an outage.",
    "Great work by the release team, shipping a broken build on launch night.",
    # An act without a safeguard.
    "Keiko merged the change without a review.",
    # A skip with nothing put right.
    "Tomas skipped the canary.",
    # A step skipped, nothing said of why.
    "The fourth step was skipped again.",
    # Sarcasm.
    "Who needs staging when you have a Friday afternoon and confidence?",
    # A remedy aimed at the one who acted.
    "Require the pharmacist to confirm every override of the dosing limit twice.",
    # Someone who could have known, and a verdict stated.
    "The on-call could have known it from the console.",
    "This was a mistake by the dispatcher.",
    # A step not asked for.
    "The engineer didn't ask for a review.",
    # Going ahead rather than waiting.
    "The duty nurse restarted the pump a third time rather than paging the pharmacist.",
]

BLAMEFUL_WITH_SCORER = [
    # A section label, not a speaker.
    "Root cause: didn't bother testing the label printer driver before the rollout.\nImpact: no labels for two hours.",
    # A label with a subject after it: the author's judgement.
    "Noor: Pablo was careless with the scanner config\nPablo: fair",
]


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == [], [(h.rule, text[h.start : h.end]) for h in find_blame(text)]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize("text", BLAMELESS_WITH_SCORER)
def test_turns_with_the_subject_left_out_are_the_speakers(text: str) -> None:
    found = find_blame(text, scorer=True)
    assert found == [], [(h.rule, text[h.start : h.end]) for h in found]


@pytest.mark.parametrize("text", BLAMEFUL_WITH_SCORER)
def test_labels_and_judgements_in_turns_are_still_findings(text: str) -> None:
    assert find_blame(text, scorer=True), text
