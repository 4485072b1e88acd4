"""Places of praise (postmortem.checks._places): the scorer's findings withdrawn where praise is written."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs

import postmortem
from postmortem.checks import Config, check
from postmortem.checks._blame._scorer import model
from postmortem.checks._places import praise_spans
from postmortem.model import Section

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = sorted((ROOT / "examples").glob("*.yaml"))[0]
# Blame carried by framing, no rule's wording (as tests/test_blame_scorer.py's FRAMING): the scorer's to find.
FRAMING = "Frankly, Omar treats the staging cluster like his own sandbox."
RULES = [
    "blame/named-person",
    "blame/human-error",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/character",
    "blame/person-remedy",
]


def _with(**changes: object) -> postmortem.Incident:
    incident = postmortem.load(EXAMPLE)
    fields = {a.name: getattr(incident, a.name) for a in attrs.fields(type(incident)) if a.init}
    return postmortem.Incident(**{**fields, **changes})


class TestPraiseSpans:
    def test_a_section_under_a_heading_of_thanks_is_praise(self) -> None:
        incident = _with(sections=(Section(title="Thanks", body="Ana stayed late."), Section(title="Notes", body="x")))
        assert praise_spans(incident, "$.sections[0].body", "Ana stayed late.") == ((0, 16),)
        assert praise_spans(incident, "$.sections[1].body", "x") == ()

    def test_a_heading_inside_a_body_starts_or_ends_a_place_of_praise(self) -> None:
        body = "The deploy failed.\n\n## What went well\n\nAna rolled back.\n\n## Follow-up\n\nMore alerts."
        incident = _with(sections=(Section(title="Discussion", body=body),))
        spans = praise_spans(incident, "$.sections[0].body", body)
        assert [body[a:b].strip() for a, b in spans] == ["Ana rolled back."]
        bold = "**Shout-outs**\nAna rolled back.\n**Next**\nMore alerts."
        assert [bold[a:b].strip() for a, b in praise_spans(incident, "$.sections[0].body", bold)] == [
            "Ana rolled back."
        ]

    def test_fields_by_their_name(self) -> None:
        incident = _with()
        assert praise_spans(incident, "$.what_went_well[0]", "Ana rolled back.") == ((0, 16),)
        assert praise_spans(incident, "$.where_we_got_lucky[1]", "abc") == ((0, 3),)
        assert praise_spans(incident, "$.summary", "Ana rolled back.") == ()
        assert praise_spans(incident, "$.lessons_learned[0]", "Ana rolled back.") == ()


class TestCheck:
    """A model with ``praise_places`` withdraws its own findings there, in an incident's prose only."""

    def _found(self, monkeypatch: pytest.MonkeyPatch, incident: postmortem.Incident, places: bool) -> list[str]:
        from postmortem.checks._blame import _scan

        judged = attrs.evolve(model(), praise_places=places)
        monkeypatch.setattr(_scan, "_scorer_model", lambda: judged)
        monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda: judged)
        report = check(incident, Config(blame_scorer=True), rules=RULES)
        return [f.path for f in report.findings if f.path.startswith("$.sections")]

    def test_the_scorers_finding_under_thanks_is_withdrawn(self, monkeypatch: pytest.MonkeyPatch) -> None:
        thanks = _with(sections=(Section(title="Thanks and kudos", body=FRAMING),))
        notes = _with(sections=(Section(title="Notes for the board", body=FRAMING),))
        assert self._found(monkeypatch, thanks, False) == ["$.sections[0].body"]
        assert self._found(monkeypatch, thanks, True) == []
        assert self._found(monkeypatch, notes, True) == ["$.sections[0].body"]
        assert postmortem.check_text(FRAMING, Config(blame_scorer=True)).findings  # a text on its own keeps it

    def test_a_rules_finding_there_stands(self, monkeypatch: pytest.MonkeyPatch) -> None:
        blameful = "Dave pushed the change without review."  # a rule's, kept by the second opinion
        thanks = _with(sections=(Section(title="Thanks", body=blameful),))
        assert self._found(monkeypatch, thanks, True) == ["$.sections[0].body"]

    def test_the_shipped_model_reads_it(self) -> None:
        import json

        from postmortem.checks._blame._scorer import _PATH, Model

        data = json.loads(_PATH.read_text(encoding="utf-8"))
        assert model().praise_places is bool(data.get("praise_places", False))
        assert Model.from_json({**data, "praise_places": True}).praise_places is True


class TestTone:
    """A model with ``tone`` withdraws its own finding whose paragraph's other sentences score under it."""

    def test_the_paragraph_read(self) -> None:
        from postmortem.checks._blame._scan import paragraph_tone

        text = f"The deploy started at 09:00.\n\n{FRAMING} The cluster was rebuilt.\nIt took an hour.\n\nLast."
        start = text.index("Frankly")
        mean = paragraph_tone(text, start, ())
        assert mean is not None
        assert 0.0 < mean < 1.0
        assert paragraph_tone(FRAMING, 0, ()) is None  # alone in its paragraph
        assert paragraph_tone(text, text.index("Last"), ()) is None

    def test_check_withdraws_by_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from postmortem.checks._blame import _scan

        among = f"The cluster was rebuilt on Tuesday. {FRAMING} The rebuild took an hour."
        incident = _with(sections=(Section(title="Notes", body=among),))
        alone = _with(sections=(Section(title="Notes", body=FRAMING),))
        for tone, kept in ((None, True), (0.0, True), (0.99, False)):
            judged = attrs.evolve(model(), tone=tone)
            monkeypatch.setattr(_scan, "_scorer_model", lambda judged=judged: judged)
            monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda judged=judged: judged)
            report = check(incident, Config(blame_scorer=True), rules=RULES)
            assert bool([f for f in report.findings if f.path.startswith("$.sections")]) is kept, tone
            report = check(alone, Config(blame_scorer=True), rules=RULES)
            assert [f for f in report.findings if f.path.startswith("$.sections")]  # no other sentence: kept
        assert postmortem.check_text(among, Config(blame_scorer=True)).findings  # a text on its own: no tone

    def test_the_shipped_model_reads_it(self) -> None:
        import json

        from postmortem.checks._blame._scorer import _PATH, Model

        data = json.loads(_PATH.read_text(encoding="utf-8"))
        assert model().tone == (float(data["tone"]) if "tone" in data else None)
        assert Model.from_json({**data, "tone": 0.3}).tone == 0.3
