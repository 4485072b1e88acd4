"""``postmortem new``'s schema link points at the schema the project ships, which validates the file.

The starter file's first line (``# yaml-language-server: $schema=...``) is what an editor
follows for completion and inline errors. The link must name the file the documentation
publishes (``docs/_static/incident.schema.json``, copied to ``_static/`` by Sphinx), and that
schema must accept the starter as written, and with its commented lines filled in the way the
comments show. It did not: ``detected:`` left empty (a null, which ``postmortem validate``
accepts as "not known") was an error in the editor, and so were an empty ``severity:``,
``users_affected:``, ``share_affected:`` and ``detection:``.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

import postmortem
from postmortem.cli import main

from .conftest import ROOT

SHIPPED = ROOT / "docs" / "_static" / "incident.schema.json"
DOCS_ROOT = "https://postmortem.readthedocs.io/en/latest/"


class _Yaml12Loader(yaml.SafeLoader):
    """YAML as yaml-language-server reads it (YAML 1.2): a timestamp is a string, not a datetime."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [resolver for resolver in resolvers if resolver[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(data: Any) -> list[str]:
    return [f"$.{'.'.join(map(str, error.absolute_path))}: {error.message}" for error in _validator().iter_errors(data)]


@pytest.fixture
def starter(tmp_path: Path) -> str:
    """The text ``postmortem new`` writes, with an id, title and severity of the user's."""
    target = tmp_path / "inc.yaml"
    result = CliRunner().invoke(main, ["new", str(target), "--id", "INC-7", "--title", "Ünïcode: # and 'quotes'"])
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def _filled_in(text: str) -> str:
    """The starter with every commented field line (``# detected:``, ``#   method: ...``) uncommented."""
    lines = []
    for line in text.splitlines():
        match = re.match(r"^(\s*)# (\s*(?:[a-z_]+:|- ).*)$", line)
        lines.append(match.group(1) + match.group(2) if match else line)
    return "\n".join(lines) + "\n"


class TestTheLink:
    def test_names_the_shipped_schema(self, starter: str) -> None:
        """The link is the shipped schema's ``$id``, and the page Sphinx makes of the shipped file."""
        first = starter.splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        link = first.split("$schema=", 1)[1]
        assert link == json.loads(SHIPPED.read_text(encoding="utf-8"))["$id"]
        assert link.startswith(DOCS_ROOT)
        assert (ROOT / "docs" / link.removeprefix(DOCS_ROOT)) == SHIPPED
        conf = (ROOT / "docs" / "conf.py").read_text(encoding="utf-8")
        assert re.search(r"^html_static_path = \[\"_static\"\]$", conf, re.MULTILINE)

    def test_the_shipped_schema_is_the_commands(self) -> None:
        """``postmortem schema`` prints the shipped file, byte for byte."""
        result = CliRunner().invoke(main, ["schema"])
        assert result.exit_code == 0
        assert SHIPPED.read_text(encoding="utf-8") == result.stdout


class TestTheSchemaAcceptsTheStarter:
    def test_as_written(self, starter: str) -> None:
        assert _errors(yaml.load(starter, _Yaml12Loader)) == []

    def test_filled_in_as_the_comments_show(self, starter: str) -> None:
        """Every commented line uncommented: the empty milestones are nulls, the rest values."""
        filled = _filled_in(starter)
        data = yaml.load(filled, _Yaml12Loader)
        assert data["milestones"]["detected"] is None
        assert data["detection"]["method"] == "monitor"
        assert data["impact"]["metrics"][0]["unit"] == "%"
        assert _errors(data) == []
        postmortem.loads(filled, "yaml")  # and the loader agrees


def _paths(data: dict[str, Any], before: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for key, value in data.items():
        yield (*before, key)
        if isinstance(value, dict):
            yield from _paths(value, (*before, key))


def _emptied_one_by_one() -> list[tuple[str, ...]]:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "inc.yaml"
        CliRunner().invoke(main, ["new", str(target)])
        data = yaml.load(_filled_in(target.read_text(encoding="utf-8")), _Yaml12Loader)
    return list(_paths(data))


@pytest.mark.parametrize("path", _emptied_one_by_one(), ids=".".join)
def test_a_null_is_an_error_in_the_editor_only_when_the_loader_refuses_it(starter: str, path: tuple[str, ...]) -> None:
    """Each key of the filled-in starter left empty: the schema and ``postmortem.loads`` agree."""
    data = yaml.load(_filled_in(starter), _Yaml12Loader)
    emptied = copy.deepcopy(data)
    parent = emptied
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = None
    try:
        postmortem.loads(json.dumps(emptied), "json")
    except postmortem.PostmortemError:
        loads = False
    else:
        loads = True
    assert loads == (_errors(emptied) == [])
