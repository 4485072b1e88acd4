"""Round 11 of issue 14: blame at teams, departments and vendors, and instructions aimed at a person
(``_teams``), next to blameless text that names the same groups doing neutral acts; and three
causes of wrong findings on whole documents. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # a habit told of others, beside an act that went wrong
    "The billing squad skipped the canary again, as usual.",
    "Once again the warehouse IT people rebooted the scanners mid-shift without a word.",
    "In classic fashion, the web agency pushed the redesign straight to the live shop.",
    "The mapping supplier, as ever, sent a broken tile set.",
    # a verdict on competence with a person or an organisation as the subject
    "The hosting provider's escalation desk was useless for the whole night.",
    "Frankly, the payroll vendor's helpdesk was a joke.",
    "The contractor's field crew were clueless about the new panels.",
    "What a shambles from the ticketing partner.",
    # acts only people do badly
    "The courier integrator fumbled the address migration.",
    "Vendor support sat on our escalation until Monday.",
    "The design agency left us holding the bag when the fonts expired.",
    "Procurement screwed up the licence renewal.",
    # "no excuse"
    "Two days without anyone opening the queue: there is no excuse for that.",
    "Leaving the door code in the wiki for a year is hard to excuse.",
    # instructions to a person by name about next time
    "Mireille, please double-check the tariff file yourself before uploading it next time.",
    "@teodor make sure this doesn't happen again",
    "Anselm, remember to tell the station before you take the pump offline in future.",
    # demands for an account
    "Require the payment processor to explain in writing why the change went out unannounced.",
    "The facilities contractor must explain to the board why the generator test was skipped.",
    "The telematics vendor needs to get its act together.",
    "Inventory team to explain in writing why the count was signed off.",
    # the writers bearing another group's act, told as a burden
    "Marketing launched the voucher a day early, and we paid for it all weekend.",
    "Their bug, our outage.",
    "The cleaning contractor unplugged the rack; this is their fault, not ours.",
    # verdicts told with certainty, contempt, or duty thrown on others
    "The freight partner's dispatchers apparently can't read a timetable.",
    "Nobody knows what the facilities office does all day.",
    "The label printer vendor lost our order, plain and simple.",
    "The studio crew treats backups as somebody else's problem.",
    "Stop skipping the pre-flight checklist.",
    "Dorotea needs to understand that the freezer log is not optional.",
    # a verdict measured against what the people should be
    "Leaving the alarm unanswered is not acceptable for a crew whose only job is the night watch.",
    "Honestly, we expected better from a vendor this size.",
    "The controller left the desk during the storm, which is not what we pay controllers for.",
]

BLAMELESS = [
    "The networking team rolled back the change at 14:10.",
    "We asked the vendor for the controller logs and they arrived within the hour.",
    "As usual, the vendor sent the monthly capacity report on Monday.",
    "Once again the staging cluster ran out of addresses during the nightly build.",
    "We rebuilt the index through the pipeline as usual.",
    "The old dashboard was useless during the outage because it sampled once an hour.",
    "Support answered the first ticket in four minutes.",
    "The provider deleted, at our request, every stored copy of the export.",
    "Ines, please share the timeline link with the reviewers.",
    "Ines, who was on call, acknowledged the page at 02:04.",
    "Ask the supplier to explain how the firmware handles a lost uplink.",
    "The hotfix was tested against the old tile set before it shipped.",
    "The on-call engineer was paged again at 03:10 for the same disk.",
    "The pump vendor's maintenance overran by an hour and we had to switch to the spare line.",
    "We rolled back the release and we paid for it with ten minutes of queueing.",
    "The vendor doesn't know yet why the controller rebooted.",
    "The patch makes the client stop ignoring the Retry-After header.",
    "Stop treating the translation team as a black box: invite them to the release review.",
    "Halvard joined the review to explain why the timeout was set to 30 seconds.",
    "Runbooks must be short enough for a person who is paged at 3am to follow.",
    "The checklist is written for a team running two sites, so it lists both control rooms.",
    # people let through a gate pass it; nobody is judged
    "About 600 tickets failed to scan, and those visitors were let through by the door staff after a check.",
    "At an unstaffed entrance there would have been nobody to wave passengers through.",
    # frames that assert no blame: a noun denied, an act no one could have done, an act not yet done
    "This review is not a disciplinary process and is not evidence of negligence by anyone.",
    "The limit was written nowhere, so neither shift could have spotted it.",
    "Two hundred riders got a late-arrival penalty they did nothing to earn.",
    "Here are my notes from the bridge, before I forget them.",
    # a template's guidance opens with a verb, not a name
    "Describe causes in terms of conditions, not people.",
    # the reader's claim, quoted by a reply
    "You wrote that the night porters should have noticed the leak on their round; the round does not cover that room.",
]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blame_at_groups_and_instructions_are_found(text: str) -> None:
    """Each sentence blames a team, a vendor or a named person, and gets a finding."""
    assert find_blame(text), text


@pytest.mark.parametrize("text", BLAMELESS)
def test_groups_doing_neutral_acts_are_not_flagged(text: str) -> None:
    """The same groups and shapes, telling what happened without judging anyone, get none."""
    assert [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)] == []


class TestSpans:
    def test_instruction_spans_name_and_sign(self) -> None:
        """An instruction to a person is shown from the name to the sign of next time."""
        text = "Mireille, please check the tariff file next time."
        (hit,) = find_blame(text)
        assert (
            hit.rule,
            text[hit.start : hit.end],
        ) == ("blame/person-remedy", "Mireille, please check the tariff file next time")

    def test_habit_span_is_the_marker(self) -> None:
        """A habit is shown by its marker, which the message explains."""
        text = "The billing squad skipped the canary again, as usual."
        assert "as usual" in [text[hit.start : hit.end] for hit in find_blame(text)]
