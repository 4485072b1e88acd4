"""``postmortem timeline`` on hostile and careless exports: refused with a located message, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from postmortem import load

from ._limited import assert_refused, deflated, inflating_to, postmortem, stored, write_zip

DATA = Path(__file__).resolve().parent.parent / "data"
SOURCES = DATA / "sources"
INCIDENT = DATA / "timeline" / "checkout-incident.yaml"
SLACK = SOURCES / "slack"

# Inside the incident's window (10:02 to 10:50 on 4 May 2026, with a 2 h margin).
IN_WINDOW = "2026-05-04T10:30:00Z"


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    target = tmp_path / "incident.yaml"
    shutil.copy(INCIDENT, target)
    return target


def _slack_entries() -> list:  # type: ignore[type-arg]
    return [
        stored(path.relative_to(SLACK).as_posix(), path.read_bytes())
        for path in sorted(SLACK.rglob("*.json"))
        if path.parent == SLACK
    ]


class TestSlackZip:
    def test_a_small_zip_that_inflates_to_2_gib_is_refused(self, incident: Path, tmp_path: Path) -> None:
        """A 2 MB zip whose day file inflates to 2 GiB is refused from its declared size, inflating nothing."""
        bomb = inflating_to("general/2026-05-04.json", b"[", b" " * (1 << 20), 2048, b"]")
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), bomb])
        assert archive.stat().st_size < 3 << 20
        run = postmortem("timeline", incident, "--slack", archive, forked=False)  # the real python -m postmortem
        assert_refused(run, "export.zip", "inflates to 2 GiB", "1 GiB limit", "--slack-max-inflated")

    def test_the_limit_can_be_raised(self, incident: Path, tmp_path: Path) -> None:
        """--slack-max-inflated lets a larger export through; the limit is what stops the bomb, not its shape."""
        day = json.dumps([{"type": "message", "user": "U04SAM0003", "text": "hello", "ts": "1777890600.000100"}])
        padded = inflating_to("general/2026-05-04.json", day[:-1].encode(), b" " * (1 << 20), 3, b"]")
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), padded])
        refused = postmortem("timeline", incident, "--slack", archive, "--slack-max-inflated", "2MiB")
        assert_refused(refused, "export.zip", "2 MiB limit")
        allowed = postmortem("timeline", incident, "--slack", archive, "--slack-max-inflated", "8MiB")
        assert allowed.code == 0, allowed.output
        assert "Added 1 events" in allowed.output

    def test_an_encrypted_entry_is_named(self, incident: Path, tmp_path: Path) -> None:
        """An entry with the encryption flag is an error naming the zip and the entry."""
        day = deflated("general/2026-05-04.json", "[]")
        locked = type(day)(day.name, day.data, day.size, day.crc, day.method, flags=0x1)
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), locked])
        run = postmortem("timeline", incident, "--slack", archive)
        assert_refused(run, "export.zip", "general/2026-05-04.json", "encrypted")

    @pytest.mark.parametrize("method", [12, 14, 93, 99])
    def test_an_unsupported_compression_method_is_named(self, incident: Path, tmp_path: Path, method: int) -> None:
        """bzip2, LZMA, Zstandard and AES entries are not inflated; the message names the method."""
        day = stored("general/2026-05-04.json", "[]")
        odd = type(day)(day.name, day.data, day.size, day.crc, method)
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), odd])
        run = postmortem("timeline", incident, "--slack", archive)
        assert_refused(run, "export.zip", "general/2026-05-04.json", f"compression method {method}")

    def test_corrupt_deflate_data_is_named(self, incident: Path, tmp_path: Path) -> None:
        """Damaged compressed data is an error naming the entry, not a zlib traceback."""
        text = json.dumps([{"type": "message", "text": f"message {n}", "ts": "1777890600.000100"} for n in range(200)])
        day = deflated("general/2026-05-04.json", text)
        broken = bytearray(day.data)
        broken[len(broken) // 2 : len(broken) // 2 + 16] = b"\xff" * 16
        damaged = type(day)(day.name, bytes(broken), day.size, day.crc, day.method)
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), damaged])
        run = postmortem("timeline", incident, "--slack", archive)
        assert_refused(run, "export.zip", "general/2026-05-04.json", "the zip is damaged")

    def test_a_wrong_checksum_is_named(self, incident: Path, tmp_path: Path) -> None:
        """An entry whose CRC does not match its content is an error naming the entry."""
        day = stored("general/2026-05-04.json", "[]")
        wrong = type(day)(day.name, day.data, day.size, day.crc ^ 0xFFFF)
        archive = write_zip(tmp_path / "export.zip", [*_slack_entries(), wrong])
        run = postmortem("timeline", incident, "--slack", archive)
        assert_refused(run, "export.zip", "general/2026-05-04.json", "CRC")

    def test_a_cut_off_zip_is_named(self, incident: Path, tmp_path: Path) -> None:
        """A zip cut in half (an interrupted download) is an error naming the file."""
        archive = write_zip(tmp_path / "export.zip", _slack_entries())
        archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        run = postmortem("timeline", incident, "--slack", archive)
        assert_refused(run, "export.zip", "not a Slack export folder or zip")

    def test_a_file_that_is_not_a_zip(self, incident: Path, tmp_path: Path) -> None:
        """Any other file given as an export is an error naming it."""
        other = tmp_path / "export.zip"
        other.write_bytes(b"\x00" * 5000)
        assert_refused(postmortem("timeline", incident, "--slack", other), "export.zip", "not a Slack export")


def _epoch_cases() -> list[tuple[str, str, str]]:
    pagerduty = json.dumps(
        {
            "log_entries": [
                {"id": "R1", "type": "trigger_log_entry", "created_at": 1e300, "summary": "Triggered"},
                {"id": "R2", "type": "acknowledge_log_entry", "created_at": IN_WINDOW, "summary": "Acknowledged"},
            ]
        }
    )
    alert = {
        "status": "firing",
        "labels": {"alertname": "HighErrorRate"},
        "startsAt": 1e300,
        "fingerprint": "abc",
    }
    fine = {**alert, "startsAt": IN_WINDOW, "fingerprint": "def", "labels": {"alertname": "SlowCheckout"}}
    alertmanager = json.dumps({"status": "firing", "alerts": [alert, fine]})
    statuspage = json.dumps(
        {
            "id": "p1",
            "incident_updates": [
                {"id": "u1", "status": "investigating", "body": "Looking.", "display_at": "1e300"},
                {"id": "u2", "status": "resolved", "body": "Fixed.", "display_at": -1e300},
                {"id": "u3", "status": "monitoring", "body": "Watching.", "display_at": IN_WINDOW},
            ],
        }
    )
    jsonl = "\n".join(
        json.dumps(row)
        for row in (
            {"time": 1e300, "description": "far future"},
            {"time": IN_WINDOW, "description": "flag flipped"},
        )
    )
    # Python's json reads these; other tools write them.
    jsonl += '\n{"time": Infinity, "description": "infinite"}\n{"time": NaN, "description": "not a number"}\n'
    jsonl += '{"time": ' + "9" * 5000 + ', "description": "long"}\n'
    return [
        ("--pagerduty", "pagerduty.json", pagerduty),
        ("--alertmanager", "alertmanager.json", alertmanager),
        ("--statuspage", "statuspage.json", statuspage),
        ("--jsonl", "flags.jsonl", jsonl),
    ]


class TestAbsurdNumbers:
    @pytest.mark.parametrize(("option", "name", "text"), _epoch_cases(), ids=lambda v: str(v)[:12])
    def test_strict_mode_stops_with_the_record_named(
        self, incident: Path, tmp_path: Path, option: str, name: str, text: str
    ) -> None:
        """Epoch 1e300 (and NaN, 5,000-digit numbers) stop --strict with exit 2 naming the file and record."""
        export = tmp_path / name
        export.write_text(text)
        run = postmortem("timeline", incident, option, export, "--strict")
        assert_refused(run, name, "line 1", "not a time")

    @pytest.mark.parametrize(("option", "name", "text"), _epoch_cases(), ids=lambda v: str(v)[:12])
    def test_the_rest_is_read_and_the_bad_records_named(
        self, incident: Path, tmp_path: Path, option: str, name: str, text: str
    ) -> None:
        """Without --strict the bad records are skipped and listed by file and record; the good ones are added."""
        export = tmp_path / name
        export.write_text(text)
        run = postmortem("timeline", incident, option, export)
        assert run.code == 0, run.output
        assert "Traceback" not in run.output
        assert "Added 1 events" in run.output
        assert f"{name}: " in run.output.split("Skipped", 1)[1]

    def test_five_thousand_digits_in_a_paged_export(self, incident: Path, tmp_path: Path) -> None:
        """An integer too long for Python to convert is a malformed record, named by line."""
        export = tmp_path / "pagerduty.json"
        export.write_text(
            '{"log_entries": [{"id": "R1", "type": "trigger_log_entry", "created_at": ' + "7" * 5000 + "}]}"
        )
        run = postmortem("timeline", incident, "--pagerduty", export, "--strict")
        assert_refused(run, "pagerduty.json", "line 1", "Exceeds the limit")

    def test_json_nested_ten_thousand_deep(self, incident: Path, tmp_path: Path) -> None:
        """A record nested deeper than Python's decoder goes is a malformed record, not a RecursionError."""
        export = tmp_path / "alerts.jsonl"
        export.write_text('{"alerts": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
        run = postmortem("timeline", incident, "--alertmanager", export, "--strict")
        assert_refused(run, "alerts.jsonl", "nested too deeply")


class TestCarelessOptions:
    @pytest.mark.parametrize("template", ["https://x/{nope}", "https://x/{", "https://x/{0}", "https://x/{sha!r}"])
    def test_a_bad_commit_url_template(self, incident: Path, tmp_path: Path, template: str) -> None:
        """A --git-commit-url with anything but {sha} and {short} in braces is refused, naming the repository."""
        repo = tmp_path / "repo"
        repo.mkdir()
        run = postmortem("timeline", incident, "--git", repo, "--git-commit-url", template)
        assert_refused(run, "repo", "{sha} and {short}")

    def test_a_commit_url_is_filled_by_substitution(self, incident: Path, tmp_path: Path) -> None:
        """{sha} and {short} are replaced; braces are never handed to str.format."""
        git = shutil.which("git")
        if git is None:
            pytest.skip("git is not installed")
        repo = tmp_path / "repo"
        import subprocess

        env = {
            "GIT_AUTHOR_NAME": "Devon",
            "GIT_AUTHOR_EMAIL": "d@example.com",
            "GIT_COMMITTER_NAME": "Devon",
            "GIT_COMMITTER_EMAIL": "d@example.com",
            "GIT_AUTHOR_DATE": IN_WINDOW,
            "GIT_COMMITTER_DATE": IN_WINDOW,
            "HOME": str(tmp_path),
        }
        subprocess.run([git, "init", "-q", str(repo)], check=True, env=env)
        subprocess.run([git, "-C", str(repo), "commit", "-q", "--allow-empty", "-m", "Ship"], check=True, env=env)
        run = postmortem(
            "timeline", incident, "--git", repo, "--git-mode", "commits", "--git-commit-url", "https://x/{short}/{sha}"
        )
        assert run.code == 0, run.output
        link = next(line for line in run.stdout.splitlines() if "link:" in line).split("link: ")[1]
        short, sha = link.removeprefix("https://x/").split("/")
        assert len(sha) == 40
        assert sha.startswith(short)
        assert len(short) == 12

    @pytest.mark.parametrize("reactions", ["eyes", 5, {"name": "white_check_mark"}, None, [None, 3, "x"]])
    def test_reactions_that_are_not_a_list(self, incident: Path, tmp_path: Path, reactions: object) -> None:
        """A message whose reactions are not a list is read as a message without reactions."""
        export = tmp_path / "slack"
        shutil.copytree(SLACK, export)
        day = export / "inc-checkout" / "2026-05-04.json"
        messages = json.loads(day.read_text())
        for message in messages:
            message["reactions"] = reactions
            message["files"] = reactions
            message["attachments"] = reactions
            message["subtype"] = message.get("subtype", {"odd": reactions})
        day.write_text(json.dumps(messages))
        run = postmortem("timeline", incident, "--slack", export, "--slack-reaction", "white_check_mark")
        assert run.code == 0, run.output
        assert "Traceback" not in run.output


class TestWriting:
    @pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\x0b", "\x7f", "\ufeff"])
    def test_line_separators_do_not_drop_the_import(self, incident: Path, tmp_path: Path, separator: str) -> None:
        """A message holding U+2028, U+2029 or NEL is written escaped; the whole import lands and loads back."""
        export = tmp_path / "slack"
        shutil.copytree(SLACK, export)
        day = export / "inc-checkout" / "2026-05-04.json"
        messages = json.loads(day.read_text())
        messages[5]["text"] = f"first line{separator}second line"
        day.write_text(json.dumps(messages))
        run = postmortem("timeline", incident, "--slack", export, "--write")
        assert run.code == 0, run.output
        assert "Wrote" in run.output
        texts = [event.description for event in load(incident).timeline]
        assert f"first line{separator}second line" in texts
        assert len(texts) == 2 + 12

    def test_a_symlinked_incident_file_is_written_through(self, tmp_path: Path) -> None:
        """--write changes the file the link points to and leaves the link a link."""
        real = tmp_path / "incidents" / "checkout.yaml"
        real.parent.mkdir()
        shutil.copy(INCIDENT, real)
        link = tmp_path / "incident.yaml"
        link.symlink_to(real)
        run = postmortem("timeline", link, "--slack", SLACK, "--write")
        assert run.code == 0, run.output
        assert link.is_symlink()
        assert link.resolve() == real.resolve()
        assert len(load(real).timeline) == 2 + 12
        assert sorted(p.name for p in real.parent.iterdir()) == ["checkout.yaml"]
