"""Round 14 of issue 14: the rules' recall on text nobody here wrote (character, counterfactual,
culprit-question and person-remedy families), next to blameless look-alikes. All written fresh for
these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

# Conditionals about what a person had done: contracted "would", the consequence first, "had"
# contracted, a person's own state after "had been", and occupations read by their suffix.
COUNTERFACTUAL = [
    "Had the receptionist counted the tickets, the hall would've opened on time.",
    "The flood was completely avoidable if the caretaker had closed the valve.",
    "The freezer wouldn't have thawed if the caretaker had checked the door seal.",
    "If he'd just read the handover note, we'd have kept the booking.",
    "Had the lifeguard been alert, the pool would have closed an hour sooner.",
    "Had the florist ordered on Monday, the wreaths would have arrived in time.",
    "If the pharmacist had double-checked the label, the patient would not have been given the wrong dose.",
]

COUNTERFACTUAL_BLAMELESS = [
    # the person is acted on, or the condition is about a thing
    "Had the caretaker been paged, we would have known about the leak sooner.",
    "Had the duty manager been told about the freeze, the release would have waited.",
    "It would have been quicker if the runbook had listed the valve's location.",
    "If it'd been restarted, the queue would have drained.",
    # "'d" as "would" is not a condition about the past
    "If she'd like the longer report, we would send it on Monday.",
    # words ending like occupations that are not people
    "The checklist had the step, and the playlist would have played the right film.",
]


@pytest.mark.parametrize("text", COUNTERFACTUAL)
def test_conditionals_about_a_person_are_flagged(text: str) -> None:
    assert any(hit.rule == "blame/counterfactual" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", COUNTERFACTUAL_BLAMELESS)
def test_conditionals_about_things_are_not(text: str) -> None:
    assert find_blame(text) == [], text


# Occupations read by their suffix, as subjects of a lapse.
@pytest.mark.parametrize(
    "text",
    [
        "The florist forgot to switch the cold room on.",
        "The violinist should have checked the tuning schedule before the broadcast.",
        "The mathematician should have tested the seating model after the change.",
    ],
)
def test_occupations_are_people(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The florist's van arrived at 05:10, as logged.",
        "The checklist and the setlist both named the wrong song.",
    ],
)
def test_occupations_in_neutral_roles_are_not(text: str) -> None:
    assert find_blame(text) == [], text


# The imagined better person in any seat, or described by the care they had.
IMAGINED = [
    "A more careful rigger wouldn't have left the shackle unpinned.",
    "Any sensible caretaker would've drained the pipes before the frost.",
    "Any organiser who'd been paying attention would have noticed the double booking.",
    "Somebody who genuinely cared would have rung the supplier back.",
    "Anyone with half a brain would have kept the spare key on site.",
]

IMAGINED_BLAMELESS = [
    "A more careful rollout plan would have staged the change by region.",
    "A thorough soak test would have shown the leak within a day.",
    "Any operator in that seat would have made the same call with what the console showed.",
    "A more experienced eye is now part of the review: the checklist names who.",
]


@pytest.mark.parametrize("text", IMAGINED)
def test_the_imagined_better_person_is_flagged(text: str) -> None:
    assert any(hit.rule == "blame/counterfactual" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", IMAGINED_BLAMELESS)
def test_better_things_and_any_person_in_that_seat_are_not(text: str) -> None:
    assert find_blame(text) == [], text


# A signal passed over in the passive, looked at by nobody, or there for anyone who cared to look.
PASSED_OVER = [
    "The low-battery light on the defibrillator was noted and then quietly passed over.",
    "Both drafts were waved through with nobody so much as opening the attachment.",
    "The damaged crate was accepted at the loading bay without anyone checking the seal.",
    "The cracked tile was never noticed by the staff cleaning that corridor every night.",
    "The wrong date sat on the noticeboard for a week for anyone who bothered to read it.",
]

PASSED_OVER_BLAMELESS = [
    "The request was passed over to the billing service once the quota reset.",
    "The failover completed without anyone having to step in.",
    "The caterer passed over the keys to the night porter at 22:00.",
    "The sensor drift was never noticed by the monitoring job, which sampled hourly.",
]


@pytest.mark.parametrize("text", PASSED_OVER)
def test_signals_passed_over_are_flagged(text: str) -> None:
    assert any(hit.rule == "blame/counterfactual" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", PASSED_OVER_BLAMELESS)
def test_things_passed_on_and_machines_are_not(text: str) -> None:
    assert find_blame(text) == [], text


# A right taken from a person, a person suspended by order, access revoked for whoever did it.
SANCTIONS = [
    "Tomasz's badge access to the archive room has been withdrawn until further notice.",
    "The cashier's till privileges are suspended following the cash-up discrepancy.",
    "Action: suspend the rigger for two shifts without pay.",
    "Revoke booking rights for the coordinator who double-sold the hall.",
]

SANCTIONS_BLAMELESS = [
    "The build robot's credentials were revoked after the token leaked.",
    "The supplier's portal access was withdrawn when the contract ended.",
    "Suspend the nightly export until the schema fix lands.",
    "Revoke write access for the retired service account.",
]


@pytest.mark.parametrize("text", SANCTIONS)
def test_sanctions_on_people_are_flagged(text: str) -> None:
    assert any(hit.rule == "blame/person-remedy" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", SANCTIONS_BLAMELESS)
def test_rights_taken_from_things_are_not(text: str) -> None:
    assert find_blame(text) == [], text


# Inattention given as the reason is the judgement itself; a reason for it in another clause still clears it.
@pytest.mark.parametrize(
    "text",
    [
        "The pallet went out unlabelled because the cashier wasn't paying attention to the screen.",
        "The second bell went unheard because they weren't listening.",
    ],
)
def test_inattention_given_as_the_reason_is_flagged(text: str) -> None:
    assert find_blame(text), text


def test_a_reason_for_the_inattention_in_another_clause_still_clears_it() -> None:
    text = "Because the console showed forty alarms at once, the cashier lost track of the pallet count."
    assert find_blame(text) == [], text


# Worn down "by" or "from" people is venting; worn down by the night or by pages is not.
def test_worn_down_by_people_is_flagged() -> None:
    assert find_blame("Honestly worn out by the warehouse crew and their shortcuts.")


@pytest.mark.parametrize(
    "text",
    [
        "Everyone was exhausted by the long night and the double shift.",
        "The team was worn out by three pages in one night.",
    ],
)
def test_worn_down_by_the_work_is_not(text: str) -> None:
    assert find_blame(text) == [], text


# "Whoever" heads a clause about a person.
def test_whoever_as_the_subject_is_a_person() -> None:
    assert find_blame("The lights stayed off because whoever locked up left out the timer reset.")


def test_whoever_in_a_rota_rule_is_not_blame() -> None:
    assert find_blame("Whoever is on call that week owns the handover note.") == []


def test_worn_down_by_the_hours_is_not() -> None:
    text = "Responders were drained by the fourth hour; the rota now hands over every two hours."
    assert find_blame(text) == [], text
