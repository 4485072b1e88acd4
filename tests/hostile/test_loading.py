"""Hostile and careless incident files: every command exits 2 with a located message, in bounds.

Each case runs the real ``postmortem`` command in a child process with its address space
capped (see ``conftest.py``). A case passes when the command exits 2, names the file and
the ``$.path`` in its message, and prints no traceback.
"""

from __future__ import annotations

import json
import shutil

import pytest

from postmortem.testing import thorough_only

from .conftest import EXAMPLES, Runner, assert_clean_failure

MINIMAL = """\
id: INC-1
title: Checkout errors
severity: SEV2
milestones:
  started: 2026-05-04T10:00:00Z
"""

MINIMAL_DATA = {"id": "INC-1", "title": "t", "severity": "SEV2", "milestones": {"started": "2026-05-04T10:00:00Z"}}


def alias_bomb() -> str:
    """401 bytes that stand for 387 million strings once expanded."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [{','.join([f'*a{level - 1}'] * 9)}]")
    return MINIMAL + "\n".join(lines) + "\ntags: *a8\n"


COMMANDS = {
    "validate": ["validate"],
    "check": ["check"],
    "actions": ["actions"],
    "review": ["review", "--since", "2026-01-01", "--until", "2026-12-31", "-o", "review-out"],
    "export": ["export", "--to", "markdown,html", "-o", "out"],
}


def good_and_bad(run: Runner, name: str, text: str | bytes) -> None:
    """A folder with one good incident and the hostile one."""
    (run.folder / "incidents").mkdir()
    shutil.copy(EXAMPLES / "draft-checkout-errors.yaml", run.folder / "incidents" / "good.yaml")
    run.write(f"incidents/{name}", text)


class TestAliasBomb:
    """The 401-byte alias bomb took 40-110 s and 4 GB; it is now refused by counting."""

    @pytest.mark.parametrize("command", sorted(COMMANDS))
    def test_every_command_over_a_folder(self, postmortem_cli: Runner, command: str) -> None:
        """The bomb is named; the good file is still processed."""
        good_and_bad(postmortem_cli, "bomb.yaml", alias_bomb())
        # check starts the real command (python -c) under the limit; the others are forked.
        outcome = postmortem_cli(*COMMANDS[command], "incidents", forked=command != "check")
        assert_clean_failure(outcome, "bomb.yaml:", "YAML aliases expand")

    def test_alias_inside_itself(self, postmortem_cli: Runner) -> None:
        postmortem_cli.write("loop.yaml", MINIMAL + "tags: &t [a, *t]\n")
        outcome = postmortem_cli("validate", "loop.yaml")
        assert_clean_failure(outcome, "loop.yaml:6 $.tags: a YAML alias refers to a node that contains it")


class TestLimits:
    """File size and nesting depth are bounded, with messages that say how to raise them."""

    @pytest.mark.parametrize(
        ("name", "text"),
        [
            ("deep.json", "[" * 1000 + "]" * 1000),
            ("deep-objects.json", '{"a":' * 1000 + "1" + "}" * 1000),
            ("deep.toml", "a = " + "[" * 1000 + "]" * 1000 + "\n"),
            ("deep.yaml", "a: " + "[" * 1000 + "]" * 1000 + "\n"),
            ("deep-block.yaml", "".join("  " * i + "a:\n" for i in range(900)) + "  " * 900 + "b: 1\n"),
        ],
    )
    @pytest.mark.parametrize("command", ["validate", "check"])
    def test_nested_1000_deep(self, postmortem_cli: Runner, name: str, text: str, command: str) -> None:
        postmortem_cli.write(name, text)
        outcome = postmortem_cli(command, name)
        assert_clean_failure(outcome, f"{name}", "$", "nested more than 64 levels deep", "--max-depth")

    def test_file_over_the_size_limit(self, postmortem_cli: Runner) -> None:
        """A 50 MB unknown key is refused by size, before it is read whole."""
        postmortem_cli.write("huge-key.json", json.dumps({**MINIMAL_DATA, "k" * 50_000_000: 1}))
        outcome = postmortem_cli("check", "huge-key.json", forked=False)  # the real command (python -c)
        assert_clean_failure(outcome, "huge-key.json $: the file is more than 16 MiB", "--max-file-size")
        assert len(outcome.stderr) < 1000

    @pytest.mark.parametrize("fmt", ["json", "yaml"])
    def test_long_unknown_key_is_clipped(self, postmortem_cli: Runner, fmt: str) -> None:
        """A 5 MB unknown key under the size limit is named, clipped, with its length."""
        key = "k" * 5_000_000
        text = json.dumps({**MINIMAL_DATA, key: 1}) if fmt == "json" else MINIMAL + f"? {key}\n: 1\n"
        postmortem_cli.write(f"long-key.{fmt}", text)
        outcome = postmortem_cli("validate", f"long-key.{fmt}")
        assert_clean_failure(outcome, f"long-key.{fmt}", "$.kkkk", "(5,000,000 characters): unknown key")
        assert len(outcome.stderr) < 1000

    def test_limits_can_be_raised(self, postmortem_cli: Runner) -> None:
        """--max-depth lets a deeper (here still invalid) document be read."""
        postmortem_cli.write("deep.json", json.dumps({**MINIMAL_DATA, "x": [[[[[[[[1]]]]]]]]}))
        outcome = postmortem_cli("--max-depth", "4", "validate", "deep.json")
        assert_clean_failure(outcome, "deep.json", "nested more than 4 levels deep")
        outcome = postmortem_cli("--max-depth", "20", "validate", "deep.json")
        assert_clean_failure(outcome, "deep.json:1 $.x: unknown key")


BAD_VALUES = [
    ("number-key.yaml", MINIMAL + "1: x\n", "number-key.yaml:6 $.1: a key must be a name"),
    ("digits.yaml", MINIMAL + "impact: {users_affected: " + "9" * 5000 + "}\n", "digits.yaml:6 $: a number of 5,000"),
    ("digits.json", '{"id": ' + "9" * 5000 + "}", "digits.json:1 $: a number of 5,000 digits"),
    ("digits.toml", "id = " + "9" * 5000 + "\n", "digits.toml:1 $: a number of 5,000 digits"),
    (
        "huge-count.yaml",
        MINIMAL + "impact: {users_affected: " + "9" * 300 + "}\n",
        "huge-count.yaml:6 $.impact.users_affected: expected a whole number of at most",
    ),
    (
        "year-1.yaml",
        MINIMAL.replace("2026-05-04T10:00:00Z", "0001-01-01T00:00:00+01:00"),
        "year-1.yaml:5 $.milestones.started",
    ),
    (
        "year-9999.yaml",
        MINIMAL + "  resolved: 9999-12-31T23:59:59-01:00\n",
        "year-9999.yaml:6 $.milestones.resolved",
    ),
    (
        "surrogate-url.json",
        json.dumps({**MINIMAL_DATA, "links": [{"url": "https://x.example/\ud800"}]}),
        "surrogate-url.json:1 $.links[0].url: holds a lone surrogate",
    ),
    (
        "fffe-url.json",
        json.dumps({**MINIMAL_DATA, "links": [{"url": "https://x.example/\ufffe"}]}),
        "fffe-url.json:1 $.links[0].url: must not hold the invisible character U+FFFE",
    ),
    (
        "ffff-url.yaml",
        MINIMAL + 'links: [{url: "https://x.example/\\uffff"}]\n',
        "ffff-url.yaml:6 $.links[0].url: must not hold the invisible character U+FFFF",
    ),
    (
        "surrogate-id.json",
        json.dumps({**MINIMAL_DATA, "id": "INC-\udc80"}),
        "surrogate-id.json:1 $.id: holds a lone surrogate",
    ),
    ("impact-text.yaml", MINIMAL + "impact: some text\n", "impact-text.yaml:6 $.impact: expected a mapping"),
    ("detection-word.yaml", MINIMAL + "detection: monitor\n", "detection-word.yaml:6 $.detection: expected a mapping"),
    ("root-cause-list.yaml", MINIMAL + "root_cause: [a, b]\n", "root-cause-list.yaml:6 $.root_cause: expected a"),
    ("links-text.yaml", MINIMAL + "links: [a]\n", "links-text.yaml:6 $.links[0]: expected a mapping"),
    ("timeline-text.yaml", MINIMAL + "timeline: [a]\n", "timeline-text.yaml:6 $.timeline[0]: expected a mapping"),
    (
        "duplicate.json",
        json.dumps(MINIMAL_DATA)[:-1] + ', "title": "again"}',
        "duplicate.json:1 $.title: duplicate key",
    ),
    (
        "duplicate.yaml",
        MINIMAL + "title: again\n",
        "duplicate.yaml:6 $.title: duplicate key",
    ),
]


class TestBadValues:
    """Values that raised TypeError, ValueError, OverflowError or AttributeError."""

    @pytest.mark.parametrize(("name", "text", "expected"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
    @pytest.mark.parametrize(
        "command",
        # One run per bad file and command. check and export read each file as validate does,
        # then do their own work (0.2 and 0.35 s of CPU a run): the everyday tier runs them
        # once over a folder of every bad file (test_every_bad_value_in_one_folder), the
        # thorough tier once per file as well.
        ["validate", pytest.param("check", marks=thorough_only), pytest.param("export", marks=thorough_only)],
    )
    def test_exit_two_with_a_located_message(
        self, postmortem_cli: Runner, name: str, text: str, expected: str, command: str
    ) -> None:
        """validate, check and export: exit 2, file and path named; the good file still passes."""
        good_and_bad(postmortem_cli, name, text)
        outcome = postmortem_cli(*COMMANDS[command], "incidents")
        assert_clean_failure(outcome, expected)
        if command == "validate":
            assert "good.yaml: ok" in outcome.stdout
        if command == "export":
            assert sorted(p.name for p in (postmortem_cli.folder / "out").iterdir()) == [
                "INC-2026-0009-timeline.svg",  # the Markdown report's chart, beside it
                "INC-2026-0009.html",
                "INC-2026-0009.md",
            ]

    @pytest.mark.parametrize("command", ["check", "export"])
    def test_every_bad_value_in_one_folder(self, postmortem_cli: Runner, command: str) -> None:
        """check and export over every bad file and a good one: exit 2, each file and path named, the good one exported."""
        good_and_bad(postmortem_cli, *BAD_VALUES[0][:2])
        for name, text, _expected in BAD_VALUES[1:]:
            postmortem_cli.write(f"incidents/{name}", text)
        outcome = postmortem_cli(*COMMANDS[command], "incidents")
        assert_clean_failure(outcome, *(expected for _name, _text, expected in BAD_VALUES))
        if command == "export":
            assert sorted(p.name for p in (postmortem_cli.folder / "out").iterdir()) == [
                "INC-2026-0009-timeline.svg",
                "INC-2026-0009.html",
                "INC-2026-0009.md",
            ]

    def test_messages_do_not_leak_python(self, postmortem_cli: Runner) -> None:
        """No exception class names or Python object words in any of the messages above."""
        for name, text, _expected in BAD_VALUES:
            postmortem_cli.write(f"all/{name}", text)
        outcome = postmortem_cli("validate", "all")
        assert_clean_failure(outcome)
        for leak in ("Error:", "object has no attribute", "NoneType", "sys.set_int_max_str_digits", "not iterable"):
            assert leak not in outcome.stderr

    def test_time_problems_are_reported_together(self, postmortem_cli: Runner) -> None:
        """An unknown timezone is reported with a bad severity, not after it is fixed."""
        postmortem_cli.write("times.yaml", MINIMAL.replace("SEV2", "SEV9") + "timezone: SAST\n")
        outcome = postmortem_cli("validate", "times.yaml")
        assert_clean_failure(
            outcome, "times.yaml:3 $.severity: unknown severity", "times.yaml:6 $.timezone: unknown timezone 'SAST'"
        )
