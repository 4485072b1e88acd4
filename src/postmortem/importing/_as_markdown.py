"""The document as the Markdown it stands for: every reader of another markup, in order."""

from __future__ import annotations

from postmortem.importing._markups import from_markup
from postmortem.importing._tool_markdown import from_pandoc_tables, from_toggles, tracker_dates

__all__ = ["as_markdown"]


def as_markdown(text: str) -> tuple[str, list[str]]:
    """The document as the Markdown it stands for, and a note for each markup read as Markdown.

    In order: another wiki's markup, toggles, an issue tracker's dates, LaTeX, pandoc's attributes and tables and
    reStructuredText grid tables; each keeps the document's lines where they were.
    """
    from postmortem.importing._board_export import board_exports  # noqa: PLC0415
    from postmortem.importing._csv_tables import csv_tables  # noqa: PLC0415
    from postmortem.importing._grid_tables import from_grid_tables  # noqa: PLC0415
    from postmortem.importing._label_lines import first_broken_label, label_lines  # noqa: PLC0415
    from postmortem.importing._latex import from_latex  # noqa: PLC0415
    from postmortem.importing._pandoc_attributes import without_pandoc_attributes  # noqa: PLC0415
    from postmortem.importing._plain_text import (  # noqa: PLC0415
        escaped_lists,
        quoted_replies,
        without_recording_offsets,
    )

    notes: list[str] = []
    markdown, markup = from_markup(text)
    if markup is not None:
        notes.append(f"{markup} headings, lists and tables read as Markdown")
    steps = (
        (from_toggles, "toggle list items ('- ▶ Timeline') read as headings, their content under them"),
        (tracker_dates, "an issue tracker's dates ('03/Mar/26') read as day, month and year"),
        (from_latex, "LaTeX sections, lists and tables read as Markdown"),
        (without_pandoc_attributes, "pandoc's attributes ('{#summary}', '[]{#_Toc1 .anchor}') left out"),
        (from_pandoc_tables, "pandoc's simple and multiline tables read as tables"),
        (from_grid_tables, "reStructuredText grid tables read as tables"),
        (label_lines, "bold label lines ('**Facility:** ...') kept a line each"),
        (quoted_replies, "the e-mail's quoted message ('> ...') read as the text it quotes"),
        (csv_tables, "CSV rows of timed events ('time,event,who') read as a table"),
        (board_exports, "a retro board's tab-separated export read as a section a board column, a card an item"),
        (without_recording_offsets, "a recording's offsets ('[00:00:09]') left out: they are no clock times"),
        (
            escaped_lists,
            "lines opening with an escaped list marker ('\\- ...', as Google Docs writes them) read as lists",
        ),
    )
    for step, note in steps:
        converted = step(markdown)
        if converted != markdown:
            if step is label_lines:  # the document's own label, not the example
                notes.append(note.replace("Facility", first_broken_label(markdown, converted)))
            else:
                notes.append(note)
            markdown = converted
    return markdown, notes
