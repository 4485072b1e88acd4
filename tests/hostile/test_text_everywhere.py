"""Hostile characters in every text field, through loading, into every installed exporter.

An incident is built, written as JSON data, and every string in it (ids, URLs, names and
prose alike) is replaced by hostile text: lone surrogates, U+FFFE, U+FFFF, control
characters, U+2028. Loading it must either fail with a clean, located
:class:`~postmortem.errors.IncidentFormatError`, or give an incident that every installed
exporter renders into output that parses.
"""

from __future__ import annotations

import html.parser
import io
import json
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import serialize
from postmortem.errors import IncidentFormatError, PostmortemError
from postmortem.export import exporter_names, get_exporter
from postmortem.strategies import hostile_text, incidents, plain_text
from postmortem.testing import examples

NASTY = ("\ud800", "\udfff", "\ufffe", "\uffff", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\r")

nasty_text = st.one_of(
    hostile_text(),
    st.lists(st.sampled_from(NASTY), min_size=1, max_size=3).map("".join).map(lambda bad: f"a{bad}b"),
)


def _strings(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every string value in plain data (not the keys)."""
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _strings(value, (*path, key))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _strings(value, (*path, index))]
    return [path] if isinstance(data, str) else []


def _replace(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class _StrictHTML(html.parser.HTMLParser):
    """Reads HTML; an unclosed <script> or <style> would be a broken document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_raw: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.open_raw.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.open_raw and self.open_raw[-1] == tag:
            self.open_raw.pop()


def assert_parses(name: str, output: str | bytes) -> None:
    """The output is a document of its format, in valid Unicode."""
    if isinstance(output, str):
        output.encode("utf-8")  # no lone surrogates
        assert "\ufffe" not in output
        assert "\uffff" not in output
    if name == "markdown":
        from markdown_it import MarkdownIt

        assert isinstance(output, str)
        MarkdownIt("commonmark").parse(output)
    elif name == "html":
        assert isinstance(output, str)
        parser = _StrictHTML()
        parser.feed(output)
        parser.close()
        assert parser.open_raw == []
    elif name == "docx":
        assert isinstance(output, bytes)
        with zipfile.ZipFile(io.BytesIO(output)) as package:
            assert package.testzip() is None
            ET.fromstring(package.read("word/document.xml"))
    elif name == "pdf":
        import pypdf

        assert isinstance(output, bytes)
        reader = pypdf.PdfReader(io.BytesIO(output), strict=True)
        for page in reader.pages:
            page.extract_text()
    elif name == "confluence":
        from postmortem_confluence._xml import wrap_for_parsing

        assert isinstance(output, str)
        ET.fromstring(wrap_for_parsing(output))
    else:
        assert output


EXPORTERS = [name for name in exporter_names() if name in ("markdown", "html", "docx", "pdf", "confluence")]


@pytest.mark.slow
@settings(
    max_examples=examples(quick=10, full=40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(incident=incidents(plain_text(), max_events=3, max_items=2), data=st.data())
def test_every_text_field_loads_cleanly_or_renders(incident: postmortem.Incident, data: st.DataObject) -> None:
    """Each string of the file becomes hostile in turn: a clean load error or output that parses."""
    raw = serialize.to_dict(incident)
    paths = _strings(raw)
    chosen = data.draw(st.lists(st.sampled_from(paths), min_size=1, max_size=6, unique=True), label="fields")
    for path in chosen:
        _replace(raw, path, data.draw(nasty_text, label=".".join(map(str, path))))
    text = json.dumps(raw)  # \ud800 and friends travel as JSON escapes, as a careless tool writes them
    try:
        loaded = postmortem.loads(text, "json")
    except IncidentFormatError as exc:
        for problem in exc.problems:
            assert problem.path.startswith("$")
            str(problem).encode("utf-8")  # printable: no lone surrogates in the message
        return
    for name in EXPORTERS:
        try:
            output = get_exporter(name)().render(loaded)
        except PostmortemError as exc:
            str(exc).encode("utf-8")
            continue
        assert_parses(name, output)
