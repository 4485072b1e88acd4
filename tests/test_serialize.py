"""Loading and saving: exact round trips and errors that name the place."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import postmortem
from postmortem import model, serialize
from postmortem.errors import IncidentFormatError, PostmortemError
from postmortem.strategies import hostile_text, incidents
from postmortem.testing import examples, sample_incident

MINIMAL = """\
id: INC-1
title: Checkout errors
severity: SEV2
milestones:
  started: 2026-05-04T10:00:00Z
"""


def problems(text: str, fmt: postmortem.serialize.Format = "yaml") -> list[str]:
    with pytest.raises(IncidentFormatError) as info:
        postmortem.loads(text, fmt)
    return [str(problem) for problem in info.value.problems]


class TestRoundTrip:
    """dump then load gives an equal incident, in every format."""

    @pytest.mark.slow
    @settings(
        max_examples=examples(quick=10, full=30),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(incident=incidents(hostile_text(allow_surrogates=False)))
    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_round_trip_is_exact(self, fmt: postmortem.serialize.Format, incident: model.Incident) -> None:
        """Any valid incident, hostile text included, survives a round trip unchanged."""
        assert postmortem.loads(postmortem.dumps(incident, fmt), fmt) == incident

    @pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json", ".toml"])
    def test_file_round_trip_by_suffix(self, tmp_path: Path, suffix: str) -> None:
        """The format follows the suffix; the file is written whole."""
        incident = sample_incident()
        path = postmortem.dump(incident, tmp_path / f"incident{suffix}")
        assert postmortem.load(path) == incident
        assert [p.name for p in tmp_path.iterdir()] == [f"incident{suffix}"]

    def test_defaults_are_left_out(self) -> None:
        """A minimal incident dumps to its four required fields."""
        incident = postmortem.loads(MINIMAL)
        assert list(postmortem.to_dict(incident)) == ["id", "title", "severity", "milestones"]

    def test_multiline_text_is_a_literal_block(self) -> None:
        """Multi-line text is written as a YAML block people can edit."""
        text = postmortem.dumps(sample_incident(), "yaml")
        assert "user_impact: |-\n    Narrative marker" in text

    def test_custom_severity_scale_round_trips(self) -> None:
        """A file's own severity scale is used for its severity and written back."""
        text = (
            MINIMAL.replace("SEV2", "Major")
            + "severity_scale:\n  - {name: Critical, rank: 1}\n  - {name: Major, rank: 2}\n"
        )
        incident = postmortem.loads(text)
        assert incident.severity == model.Severity("Major", 2)
        assert postmortem.loads(postmortem.dumps(incident)) == incident

    def test_severity_scale_from_the_caller(self) -> None:
        """Automation can pass its scale; files then name its levels."""
        scale = model.SeverityScale([model.Severity("P1", 1), model.Severity("P2", 2)])
        incident = postmortem.loads(MINIMAL.replace("SEV2", "P2"), severity_scale=scale)
        assert incident.severity.rank == 2

    @pytest.mark.parametrize(
        ("written", "microsecond"),
        [
            ("10:42:00.5Z", 500000),
            ("10:42:00.123Z", 123000),
            ("10:42:00.1234567+00:00", 123456),
            ("10:42:00,25Z", 250000),
        ],
    )
    def test_fractional_seconds_of_any_length(self, written: str, microsecond: int) -> None:
        """Tools write 1 to 9 fraction digits; every Python version reads them the same."""
        incident = postmortem.loads(MINIMAL.replace("10:00:00Z", written.replace("10:42", "10:00")))
        assert incident.milestones.started.microsecond == microsecond

    def test_toml_native_datetimes_are_accepted(self) -> None:
        """TOML's own datetime values load like ISO strings."""
        text = 'id = "INC-1"\ntitle = "t"\nseverity = "SEV3"\n[milestones]\nstarted = 2026-05-04T10:00:00Z\n'
        assert postmortem.loads(text, "toml").milestones.started.hour == 10


class TestErrors:
    """Every problem is reported at once, with its path and YAML line."""

    def test_bad_date_names_path_line_and_value(self) -> None:
        """The example from the issue, word for word."""
        text = (
            MINIMAL
            + "action_items:\n  - id: AI-1\n    description: Add alert\n  - id: AI-2\n    description: x\n    due: next week\n"
        )
        assert problems(text) == ['line 11 $.action_items[1].due: expected a date like 2026-12-01, got "next week"']

    def test_all_problems_at_once_in_line_order(self) -> None:
        """Several problems in one file come back together, in reading order."""
        text = (
            MINIMAL.replace("SEV2", "SEV9")
            + "impact:\n  share_affected: 30\ntags: urgent\ndetection: {method: pager}\n"
        )
        found = problems(text)
        assert found == [
            'line 3 $.severity: unknown severity "SEV9"; expected one of SEV1, SEV2, SEV3, SEV4, SEV5',
            "line 7 $.impact.share_affected: must be a fraction between 0 and 1 (0.3 for 30%), got 30.0",
            'line 8 $.tags: expected a list, got "urgent"',
            "line 9 $.detection.method: expected one of monitor, user_report, internal_alert, support_escalation, other,"
            ' got "pager"',
        ]

    def test_unknown_key_suggests_the_right_one(self) -> None:
        """A typo gets a did-you-mean."""
        assert problems(MINIMAL + "sumary: x\n") == ["line 6 $.sumary: unknown key (did you mean 'summary'?)"]

    def test_missing_required_field(self) -> None:
        """A missing required field points at its parent's line."""
        assert problems(MINIMAL + "timeline:\n  - time: 2026-05-04T10:05:00Z\n") == [
            "line 7 $.timeline[0].description: missing (required)"
        ]

    def test_naive_datetime(self) -> None:
        """A time without an offset says how to add one."""
        assert problems(MINIMAL.replace("10:00:00Z", "10:00:00")) == [
            'line 5 $.milestones.started: "2026-05-04T10:00:00" has no timezone; add an offset such as Z (UTC) or +02:00'
        ]

    def test_date_with_a_zone_but_no_time(self) -> None:
        """A date written with a zone ("2026-05-04Z") is not called zone-less: the time is what is missing."""
        (found,) = problems(MINIMAL.replace("2026-05-04T10:00:00Z", "2026-05-04Z"))
        assert found.startswith('line 5 $.milestones.started: "2026-05-04Z" is a date with a zone but no time')
        assert "2026-05-04T00:00Z" in found
        assert "has no timezone" not in found

    def test_bad_enum_value_suggests(self) -> None:
        """An unknown status lists the allowed values and the closest one."""
        (found,) = problems(MINIMAL + "status: publishd\n")
        assert found.startswith("line 6 $.status: expected one of draft, in_review, published")
        assert "did you mean 'published'" in found

    def test_enum_values_are_forgiving_about_case_and_dashes(self) -> None:
        """``In-Review`` means in_review."""
        assert postmortem.loads(MINIMAL + "status: In-Review\n").status is model.WriteUpStatus.IN_REVIEW

    def test_yaml_booleans_are_explained(self) -> None:
        """YAML's yes/no surprise is named in the message."""
        (found,) = problems(MINIMAL + "summary: yes\n")
        assert "quote the text" in found

    def test_milestone_order(self) -> None:
        """Milestones out of order are reported at the later one."""
        (found,) = problems(MINIMAL + "  detected: 2026-05-04T09:00:00Z\n")
        assert found.startswith("line 6 $.milestones.detected: detected (2026-05-04T09:00:00+00:00) is before started")

    def test_duplicate_yaml_key(self) -> None:
        """A key given twice is an error, not a silent overwrite."""
        assert problems(MINIMAL + "title: again\n") == ["line 6 $.title: duplicate key (the later value would win)"]

    def test_duplicate_action_ids_are_located(self) -> None:
        """Whole-incident checks still name the exact item."""
        text = MINIMAL + "action_items:\n  - {id: A, description: x}\n  - {id: A, description: y}\n"
        assert problems(text) == ["line 8 $.action_items[1].id: duplicate action item id 'A'"]

    def test_yaml_syntax_error_has_a_line(self) -> None:
        """Broken YAML reports where it broke."""
        (found,) = problems(MINIMAL + "tags: [a, b\n")
        assert found.startswith("line 7 $: not valid YAML")

    def test_json_syntax_error_has_a_line(self) -> None:
        """Broken JSON reports where it broke."""
        (found,) = problems('{\n  "id": "x",\n  "title": \n}', "json")
        assert found.startswith("line 4 $: not valid JSON")

    def test_toml_syntax_error(self) -> None:
        """Broken TOML is reported as such."""
        (found,) = problems('id = "x"\ntitle = \n', "toml")
        assert "not valid TOML" in found

    def test_not_a_mapping(self) -> None:
        """A list at the top is not an incident."""
        assert problems("- a\n- b\n") == ["line 1 $: expected a mapping of sections, got a list"]

    def test_empty_document(self) -> None:
        """An empty file says so."""
        assert problems("") == ["$: the document is empty"]

    def test_errors_name_the_file(self, tmp_path: Path) -> None:
        """load() puts the file name in front of each problem."""
        path = tmp_path / "x.yaml"
        path.write_text(MINIMAL + "sumary: x\n", encoding="utf-8")
        with pytest.raises(IncidentFormatError) as info:
            postmortem.load(path)
        assert str(info.value.problems[0]) == f"{path}:6 $.sumary: unknown key (did you mean 'summary'?)"
        assert str(info.value).startswith(f"{path}: 1 problem:")

    def test_json_errors_have_paths(self) -> None:
        """JSON input gets the same paths (no lines: the parser gives none)."""
        data = json.loads(json.dumps({"id": "x", "title": "t", "severity": "SEV1", "milestones": {"started": "bad"}}))
        with pytest.raises(IncidentFormatError) as info:
            postmortem.from_dict(data)
        assert info.value.problems[0].path == "$.milestones.started"

    def test_unreadable_and_unknown_files(self, tmp_path: Path) -> None:
        """A missing file and an unknown suffix are clear library errors."""
        with pytest.raises(PostmortemError, match="cannot read"):
            postmortem.load(tmp_path / "missing.yaml")
        with pytest.raises(PostmortemError, match=r"suffix '\.txt'"):
            postmortem.load(tmp_path / "incident.txt")

    def test_not_utf8(self) -> None:
        """Bytes that are not UTF-8 are reported, not a UnicodeDecodeError."""
        assert problems(b"id: \xff\xfe") == ["$: not UTF-8 text: invalid start byte at byte 4"]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.yaml", "yaml"),
        ("REPORT.YML", "yaml"),
        ("dir.v2/x.json", "json"),
        ("x.tar.toml", "toml"),
        (Path("q.Yaml"), "yaml"),
        (Path("folder") / "a.json", "json"),
    ],
)
def test_format_for_path_reads_the_suffix(name: str | Path, expected: str) -> None:
    assert serialize.format_for_path(name) == expected


@pytest.mark.parametrize("name", ["dir/.yaml", ".json", "notes.txt", "README", "a.yaml.bak", "x."])
def test_format_for_path_refuses_what_has_no_known_suffix(name: str) -> None:
    # A name that is only a suffix (a hidden file) has none, as pathlib sees it.
    with pytest.raises(PostmortemError, match="cannot tell the format from the suffix"):
        serialize.format_for_path(name)


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("0042", "0042"),  # octal in YAML 1.1: the number 34
        ("1.10", "1.10"),  # the float 1.1
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        ("+7", "+7"),
        ("1e3", "1e3"),
        ("2026", "2026"),
        ("3.5", "3.5"),
    ],
)
@pytest.mark.parametrize("anchored", [False, True], ids=["plain", "anchored"])
def test_a_number_given_for_text_keeps_what_was_written(written: str, kept: str, anchored: bool) -> None:
    """YAML reads ``id: 0042`` as a number; a text field keeps the digits as the user wrote them,
    both when the document is read by the plain builder and when an anchor sends it to PyYAML's."""
    text = MINIMAL.replace("id: INC-1", f"id: {'&n ' if anchored else ''}{written}")
    incident = postmortem.loads(text.replace("title: Checkout errors", "title: " + ("*n" if anchored else written)))
    assert incident.id == kept
    assert incident.title == kept


@pytest.mark.parametrize(
    ("written", "kept"),
    [("1.10", "1.10"), ("1e3", "1e3"), ("1E+03", "1E+03"), ("-0.50", "-0.50"), ("3.5", "3.5"), ("2026", "2026")],
)
@pytest.mark.parametrize("format", ["json", "toml"])
def test_a_number_for_text_keeps_its_digits_in_json_and_toml(written: str, kept: str, format: str) -> None:
    """JSON's ``"title": 1.10`` and TOML's ``title = 1.10`` keep the digits as written, as YAML does.

    The count beside it stays a plain number, and a number with a fraction where a number
    is meant (a float field) is the number.
    """
    text = postmortem.dumps(postmortem.loads(MINIMAL), format=format)
    if format == "json":
        data = json.loads(text)
        raw = json.dumps(data).replace(json.dumps(data["title"]), written, 1)
    else:
        raw = re.sub(r"^title = .*$", f"title = {written}", text, count=1, flags=re.MULTILINE)
    incident = postmortem.loads(raw, format=format)
    assert incident.title == kept
    assert postmortem.loads(postmortem.dumps(incident, format=format), format=format).title == kept


def test_a_number_given_for_a_count_is_a_plain_number() -> None:
    """``0x10`` for a count is 16, stored as a plain ``int`` (it pickles and dumps as one)."""
    incident = postmortem.loads(MINIMAL + "impact:\n  users_affected: 0x10\n")
    assert incident.impact.users_affected == 16
    assert type(incident.impact.users_affected) is int
    assert "users_affected: 16" in postmortem.dumps(incident)


def test_a_number_too_large_for_text_is_a_located_problem() -> None:
    """JSON's ``1e999999`` is infinity to a parser: a title given it is refused, not kept as "inf"."""
    data = json.loads(postmortem.dumps(postmortem.loads(MINIMAL), format="json"))
    raw = json.dumps(data).replace(json.dumps(data["title"]), "1e999999")
    with pytest.raises(IncidentFormatError) as caught:
        postmortem.loads(raw, format="json")
    assert "$.title: expected text, got a number that is not finite" in str(caught.value)


@pytest.mark.parametrize(
    ("character", "said"),
    [("\x00", "a NUL byte, which YAML does not allow"), ("\x1b", "the control character U+001B")],
)
def test_a_character_yaml_refuses_is_named_by_its_line(character: str, said: str) -> None:
    """Not PyYAML's "in '<unicode string>', position 212": the line, and what the character is."""
    text = MINIMAL + f"summary: before {character} after\n"
    with pytest.raises(IncidentFormatError) as caught:
        postmortem.loads(text)
    (problem,) = caught.value.problems
    assert problem.line == text.count("\n")
    assert said in problem.message
    assert "position" not in problem.message
