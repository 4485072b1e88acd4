"""Loading bounds its input: file size, nesting depth, YAML aliases, long numbers, odd keys."""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path

import pytest

import postmortem
from postmortem import serialize
from postmortem.errors import IncidentFormatError

MINIMAL = """\
id: INC-1
title: Checkout errors
severity: SEV2
milestones:
  started: 2026-05-04T10:00:00Z
"""

MINIMAL_DATA = {"id": "INC-1", "title": "t", "severity": "SEV2", "milestones": {"started": "2026-05-04T10:00:00Z"}}


def problems(text: str | bytes, fmt: serialize.Format = "yaml", **limits: int) -> list[str]:
    with pytest.raises(IncidentFormatError) as info:
        postmortem.loads(text, fmt, **limits)  # type: ignore[arg-type]
    return [str(problem) for problem in info.value.problems]


def alias_bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]")
    return MINIMAL + "\n".join(lines) + "\n"


class TestYamlAliases:
    """Aliases are fine until they expand beyond reason."""

    def test_alias_bomb_is_refused_at_the_node_that_explodes(self) -> None:
        """Nine levels of nine aliases (387 million strings) are refused by counting, not expanding."""
        (found,) = problems(alias_bomb())
        assert found.startswith("line 11 $.l5: YAML aliases expand this part to 597,871 nodes")
        assert "alias bomb" in found

    def test_bomb_under_a_real_field_is_refused_too(self) -> None:
        """A bomb hidden under a list field the model reads is refused before structuring."""
        text = alias_bomb().replace("l8: &l8", "tags: &l8")
        (found,) = problems(text)
        assert "YAML aliases expand" in found

    def test_alias_that_contains_itself(self) -> None:
        """``&a [*a]`` would be a list without end."""
        (found,) = problems(MINIMAL + "tags: &a [x, *a]\n")
        assert found == "line 6 $.tags: a YAML alias refers to a node that contains it (a structure without end)"

    def test_ordinary_aliases_and_merge_keys_load(self) -> None:
        """Reusing a mapping with ``<<: *base`` is ordinary YAML and stays allowed."""
        text = MINIMAL + (
            "action_items:\n"
            "  - &base {id: AI-1, description: Add an alert, owner: sre, priority: high}\n"
            "  - <<: *base\n"
            "    id: AI-2\n"
            "    description: Add a runbook\n"
            "tags: &tags [db, api]\n"
            "services: *tags\n"
        )
        incident = postmortem.loads(text)
        assert [item.owner for item in incident.action_items] == ["sre", "sre"]
        assert incident.services == ("db", "api")

    def test_many_plain_aliases_within_the_bound_load(self) -> None:
        """Expansion is measured against a bound, not forbidden: 2,000 aliases of one text are fine."""
        text = MINIMAL + "summary: &s Checkout failed.\nlessons_learned: [" + ", ".join(["*s"] * 2000) + "]\n"
        assert len(postmortem.loads(text).lessons_learned) == 2000


class TestDepth:
    """Nesting deeper than the limit is an error naming the limit and how to raise it."""

    @pytest.mark.parametrize(
        ("fmt", "text"),
        [
            ("json", "[" * 1000 + "]" * 1000),
            ("json", '{"a":' * 1000 + "1" + "}" * 1000),
            ("toml", "a = " + "[" * 1000 + "]" * 1000),
            ("toml", "a = " + "{b = " * 1000 + "1" + "}" * 1000),
            ("yaml", "a: " + "[" * 1000 + "]" * 1000),
            ("yaml", "".join("  " * i + "a:\n" for i in range(1200))),
            ("yaml", "a: " + "[" * 100 + "]" * 100),
        ],
    )
    def test_deep_documents_are_refused(self, fmt: serialize.Format, text: str) -> None:
        """1,000 levels raise no RecursionError in any format."""
        (found,) = problems(text, fmt)
        assert "nested more than 64 levels deep" in found
        assert "--max-depth or POSTMORTEM_MAX_DEPTH (max_depth= in Python)" in found

    def test_yaml_depth_names_the_path(self) -> None:
        """In YAML the first node past the limit is named."""
        (found,) = problems("a:\n  b: [[[[x]]]]\n", max_depth=4)
        assert found.startswith("line 2 $.a.b[0][0]: nested more than 4 levels deep")

    def test_the_limit_can_be_raised(self) -> None:
        """A document 70 levels deep loads its structure when allowed (and then fails on shape only)."""
        text = "a: " + "[" * 70 + "]" * 70
        found = problems(text, max_depth=100)
        assert not any("nested" in problem for problem in found)

    def test_environment_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """POSTMORTEM_MAX_DEPTH sets the default."""
        monkeypatch.setenv("POSTMORTEM_MAX_DEPTH", "3")
        (found,) = problems(MINIMAL + "participants: [{name: a, accounts: {x: y}}]\n")
        assert "nested more than 3 levels deep" in found

    def test_a_bad_environment_variable_is_a_clear_error(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The message names the variable, its value and that a whole number is wanted."""
        monkeypatch.setenv("POSTMORTEM_MAX_DEPTH", "deep")
        with pytest.raises(postmortem.PostmortemError) as raised:
            postmortem.loads(MINIMAL)
        assert str(raised.value) == (
            "POSTMORTEM_MAX_DEPTH='deep' is not a valid limit: 'deep' is not a whole number; unset it or correct it"
        )


class TestFileSize:
    """A file over the size limit is refused without being read whole."""

    def test_text_over_the_limit(self) -> None:
        (found,) = problems(MINIMAL + "summary: " + "x" * 2000 + "\n", max_file_size=1000)
        assert found.startswith("$: the file is 2.1 KiB, over the 1000 bytes limit")
        assert "--max-file-size or POSTMORTEM_MAX_FILE_SIZE (max_file_size= in Python)" in found

    def test_file_over_the_limit(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        path = tmp_path / "big.yaml"
        path.write_text(MINIMAL + "summary: " + "x" * 5000 + "\n", encoding="utf-8")
        monkeypatch.setenv("POSTMORTEM_MAX_FILE_SIZE", "4KiB")
        with pytest.raises(IncidentFormatError) as info:
            postmortem.load(path)
        assert str(info.value.problems[0]) == (
            f"{path} $: the file is more than 4 KiB, over the 4 KiB limit; raise it with --max-file-size "
            "or POSTMORTEM_MAX_FILE_SIZE (max_file_size= in Python)"
        )
        assert postmortem.load(path, max_file_size=10_000).id == "INC-1"

    def test_a_file_of_exactly_the_limit_loads_and_one_byte_more_is_refused(self, tmp_path: Path) -> None:
        path = tmp_path / "edge.yaml"
        text = MINIMAL + "summary: x\n"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size
        assert postmortem.load(path, max_file_size=size).id == "INC-1"
        with pytest.raises(IncidentFormatError, match="the file is more than"):
            postmortem.load(path, max_file_size=size - 1)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
    def test_a_pipe_of_unknown_size_is_bounded_too(self, tmp_path: Path) -> None:
        # A pipe's size is unknown when it is opened: it is read up to one byte past the limit.
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
        text = MINIMAL + "summary: " + "x" * 3000 + "\n"

        def write() -> None:
            with path.open("w", encoding="utf-8") as pipe, contextlib.suppress(BrokenPipeError):
                pipe.write(text)

        for limit, loads in ((10_000, True), (2_000, False)):
            writer = threading.Thread(target=write)
            writer.start()
            try:
                if loads:
                    assert postmortem.load(path, max_file_size=limit).summary == "x" * 3000
                else:
                    # Round 19: a stream is named for what it is; a pipe's message still says how to raise the limit.
                    with pytest.raises(
                        IncidentFormatError,
                        match=r"a pipe, which gave more than 2 KiB without ending .*; for a larger incident file, "
                        r"raise it with --max-file-size or POSTMORTEM_MAX_FILE_SIZE",
                    ):
                        postmortem.load(path, max_file_size=limit)
            finally:
                writer.join()

    @pytest.mark.parametrize(
        ("value", "explained"),
        [
            ("16 parsecs", "write it like 16MiB or 16M (powers of 1024), 20MB (powers of 1000) or 1048576"),
            ("16MB/s", "write it like 16MiB or 16M (powers of 1024), 20MB (powers of 1000) or 1048576"),
            ("0.5", "'0.5' is under 1 byte; a size limit must be at least 1 byte"),
        ],
    )
    def test_a_bad_environment_variable_explains_the_units(
        self, monkeypatch: pytest.MonkeyPatch, value: str, explained: str
    ) -> None:
        """A size the variable holds that cannot be read says which units are read, and how."""
        monkeypatch.setenv("POSTMORTEM_MAX_FILE_SIZE", value)
        with pytest.raises(postmortem.PostmortemError) as raised:
            postmortem.loads(MINIMAL)
        message = str(raised.value)
        assert message.startswith(f"POSTMORTEM_MAX_FILE_SIZE={value!r} is not a valid limit: ")
        assert explained in message
        assert message.endswith("; unset it or correct it")

    def test_a_bad_environment_variable_on_the_command_line(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The CLI exits 2 with the same explanation and no traceback."""
        from click.testing import CliRunner

        from postmortem.cli import main

        path = tmp_path / "INC-1.yaml"
        path.write_text(MINIMAL, encoding="utf-8")
        monkeypatch.setenv("POSTMORTEM_MAX_FILE_SIZE", "16 parsecs")
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert result.exit_code == 2, result.output
        assert "write it like 16MiB or 16M (powers of 1024)" in result.output
        assert "Traceback" not in result.output

    @pytest.mark.parametrize(
        ("text", "size"), [("16MiB", 16 * 1024**2), ("20 MB", 20_000_000), ("500k", 512_000), ("500kB", 500_000)]
    )
    def test_sizes_are_read_with_units(self, text: str, size: int) -> None:
        assert serialize.parse_size(text) == size


class TestOddValues:
    """Values Python refuses or YAML reads surprisingly give located messages."""

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_a_5000_digit_number(self, fmt: serialize.Format) -> None:
        text = {
            "yaml": "id: " + "9" * 5000 + "\n",
            "json": '{"id": ' + "9" * 5000 + "}",
            "toml": "id = " + "9" * 5000 + "\n",
        }[fmt]
        (found,) = problems(text, fmt)
        assert found == "line 1 $: a number of 5,000 digits is too long to read; numbers here need at most 16"

    def test_non_string_keys(self) -> None:
        """``1: x``, ``false: x`` and ``null: x`` are keys that are not names."""
        found = problems(MINIMAL + "1: x\nfalse: y\nnull: z\n")
        assert found == [
            "line 6 $.1: a key must be a name such as summary, got 1",
            "line 7 $.false: a key must be a name such as summary, got false (YAML reads yes/no/on/off as "
            "true/false: quote the text)",
            "line 8 $.null: a key must be a name such as summary, got nothing (null)",
        ]

    def test_json_duplicate_keys_are_refused(self) -> None:
        """JSON's last-one-wins is refused as YAML's is; the file is one line, which each problem names
        (JSON field errors have their line since round 19)."""
        text = json.dumps(MINIMAL_DATA)[:-1] + ', "title": "again", "milestones": {"started": "x", "started": "y"}}'
        assert problems(text, "json") == [
            "line 1 $.milestones: duplicate key (the later value would win)",
            "line 1 $.milestones.started: duplicate key (the later value would win)",
            'line 1 $.milestones.started: expected a date and time with a timezone like 2026-05-04T10:42:00Z, got "y"',
            "line 1 $.title: duplicate key (the later value would win)",
        ]

    @pytest.mark.parametrize("fmt", ["yaml", "json"])
    def test_huge_unknown_key_is_not_echoed_whole(self, fmt: serialize.Format) -> None:
        """A 1 MB unknown key is shown clipped, with its length."""
        key = "k" * 1_000_000
        text = MINIMAL + f"? {key}\n: x\n" if fmt == "yaml" else json.dumps({**MINIMAL_DATA, key: "x"})
        (found,) = problems(text, fmt)
        assert len(found) < 400
        assert "(1,000,000 characters)" in found

    def test_lines_are_found_for_problems_only(self) -> None:
        """The line map follows a reported path down the composed document."""
        text = MINIMAL + "timeline:\n  - time: 2026-05-04T10:01:00Z\n    description: a\n    kind: nope\n"
        (found,) = problems(text)
        assert found.startswith("line 9 $.timeline[0].kind: expected one of")

    def test_line_map_does_not_follow_aliases_into_a_loop(self) -> None:
        """Looking up a path through an alias stops at the alias' anchor, never loops."""
        _incident, lines = serialize.loads_with_lines(MINIMAL + "tags: &t [a]\nservices: *t\n")
        assert lines["$.services[0]"] == 6
        assert len(list(lines)) >= 6
