"""Round 10 of issue 14: sarcasm (``_irony``) and rhetorical questions that blame (``_rhetorical``),
next to genuine praise and questions the next sentence answers. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

SARCASM = [
    "Great call to run the reindex at 17:55 on a Friday.",
    "Bold move by Tove to migrate the ledger during the all-hands.",
    "Deploying straight to every region. A bold strategy.",
    'Our "senior" engineer dropped the wrong schema.',
    "Thanks to our so-called experts on the billing squad.",
    "Nice work, team. The kiosk fleet was down for four hours.",
    "Good to know the rollback runbook is just a suggestion.",
    "Nothing says production-ready like a commented-out test suite.",
    "Turns out 'it passed on my laptop' isn't a load test. Who knew.",
    "Hats off to the genius who pointed the cron at production.",
    "I'm sure the hotfix at 2am was very well thought through.",
    "Thanks, Osk, for the lovely 3am page.",
    "Apparently the failover runbook counts as optional reading.",
    "Another stellar decision from the scheduling desk.",
    "Good thing we have a review rule. Pity nobody follows it.",
    "Clearly someone thought production was a fine place to try the new regex.",
]

NOT_SARCASM = [
    "Great call by Priya to roll back early.",
    "Great work by the support team turning the incident into a clear customer note within an hour.",
    "Great job by the deploy crew, who rolled back all regions in six minutes.",
    "Nice work, team: the failover took ninety seconds.",
    "The embargo date was printed in bold in the CMS preview.",
    "Good to know for next time: the replica takes forty minutes to catch up.",
    "A request counts as failed when it takes longer than two seconds.",
    "Thanks, Osk, for the great write-up.",
    "Good thing we had backups from the night before.",
    "We thought Tuesday was a good time for the upgrade because traffic is lowest.",
]

BLAME_QUESTIONS = [
    "Jorunn, why did you restart the brokers on production?",
    "@ops-oncall who merged this??",
    "What on earth was the reviewer looking at?",
    "Didn't anyone read the vendor's deprecation email?",
    "Who signs off a change like that?",
    "Can the person who disabled the fraud check please identify themselves?",
    "Which genius approved the schema drop?",
    "Why was Laszlo allowed to change production without a second person?",
    "How is it that nobody on the desk noticed for six hours?",
]

ANSWERED_OR_NEUTRAL = [
    "Why didn't we hear sooner? The alert went to an unused mailbox.",
    "@philippa-w can you link the design doc for the default?",
    "Who owns the cron host today?",
    "Why was the migration allowed to run during peak?",
    "What did the dashboards show the responder at 02:10?",
    "Didn't anyone notice the disk trend? The disk panel was on the third tab, below the fold.",
]


@pytest.mark.parametrize("text", SARCASM + BLAME_QUESTIONS)
def test_sarcasm_and_blame_questions_are_found(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize("text", NOT_SARCASM + ANSWERED_OR_NEUTRAL)
def test_praise_and_answered_questions_are_not(text: str) -> None:
    assert find_blame(text) == [], text
