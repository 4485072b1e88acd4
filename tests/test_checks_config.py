"""Configuration (files, enable/disable, severities) and suppressions."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

import postmortem
from postmortem import Suppression
from postmortem.checks import Config, ConfigError, FindingSeverity, check, find_config, load_config

from ._checks_support import COMPLETE, TODAY, complete, evolve


def _draftlike():  # type: ignore[no-untyped-def]
    """The complete example with no lessons learned and no customer communication."""
    return evolve(complete(), lessons_learned=(), customer_communication=())


class TestEnableDisable:
    def test_disable_by_family_glob(self) -> None:
        """disable = ['completeness/*'] turns off every completeness rule."""
        report = check(_draftlike(), Config(disable=["completeness/*"]), today=TODAY)
        assert not [f for f in report if f.rule.startswith("completeness/")]
        assert "completeness/required-section" not in report.rules

    def test_exact_enable_beats_a_family_disable(self) -> None:
        """A specific enable re-enables one rule of a disabled family."""
        config = Config(disable=["completeness/*"], enable=["completeness/required-section"])
        report = check(_draftlike(), config, today=TODAY).filter(rule="completeness/*")
        assert report.rule_ids == ("completeness/required-section",)

    def test_exact_disable_beats_a_family_enable(self) -> None:
        """And the other way round: the most specific pattern wins."""
        config = Config(enable=["completeness/*"], disable=["completeness/required-section"])
        assert not config.is_enabled("completeness/required-section")
        assert config.is_enabled("completeness/customer-communication")

    def test_severity_change_and_off(self) -> None:
        """Severities are re-graded by glob, and 'off' disables."""
        config = Config(severity={"completeness/*": "warning", "completeness/required-section": "off"})
        report = check(_draftlike(), config, today=TODAY).filter(rule="completeness/*")
        assert report.rule_ids == ("completeness/customer-communication",)
        assert {f.severity for f in report} == {FindingSeverity.WARNING}

    def test_unknown_severity_is_refused(self) -> None:
        """A typo in a severity is an error, not silently ignored."""
        with pytest.raises(ValueError, match="error, warning or info"):
            Config(severity={"blame/*": "fatal"})

    def test_unknown_preset_is_refused(self) -> None:
        """Only the built-in presets can be chosen."""
        with pytest.raises(ValueError, match="guide"):
            Config(preset="nasa")


class TestFiles:
    def test_pyproject_table(self, tmp_path: Path) -> None:
        """[tool.postmortem.check] in pyproject.toml, dashed keys, is read."""
        (tmp_path / "pyproject.toml").write_text(
            '[tool.postmortem.check]\npreset = "google"\ndisable = ["blame/*"]\n'
            'allowed-words = ["blameless"]\npeople = ["Sam"]\ntoday = 2026-06-01\n'
            "timeline-margin-hours = 48\n"
            '[tool.postmortem.check.severity]\n"completeness/action-overdue" = "error"\n',
            encoding="utf-8",
        )
        config = load_config(tmp_path / "pyproject.toml")
        assert config.preset == "google"
        assert config.disable == ("blame/*",)
        assert config.allowed_words == ("blameless",)
        assert config.people == ("Sam",)
        assert config.today == date(2026, 6, 1)
        assert config.timeline_margin == timedelta(hours=48)
        assert config.severity_for("completeness/action-overdue", FindingSeverity.WARNING) is FindingSeverity.ERROR

    def test_nearest_pyproject_up_the_tree(self, tmp_path: Path) -> None:
        """The nearest pyproject.toml with a [tool.postmortem] table wins; others are skipped."""
        (tmp_path / "pyproject.toml").write_text('[tool.postmortem.check]\npreset = "atlassian"\n')
        inner = tmp_path / "service"
        (inner / "incidents").mkdir(parents=True)
        (inner / "pyproject.toml").write_text('[project]\nname = "service"\n')
        incident_file = inner / "incidents" / "inc.yaml"
        incident_file.write_text("id: x\n")
        assert find_config(incident_file) == tmp_path / "pyproject.toml"
        assert load_config(start=incident_file).preset == "atlassian"

    def test_yaml_file(self, tmp_path: Path) -> None:
        """A YAML file holds the settings at its top level."""
        path = tmp_path / "checks.yaml"
        path.write_text("preset: pagerduty\nenable: [completeness/*]\n", encoding="utf-8")
        config = load_config(path)
        assert (config.preset, config.enable, config.source) == (
            "pagerduty",
            ("completeness/*",),
            str(path),
        )

    def test_plain_toml_file(self, tmp_path: Path) -> None:
        """A TOML file other than pyproject.toml holds the settings at its top level."""
        path = tmp_path / "checks.toml"
        path.write_text('preset = "google"\n', encoding="utf-8")
        assert load_config(path).preset == "google"

    def test_unknown_keys_and_bad_values_are_all_reported(self, tmp_path: Path) -> None:
        """Every problem is named at once, with the file."""
        path = tmp_path / "checks.toml"
        path.write_text('presett = "google"\ntoday = "soon"\n', encoding="utf-8")
        with pytest.raises(ConfigError) as info:
            load_config(path)
        message = str(info.value)
        assert str(path) in message
        assert "presett" in message
        assert "today" in message

    def test_invalid_toml(self, tmp_path: Path) -> None:
        """A syntax error is a ConfigError naming the file."""
        path = tmp_path / "checks.toml"
        path.write_text("preset = \n", encoding="utf-8")
        with pytest.raises(ConfigError, match="not valid TOML"):
            load_config(path)

    def test_no_file_means_defaults(self, tmp_path: Path) -> None:
        """Without any pyproject.toml up the tree, the defaults apply."""
        assert find_config(tmp_path) is None
        assert load_config(start=tmp_path) == Config()


class TestSuppressions:
    def test_suppression_with_reason_moves_findings_aside(self) -> None:
        """A suppressed finding is kept in report.suppressed, not in the findings."""
        incident = evolve(
            _draftlike(),
            suppressions=(Suppression("completeness/customer-communication", "Internal API; no customers."),),
        )
        report = check(
            incident,
            rules=["completeness/customer-communication", "suppression/missing-reason"],
            today=TODAY,
        )
        assert len(report) == 0
        assert [f.rule for f in report.suppressed] == ["completeness/customer-communication"]

    def test_suppression_without_reason_still_suppresses_but_is_a_finding(self) -> None:
        """The empty reason is itself an error at the suppression's path."""
        incident = evolve(_draftlike(), suppressions=(Suppression("completeness/customer-communication"),))
        report = check(incident, today=TODAY)
        assert [(f.rule, f.path) for f in report.filter(rule="suppression/*")] == [
            ("suppression/missing-reason", "$.suppressions[0].reason")
        ]
        assert not report.filter(rule="completeness/customer-communication")

    def test_suppression_limited_to_a_path(self) -> None:
        """A path limits the suppression to findings at or inside it."""
        incident = evolve(
            _draftlike(),
            suppressions=(Suppression("completeness/required-section", "Tracked elsewhere.", "$.lessons_learned"),),
        )
        report = check(incident, rules=["completeness/required-section"], today=TODAY)
        assert len(report.suppressed) == 1
        incident = evolve(
            _draftlike(),
            suppressions=(Suppression("completeness/required-section", "Tracked elsewhere.", "$.timeline"),),
        )
        report = check(incident, rules=["completeness/required-section"], today=TODAY)
        assert len(report) == 1
        assert not report.suppressed

    def test_suppressions_cannot_silence_themselves(self) -> None:
        """Suppressing suppression/* does not hide a missing reason."""
        incident = evolve(complete(), suppressions=(Suppression("suppression/*"),))
        report = check(incident, rules=["suppression/missing-reason"], today=TODAY)
        assert len(report) == 1

    def test_unknown_rule_in_a_suppression(self) -> None:
        """A suppression naming no installed rule is reported with a suggestion."""
        incident = evolve(complete(), suppressions=(Suppression("completeness/action-ownr", "Owned by vendor."),))
        findings = list(check(incident, rules=["suppression/unknown-rule"], today=TODAY))
        assert [f.path for f in findings] == ["$.suppressions[0].rule"]
        assert "completeness/action-owner" in findings[0].suggestion

    def test_glob_suppression_of_an_installed_family_is_known(self) -> None:
        """'blame/*' matches installed rules, so it is not unknown."""
        incident = evolve(complete(), suppressions=(Suppression("blame/*", "Quoted customer messages."),))
        assert not list(check(incident, rules=["suppression/unknown-rule"], today=TODAY))


class TestCommandLineDiscovery:
    def test_each_file_uses_its_nearest_pyproject(self, tmp_path: Path) -> None:
        """Files in different projects are checked with their own project's settings."""
        from click.testing import CliRunner

        from postmortem.cli import main

        text = COMPLETE.read_text(encoding="utf-8")
        for name, preset in (("a", "google"), ("b", "atlassian")):
            (tmp_path / name).mkdir()
            (tmp_path / name / "pyproject.toml").write_text(f'[tool.postmortem.check]\npreset = "{preset}"\n')
            (tmp_path / name / "inc.yaml").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(
            main, ["check", "--format", "json", str(tmp_path / "a" / "inc.yaml"), str(tmp_path / "b" / "inc.yaml")]
        )
        import json

        assert [r["preset"] for r in json.loads(result.stdout)["reports"]] == ["google", "atlassian"]

    def test_yaml_datetime_for_today_becomes_a_date(self, tmp_path: Path) -> None:
        """A YAML timestamp given as today is read as its date."""
        path = tmp_path / "c.yaml"
        path.write_text("today: 2026-06-01T10:00:00Z\n", encoding="utf-8")
        assert load_config(path).today == date(2026, 6, 1)


class TestSuppressingDirectRules:
    def test_a_rule_passed_directly_is_not_unknown(self) -> None:
        """A suppression of a rule given to check() as an object is known, and applies."""
        from postmortem.checks import CheckContext, Finding, rule

        @rule("acme/always")
        def always(incident: postmortem.Incident, context: CheckContext) -> list[Finding]:
            return [context.finding("$.summary", "always")]

        incident = evolve(complete(), suppressions=(postmortem.Suppression("acme/always", "Testing."),))
        report = check(incident, rules=[always, "suppression/unknown-rule"], today=TODAY)
        assert len(report) == 0
        assert [f.rule for f in report.suppressed] == ["acme/always"]
