"""``postmortem import`` on timelines and action items in the shapes other teams write them.

The documents under ``tests/data/importing/timed`` were written for these tests: a chat room's
log in a fenced block, an operations debrief with four-digit times (``1712``), an 8D report
with ``DD.MM, HH:MM`` containment steps and D5/D6 actions, a call transcript in a block quote
with a task list under "Next steps", a timeline table in an appendix under a bold label with a
zone and a header that names no time, an application log that is evidence and not a chat, and
a paragraph of time-led lines.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.importing import ImportResult, import_document, import_text
from postmortem.importing._chat import chat_lines
from postmortem.importing._table import table
from postmortem.importing._times import leading_time
from postmortem.markup import to_plain_text
from postmortem.testing import examples

from ._import_scoring import DATA

TIMED = DATA / "timed"


def _import(name: str) -> ImportResult:
    return import_document(TIMED / name)


def _times(result: ImportResult) -> list[str]:
    return [event.time.isoformat() for event in result.incident.timeline]


class TestChatLogs:
    def test_a_fenced_room_log_is_the_timeline_with_its_speakers(self) -> None:
        """Each timed line of the "Room log" block is an event, its nick the actor; 00:25 is the next day."""
        result = _import("t01-room-log.md")
        timeline = result.incident.timeline
        assert _times(result) == [
            "2026-03-14T21:44:00+00:00",
            "2026-03-14T21:46:00+00:00",
            "2026-03-14T21:52:00+00:00",
            "2026-03-14T22:05:00+00:00",
            "2026-03-14T22:31:00+00:00",
            "2026-03-14T23:58:00+00:00",
            "2026-03-15T00:25:00+00:00",
        ]
        assert [event.actor for event in timeline] == ["ilse", "bartek", "ilse", "bartek", "noor", "noor", "ilse"]
        # The wrapped line belongs to the message before it: no text is lost.
        assert timeline[3].description == (
            "the image library was bumped in the 21:38 deploy (it came in with the base image, nobody picked it "
            "on purpose)"
        )
        assert result.warnings == ()

    def test_a_quoted_call_transcript_keeps_full_names_and_the_documents_zone(self) -> None:
        """`> 10:02 Ana Ruiz: ...` under "Bridge call transcript": CEST from the time-zone line."""
        result = _import("t04-call-transcript.md")
        assert _times(result)[0] == "2026-04-09T10:02:00+02:00"
        assert [event.actor for event in result.incident.timeline] == ["Ana Ruiz", "Tom Ng"] * 2 + ["Ana Ruiz"]
        assert result.incident.timeline[-1].description == "payments go through again at both stores"

    def test_an_application_log_is_evidence_not_a_chat(self) -> None:
        """`02:00:03 ERROR: ...` lines stay in the root cause as written; no event is made of them."""
        result = _import("t06-app-log-is-evidence.md")
        assert result.incident.timeline == ()
        assert "02:00:03 ERROR: authentication failed for svc-export" in result.incident.root_cause.technical

    def test_chat_line_forms(self) -> None:
        """Brackets, angle-bracket nicks, a date before the time, a name of two words."""
        text = "\n".join(
            [
                "[2026-03-04 14:02:11] <jonas> yes",
                "14:05 <moritz> looking",
                "(14:07) aylin: the provider page is green",
                "14:09 Ana Ruiz: rolling back",
            ]
        )
        found = chat_lines(text)
        assert found is not None
        messages, before = found
        assert before == []
        assert [(m.time, m.speaker, m.message) for m in messages] == [
            ("2026-03-04 14:02:11", "jonas", "yes"),
            ("14:05", "moritz", "looking"),
            ("14:07", "aylin", "the provider page is green"),
            ("14:09", "Ana Ruiz", "rolling back"),
        ]

    def test_two_messages_are_no_log(self) -> None:
        """A block with fewer than three messages, or mostly other lines, is not read as a chat."""
        assert chat_lines("[14:02] a: one\n[14:03] b: two") is None
        assert chat_lines("[14:02] a: one\nx\ny\nz\n[14:03] b: two\n[14:04] c: three\nw\nv") is None

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from("[]<>:0123456789 \n"),
            max_size=400,
        )
    )
    def test_any_block_is_read_or_refused_without_a_traceback(self, text: str) -> None:
        """Whatever a code block holds, chat_lines returns messages that come from its lines, or None."""
        found = chat_lines(text)
        if found is not None:
            messages, _before = found
            assert len(messages) >= 3
            assert all(message.speaker and message.time for message in messages)


_CHAT_LINE = st.one_of(
    st.from_regex(r"[\[(]?([0-2]?[0-9]:[0-5][0-9](:[0-5][0-9])?)[\])]? (<[a-z]{1,8}>|[a-z]{1,8}:) [a-z .:]{0,30}", fullmatch=True),
    st.text(alphabet="0123456789:[]<>()|.-Z ahrsUTC", max_size=30),
)  # fmt: skip


class TestHostileLogs:
    @settings(max_examples=examples(quick=30, full=150), deadline=None)
    @given(lines=st.lists(_CHAT_LINE, min_size=1, max_size=12), fence=st.sampled_from(["```", "> "]))
    def test_any_log_imports_and_keeps_each_message(self, lines: list[str], fence: str) -> None:
        """A room log of any lines imports without a traceback, in order or with a located warning,
        and every chat message it reads is an event with its words."""
        body = f"```\n{chr(10).join(lines)}\n```" if fence == "```" else "\n".join(f"> {line}" for line in lines)
        text = f"# Room\n\nDate: 2026-03-14\n\n## Room log\n\n{body}\n"
        result = import_text(text)
        found = chat_lines(body.removeprefix("```\n").removesuffix("\n```"), quoted=fence != "```")
        if found is None:
            return
        messages = [message for message in found[0] if message.message]
        described = [to_plain_text(event.description) for event in result.incident.timeline]
        for message in messages:
            assert any(" ".join(message.message.split()) in " ".join(d.split()) for d in described) or any(
                w.path == "$.timeline" for w in result.warnings
            ), (message, described)


class TestTimesInTables:
    def test_four_digit_times_under_a_time_header(self) -> None:
        """`1712` in a `Time (UTC)` column of a "Sequence of events" table is 17:12 on the ops day."""
        result = _import("t02-ops-debrief.md")
        assert _times(result) == [
            "2026-02-11T17:12:00+00:00",
            "2026-02-11T17:20:00+00:00",
            "2026-02-11T17:36:00+00:00",
            "2026-02-11T17:53:00+00:00",
        ]
        assert result.warnings == ()

    def test_a_table_in_an_appendix_under_a_bold_label_with_a_zone(self) -> None:
        """No timeline heading: the table whose "Local" column holds times is the timeline, in CET (summer)."""
        result = _import("t05-appendix-table.md")
        assert _times(result) == [
            "2026-05-19T05:00:00+02:00",
            "2026-05-19T07:10:00+02:00",
            "2026-05-19T08:00:00+02:00",
            "2026-05-19T10:05:00+02:00",
        ]
        # The appendix keeps its prose.
        appendix = [section for section in result.sections if section.title == "Appendix: details"]
        assert "writes a progress line every few minutes" in appendix[0].body

    def test_dot_times_and_ranges_in_a_time_column(self) -> None:
        """`Fri 6.11., 22.15` and `07.50–08.30`: dot clock times; a range keeps its end in the description."""
        text = (
            "# Barriers stayed closed\n\nDate: 2026-11-07\n\n## Course of events\n\n| Time | What happened |\n"
            "|---|---|\n| Fri 6.11., 22.15 | Firewall rules changed |\n| 07.50–08.30 | Slow answers |\n"
            "| 10.40 | Server taken out of the pool |\n"
        )
        result = import_text(text)
        assert _times(result) == [
            "2026-11-06T22:15:00+00:00",
            "2026-11-07T07:50:00+00:00",
            "2026-11-07T10:40:00+00:00",
        ]
        assert result.incident.timeline[1].description == "Slow answers (until 08.30)"
        assert result.warnings == ()

    def test_a_commitments_table_with_dates_is_no_timeline(self) -> None:
        """`| Commitment | Owner | Date |` holds due dates: action items, never events."""
        text = (
            "# Receipts stamped a day late\n\nDate: 2026-09-30\n\n## Review notes\n\n| # | Commitment | Owner | Date |\n"
            "|---|---|---|---|\n| 1 | Stamp upload time | Platform | 31 October 2026 |\n"
            "| 2 | Gap alert | Platform | 15 October 2026 |\n| 3 | Autoscaling | Infra | 30 November 2026 |\n"
        )
        assert import_text(text).incident.timeline == ()


class TestTimesInLists:
    def test_containment_steps_with_day_first_dates(self) -> None:
        """`03.03, 15:20:` and `04.03:` in "D3: Containment" (no timeline heading) are the timeline."""
        result = _import("t03-8d-report.md")
        assert _times(result) == [
            "2026-03-03T15:20:00+00:00",
            "2026-03-03T19:45:00+00:00",
            "2026-03-04T00:00:00+00:00",
        ]
        assert result.incident.timeline[2].time_accuracy.precision.value == "date"

    def test_a_paragraph_of_time_led_lines(self) -> None:
        """Lines of one paragraph that each open with a time are entries, as a list's items are."""
        result = _import("t07-time-led-paragraph.md")
        assert _times(result) == [
            "2026-06-03T01:10:00+00:00",
            "2026-06-03T01:15:00+00:00",
            "2026-06-03T05:40:00+00:00",
            "2026-06-03T06:05:00+00:00",
        ]
        assert result.incident.timeline[0].description == (
            "certificate renewed by the nightly job; the relay kept the old one."
        )

    def test_sentences_that_open_with_a_time_in_one_paragraph(self) -> None:
        """`13:00 CET: ... 13:06: ...` run on in one paragraph: one event a sentence, CET carried on."""
        text = (
            "# Qualifier matches aborted\n\nDate: 2026-11-08\n\n## The day itself\n\n"
            "13:00 CET: qualifiers start. 13:06: the first aborted match is reported. 13:31: the map is pulled "
            "from the pool. 15:40: the hotfix passes QA.\n\nThe admins kept every team informed.\n"
        )
        result = import_text(text)
        assert _times(result) == [
            "2026-11-08T13:00:00+01:00",
            "2026-11-08T13:06:00+01:00",
            "2026-11-08T13:31:00+01:00",
            "2026-11-08T15:40:00+01:00",
        ]
        kept = [section.body for section in result.sections if section.title == "The day itself"]
        assert kept == ["The admins kept every team informed."]

    def test_a_sentence_that_mentions_a_time_is_prose(self) -> None:
        """ "At 13:00 we started. By 13:06 ..." opens with no time and colon: the paragraph stays prose.

        Since round 13 each sentence is also read as an event (the document has no timeline), and the
        paragraph stays whole in its section.
        """
        text = (
            "# Qualifier matches aborted\n\nDate: 2026-11-08\n\n## The day itself\n\n"
            "At 13:00 we started. By 13:06 a match had aborted. At 13:31 the map was pulled.\n"
        )
        result = import_text(text)
        assert [event.description for event in result.incident.timeline] == [
            "At 13:00 we started.",
            "By 13:06 a match had aborted.",
            "At 13:31 the map was pulled.",
        ]
        assert "At 13:00 we started. By 13:06" in result.incident.sections[0].body

    def test_military_times(self) -> None:
        """`1402Z` and `1402 hrs` open an entry anywhere; a bare `1402` only in a time column."""
        names = table()
        day = date(2026, 2, 11)
        for text, cell, clock in [
            ("1402Z ATC restriction", False, (14, 2, 0)),
            ("1402 hrs - bridge opened", False, (14, 2, 0)),
            ("1402", True, (14, 2, 0)),
        ]:
            when = leading_time(text, names, day, cell=cell)
            assert when is not None
            assert when.clock == clock
        assert leading_time("1402 users saw errors", names, day) is None
        assert leading_time("2024 - we migrated", names, day) is None
        written = "1402 hrs - bridge opened"
        when = leading_time(written, names, day)
        assert when is not None
        assert written[when.end :] == "bridge opened"


class TestActionItems:
    def test_who_and_by_when(self) -> None:
        """An action table headed "Who" and "By when" gives owners and due dates."""
        items = _import("t02-ops-debrief.md").incident.action_items
        assert [(item.owner, item.due) for item in items] == [
            ("Platform on-call", date(2026, 2, 25)),
            ("Database team", date(2026, 3, 31)),
        ]

    def test_8d_corrective_actions_and_their_implementation(self) -> None:
        """D5's list are the action items; D6's table ("Responsible", "Planned") reports on them by reference
        ("D5-1 ...", round 13: the same two items, with their owner and due date); "Verified" is kept as written."""
        result = _import("t03-8d-report.md")
        items = result.incident.action_items
        assert len(items) == 2
        assert (items[0].owner, items[0].due) == ("Maintenance", date(2026, 3, 20))
        kept = [section for section in result.sections if section.title == "Action items: other columns"]
        assert "yes, 2 alarms tested" in kept[0].body

    def test_a_task_list_under_next_steps(self) -> None:
        """`- [ ] ... (@owner, due 2026-04-23)` and `- [x]` under "Next steps"."""
        items = _import("t04-call-transcript.md").incident.action_items
        assert [(item.owner, item.due, item.status.value) for item in items] == [
            ("@tomng", date(2026, 4, 23), "open"),
            ("@anaruiz", None, "done"),
            (None, None, "open"),
        ]

    def test_agreed_changes_and_corrective_actions(self) -> None:
        """ "Changes we have agreed" and "Corrective actions" hold numbered action items."""
        assert len(_import("t01-room-log.md").incident.action_items) == 2
        items = _import("t05-appendix-table.md").incident.action_items
        assert [(item.owner, item.due) for item in items] == [("search team", date(2026, 6, 2)), (None, None)]

    def test_emoji_shortcodes_in_a_heading(self) -> None:
        """`## :hammer_and_wrench: Actions` is the action items heading."""
        text = "# Lifts stopped\n\nDate: 2026-10-02\n\n## :hammer_and_wrench: Actions\n\n- Fix the door sensor check\n"
        assert len(import_text(text).incident.action_items) == 1


class TestNothingLost:
    def test_every_message_of_a_log_is_in_the_incident(self) -> None:
        """Each chat message's words are in an event's description, its speaker in the actor."""
        result = _import("t01-room-log.md")
        source = (TIMED / "t01-room-log.md").read_text()
        described = " ".join(to_plain_text(event.description) for event in result.incident.timeline)
        for line in source.splitlines():
            if line.startswith("[") and "] " in line:
                message = line.split(": ", 1)[1]
                assert message in described, message
