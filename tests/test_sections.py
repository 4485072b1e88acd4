"""Free-form sections and the file's declared markup: model, loading, dumping and schema."""

from __future__ import annotations

import json

import pytest

import postmortem
from postmortem import model
from postmortem._schema import json_schema
from postmortem.errors import FieldError, IncidentFormatError

BASE = """\
id: INC-7
title: Search results stale for two hours
severity: SEV3
milestones:
  started: 2026-03-02T08:00:00Z
"""

WITH_SECTIONS = (
    BASE
    + """\
sections:
  - title: A note to our customers
    body: |
      We are sorry. Search showed results **up to two hours old** between 08:00 and 10:05 UTC.
  - title: Immediate actions
    body: |
      - [x] Re-index the catalogue
      - [ ] Alert on index age
  - title: Appendix
"""
)


class TestSectionModel:
    """:class:`postmortem.Section` holds a title and a Markdown body."""

    def test_title_must_not_be_empty(self) -> None:
        """A section without a title cannot be shown under a heading, so it is refused."""
        with pytest.raises(FieldError, match="must not be empty"):
            model.Section(title="  ")

    def test_body_defaults_to_empty(self) -> None:
        """Only the title is required."""
        assert model.Section("Appendix").body == ""


class TestSectionFiles:
    """Sections load in order, dump back, and errors are located."""

    def test_sections_load_in_written_order(self) -> None:
        """The three sections keep their order, titles and bodies."""
        incident = postmortem.loads(WITH_SECTIONS)
        assert [s.title for s in incident.sections] == ["A note to our customers", "Immediate actions", "Appendix"]
        assert incident.sections[1].body == "- [x] Re-index the catalogue\n- [ ] Alert on index age\n"
        assert incident.sections[2].body == ""

    @pytest.mark.parametrize("fmt", ["yaml", "json", "toml"])
    def test_sections_round_trip(self, fmt: postmortem.serialize.Format) -> None:
        """dump then load gives the same sections in every format."""
        incident = postmortem.loads(WITH_SECTIONS)
        assert postmortem.loads(postmortem.dumps(incident, fmt), fmt) == incident

    def test_empty_title_is_a_located_problem(self) -> None:
        """An empty title is reported at its path and line, not as a traceback."""
        text = BASE + "sections:\n  - title: Fine\n  - title: ''\n    body: text\n"
        with pytest.raises(IncidentFormatError) as info:
            postmortem.loads(text)
        messages = [str(problem) for problem in info.value.problems]
        assert any("$.sections[1].title" in m and "must not be empty" in m for m in messages), messages

    def test_unknown_key_in_a_section_is_refused(self) -> None:
        """A misspelt key is a problem at its path."""
        text = BASE + "sections:\n  - title: Appendix\n    text: oops\n"
        with pytest.raises(IncidentFormatError) as info:
            postmortem.loads(text)
        assert any("$.sections[0]" in str(problem) for problem in info.value.problems)


class TestMarkupDeclaration:
    """A file may declare that its prose is plain text; Markdown is the default."""

    def test_default_is_markdown(self) -> None:
        """A file that says nothing is Markdown."""
        assert postmortem.loads(BASE).markup is model.ProseMarkup.MARKDOWN

    def test_plain_is_read_and_dumped(self) -> None:
        """``markup: plain`` loads, and is written back out; the default is not."""
        incident = postmortem.loads(BASE + "markup: plain\n")
        assert incident.markup is model.ProseMarkup.PLAIN
        assert "markup: plain" in postmortem.dumps(incident)
        assert "markup" not in postmortem.dumps(postmortem.loads(BASE))

    def test_unknown_markup_is_refused_with_choices(self) -> None:
        """A misspelt markup names the valid ones."""
        with pytest.raises(IncidentFormatError) as info:
            postmortem.loads(BASE + "markup: rst\n")
        text = " ".join(str(problem) for problem in info.value.problems)
        assert "$.markup" in text
        assert "markdown" in text
        assert "plain" in text


class TestSchema:
    """The JSON Schema describes sections and markup."""

    def test_schema_accepts_sections_and_rejects_bad_ones(self) -> None:
        """A valid file validates; a section without a title does not."""
        import jsonschema
        import yaml

        schema = json_schema()
        validator = jsonschema.Draft202012Validator(schema)
        validator.validate(json.loads(json.dumps(yaml.safe_load(WITH_SECTIONS), default=str)))
        bad = yaml.safe_load(BASE + "sections:\n  - body: no title\n")
        assert list(validator.iter_errors(json.loads(json.dumps(bad, default=str))))
        assert schema["$defs"]["ProseMarkup"]["enum"] == ["markdown", "plain"]
