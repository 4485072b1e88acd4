"""Markdown prose as native Confluence storage elements."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import attrs
from postmortem_confluence import render_storage
from postmortem_confluence._xml import STORAGE_NAMESPACES, wrap_for_parsing

from postmortem import model
from postmortem.testing import sample_incident

AC = "{" + STORAGE_NAMESPACES["ac"] + "}"

SUMMARY = """\
Saving **failed**; see [the dashboard](https://grafana.example.com/d/saves) and `bulk_save`.

1. Roll back
   - drain pods
2. Verify

```sql
SELECT 1; -- ]]> cannot end the CDATA
```

| Service | Errors |
|---|---|
| api | 31% |

[click](javascript:alert(1)) <script>alert(1)</script>
"""


def page(summary: str = SUMMARY) -> ET.Element:
    """The storage XHTML of the sample incident with ``summary``, parsed."""
    incident = attrs.evolve(
        sample_incident(), summary=summary, sections=(model.Section("Appendix", "- [x] rolled back"),)
    )
    return ET.fromstring(wrap_for_parsing(render_storage(incident)))


class TestProseStorage:
    """Markdown becomes storage elements, never markup from user text."""

    def test_inline_markup_links_and_lists(self) -> None:
        """Bold is <strong>, code is <code>, the link is <a>, the nested list is a ul inside an ol."""
        root = page()
        assert [e.text for e in root.iter("strong")][:1] == ["failed"]
        assert "bulk_save" in [e.text for e in root.iter("code")]
        assert ("https://grafana.example.com/d/saves", "the dashboard") in [
            (a.get("href"), "".join(a.itertext())) for a in root.iter("a")
        ]
        ordered = next(root.iter("ol"))
        assert [ul for li in ordered.iter("li") for ul in li.iter("ul")]

    def test_code_block_is_a_code_macro(self) -> None:
        """The code block is a code macro with its language and the exact text, ]]> included."""
        macros = [m for m in root_macros(page()) if m.get(f"{AC}name") == "code"]
        assert len(macros) == 1
        body = macros[0].find(f"{AC}plain-text-body")
        assert body is not None
        assert body.text == "SELECT 1; -- ]]> cannot end the CDATA"
        assert [p.text for p in macros[0].iter(f"{AC}parameter")] == ["sql"]

    def test_table_unsafe_link_and_raw_html(self) -> None:
        """The table is a table; a javascript: link is text; raw HTML is text, not a script."""
        root = page()
        cells = ["".join(c.itertext()) for t in root.iter("table") for c in t.iter() if c.tag in ("td", "th")]
        assert [c for c in cells if c in ("Service", "Errors", "api", "31%")] == ["Service", "Errors", "api", "31%"]
        assert not any((a.get("href") or "").lower().startswith("javascript") for a in root.iter("a"))
        assert list(root.iter("script")) == []
        assert any("<script>alert(1)</script>" in "".join(p.itertext()) for p in root.iter("p"))

    def test_prose_headings_by_rank(self) -> None:
        """A summary's ``###`` and ``#####`` are h3 and h4 (by rank under the section's h2), as in
        the HTML: they were h5 and h6."""
        root = page("### Findings\n\nText.\n\n##### Detail\n\nMore.")
        found = [(e.tag, "".join(e.itertext())) for e in root.iter() if e.tag in ("h3", "h4", "h5", "h6")]
        assert ("h3", "Findings") in found
        assert ("h4", "Detail") in found
        assert not [tag for tag, text in found if text in ("Findings", "Detail") and tag in ("h5", "h6")]

    def test_free_form_section_is_an_h2_with_its_body(self) -> None:
        """The free-form section opens the appendix, after the timeline and before the participants."""
        root = page()
        headings = ["".join(h.itertext()) for h in root.iter("h2")]
        assert headings.index("Action items") < headings.index("Appendix")
        if "Participants" in headings:
            assert headings.index("Appendix") < headings.index("Participants")
        assert any("\u2611 rolled back" in "".join(li.itertext()) for li in root.iter("li"))


def root_macros(root: ET.Element) -> list[ET.Element]:
    """Every structured macro on the page."""
    return list(root.iter(f"{AC}structured-macro"))


class TestProseInCells:
    """Prose in table cells and plain files."""

    def test_cells_render_markdown(self) -> None:
        """A timeline description and an action item keep their bold and code as elements."""
        base = sample_incident()
        event = attrs.evolve(base.timeline[0], description="Deploy of **2026.10.13-2** with `bulk_save`")
        item = attrs.evolve(base.action_items[0], description="Add a **pre-deploy** check")
        incident = attrs.evolve(base, timeline=(event, *base.timeline[1:]), action_items=(item, *base.action_items[1:]))
        root = ET.fromstring(wrap_for_parsing(render_storage(incident)))
        strong = [e.text for e in root.iter("strong")]
        assert "2026.10.13-2" in strong
        assert "pre-deploy" in strong
        assert "bulk_save" in [e.text for e in root.iter("code")]

    def test_plain_files_show_every_character(self) -> None:
        """With markup: plain, asterisks are text and nothing is bold."""
        incident = attrs.evolve(sample_incident(), summary="**not bold**", markup=model.ProseMarkup.PLAIN)
        root = ET.fromstring(wrap_for_parsing(render_storage(incident)))
        assert any("**not bold**" in "".join(p.itertext()) for p in root.iter("p"))


class TestFootnotes:
    """``[^1]`` and ``[^1]: note`` across fields: a raised link to the note's anchor, and back."""

    def test_reference_and_note_link_to_each_other(self) -> None:
        """The summary's reference is a raised link to an anchor on the note in a free-form section,
        which links back; the syntax was shown as written on the page."""
        incident = attrs.evolve(
            sample_incident(),
            summary="The start logic read feet as metres.[^1]",
            sections=(model.Section("Notes", "[^1]: The panel converted the figure."),),
        )
        storage = render_storage(incident)
        assert "[^1]" not in storage
        root = ET.fromstring(wrap_for_parsing(storage))
        anchors = [
            "".join(macro.itertext())
            for macro in root.iter(f"{AC}structured-macro")
            if macro.get(f"{AC}name") == "anchor"
        ]
        assert anchors == ["fnref-1", "fn-1"]
        links = {
            link.get(f"{AC}anchor"): "".join(link.itertext())
            for link in root.iter(f"{AC}link")
            if link.get(f"{AC}anchor")
        }
        assert links == {"fn-1": "1", "fnref-1": "\u21a9"}
        (raised,) = root.iter("sup")
        assert raised[0].get(f"{AC}anchor") == "fn-1"
        note = next(p for p in root.iter("p") if "The panel converted the figure." in "".join(p.itertext()))
        assert [child.tag for child in note][:2] == [f"{AC}structured-macro", "strong"]

    def test_preview_follows_the_links(self) -> None:
        """The offline preview shows the links as page links to ids, not as mentions of a user."""
        from postmortem_confluence.testing import preview_html

        incident = attrs.evolve(sample_incident(), summary="Read as metres.[^a]\n\n[^a]: The panel converted it.")
        preview = preview_html(render_storage(incident))
        assert '<a href="#fn-1">1</a>' in preview
        assert '<a id="fn-1"' in preview
        assert "@1" not in preview


class TestRightToLeft:
    """Arabic and Hebrew cells, items and paragraphs say that they read right to left."""

    def test_right_to_left_text_is_marked_where_it_is_placed(self) -> None:
        """A paragraph, a list item, a prose table's cell, an action item and its owner, a timeline
        event and the title's row are dir="rtl" and right-aligned when they start in Arabic or
        Hebrew; English ones are not marked. Every cell and paragraph was left to right."""
        incident = sample_incident()
        item = attrs.evolve(incident.action_items[0], description="إضافة فحص تلقائي.", owner="سارة")
        event = attrs.evolve(incident.timeline[0], description="להוסיף התראה על שגיאות.")
        summary = "تعذر إتمام الدفع.\n\nThe checkout failed.\n\n- לקח אחד\n- one lesson\n\n| עמודה |\n|---|\n| ערך |\n"
        incident = attrs.evolve(
            incident,
            title="انقطاع الخدمة",
            summary=summary,
            action_items=(item, *incident.action_items[1:]),
            timeline=(event, *incident.timeline[1:]),
        )
        root = ET.fromstring(wrap_for_parsing(render_storage(incident)))
        # The text of each marked element, without the embedding that carries its direction.
        marked = {
            "".join(node.itertext()).strip().strip("\u202b\u202c") for node in root.iter() if node.get("dir") == "rtl"
        }
        for expected in ("انقطاع الخدمة", "تعذر إتمام الدفع.", "לקח אחד", "עמודה", "ערך", "سارة"):
            assert expected in marked
        assert any(text.startswith("إضافة فحص تلقائي.") for text in marked)
        assert any(text.startswith("להוסיף התראה על שגיאות.") for text in marked)
        assert not any(text.startswith(("The checkout", "one lesson")) for text in marked)
        for node in root.iter():
            if node.get("dir") == "rtl":
                assert node.get("style") == "text-align: right;"

    def test_the_preview_keeps_the_direction(self) -> None:
        """The offline preview shows a right-to-left paragraph right to left."""
        from postmortem_confluence._preview import preview_html

        html = preview_html('<p dir="rtl" style="text-align: right;">مرحبا</p><p dir="evil">x</p>')
        assert '<p dir="rtl">مرحبا</p>' in html
        assert 'dir="evil"' not in html
