"""Round 9 of issue 14: readings that made wrong findings on whole documents, each as a general
kind (written fresh for these tests), and the blame next to each that stays found."""

from __future__ import annotations

import json

import pytest

import postmortem
from postmortem.checks._blame import find_blame
from postmortem.checks._blame._reading import chat_line_without_time
from postmortem.model import Incident

NOT_BLAME = [
    # Thanks for help given, even when what was helped names customers.
    "Thanks to the support desk, who worked through Sunday calling every affected customer one by one.",
    "Thanks to the night team for staying on until the last customers were migrated.",
    # A signal left unread, with the reason in the next sentence.
    "Twelve pages sat unread for two hours. Nobody was paged because the rota had no secondary configured.",
    # A signal unread with the detection gap named after a semicolon.
    "The queue backlog went unnoticed for an hour; nothing pages on queue depth.",
    # People asleep in another time zone: a fact.
    "Both approvers were in Auckland and were asleep when the first reports arrived.",
    "Half the platform team was asleep in Singapore when the queue backed up.",
    # A system that would have caught it, after "than".
    "The complaint came in nine hours later than the anomaly job would have caught it.",
    # A third party not telling the team.
    "The vendor's support team never told us the signing certificate would rotate on Friday.",
    "Our CDN provider's account manager did not tell us about the maintenance window.",
    # Access removed by need: least privilege.
    "Remove production access from all admins who do not need it.",
    "Revoke standing database access for accounts that no longer use it.",
    # Guidance to customers.
    "Customers should double-check their invoices for 3 to 5 March.",
    "Tenants should be careful not to upload the same file twice until the fix is released.",
    # The interviewer's questions, printed as data.
    "Interviewer: Why didn't you roll back at 14:10?",
    "**Facilitator:** Who approved the change?",
    "Q: Why didn't you roll back sooner?\nA: The rollback button was greyed out for my role.",
    "We asked the on-call why they didn't escalate sooner.",
    # A third party acting without notice; a step skipped with the reason given.
    "The deliverability team at the provider changed a response text without notice.",
    "I approved it without asking whether the mobile app had been tested, because I wanted it out before the weekend.",
    # "down" as a particle, not harm done; an aggregator is a third party.
    "Thanks to Ines, who stayed on after her shift to write the rollback steps down while they were fresh.",
    "The aggregator's account team did not inform us that the registration had a renewal date.",
]

STILL_BLAME = [
    "Thanks to the platform folks for turning a five-minute deploy into an outage.",
    "Thanks to the ops team for working so hard to take prod down again.",
    "Thanks to the payments squad for bringing checkout down on a Friday.",
    "Alert sat unread. Again.",
    "The deprecation notice went unanswered all three times; the API was switched off on 1 November.",
    "The responder was half-asleep and approved the wrong rollback.",
    "The service owner never told support that the export was being retired.",
    "Remove deploy rights from Ivan until he completes the training.",
    "Users must be more careful with shared links.",
    "The on-call should double-check their changes.",
    # A question with no answer under it is the author's own.
    "Q: Who wrote the cron line with the wrong timezone? We need a name for the report.",
    "Q: Why didn't you roll back sooner?\nQ: And who signed it off?",
    "The DBA team changed the connection limit without notice.",
    "The security team rolled out the firewall change without telling anyone, as usual.",
    "Mthunzi raised the cache size without checking memory headroom; 14 hosts OOM-looped because of it.",
]


@pytest.mark.parametrize("text", NOT_BLAME)
def test_round_9_readings_are_not_findings(text: str) -> None:
    assert find_blame(text) == [], [text[h.start : h.end] for h in find_blame(text)]


@pytest.mark.parametrize("text", STILL_BLAME)
def test_the_blame_next_to_them_is_still_found(text: str) -> None:
    assert find_blame(text), text


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        ("<dave> who pushed this garbage?", True),
        ("@marco: that's on me, I was careless", True),
        ("> @marco: that's on me", True),
        ("dave: Marco never checks anything", False),  # a bare label: "Note:", "Update:"
        ("Marco pushed the config", False),
        ("@marco pushed the config", False),
    ],
)
def test_a_chat_line_without_its_time(text: str, chat: bool) -> None:
    assert chat_line_without_time(text) is chat


def _timeline_incident(descriptions: list[str]) -> Incident:
    data = {
        "id": "INC-9",
        "title": "Checkout errors",
        "summary": "Checkout returned errors for 40 minutes.",
        "milestones": {"started": {"at": "2026-05-21T14:00:00+00:00"}},
        "timeline": [
            {"time": {"at": f"2026-05-21T14:{i:02d}:00+00:00"}, "description": d}
            for i, d in enumerate(descriptions, start=1)
        ],
    }
    return postmortem.loads(json.dumps(data), "json")


def test_a_chat_line_in_the_timeline_is_not_judged_and_the_authors_line_is() -> None:
    incident = _timeline_incident(
        ["<dave> who pushed this garbage? Marco is careless", "@marco: sorry, I was careless", "Marco was careless."]
    )
    paths = {f.path for f in postmortem.check(incident).findings if f.rule.startswith("blame/")}
    assert paths == {"$.timeline[2].description"}


@pytest.mark.parametrize(
    "text",
    [
        "Channel log:\n\n- 14:06 <dave> Marco is careless, as always\n- 14:07 <marco> sorry, my bad\n",
        "Channel log:\n\n* 14:06 dave: Marco is careless, as always\n",
        "Channel log:\n\n1. 14:06 dave: Marco is careless, as always\n",
        "Channel log:\n\n**14:06** dave: Marco is careless, as always\n",
        "Channel log:\n\n`14:06` <dave> Marco is careless, as always\n",
        "Channel log:\n\n14:06 \u2014 dave: Marco is careless, as always\n",
        "- 14:06 <dave> Marco is careless, as always",
    ],
)
def test_a_pasted_chat_line_in_a_list_or_with_a_marked_time_is_not_judged(text: str) -> None:
    assert find_blame(text) == [], text


def test_a_timeline_list_entry_without_a_handle_is_still_the_authors() -> None:
    assert find_blame("Timeline:\n\n- 14:06 Marco was careless and pushed without review.\n")
