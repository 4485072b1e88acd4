"""Markdown prose: the shared parser, plain text for checks, safe HTML and Markdown output."""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

import postmortem
from postmortem import markup
from postmortem.testing import sample_incident

from ._parsing import HTMLDocument


class TestPlainText:
    """What checks read."""

    def test_soft_line_breaks_are_spaces_and_markup_goes(self) -> None:
        """A YAML line wrap is a space; emphasis, code and link syntax leave only their text."""
        text = "The **flag** was\non for `bulk_save` users ([details](https://x.example/1))."
        assert markup.to_plain_text(text) == "The flag was on for bulk_save users (details)."

    def test_blocks_are_separated(self) -> None:
        """List items, table cells and code blocks each become their own block."""
        text = "Steps:\n\n- [x] roll back\n- [ ] add alert\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlog\n```\n"
        assert markup.to_plain_text(text).split("\n\n") == [
            "Steps:",
            "roll back",
            "add alert",
            "a",
            "b",
            "1",
            "2",
            "log",
        ]

    def test_plain_markup_keeps_every_character(self) -> None:
        """A file that declares plain prose shows asterisks and brackets as written."""
        assert markup.to_plain_text("a *b* [c](d)", "plain") == "a *b* [c](d)"


class TestTree:
    """The tree exporters walk decides what is safe."""

    def test_nested_list_task_table_code_and_link(self) -> None:
        """Every element the DOCX and Confluence exporters draw is a node."""
        text = "- one\n  1. nested\n- [x] done\n\n| h |\n|:-:|\n| c |\n\n```sql\nselect 1;\n```\n\n[site](https://a.example)"
        doc = markup.tree(text)
        kinds = [node.type for node in doc.walk()]
        for kind in ("bullet_list", "ordered_list", "list_item", "table", "table_cell", "code_block", "link"):
            assert kind in kinds
        items = doc.children[0].children
        assert [item.checked for item in items] == [None, True]
        code = next(node for node in doc.walk() if node.type == "code_block")
        assert (code.info, code.text) == ("sql", "select 1;\n")
        cell = next(node for node in doc.walk() if node.type == "table_cell")
        assert (cell.header, cell.align) == (True, "center")

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.example/x",
            "vbscript:x",
        ],
    )
    def test_unsafe_links_are_text(self, url: str) -> None:
        """A link to anything but http, https, mailto or a relative path is its text only."""
        doc = markup.tree(f"[click]({url}) and <{url}>")
        assert [node.type for node in doc.walk() if node.type == "link"] == []
        assert "click" in markup.to_plain_text(f"[click]({url})")

    @pytest.mark.parametrize(
        "url", ["https://a.example/x", "http://a.example", "mailto:sre@example.com", "../runbook.md", "#timeline"]
    )
    def test_safe_links_are_links(self, url: str) -> None:
        """http, https, mailto and relative links stay links."""
        assert [n.url for n in markup.tree(f"[x]({url})").walk() if n.type == "link"] == [url]

    @pytest.mark.parametrize("source", ["[](0)", "[ ](../runbook.md)", "[](https://a.example/x)"])
    def test_a_link_with_no_text_shows_its_address(self, source: str) -> None:
        """A link written with no text is not an invisible anchor: its address is its text."""
        doc = HTMLDocument(markup.to_html(source))
        url = source[source.index("(") + 1 : -1]
        assert doc.text.strip() == url
        assert [tag for tag, _ in doc.tags] == ["p", "a"]

    def test_raw_html_is_text(self) -> None:
        """Raw HTML is never parsed as HTML."""
        assert markup.to_plain_text("<b>x</b> <script>y</script>") == "<b>x</b> <script>y</script>"


class TestHTML:
    """The HTML renderer."""

    def test_renders_markdown_without_raw_html(self) -> None:
        """Markup becomes elements; raw HTML is escaped; unsafe links are not links."""
        html = markup.to_html("**b** <i>x</i> [j](javascript:alert(1)) [ok](https://a.example)")
        doc = HTMLDocument(html)
        assert [tag for tag, _ in doc.tags] == ["p", "strong", "a"]
        assert "<i>x</i>" in doc.text

    def test_images_only_from_the_asset_folder(self, tmp_path: Path) -> None:
        """An image is embedded only when it is a file inside the allowed folder; else its alt text."""
        (tmp_path / "graph.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
        (tmp_path.parent / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\nsecret")
        assert "<img" not in markup.to_html("![graph](graph.png)")
        shown = markup.to_html("![graph](graph.png)", asset_dir=tmp_path)
        assert '<img src="data:image/png;base64,' in shown
        for src in ("../secret.png", "/etc/hostname", "file:///etc/hostname", "http://127.0.0.1/x.png"):
            assert "<img" not in markup.to_html(f"![alt]({src})", asset_dir=tmp_path)

    def test_html_exporter_sections_and_assets(self, tmp_path: Path) -> None:
        """Free-form sections are h2 sections in the appendix, after the timeline; asset_dir lets their images in."""
        (tmp_path / "map.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
        incident = attrs.evolve(
            sample_incident(), sections=(postmortem.Section("Appendix", "See ![the map](map.png)."),)
        )
        without = str(postmortem.export(incident, "html"))
        assert "<img" not in without
        with_assets = str(postmortem.export(incident, "html", asset_dir=str(tmp_path)))
        assert "<img" in with_assets
        titles = [h.strip() for h in HTMLDocument(without).h2]
        assert titles.index("Appendix") == titles.index("Timeline") + 1


# A worksheet of the kind a review pastes in: a column of short codes, columns of phrases, a
# column of references under a long header word.
WORKSHEET = """\
| Step | What was checked | What was found | Follow-ups |
|---|---|---|---|
| A | The valve schedule against the plant drawings | Two valves swapped on the drawing since the refit | F1, F2 |
| B | The alarm list on the night shift's screen | The level alarm sorted below the door alarms | F3 |
"""


def first_table(text: str) -> markup.Node:
    """The first table node of ``text``."""
    return next(node for node in markup.tree(text).walk() if node.type == "table")


class TestColumnShares:
    """How wide each column of a table written in prose is, in every exporter that lays one out."""

    def test_short_codes_narrower_than_phrases(self) -> None:
        """A column of one-letter codes is narrower than each column of phrases (all were equal)."""
        step, checked, found, follow_ups = markup.column_shares(first_table(WORKSHEET))
        assert step < follow_ups < checked
        assert step < found
        assert sum((step, checked, found, follow_ups)) == pytest.approx(1.0)

    def test_every_column_holds_its_longest_word(self) -> None:
        """Each column gets at least its longest word, its header's bolder letters included: a
        header word ("Follow-ups", "Recommendations") is never broken for want of room."""
        table = first_table(WORKSHEET.replace("Follow-ups", "Recommendations"))
        shares = markup.column_shares(table, line=100)
        # "Recommendations": 15 letters, bold, out of 100 characters on the line.
        assert shares[3] * 100 >= 15 * 1.1

    def test_a_long_address_does_not_take_the_table(self) -> None:
        """A URL longer than any line breaks inside its column: its column gets no more than its
        share of the text, and the other columns still hold their words."""
        address = "https://wiki.example.org/" + "x" * 150
        table = first_table(f"| Note | Link |\n|---|---|\n| See the page for the whole list | {address} |\n")
        note, link = markup.column_shares(table)
        assert note > 0.3
        assert link < 0.7

    def test_many_columns_with_long_identifiers_keep_every_columns_words(self) -> None:
        """Nine columns, identifiers of 49 characters in some cells: every column still holds its
        longest ordinary word ("header", bold), the identifiers breaking instead. Each long word
        claimed 24 characters, the columns without one got their least (5%), and the PDF printed
        "Col/um/n 1 hea/der" and "cell 0.1 wit/h so/me wor/ds" one piece a line."""
        word = "averyveryverylongidentifier_without_breaks_at_all"
        rows = [
            "| "
            + " | ".join(
                word if (column + row) % 4 == 0 else f"cell {row}.{column} with some words" for column in range(9)
            )
            for row in range(3)
        ]
        header = "| " + " | ".join(f"Column {n} header" for n in range(9)) + " |\n" + "|---" * 9 + "|\n"
        shares = markup.column_shares(first_table(header + " |\n".join(rows) + " |\n"), line=100)
        assert min(shares) * 100 >= len("header") * 1.1 + 1
        assert sum(shares) == pytest.approx(1.0)

    def test_ragged_rows_and_an_empty_table(self) -> None:
        """A row with fewer cells counts as far as it goes; a table without cells has no shares."""
        table = first_table("| a | b | c |\n|---|---|---|\n| one |\n")
        assert len(markup.column_shares(table)) == 3
        assert markup.column_shares(markup.Node("table")) == ()

    def test_html_sets_the_widths_and_a_scroll_box(self) -> None:
        """The HTML gives each column its share (the PDF lays tables out at fixed widths) and puts
        the table in a box of its own that scrolls on a phone (it widened the page)."""
        html = markup.to_html(WORKSHEET)
        widths = [float(w) for w in re.findall(r'<col style="width:([0-9.]+)%">', html)]
        shares = markup.column_shares(first_table(WORKSHEET))
        assert widths == pytest.approx([share * 100 for share in shares], abs=0.06)
        assert html.startswith('<div class="table-box"><table class="prose-table"><colgroup>')
        assert html.endswith("</table></div>")


class TestOutline:
    """A field's headings are numbered by rank under the report's sections, never deeper than needed."""

    def test_a_field_that_starts_at_level_three_starts_at_h3(self) -> None:
        """``###`` and ``####`` (a part pasted from a longer document) are h3 and h4: they were
        h5 and h6, smaller than the text in some readers and two levels below their place."""
        html = markup.to_html("### Findings\n\nText.\n\n#### Detail\n\nMore.")
        assert re.findall(r"<h(\d)>(\w+)</h\d>", html) == [("3", "Findings"), ("4", "Detail")]

    def test_a_skipped_level_is_no_gap(self) -> None:
        """``#`` then ``###`` (no ``##`` in the field) are h3 and h4, not h3 and h5."""
        html = markup.to_html("# Part\n\n### Step\n\n# Part two")
        assert re.findall(r"<h(\d)>", html) == ["3", "4", "3"]

    def test_headings_in_a_list_count(self) -> None:
        """A heading inside a list item takes its rank among the field's headings too."""
        html = markup.to_html("## Top\n\n- item\n\n  #### Inner\n")
        assert re.findall(r"<h(\d)>", html) == ["3", "4"]

    def test_markdown_output_uses_the_same_outline(self) -> None:
        """The Markdown exporter writes ``###`` and ``####`` for a field of ``###`` and ``#####``,
        whether it copies the text or writes it anew (an image makes it write anew)."""
        assert markup.to_markdown("### A\n\ntext\n\n##### B").split("\n\n") == ["### A", "text", "#### B"]
        rewritten = markup.to_markdown("### A\n\n![x](y.png)\n\n##### B")
        assert re.findall(r"^(#+) ", rewritten, flags=re.MULTILINE) == ["###", "####"]

    def test_a_field_already_from_level_one_is_the_same_tree(self) -> None:
        """The tree of a field whose headings run 1, 2, ... is returned as it is (no copy)."""
        document = markup.tree("# a\n\n## b")
        assert markup.outlined(document) is document
        assert markup.outlined(markup.tree("## a\n\n#### b")) == markup.tree("# a\n\n## b")


class TestFootnotes:
    """``[^1]`` in one field and ``[^1]: note`` in another: a superscript link and a numbered note."""

    TEXTS = ("The threshold was wrong.[^a] Nobody saw [^missing] it.", "[^a]: The panel showed it.\n[^b]: Unused.")

    def test_gathered_across_fields(self) -> None:
        """Labels defined anywhere are known; a definition's own label is no reference to it."""
        notes = markup.gather_footnotes(self.TEXTS)
        assert notes.defined == {"a", "b"}
        assert notes.referenced == {"a"}

    def test_reference_and_note_link_to_each_other(self) -> None:
        """The reference is a superscript link to the note, which links back; numbers follow the
        order the report reaches them; a note no field refers to has no link back."""
        notes = markup.gather_footnotes(self.TEXTS)
        text = markup.to_html(self.TEXTS[0], footnotes=notes)
        assert '<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" role="doc-noteref">1</a></sup>' in text
        assert "[^missing]" in text  # a reference to no note stays as written
        listed = markup.to_html(self.TEXTS[1], footnotes=notes)
        assert re.findall(r'<p class="footnote" id="fn-(\d)"', listed) == ["1", "2"]
        assert "[^" not in listed
        assert listed.count('href="#fnref-1"') == 1
        assert "fnref-2" not in listed

    def test_without_the_notes_syntax_stays_as_written(self) -> None:
        """Without the report's notes (a field on its own), nothing changes: the text as before."""
        assert markup.to_html(self.TEXTS[0]) == "<p>The threshold was wrong.[^a] Nobody saw [^missing] it.</p>"

    def test_code_and_link_text_keep_the_syntax(self) -> None:
        """``[^a]`` in a code span or a link's text is not a reference."""
        notes = markup.gather_footnotes(self.TEXTS)
        html = markup.to_html("`[^a]` and [see [^a]](https://x.example/)", footnotes=notes)
        assert "footnote-ref" not in html
        assert html.count("[^a]") == 2

    def test_notes_text_is_escaped(self) -> None:
        """A note's text is escaped like any prose; only its number goes into attributes."""
        notes = markup.gather_footnotes(["x[^1]", "[^1]: <script>alert(1)</script>"])
        markup.to_html("x[^1]", footnotes=notes)
        html = markup.to_html("[^1]: <script>alert(1)</script>", footnotes=notes)
        assert "&lt;script&gt;" in html
        assert "<script>" not in html

    def test_html_report_links_summary_to_a_notes_section(self) -> None:
        """In the HTML report, the summary's reference points at the note in a free-form section,
        each id once: the syntax was shown literally in every format."""
        incident = attrs.evolve(
            sample_incident(),
            summary="The start logic read feet as metres.[^1]",
            sections=(postmortem.model.Section("Notes", "[^1]: The panel converted the figure."),),
        )
        html = str(postmortem.export(incident, "html")).split("<body>", 1)[1]
        assert "[^1]" not in html
        assert html.count('id="fn-1"') == 1
        assert html.count('id="fnref-1"') == 1
        assert html.index('href="#fn-1"') < html.index('id="fn-1"')

    def test_two_fields_with_notes_of_one_label_get_two_notes(self) -> None:
        """The summary and a finding each with their own ``[^1]``: two notes, two numbers, each
        reference linking to its own field's note (both were ``fn-1``, and the finding's
        reference jumped to the summary's note); a third field's reference goes to the first."""
        texts = (
            "The gauge read low.[^1]\n\n[^1]: Read at the panel.",
            "The valve stuck.[^1]\n\n[^1]: Seen on the camera.",
            "As noted.[^1]",
        )
        notes = markup.gather_footnotes(texts)
        first, second, third = (markup.to_html(text, footnotes=notes) for text in texts)
        assert re.findall(r'id="fn-(\d)"', first + second) == ["1", "2"]
        assert 'href="#fn-1" id="fnref-1"' in first
        assert 'href="#fn-2" id="fnref-2"' in second
        assert re.search(r'id="fn-2"[^>]*><span class="footnote-number">2</span> Seen on the camera', second)
        assert 'href="#fn-1"' in third
        assert "id=" not in third  # the note's first reference already has the back link's anchor

    def test_a_note_of_one_word_is_a_note(self) -> None:
        """``[^2]: https://...`` is also a link reference definition, which shows nothing: the note
        vanished from every format and its reference stayed as ``[^2]``."""
        texts = ("See the status page.[^2]", "[^2]: https://status.example.com/i/42")
        notes = markup.gather_footnotes(texts)
        assert notes.defined == {"2"}
        markup.to_html(texts[0], footnotes=notes)
        note = markup.to_html(texts[1], footnotes=notes)
        assert note.startswith('<p class="footnote" id="fn-1"')
        assert 'href="https://status.example.com/i/42"' in note
        # Reference definitions that are not notes still serve their links.
        assert 'href="https://x.example/"' in markup.to_html("[see][r]\n\n[r]: https://x.example/")

    def test_page_description_leaves_out_note_markers(self) -> None:
        """The page's description (and so the PDF's subject) is the summary without ``[^1]``, which
        it showed as written; the note's words stay out of it."""
        incident = attrs.evolve(
            sample_incident(),
            summary="The start logic read feet as metres.[^1] The signal stayed silent.",
            sections=(postmortem.model.Section("Notes", "[^1]: The panel converted the figure."),),
        )
        html = str(postmortem.export(incident, "html"))
        description = re.search(r'<meta name="description" content="([^"]*)">', html)
        assert description is not None
        assert description.group(1) == "The start logic read feet as metres. The signal stayed silent."
        # Checks still read the syntax as written.
        assert markup.to_plain_text(incident.summary).endswith("metres.[^1] The signal stayed silent.")

    def test_markdown_report_keeps_footnotes_a_viewer_reads(self) -> None:
        """The Markdown report keeps ``[^1]`` and its definition as written, which GitHub and pandoc
        read as a footnote (parsed here with markdown-it's footnote plugin)."""
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        incident = attrs.evolve(
            sample_incident(),
            summary="The start logic read feet as metres.[^1]",
            sections=(postmortem.model.Section("Notes", "[^1]: The panel converted the figure."),),
        )
        output = str(postmortem.export(incident, "markdown"))
        tokens = MarkdownIt("commonmark").use(footnote_plugin).parse(output)
        refs = [c for t in tokens for c in (t.children or []) if c.type == "footnote_ref"]
        assert [ref.meta["label"] for ref in refs] == ["1"]
        assert any(t.type == "footnote_open" for t in tokens)

    @staticmethod
    def _notes_of(output: str) -> tuple[list[str], dict[str, str]]:
        """The labels of ``output``'s references in order, and each label's note, as a viewer reads them."""
        from markdown_it import MarkdownIt
        from mdit_py_plugins.footnote import footnote_plugin

        env: dict[str, object] = {}
        tokens = MarkdownIt("commonmark").use(footnote_plugin).parse(output, env)
        refs = [c.meta["label"] for t in tokens for c in (t.children or []) if c.type == "footnote_ref"]
        notes: dict[str, str] = {}
        label = ""
        for token in tokens:
            if token.type == "footnote_open":
                label = token.meta["label"]
            elif token.type == "inline" and label and label not in notes:
                notes[label] = token.content
            elif token.type == "footnote_close":
                label = ""
        return refs, notes

    def test_markdown_report_gives_each_fields_note_its_own_label(self) -> None:
        """The summary and a section each with their own ``[^1]``: in Markdown the section's note
        and its references are ``[^1-2]``, so each reference reaches its own field's note (both
        were ``[^1]``, and a viewer showed the summary's note for both); a third field citing
        ``[^1]`` without a note of its own goes to the first; code keeps ``[^1]`` as written."""
        incident = attrs.evolve(
            sample_incident(),
            summary="The gauge read low.[^1]\n\n[^1]: Read at the panel.",
            sections=(
                postmortem.model.Section("Camera", "The valve stuck.[^1] See `[^1]`.\n\n[^1]: Seen on the camera."),
                postmortem.model.Section("Later", "As noted.[^1]\n\n```\n[^1]\n```"),
            ),
        )
        output = str(postmortem.export(incident, "markdown"))
        refs, notes = self._notes_of(output)
        assert refs == ["1", "1-2", "1"]
        assert notes == {"1": "Read at the panel.", "1-2": "Seen on the camera."}
        camera = output.split("## Camera", 1)[1].split("## Later", 1)[0]
        assert "[^1-2]: Seen on the camera." in camera  # the note stays with its field's text
        assert "`[^1]`" in camera
        assert "```\n[^1]\n```" in output

    def test_markdown_written_anew_keeps_notes(self) -> None:
        """A field written anew from its tree (raw HTML in it, or a note that is one address and so
        also a link reference definition) keeps ``[^1]`` and its note as footnotes; they were
        escaped to ``\\[\\^1\\]`` and shown as text."""
        incident = attrs.evolve(
            sample_incident(),
            summary="The gauge read <b>low</b>.[^1]\n\n[^1]: Read at the panel.",
            sections=(
                postmortem.model.Section("Camera", "The valve stuck.[^1] <i>x</i>\n\n[^1]: Seen on the camera."),
                postmortem.model.Section("Links", "See the page.[^2]\n\n[^2]: https://status.example.com/i/42"),
            ),
        )
        output = str(postmortem.export(incident, "markdown"))
        assert "\\[\\^" not in output
        refs, notes = self._notes_of(output)
        assert refs == ["1", "1-2", "2"]
        assert notes["1"] == "Read at the panel."
        assert notes["1-2"] == "Seen on the camera."
        assert "status.example.com/i/42" in notes["2"]

    def test_markdown_labels_avoid_labels_the_report_uses(self) -> None:
        """A second note of ``1`` in a report that already defines ``1-2`` takes a label of its own."""
        texts = ("a[^1]\n\n[^1]: one", "b[^1]\n\n[^1]: two", "c[^1-2]\n\n[^1-2]: three")
        notes = markup.gather_footnotes(texts)
        labels = [markup.markdown_labels(markup.tree(text), notes) for text in texts]
        assert labels == [{}, {"1": "1-2-2"}, {}]

    def test_markdown_export_imports_back_with_each_note_in_its_field(self) -> None:
        """``postmortem import`` of the Markdown export keeps each note with its field's text, and
        the HTML report of the imported incident has two notes, each reference on its own."""
        from postmortem.importing import import_text

        incident = attrs.evolve(
            sample_incident(),
            summary="The gauge read low.[^1]\n\n[^1]: Read at the panel.",
            sections=(postmortem.model.Section("Camera", "The valve stuck.[^1]\n\n[^1]: Seen on the camera."),),
        )
        back = import_text(str(postmortem.export(incident, "markdown")), "markdown").incident
        assert back.summary == "The gauge read low.[^1]\n\n[^1]: Read at the panel."
        camera = next(section for section in back.sections if section.title == "Camera")
        assert camera.body == "The valve stuck.[^1-2]\n\n[^1-2]: Seen on the camera."
        html = str(postmortem.export(back, "html"))
        assert re.search(r'href="#fn-1"[^>]*>1</a>.*Read at the panel', html, re.DOTALL)
        assert re.search(r'href="#fn-2"[^>]*>2</a>.*Seen on the camera', html, re.DOTALL)


class TestPandocAttributes:
    """pandoc's ``{#id}``, ``{.class}``, ``{width=50%}`` in prose written by hand or pasted from pandoc's output."""

    def test_a_heading_is_shown_without_its_id(self) -> None:
        """``## Summary {#summary}`` is the heading "Summary" in every format read from the tree:
        the braces were shown as written."""
        html = markup.to_html("## Summary {#summary .unnumbered}\n\n## Scope {-}\n\nText")
        assert re.findall(r"<h\d>([^<]*)</h\d>", html) == ["Summary", "Scope"]

    def test_anchors_spans_and_sizes_are_left_out(self) -> None:
        """A paragraph of bookmarks alone is gone; a span shows its text; a picture or link no size."""
        text = "[]{#_Toc1 .anchor}\n\nThe [upper gate]{.underline} [closed](https://x.example/){target=_blank}."
        html = markup.to_html(text)
        assert html == '<p>The upper gate <a href="https://x.example/" rel="noopener noreferrer">closed</a>.</p>'
        assert markup.to_plain_text(text) == "The upper gate closed."

    def test_braces_that_are_no_attributes_stay(self) -> None:
        """A heading that is only braces, a set, a template, code: text as written."""
        assert markup.to_html("# {.x}") == "<h3>{.x}</h3>"
        for text in ("The set {a, b} and [x] {y}.", "Use {{ name }} here.", "`[a]{.b}`"):
            assert "{" in markup.to_html(text)


class TestWideTablesOnPhones:
    """A table too wide for a phone becomes cards there (the report's CSS for ``table.cards``)."""

    def test_wide_table_is_cards_with_labels(self) -> None:
        """Six columns of phrases: class ``cards``, each body cell labelled with its (escaped)
        column name; the header row stays a header."""
        html = markup.to_html(
            "| Guide word | Deviation | Causes <found> | Consequences | Safeguards | Recommendations |\n"
            "|---|---|---|---|---|---|\n| NO | No flow | Pump trip | Soft ice | Alarm | R1 |\n"
        )
        assert '<table class="prose-table cards">' in html
        assert '<td data-label="Causes &lt;found&gt;">Pump trip</td>' in html
        assert "<th>Guide word</th>" in html

    def test_a_table_that_fits_stays_a_table(self) -> None:
        """Two short columns fit a phone: no cards, no labels."""
        html = markup.to_html("| Service | Errors |\n|---|---|\n| api | 31% |\n")
        assert '<table class="prose-table">' in html
        assert "data-label" not in html

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Lot SP-09 Deviation", 'Lot <span class="whole">SP-09</span> Deviation'),
            ("release 2026.10.13-2.", 'release <span class="whole">2026.10.13-2</span>.'),
            ("INC-2026-0187, RK-14", '<span class="whole">INC-2026-0187</span>, <span class="whole">RK-14</span>'),
            ("a pre-deploy check-in", "a pre-deploy check-in"),
            ("a-b-c-d-e-f-g-h-1 long", "a-b-c-d-e-f-g-h-1 long"),
            ("<b>SP-09</b>", '&lt;b&gt;<span class="whole">SP-09</span>&lt;/b&gt;'),
        ],
        ids=["lot", "release", "ids", "words", "too-long", "escaped"],
    )
    def test_a_short_code_in_text_is_kept_whole(self, text: str, expected: str) -> None:
        """A code whose hyphen is followed by a digit is one ``whole`` span (a phone broke a title
        as "Lot SP-" / "09"); words and long runs break as prose does; the text stays escaped."""
        assert expected == markup.text_html(text)
        assert f"<p>{expected}</p>" == markup.to_html(text)

    def test_a_cell_of_one_short_word_stays_whole(self) -> None:
        """An id such as ``LL-01`` is a ``one-word`` cell, kept on one line by the stylesheet (on a
        phone it broke after its hyphen); a phrase or a long address is not."""
        from postmortem.exporters.html import stylesheet

        address = "https://status.example.com/incidents/2026-10-13"
        html = markup.to_html(f"| ID | Note |\n|---|---|\n| LL-01 | two words |\n| LL-02 | {address} |\n")
        assert '<td class="one-word"><span class="whole">LL-01</span></td><td>two words</td>' in html
        assert '<td class="one-word"><span class="whole">LL-02</span></td><td class="long-word"><a href' in html
        # The address's date is a piece of the address, not a code of its own.
        assert f'class="bare" rel="noopener noreferrer">{address}</a>' in html
        assert re.search(r"\.prose-table \.one-word \{\s*white-space:\s*nowrap", stylesheet())

    def test_a_cell_with_a_word_too_long_for_any_column_may_break_it(self) -> None:
        """A cell holding a word of over 24 characters (an identifier, an address) is a ``long-word``
        cell, which the stylesheet lets break anywhere (kept whole, such words widened a
        nine-column table past its box); a cell of ordinary words is not."""
        from postmortem.exporters.html import stylesheet

        word = "averyveryverylongidentifier_without_breaks"
        html = markup.to_html(f"| A | B |\n|---|---|\n| {word} here | twenty-four-characters-x |\n")
        assert f'<td data-label="A" class="long-word">{word} here</td>' in html
        assert '<td data-label="B">twenty-four-characters-x</td>' in html
        assert re.search(r"\.prose-table \.long-word \{\s*overflow-wrap:\s*anywhere", stylesheet())

    def test_a_dash_for_nothing_is_left_out_of_a_card(self) -> None:
        """A cell of only a dash (a swimlane's quiet lane) is class ``nothing``, which a phone's card
        leaves out as it does an empty cell: each took a label and a line of its own ("SNOW TEAM",
        "-"); a cell with words, or a dash among them, is kept."""
        from postmortem.exporters.html import stylesheet

        html = markup.to_html(
            "| Time | Airside operations | Snow clearing team | Airline dispatchers |\n|---|---|---|---|\n"
            "| 06:10 | Sees snow from the operations office | - | \u2014 |\n"
            "| 06:25 | Starts the apron inspection | Asks - twice | Holding |\n"
        )
        assert 'class="prose-table cards"' in html
        assert html.count('class="one-word nothing"') == 2
        assert '<td data-label="Snow clearing team">Asks - twice</td>' in html
        assert re.search(r"table\.cards td:empty, table\.cards td\.nothing \{\s*display:\s*none", stylesheet())

    def test_narrowest_line_counts_longest_words_and_padding(self) -> None:
        """Each column's longest word (a header's a tenth wider) plus a character, and two of padding."""
        table = markup.tree("| ab | Recommendations |\n|---|---|\n| x | y |\n").children[0]
        assert markup.narrowest_line(table) == (3 + 1 + 2) + (17 + 1 + 2)


class TestRightToLeft:
    """A block of prose written in a right-to-left script says so in the HTML."""

    def test_blocks_whose_first_letter_is_right_to_left(self) -> None:
        """Paragraphs, list items, headings and cells that start in Arabic or Hebrew get
        ``dir="rtl"`` (they stood left-aligned, the full stop on the wrong side); English with an
        Arabic quote gets nothing, and left-to-right blocks carry no attribute at all."""
        html = markup.to_html(
            "تعذر إتمام الدفع.\n\nThe banner said «تعذر».\n\n- שלב ראשון\n- second\n\n"
            "## عنوان\n\n| المنطقة | Rate |\n|---|---|\n| الشرق | 38% |\n"
        )
        assert '<p dir="rtl">تعذر إتمام الدفع.</p>' in html
        assert "<p>The banner said «تعذر».</p>" in html
        assert '<li dir="rtl">שלב ראשון</li><li>second</li>' in html
        assert '<h3 dir="rtl">عنوان</h3>' in html
        assert '<th class="one-word" dir="rtl">المنطقة</th><th class="one-word">Rate</th>' in html
        assert '<td class="one-word" dir="rtl">الشرق</td><td class="one-word">38%</td>' in html
        assert html.count("dir=") == 5

    def test_a_list_of_right_to_left_items_is_a_right_to_left_list(self) -> None:
        """Every item in Arabic: the ``ul`` says ``dir="rtl"``, so its indent and bullets go on the
        right (they stood outside the text at a phone screen's edge); a mixed list does not."""
        assert markup.to_html("- عنصر أول\n- عنصر ثان").startswith('<ul dir="rtl"><li dir="rtl">')
        assert markup.to_html("- عنصر أول\n- second").startswith("<ul><li")

    def test_the_reports_own_lists_read_each_item_s_way(self) -> None:
        """Lessons, what went well and the like: a Hebrew item is ``dir="rtl"``, a list of only
        such items too, and the stylesheet moves their indent (the room for bullets) to the
        right; a right-to-left item among English ones gets room on the right for its bullet.
        These lists had no direction: Hebrew items stood at the left, full stop on the wrong side."""
        incident = attrs.evolve(
            sample_incident(),
            lessons_learned=("תמיד לבדוק.", "עוד לקח."),
            what_went_well=("تعطلت الخدمة لمدة ساعة.", "The pager worked."),
        )
        html = str(postmortem.export(incident, "html"))
        assert '<ul class="plain" dir="rtl"><li dir="rtl">תמיד לבדוק.</li><li dir="rtl">עוד לקח.</li></ul>' in html
        assert '<ul class="plain"><li dir="rtl">تعطلت الخدمة لمدة ساعة.</li><li>The pager worked.</li></ul>' in html
        from postmortem.exporters.html import stylesheet

        css = stylesheet()
        assert re.search(r'ul\.plain\[dir="rtl"\][^{]*\{\s*padding-left:\s*0;\s*padding-right:\s*1\.3rem', css)
        assert re.search(r'ul:not\(\[dir="rtl"\]\) > li\[dir="rtl"\][^{]*\{\s*margin-right:\s*1\.3rem', css)

    def test_code_blocks_follow_the_colour_scheme(self) -> None:
        """Prose code blocks take their background from the palette, which the dark scheme
        redefines: a fixed light grey under the dark scheme's light text was unreadable."""
        from postmortem.exporters.html import stylesheet

        css = stylesheet()
        rule = re.search(r"\.postmortem pre \{([^}]*)\}", css)
        assert rule is not None
        background = re.search(r"background:\s*var\((--[\w-]+)\)", rule.group(1))
        assert background is not None
        light, dark = css.split("prefers-color-scheme: dark", 1)
        dark_root = dark[: dark.index("}")]  # the dark scheme's :root block
        defined = rf"{background.group(1)}:\s*(#[0-9a-f]{{6}})"
        light_value, dark_value = re.search(defined, light), re.search(defined, dark_root)
        assert light_value is not None
        assert dark_value is not None
        assert light_value.group(1) != dark_value.group(1)

    def test_a_quotation_has_its_rule_on_the_side_it_starts_from(self) -> None:
        """Block quotes have a rule down their side (they were only indented, and read as the
        report's own words); a right-to-left one says ``dir="rtl"`` and its rule is on the right."""
        from postmortem.exporters.html import stylesheet

        css = stylesheet()
        assert re.search(r"\.postmortem blockquote \{[^}]*border-left:\s*3px solid", css)
        assert re.search(r'\.postmortem blockquote\[dir="rtl"\] \{[^}]*border-right:\s*3px solid', css)
        assert markup.to_html("> مرحبا").startswith('<blockquote dir="rtl">')
        assert markup.to_html("> hello").startswith("<blockquote><p>")

    def test_the_first_letter_decides(self) -> None:
        """Digits and punctuation have no direction of their own; the first letter decides."""
        paragraph = markup.tree("12:05 — تعذر الدفع").children[0]
        assert markup.right_to_left(paragraph)
        assert not markup.right_to_left(markup.tree("12:05 checkout تعذر").children[0])
        assert not markup.right_to_left(markup.tree("12:05").children[0])


class TestMarkdown:
    """The Markdown exporter keeps the author's markup."""

    def test_markup_is_kept_as_written(self) -> None:
        """Bold, links, lists and code in the summary reach the document unchanged."""
        summary = "Saving **failed** for [some users](https://x.example/a).\n\n- web\n- mobile\n\n```\nERR 500\n```"
        output = str(postmortem.export(attrs.evolve(sample_incident(), summary=summary), "markdown"))
        assert summary in output

    def test_sections_are_kept_in_order(self) -> None:
        """Every free-form section is an h2 with its body, in order, before the participants."""
        sections = (
            postmortem.Section("Immediate", "- [x] roll back"),
            postmortem.Section("Long term", "Rewrite *it*."),
        )
        output = str(postmortem.export(attrs.evolve(sample_incident(), sections=sections), "markdown"))
        assert output.index("## Immediate\n\n- [x] roll back") < output.index("## Long term\n\nRewrite *it*.")
        assert output.index("## Long term") < output.index("## Participants")

    def test_plain_files_are_escaped(self) -> None:
        """With markup: plain, Markdown characters are shown, not interpreted."""
        incident = attrs.evolve(sample_incident(), summary="a *b* <c>", markup=postmortem.ProseMarkup.PLAIN)
        assert "a \\*b\\* \\<c\\>" in str(postmortem.export(incident, "markdown"))


class TestChecksReadPlainText:
    """Completeness checks read the text a reader sees."""

    def test_placeholder_in_bold_is_found(self) -> None:
        """'**TBD**' is still a placeholder."""
        incident = attrs.evolve(sample_incident(), summary="**TBD**")
        report = postmortem.check(incident)
        assert any(f.rule == "completeness/placeholder" and f.path == "$.summary" for f in report.findings)

    def test_verb_first_reads_past_emphasis(self) -> None:
        """'**Add** an alert...' starts with a verb."""
        item = attrs.evolve(sample_incident().action_items[0], description="**Add** an alert on pending migrations")
        incident = attrs.evolve(sample_incident(), action_items=(item, *sample_incident().action_items[1:]))
        report = postmortem.check(incident)
        assert not any(f.rule == "completeness/action-verb-first" and "[0]" in f.path for f in report.findings)


class TestLinkTextAsWritten:
    """A bare URL or an autolink shows the characters the author typed, not a decoded form."""

    TEXT = "Dashboard: https://grafana.example.com/d/x?var=%41%aa and <https://x.org/a%20b>"

    def test_html(self) -> None:
        html = markup.to_html(self.TEXT)
        assert ">https://grafana.example.com/d/x?var=%41%aa</a>" in html
        assert ">https://x.org/a%20b</a>" in html
        assert "\ufffd" not in html

    def test_plain_text(self) -> None:
        assert markup.to_plain_text(self.TEXT) == (
            "Dashboard: https://grafana.example.com/d/x?var=%41%aa and https://x.org/a%20b"
        )

    def test_punycode_host_is_not_decoded(self) -> None:
        # Showing the decoded Unicode host would hide a look-alike domain from the reader.
        assert "xn--bcher-kva.example" in markup.to_html("see https://xn--bcher-kva.example/x")


class TestLinksThatShowTheirAddress:
    """A bare URL, an autolink or an e-mail autolink is marked ``bare``: the printed report
    writes a link's address after its text, and these would show it twice."""

    def test_bare_urls_and_autolinks_are_marked(self) -> None:
        html = markup.to_html("See https://x.example/a, <https://y.example/b> or <ops@example.com>.")
        assert html.count('class="bare"') == 3

    def test_links_with_other_text_are_not(self) -> None:
        """Named links keep their printed address, and so does a URL-looking text that points
        elsewhere (a reader of paper must see where it really goes)."""
        html = markup.to_html("[the runbook](https://x.example/r) and [https://a.example](https://b.example)")
        assert "bare" not in html
