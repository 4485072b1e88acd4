"""Round 16 of issue 14: the rules' recall on text nobody here wrote, by mechanism.

Each blameful sentence is written for this file and paired with blameless twins: a thing doing
the same act, the same person doing a neutral act, and a system in the "by" phrase.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _phrases(text: str) -> list[tuple[str, str]]:
    return [(hit.rule, text[hit.start : hit.end]) for hit in find_blame(text)]


class TestDestroyingActAlone:
    """A person destroying something is the damage on its own, with no other sign of harm."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("Tomás deleted the rota.", "deleted"),
            ("The apprentice wiped the shared calendar.", "wiped"),
            ("A relief cashier truncated the till ledger on Sunday.", "truncated"),
            ("11:40 Wen drops the pricing table.", "drops"),
            ("Our electrician erased the key register with last year's copy.", "erased"),
            ("Somebody from the archive team purged the scanned letters.", "purged"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The destroying verb is found with the person as its subject."""
        assert ("blame/named-person", phrase) in [(r, p[-len(phrase) :]) for r, p in _phrases(text)]

    @pytest.mark.parametrize(
        "text",
        [
            # A thing with the same verb.
            "The retention job deleted the rota.",
            "The sync tool wiped the shared calendar.",
            "11:40 The migration drops the pricing table.",
            # The same person, a neutral act.
            "Tomás printed the rota.",
            "The apprentice shared the calendar with the crew.",
            "11:40 Wen exports the pricing table.",
            # The same act, on something meant to go, planned or given its purpose.
            "Tomás deleted the stale rota drafts.",
            "The apprentice purged the orphaned bookings.",
            "Wen dropped the pricing table after the export was checked.",
            "Our electrician overwrote the key register to add the new locks.",
            "The cashier truncated the till ledger as part of the month-end close.",
            # Verbs that name the remedy as often as the damage.
            "The on-call killed the frozen import.",
            "The duty engineer drained the node.",
            # The writers themselves: self-blame is read by other rules.
            "We moved the feed to the spare and then purged the cache.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is put at the centre of the cause."""
        assert not find_blame(text)


class TestPassiveWithAPersonAsAgent:
    """The passive with a person in the "by" phrase names them as the agent, as the active does."""

    @pytest.mark.parametrize(
        ("text", "phrase"),
        [
            ("The freezer alarm was silenced by the night porter.", "the night porter"),
            ("The ward's objection was overridden by the duty manager.", "the duty manager"),
            ("The stock sheet was truncated by Ilse.", "Ilse"),
            ("The outage was triggered by the release manager tagging an unreviewed branch.", "the release manager"),
            ("The smoke warnings had been snoozed by staff for a week.", "staff"),
            ("The parcel labels were mislabelled by the packer on shift.", "the packer"),
        ],
    )
    def test_blameful(self, text: str, phrase: str) -> None:
        """The finding spans the act and the person after "by"."""
        assert any(rule == "blame/named-person" and phrase in p for rule, p in _phrases(text))

    @pytest.mark.parametrize(
        "text",
        [
            # A system in the "by" phrase.
            "The freezer alarm was silenced by the maintenance window.",
            "The stock sheet was truncated by the import script.",
            "The outage was triggered by the certificate expiring.",
            "The smoke warnings had been suppressed by the flapping detector filter.",
            # The same person, a neutral act.
            "The freezer alarm was acknowledged by the night porter.",
            "The stock sheet was checked by Ilse.",
            "The release was rolled back by the release manager at 11:02.",
            # The same act, planned or given its reason.
            "The freezer alarm was silenced by the night porter during the planned defrost.",
            "The ward's objection was overridden by the duty manager because the second theatre was flooded.",
        ],
    )
    def test_blameless(self, text: str) -> None:
        """No person is named as the agent of the damage."""
        assert not find_blame(text)
