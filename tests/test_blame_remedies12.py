"""Round 12 of issue 14: remedies aimed at a person's conduct or knowledge and sanctions, read by
their frame (a seat lost, pay docked, a mark on the record, a person set to learn, conduct asked
by its manner), next to blameless look-alikes about systems, onboarding and the writers. All
written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # a seat lost, any tense or voice, with a person (or a noun of an agent) as the object
    "The depot has taken the yard foreman off the weekend rota.",
    "Operations removed the night cashier from till duties for a month.",
    "The harbourmaster was pulled off the pilot roster after the grounding.",
    "Finance barred the payroll clerk from the close desk.",
    # "let ... go"
    "The board decided to let the duty planner go.",
    # pay docked, eligibility lost
    "Dock the courier's fee for the two missed drops.",
    "We are docking the stand-by allowance of the technician on duty.",
    "After the spill the foreman will no longer be eligible for the quarterly award.",
    # a mark on the record
    "The lab manager is to get a formal reprimand.",
    "Facilities will open a misconduct case against the porter.",
    "Ezekiel has been given a written reminder of the lockout procedure.",
    # a person set to learn, as the remedy
    "Marisol to complete the forklift certification again before she drives in the cold store.",
    "All counter staff to attend a refresher on the refund policy.",
    "The night sub-editor to redo the style module.",
    "Quinn to be walked through the rostering tool by the shift lead.",
    # conduct asked by its manner
    "The ramp supervisors need to take the weight checks more seriously.",
    "Going forward the dispatcher has to take his time over each booking.",
    "Coordinators must take responsibility for their own handovers.",
    "Refresher for the loading crew on the hoist limits.",
]

BLAMELESS = [
    # systems taken out of a rotation or a schedule; objects that are things
    "We removed the failing node from the load-balancer rotation.",
    "The cron job was removed from the nightly schedule.",
    "Ops removed the stale entry from the duty roster export.",
    "We moved ourselves off the duty rota to cover the migration.",
    # "let ... go" of things
    "Let the queue drain, then let the pods go.",
    "We let the release go ahead after the canary passed.",
    # fees and eligibility of customers and services
    "The vendor fee was deducted from the invoice total.",
    "Customers on the legacy plan are no longer eligible for the discount.",
    # warnings that tools raise, and letters the writers received
    "The scheduler sends a written reminder to the on-call every Monday.",
    "We have a warning letter from the regulator and forty complaints.",
    # onboarding, and learning that is not a remedy
    "New dispatchers to complete the routing course before their first shift.",
    "Train the anomaly model on the last quarter of data.",
    # conduct words about systems
    "The retry budget needs to take the queue depth more seriously than it does.",
    "The migration takes its time on large tables.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_remedies_aimed_at_people_are_flagged(text: str) -> None:
    assert any(hit.rule == "blame/person-remedy" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", BLAMELESS)
def test_lookalikes_about_systems_and_process_are_not(text: str) -> None:
    assert find_blame(text) == [], text
