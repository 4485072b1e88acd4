"""The public converter: a plugin reads and writes the incident layout as ``load`` does."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import cattrs
import pytest

import postmortem
from postmortem import model
from postmortem.serialize import configure_converter, line_for, load_with_lines, make_converter, problems_of
from postmortem.testing import sample_incident


class TestMakeConverter:
    """``make_converter`` gives the file layout for every model class."""

    def test_incident_as_to_dict_writes_it(self) -> None:
        """A fresh converter unstructures an incident exactly as ``to_dict`` does."""
        incident = sample_incident()
        assert postmortem.to_dict(incident) == make_converter().unstructure(incident)

    def test_part_of_an_incident(self) -> None:
        """An action item alone structures from the layout a file uses for it."""
        raw = {"id": "AI-7", "description": "Page on queue age", "owner": "sre", "due": "2026-06-01"}
        item = make_converter().structure(raw, model.ActionItem)
        assert (item.id, item.owner, item.due) == ("AI-7", "sre", date(2026, 6, 1))
        assert raw == make_converter().unstructure(item)

    def test_a_plugins_hooks_stay_its_own(self) -> None:
        """A hook registered on a made converter does not change what ``load`` reads."""
        converter = make_converter()
        converter.register_structure_hook(model.Priority, lambda value, _type: model.Priority.LOW)
        raw = {"id": "AI-7", "description": "Page on queue age", "priority": "critical"}
        assert converter.structure(raw, model.ActionItem).priority == model.Priority.LOW
        assert make_converter().structure(raw, model.ActionItem).priority == model.Priority.CRITICAL

    def test_configure_a_callers_converter(self) -> None:
        """``configure_converter`` installs the layout on a converter the caller made."""
        converter = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True)
        configure_converter(converter)
        incident = sample_incident()
        assert incident == converter.structure(converter.unstructure(incident), model.Incident)
        assert postmortem.to_dict(incident) == converter.unstructure(incident)


class TestProblemsOf:
    """``problems_of`` turns a structuring error into problems at their paths."""

    def test_each_refused_value_at_its_path(self) -> None:
        """Two bad fields of an action item are two problems, each at its ``$.path``."""
        raw = {"id": "AI-7", "description": "Page on queue age", "due": "soon", "status": "finished"}
        with pytest.raises(cattrs.ClassValidationError) as info:
            make_converter().structure(raw, model.ActionItem)
        paths = [problem.path for problem in problems_of(info.value)]
        assert sorted(paths) == ["$.due", "$.status"]

    def test_same_message_as_load(self) -> None:
        """The message for a bad due date is the one a whole file gets."""
        raw = {"id": "AI-7", "description": "Page on queue age", "due": "soon"}
        with pytest.raises(cattrs.ClassValidationError) as info:
            make_converter().structure(raw, model.ActionItem)
        (problem,) = problems_of(info.value)
        text = (
            "id: INC-1\ntitle: t\nseverity: SEV2\nmilestones:\n  started: 2026-05-04T10:00:00Z\n"
            "action_items:\n  - id: AI-7\n    description: Page on queue age\n    due: soon\n"
        )
        with pytest.raises(postmortem.IncidentFormatError) as loaded:
            postmortem.loads(text)
        assert [("$.action_items[0].due", problem.message)] == [(p.path, p.message) for p in loaded.value.problems]


class TestLines:
    """``load_with_lines`` and ``line_for`` say where a path is written."""

    def test_line_of_a_path_and_below_it(self, tmp_path: Path) -> None:
        """A written key has its own line; a path below the deepest written one gets its parent's."""
        path = tmp_path / "incident.yaml"
        path.write_text(
            "id: INC-1\ntitle: t\nseverity: SEV2\nmilestones:\n  started: 2026-05-04T10:00:00Z\n"
            "action_items:\n  - id: AI-7\n    description: Page on queue age\n",
            encoding="utf-8",
        )
        incident, lines = load_with_lines(path)
        assert incident.action_items[0].id == "AI-7"
        assert line_for("$.action_items[0].description", lines) == 8
        assert line_for("$.action_items[0].owner", lines) == 7
        assert line_for("$.milestones.started", lines) == 5

    def test_json_has_no_lines(self) -> None:
        """JSON gives an empty map, so no line is made up."""
        text = '{"id": "INC-1", "title": "t", "severity": "SEV2", "milestones": {"started": "2026-05-04T10:00:00Z"}}'
        _incident, lines = postmortem.serialize.loads_with_lines(text, "json")
        assert line_for("$.title", lines) is None
