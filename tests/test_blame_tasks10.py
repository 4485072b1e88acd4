"""Round 10 of issue 14: remedies written as tasks aimed at people, and sanctions (``_tasks``,
``_sanctions``), next to their blameless look-alikes: an action item that changes the system and
names a person only as its owner. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

AIMED_AT_PEOPLE = [
    # An owner given something done to them, or a task about their own conduct.
    "Ravi to be taken off the weekend rota.",
    "- [ ] Oskar to slow down and run the dry run before every migration",
    "Action: Mirela to shadow a senior engineer for her next two releases.",
    "3. Tomasz must be supervised by a colleague on every firewall change this quarter.",
    "Action item: Ines must get sign-off from her lead before touching the billing jobs.",
    "The depot engineers are expected to watch the route feed much more closely.",
    # Imperatives whose object is a person or a role.
    "Remind the night shift to read the runbook.",
    "Action: remind the warehouse supervisors to double-check the pallet labels before dispatch.",
    "Tell the weekend crew that alerts are meant to be read.",
    "Pair Ewa with a senior engineer for all schema changes.",
    "Retrain the night editor on the publishing checklist.",
    "Keep juniors away from the payments database.",
    "- [ ] Write Ruben up",
    "- [ ] Remove Ilse from the release rota until further notice.",
    "The night shift needs to stop skipping the handover.",
    "Going forward Petra is to slow down and read each alert through to the end.",
    "- [ ] Everyone on the rota: read the alert text properly before acking.",
    "Lesson learned: don't let Marcus near the firewall on a Friday.",
    "- [ ] Pull Sergei's prod SSH and console rights indefinitely",
    "Milos is removed from the pager schedule until his manager says otherwise.",
    "The team lead will have a serious conversation with whoever pushed the change.",
    # Addressed lines, lessons and training.
    "@ravi: stop pushing on Fridays",
    "Hedda: slow down.",
    "Lesson: stay focused during the cutover.",
    "Takeaway for the dispatch desk: trust nothing, verify everything.",
    "Refresher training for the gate supervisors.",
    # Sanctions.
    "The cleaning contractor will lose the airport contract over this.",
    "Outcome: Vilja goes onto a formal PIP next month.",
    "Bruno loses prod access for 30 days.",
    "The release engineer's bonus for the quarter will be docked.",
    "HR to add the outage to the technician's file.",
    "The duty manager will decide what consequences follow for the two clerks.",
    "No more on-call for Jonas until further notice.",
    "The operator has been reassigned to a desk without production access.",
]

SYSTEM_WORK = [
    "Ravi to add a lint rule for unpinned images.",
    "Train the anomaly model on the last quarter of traffic.",
    "Remind via an automated banner when a freeze is on.",
    "Ask the vendor for a root cause by Friday.",
    "Ask Priya to add the retry budget to the client library.",
    "Pair new on-call engineers with a buddy for their first shift.",
    "Make the purge tool show the row count and ask for it back.",
    "Lesson: automate the checklist so nobody has to remember it.",
    "The pods will be moved off the node before the kernel upgrade.",
    'Replace "human error" with the conditions that made the slip easy.',
    "We will stop asking the model to guess without fresh input.",
    "The vendor contract gives us no notice of their maintenance windows.",
    "Contract tests between the two services run on every merge.",
    "Run pip install with the hash-checking mode on in the build image.",
    "Engineers must get sign-off from a second reviewer for production changes.",
    "Remove production access from all admins who do not need it.",
    "Remove the DBA role from the service account.",
    "Remove the host from the rotation.",
    "The agents need to stop retrying on 503.",
    "The plan is to slow down the rollout to one region a day.",
    "Pull the old replica's credentials from the vault.",
    "The host is removed from the pool when its health check fails.",
    "Customers lost access to their dashboards for twenty minutes.",
]


@pytest.mark.parametrize("text", AIMED_AT_PEOPLE)
def test_remedies_aimed_at_people_are_found(text: str) -> None:
    assert any(hit.rule == "blame/person-remedy" for hit in find_blame(text)), text


@pytest.mark.parametrize("text", SYSTEM_WORK)
def test_action_items_on_the_system_are_not(text: str) -> None:
    assert find_blame(text) == [], text
