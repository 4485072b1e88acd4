"""The Jinja2 environments behind the Markdown and HTML exporters.

Templates are package data under ``postmortem/templates/``. A user's directories come first
in a chain of loaders, so a file there named like one of ours replaces it, and a template
that ``{% extends %}`` ours can replace single blocks.

Incident text only ever reaches templates as data: it is escaped for the output format and
never compiled as a template. Templates from a user's directories run in Jinja2's immutable
sandbox.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from postmortem import presentation
from postmortem.model import EXACT_TIME, Incident, TimeAccuracy

if TYPE_CHECKING:
    import jinja2

__all__ = ["environment", "md_block", "md_cell", "md_heading", "md_inline", "template_context", "yaml_string"]

# Characters that can start or end Markdown syntax in a line (CommonMark, GFM, and pandoc's and
# GitHub's extensions); _escape decides for each whether it needs a backslash where it stands.
_MD_INLINE = re.compile(r"([\\`*_\[\]<#|~&!$^=+{])")
_MD_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(://)|\b(www)\.")
_MD_LINE_START = re.compile(r"^(\s*)([-+*>]|\d+[.)])")
_MD_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _needs_escape(text: str, index: int, *, whole: bool) -> bool:  # noqa: PLR0911  (one answer per character)
    r"""Whether the character at ``index`` could be read as syntax if written as it is.

    A backslash that a reader's renderer does not take away shows (``bulk\_save``), so only a
    character that could open or close something gets one. ``whole`` says that the text is all
    of its line: its ends are the line's, and a delimiter alone in it has nothing to pair with.
    Otherwise whatever the writer puts next to it is unknown, and an end is taken to touch syntax.
    """
    char = text[index]
    edge = " " if whole else ""
    before = text[index - 1] if index else edge
    after = text[index + 1] if index + 1 < len(text) else edge
    if char in "`[]|":
        return True
    if char == "\\":
        # A backslash escapes only the ASCII punctuation after it; at the end it meets the next
        # piece (a cell's pipe, a line break).
        return index + 1 == len(text) or after in _ASCII_PUNCTUATION
    if char in "#{":
        return index == 0  # a heading; pandoc's attributes after a code span or link
    if char == "<":
        return not after or after.isalpha() or after in "/!?"  # a tag, a comment, an autolink
    if char == "&":
        return _MD_ENTITY.match(text, index) is not None
    if char == "!":
        return not after  # an image, before a link the writer adds
    if char in "=+":
        return index == 0 or char in (before, after)  # a setext underline; ==mark==, ++insert++
    # * _ ~ $ ^: emphasis, strikethrough, math, superscript. Between two spaces none can open or
    # close; an underscore inside a word cannot either; alone in the whole line, none has a pair.
    if index == 0:
        return not (whole and text.count(char) == 1)  # a thematic break (_ _ _), a fence (~~~)
    if before.isspace() and after.isspace():
        return False
    if char == "_" and before.isalnum() and after.isalnum():
        return False
    return not (whole and text.count(char) == 1)


_MD_CLOSING_HASHES = re.compile(r"(?<=\s)#+\s*\Z")


def md_heading(text: object) -> str:
    r"""Escape text for the rest of a heading's line (after ``## ``).

    A list marker is no list there (``4. What was learned`` needs no ``4\.``), but a run of
    ``#`` at the end would be read as the heading's closing sequence and dropped.
    """
    value = md_inline(text, line_start=False)
    return _MD_CLOSING_HASHES.sub(lambda m: "\\" + m.group(), value)


# Characters YAML reads as line breaks inside a quoted string (YAML 1.1), and the byte order mark:
# written escaped, so a front matter value reads back as it was.
# What YAML does not allow in a stream at all (DEL, C1 controls, surrogates, U+FFFE/U+FFFF).
_YAML_UNPRINTABLE = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_YAML_BREAKS = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def yaml_string(text: object) -> str:
    r"""Text as a double-quoted YAML string, other scripts and punctuation as written.

    JSON's string syntax is YAML's double-quoted one; Jinja's ``tojson`` also escapes ``'``,
    ``<``, ``>`` and ``&`` for HTML and, with every non-ASCII character, made a front matter
    title ``Master\u0027s remarks \u2014 ...`` for anyone reading the file.
    """
    import json  # noqa: PLC0415

    value = json.dumps(str(text), ensure_ascii=False)
    for character, escape in _YAML_BREAKS.items():
        value = value.replace(character, escape)
    return _YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)


def md_inline(text: object, *, autolinks: bool = False, whole: bool = False, line_start: bool = True) -> str:
    """Escape text for use inside a Markdown line: no emphasis, links, HTML or headings.

    Only what could be read as syntax where it stands gets a backslash (``bulk_save_v2`` and
    ``#incident`` stay as they are): some renderers show every backslash. Line breaks become
    spaces; use :func:`md_block` for multi-paragraph text.

    Args:
        text: The text.
        autolinks: Leave ``://`` and ``www.`` as they are. Only for a link's label, where
            GitHub's autolinking does not act (a link holds no other link); elsewhere a bare
            URL in incident text would become a link, so the slashes are escaped there.
        whole: The text is the whole of its line (a table cell of one line, a paragraph of one
            line), with nothing written before or after it.
        line_start: The text may start a line, where ``-``, ``+``, ``*``, ``>`` and ``1.`` start a
            list or a quote (False after a heading's ``## ``).
    """
    value = presentation.clean_text(str(text)).replace("\n", " ").replace("\t", " ").lstrip()
    value = _MD_INLINE.sub(
        lambda m: "\\" + m.group() if _needs_escape(m.string, m.start(), whole=whole) else m.group(), value
    )
    if not autolinks:
        value = _MD_AUTOLINK.sub(lambda m: ":\\/\\/" if m.group(1) else "www\\.", value)
    return _MD_LINE_START.sub(_escape_line_start, value) if line_start else value


def _escape_line_start(match: re.Match[str]) -> str:
    # "1." or "2)" starts an ordered list: escape the punctuation, not the digits (a
    # backslash before a digit is not an escape in CommonMark and would show).
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def md_cell(text: object) -> str:
    """Escape text for a GitHub-flavoured table cell; line breaks become ``<br>``."""
    lines = [line for line in presentation.clean_text(str(text)).split("\n") if line.strip()]
    return "<br>".join(md_inline(line, whole=len(lines) == 1) for line in lines) or " "


def md_block(text: object) -> str:
    """Escape multi-paragraph text; paragraphs stay paragraphs, nothing becomes syntax."""
    out = []
    for paragraph in presentation.paragraphs(str(text)):
        # A line ending in two spaces or a backslash would be a hard break; keep lines plain.
        lines = paragraph.split("\n")
        out.append("\n".join(md_inline(line, whole=len(lines) == 1) for line in lines))
    return "\n\n".join(out)


def _md_link(text: object, url: str | None) -> str:
    if presentation.is_safe_url(url):
        assert url is not None
        # A | would end a table cell even inside <...>; browsers send it as %7C anyway.
        destination = url.strip().replace("<", "%3C").replace(">", "%3E").replace("|", "%7C")
        return f"[{md_inline(text, autolinks=True)}](<{destination}>)"
    return md_inline(text)


def _md_url(url: str | None) -> str:
    """A URL shown as itself: ``[https://...](<https://...>)``, its label not escaped.

    (Not an autolink ``<https://...>``: the Markdown importer reads a link in a cell back.)
    """
    return _md_link(url or "", url)


def _field(incident: Incident, path: str) -> Any:
    """The value at a dotted field path such as ``narrative.resolution``."""
    value: Any = incident
    for name in path.split("."):
        value = getattr(value, name)
    return value


def template_context(
    incident: Incident,
    *,
    include_empty: bool = False,
    asset_dir: str | os.PathLike[str] | None = None,
    today: date | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """The variables every incident template receives.

    Prose fields are Markdown (or plain text when the incident says so): templates render them
    with ``prose`` (HTML blocks), ``prose_inline`` (a cell or list item), ``prose_link`` (a
    cell that links elsewhere), and ``md_prose``, ``md_prose_item``, ``md_prose_cell`` and
    ``md_prose_link`` for Markdown output.

    Args:
        incident: The incident.
        include_empty: Show empty sections (marked as not written) instead of leaving them out.
        asset_dir: The folder images in prose may be read from; ``None`` reads no file.
        today: The day overdue action items are judged against
            (:func:`postmortem.presentation.rendering_date` when ``None``).
        **extra: More variables for the template.
    """
    tz = incident.timezone
    day = presentation.rendering_date(today)
    overdue_items = [item for item in incident.action_items if item.is_overdue(day)]

    def when(value: Any, with_date: bool = True, accuracy: TimeAccuracy = EXACT_TIME) -> str:
        return presentation.format_time(value, tz, with_date=with_date, with_zone=with_date, accuracy=accuracy)

    timeline = incident.ordered_timeline
    days = {presentation.format_time(event.time, tz, with_zone=False)[:10] for event in timeline}
    one_day = ""
    if len(days) == 1:
        # One calendar day: the table heading carries the date and zone, rows only the clock.
        date_text, *_clock, zone = presentation.format_time(timeline[0].time, tz).split(" ")
        one_day = f"{date_text}, {zone}"
    from markupsafe import Markup  # noqa: PLC0415

    from postmortem import markup  # noqa: PLC0415

    prose_markup = str(incident.markup)
    # Footnotes are numbered as the template reaches them, so every rendering gets its own count.
    notes = markup.gather_footnotes(markup.prose_texts(incident), prose_markup)

    def prose(value: object) -> Markup:
        return Markup(markup.to_html(str(value or ""), prose_markup, asset_dir=asset_dir, footnotes=notes))  # noqa: S704  (escaped inside)

    def prose_inline(value: object) -> Markup:
        html = markup.to_inline_html(str(value or ""), prose_markup, asset_dir=asset_dir, footnotes=notes)
        return Markup(html)  # noqa: S704  (escaped inside)

    def direction(*values: object) -> Markup:
        """`` dir="rtl"`` when every value (a list item's prose) reads right to left, else nothing."""
        # Text with no right-to-left letter at all is not parsed (a long timeline's every cell).
        if not values or not all(markup.maybe_right_to_left(str(value or "")) for value in values):
            return Markup()
        firsts = [markup.tree(str(value or ""), prose_markup).children[:1] for value in values]
        rtl = bool(firsts) and all(first and markup.right_to_left(first[0]) for first in firsts)
        return Markup(' dir="rtl"') if rtl else Markup()

    def text_direction(*values: object) -> Markup:
        """`` dir="rtl"`` when plain text (a name, a title; several joined by commas) reads right to left.

        Explicit rather than ``dir="auto"``: WeasyPrint (the PDF) knows only ``ltr`` and ``rtl``.
        """
        return Markup(' dir="rtl"') if markup.text_right_to_left(" ".join(str(v or "") for v in values)) else Markup()

    def prose_link(value: object, url: str | None) -> Markup:
        if not url or not markup.is_safe_link(url) or not presentation.is_safe_url(url):
            return prose_inline(value)
        from markupsafe import escape  # noqa: PLC0415

        label = markup.to_inline_html(str(value or ""), prose_markup, asset_dir=asset_dir, links=False)
        return Markup(f'<a href="{escape(url.strip())}" rel="noopener noreferrer">{label}</a>')  # noqa: S704  (escaped)

    return {
        "incident": incident,
        "prose": prose,
        "plain": lambda value: markup.to_plain_text(str(value or ""), prose_markup, footnotes=notes),
        "prose_inline": prose_inline,
        "prose_link": prose_link,
        "direction": direction,
        "text_direction": text_direction,
        "md_prose": lambda value: markup.to_markdown(str(value or ""), prose_markup, footnotes=notes),
        "md_prose_item": lambda value: markup.to_markdown_item(str(value or ""), prose_markup, footnotes=notes),
        "md_prose_cell": lambda value: markup.to_markdown_cell(str(value or ""), prose_markup, footnotes=notes),
        "md_prose_link": lambda value, url: markup.to_markdown_link(
            str(value or ""), url, prose_markup, footnotes=notes
        ),
        "timeline_one_day": one_day,
        "sections": list(presentation.sections(incident, include_empty=include_empty)),
        "metrics": presentation.key_metrics(incident),
        "metrics_known": presentation.any_key_metric_known(incident),
        "milestones": list(incident.milestones.items()),
        "milestone_rows": presentation.milestone_rows(incident),
        "impact_duration": presentation.impact_duration(incident),
        "chart_caption": presentation.chart_caption(incident),
        "impact_windows": presentation.impact_windows(incident),
        "timeline": timeline,
        "timeline_columns": presentation.timeline_columns(incident),
        "include_empty": include_empty,
        "is_empty": lambda key: presentation.section_is_empty(incident, key),
        "subsections": lambda key: presentation.subsections(incident, key),
        "field": lambda path: _field(incident, path),
        "columns": presentation.COLUMNS,
        "labels": presentation.LABELS,
        "share": presentation.format_share,
        "action_label": presentation.action_item_label,
        "today": day,
        "overdue": lambda item: presentation.overdue_mark(item, day),
        "overdue_note": presentation.overdue_note(day) if overdue_items else "",
        "triggers": [factor for factor in incident.contributing_factors if factor.trigger],
        "when": when,
        "duration": presentation.format_duration,
        "duration_runs": presentation.duration_runs,
        "paragraphs": presentation.paragraphs,
        "safe_url": presentation.is_safe_url,
        "severity_label": presentation.severity_label,
        **extra,
    }


def _whole_codes(text: object) -> Any:
    """Text cleaned as ``clean`` cleans it, as HTML in which no short code breaks at its hyphen."""
    from markupsafe import Markup  # noqa: PLC0415

    from postmortem.markup import text_html  # noqa: PLC0415  (only HTML titles need it)

    return Markup(text_html(presentation.clean_text(str(text))))  # noqa: S704  (text_html escapes it)


# A table row is kept on one page up to about this many lines of its widest-written cell;
# a taller one may run on over a page break (the DOCX report keeps rows whole to 15 lines of
# its smaller table text). Kept whole, an action item of 28 lines went to the next page with
# the heading above it and left a third of the page before empty.
_TALL_ROW_LINES = 10
# Characters a line of the report's main table column holds on A4 (the action item's or the
# event's column, about 7 cm of 8.6 pt text); a phone's card holds fewer, a wide screen more.
_CELL_LINE = 40


def _tall_row(*texts: object) -> bool:
    """True for a table row whose texts (paragraphs of one cell) take over :data:`_TALL_ROW_LINES` lines."""
    lines = 0
    for text in texts:
        for paragraph in str(text or "").split("\n\n"):
            if paragraph.strip():
                lines += -(-len(paragraph) // _CELL_LINE)
    return lines > _TALL_ROW_LINES


def environment(kind: str, template_dirs: Sequence[str | os.PathLike[str]] = ()) -> jinja2.Environment:
    """Return the environment for ``kind`` (``"markdown"`` or ``"html"``), built once per directory list.

    Jinja2 compiles each template once per environment and checks user files for changes
    on later use, so reusing the environment keeps rendering fast without going stale.

    Args:
        kind: Which output the templates produce; HTML environments autoescape.
        template_dirs: User directories searched before the package's templates.
    """
    return _environment(kind, tuple(os.fspath(d) for d in template_dirs))


@functools.lru_cache(maxsize=32)
def _environment(kind: str, template_dirs: tuple[str, ...]) -> jinja2.Environment:
    import jinja2  # noqa: PLC0415  (Jinja2 loads only when a template exporter runs)

    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(list(template_dirs))]
    loaders.append(jinja2.PackageLoader("postmortem", "templates"))
    environment_class: type[jinja2.Environment] = jinja2.Environment
    if template_dirs:
        # A template from a user's folder is someone else's code as far as rendering is
        # concerned (a shared folder, a downloaded theme): it runs sandboxed, so it can read
        # the incident and call our filters but not reach Python internals
        # (cycler.__init__.__globals__.os) or change the data it is given. Our own templates,
        # which such a template may extend, run in the same sandbox.
        from jinja2.sandbox import ImmutableSandboxedEnvironment  # noqa: PLC0415

        environment_class = ImmutableSandboxedEnvironment
    # Markdown escapes through our md filters; HTML autoescapes.
    env = environment_class(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=kind == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    filters: dict[str, Callable[..., Any]] = {
        "clean": lambda text: presentation.clean_text(str(text)),
        # Clean text as HTML with short hyphenated codes ("Lot SP-09") kept on one line.
        "whole_codes": _whole_codes,
        "md": md_inline,
        "md_heading": md_heading,
        "yaml_string": yaml_string,
        "md_cell": md_cell,
        "md_block": md_block,
        "md_link": _md_link,
        "md_url": _md_url,
        "duration": presentation.format_duration,
        "number": presentation.format_number,
        "measure": presentation.format_measure,
    }
    env.filters.update(filters)
    env.globals["md_link"] = _md_link
    # Printed, a table row stays on one page unless it is this tall (class "tall").
    env.globals["tall_row"] = _tall_row
    return env
