"""JSON and TOML field errors at their lines, as YAML's are.

The JSON and TOML parsers keep no positions, and a field error in such a file had no line
(``f.json $.action_items[1].due: ...``). A file with problems is read again for its lines
(``postmortem.serialize._text_lines``); a valid file is not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import postmortem
from postmortem.errors import IncidentFormatError
from postmortem.serialize import _text_lines
from postmortem.serialize._text_lines import json_lines, toml_lines
from postmortem.testing import sample_incident


def _line_of(text: str, written: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(written, start)].count("\n") + 1


def _problems(text: str, format: str) -> list[tuple[str, int | None]]:
    with pytest.raises(IncidentFormatError) as raised:
        postmortem.loads(text, format)  # type: ignore[arg-type]
    return [(problem.path, problem.line) for problem in raised.value.problems]


def _keys_off_their_lines(text: str, found: dict[str, int], written: str) -> list[tuple[str, int]]:
    """The paths in ``found`` whose key (as ``written.format(key)``) is not on the line it names.

    The document (``$``) and list items (``...[n]``) name no key of their own and are not looked at.
    """
    rows = text.split("\n")
    off = []
    for path, line in found.items():
        last = path.rsplit(".", 1)[-1]
        if path != "$" and not last.endswith("]") and written.format(last) not in rows[line - 1]:
            off.append((path, line))
    return off


class TestJson:
    def test_field_errors_have_their_lines(self) -> None:
        data = json.loads(postmortem.dumps(sample_incident(), "json"))
        data["action_items"][1]["due"] = "next week"
        data["timeline"][2]["time"] = "soon"
        data["sumary"] = "x"
        text = json.dumps(data, indent=2)
        assert _problems(text, "json") == [
            ("$.timeline[2].time", _line_of(text, '"soon"')),
            ("$.action_items[1].due", _line_of(text, '"next week"')),
            ("$.sumary", _line_of(text, '"sumary"')),
        ]

    def test_one_line_json_is_line_1(self) -> None:
        data = json.loads(postmortem.dumps(sample_incident(), "json"))
        data["severity"] = "SEV9"
        assert _problems(json.dumps(data), "json") == [("$.severity", 1)]

    def test_every_key_is_on_its_line(self) -> None:
        """Each key the map names is written on its line; each list item starts there."""
        text = postmortem.dumps(sample_incident(), "json")
        found = json_lines(text)
        assert len(found) > 80
        assert _keys_off_their_lines(text, found, '"{}"') == []


class TestToml:
    def test_field_errors_have_their_lines(self) -> None:
        """Keys, a table, an array of tables' item, an inline table in a list."""
        text = postmortem.dumps(sample_incident(), "toml")
        text = text.replace('severity = "SEV2"', 'severity = "SEV9"', 1)
        text = text.replace('category = "tooling"', 'category = "toolng"', 1)
        second = text.index("[[timeline]]", text.index("[[timeline]]") + 1)
        time_line = text.index("time = ", second)
        text = text[:time_line] + 'time = "soon"' + text[text.index("\n", time_line) :]
        problems = dict(_problems(text, "toml"))
        assert problems["$.severity"] == _line_of(text, 'severity = "SEV9"')
        assert problems["$.contributing_factors[0].category"] == _line_of(text, '"toolng"')
        assert problems["$.timeline[1].time"] == _line_of(text, 'time = "soon"')

    def test_every_key_is_on_its_line(self) -> None:
        text = postmortem.dumps(sample_incident(), "toml")
        found = toml_lines(text)
        assert len(found) > 80
        assert _keys_off_their_lines(text, found, "{}") == []
        assert found["$"] == 1  # the document starts at its first key, where a missing key is reported

    def test_nested_arrays_of_tables(self) -> None:
        """``[[a.b]]`` under the last ``[[a]]``; a dotted key; a multi-line string does not hide keys."""
        text = '[[a]]\nx = 1\n[[a]]\ns = """\nk = 2\n"""\n[[a.b]]\ny.z = 3\n[c]\nq = [\n  1,\n  { r = 2 },\n]\n'
        assert toml_lines(text) == {
            "$": 1,
            "$.a": 1,
            "$.a[0]": 1,
            "$.a[0].x": 2,
            "$.a[1]": 3,
            "$.a[1].s": 4,
            "$.a[1].b": 7,
            "$.a[1].b[0]": 7,
            "$.a[1].b[0].y.z": 8,
            "$.c": 9,
            "$.c.q": 10,
            "$.c.q[0]": 11,
            "$.c.q[1]": 12,
            "$.c.q[1].r": 12,
        }


@pytest.mark.parametrize("format", ["json", "toml"])
def test_a_valid_file_is_not_read_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, format: str) -> None:
    """The no-error path is as it was: the line readers are not called."""

    def fail(_text: str) -> dict[str, int]:
        raise AssertionError("read again")

    monkeypatch.setattr(_text_lines, "json_lines", fail)
    monkeypatch.setattr(_text_lines, "toml_lines", fail)
    path = tmp_path / f"incident.{format}"
    path.write_text(postmortem.dumps(sample_incident(), format), encoding="utf-8")  # type: ignore[arg-type]
    assert postmortem.load(path).id == sample_incident().id


class TestJsonDuplicateKeys:
    """A duplicate key in a JSON file with no other problem is at the later key's line (it had none)."""

    def test_alone(self) -> None:
        text = postmortem.dumps(sample_incident(), "json").replace('"title":', '"severity": "SEV2",\n  "title":', 1)
        later = _line_of(text, '"severity"', after='"title"')
        assert _problems(text, "json") == [("$.severity", later)]

    def test_in_a_list_item_beside_a_field_error(self) -> None:
        data = json.loads(postmortem.dumps(sample_incident(), "json"))
        data["action_items"][0]["due"] = "next week"
        text = json.dumps(data, indent=2).replace('"owner":', '"owner": "a",\n  "owner":', 1)
        assert _problems(text, "json") == [
            ("$.action_items[0].owner", _line_of(text, '"owner"', after='"a",\n')),
            ("$.action_items[0].due", _line_of(text, '"next week"')),
        ]
