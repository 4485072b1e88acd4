"""``postmortem import`` in round 19: round 18's left-overs, each reproduced first on a document written for it.

The documents are in ``tests/data/importing/shapes19`` (tuned on) and earlier rounds' folders; the
texts built here are written for the tests, none copied from a real post-mortem. Round 19's
kept-aside documents (``kept19``) are not read here.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from postmortem.cli import import_
from postmortem.errors import IncidentFormatError
from postmortem.importing import import_document, import_text

from ._import_work import import_steps

DATA = Path(__file__).parent / "data" / "importing"


def _events(text_or_path: str | Path) -> list[tuple[str, str, str]]:
    """Each event's time (ISO, to the minute), kind and description."""
    result = import_document(text_or_path) if isinstance(text_or_path, Path) else import_text(text_or_path)
    return [(event.time.isoformat()[:16], event.kind.value, event.description) for event in result.incident.timeline]


STATUSPAGE = """# Card payments failing

Resolved - Payments have succeeded normally for an hour. This incident has been resolved.
Posted Dec 3, 2026 - 14:05 UTC

Monitoring - We rolled back the gateway change and payments are succeeding again.
Posted Dec 3, 2026 - 13:22 UTC

Investigating - Some card payments fail with a timeout.
We are looking into it.
Posted Dec 3, 2026 - 12:48 UTC

This incident affected: Payments.
"""


class TestStatusPageUpdates:
    def test_a_statuspage_history_is_the_timeline_oldest_first(self) -> None:
        """Newest-first updates, each with its "Posted <date> - <time> UTC" line: one event an update, in time
        order, each a status update whose status word opens its description (0 events before)."""
        assert _events(STATUSPAGE) == [
            ("2026-12-03T12:48", "status_update", "Investigating: Some card payments fail with a timeout. We are "
             "looking into it."),
            ("2026-12-03T13:22", "status_update", "Monitoring: We rolled back the gateway change and payments are "
             "succeeding again."),
            ("2026-12-03T14:05", "status_update", "Resolved: Payments have succeeded normally for an hour. This "
             "incident has been resolved."),
        ]  # fmt: skip

    def test_the_status_words_give_the_milestones(self) -> None:
        """ "Resolved" is the resolved time; the start is the first update."""
        milestones = import_text(STATUSPAGE).incident.milestones
        assert (milestones.started.isoformat(), milestones.resolved and milestones.resolved.isoformat()) == (
            "2026-12-03T12:48:00+00:00",
            "2026-12-03T14:05:00+00:00",
        )

    def test_updates_above_a_post_incident_report(self) -> None:
        """Round 18's kept-aside status page: its updates before a "Post-incident report" section are the
        timeline (0 of 5 events before; its start was a due date, "by Nov 20")."""
        events = _events(DATA / "kept18" / "s11-status-page-history.md")
        assert [(time, description.split(":")[0]) for time, _kind, description in events] == [
            ("2026-11-04T15:12", "Investigating"),
            ("2026-11-04T15:31", "Identified"),
            ("2026-11-04T15:58", "Update"),
            ("2026-11-04T16:20", "Monitoring"),
            ("2026-11-04T16:52", "Resolved"),
        ]

    def test_the_time_after_the_status_word_oldest_first(self) -> None:
        """``**Investigating** — 14 Oct 2026 07:42 CEST`` then the update's text (a status.io-like page)."""
        events = _events(DATA / "shapes19" / "r04-statusio-incident.md")
        assert [(time, kind) for time, kind, _description in events] == [
            ("2026-10-14T07:42", "status_update"),
            ("2026-10-14T08:03", "status_update"),
            ("2026-10-14T08:31", "status_update"),
            ("2026-10-14T09:10", "status_update"),
        ]
        assert events[0][2] == (
            "Investigating: We are looking into timeouts on the payment page. Some card payments fail after 30 seconds."
        )

    def test_a_twelve_hour_stamp_on_the_last_line(self) -> None:
        """The status word alone on its line, the text, then ``December 9, 2026 at 3:41 PM UTC`` (two updates
        are enough)."""
        text = (
            "# SSO sign-in failures\n\nResolved\nSign-ins work again.\nDecember 9, 2026 at 3:41 PM UTC\n\n"
            "Investigating\nSSO users see 'invalid assertion'.\nDecember 9, 2026 at 2:15 PM UTC\n"
        )
        assert _events(text) == [
            ("2026-12-09T14:15", "status_update", "Investigating: SSO users see 'invalid assertion'."),
            ("2026-12-09T15:41", "status_update", "Resolved: Sign-ins work again."),
        ]

    def test_status_updates_beside_a_timeline_are_not_more_events(self) -> None:
        """A post-mortem's "Status page updates" section beside its timeline table: the table is the timeline,
        the updates stay a section as written."""
        result = import_document(DATA / "shapes19" / "r11-cachet-incident-page.md")
        assert len(result.incident.timeline) == 5
        (updates,) = [section for section in result.sections if section.title == "Status page updates"]
        assert "Watching - Workers are processing jobs again." in updates.body

    def test_what_is_no_status_update(self) -> None:
        """One update is no stream; a paragraph that opens with a status word but has no time of its own, or
        whose time is not the whole line, is prose."""
        for text in (
            "# X\n\nDate: 2026-12-03\n\nResolved - all good.\nPosted Dec 3, 2026 - 14:05 UTC\n",
            "# X\n\nDate: 2026-12-03\n\nUpdate - we will write more.\n\nResolved - all good.\n\nMonitoring - yes.\n",
            "# X\n\nDate: 2026-12-03\n\nUpdate - we paged at\nDec 3, 2026 14:05 UTC and then more\n\n"
            "Resolved - all good.\nDec 3, 2026 14:25 and then more\n",
        ):
            assert _events(text) == [], text

    def test_many_updates_cost_the_same_each(self) -> None:
        """Reading updates is linear: 400 more cost about twice what 200 more do (function calls counted)."""

        def page(count: int) -> str:
            return "# X\n\n" + "".join(
                f"Update - step {n}.\nPosted Dec 3, 2026 - {n // 60 % 24:02d}:{n % 60:02d} UTC\n\n"
                for n in range(count)
            )

        first, second = import_steps(page, 200)
        assert second < 2.6 * first, (first, second)


FEED = """# OPS-9 Staging database out of connections

Created: 3 Dec 2026

## Activity

Ama Owusu created the issue · 3 Dec 14:02
Ama Owusu changed status from Todo to In Progress · 3 Dec 14:04
Lukas Brandt commented · 3 Dec 14:19
Found it: a soak test holds every connection.
Ama Owusu changed status from In Progress to Done · 3 Dec 14:41
"""


class TestActivityFeeds:
    def test_a_feed_of_lines_is_the_timeline(self) -> None:
        """Who did what and when, one line an entry; a comment's text on the line after joins it (0 events
        before)."""
        assert _events(FEED) == [
            ("2026-12-03T14:02", "other", "Ama Owusu created the issue"),
            ("2026-12-03T14:04", "other", "Ama Owusu changed status from Todo to In Progress"),
            ("2026-12-03T14:19", "other", "Lukas Brandt commented: Found it: a soak test holds every connection."),
            ("2026-12-03T14:41", "other", "Ama Owusu changed status from In Progress to Done"),
        ]

    def test_round_18s_card_export(self) -> None:
        """Round 18's Linear card: the five entries of its activity feed (1 event before), a comment's text
        written on the next line after ``:``, and what its description tells of before the feed starts ("Export
        ran at 02:00 UTC as usual", when the incident started)."""
        events = _events(DATA / "shapes18" / "s02-linear-card-export.md")
        assert [time for time, _kind, _description in events] == [
            "2026-03-03T02:00",
            "2026-03-03T08:14",
            "2026-03-03T08:21",
            "2026-03-03T08:37",
            "2026-03-03T09:05",
            "2026-03-05T17:40",
        ]
        assert events[3][2] == (
            "Rafaela Costa commented: File removed from the analytics bucket. Access log shows 3 reads, all from "
            "the dashboard's service account."
        )

    def test_only_what_happened_before_the_feed_is_read_from_prose(self) -> None:
        """Sentences with times after the feed's first entry tell again what the feed says: not added."""
        text = FEED.replace(
            "## Activity",
            "## Description\n\nThe soak test started at 11:30. At 14:19 Lukas found it.\n\n## Activity",
        )
        assert [time for time, _kind, _description in _events(text)] == [
            "2026-12-03T11:30",
            "2026-12-03T14:02",
            "2026-12-03T14:04",
            "2026-12-03T14:19",
            "2026-12-03T14:41",
        ]

    def test_a_comment_after_its_time_and_a_colon(self) -> None:
        """A Jira history copied with ``— 1 Dec 2026 10:30: <comment>`` (0 of 6 events before)."""
        events = _events(DATA / "shapes19" / "r06-jira-history-tab.md")
        assert len(events) == 6
        assert events[4][2].startswith("Marek Novak commented: The font package for the PDF renderer was removed")

    def test_the_time_on_the_line_after_and_a_resolved_state(self) -> None:
        """Azure DevOps writes the time on the line under each change; "changed State from Active to Resolved"
        is the resolved time."""
        result = import_document(DATA / "shapes19" / "r12-azure-devops-work-item.md")
        assert [event.time.isoformat()[11:16] for event in result.incident.timeline] == [
            "08:55",
            "09:02",
            "09:40",
            "10:25",
            "11:00",
        ]
        resolved = result.incident.milestones.resolved
        assert resolved is not None
        assert resolved.isoformat()[11:16] == "10:25"

    def test_a_quoted_comment_joins_its_entry(self) -> None:
        """GitHub's timeline: an entry a paragraph, the comment quoted under it."""
        text = (
            "# Builds fail\n\nana opened this issue · Nov 24, 2026, 09:48 UTC\n\n"
            "bo commented · Nov 24, 2026, 10:12 UTC\n\n> The cache is full.\n> Pruning now.\n\n"
            "ana closed this as completed · Nov 24, 2026, 11:05 UTC\n"
        )
        assert [description for _time, _kind, description in _events(text)] == [
            "ana opened this issue",
            "bo commented: The cache is full. Pruning now.",
            "ana closed this as completed",
        ]

    def test_what_is_no_feed(self) -> None:
        """Two entries are no feed; a byline without a verb ("Esther · 10 Nov 2026 at 10:31", round 13's
        Trello card) is no entry; nor is a line whose time is followed by more than a comment."""
        for text in (
            "# X\n\nAna created the issue · 3 Dec 2026 14:02\nAna closed the issue · 3 Dec 2026 14:40\n",
            "# X\n\nEsther · 10 Nov 2026 at 10:31\nBo · 10 Nov 2026 at 10:35\nCy · 10 Nov 2026 at 10:40\n",
            "# X\n\nDate: 2026-12-03\n\nAna created it · 3 Dec 2026 14:02 and more\n"
            "Bo changed it · 3 Dec 2026 14:03 and more\nCy closed it · 3 Dec 2026 14:04 and more\n",
        ):
            assert _events(text) == [], text

    def test_long_lines_cost_the_same_each(self) -> None:
        """A feed line is read in time linear in its length, and lines past 300 characters are no entries."""

        def feed(count: int) -> str:
            return "# X\n\nDate: 2026-12-03\n\n" + "Ana changed " + " - on, " * count + "· 3 Dec 2026 14:02\n"

        first, second = import_steps(feed, 2000)
        assert second < 2.6 * first, (first, second)


class TestOwnersInBrackets:
    def test_first_names_the_document_names_nowhere_else(self) -> None:
        """An action list whose items close with first names in brackets, none of whom the document names
        otherwise: each is the owner (Yusuf and Ines were left in their items before)."""
        items = import_document(DATA / "shapes19" / "r13-retro-action-list-brackets.md").incident.action_items
        assert [(item.description, item.owner) for item in items] == [
            ("Move partners.example.com to automatic renewal", "Yusuf"),
            ("Alert 21 days before any certificate expires", "Ines"),
            ("Add the partner API to the certificate inventory", "Postgres team"),
            ("Check why the renewal reminder went to an old mailbox", "Ravi"),
        ]

    def test_a_word_beside_names_the_document_gives_stays(self) -> None:
        """Where the list's other brackets name the document's people, an unknown word is no owner (round 18's
        "(Postgres)" beside "(Ines)" and "(Tomasz)")."""
        text = (
            "# Resizer down\n\nDate: 2026-05-06\nParticipants: Ines Moreau, Tomasz Wojcik\n\n## Action items\n\n"
            "- clear scratch files on start (Ines)\n- alert on scratch disk (Tomasz)\n- own volume for the cache (Postgres)\n"
        )
        items = import_text(text).incident.action_items
        assert [item.owner for item in items] == ["Ines", "Tomasz", None]
        assert items[2].description == "own volume for the cache (Postgres)"

    def test_one_bracket_or_words_about_the_item_are_no_owners(self) -> None:
        """One first name in a list is not yet a list written that way; "(Optional)", "(Done)" say something of
        the item."""
        for text in (
            "# X\n\nDate: 2026-05-06\n\n## Action items\n\n- add an alert (Yusuf)\n- write the runbook\n",
            "# X\n\nDate: 2026-05-06\n\n## Action items\n\n- add an alert (Optional)\n- write the runbook (Done)\n",
        ):
            assert [item.owner for item in import_text(text).incident.action_items] == [None, None], text


class TestTitlePrefix:
    def test_a_lower_case_title_gets_its_capital(self) -> None:
        """ "# incident report: database failover" is titled "Database failover" (it was "database failover")."""
        incident = import_document(DATA / "shapes19" / "r10-lowercase-incident-report.md").incident
        assert incident.title == "Database failover"

    def test_the_authors_case_is_kept_otherwise(self) -> None:
        """A title with any capital keeps its case once the prefix is gone; the dash form reads the same."""
        titles = {
            "incident report: database failover": "Database failover",
            "post-mortem - checkout errors": "Checkout errors",
            "Postmortem: iOS crash on launch": "iOS crash on launch",
            "Incident Report: API Gateway Outage": "API Gateway Outage",
            "Incident report: database failover": "database failover",
        }
        for written, title in titles.items():
            text = f"# {written}\n\nDate: 2026-09-22\n\n## Summary\n\nThe primary lost its disk.\n"
            assert import_text(text).incident.title == title, written


class TestTimedLineBound:
    def test_amounts_are_no_timed_lines(self) -> None:
        """10,001 lines of amounts ("- 10.50 EUR refunded") are not refused as a log (they were, at the
        10,001st line); 10,001 timed rows still are."""
        from postmortem.importing._bounds import MAX_TIMED_LINES, refuse_oversized_shapes

        amounts = "".join(f"- 10.50 EUR refunded to order {n}\n" for n in range(MAX_TIMED_LINES + 1))
        refuse_oversized_shapes(amounts, None)
        prices = "| Item | Price |\n|---|---|\n" + "".join(
            f"| order {n} | 10.50 EUR |\n" for n in range(MAX_TIMED_LINES + 1)
        )
        refuse_oversized_shapes(prices, None)
        for timed in ("- 10:50 retry\n", "| 07.50 | retry |\n", "| 07.50–08.30 | retry |\n"):
            with pytest.raises(IncidentFormatError, match="lines open with a time"):
                refuse_oversized_shapes(timed * (MAX_TIMED_LINES + 1), None)

    def test_a_feed_of_more_timed_lines_than_a_log_is_refused(self) -> None:
        """A status page's or an activity feed's lines carry their time at the end; past 10,000 of them the
        document is refused at its line, as a log is (each is a timeline entry: about 0.25 ms of CPU each)."""
        from postmortem.importing._bounds import MAX_TIMED_LINES, refuse_oversized_shapes

        feed = "Ana changed status · 3 Dec 2026 14:02\n"
        refuse_oversized_shapes(feed * MAX_TIMED_LINES, None)
        with pytest.raises(IncidentFormatError, match="lines carry a time") as refused:
            refuse_oversized_shapes("# Feed\n\n" + feed * (MAX_TIMED_LINES + 1), "feed.md")
        assert refused.value.problems[0].line == MAX_TIMED_LINES + 3


@pytest.mark.skipif(
    not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread(),
    reason="interval timers are POSIX-only and signals are handled on the main thread",
)
class TestTimeLimit:
    def test_the_limit_is_cpu_time(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Waiting does not count against the limit: 0.6 s asleep under a 0.3 s limit finishes (the limit was
        wall-clock time, so a loaded machine refused imports that needed a third of it)."""
        monkeypatch.setattr(import_, "TIME_LIMIT_SECONDS", 0.3)
        assert import_._with_time_limit(lambda: time.sleep(0.6) or "done") == "done"

    def test_computing_past_the_limit_is_stopped(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A loop that never ends is stopped once it has used the CPU time."""
        monkeypatch.setattr(import_, "TIME_LIMIT_SECONDS", 0.05)

        def spin() -> None:
            while True:
                pass

        with pytest.raises(import_._TooSlowError, match="CPU time"):
            import_._with_time_limit(spin)

    def test_the_wall_clock_bounds_a_wait(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An import that waits rather than computes is stopped by the wall-clock bound."""
        monkeypatch.setattr(import_, "WALL_LIMIT_SECONDS", 0.1)
        with pytest.raises(import_._TooSlowError, match="wall clock"):
            import_._with_time_limit(lambda: time.sleep(5))

    def test_the_timers_are_put_back(self) -> None:
        """After an import neither timer runs and the previous handlers are back."""
        before = (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGPROF))
        import_._with_time_limit(lambda: None)
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert (signal.getsignal(signal.SIGALRM), signal.getsignal(signal.SIGPROF)) == before


class TestEmailDates:
    def test_a_reply_thread_starts_on_the_incidents_day(self) -> None:
        """Round 17's e-mail thread: a quoted message's "Sent:" line is when it was sent, not the incident's
        date; "failed on 15, 16 and 17 February" is, so the incident started on 15 February (it started on
        18 February at 09:10, the report's day); "At 09:10 today" stays on the day that message was sent."""
        result = import_document(DATA / "kept17" / "r15-email-reply-thread.txt")
        assert result.incident.milestones.started.isoformat() == "2026-02-15T00:00:00+00:00"
        assert [event.time.isoformat() for event in result.incident.timeline] == [
            "2026-02-18T09:10:00+00:00",
            "2026-02-18T10:25:00+00:00",
        ]

    def test_today_and_yesterday_count_from_their_message(self) -> None:
        """In a thread, "today" is the day the message it is written in was sent, "yesterday" the day before."""
        text = (
            "From: Ana Ruiz <ana@example.org>\nTo: ops@example.org\nSubject: Re: Exports failed\n"
            "Date: Wed, 9 Dec 2026 08:00\n\nThanks. At 07:40 today the rerun finished.\n\n"
            "-----Original Message-----\nFrom: Bo Lind\nSent: 8 December 2026 18:00\n\n"
            "The exports failed on 6 and 7 December. At 22:10 yesterday I paged the vendor. At 09:30 today they "
            "fixed the key.\n"
        )
        result = import_text(text)
        assert [event.time.isoformat()[:16] for event in result.incident.timeline] == [
            "2026-12-07T22:10",
            "2026-12-08T09:30",
            "2026-12-09T07:40",
        ]
        assert result.incident.milestones.started.isoformat()[:10] == "2026-12-06"

    def test_held_on_is_when_the_review_met(self) -> None:
        """ "Held on 5 October 2026." before the summary is the retro's date; the summary's "On 3 October 2026"
        is the incident's (it started on 5 October)."""
        incident = import_document(DATA / "shapes19" / "r13-retro-action-list-brackets.md").incident
        assert incident.milestones.started.isoformat() == "2026-10-03T00:00:00+00:00"
        assert incident.timeline[-1].time.isoformat() == "2026-10-03T07:35:00+00:00"

    def test_an_email_whose_text_dates_its_timeline(self) -> None:
        """An e-mail sent on Monday about Thursday night: its timeline is on Thursday, its start the first
        entry (unchanged: the text names the day)."""
        result = import_document(DATA / "shapes19" / "r09-email-writeup-sent-later.txt")
        assert result.incident.milestones.started.isoformat() == "2026-12-10T22:10:00+00:00"
        assert result.incident.timeline[-1].time.isoformat() == "2026-12-11T00:20:00+00:00"
