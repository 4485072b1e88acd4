"""``postmortem import`` on shapes round 14 wrote documents for (``tests/data/importing/shapes14``).

Each document was written for the round (none copied from a real post-mortem); the two kept
aside by the md5 rule are in ``kept14`` and no test reads what the import finds in them.
"""

from __future__ import annotations

import pytest

from postmortem.importing import ImportResult, import_document, import_text

from ._import_scoring import DATA, expected

SHAPES = DATA / "shapes14"


def _mapped(result: ImportResult) -> dict[str, str]:
    return {mapped.heading: mapped.target for mapped in result.mapping}


BOLD = """\
# Payroll file rejected

Date: 2026-09-25

## What happened

**07:40** The payroll file was sent.

**08:15** — The bank rejected the file.

**08:30:** The payroll lead called the bank.
"""


class TestBoldTimeParagraphs:
    def test_three_paragraphs_led_by_a_bold_time_are_the_timeline(self) -> None:
        """One event a paragraph, the bold time and its dash or colon left out of the description."""
        result = import_text(BOLD, "markdown")
        assert [event.description for event in result.incident.timeline] == [
            "The payroll file was sent.",
            "The bank rejected the file.",
            "The payroll lead called the bank.",
        ]
        assert [event.time.hour for event in result.incident.timeline] == [7, 8, 8]
        assert _mapped(result)["What happened"] == "timeline"

    def test_two_are_not_a_timeline(self) -> None:
        """Two bold-time paragraphs stay prose (a list of timed entries needs three)."""
        text = BOLD.rsplit("\n\n", 1)[0] + "\n"
        result = import_text(text, "markdown")
        assert result.incident.timeline == ()

    def test_outside_a_section_that_tells_events_the_paragraphs_stay_as_written(self) -> None:
        """Under "Lessons learned" the run is not the timeline, and the section keeps the paragraphs."""
        text = BOLD.replace("## What happened", "## Timeline\n- 07:00 job started\n\n## Lessons learned")
        result = import_text(text, "markdown")
        assert len(result.incident.timeline) == 1
        assert result.incident.lessons_learned == (
            "**07:40** The payroll file was sent.",
            "**08:15** — The bank rejected the file.",
            "**08:30:** The payroll lead called the bank.",
        )
        kept = import_text(text.replace("## Lessons learned", "## Background"), "markdown")
        assert kept.sections[0].body == BOLD.split("## What happened\n\n", 1)[1].strip()

    def test_a_bold_phrase_that_is_not_a_time_is_not_an_entry(self) -> None:
        text = BOLD.replace("**07:40**", "**Note**").replace("**08:15**", "**Then**")
        assert import_text(text, "markdown").incident.timeline == ()


DISCORD = """\
# Lag in the EU region

## Thread

**kestrel** — 18/07/2026 20:02
players in EU reporting 400 ms ping

**mossy** — 18/07/2026 20:06
confirmed, the Frankfurt fleet
is at 95% CPU

kestrel — 18/07/2026, 23:59
scaling the fleet

**mossy** — 19/07/2026 00:31
ping back under 60 ms
"""


class TestChatPosts:
    def test_posts_with_a_byline_each_are_a_chat_log_the_name_the_actor(self) -> None:
        """One event a post, at its byline's date and time and line; a message over two lines is one."""
        result = import_text(DISCORD, "markdown")
        timeline = result.incident.timeline
        assert [(event.actor, event.description) for event in timeline] == [
            ("kestrel", "players in EU reporting 400 ms ping"),
            ("mossy", "confirmed, the Frankfurt fleet is at 95% CPU"),
            ("kestrel", "scaling the fleet"),
            ("mossy", "ping back under 60 ms"),
        ]
        assert [event.time.isoformat() for event in (timeline[0], timeline[3])] == [
            "2026-07-18T20:02:00+00:00",
            "2026-07-19T00:31:00+00:00",
        ]

    def test_two_posts_are_not_a_log(self) -> None:
        text = DISCORD.split("\nkestrel — ", 1)[0] + "\nDate: 2026-07-18\n"
        assert import_text(text, "markdown").incident.timeline == ()

    def test_posts_outside_the_timeline_stay_as_written(self) -> None:
        """With a timeline of its own, the document keeps a thread under another heading verbatim."""
        text = DISCORD.replace("## Thread", "## Timeline\n- 2026-07-18 20:00 alert\n\n## Discussion")
        result = import_text(text, "markdown")
        assert len(result.incident.timeline) == 1
        assert result.sections[-1].body == DISCORD.split("## Thread\n\n", 1)[1].strip()

    def test_a_byline_without_a_year_takes_the_documents_year(self) -> None:
        """ "18/07 20:02" bylines are read in the year of the document's own date (round 21; not read before)."""
        text = DISCORD.replace("/2026", "") + "\nDate: 2026-07-18\n"
        timeline = import_text(text, "markdown").incident.timeline
        assert [event.time.isoformat()[:16] for event in timeline] == [
            "2026-07-18T20:02",
            "2026-07-18T20:06",
            "2026-07-18T23:59",
            "2026-07-19T00:31",
        ]


class TestRetroColumns:
    @pytest.mark.parametrize(
        "heading", ["Didn't go well", "👎 Didn’t go well", "Did not go well", "Could have gone better", "Negatives"]
    )
    def test_the_second_column_of_a_retro_board_is_what_went_poorly(self, heading: str) -> None:
        text = f"# Retro\n\nDate: 2026-10-08\n\n## Went well\n- Runbook current.\n\n## {heading}\n- Alerts unread.\n"
        result = import_text(text, "markdown")
        assert _mapped(result)[heading] == "what_went_poorly"
        assert result.incident.what_went_poorly == ("Alerts unread.",)


@pytest.mark.parametrize("name", sorted(expected(SHAPES.name)))
def test_each_document_of_a_shape_the_import_reads(name: str) -> None:
    """Documents whose shape the import reads give the reader's counts and heading mapping."""
    want = expected(SHAPES.name)[name]
    if want.get("unread"):
        pytest.skip(f"{name}: {want['unread']}")
    result = import_document(SHAPES / name)
    assert len(result.incident.timeline) == want["events"]
    assert len(result.incident.action_items) == want["action_items"]
    mapped = want.get("mapped", {})
    assert isinstance(mapped, dict)
    for heading, target in mapped.items():
        assert _mapped(result)[heading] == target


class TestPositionsInARecording:
    def test_chapter_marks_of_show_notes_are_not_events(self) -> None:
        """``[12:34]`` in a podcast's chapter list is a position in the recording: no event, the list kept."""
        text = (
            "# Episode 7: the DNS change\n\nDate: 2026-04-20\n\n## Chapters\n"
            "- [00:00] Welcome\n- [08:12] The change that removed the MX record\n- [19:45] Finding it\n"
        )
        result = import_text(text, "markdown")
        assert result.incident.timeline == ()
        assert "[08:12] The change that removed the MX record" in result.sections[-1].body


DUES = """\
# Keys

Date: 2026-10-08

## Timeline
- 13:05 down

## Action items
- Rotate keys (Ops, 20.11)
- Patch kernels (Ops, due 20.11.)
- Renew certificates (Ana Ruiz, by 15/01)
- Staff the desk (Ops, 24/7)
"""


class TestDayFirstDues:
    def test_a_day_and_month_after_the_owner_is_the_due_date_on_or_after_the_incident(self) -> None:
        """ "20.11" is 20 November of the incident's year; "15/01" in an October write-up is next January."""
        items = import_text(DUES, "markdown").incident.action_items
        assert [(item.description, item.owner, str(item.due)) for item in items[:3]] == [
            ("Rotate keys", "Ops", "2026-11-20"),
            ("Patch kernels", "Ops", "2026-11-20"),
            ("Renew certificates", "Ana Ruiz", "2027-01-15"),
        ]

    def test_round_the_clock_is_not_a_date(self) -> None:
        item = import_text(DUES, "markdown").incident.action_items[3]
        assert item.due is None
        assert item.description == "Staff the desk (Ops, 24/7)"
