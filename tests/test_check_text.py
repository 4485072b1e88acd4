"""postmortem.check_text: blameless-language findings for any piece of prose."""

from __future__ import annotations

import postmortem
from postmortem.checks import Config, Finding, Report


class TestCheckText:
    def test_finds_the_words_with_line_and_column(self) -> None:
        text = "We rolled back at 10:12.\nThe on-call ignored the alert for an hour.\n"
        report = postmortem.check_text(text)
        assert isinstance(report, Report)
        (finding,) = report
        assert (finding.rule, finding.path, finding.phrase) == ("blame/character", "$", "ignored")
        assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 13, 2, 20)
        assert text[finding.span[0] : finding.span[1]] == "ignored" if finding.span else False
        assert finding.severity.value == "error"
        assert report.fails()

    def test_blameless_text_has_no_findings(self) -> None:
        report = postmortem.check_text("The alert went to an unused mailbox, so nobody was paged.")
        assert list(report) == []
        assert set(report.rules) >= {"blame/character", "blame/human-error"}

    def test_configuration_applies(self) -> None:
        text = "Obviously the on-call was careless."
        assert postmortem.check_text(text).fails()
        lowered = postmortem.check_text(text, Config(severity={"blame/*": "warning"}))
        assert lowered
        assert not lowered.fails()
        assert not postmortem.check_text(text, Config(disable=("blame/*",)))
        assert not postmortem.check_text(text, Config(allowed_words=("careless", "obviously")))

    def test_people_are_persons_in_lower_case(self) -> None:
        text = "zed forgot to renew the certificate."
        assert not postmortem.check_text(text).filter(rule="blame/character")
        assert postmortem.check_text(text, people=["zed"]).filter(rule="blame/character")


class TestFindingWords:
    def test_dict_round_trip_keeps_phrase_and_columns(self) -> None:
        finding = Finding(
            "blame/character", "error", "$", "m", phrase="forgot", line=3, column=5, end_line=3, end_column=11
        )
        data = finding.to_dict()
        assert (data["phrase"], data["column"], data["end_line"], data["end_column"]) == ("forgot", 5, 3, 11)
        assert Finding.from_dict(data) == finding
        assert str(finding) == 'line 3:5 $: error: "forgot": m [blame/character]'

    def test_notebook_display_quotes_the_words(self) -> None:
        report = postmortem.check_text("Then Dave forgot to drain the <b>node</b>.")
        html = report._repr_html_()
        assert "<q>forgot</q>" in html
        assert "<b>" not in html
        markdown = report._repr_markdown_()
        assert "“forgot”" in markdown
        assert "line 1, column" in markdown
        assert "completeness" not in markdown
