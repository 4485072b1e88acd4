"""Round 11 of issue 14: a person or a role as the cause, read by structure (``_marked_acts``,
``_person_causes``, the seats of ``role_nouns.txt``, the subject's phrase in ``_clauses``), next to
their blameless look-alikes. All written fresh for these tests."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMEFUL = [
    # A seat of another trade as the subject.
    "The night concierge left the loading bay unlocked until morning.",
    "A trainee deleted the shared calendar while tidying up her inbox.",
    "The hotel receptionist neglected to check the guest list before the import.",
    # An adverb before the verb, a compound role.
    "The duty engineer simply didn't read the second alert.",
    "The release manager failed to wait for the smoke tests.",
    # Harm joined after a person's act.
    "The warehouse clerk keyed the pallet count twice and 300 orders were duplicated.",
    "Ottavia renamed the export folder and the bank missed the nightly file.",
    # A step the act went without, the other choice named.
    "The technician swapped the pump without isolating the valve first.",
    "The archivist on shift published the draft list instead of the approved one.",
    # A slip told by its verb.
    "The lab technician mislabelled the sample trays.",
    "Our dispatcher misrouted four ambulances to the old depot.",
    # A person as the subject of a cause, a duty failed, a thing left on.
    "Bartholomew is the reason the payroll run failed.",
    "Per the deploy log, the breaking commit is hers; she is the root cause.",
    "The auditor failed in his duty to reconcile the ledgers.",
    "Somebody left the maintenance banner switched on for a whole week.",
]

BLAMELESS = [
    # The responder's acts, with harm named near them.
    "Farida rolled back the release and error rates recovered within minutes.",
    "The night porter noticed the bay door open and the alarm was reset.",
    "Ignacio paged the DBA, and by then the replica was already lost.",
    # Harm denied, a reason given, a passive, a system.
    "The clerk re-keyed the batch and no invoice was sent twice.",
    "The clerk re-ran the import because the first file was empty.",
    "The archive bucket was emptied and the old exports were lost.",
    "The router misrouted packets for ten minutes after the BGP change.",
    "Tomasz traced the misrouted traffic to a stale route.",
    "The scheduler restarted the job instead of the whole worker.",
    # Credit, not blame; a thing left running for a reason; the writers.
    "Ana is the reason we caught the leak early.",
    "Marit left the old cluster running as a fallback.",
    "We restarted the primary instead of the replica, which kept writes available.",
    # Restarting without harm, a vendor's doing (read by the team rules, not these).
    "The on-call restarted the pods without dropping a single request.",
    "The ticketing system failed in production twice that week.",
]


class TestPersonAsTheCause:
    """A person's act that the sentence itself marks as bad is found; its look-alikes are not."""

    @pytest.mark.parametrize("text", BLAMEFUL)
    def test_blameful(self, text: str) -> None:
        """Each sentence that puts a person or a seat at the centre of the cause has a finding."""
        assert find_blame(text) != []

    @pytest.mark.parametrize("text", BLAMELESS)
    def test_blameless(self, text: str) -> None:
        """A responder, a reason, a passive, a system or credit gives no finding."""
        assert find_blame(text) == []

    def test_the_span_runs_from_the_person_to_the_harm(self) -> None:
        """The harm joined after the act is quoted with the act's clause, so the reader sees both."""
        text = "The warehouse clerk keyed the pallet count twice and 300 orders were duplicated."
        spans = {text[hit.start : hit.end] for hit in find_blame(text)}
        assert "The warehouse clerk keyed the pallet count twice and 300 orders were duplicated" in spans
