"""Markdown prose in DOCX: real runs, Word numbering, live hyperlinks, code style, real tables."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import attrs
import pytest
from postmortem_docx import DocxExporter

import postmortem
from postmortem.testing import require_tool, sample_incident

from ._docx_helpers import require_soffice
from .test_docx_libreoffice import convert

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"

SUMMARY = """\
Saving **failed** for *some* users; see [the dashboard](https://grafana.example.com/d/saves)
and the `bulk_save` flag.

1. Roll back the release
   - drain the canary pods
   - restart the workers
2. Verify saves

```sql
SELECT count(*) FROM documents WHERE saved_at > now() - interval '5 minutes';
```

| Service | Errors |
|---|---|
| public-api | 31% |
| documents | 12% |
"""


def incident() -> postmortem.Incident:
    """An incident whose summary has a nested list, a code block, a table and a link."""
    return attrs.evolve(
        sample_incident(),
        summary=SUMMARY,
        sections=(postmortem.Section("Appendix", "- [x] rolled back\n- [ ] alert on **pending** migrations"),),
    )


def document_xml(data: bytes) -> ElementTree.Element:
    """The main part of a DOCX, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return ElementTree.fromstring(package.read("word/document.xml"))


def package_part(data: bytes, name: str) -> str:
    """One part of a DOCX, as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def paragraph_text(paragraph: ElementTree.Element) -> str:
    """The text of a w:p, runs inside hyperlinks included."""
    return "".join(t.text or "" for t in paragraph.iter(f"{W}t"))


class TestDocxXml:
    """The WordprocessingML itself holds Word objects, not Markdown characters."""

    def test_runs_are_bold_italic_and_code(self) -> None:
        """**failed** is a bold run, *some* an italic one, `bulk_save` a code-styled run; no asterisks remain."""
        root = document_xml(DocxExporter().render(incident()))
        runs = {"".join(t.text or "" for t in run.iter(f"{W}t")): run for run in root.iter(f"{W}r")}
        assert runs["failed"].find(f"{W}rPr/{W}b") is not None
        assert runs["some"].find(f"{W}rPr/{W}i") is not None
        assert runs["bulk_save"].find(f"{W}rPr/{W}rStyle").get(f"{W}val") == "InlineCode"
        summary = [paragraph_text(p) for p in root.iter(f"{W}p") if "Saving" in paragraph_text(p)]
        assert summary
        assert "**" not in summary[0]
        assert "[the dashboard]" not in summary[0]

    def test_nested_list_has_word_numbering(self) -> None:
        """Each list item is a paragraph with w:numPr; nested items sit one level deeper."""
        data = DocxExporter().render(incident())
        root = document_xml(data)
        levels = {}
        for paragraph in root.iter(f"{W}p"):
            num = paragraph.find(f"{W}pPr/{W}numPr")
            if num is not None:
                levels[paragraph_text(paragraph)] = int(num.find(f"{W}ilvl").get(f"{W}val"))
        assert levels["Roll back the release"] == 0
        assert levels["drain the canary pods"] == 1
        assert levels["Verify saves"] == 0
        numbering = package_part(data, "word/numbering.xml")
        assert 'w:numFmt w:val="decimal"' in numbering
        assert 'w:numFmt w:val="bullet"' in numbering

    def test_link_is_a_live_hyperlink(self) -> None:
        """The link is a w:hyperlink whose relationship targets the URL."""
        data = DocxExporter().render(incident())
        root = document_xml(data)
        links = [h for h in root.iter(f"{W}hyperlink") if paragraph_text(h) == "the dashboard"]
        assert len(links) == 1
        rid = links[0].get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        rels = package_part(data, "word/_rels/document.xml.rels")
        assert re.search(rf'Id="{rid}"[^>]*Target="https://grafana.example.com/d/saves"', rels) or re.search(
            rf'Target="https://grafana.example.com/d/saves"[^>]*Id="{rid}"', rels
        )

    def test_code_block_and_table(self) -> None:
        """The code block is a Code Block paragraph; the Markdown table is a w:tbl with its cells."""
        root = document_xml(DocxExporter().render(incident()))
        code = [
            paragraph_text(p)
            for p in root.iter(f"{W}p")
            if (style := p.find(f"{W}pPr/{W}pStyle")) is not None and style.get(f"{W}val") == "CodeBlock"
        ]
        assert code == ["SELECT count(*) FROM documents WHERE saved_at > now() - interval '5 minutes';"]
        tables = [[paragraph_text(c) for c in t.iter(f"{W}tc")] for t in root.iter(f"{W}tbl")]
        assert ["Service", "Errors", "public-api", "31%", "documents", "12%"] in tables

    def test_a_code_block_is_a_padded_box_with_space_after_it(self) -> None:
        """The Code Block style draws borders in its shading's colour (the lines' box is padded),
        and the block's last line has a paragraph's space after it, the others none: the
        paragraph after a code block touched its shading."""
        summary = "Before.\n\n```\nline one\nline two\n```\n\nAfter."
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=summary))
        root = document_xml(data)
        code = [
            p
            for p in root.iter(f"{W}p")
            if (style := p.find(f"{W}pPr/{W}pStyle")) is not None and style.get(f"{W}val") == "CodeBlock"
        ]
        assert [paragraph_text(p) for p in code] == ["line one", "line two"]
        assert code[0].find(f"{W}pPr/{W}spacing") is None
        after = code[-1].find(f"{W}pPr/{W}spacing")
        assert after is not None
        assert int(after.get(f"{W}after") or 0) >= 100
        styles = ElementTree.fromstring(package_part(data, "word/styles.xml"))
        style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "CodeBlock")
        fill = style.find(f"{W}pPr/{W}shd")
        assert fill is not None
        borders = style.find(f"{W}pPr/{W}pBdr")
        assert borders is not None
        sides = {b.tag.removeprefix(W): (b.get(f"{W}color"), int(b.get(f"{W}space") or 0)) for b in borders}
        assert sides == {side: (fill.get(f"{W}fill"), 4) for side in ("top", "left", "bottom", "right")}

    def test_free_form_section_and_tasks(self) -> None:
        """The free-form section is a heading after the action items; tasks show their boxes."""
        root = document_xml(DocxExporter().render(incident()))
        texts = [paragraph_text(p) for p in root.iter(f"{W}p")]
        assert texts.index("Appendix") > texts.index("Action items")
        assert "\u2611 rolled back" in texts
        assert "\u2610 alert on pending migrations" in texts

    def test_unsafe_link_and_raw_html_stay_text(self) -> None:
        """A javascript: link is not a hyperlink; raw HTML is shown as written."""
        bad = attrs.evolve(sample_incident(), summary="[click](javascript:alert(1)) <b>bold</b>")
        root = document_xml(DocxExporter().render(bad))
        assert [paragraph_text(h) for h in root.iter(f"{W}hyperlink") if paragraph_text(h) == "click"] == []
        assert any("click <b>bold</b>" in paragraph_text(p) for p in root.iter(f"{W}p"))


HEADINGS = "# One\n\nText.\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nEnd."


def heading_styles(data: bytes) -> dict[str, str]:
    """The style id of each paragraph of the summary's headings, by text."""
    root = document_xml(data)
    found = {}
    for paragraph in root.iter(f"{W}p"):
        style = paragraph.find(f"{W}pPr/{W}pStyle")
        if style is not None and paragraph_text(paragraph) in ("One", "Two", "Three", "Four", "Five", "Six"):
            found[paragraph_text(paragraph)] = style.get(f"{W}val")
    return found


# Characters of the Geometric Shapes block that are also emoji (Unicode's Emoji property):
# LibreOffice draws them from the colour emoji font, which its PDF export leaves blank.
EMOJI_SHAPES = {"\u25aa", "\u25ab", "\u25b6", "\u25c0", "\u25fb", "\u25fc", "\u25fd", "\u25fe"}


class TestBlockQuotes:
    """A quotation is indented with a rule down its left, as in the HTML."""

    def test_quoted_paragraph_has_a_left_rule(self) -> None:
        """The quoted paragraph has a left border and an indent; the paragraph after it has neither
        (indented alone, a statement reproduced as received read as the report's own words)."""
        summary = "> Reproduced as received.\n\nOur own words."
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        by_text = {paragraph_text(p): p for p in root.iter(f"{W}p")}
        quoted, after = by_text["Reproduced as received."], by_text["Our own words."]
        assert quoted.find(f"{W}pPr/{W}pBdr/{W}left") is not None
        assert quoted.find(f"{W}pPr/{W}ind") is not None
        assert after.find(f"{W}pPr/{W}pBdr") is None


class TestTallRows:
    """Table rows stay on one page unless they are tall."""

    def test_a_tall_timeline_row_may_split_and_a_short_one_may_not(self) -> None:
        """An event of a few words keeps ``cantSplit``; one of some thirty lines does not: kept
        whole, it went to the next page and left the rest of the page before it empty."""
        incident = sample_incident()
        long = " ".join(["The on-call engineer compared the error rate with the deploy marker and waited."] * 20)
        first = attrs.evolve(incident.timeline[0], description="Short event.")
        second = attrs.evolve(incident.timeline[1], description=long)
        incident = attrs.evolve(incident, timeline=(first, second, *incident.timeline[2:]))
        root = document_xml(DocxExporter().render(incident))
        rows = {
            text: row
            for row in root.iter(f"{W}tr")
            for text in ("Short event.", long[:40])
            if text in "".join(paragraph_text(p) for p in row.iter(f"{W}p"))
        }
        assert rows["Short event."].find(f"{W}trPr/{W}cantSplit") is not None
        assert rows[long[:40]].find(f"{W}trPr/{W}cantSplit") is None


class TestNestedBullets:
    """Three levels of bullets, each with a mark a reader sees."""

    def test_no_level_uses_an_emoji_shape(self) -> None:
        """The bullet levels are a bullet, a white bullet and a square, as a browser marks them,
        and none is a shape that is also an emoji (the third level, U+25AA, came out blank
        through LibreOffice); the square is drawn smaller than the text."""
        summary = "- one\n  - two\n    - three\n"
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=summary))
        numbering = ElementTree.fromstring(package_part(data, "word/numbering.xml"))
        bullets = [
            abstract
            for abstract in numbering.iter(f"{W}abstractNum")
            if any(f.get(f"{W}val") == "bullet" for f in abstract.iter(f"{W}numFmt"))
            and any(t.get(f"{W}val") == "\u2022" for t in abstract.iter(f"{W}lvlText"))
        ]
        assert bullets
        levels = list(bullets[-1].iter(f"{W}lvl"))[:3]
        marks = [text.get(f"{W}val") for lvl in levels if (text := lvl.find(f"{W}lvlText")) is not None]
        assert marks == ["\u2022", "\u25e6", "\u25a0"]
        assert not EMOJI_SHAPES & set("".join(marks))
        size = levels[2].find(f"{W}rPr/{W}sz")
        assert size is not None
        assert int(size.get(f"{W}val") or 0) < 21


class TestCodeBlocksOnPaper:
    """A code block that fits on a page is printed on one page."""

    def test_a_short_blocks_lines_are_kept_together(self) -> None:
        """Each line of a five-line block but the last is kept with the next (a four-line diagram
        was split two and two across a page break); a block of 30 lines may break."""
        summary = "```\n" + "\n".join(f"short {k}" for k in range(5)) + "\n```\n\n```\n"
        summary += "\n".join(f"long {k}" for k in range(30)) + "\n```"
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        kept = {
            paragraph_text(p): p.find(f"{W}pPr/{W}keepNext") is not None
            for p in root.iter(f"{W}p")
            if paragraph_text(p).startswith(("short", "long"))
        }
        assert [kept[f"short {k}"] for k in range(5)] == [True, True, True, True, False]
        assert not any(kept[f"long {k}"] for k in range(30))

    def test_a_long_lines_rest_is_indented(self) -> None:
        """Every line of a code block has a hanging indent: what wraps goes on further in than the
        line's start, inside the same box (the rest of a long log line started at the box's edge,
        read as a line of its own). The Code Block style says the same for a user's own paragraphs."""
        summary = "```\none\ntwo\n```"
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=summary))
        code = [p for p in document_xml(data).iter(f"{W}p") if paragraph_text(p) in ("one", "two")]
        indents = [p.find(f"{W}pPr/{W}ind") for p in code]
        assert [(i.get(f"{W}left"), i.get(f"{W}hanging")) for i in indents if i is not None] == [("570", "400")] * 2
        styles = ElementTree.fromstring(package_part(data, "word/styles.xml"))
        style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "CodeBlock")
        indent = style.find(f"{W}pPr/{W}ind")
        assert indent is not None
        assert (indent.get(f"{W}left"), indent.get(f"{W}hanging")) == ("570", "400")

    @pytest.mark.slow
    def test_libreoffice_indents_a_wrapped_lines_rest(self, tmp_path: Path) -> None:
        """In LibreOffice's PDF, the words a long log line wraps onto start about four characters
        further in than its first word; the next line starts where the first did."""
        soffice = require_soffice()
        pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
        log = "2026-10-13T14:22:07Z ERROR " + " ".join(f"w{k:02d}_wrapped" for k in range(30))
        summary = f"```\n{log}\nnext-line\n```"
        source = tmp_path / "code.docx"
        source.write_bytes(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        bbox = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        words = {
            word: (float(left), float(top))
            for left, top, word in re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]+)</word>', bbox)
        }
        start = words["2026-10-13T14:22:07Z"]
        wrapped = [words[f"w{k:02d}_wrapped"] for k in range(30)]
        continued = [left for left, top in wrapped if top > start[1] + 2]
        assert continued, "the long line did not wrap"
        # Each continuation line's first word stands 3 to 6 characters (at 9 pt, about 5.4 pt each) in.
        firsts = {}
        for left, top in wrapped:
            if top > start[1] + 2:
                firsts[round(top)] = min(left, firsts.get(round(top), left))
        for left in firsts.values():
            assert 15 < left - start[0] < 35
        assert abs(words["next-line"][0] - start[0]) < 1


def footnotes_of(data: bytes) -> dict[str, str]:
    """The report's own footnotes (no separators): id -> text."""
    root = ElementTree.fromstring(package_part(data, "word/footnotes.xml"))
    return {
        str(note.get(f"{W}id")): paragraph_text(note)
        for note in root.iter(f"{W}footnote")
        if note.get(f"{W}type") in (None, "normal")
    }


def references_of(data: bytes) -> list[str]:
    """The ids of the body's footnote references, in order."""
    return [str(ref.get(f"{W}id")) for ref in document_xml(data).iter(f"{W}footnoteReference")]


NOTES = attrs.evolve(
    sample_incident(),
    summary="The gauge read low.[^1] Again, low.[^1]\n\n[^1]: Read at the [panel](https://panel.example/7).",
    sections=(
        postmortem.model.Section(
            "Valve", "The valve stuck.[^1]\n\n[^1]: Seen on the camera.\n\n[^9]: Nobody cites me."
        ),
    ),
)


class TestFootnotes:
    """``[^1]`` and ``[^1]: ...`` are Word's own footnotes, at the foot of the reference's page.

    They were a superscript link to a bookmark on a numbered paragraph left where the author
    wrote it (an endnote in the middle of the report, not a footnote Word knows).
    """

    def test_a_reference_is_a_word_footnote(self) -> None:
        """The summary's first reference is a ``w:footnoteReference`` to a note in the footnotes
        part holding the note's text in the Note Text style; the note is no body paragraph, and
        no ``[^`` is left anywhere."""
        data = DocxExporter().render(NOTES)
        notes = footnotes_of(data)
        refs = references_of(data)
        assert [notes[ref] for ref in refs] == ["Read at the panel.", "Seen on the camera."]
        body = [paragraph_text(p) for p in document_xml(data).iter(f"{W}p")]
        assert not [t for t in body if "Read at the panel" in t or "Seen on the camera" in t or "[^" in t]
        footnotes = ElementTree.fromstring(package_part(data, "word/footnotes.xml"))
        styles = {s.get(f"{W}val") for s in footnotes.iter(f"{W}pStyle")}
        assert styles == {"NoteText"}
        separators = [n.get(f"{W}type") for n in footnotes.iter(f"{W}footnote") if n.get(f"{W}type")]
        assert separators == ["separator", "continuationSeparator"]

    def test_the_package_declares_the_part(self) -> None:
        """The footnotes part is related from the main part and has its content type; the
        settings name the separator notes, as Word writes them."""
        data = DocxExporter().render(NOTES)
        assert "relationships/footnotes" in package_part(data, "word/_rels/document.xml.rels")
        assert (
            'PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.footnotes+xml"' in package_part(data, "[Content_Types].xml")
        )
        settings = ElementTree.fromstring(package_part(data, "word/settings.xml"))
        names = [child.tag.rpartition("}")[2] for child in settings]
        assert names.index("footnotePr") < names.index("compat")
        assert [f.get(f"{W}id") for f in settings.iter(f"{W}footnote")] == ["-1", "0"]

    def test_a_link_in_a_note_is_related_from_the_footnotes_part(self) -> None:
        """A note's link has its relationship in the footnotes part's own relationships (an id of
        the main part's would point nowhere there)."""
        data = DocxExporter().render(NOTES)
        assert "https://panel.example/7" in package_part(data, "word/_rels/footnotes.xml.rels")
        assert "https://panel.example/7" not in package_part(data, "word/_rels/document.xml.rels")

    def test_a_later_reference_shows_the_notes_number(self) -> None:
        """The second reference to the summary's note is a NOTEREF field to a bookmark on its
        first reference (Word has one footnote per reference), showing its number."""
        root = document_xml(DocxExporter().render(NOTES))
        fields = [f for f in root.iter(f"{W}fldSimple") if "NOTEREF" in (f.get(f"{W}instr") or "")]
        assert [(f.get(f"{W}instr"), paragraph_text(f)) for f in fields] == [(" NOTEREF _NoteRef1 \\f \\h ", "1")]
        marks = [b.get(f"{W}name") for b in root.iter(f"{W}bookmarkStart")]
        assert "_NoteRef1" in marks

    def test_a_note_no_one_cites_stays_where_it_is_written(self) -> None:
        """``[^9]`` is cited nowhere: it is no footnote (nothing would number it) but a numbered
        paragraph in its section, as before."""
        data = DocxExporter().render(NOTES)
        assert "Nobody cites me." not in footnotes_of(data).values()
        body = [paragraph_text(p) for p in document_xml(data).iter(f"{W}p")]
        assert "3Nobody cites me." in body

    def test_a_note_citing_a_note_holds_no_footnote(self) -> None:
        """A note that cites another note shows that note's number in its text: Word has no
        footnote inside a footnote. A reference in a table cell and in an action item is a
        footnote like any other."""
        incident = attrs.evolve(
            sample_incident(),
            summary="Low.[^1] High.[^2]\n\n[^1]: Read at the panel, see also[^2].\n\n[^2]: Camera.",
        )
        data = DocxExporter().render(incident)
        footnotes = ElementTree.fromstring(package_part(data, "word/footnotes.xml"))
        assert list(footnotes.iter(f"{W}footnoteReference")) == []
        assert sorted(footnotes_of(data).values()) == ["Camera.", "Read at the panel, see also2."]
        item = attrs.evolve(incident.action_items[0], description="Fix the gauge.[^2]")
        data = DocxExporter().render(attrs.evolve(incident, action_items=(item, *incident.action_items[1:])))
        assert len(references_of(data)) == 2
        assert [f for f in document_xml(data).iter(f"{W}fldSimple") if "NOTEREF" in (f.get(f"{W}instr") or "")]

    def test_no_notes_no_footnotes_part(self) -> None:
        """A report without notes gets no footnotes part."""
        with zipfile.ZipFile(io.BytesIO(DocxExporter().render(sample_incident()))) as package:
            assert "word/footnotes.xml" not in package.namelist()

    def test_a_reference_documents_footnotes_part_is_kept_without_its_notes(self, tmp_path: Path) -> None:
        """A reference document with footnotes of its own (here a report exported with notes) keeps
        its one footnotes part and separators; its notes, of the body the export discards, are
        left out, and the report's notes are the only ones, each id once."""
        reference = tmp_path / "reference.docx"
        reference.write_bytes(
            DocxExporter().render(attrs.evolve(sample_incident(), summary="Old.[^1]\n\n[^1]: OLD NOTE."))
        )
        data = DocxExporter(reference_document=str(reference)).render(NOTES)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            assert package.namelist().count("word/footnotes.xml") == 1
        notes = footnotes_of(data)
        assert sorted(notes.values()) == ["Read at the panel.", "Seen on the camera."]
        assert [notes[ref] for ref in references_of(data)] == ["Read at the panel.", "Seen on the camera."]
        footnotes = ElementTree.fromstring(package_part(data, "word/footnotes.xml"))
        ids = [n.get(f"{W}id") for n in footnotes.iter(f"{W}footnote")]
        assert len(ids) == len(set(ids)) == 4
        settings = ElementTree.fromstring(package_part(data, "word/settings.xml"))
        assert len(list(settings.iter(f"{W}footnotePr"))) == 1

    @pytest.mark.slow
    def test_libreoffice_prints_the_note_at_the_foot_of_its_page(self, tmp_path: Path) -> None:
        """LibreOffice reads the footnotes: in its PDF the summary's note is printed below the
        summary on the same page, near the page's foot, after a reference number."""
        soffice = require_soffice()
        pdftotext = require_tool("pdftotext", install="apt-get install poppler-utils")
        source = tmp_path / "notes.docx"
        source.write_bytes(DocxExporter().render(NOTES))
        (pdf,) = convert(soffice, [source], "pdf", tmp_path / "out", tmp_path / "profile")
        bbox = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        pages = bbox.split("<page ")[1:]
        found = {}
        for index, page in enumerate(pages):
            height = float(re.search(r'height="([\d.]+)"', page).group(1))  # type: ignore[union-attr]
            for word in ("gauge", "panel.", "camera."):
                hit = re.search(rf'yMin="([\d.]+)"[^>]*>{re.escape(word)}</word>', page)
                if hit and word not in found:
                    found[word] = (index, float(hit.group(1)) / height)
        assert found["gauge"][0] == found["panel."][0]
        assert found["panel."][1] > max(0.8, found["gauge"][1])
        assert found["camera."][1] > 0.8


class TestRightToLeftLists:
    """The report's own lists (lessons, what went well, ...) in a right-to-left script."""

    def test_a_right_to_left_item_is_a_right_to_left_paragraph(self) -> None:
        """An Arabic lesson's bullet paragraph has ``w:bidi`` (its bullet on the right, its full
        stop at its end), an English one none; such items were left to right."""
        incident = attrs.evolve(sample_incident(), lessons_learned=("تعطلت الخدمة لمدة ساعة.", "The pager worked."))
        root = document_xml(DocxExporter().render(incident))
        bullets = {
            paragraph_text(p): p.find(f"{W}pPr/{W}bidi") is not None
            for p in root.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}pStyle[@{W}val='ListBullet']") is not None
        }
        assert bullets["تعطلت الخدمة لمدة ساعة."] is True
        assert bullets["The pager worked."] is False


class TestProseHeadings:
    """Headings written in prose keep their depth under the report's own headings."""

    def test_each_level_its_own_heading_style(self) -> None:
        """``#`` is Heading 2 (under the section's Heading 1), ``##`` Heading 3, down to Heading 5,
        as the HTML makes them h3 to h6 (every level came out as Heading 2)."""
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=HEADINGS))
        assert heading_styles(data) == {
            "One": "Heading2",
            "Two": "Heading3",
            "Three": "Heading4",
            "Four": "Heading5",
            "Five": "Heading5",
            "Six": "Heading5",
        }

    def test_a_field_from_level_three_starts_at_heading_2(self) -> None:
        """``###`` and ``#####`` in a field are Heading 2 and 3, by rank (they were Heading 4 and
        5, as if the field's outline started two levels down), as the HTML makes them h3 and h4."""
        summary = "### One\n\nText.\n\n##### Two\n\nMore.\n\n### Three"
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=summary))
        assert heading_styles(data) == {"One": "Heading2", "Two": "Heading3", "Three": "Heading2"}

    def test_deeper_headings_are_bold_ink_and_never_smaller_than_the_text(self) -> None:
        """Heading 3 to 5 are bold, upright, not the template's theme blue, at least the text's size."""
        data = DocxExporter().render(attrs.evolve(sample_incident(), summary=HEADINGS))
        styles = ElementTree.fromstring(package_part(data, "word/styles.xml"))
        by_id = {style.get(f"{W}styleId"): style for style in styles.iter(f"{W}style")}

        def size(style: ElementTree.Element) -> int:
            found = style.find(f"{W}rPr/{W}sz")
            assert found is not None
            return int(found.get(f"{W}val") or 0)

        text_size = size(by_id["Normal"])
        for name in ("Heading3", "Heading4", "Heading5"):
            run = by_id[name].find(f"{W}rPr")
            assert run is not None
            assert run.find(f"{W}b") is not None
            italic = run.find(f"{W}i")
            assert italic is None or italic.get(f"{W}val") in ("0", "false")
            color = run.find(f"{W}color")
            assert color is not None
            assert color.get(f"{W}themeColor") is None
            assert color.get(f"{W}val") in ("111827", "4B5563")
            assert size(by_id[name]) >= text_size

    def test_reference_document_without_deep_headings_uses_its_deepest(self, tmp_path: Path) -> None:
        """A reference document that defines Heading 1 to 3 only gets Heading 3 for the deeper levels."""
        import docx

        reference = docx.Document()
        for level in range(4, 10):
            for name in (f"Heading {level}", f"Heading {level} Char"):
                element = reference.styles[name].element
                element.getparent().remove(element)
        path = tmp_path / "company.docx"
        reference.save(str(path))
        exporter = DocxExporter(reference_document=str(path))
        data = exporter.render(attrs.evolve(sample_incident(), summary=HEADINGS))
        assert heading_styles(data) == {
            "One": "Heading2",
            "Two": "Heading3",
            "Three": "Heading3",
            "Four": "Heading3",
            "Five": "Heading3",
            "Six": "Heading3",
        }


class TestTableColumns:
    """A table written in prose gets columns as wide as what they hold."""

    def test_widths_follow_the_content_and_fill_the_text_width(self) -> None:
        """The column of one-letter steps is narrower than those of phrases, the header word
        "Recommendations" (15 bold letters of 9 pt, about 1,800 twips with the cell's margins)
        fits its column, and the columns fill the text width (all were equal: 2,409 twips each)."""
        worksheet = (
            "| Step | What was checked | What was found | Recommendations |\n"
            "|---|---|---|---|\n"
            "| A | The valve schedule against the plant drawings | Two valves swapped on the drawing | F1, F2 |\n"
            "| B | The alarm list on the night shift's screen | The level alarm sorted below the door alarms | F3 |\n"
        )
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=worksheet)))
        table = next(t for t in root.iter(f"{W}tbl") if "Recommendations" in paragraph_text(t))
        widths = [int(col.get(f"{W}w") or 0) for col in table.iter(f"{W}gridCol")]
        cells = [int(w.get(f"{W}w") or 0) for w in next(table.iter(f"{W}tr")).iter(f"{W}tcW")]
        assert cells == widths
        step, checked, found, recommendations = widths
        assert step < checked
        assert step < found
        assert recommendations >= 1800
        assert sum(widths) == 9638  # A4 less 2 cm margins


class TestRightToLeft:
    """A paragraph written in a right-to-left script reads right to left in Word."""

    def test_paragraph_direction_follows_its_first_letter(self) -> None:
        """Paragraphs, list items, headings and table cells whose first letter is Arabic or Hebrew
        are right-to-left paragraphs (``w:bidi``); English ones with an Arabic quote and code
        blocks are not (every paragraph was left-to-right: Arabic stood left-aligned, its full
        stop and bullet on the wrong side)."""
        summary = (
            "تعذر إتمام الدفع لبعض العملاء.\n\n"
            "The banner said «تعذر إتمام الدفع» for an hour.\n\n"
            "- الخطوة الأولى\n- The second step\n\n"
            "## שלב שני\n\n"
            "| المنطقة | Rate |\n|---|---|\n| الشرق الأوسط | 38% |\n\n"
            "```\nتعذر\n```\n"
        )
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        direction = {}
        for paragraph in root.iter(f"{W}p"):
            properties = paragraph.find(f"{W}pPr")
            bidi = properties is not None and properties.find(f"{W}bidi") is not None
            direction.setdefault(paragraph_text(paragraph), bidi)
        assert direction["تعذر إتمام الدفع لبعض العملاء."] is True
        assert direction["The banner said «تعذر إتمام الدفع» for an hour."] is False
        assert direction["الخطوة الأولى"] is True
        assert direction["The second step"] is False
        assert direction["שלב שני"] is True
        assert direction["المنطقة"] is True
        assert direction["الشرق الأوسط"] is True
        assert direction["Rate"] is False
        assert direction["تعذر"] is False  # code reads left to right

    def test_bidi_sits_in_schema_order(self) -> None:
        """``w:bidi`` comes after the numbering and a quotation's border, and before the indentation
        (Word refuses a file whose paragraph properties are out of order)."""
        summary = "- بند\n\n> اقتباس\n"
        root = document_xml(DocxExporter().render(attrs.evolve(sample_incident(), summary=summary)))
        orders = []
        for properties in root.iter(f"{W}pPr"):
            names = [child.tag.removeprefix(W) for child in properties]
            if "bidi" in names:
                orders.append(names)
        assert ["pStyle", "numPr", "bidi"] in orders
        assert ["pStyle", "pBdr", "bidi", "ind"] in orders


class TestBodyFont:
    """The text is set in a sans-serif, as in the HTML and the PDF."""

    def test_text_font_is_named_not_the_theme_serif(self) -> None:
        """The document's default font is Calibri by name: the template's theme gave Cambria (a
        serif) to everything but headings, and Word prefers a theme font to a named one."""
        data = DocxExporter().render(sample_incident())
        styles = ElementTree.fromstring(package_part(data, "word/styles.xml"))
        fonts = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        assert fonts is not None
        assert fonts.get(f"{W}ascii") == "Calibri"
        assert fonts.get(f"{W}hAnsi") == "Calibri"
        assert fonts.get(f"{W}asciiTheme") is None
        assert fonts.get(f"{W}hAnsiTheme") is None
        normal = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
        assert normal.find(f"{W}rPr/{W}rFonts") is None


@pytest.mark.slow
@pytest.mark.needs_tool("soffice")
class TestLibreOfficeReadsWordObjects:
    """LibreOffice opens the DOCX and finds a list, a table and a hyperlink, as objects."""

    def test_odt_has_list_table_and_link(self, tmp_path: Path) -> None:
        """Converted to ODT: the list is text:list (nested), the table table:table, the link text:a, the code its style."""
        soffice = require_soffice()
        source = tmp_path / "prose.docx"
        DocxExporter().write(incident(), source)
        (odt,) = convert(soffice, [source], "odt", tmp_path / "out", tmp_path / "profile")
        with zipfile.ZipFile(odt) as package:
            content = ElementTree.fromstring(package.read("content.xml"))

        def text_of(element: ElementTree.Element) -> str:
            return " ".join("".join(element.itertext()).split())

        parents = {child: parent for parent in content.iter() for child in parent}

        def list_depth(text: str) -> int:
            """How many text:list elements hold the paragraph with ``text``."""
            paragraph = next(p for p in content.iter(f"{TEXT}p") if text_of(p) == text)
            depth, node = 0, paragraph
            while node in parents:
                node = parents[node]
                depth += node.tag == f"{TEXT}list"
            return depth

        assert list_depth("Roll back the release") == 1
        assert list_depth("drain the canary pods") == 2
        assert list_depth("Verify saves") == 1
        tables = [" ".join(text_of(p) for p in t.iter(f"{TEXT}p")) for t in content.iter(f"{TABLE}table")]
        assert any("public-api 31%" in t for t in tables)
        links = [(a.get(f"{XLINK}href"), text_of(a)) for a in content.iter(f"{TEXT}a")]
        assert ("https://grafana.example.com/d/saves", "the dashboard") in links
        # The code block keeps its paragraph style (LibreOffice writes "Code Block" as Code_20_Block;
        # the last line's space after it makes an automatic style based on it).
        code = next(p for p in content.iter(f"{TEXT}p") if text_of(p).startswith("SELECT count(*)"))
        style_ns = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
        based_on = {
            s.get(f"{style_ns}name"): s.get(f"{style_ns}parent-style-name") for s in content.iter(f"{style_ns}style")
        }
        name = code.get(f"{TEXT}style-name")
        assert "Code_20_Block" in (name, based_on.get(name))
