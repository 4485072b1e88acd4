"""Writing the tracker's state back into files as teams write them: only the synced keys change."""

from __future__ import annotations

import difflib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import model
from postmortem.errors import PostmortemError
from postmortem.model import ActionStatus
from postmortem.testing import examples
from postmortem.trackers import ItemSync, SyncResult, TrackerIssue, read_back, synced_text, write_synced

HEAD = """\
id: INC-2026-0520
title: Search latency doubled after an index rebuild
summary: The nightly rebuild ran during peak hours.
milestones: {started: 2026-05-20T14:00:00Z, resolved: 2026-05-20T15:10:00Z}
"""

# The same two action items in the shapes people write them in.
SHAPES = {
    "two-space, dash at the key's column": HEAD
    + """\
action_items:
- id: AI-1   # from the review
  description: Move the index rebuild out of peak hours.
  owner: Lena Fischer
- id: AI-2
  description: Alert on p99 search latency.
  status: in_progress
""",
    "four-space with indented dashes": HEAD
    + """\
action_items:
    # Both agreed on 21 May.
    -   id: AI-1
        description: Move the index rebuild out of peak hours.
        owner: Lena Fischer
    -   id: AI-2
        description: Alert on p99 search latency.   # latency, not errors
        status: in_progress
""",
    "flow mappings": HEAD
    + """\
action_items:
  - {id: AI-1, description: Move the index rebuild out of peak hours., owner: Lena Fischer}
  # next one is already being worked on
  - {id: AI-2, description: Alert on p99 search latency., status: in_progress}
""",
    "document markers and quoted strings": "---\n"
    + HEAD
    + """\
action_items:
  - id: "AI-1"
    description: 'Move the index rebuild out of peak hours.'
    owner: "Lena Fischer"
  - id: 'AI-2'
    description: "Alert on p99 search latency."
    status: 'in_progress'
...
# trailing notes stay
""",
}


def _result(text: str) -> SyncResult:
    incident = postmortem.loads(text, "yaml")
    issues = {
        "AI-1": TrackerIssue(
            "OPS-7",
            url="https://jira.example.com/browse/OPS-7",
            status=ActionStatus.DONE,
            completed=date(2026, 6, 2),
            created=date(2026, 5, 21),
        ),
        "AI-2": TrackerIssue("OPS-8", url="https://jira.example.com/browse/OPS-8", created=date(2026, 5, 21)),
    }
    items = []
    results = []
    for item in incident.action_items:
        new_item, changes = read_back(incident, item, issues[item.id], "jira", date(2026, 6, 3))
        items.append(new_item)
        results.append(ItemSync(item.id, "unchanged", issues[item.id].key, changes=changes))
    import attrs

    return SyncResult(attrs.evolve(incident, action_items=tuple(items)), tuple(results))


class TestYamlShapes:
    @pytest.mark.parametrize("shape", sorted(SHAPES))
    def test_only_synced_keys_change(self, shape: str) -> None:
        """Comments, quoting and every other line survive; the file loads to the synced incident."""
        text = SHAPES[shape]
        result = _result(text)
        written = synced_text(text, result)
        loaded = postmortem.loads(written, "yaml")
        assert loaded.action_items == result.incident.action_items
        first, second = loaded.action_items
        assert (first.status, first.completed, first.tracker_key) == (ActionStatus.DONE, date(2026, 6, 2), "OPS-7")
        # The tracker cannot say "in progress"... here it can (exact status), and says open.
        assert second.status is ActionStatus.OPEN
        for line in text.splitlines():
            if "#" in line:
                assert line.strip() in written, f"comment lost: {line!r}"
        assert written.startswith("---\n") == text.startswith("---\n")
        if shape != "flow mappings":
            # Line by line: the only lines that go are those of keys whose value changed.
            gone = [line for line in difflib.ndiff(text.splitlines(), written.splitlines()) if line.startswith("- ")]
            assert [line.split(":")[0].strip("- ").strip() for line in gone] == ["status"], gone
        assert "summary: The nightly rebuild ran during peak hours." in written

    def test_removed_completion_date(self) -> None:
        """An issue reopened in the tracker takes the completion date out of the file."""
        text = HEAD + (
            "action_items:\n"
            "  - id: AI-1\n"
            "    description: Move the index rebuild out of peak hours.\n"
            "    status: done\n"
            "    completed: 2026-06-01  # closed in the sprint review\n"
            "    tracker_key: OPS-7\n"
        )
        incident = postmortem.loads(text, "yaml")
        item = incident.action_items[0]
        new_item, changes = read_back(incident, item, TrackerIssue("OPS-7"), "jira", date(2026, 6, 3))
        result = SyncResult(
            postmortem.Incident(**{**_fields(incident), "action_items": (new_item,)}),
            (ItemSync("AI-1", "unchanged", "OPS-7", changes=changes),),
        )
        written = synced_text(text, result)
        assert "completed" not in written
        assert "    status: open\n" in written
        assert postmortem.loads(written, "yaml").action_items[0].completed is None


def _fields(incident: postmortem.Incident) -> dict[str, object]:
    import attrs

    return {field.name: getattr(incident, field.name) for field in attrs.fields(type(incident))}


class TestOtherFormats:
    @pytest.mark.parametrize("suffix", [".json", ".toml"])
    def test_json_and_toml_are_written_from_the_model(self, tmp_path: Path, suffix: str) -> None:
        """JSON and TOML carry no comments: they are written out again and load to the synced incident."""
        incident = postmortem.loads(SHAPES["two-space, dash at the key's column"], "yaml")
        path = tmp_path / f"INC-2026-0520{suffix}"
        postmortem.dump(incident, path)
        result = _result(SHAPES["two-space, dash at the key's column"])
        write_synced(path, result)
        assert postmortem.load(path).action_items == result.incident.action_items
        if suffix == ".json":
            assert json.loads(path.read_text(encoding="utf-8"))["action_items"][0]["tracker_key"] == "OPS-7"

    def test_file_without_action_items_list_is_left_alone(self, tmp_path: Path) -> None:
        """A YAML file whose action_items is not a list is refused, not rewritten."""
        text = SHAPES["two-space, dash at the key's column"]
        result = _result(text)
        with pytest.raises(PostmortemError, match="no action_items list"):
            synced_text(HEAD + "action_items: {}\n", result)


class TestAwkwardText:
    @pytest.mark.parametrize("ending", ["\r\n", ""])
    def test_crlf_and_block_scalar_last(self, ending: str) -> None:
        """Windows line ends stay; keys go after a block scalar, not into it.

        Without a final line break the block scalar's text would change by adding lines after
        it, so the file is rewritten by ruamel instead (line ends then become LF).
        """
        text = (
            HEAD + "action_items:\n  - id: AI-1\n    description: |\n      Move the rebuild.\n      Off peak."
        ).replace("\n", "\r\n") + ending
        incident = postmortem.loads(text, "yaml")
        item = incident.action_items[0]
        issue = TrackerIssue("OPS-9", assignee="ops", assignee_name="Ops: on-call #2", created=date(2026, 5, 22))
        new_item, changes = read_back(incident, item, issue, "jira", date(2026, 6, 3))
        import attrs

        result = SyncResult(
            attrs.evolve(incident, action_items=(new_item,)), (ItemSync("AI-1", "link", "OPS-9", changes=changes),)
        )
        written = synced_text(text, result)
        loaded = postmortem.loads(written, "yaml").action_items[0]
        assert loaded.description == item.description
        assert loaded.owner == "Ops: on-call #2"
        if ending:
            assert "\n" not in written.replace("\r\n", "")
            assert '    owner: "Ops: on-call #2"\r\n' in written


class TestAnyIncident:
    """Whatever the file holds and whatever the tracker answers, the written file loads to the synced items."""

    @pytest.mark.slow
    @settings(max_examples=examples(quick=10, full=40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_written_file_loads_to_synced_items(self, data: st.DataObject) -> None:
        """Hostile owners, keys and URLs from a tracker are quoted so that they read back as sent."""
        import attrs

        from postmortem.strategies import hostile_text, incidents

        text_strategy = hostile_text(allow_surrogates=False)
        incident = data.draw(incidents(text_strategy, max_events=2, max_items=3))
        text = postmortem.dumps(incident, "yaml")
        tokens = text_strategy.map(lambda value: model.NOT_IN_TOKENS.sub("", value)).filter(
            lambda value: bool(value.strip())
        )
        days = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
        items = []
        results = []
        for item in incident.action_items:
            issue = TrackerIssue(
                data.draw(tokens, label="key"),
                url=data.draw(st.one_of(st.just(""), tokens), label="url"),
                status=data.draw(st.sampled_from(ActionStatus), label="status"),
                assignee=data.draw(st.one_of(st.none(), text_strategy), label="assignee"),
                due=data.draw(days, label="due"),
                created=data.draw(days, label="created"),
                completed=data.draw(days, label="completed"),
            )
            new_item, changes = read_back(incident, item, issue, "github", date(2026, 6, 3))
            items.append(new_item)
            results.append(ItemSync(item.id, "unchanged", issue.key, changes=changes))
        result = SyncResult(attrs.evolve(incident, action_items=tuple(items)), tuple(results))
        written = synced_text(text, result)
        assert postmortem.loads(written, "yaml").action_items == result.incident.action_items
