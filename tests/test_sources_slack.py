"""The Slack workspace export source."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from postmortem.model import EventKind, Participant
from postmortem.sources import SlackSource, SourceError, SourceProblem

EXPORT = Path(__file__).parent / "data" / "sources" / "slack"
UTC = timezone.utc


def _zip(folder: Path, target: Path, top: str = "") -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, top + path.relative_to(folder).as_posix())
    return target


class TestMessages:
    def test_reads_every_channel_with_housekeeping_left_out(self) -> None:
        """Joins, leaves and other housekeeping subtypes are skipped; real messages are kept."""
        events = list(SlackSource().read(EXPORT))
        texts = [e.description for e in events]
        assert not any("has joined the channel" in t for t in texts)
        assert not any("has left the channel" in t for t in texts)
        assert len(events) == 13
        assert {e.source for e in events} == {"slack #general", "slack #inc-checkout"}
        assert all(e.kind == EventKind.CHAT for e in events)

    def test_times_are_utc_from_ts(self) -> None:
        """The ts epoch becomes a UTC time."""
        first = next(
            e for e in SlackSource().read(EXPORT, channels=["inc-checkout"]) if e.description.startswith("I'm IC")
        )
        assert first.time.replace(microsecond=0) == datetime(2026, 5, 4, 10, 10, 4, tzinfo=UTC)
        assert first.time.utcoffset() is not None

    def test_mentions_links_and_escapes_become_plain_text(self) -> None:
        """<@U..> becomes @name, <url|label> becomes label, &lt; becomes <, <!here> becomes @here."""
        events = {e.description for e in SlackSource().read(EXPORT, channels=["inc-checkout"])}
        assert any("PricingError: unknown tier <nil>` in the checkout dashboard" in t for t in events)
        assert any(t.startswith("I'm IC for this one.") and "@here" in t for t in events)
        assert any("@Devon Okafor roll the flag back" in t for t in events)
        assert any(t.endswith("macro is ready in #general") for t in events)

    def test_actors_are_display_names_or_real_names(self) -> None:
        """A user with a display name shows it; one without shows the real name."""
        actors = {e.actor for e in SlackSource().read(EXPORT)}
        assert {"maria.g", "Devon Okafor", "Sam"} <= actors

    def test_participants_name_the_actors(self) -> None:
        """With participants, a Slack user id in accounts or a handle maps to the participant's name."""
        people = [
            Participant("Maria Garcia", role="incident commander", accounts={"slack": "U04MARIA01"}),
            Participant("Devon O.", role="engineer", handle="@devon"),
        ]
        events = list(SlackSource().read(EXPORT, channels=["inc-checkout"], participants=people))
        actors = {e.actor for e in events}
        assert "Maria Garcia" in actors
        assert "Devon O." in actors
        assert "maria.g" not in actors

    def test_links_need_the_workspace_url(self) -> None:
        """Links are built from the workspace URL, channel id and ts; replies link to their thread."""
        assert all(e.link is None for e in SlackSource().read(EXPORT))
        events = list(SlackSource().read(EXPORT, channels=["inc-checkout"], workspace_url="https://acme.slack.com/"))
        pinned = next(e for e in events if e.description.startswith("I'm IC"))
        assert pinned.link == "https://acme.slack.com/archives/C04INCCHK1/p1777889404001200"
        reply = next(e for e in events if e.description.startswith("Thread reply: Agreed"))
        assert reply.link is not None
        assert reply.link.endswith("?thread_ts=1777889670.003300&cid=C04INCCHK1")


class TestFilters:
    def test_pinned_only(self) -> None:
        """pinned_only keeps messages with pinned_to."""
        events = list(SlackSource().read(EXPORT, pinned_only=True))
        assert [e.description[:20] for e in events] == ["I'm IC for this one.", "Error rate back unde"]

    def test_reaction(self) -> None:
        """reaction keeps messages with that reaction, skin tones included."""
        events = list(SlackSource().read(EXPORT, reaction=":white_check_mark:"))
        assert len(events) == 3
        thumbs = list(SlackSource().read(EXPORT, reaction="+1"))
        assert [e.description[:14] for e in thumbs] == ["The pricing.v2"]

    def test_pinned_or_reaction(self) -> None:
        """With both, a message needs either one."""
        events = list(SlackSource().read(EXPORT, pinned_only=True, reaction="white_check_mark"))
        assert len(events) == 5

    def test_threads_can_be_left_out(self) -> None:
        """threads=False drops replies but keeps the thread's parent."""
        with_threads = [e.description for e in SlackSource().read(EXPORT, channels=["inc-checkout"])]
        without = [e.description for e in SlackSource().read(EXPORT, channels=["inc-checkout"], threads=False)]
        assert sum(t.startswith("Thread reply:") for t in with_threads) == 2
        assert not any(t.startswith("Thread reply:") for t in without)
        assert any(t.startswith("The pricing.v2 flag") for t in without)

    def test_bot_messages(self) -> None:
        """Bot messages use the attachment text and a (bot) actor; include_bots=False drops them."""
        events = list(SlackSource().read(EXPORT, channels=["inc-checkout"]))
        bot = next(e for e in events if e.actor == "PagerDuty (bot)")
        assert bot.description.startswith("Incident #1042 acknowledged by Maria Garcia")
        quiet = list(SlackSource().read(EXPORT, channels=["inc-checkout"], include_bots=False))
        assert not any(e.actor and e.actor.endswith("(bot)") for e in quiet)
        assert len(quiet) == len(events) - 1

    def test_skip_subtypes_is_configurable(self) -> None:
        """An empty skip set keeps join messages too."""
        events = list(SlackSource().read(EXPORT, channels=["inc-checkout"], skip_subtypes=()))
        assert sum("has joined the channel" in e.description for e in events) == 2

    def test_window(self) -> None:
        """since/until keep only messages inside the window."""
        since = datetime(2026, 5, 4, 10, 15, tzinfo=UTC)
        until = datetime(2026, 5, 4, 10, 20, tzinfo=UTC)
        events = list(SlackSource().read(EXPORT, since=since, until=until))
        assert events
        assert all(since <= e.time <= until for e in events)

    def test_unknown_channel_is_an_error(self) -> None:
        """Asking for a channel the export lacks names the ones it has."""
        with pytest.raises(SourceError, match=r"no channel folder named 'incident'.*general, inc-checkout"):
            list(SlackSource().read(EXPORT, channels=["#incident"]))

    def test_unknown_option_is_a_type_error(self) -> None:
        """A misspelt option is not silently ignored."""
        with pytest.raises(TypeError, match=r"unknown option 'pinned'"):
            list(SlackSource().read(EXPORT, pinned=True))


class TestZip:
    def test_zip_reads_like_the_folder(self, tmp_path: Path) -> None:
        """The zip Slack hands out gives the same events as the unpacked folder."""
        archive = _zip(EXPORT, tmp_path / "export.zip")
        assert list(SlackSource().read(archive)) == list(SlackSource().read(EXPORT))

    def test_zip_with_a_top_folder(self, tmp_path: Path) -> None:
        """Exports nested under one top folder are found."""
        archive = _zip(EXPORT, tmp_path / "export.zip", top="Acme Slack export May 4 2026/")
        assert len(list(SlackSource().read(archive))) == 13

    def test_zip_as_a_binary_stream(self, tmp_path: Path) -> None:
        """An open binary stream works too."""
        archive = _zip(EXPORT, tmp_path / "export.zip")
        with archive.open("rb") as stream:
            assert len(list(SlackSource().read(stream, channels=["general"]))) == 3

    def test_not_a_zip(self, tmp_path: Path) -> None:
        """A file that is neither a folder nor a zip is a clear error naming it."""
        bogus = tmp_path / "export.zip"
        bogus.write_text("not a zip")
        with pytest.raises(SourceError, match=r"export\.zip: not a Slack export folder or zip"):
            list(SlackSource().read(bogus))


class TestMalformed:
    @pytest.fixture
    def export(self, tmp_path: Path) -> Path:
        copy = tmp_path / "export"
        shutil.copytree(EXPORT, copy)
        return copy

    def test_a_truncated_day_loses_only_that_day(self, export: Path) -> None:
        """A cut-off day file is reported by name; other days and channels are still read."""
        day = export / "general" / "2026-05-04.json"
        day.write_text(day.read_text()[:200])
        problems: list[SourceProblem] = []
        events = list(SlackSource().read(export, problems=problems))
        assert len(events) == 11
        assert [p.record for p in problems] == ["general/2026-05-04.json"]
        assert "not valid JSON" in problems[0].message

    def test_strict_mode_raises_on_the_first_problem(self, export: Path) -> None:
        """strict=True stops with an error naming the file."""
        (export / "general" / "2026-05-04.json").write_text("[{")
        with pytest.raises(SourceError, match=r"general/2026-05-04\.json"):
            list(SlackSource().read(export, strict=True))

    def test_a_bad_message_is_skipped_and_named(self, export: Path) -> None:
        """A message with an unreadable ts is named by file and index; the rest of the day is kept."""
        day = export / "general" / "2026-05-04.json"
        messages = json.loads(day.read_text())
        messages.insert(1, {"type": "message", "user": "U04SAM0003", "text": "hi", "ts": "yesterday"})
        messages.insert(0, "not an object")
        day.write_text(json.dumps(messages))
        problems: list[SourceProblem] = []
        events = list(SlackSource().read(export, channels=["general"], problems=problems))
        assert len(events) == 3
        assert [p.record for p in problems] == [
            "general/2026-05-04.json message 0",
            "general/2026-05-04.json message 2",
        ]

    def test_missing_users_json_falls_back_to_profiles_and_ids(self, export: Path) -> None:
        """Without users.json actors come from each message's profile, else the user id; the gap is reported."""
        (export / "users.json").unlink()
        problems: list[SourceProblem] = []
        events = list(SlackSource().read(export, channels=["inc-checkout"], problems=problems))
        actors = {e.description[:12]: e.actor for e in events}
        assert actors["I'm IC for t"] == "maria.g"
        assert actors["set the chan"] == "U04MARIA01"
        assert problems[0].record == "users.json"

    def test_user_missing_from_users_json_uses_the_message_profile(self, export: Path) -> None:
        """A guest missing from users.json is named from the profile copied into the message."""
        users = json.loads((export / "users.json").read_text())
        (export / "users.json").write_text(json.dumps([u for u in users if u["id"] != "U04MARIA01"]))
        pinned = next(e for e in SlackSource().read(export, pinned_only=True))
        assert pinned.actor == "maria.g"
        people = [Participant("Maria Garcia", handle="@maria")]
        mapped = next(e for e in SlackSource().read(export, pinned_only=True, participants=people))
        assert mapped.actor == "Maria Garcia"

    def test_missing_export(self, tmp_path: Path) -> None:
        """A path that does not exist is a clear error."""
        with pytest.raises(SourceError, match=r"no such file or folder"):
            list(SlackSource().read(tmp_path / "nope.zip"))


class TestPrivacy:
    def test_direct_messages_only_when_named(self, tmp_path: Path) -> None:
        """Folders of direct messages are not read unless asked for by name."""
        export = tmp_path / "export"
        shutil.copytree(EXPORT, export)
        (export / "D04DIRECT1").mkdir()
        (export / "D04DIRECT1" / "2026-05-04.json").write_text(
            json.dumps([{"type": "message", "user": "U04SAM0003", "text": "private note", "ts": "1777889000.000100"}])
        )
        assert not any(e.description == "private note" for e in SlackSource().read(export))
        (event,) = SlackSource().read(export, channels=["D04DIRECT1"])
        assert event.description == "private note"


class TestZipLimits:
    def test_too_many_entries(self, tmp_path: Path) -> None:
        """A zip with more files than max_entries is refused before anything is read."""
        archive = _zip(EXPORT, tmp_path / "export.zip")
        with pytest.raises(SourceError, match=r"holds 5 files, more than the 4 limit"):
            list(SlackSource().read(archive, max_entries=4))
        assert len(list(SlackSource().read(archive, max_entries=5))) == 13

    def test_the_inflated_size_counts_every_file_read(self, tmp_path: Path) -> None:
        """max_inflated bounds what the selected channels and the index files inflate to."""
        archive = _zip(EXPORT, tmp_path / "export.zip")
        needed = sum(path.stat().st_size for path in EXPORT.rglob("*.json"))
        with pytest.raises(SourceError, match=r"more than the 1 KiB limit"):
            list(SlackSource().read(archive, max_inflated=1024))
        assert len(list(SlackSource().read(archive, max_inflated=needed))) == 13

    @pytest.mark.parametrize("value", [0, -1, "1GiB", True, 1.5])
    def test_a_limit_must_be_a_positive_number(self, tmp_path: Path, value: object) -> None:
        """A limit that is not a positive integer is a TypeError naming the option."""
        with pytest.raises(TypeError, match="max_inflated must be a positive number"):
            list(SlackSource().read(EXPORT, max_inflated=value))

    def test_a_day_that_is_not_utf8_loses_only_that_day(self, tmp_path: Path) -> None:
        """A day file in another encoding is reported by name; the other days are read."""
        copy = tmp_path / "export"
        shutil.copytree(EXPORT, copy)
        day = copy / "general" / "2026-05-04.json"
        day.write_bytes(day.read_text().replace("Morning", "Mörning").encode("latin-1"))
        problems: list[SourceProblem] = []
        events = list(SlackSource().read(copy, problems=problems))
        assert len(events) == 11
        assert [p.record for p in problems] == ["general/2026-05-04.json"]
        assert "not UTF-8" in problems[0].message
