"""``postmortem import``: two late round 13 defects fixed by their cause, each in a document written here.

Neither document is copied from a real post-mortem. One is a support ticket whose action items
start with a label and a colon (an id, a tracker key, a bold owner); the other is a retrospective
board whose cards tell a time inside a sentence.
"""

from __future__ import annotations

from postmortem import model
from postmortem.importing import ImportResult, import_text


def _import(text: str) -> ImportResult:
    return import_text(text, "markdown", name="doc")


LABELLED_ACTIONS = """\
# Ticket 4410: invoices sent twice

Date: 2026-03-02

## Summary

A retry in the mailer sent each invoice of the morning batch twice.

## Action items

- [ ] **B1**: Give every invoice mail a key the mailer checks before sending.
- [x] **B2:** Cap the mailer's retries at one.
- B3: Write a runbook entry for duplicate mails.
- [ ] BILL-204: Alert when one address gets two invoices in an hour (Billing desk)
- **Owner: Ines Moro**: Tell the finance team which customers were mailed twice.
- **Dedupe the outbox**: drop a mail whose key was sent in the last day.
- Note: the retry setting lives in the shared config.
"""


class TestLabelledActionItems:
    def test_a_label_and_a_colon_before_the_text_is_read_and_the_description_starts_at_the_text(self) -> None:
        """An id becomes the item's id, a tracker key its key, a bold owner label its owner."""
        items = _import(LABELLED_ACTIONS).incident.action_items
        assert [item.id for item in items[:3]] == ["B1", "B2", "B3"]
        assert items[0].description == "Give every invoice mail a key the mailer checks before sending."
        assert items[1].description == "Cap the mailer's retries at one."
        assert items[1].status == model.ActionStatus.DONE
        assert items[2].description == "Write a runbook entry for duplicate mails."
        assert items[3].tracker_key == "BILL-204"
        assert items[3].description.startswith("Alert when one address")
        assert items[4].owner == "Ines Moro"
        assert items[4].description == "Tell the finance team which customers were mailed twice."
        assert not any(item.description.startswith(":") for item in items)

    def test_a_bold_title_or_a_word_before_a_colon_is_part_of_the_description(self) -> None:
        """ "**Dedupe the outbox**: ..." names the item and "Note: ..." starts a sentence: both kept as written."""
        items = _import(LABELLED_ACTIONS).incident.action_items
        assert items[5].description == "**Dedupe the outbox**: drop a mail whose key was sent in the last day."
        assert items[6].description == "Note: the retry setting lives in the shared config."
        assert items[5].id.startswith("AI-")
        assert items[6].id.startswith("AI-")

    def test_an_id_label_already_taken_gets_the_next_id(self) -> None:
        """Two items labelled alike keep distinct ids."""
        text = LABELLED_ACTIONS.replace("B3: Write", "B1: Write")
        ids = [item.id for item in _import(text).incident.action_items]
        assert len(ids) == len(set(ids))


RETRO_BOARD = """\
# Retro: stale stock levels in the shop app

Date: 2026-04-14

## Context

The stock feed stalled overnight and the app showed yesterday's levels until mid-morning.

## 👎 Not so good

- Joan noticed the stale counts at 08:20 and assumed the feed was just slow. It was not.
- The feed's alert has no owner.

## Discussion

The feed was restarted at 10:05 and the counts caught up within minutes.
"""


class TestTimesOnRetroCards:
    def test_an_event_read_from_a_list_item_keeps_the_whole_item(self) -> None:
        """A card is one entry: the sentence after the one with the time stays in the event."""
        events = _import(RETRO_BOARD).incident.timeline
        card = next(event for event in events if event.time.hour == 8)
        assert card.description == (
            "Joan noticed the stale counts at 08:20 and assumed the feed was just slow. It was not."
        )

    def test_an_event_from_a_paragraph_is_its_sentence(self) -> None:
        """A paragraph tells several things: its event is the sentence with the time."""
        events = _import(RETRO_BOARD).incident.timeline
        restart = next(event for event in events if event.time.hour == 10)
        assert restart.description == "The feed was restarted at 10:05 and the counts caught up within minutes."
