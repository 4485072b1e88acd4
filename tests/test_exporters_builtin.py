"""The Markdown and HTML exporters: the shared contract, structure and escaping."""

from __future__ import annotations

import re
from pathlib import Path

import attrs as attrs_module
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import postmortem
from postmortem import markup, model, presentation
from postmortem.strategies import hostile_text
from postmortem.testing import (
    HOSTILE_SETTINGS,
    SECTION_MARKERS,
    ExporterContract,
    examples,
    normalise_text,
    sample_incident,
)

from ._parsing import HTMLDocument, markdown_to_html, markdown_tokens
from .conftest import EXAMPLES

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _safe_href(value: str) -> bool:
    """An http, https or mailto URL, or a relative reference (no scheme, not ``//host``).

    These are the links prose may hold (docs/file-format.md, ``markup.is_safe_link``); no other
    value may become an ``href`` or ``src``. Found by the hostile-text test: ``[](0)``.
    """
    if value.startswith(SAFE_SCHEMES):
        return True
    return _SCHEME.match(value) is None and not value.startswith(("//", "\\", "/\\", "\\/")) and value.strip() == value


def _visible_titles(incident: model.Incident) -> list[str]:
    return [section.title for section in presentation.sections(incident)]


@pytest.mark.slow
class TestMarkdownContract(ExporterContract):
    """The shared contract, with Markdown parsed by markdown-it-py."""

    exporter_name = "markdown"
    # Fewer hostile incidents in the everyday run, the contract's 25 in the thorough run.
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=8, full=25))

    def extract_text(self, output: str | bytes) -> str:
        assert isinstance(output, str)
        return HTMLDocument(markdown_to_html(output)).text

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        assert isinstance(output, str)
        tokens = markdown_tokens(output)
        headings = [
            normalise_text("".join(c.content for c in tokens[i + 1].children or [] if c.type == "text"))
            for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == "h2"
        ]
        assert headings == [normalise_text(title) for title in _visible_titles(incident)]
        assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
        # No user text may become raw HTML; the only HTML we write is <br> inside table cells.
        assert [t for t in tokens if t.type == "html_block"] == []
        for token in tokens:
            for child in token.children or []:
                if child.type == "html_inline":
                    assert child.content == "<br>"
                if child.type == "link_open":
                    # Prose may link relatively (../runbook.md); never to another scheme.
                    assert markup.is_safe_link(str(child.attrs["href"])), child.attrs
                assert child.type != "image"
        rows = _table_rows_after(tokens, "Timeline")
        if incident.timeline:
            assert rows == len(incident.timeline)
        rows = _table_rows_after(tokens, "Action items")
        if incident.action_items:
            assert rows == len(incident.action_items)

    shows_chart = True

    def check_chart(self, document: bytes, files: dict[str, bytes], incident: model.Incident) -> None:
        """One image: the chart's SVG file beside the report, linked by name, described in its alt text."""
        from postmortem import chart

        images = [
            child
            for token in markdown_tokens(document.decode("utf-8"))
            for child in token.children or []
            if child.type == "image"
        ]
        assert [image.attrs["src"] for image in images] == ["report-timeline.svg"]
        assert sorted(files) == ["report-timeline.svg"]
        svg = files["report-timeline.svg"].decode("utf-8")
        assert svg.startswith("<svg ")
        assert f"Timeline of {incident.id}" in svg
        assert images[0].content == chart.timeline_description(incident)


def _table_rows_after(tokens: list, heading: str) -> int | None:  # type: ignore[type-arg]
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h2" and tokens[index + 1].content == heading:
            rows = 0
            for later in tokens[index + 3 :]:
                if later.type == "heading_open" and later.tag == "h2":
                    break
                if later.type == "tr_open":
                    rows += 1
                if later.type == "table_close":
                    return rows - 1  # the header row
            return None
    return None


@pytest.mark.slow
class TestHTMLContract(ExporterContract):
    """The shared contract, with HTML parsed and searched for anything active."""

    exporter_name = "html"
    # Fewer hostile incidents in the everyday run, the contract's 25 in the thorough run.
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=8, full=25))
    shows_chart = True

    def extract_text(self, output: str | bytes) -> str:
        assert isinstance(output, str)
        return HTMLDocument(output).text

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        assert isinstance(output, str)
        doc = HTMLDocument(output)
        names = [tag for tag, _attrs in doc.tags]
        for forbidden in ("script", "iframe", "img", "link", "object", "embed", "base", "form", "image", "use"):
            assert forbidden not in names
        assert names.count("style") == 1
        for _tag, attrs in doc.tags:
            assert not any(name.startswith("on") for name in attrs)
            for name in ("href", "src", "xlink:href", "action"):
                if attrs.get(name) is not None:
                    assert _safe_href(str(attrs[name])), attrs
        assert [title.strip() for title in doc.h2] == _visible_titles(incident)
        if incident.timeline:
            assert len(incident.timeline) in doc.tbody_rows


class TestMarkdownUrls:
    """A URL shown as text reads as written in the raw Markdown: no ``https:\\/\\/``."""

    def test_status_page_links_read_as_written(self) -> None:
        """The example's status-page links read as their URL, and no link label escapes ``://``."""
        output = str(postmortem.export(postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml"), "markdown"))
        url = "https://status.example.com/incidents/k3v9x2m8q1"
        assert f"[{url}](<{url}>)" in output
        assert "https:\\/\\/" not in output
        links = [
            child
            for token in markdown_tokens(output)
            for child in token.children or []
            if child.type == "link_open" and "status.example.com" in str(child.attrs["href"])
        ]
        assert len(links) >= 3  # the three status-page updates, and timeline events that link there

    def test_a_link_label_with_a_url_is_not_escaped(self) -> None:
        """``[see https://...](<https://...>)``: the label keeps its ``://`` and the link holds no other link."""
        incident = attrs_module.evolve(
            sample_incident(),
            links=(model.Link("https://grafana.example.com/d/x", "see https://grafana.example.com/d/x"),),
        )
        output = str(postmortem.export(incident, "markdown"))
        assert "- [see https://grafana.example.com/d/x](<https://grafana.example.com/d/x>)" in output
        doc = HTMLDocument(markdown_to_html(output))
        assert "see https://grafana.example.com/d/x" in " ".join(doc.text.split())

    def test_a_url_that_cannot_be_an_autolink_stays_a_link(self) -> None:
        """A URL with a ``|`` (a table cell's end) is a bracketed link, and the table keeps its columns."""
        incident = sample_incident()
        update = attrs_module.evolve(incident.customer_communication[0], link="https://status.example.com/a|b")
        incident = attrs_module.evolve(incident, customer_communication=(update,))
        output = str(postmortem.export(incident, "markdown"))
        assert "](<https://status.example.com/a|b>)" not in output  # the | would end the cell
        row = next(line for line in output.splitlines() if "status.example.com/a" in line)
        assert row.count(" | ") == 2  # three cells
        hrefs = [
            str(child.attrs["href"])
            for token in markdown_tokens(output)
            for child in token.children or []
            if child.type == "link_open"
        ]
        assert "https://status.example.com/a%7Cb" in hrefs


class TestMarkdownEscaping:
    """Prose keeps its Markdown, but user text cannot change the Markdown document's structure."""

    @pytest.mark.parametrize(
        ("text", "visible", "element"),
        [
            ("*emphasis* and **strong**", "emphasis and strong", "em"),
            ("run `make deploy` again", "run make deploy again", "code"),
            ("see [the runbook](https://wiki.example.com/runbook)", "see the runbook", "a"),
        ],
    )
    def test_markdown_in_prose_is_kept(self, text: str, visible: str, element: str) -> None:
        """The author's Markdown reaches the Markdown document as written and renders as such."""
        output = str(postmortem.export(_with_lesson(text), "markdown"))
        assert f"- {text}" in output
        doc = _markdown_html_with_lesson(text)
        assert visible in " ".join(doc.text.split())
        assert element in [tag for tag, _ in doc.tags]

    @pytest.mark.parametrize(
        "text",
        [
            "<b>bold</b><script>x</script>",
            "[click](javascript:alert(1))",
            "![img](javascript:alert(1))",
            "a | b | c",
            "trailing backslash \\",
            "<!-- comment --> and <?php x ?>",
        ],
    )
    def test_hostile_text_adds_no_element(self, text: str) -> None:
        """Raw HTML and unsafe links show as text and add no element; pipes stay in their cell."""
        plain = _markdown_html_with_lesson("plain lesson")
        hostile = _markdown_html_with_lesson(text)
        assert sorted(tag for tag, _ in hostile.tags) == sorted(tag for tag, _ in plain.tags)

    def test_raw_html_is_visible_text(self) -> None:
        """A tag written in prose is shown, not interpreted."""
        assert "<script>x</script>" in _markdown_html_with_lesson("<b>bold</b><script>x</script>").text

    def test_headings_in_prose_sit_below_the_sections(self) -> None:
        """A heading in prose moves two levels down, so the report's h2 sections are unchanged."""
        incident = _with_lesson("# Big heading\n\nSome text")
        output = str(postmortem.export(incident, "markdown"))
        assert "### Big heading" in output
        html = HTMLDocument(markdown_to_html(output))
        assert [h.strip() for h in html.h2] == _visible_titles(incident)

    @pytest.mark.parametrize("text", ["0\n\t=", "0\r\t=", "a\n\t---", "a\n \t==="])
    def test_a_tab_cannot_make_a_heading_inside_a_list_item(self, text: str) -> None:
        """A line of a tab and ``=`` or ``-`` is no heading on its own, and stays none in a list item.

        Indenting the field into the item moved the tab's stop two columns, making the line a
        setext underline (an ``h1`` or ``h2`` inside the lessons list; found by the hostile-text
        contract test). The text still shows."""
        incident = _with_lesson(text)
        output = str(postmortem.export(incident, "markdown"))
        tokens = markdown_tokens(output)
        assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h1") == 1
        html = HTMLDocument(markdown_to_html(output))
        assert [h.strip() for h in html.h2] == _visible_titles(incident)
        assert text.split(maxsplit=1)[0] in html.text

    @pytest.mark.parametrize(
        "text",
        ["\t0<script>alert(1)</script>", "\t0 [a](javascript:alert(1))", "\t0 ![i](http://example.invalid/i.png)"],
    )
    def test_a_tab_cannot_turn_code_into_raw_html_inside_a_list_item(self, text: str) -> None:
        """A tab then text is an indented code block on its own, copied as written; inside a list
        item the tab's stop moves and the same line is a paragraph, so a tag in it would be raw
        HTML (an unsafe link, an image). The item is written anew from the parsed tree instead
        (found by the hostile-text contract test, round 14). The text still shows."""
        output = str(postmortem.export(_with_lesson(text), "markdown"))
        tokens = markdown_tokens(output)
        inline = [child for t in tokens for child in t.children or []]
        assert [c.content for c in inline if c.type == "html_inline" and c.content != "<br>"] == []
        assert [t for t in tokens if t.type == "html_block"] == []
        assert not [c for c in inline if c.type == "image" or (c.type == "link_open" and "javascript" in str(c.attrs))]
        assert text.strip() in output

    def test_unclosed_fence_cannot_swallow_the_document(self) -> None:
        """A code fence left open in one field is closed before the next section."""
        incident = _with_lesson("```\nlog line")
        tokens = markdown_tokens(str(postmortem.export(incident, "markdown")))
        assert [t.content for t in tokens if t.type == "fence"] == ["log line\n"]
        assert _visible_titles(incident)[-1] in [tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h2"]

    def test_soft_line_breaks_in_table_cells_are_spaces(self) -> None:
        """A wrapped timeline description is one row; the wrap is a space, paragraphs a <br>."""
        event = model.TimelineEvent(sample_incident().milestones.started, "line one\nline | two\n\nline three")
        incident = postmortem.model.Incident(**{**_fields(sample_incident()), "timeline": (event,)})
        output = postmortem.export(incident, "markdown")
        assert isinstance(output, str)
        assert "| line one line \\| two<br>line three |" in output

    @settings(
        max_examples=examples(quick=10, full=40),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(text=hostile_text(allow_surrogates=False))
    def test_any_title_is_one_heading(self, text: str) -> None:
        """Whatever the title, the document has exactly one level-1 heading."""
        incident = postmortem.model.Incident(**{**_fields(sample_incident()), "title": text})
        tokens = markdown_tokens(str(postmortem.export(incident, "markdown")))
        plain = markdown_tokens(str(postmortem.export(sample_incident(), "markdown")))
        assert [t.type for t in tokens if t.type.endswith("_open")] == [
            t.type for t in plain if t.type.endswith("_open")
        ]


def _with_lesson(text: str) -> model.Incident:
    return postmortem.model.Incident(**{**_fields(sample_incident()), "lessons_learned": (text,)})


def _markdown_html_with_lesson(text: str) -> HTMLDocument:
    incident = postmortem.model.Incident(**{**_fields(sample_incident()), "lessons_learned": (text,)})
    return HTMLDocument(markdown_to_html(str(postmortem.export(incident, "markdown"))))


def _fields(incident: model.Incident) -> dict[str, object]:
    import attrs

    return {field.name: getattr(incident, field.name) for field in attrs.fields(model.Incident)}


class TestTemplates:
    """Templates are data a user can override."""

    def test_override_one_block(self, tmp_path: Path) -> None:
        """A user template that extends ours replaces a single section's block."""
        (tmp_path / "markdown").mkdir()
        (tmp_path / "markdown" / "custom.md.j2").write_text(
            '{% extends "markdown/incident.md.j2" %}{% block lessons_learned %}Ask the team.\n{% endblock %}'
        )
        output = postmortem.export(
            sample_incident(), "markdown", template_dirs=(str(tmp_path),), template="markdown/custom.md.j2"
        )
        assert isinstance(output, str)
        assert "## Lessons learned\n\nAsk the team.\n" in output
        assert SECTION_MARKERS["lessons_learned"] not in output
        assert SECTION_MARKERS["what_went_well"] in output

    def test_override_whole_template(self, tmp_path: Path) -> None:
        """A file named like ours in a user directory replaces it."""
        (tmp_path / "html").mkdir()
        (tmp_path / "html" / "incident.html.j2").write_text("<p>{{ incident.title }}</p>")
        output = postmortem.export(sample_incident(), "html", template_dirs=(str(tmp_path),))
        assert output == f"<p>{sample_incident().title}</p>"

    def test_template_errors_are_library_errors(self, tmp_path: Path) -> None:
        """A broken user template is an ExporterError with file and line."""
        (tmp_path / "html").mkdir()
        (tmp_path / "html" / "incident.html.j2").write_text("line\n{% if %}")
        with pytest.raises(postmortem.ExporterError, match=r"incident.html.j2:2"):
            postmortem.export(sample_incident(), "html", template_dirs=(str(tmp_path),))

    def test_template_extending_itself_is_a_library_error(self, tmp_path: Path) -> None:
        """A user template named like ours that extends ours recurses; the user gets an ExporterError."""
        (tmp_path / "html").mkdir()
        (tmp_path / "html" / "incident.html.j2").write_text('{% extends "html/incident.html.j2" %}')
        with pytest.raises(postmortem.ExporterError, match="extends itself"):
            postmortem.export(sample_incident(), "html", template_dirs=(str(tmp_path),))

    def test_include_empty_marks_missing_sections(self) -> None:
        """include_empty shows every section, marking the empty ones."""
        incident = postmortem.loads("id: x\ntitle: t\nseverity: SEV3\nmilestones: {started: 2026-01-01T00:00:00Z}\n")
        output = postmortem.export(incident, "markdown", include_empty=True)
        assert isinstance(output, str)
        # Impact counts as empty too: no summary, no figures, no mitigation or resolution time.
        # Free-form sections have no placeholder: the incident has none, so none is shown.
        assert output.count("_Not written yet._") == len(presentation.SECTIONS) - 1
        assert "## Lessons learned" not in str(postmortem.export(incident, "markdown"))


class TestHTMLReport:
    """What the HTML report shows."""

    def test_examples_render_with_chart_and_metrics(self) -> None:
        """Each example has the severity badge, key metrics and an SVG timeline with every event."""
        for path in sorted(EXAMPLES.glob("*.yaml")):
            incident = postmortem.load(path)
            html = str(postmortem.export(incident, "html"))
            assert f'class="badge sev-{incident.severity.rank}"' in html
            assert "Time to detect" in html
            assert html.count("<circle") == len(incident.timeline)
            assert "http://" not in html.split("<body>", maxsplit=1)[0].replace("http://www.w3.org/2000/svg", "")

    def test_fragment_for_embedding(self) -> None:
        """standalone=False gives an embeddable fragment (what notebooks show)."""
        html = str(postmortem.export(sample_incident(), "html", standalone=False))
        assert html.lstrip().startswith("<main")
        assert "<style>" not in html

    def test_times_in_the_incident_timezone(self) -> None:
        """Times show in the incident's display timezone with its abbreviation."""
        html = str(postmortem.export(sample_incident(), "html"))
        assert "2026-05-04 08:12 CEST" in html


class TestNotebookDisplay:
    """Rich display in Jupyter."""

    def test_incident_reprs(self) -> None:
        """An incident shows itself as Markdown and as an HTML fragment."""
        incident = sample_incident()
        assert incident._repr_markdown_().startswith("# INC-2026-0042:")
        assert incident._repr_html_().lstrip().startswith("<main")


class TestFoldedEvents:
    """Events that several tools recorded show every source."""

    @pytest.mark.parametrize("name", ["markdown", "html"])
    def test_also_in_is_shown(self, name: str) -> None:
        """A folded alert names the other tools that saw it."""

        incident = sample_incident()
        first = attrs_module.evolve(incident.timeline[0], source="pagerduty", also_in=("alertmanager", "slack"))
        incident = attrs_module.evolve(incident, timeline=(first, *incident.timeline[1:]))
        output = str(postmortem.export(incident, name))
        assert "also in alertmanager, slack" in output


def _cell_texts(incident: model.Incident) -> list[str]:
    """The text of every table cell of the incident's Markdown, as a CommonMark renderer with GitHub's
    tables and strikethrough shows it."""
    import html as html_module

    from markdown_it import MarkdownIt

    from ._parsing import split_front_matter

    output = str(postmortem.export(incident, "markdown"))
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(split_front_matter(output)[1])
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.DOTALL)
    return [html_module.unescape(re.sub(r"<[^>]+>", "", cell.replace("<br>", " "))) for cell in cells]


_MARKDOWN_PUNCTUATION = [*"\\`*_[]<>#|~&!$^=+{}()-.:/;' ", "&amp;", "&#35;", "<b>", "](x)", "http://", "www."]


class TestTableCellText:
    """A table cell of the Markdown shows its text as written, with a backslash only where one is needed."""

    def test_the_examples_cells_have_no_needless_escapes(self) -> None:
        """The feature-flag example's flag name (bulk_save_v2) and Slack channels (#inc-...) are
        written as they are: some renderers show every backslash, and readers saw
        ``documents.bulk\\_save\\_v2`` and ``slack \\#inc-2026-1013-api-errors``."""
        incident = postmortem.load(EXAMPLES / "api-outage-feature-flag.yaml")
        output = str(postmortem.export(incident, "markdown"))
        rows = [line for line in output.splitlines() if line.startswith("|")]
        assert not [row for row in rows if "\\_" in row or "\\#" in row]
        assert "| slack #inc-2026-1013-api-errors |" in output
        assert any("documents.bulk_save_v2" in cell for cell in _cell_texts(incident))

    @settings(max_examples=examples(quick=40, full=200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=st.lists(st.sampled_from(_MARKDOWN_PUNCTUATION) | st.text(max_size=3), min_size=1).map("".join))
    def test_a_cell_shows_its_text(self, text: str) -> None:
        """Whatever a participant's role (Markdown punctuation, tags, entities, URLs), its cell
        shows that text, no more and no less, once rendered."""
        role = presentation.clean_text(text).replace("\n", " ").replace("\t", " ")
        assume(role.strip())
        incident = sample_incident()
        participant = attrs_module.evolve(incident.participants[0], role=text)
        incident = attrs_module.evolve(incident, participants=(participant, *incident.participants[1:]))
        expected = " ".join(role.split())
        assert expected in [" ".join(cell.split()) for cell in _cell_texts(incident)]


class TestChartCaption:
    """The chart's key names only the shading the chart draws."""

    def _incident(self, **milestones: object) -> model.Incident:
        incident = sample_incident()
        return attrs_module.evolve(incident, milestones=attrs_module.evolve(incident.milestones, **milestones))

    def test_a_chart_without_shading_explains_none(self) -> None:
        """Only a start and events (an imported daily report): the chart has no red or amber band,
        and its key says nothing of them (it explained both)."""
        incident = self._incident(detected=None, acknowledged=None, mitigated=None, resolved=None)
        html = str(postmortem.export(incident, "html"))
        assert 'class="impact"' not in html
        caption = re.search(r"<figcaption>(.*?)</figcaption>", html)
        assert caption is not None
        assert caption.group(1) == "Dashed lines: milestones. Dots: timeline events by kind."

    def test_impact_without_recovery_names_the_impact_alone(self) -> None:
        """Resolved but never mitigated: a red band and no amber one, and the key says so."""
        incident = self._incident(mitigated=None)
        html = str(postmortem.export(incident, "html"))
        assert 'class="impact"' in html
        assert 'class="recovery"' not in html
        assert presentation.chart_caption(incident).startswith("Shaded: customer impact (red). Dashed")

    def test_both_bands_keep_the_whole_key(self) -> None:
        """Mitigated, then resolved later: both bands, the whole key."""
        incident = sample_incident()
        html = str(postmortem.export(incident, "html"))
        assert 'class="recovery"' in html
        assert f"<figcaption>{presentation.LABELS['chart_caption']}</figcaption>" in html


class TestMarkdownHeadingsAndFrontMatter:
    """The Markdown's front matter and headings read as written."""

    def test_front_matter_writes_other_scripts_and_apostrophes_as_they_are(self) -> None:
        """A title with an apostrophe, an em dash and Vietnamese is written as it is in the front
        matter (it was ``Master\\u0027s remarks \\u2014 ...``), and reads back the same."""
        import yaml

        from ._parsing import split_front_matter

        title = "MV Tui Lomaiviti — Master's remarks: nhãn sai <draft> & more"
        output = str(postmortem.export(attrs_module.evolve(sample_incident(), title=title), "markdown"))
        front, _body = split_front_matter(output)
        assert f'title: "{title}"' in front
        assert yaml.safe_load(front)["title"] == title

    @settings(max_examples=examples(quick=20, full=80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(text=hostile_text(allow_surrogates=True))
    def test_any_title_reads_back_from_the_front_matter(self, text: str) -> None:
        """Whatever the title (controls, line separators, surrogates, a byte order mark), the front
        matter is YAML that reads back the title the report shows."""
        import yaml

        from ._parsing import split_front_matter

        incident = postmortem.model.Incident(**{**_fields(sample_incident()), "title": text})
        front, _body = split_front_matter(str(postmortem.export(incident, "markdown")))
        assert yaml.safe_load(front)["title"] == presentation.clean_text(text)

    def test_a_numbered_section_title_has_no_backslash(self) -> None:
        """An imported section "4. What has been learned" is written "## 4. What has been learned"
        (was ``4\\.``: a list marker is no list inside a heading); a title ending in " #" keeps its
        "#" (a closing sequence would drop it)."""
        incident = attrs_module.evolve(
            sample_incident(),
            title="Ticket queue #",
            sections=(model.Section("4. What has been learned", "Text."),),
        )
        output = str(postmortem.export(incident, "markdown"))
        assert "\n## 4. What has been learned\n" in output
        tokens = markdown_tokens(output)
        headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
        assert "4. What has been learned" in headings
        assert headings[0].endswith("Ticket queue \\#")
        assert "Ticket queue #" in HTMLDocument(markdown_to_html(output)).text
