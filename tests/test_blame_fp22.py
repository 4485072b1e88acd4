"""Round 22 (issue 14): wrong findings of the rules on whole documents, read by their cause.

Each reading is shown on fresh sentences it clears and on blameful ones it must leave found.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame


def _rules(text: str) -> list[str]:
    return [hit.rule for hit in find_blame(text, scorer=False)]


class TestReadingsByCause:
    @pytest.mark.parametrize(
        "text",
        [
            # a who-question answered at once by a document or a condition
            "Who was meant to renew the certificate? The handover notes from March do not list it anywhere.",
            "Who chose the Friday slot? The venue's contract gave us that date and no other.",
            # thanks said, sent or passed on
            "The skipper rang the office to say thanks to Moira and Callum for the tow.",
            # a habit of a person thanked
            "Thanks to Bettina, who labels every sample as she always does, we could trace the batch.",
            # the act given as what a thing's condition left the person
            "The ferry ran late, so the relief driver handed over by phone instead of at the depot.",
            # the usual practice after "which is how"
            "The reviewer approved it on the strength of the green build, which is how every release here has been approved.",
            # "pay" as money, not attention
            "We will pay the refund to every member by the end of the month.",
            # "clearly" as the manner of a saying
            "Ilse knew the rule that we never pay a ransom, and said so clearly.",
            # a duty owed to the people served, through a relative clause
            "Twelve families who should have been offered a slot waited another week.",
            # a report by a speaker named with whom they speak for
            "Lena, for the parish council, said at the meeting that the caretaker had botched the lock-up.",
            # what people told someone other than the writers
            "A few of the visiting crews told Malik at the gate they'd think twice before booking again.",
            # a third party leaving something unmentioned
            "The supplier's technician did not mention that a firmware reset would clear the schedule.",
        ],
    )
    def test_cleared(self, text: str) -> None:
        assert _rules(text) == []

    @pytest.mark.parametrize(
        "text",
        [
            "Who left the gate open? Ronan did, again.",
            "Who left the door open? The closer forgot to set it.",
            "Thanks to Ronnie and his shortcut round the pallet check, the run went out two hours late.",
            "Dario started the reindex on the primary, and that is how search fell over.",
            "The guards did not want to walk to the far fence in the rain, so they did not check it.",
            "Whoever is responsible for the missing robes will pay for the new ones out of their own pocket.",
            "The engineer was clearly not reading the dashboard.",
        ],
    )
    def test_still_found(self, text: str) -> None:
        assert _rules(text)


class TestRecallByReading:
    @pytest.mark.parametrize(
        "text",
        [
            # a duty held against a person, and its lapse
            "Marguerite was supposed to book the coach for the away match and didn't.",
            "The duty manager was supposed to count the life jackets on Friday, and he never did.",
            # a label of culpability without its article
            "Owner of failure: Tobias (box office)",
            # a warning given, then gone on past
            "Kwame was told twice that the hoist chain was worn, and he continued lifting the pallets.",
            "The warden had a day's warning about the flood and still went home early.",
            "Imke was warned by the crane driver and said continue, the lorry is waiting.",
        ],
    )
    def test_found(self, text: str) -> None:
        assert _rules(text)

    @pytest.mark.parametrize(
        "text",
        [
            "The pump was supposed to start at 80% and didn't.",
            "We were supposed to get the spare parts on Monday and didn't.",
            "The rota was handed over at noon and the backup generator continued running all night.",
            "The plan the surveyor was given still carried the old drive numbers.",
        ],
    )
    def test_not_found(self, text: str) -> None:
        assert _rules(text) == []
