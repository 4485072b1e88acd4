"""Judgements that are not in the person's own clause (round 10 of issue 14).

The person is the subject of one clause or sentence and the judgement stands in the next: a
coordinated clause that opens with its verb, a verdict on *that* or *which*, a sentence that
leaves its subject out. Each blameful telling is paired with a telling of the same event that
the check must leave alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._scan import _reference_hits


def _phrases(text: str) -> list[tuple[str, str]]:
    return [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)]


class TestCarriedSubject:
    """A person's subject carries to the clause or sentence holding the judgement."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            # Past a coordination inside the first clause ("two and a half hours").
            (
                "The desk analyst, Ingrid, had the chart open for two and a half hours and did not notice the flat line.",
                "did not notice",
            ),
            # A title before the name.
            ("Mr. Fashola skipped the verification run without a second check.", "skipped"),
            # A sentence that leaves its subject out takes the one before it.
            ("Bogdan saw the replication warning. Didn't mention it to anyone.", "Didn't mention"),
            ("Aarav pushed the parameter set. Forgot to tell anyone.", "Forgot"),
            ("Yusra approved the upload at 23:40. Should have waited for the morning check.", "Should have"),
        ],
    )
    def test_the_carried_clause_is_judged(self, text: str, phrase: str) -> None:
        """The judgement is found with the person carried to it."""
        assert phrase in [found for _, found in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        [
            # The subject carried is a system.
            "The deploy went out at 10:02. Failed health checks for five minutes.",
            # The writers' own narrative is not carried.
            "We rolled back at 10:20. Should have been sooner, given the error rate.",
            # A question and an imperative open with their verbs too, but carry nothing.
            "Ravi was paged at 02:10. Was the page routed to his phone?",
            "Ravi restarted the primary. Check the replica lag before the next restart.",
            # A new paragraph carries nothing.
            "Ravi restarted the primary.\nForgot-password e-mails were delayed for an hour.",
        ],
    )
    def test_nothing_is_carried_where_no_person_acts(self, text: str) -> None:
        """No finding when the sentence before holds no person's act, or the sentence is not a carried one."""
        assert _phrases(text) == []


class TestVerdictOnTheActBefore:
    """A verdict on "that" or "which" is blame when what it judges is a person's act."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Sergei ran the June test. That is not acceptable for someone in that seat.", "That is not acceptable"),
            (
                "Mr. Okafor deleted the staging tenant, and that was not his call to make.",
                "that was not his call to make",
            ),
            (
                "The firmware was pushed without a second pair of eyes, which was unacceptable.",
                "which was unacceptable",
            ),
            (
                "Milan was on duty all week and either didn't look or didn't care. Either way that's not good enough.",
                "that's not good enough",
            ),
            ("Marek saw the flat line at 07:35 and said nothing in the channel. Again.", "Again."),
            ("The billing squad renamed the invoice queue on a Friday evening. Typical.", "Typical."),
            ("Priya got the vendor's e-mail in June and did not do anything with it.", "and did not do anything with"),
        ],
    )
    def test_the_verdict_is_found(self, text: str, phrase: str) -> None:
        """The verdict is a finding of its own, its words quoted."""
        assert ("blame/character", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The outage lasted three hours. That is not acceptable for a paid plan.",
            "The outage lasted three hours, which is unacceptable for a paid plan.",
            "Customers were charged twice, which is unacceptable.",
            "We restarted the primary. That was not good enough.",
            "The nightly job failed. Again.",
            "Typical.",
        ],
    )
    def test_a_verdict_on_a_system_or_on_us_is_not(self, text: str) -> None:
        """No finding for a verdict on an outcome, a system's act, or the writers' own."""
        assert _phrases(text) == []

    def test_the_fast_scan_and_the_plain_reading_agree(self) -> None:
        """The scan of a whole text and the sentence-by-sentence reading find the same verdicts."""
        text = (
            "Sergei ran the June test. That is not acceptable.\n"
            "The outage lasted an hour. That is not acceptable.\n"
            "Ines force-pushed over main. Typical. Marek saw it and did not do anything about it."
        )
        assert [(h.rule, h.start, h.end) for h in find_blame(text)] == [
            (h.rule, h.start, h.end) for h in _reference_hits(text)
        ]
        # Round 16: the force-push itself is a finding too (a person's destroying act, see test_blame_recall16.py).
        assert len(find_blame(text)) == 4


class TestStepGoneWithout:
    """A passive act on work with a step gone without, no one named: hindsight on whoever let it through."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("The subtitle file was approved without being opened.", "without being opened"),
            ("The migration was run without anyone reading it first.", "without anyone reading"),
            ("It went out without anyone batting an eye.", "without anyone batting"),
        ],
    )
    def test_the_step_is_found(self, text: str, phrase: str) -> None:
        """The step gone without is the finding."""
        assert ("blame/counterfactual", phrase) in _phrases(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The request was served without being checked against the cache.",
            "The disk filled up over the weekend without anyone checking it.",
            "The alert resolved itself without anyone noticing.",
        ],
    )
    def test_a_system_running_unobserved_is_not(self, text: str) -> None:
        """No finding when what went without the step is a system's own work."""
        assert _phrases(text) == []


class TestWhatWeKnowNow:
    """ "With what we know now" frames a verdict with hindsight as "in hindsight" does."""

    def test_the_verdict_is_found(self) -> None:
        """The hindsight verdict is a finding; the same frame over a plain fact is not."""
        assert [rule for rule, _ in _phrases("With what we know now, that was a silly decision.")] == [
            "blame/counterfactual"
        ]
        assert _phrases("We now know the replica was 40 minutes behind.") == []


class TestVentingAfterTheAct:
    """Venting at the act just told ("I'm tired of this.") and at people named in the sentence."""

    def test_venting_after_a_person_act(self) -> None:
        """After a person's act it is a finding; after a system's event it is not."""
        assert ("blame/character", "tired of this.") in _phrases(
            "Ravi pushed the config straight to prod. Honestly, I'm tired of this."
        )
        assert _phrases("The pager went off nine times. Honestly, I'm tired of this.") == []

    def test_sick_to_death_and_fed_up(self) -> None:
        """More wordings of being tired of people."""
        assert _phrases("I'm sick to death of mopping up after the rental booking squad.") != []
        assert _phrases("So tired of this pager. Nine pages tonight, none actionable.") == []


class TestNamedTeamsAndThinking:
    """A nobody-phrase naming a team, and venting at what a person was thinking."""

    def test_nobody_on_a_named_team(self) -> None:
        """ "Nobody on the platform team did anything about it" reads like "nobody did anything about it"."""
        text = "The desk raised it in March, and nobody on the platform team did anything about it."
        assert ("blame/character", "nobody on the platform team did anything") in _phrases(text)

    def test_what_a_person_was_thinking(self) -> None:
        """Venting at a person's thinking is a finding; the words with no person are not this rule's."""
        assert ("blame/character", "don't know what he was thinking") in _phrases(
            "He knows what the target does, so I honestly don't know what he was thinking."
        )
        assert "blame/character" not in [r for r, _ in _phrases("We now know what the on-call was thinking.")]


class TestLapsesWithAPronoun:
    """Care and lapses said of a person who is only a pronoun or a role ("He wasn't careful ...")."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Why? He wasn't careful about which environment he was in.", "wasn't careful"),
            ("Our on-call let the disk fill up on the archive node.", "let the disk fill up"),
        ],
    )
    def test_the_lapse_is_found(self, text: str, phrase: str) -> None:
        """The lapse is a finding."""
        assert phrase in [found for _, found in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        ["The retention job let the disk fill up.", "The cache was not warm enough, and it is not focused on latency."],
    )
    def test_a_system_is_not_judged(self, text: str) -> None:
        """The same words with a system as the subject are no finding."""
        assert _phrases(text) == []


class TestNeverCheckedAfterTheAct:
    """ "It was never tested." right after a person's act hangs on that person."""

    def test_after_a_person_act(self) -> None:
        """A finding after a person's act, in the next sentence or the next clause; none after a system's state."""
        assert _phrases("Ravi pushed the config. It was never tested.") == [
            ("blame/counterfactual", "It was never tested")
        ]
        assert _phrases("Ravi pushed the config and it was never reviewed.") != []
        assert _phrases("The restore path is rarely used. It was never tested.") == []


class TestDevelopmentLines:
    """The ``v10c-`` development lines (tests/data/blameless_v10_dev.jsonl) stay at the level reached."""

    def test_level_reached(self) -> None:
        """No rule finding on a blameless line; at least 17 of the 20 blameful lines found (18 at the end of round 10)."""
        path = Path(__file__).parent / "data" / "blameless_v10_dev.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        rows = [row for row in rows if row["id"].startswith("v10c-")]
        flagged = {row["id"]: bool(find_blame(row["text"])) for row in rows}
        assert [row["id"] for row in rows if row["label"] == "blameless" and flagged[row["id"]]] == []
        assert sum(flagged[row["id"]] for row in rows if row["label"] == "blameful") >= 17
