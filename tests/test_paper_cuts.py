"""Paper cuts a new user hit (issue 16): each one as the user met it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from click.testing import CliRunner

import postmortem
from postmortem.checks import Config, ConfigError, check_file
from postmortem.cli import main
from postmortem.testing import sample_incident

from .conftest import EXAMPLES

DRAFT = EXAMPLES / "draft-checkout-errors.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


class TestExportPaths:
    """The README's ``postmortem.export(incident, "html", "out/")`` writes out/<id>.html."""

    def test_trailing_slash_is_a_folder(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.chdir(tmp_path)
        incident = sample_incident()
        written = postmortem.export(incident, "html", "out/")
        assert written == Path("out") / f"{incident.id}.html"
        assert (tmp_path / "out").is_dir()

    def test_existing_folder(self, tmp_path: Path) -> None:
        incident = sample_incident()
        assert postmortem.export(incident, "markdown", tmp_path) == tmp_path / f"{incident.id}.md"

    def test_cli_names_reports_like_python(self, tmp_path: Path) -> None:
        code, _out, err = run("export", str(DRAFT), "--to", "html", "-o", str(tmp_path / "cli"))
        assert code == 0, err
        incident = postmortem.load(DRAFT)
        python = postmortem.export(incident, "html", f"{tmp_path}/python/")
        assert [p.name for p in (tmp_path / "cli").iterdir()] == [Path(python).name]

    @pytest.mark.parametrize("exists", [True, False], ids=["a folder of that name exists", "nothing there"])
    def test_a_file_name_for_output_is_a_usage_error(self, tmp_path: Path, exists: bool) -> None:
        """``-o DIR/report.html`` asks for a file: exit 2 with the option and the name in the
        message, and nothing written (it wrote DIR/report.html/<id>.html, a folder made or filled)."""
        target = tmp_path / "report.html"
        if exists:
            target.mkdir()
        code, _out, err = run("export", str(DRAFT), "--to", "html", "-o", str(target))
        assert code == 2
        assert "'-o' / '--output'" in err
        assert f"{target} names a file" in err
        assert f"(-o {tmp_path})" in err
        if exists:
            assert list(target.iterdir()) == []
        else:
            assert not target.exists()

    def test_a_folder_named_like_a_file_ends_in_a_slash(self, tmp_path: Path) -> None:
        """With a trailing ``/``, a folder named ``report.html`` is the folder the user means."""
        code, _out, err = run("export", str(DRAFT), "--to", "html", "-o", f"{tmp_path}/report.html/")
        assert code == 0, err
        assert [p.name for p in (tmp_path / "report.html").iterdir()] == ["INC-2026-0009.html"]

    def test_two_files_with_one_id_are_an_error(self, tmp_path: Path) -> None:
        copy = tmp_path / "copy.yaml"
        copy.write_bytes(DRAFT.read_bytes())
        code, _out, err = run(
            "export", str(DRAFT), str(copy), "--to", "markdown", "-o", str(tmp_path / "out"), "-j", "1"
        )
        assert code == 2
        assert "has the same incident id as" in err

    def test_one_file_named_twice_is_read_once(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Named twice (once as written, once through ``..``), or named and also in a folder given:
        one report, exit 0; it once said the file had the same incident id as itself (exit 2)."""
        folder = tmp_path / "pm"
        folder.mkdir()
        copy = folder / "draft.yaml"
        copy.write_bytes(DRAFT.read_bytes())
        monkeypatch.chdir(folder)
        for paths in ([str(copy), "../pm/draft.yaml"], [str(folder), "draft.yaml"]):
            out = tmp_path / f"out{len(paths[0])}"
            code, stdout, err = run("export", *paths, "--to", "markdown", "-o", str(out), "-j", "1")
            assert code == 0, err
            assert "same incident id" not in err
            assert [p.name for p in out.glob("*.md")] == ["INC-2026-0009.md"]
            assert "wrote 1 report" in stdout + err

    def test_check_reports_a_file_named_twice_once(self, tmp_path: Path) -> None:
        """``check`` of a file named twice prints its findings once, as for the file named once."""
        copy = tmp_path / "draft.yaml"
        copy.write_bytes(DRAFT.read_bytes())
        once = run("check", str(copy), "--format", "json", "-j", "1")
        twice = run("check", str(copy), str(tmp_path / "." / "draft.yaml"), "--format", "json", "-j", "1")
        assert once[0] == twice[0]
        assert once[1] == twice[1]


class TestImportForms:
    """``import postmortem.export as e`` gives the module; calling it still exports."""

    def test_module_and_function(self) -> None:
        module = importlib.import_module("postmortem.export")
        import postmortem.export as imported

        assert imported is module
        assert imported.get_exporter("markdown").name == "markdown"
        assert "\n# INC-" in postmortem.export(sample_incident(), "markdown")


class TestCheckFile:
    """check_file returns the incident it loaded, so scripts read each file once."""

    def test_report_carries_the_incident(self) -> None:
        report = check_file(DRAFT)
        assert report.incident == postmortem.load(DRAFT)
        assert "incident" in report.to_dict()  # the id, as before
        assert report.to_dict()["incident"] == report.incident_id


class TestSeverityByName:
    def test_incident_with_a_severity_name(self) -> None:
        incident = postmortem.Incident(id="INC-1", title="t", severity="SEV3", milestones=sample_incident().milestones)  # type: ignore[arg-type]
        assert incident.severity.name == "SEV3"

    def test_unknown_name_is_a_field_error(self) -> None:
        with pytest.raises(postmortem.FieldError, match="unknown severity 'SEV9'; expected one of SEV1"):
            postmortem.Incident(id="INC-1", title="t", severity="SEV9", milestones=sample_incident().milestones)  # type: ignore[arg-type]


class TestConfiguration:
    """Unknown presets, settings, rule ids and globs are exit 2 with a did-you-mean."""

    def test_unknown_preset_in_python(self) -> None:
        with pytest.raises(KeyError) as info:
            postmortem.check(sample_incident(), preset="gogle")
        assert isinstance(info.value, postmortem.PostmortemError)
        assert str(info.value).startswith("unknown preset 'gogle' (did you mean 'google'?)")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ('prest = "guide"\n', "unknown setting 'prest' (did you mean 'preset'?)"),
            ('preset = "gude"\n', "unknown preset 'gude' (did you mean 'guide'?)"),
            ('[severity]\nblame = "error"\n', "severity: 'blame' matches no rule (did you mean 'blame/*'?)"),
            ('disable = ["completeness/placehlder"]\n', "(did you mean 'completeness/placeholder'?)"),
            ('enable = ["nosuch/*"]\n', "enable: 'nosuch/*' matches no rule"),
        ],
    )
    def test_config_file_mistakes(self, tmp_path: Path, text: str, expected: str) -> None:
        config = tmp_path / "check.toml"
        config.write_text(text, encoding="utf-8")
        code, _out, err = run("check", "--config", str(config), str(DRAFT))
        assert code == 2
        assert expected in err
        with pytest.raises(ConfigError) as info:
            postmortem.checks.load_config(config)
        assert expected in str(info.value)

    def test_known_globs_pass(self) -> None:
        config = Config.from_mapping({"severity": {"blame/*": "error"}, "disable": ["completeness/customer-*"]})
        assert config.severity == {"blame/*": "error"}


class TestStarterFile:
    """The prompts `postmortem new` writes are placeholders until replaced."""

    def test_starter_prompts_are_flagged(self, tmp_path: Path) -> None:
        starter = tmp_path / "new.yaml"
        assert run("new", str(starter))[0] == 0
        report = check_file(starter)
        flagged = {f.path for f in report if f.rule == "completeness/placeholder"}
        assert {"$.summary", "$.impact.summary"} <= flagged

    def test_the_starters_title_is_flagged(self, tmp_path: Path) -> None:
        """The title written when --title is not given is a placeholder; one given is not."""
        run("new", str(tmp_path / "untitled.yaml"))
        run("new", str(tmp_path / "titled.yaml"), "--title", "Checkout errors after a cache resize")
        flagged = {
            name: {f.path for f in check_file(tmp_path / name) if f.rule == "completeness/placeholder"}
            for name in ("untitled.yaml", "titled.yaml")
        }
        assert ("$.title" in flagged["untitled.yaml"], "$.title" in flagged["titled.yaml"]) == (True, False)


class TestNotebook:
    def test_no_percentage_when_no_completeness_rule_ran(self, tmp_path: Path) -> None:
        """With every completeness rule disabled nothing is scored, and no view shows a percentage."""
        report = postmortem.check(postmortem.load(DRAFT), Config(disable=("completeness/*",)))
        assert report.sections == ()
        assert "%" not in report._repr_markdown_().splitlines()[0]
        assert "completeness" not in report._repr_html_()
        config = tmp_path / "check.toml"
        config.write_text('disable = ["completeness/*"]\n', encoding="utf-8")
        _code, out, _err = run("check", "--config", str(config), str(DRAFT))
        assert "completeness not scored (no completeness rule ran)" in out

    def test_charts_display_themselves(self) -> None:
        from postmortem.analytics._charts import bar_chart

        chart = bar_chart([("SEV1", 2), ("SEV2", 5)], title="Incidents by severity")
        assert chart._repr_svg_().startswith("<svg")
