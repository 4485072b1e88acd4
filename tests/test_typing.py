"""Our built-in plugins satisfy the contracts of :mod:`postmortem.typing`.

mypy checks this file (``nox -s typing``): each annotated assignment below is where a
built-in would stop satisfying its protocol, so a method renamed or retyped fails there.
At run time the same objects are checked with ``isinstance``, and every entry point our
distributions register is checked, so a new built-in is covered without editing this file.
"""

from __future__ import annotations

from importlib.metadata import entry_points

import pytest

import postmortem.export as export_api
import postmortem.typing as contracts
from postmortem import checks, sources, trackers
from postmortem.checks import FunctionRule
from postmortem.checks._completeness import required_section
from postmortem.exporters.html import HTMLExporter
from postmortem.exporters.markdown import MarkdownExporter
from postmortem.sources import (
    AlertmanagerSource,
    CSVSource,
    GitSource,
    JSONLinesSource,
    PagerDutySource,
    SlackSource,
    StatuspageSource,
)
from postmortem.trackers._github import GitHubTracker
from postmortem.typing import Exporter, HtmlLayout, Publisher, Rule, Source, Tracker

OUR_DISTRIBUTIONS = {
    "postmortem",
    "postmortem-exporter-confluence",
    "postmortem-exporter-docx",
    "postmortem-exporter-pdf",
}


def built_in(group: str) -> list[object]:
    """The objects our distributions register in an entry-point group."""
    found = entry_points(group=group)
    return [point.load() for point in found if point.dist is not None and point.dist.name in OUR_DISTRIBUTIONS]


class TestOneHome:
    """Each contract is the object its own module defines, so both import paths agree."""

    def test_same_objects(self) -> None:
        """``postmortem.typing`` re-exports; it declares no second copy."""
        assert (export_api.Exporter, export_api.Publisher) == (contracts.Exporter, contracts.Publisher)
        assert (sources.Source, checks.Rule, trackers.Tracker) == (contracts.Source, contracts.Rule, contracts.Tracker)


class TestExporters:
    """Exporters subclass their base; the PDF exporter is also an HTML layout."""

    def test_core_exporters(self) -> None:
        """Markdown and HTML are exporters."""
        exporters: list[Exporter] = [MarkdownExporter(), HTMLExporter()]
        assert all(isinstance(exporter, Exporter) for exporter in exporters)

    def test_exporter_packages(self) -> None:
        """DOCX and PDF are exporters; Confluence is a publisher; PDF lays out HTML."""
        postmortem_confluence = pytest.importorskip("postmortem_confluence")
        postmortem_docx = pytest.importorskip("postmortem_docx")
        postmortem_pdf = pytest.importorskip("postmortem_pdf")
        docx: Exporter = postmortem_docx.DocxExporter()
        pdf: Exporter = postmortem_pdf.PdfExporter()
        layout: HtmlLayout = postmortem_pdf.PdfExporter()
        confluence: Publisher = postmortem_confluence.ConfluenceExporter()
        assert isinstance(docx, Exporter)
        assert isinstance(pdf, Exporter)
        assert isinstance(layout, HtmlLayout)
        assert isinstance(confluence, Publisher)

    def test_text_exporters_are_not_layouts(self) -> None:
        """The check can fail: an exporter without ``render_html`` is no HTML layout."""
        assert not isinstance(MarkdownExporter(), HtmlLayout)

    def test_every_registered_exporter(self) -> None:
        """Every exporter our distributions register subclasses :class:`Exporter`."""
        registered = built_in("postmortem.exporters")
        assert len(registered) >= 2
        assert all(isinstance(cls, type) and issubclass(cls, Exporter) for cls in registered)


class TestSources:
    """Every built-in timeline source is a :class:`Source`."""

    def test_built_in_sources(self) -> None:
        """Each source class, made with no arguments, satisfies the protocol."""
        found: list[Source] = [
            AlertmanagerSource(),
            CSVSource(),
            GitSource(),
            JSONLinesSource(),
            PagerDutySource(),
            SlackSource(),
            StatuspageSource(),
        ]
        assert all(isinstance(source, Source) for source in found)
        assert {type(source) for source in found} == set(built_in("postmortem.sources"))

    def test_an_object_without_read_is_not_a_source(self) -> None:
        """The check can fail: name and description alone do not make a source."""

        class Half:
            name = "half"
            description = "reads nothing"

        assert not isinstance(Half(), Source)


class TestRules:
    """Every built-in rule is a :class:`Rule`."""

    def test_function_rules(self) -> None:
        """A rule made with the ``rule`` decorator satisfies the protocol."""
        made: FunctionRule = required_section
        as_rule: Rule = made
        assert isinstance(as_rule, Rule)

    def test_every_registered_rule(self) -> None:
        """Every rule our distributions register is a :class:`Rule` made by ``rule``."""
        registered = built_in("postmortem.rules")
        assert len(registered) >= 20
        assert all(isinstance(found, Rule) for found in registered)
        # Only FunctionRule is checked statically above: a rule of another type needs a line here.
        assert {type(found) for found in registered} == {FunctionRule}


class TestTrackers:
    """The built-in tracker is a :class:`Tracker`."""

    def test_github(self) -> None:
        """The GitHub tracker, made from options, satisfies the protocol (nothing is sent)."""
        cls: type[Tracker] = GitHubTracker
        tracker: Tracker = cls.from_options({"repo": "acme/shop", "token": "typing-test-token"}, {})
        assert isinstance(tracker, Tracker)
        tracker.close()

    def test_every_registered_tracker(self) -> None:
        """Every tracker our distributions register is the GitHub one, checked above."""
        assert built_in("postmortem.trackers") == [GitHubTracker]
