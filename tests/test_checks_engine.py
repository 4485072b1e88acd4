"""The engine: findings, reports, rule discovery, custom rules and the completeness score."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import postmortem
from postmortem import Incident
from postmortem.checks import (
    CheckContext,
    Config,
    Finding,
    FindingSeverity,
    Report,
    Rule,
    RuleNotFoundError,
    SectionScore,
    available_rules,
    check,
    get_rule,
    rule,
)
from postmortem.checks._registry import RuleLoadError, load_rule

from ._checks_support import DRAFT, TODAY, complete, evolve

OUR_RULES = {
    "blame/character",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/human-error",
    "blame/named-person",
    "blame/person-remedy",
    "completeness/action-due",
    "completeness/action-overdue",
    "completeness/action-owner",
    "completeness/action-risk-reduction",
    "completeness/action-specific",
    "completeness/action-verb-first",
    "completeness/action-verification",
    "completeness/customer-communication",
    "completeness/detection-method",
    "completeness/factor-beyond-trigger",
    "completeness/impact-quantified",
    "completeness/milestones-consistent",
    "completeness/milestones-missing",
    "completeness/placeholder",
    "completeness/required-section",
    "completeness/root-cause-depth",
    "completeness/severity",
    "completeness/timeline-coverage",
    "completeness/timeline-order",
    "completeness/timeline-window",
    "suppression/missing-reason",
    "suppression/unknown-rule",
}


@rule("acme/runbook-link", severity="info")
def runbook_link(incident: Incident, context: CheckContext) -> Iterator[Finding]:
    """Link the runbook that responders used."""
    if not any("runbook" in link.title.lower() for link in incident.links):
        yield context.finding("$.links", "no runbook is linked", suggestion="Add the runbook's link.")


class _ClassRule:
    """A rule written as a plain class, as a third party might."""

    id = "acme/has-title"
    severity = FindingSeverity.WARNING
    summary = "The title says something."

    def check(self, incident: Incident, context: CheckContext) -> Iterator[Finding]:
        if len(incident.title) < 100:
            yield context.finding("$.title", f"title of {len(incident.title)} characters")


def _finding(rule_id: str = "x/y", severity: str = "error", path: str = "$.summary", **kw: object) -> Finding:
    return Finding(rule_id, severity, path, kw.pop("message", "message"), **kw)  # type: ignore[arg-type]


class TestDiscovery:
    def test_our_rules_are_registered_as_entry_points(self) -> None:
        """Every built-in rule is found through the postmortem.rules group."""
        assert set(available_rules()) >= OUR_RULES

    def test_each_rule_loads_and_follows_the_protocol(self) -> None:
        """Loading by id gives an object with that id, a severity and a summary."""
        for rule_id in OUR_RULES:
            loaded = get_rule(rule_id)
            assert isinstance(loaded, Rule)
            assert loaded.id == rule_id
            assert loaded.summary

    def test_unknown_rule_suggests_the_close_one(self) -> None:
        """A typo in a rule id names the rule the user probably meant."""
        with pytest.raises(RuleNotFoundError, match="did you mean 'completeness/action-owner'"):
            get_rule("completeness/action-ower")

    def test_entry_point_named_after_another_id_is_rejected(self) -> None:
        """An entry point whose object has a different id fails helpfully."""
        point = EntryPoint("acme/other", "postmortem.checks._completeness:action_owner", "postmortem.rules")
        with pytest.raises(RuleLoadError, match="must be named after the rule id"):
            load_rule(point)

    def test_entry_point_to_a_non_rule_is_rejected(self) -> None:
        """An entry point to something that is not a rule says what a rule needs."""
        point = EntryPoint("acme/x", "postmortem.checks._completeness:is_placeholder", "postmortem.rules")
        with pytest.raises(RuleLoadError, match="not a rule"):
            load_rule(point)

    def test_entry_point_to_a_class_is_instantiated(self) -> None:
        """A rule class registered directly is instantiated once loaded."""
        point = EntryPoint("acme/has-title", f"{__name__}:_ClassRule", "postmortem.rules")
        assert load_rule(point).id == "acme/has-title"


@pytest.fixture
def acme_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A third-party distribution with rules on sys.path (a committed .dist-info), then removed."""
    from postmortem.checks import _registry

    monkeypatch.syspath_prepend(str(Path(__file__).parent / "data" / "rule-plugins"))
    _registry.refresh()
    yield
    monkeypatch.undo()
    _registry.refresh()


class TestThirdPartyDistribution:
    def test_rules_of_an_installed_distribution_are_found_and_run(self, acme_installed: None) -> None:
        """Entry points of another distribution are listed and run like ours."""
        assert {"acme/runbook-link", "acme/service-owner"} <= set(available_rules())
        incident = evolve(complete(), services=())
        report = check(incident, Config(disable=["completeness/*", "blame/*", "acme/not-a-rule"]), today=TODAY)
        assert [(f.rule, f.severity.value, f.path) for f in report.filter(rule="acme/*")] == [
            ("acme/service-owner", "info", "$.services"),
            ("acme/runbook-link", "warning", "$.links"),
        ]

    def test_configuration_selects_third_party_rules_by_family(self, acme_installed: None) -> None:
        """'acme/*' in disable turns the whole family off, without importing it."""
        report = check(complete(), Config(disable=["acme/*"]), today=TODAY)
        assert not [rule_id for rule_id in report.rules if rule_id.startswith("acme/")]

    def test_broken_entry_point_fails_helpfully(self, acme_installed: None) -> None:
        """An entry point to something that is not a rule names itself in the error."""
        with pytest.raises(RuleLoadError, match="acme/not-a-rule"):
            get_rule("acme/not-a-rule")


class TestCustomRules:
    def test_function_rule_runs_when_passed_directly(self) -> None:
        """A @rule function passed to check() reports with its id and severity."""
        report = check(complete(), rules=[runbook_link], today=TODAY)
        assert [(f.rule, f.severity, f.path) for f in report] == [
            ("acme/runbook-link", FindingSeverity.INFO, "$.links")
        ]

    def test_class_rule_and_installed_ids_mix(self) -> None:
        """Rule objects and installed rule ids can be passed together."""
        incident = evolve(complete(), lessons_learned=())
        report = check(incident, rules=[_ClassRule(), "completeness/required-section"], today=TODAY)
        assert report.rule_ids == ("acme/has-title", "completeness/required-section")

    def test_configuration_regrades_a_direct_rule(self) -> None:
        """Severity overrides apply to rules passed as objects too."""
        report = check(complete(), Config(severity={"acme/*": "error"}), rules=[runbook_link], today=TODAY)
        assert report.errors
        assert not report.infos

    def test_bad_rule_id_is_refused(self) -> None:
        """The decorator refuses ids that are not family/name."""
        with pytest.raises(ValueError, match="family/name"):
            rule("NoFamily")

    def test_memo_is_shared_between_rules_of_one_call(self) -> None:
        """Two rules asking for the same memo key compute it once."""
        calls: list[int] = []

        def expensive() -> int:
            calls.append(1)
            return 42

        @rule("acme/one")
        def one(incident: Incident, context: CheckContext) -> Iterator[Finding]:
            context.memo("shared", expensive)
            return iter(())

        @rule("acme/two")
        def two(incident: Incident, context: CheckContext) -> Iterator[Finding]:
            assert context.memo("shared", expensive) == 42
            return iter(())

        check(complete(), rules=[one, two], today=TODAY)
        assert calls == [1]


class TestReport:
    def _report(self) -> Report:
        return Report(
            "INC-1",
            [
                _finding("completeness/action-owner", "error", "$.action_items[1].owner"),
                _finding("completeness/action-overdue", "warning", "$.action_items[1].due"),
                _finding("blame/counterfactual", "warning", "$.narrative.responder_beliefs", span=(4, 15)),
                _finding("acme/note", "info", "$.action_items_extra"),
            ],
            completeness=0.5,
            sections=[SectionScore("action_items", 0.0)],
        )

    def test_iterable_sized_and_counted(self) -> None:
        """A report iterates its findings and counts them per severity."""
        report = self._report()
        assert len(report) == 4
        assert next(iter(report)).rule == "completeness/action-owner"
        assert report.counts() == {"error": 1, "warning": 2, "info": 1}

    def test_filters(self) -> None:
        """Filtering by severity, minimum severity, rule glob and path prefix."""
        report = self._report()
        assert len(report.filter(severity="warning")) == 2
        assert len(report.filter(severity=["error", "info"])) == 2
        assert len(report.filter(min_severity="warning")) == 3
        assert [f.rule for f in report.filter(rule="blame/*")] == ["blame/counterfactual"]
        assert len(report.filter(path="$.action_items")) == 2  # not $.action_items_extra
        assert report.filter(rule="nothing/*").completeness == 0.5

    def test_fails_at_a_threshold(self) -> None:
        """fails() compares against the most severe finding."""
        warnings_only = self._report().filter(severity="warning")
        assert warnings_only.fails("warning")
        assert not warnings_only.fails("error")

    def test_round_trip_through_json(self) -> None:
        """to_json then from_dict gives back an equal report."""
        report = self._report()
        assert Report.from_dict(json.loads(report.to_json())) == report

    def test_a_checked_reports_json_reads_back_equal(self) -> None:
        """A real check's report, whose completeness is a fraction like 23/24, reads back equal
        from its JSON, as docs/checks/configuration.md promises (it was rounded to 4 places)."""
        report = check(postmortem.load(DRAFT), Config(today=TODAY))
        assert report.completeness not in (0.0, 0.5, 1.0)
        assert Report.from_dict(json.loads(report.to_json())) == report

    def test_html_escapes_user_text(self) -> None:
        """Text from the incident can never become markup in a notebook."""
        report = Report("<b>INC</b>", [_finding(message="<script>alert(1)</script>", suggestion="a & b")])
        html = report._repr_html_()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "a &amp; b" in html

    def test_markdown_escapes_user_text(self) -> None:
        """Links and emphasis in findings stay literal in Markdown."""
        report = Report("INC-1", [_finding(message="see [here](http://evil) *now*")])
        markdown = report._repr_markdown_()
        assert "[here](http://evil)" not in markdown
        assert "\\[here\\]" in markdown

    def test_empty_report_is_falsy_and_says_so(self) -> None:
        """No findings: falsy, and the notebook views say there are none."""
        report = Report("INC-1", [])
        assert not report
        assert "No findings" in report._repr_markdown_()
        assert "No findings" in report._repr_html_()

    @given(st.lists(st.sampled_from(["error", "warning", "info"]), max_size=12))
    def test_severity_filters_partition_the_findings(self, severities: list[str]) -> None:
        """Errors, warnings and infos together are exactly the findings."""
        report = Report("INC-1", [_finding(severity=s) for s in severities])
        parts = len(report.errors) + len(report.warnings) + len(report.infos)
        assert parts == len(report) == sum(report.counts().values())


class TestScore:
    def test_complete_example_scores_full(self) -> None:
        """No completeness findings over the required sections: 100%."""
        report = check(complete(), today=TODAY)
        assert report.completeness == 1.0
        from postmortem.checks import get_preset

        assert [s.section for s in report.sections] == list(get_preset("guide").required)

    def test_formula(self) -> None:
        """Missing section 0, error 0, warning-only 0.5, clean 1; averaged over scored sections."""
        incident = evolve(complete(), lessons_learned=(), timeline=tuple(reversed(complete().timeline)))
        report = check(
            incident,
            rules=["completeness/required-section", "completeness/timeline-order"],
            today=TODAY,
        )
        scores = {s.section: s.score for s in report.sections}
        assert scores["lessons_learned"] == 0.0
        assert scores["timeline"] == 0.5
        assert scores["impact"] == 1.0
        assert report.completeness == pytest.approx(sum(scores.values()) / len(scores))

    def test_blame_findings_do_not_lower_completeness(self) -> None:
        """The score measures completeness only."""
        bad = _finding("blame/counterfactual", "error", "$.summary")
        from postmortem.checks import completeness_score

        score, _ = completeness_score(complete(), [bad], ["summary"])
        assert score == 1.0


class TestTopLevel:
    def test_main_names_are_exported_from_postmortem(self) -> None:
        """check, Finding, Report, Rule, Config and FindingSeverity come from postmortem."""
        for name in ("check", "Finding", "Report", "Rule", "Config", "FindingSeverity"):
            assert name in postmortem.__all__
            assert getattr(postmortem, name) is not None

    def test_findings_are_in_document_order(self) -> None:
        """Findings follow the order of the incident's fields, then list indexes."""
        report = check(postmortem.load(_draft()), today=TODAY)
        order = [f.path for f in report.filter(rule="completeness/action-*")]
        assert order == sorted(order, key=lambda p: int(p.split("[")[1].split("]")[0]))


def _draft() -> str:
    return str(DRAFT)


class TestCheckWithoutAConfiguration:
    """check() and check_text() given no configuration share one default, and find what a new Config() finds."""

    def test_the_same_findings_as_a_new_default_configuration(self) -> None:
        incident = complete()
        assert check(incident, today=TODAY) == check(incident, Config(), today=TODAY)
        text = "The on-call engineer should have caught the alert; who approved the change?"
        assert postmortem.check_text(text) == postmortem.check_text(text, Config())
        assert [f.rule for f in postmortem.check_text(text)]  # the text does trip the rules

    def test_a_rule_registered_later_runs_in_the_next_check(self) -> None:
        from postmortem.checks import register_rule, unregister_rule

        incident = evolve(complete(), title="Checkout x errors")
        before = check(incident, today=TODAY)
        assert "house/no-title-x" not in before.rules

        @rule("house/no-title-x", severity="info")
        def no_x(incident: Incident, context: CheckContext) -> list[Finding]:
            return [context.finding("$.title", "an x in the title")] if "x" in incident.title else []

        register_rule(no_x)
        try:
            after = check(incident, today=TODAY)
            assert "house/no-title-x" in after.rules
            assert [f.message for f in after.filter(rule="house/no-title-x")] == ["an x in the title"]
        finally:
            unregister_rule("house/no-title-x")
        assert "house/no-title-x" not in check(incident, today=TODAY).rules
