"""Reading text as written: which line breaks end a sentence, and which words are not prose.

Post-mortem text is wrapped: YAML block scalars (the style of ``postmortem new``) and
Markdown paragraphs break lines wherever the author's editor did, so a line break inside a
paragraph is a space, not a sentence end. :func:`prose_view` returns a text of the same
length in which such *soft* breaks are spaces and the lines that are not the author's own
words are blanked; the detector reads that view, so every offset it reports is an offset
into the text as written.

A line break stays a break (ends a sentence) before a blank line, a list item (``-``, ``*``,
``+``, ``1.``), a heading (``#``), a timeline entry (a line opening with a time such as
``14:05`` or ``[14:05]``, or a date), a table row, a quote, a code fence; and after a
heading, a table row, a label ending in a colon, and a short title-like line (four words
or fewer, first in its paragraph, followed by a capitalised line: "Root cause" above a
paragraph). A text with no line that stops mid-sentence before a lower-case line is not
wrapped: one item per line, every break kept.

Not judged as the author's words: fenced code blocks, quoted chat logs (lines that open
with a time and a handle, ``14:02 <dave> ...``, ``[14:02] @dave: ...``, ``14:02 dave: ...``, also
after a list marker or with the time in bold or code, ``- 14:02 <dave> ...``, ``**14:02** dave:``),
a timeline event's description opening with a handle (``<dave> ...``, ``@dave: ...``), its time in
the event's own field (see :func:`chat_line_without_time`), ``>`` quotes (all blanked in the view, in
a text of one line too), and code spans, URLs and struck-through text (kept in the view, so that
the sentence around them still reads, but no finding may touch them: see :func:`excluded_spans`).

Only the reader knows how a text is read, but not where a text sits: a caller reading a timeline
event's description says so (``timeline_entry=True``; the incident's prose walker,
:func:`postmortem.checks._text.shared_timeline_flags`, tells which fields are).
"""

from __future__ import annotations

import functools
import re
from typing import Final

from postmortem.checks._blame._folding import lazy_compile

__all__ = ["chat_line_without_time", "excluded_spans", "prose_view"]

# A line that opens a new block: its line break before it is a hard one.
_BLOCK_START: Final = (
    r"(?:[-*+][ \t]|\d{1,3}[.)][ \t]|#|>|\||```|~~~|"
    r"\[?\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|[-=_*]{3,}[ \t]*$)"
)
# A line break between two lines of one paragraph: after a character that is not white
# space, before a line whose first character (after indentation) does not open a block.
# Led by the line break itself, so that the search skips other characters quickly.
_SOFT_BREAK_RE: Final = lazy_compile(r"\n(?<=\S\n)(?=[ \t]*(?!" + _BLOCK_START + r")\S)", re.MULTILINE)
# Lines whose own line break stays hard, each kind led by what is cheapest to find: labels
# ending in a colon; headings, table rows, quotes and fences; short title-like lines opening
# a paragraph and followed by a capitalised line.
_MARKED_LINE_RE: Final = lazy_compile(r"^([ \t]*(?:#|\||>|```|~~~)[^\n]*)\n", re.MULTILINE)
_TITLE: Final = r"([ \t]*[A-Z][^\s.!?]*(?:[ \t]+[^\s.!?]+){0,3}[ \t]*)\n(?=[ \t]*[A-Z\"“])"
_FIRST_TITLE_RE: Final = lazy_compile(_TITLE)
_TITLE_RE: Final = lazy_compile(r"\n\n" + _TITLE)
# Quoted chat logs and quotes: a time then a handle ("<dave>", "@dave:", "dave:"), or ">".
# Since round 9 the time may follow a list marker ("- 14:06 <dave> ...", "1. 14:06 dave: ...")
# and be set in bold or code ("**14:06** dave:", "`14:06` <dave>"), with a dash before the
# handle ("14:06 — dave: ..."): the shapes a chat excerpt takes when pasted into a list.
_TIME: Final = (
    r"(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+)?[*_`]{0,2}\[?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?\]?"
    r"[*_`]{0,2}[ \t]*(?:[—–-][ \t]*)?"
)
_HANDLE: Final = r"(?:<[^>\s]{1,40}>|@?[\w.\-]{1,40}:(?=[ \t]|$))"
_NOT_OURS_RE: Final = lazy_compile(r"^[ \t]*(?:>|" + _TIME + _HANDLE + r")[^\n]*", re.MULTILINE)
# A chat line (a time and a handle), after a ">" or not: a text of one line that is one.
_CHAT_LINE_RE: Final = lazy_compile(r"[ \t]*(?:>[ \t]*)?" + _TIME + _HANDLE)
# A handle opening a text, with no time before it ("<dave> who pushed this?", "@marco: on me"):
# a chat line when the time is kept elsewhere, as a timeline event keeps it (see
# chat_line_without_time). Round 9.
_HANDLE_LINE_RE: Final = lazy_compile(r"[ \t]*(?:>[ \t]*)?(?:<[^>\s]{1,40}>(?=[ \t])|@[\w.\-]{1,40}:(?=[ \t]|$))")
_HANDLE_OPENERS: Final = frozenset("<@")
_CHAT_OPENERS: Final = frozenset("[0123456789-*+_`")
# A line opening with what a quote or a chat log opens with (checked before _NOT_OURS_RE): a
# list marker or an emphasis mark counts only with a digit after it, so that the lists of
# ordinary prose do not send every text through the substitution.
_LINE_OPENERS: Final = frozenset(">[0123456789")
_OPENER: Final = r"[ \t]*(?:[>\[\d]|[-*+][ \t]+[*_`\[]{0,2}\d|[*_`]{1,2}\d)"
# The first line's opening is matched at the start, every other line's searched from a line break:
# led by that character, the search skips to each line break in C, where "(?:^|\n)" before it
# tried the pattern at every position of the text (round 18).
_FIRST_OPENER_RE: Final = lazy_compile(_OPENER)
_NEXT_OPENER_RE: Final = lazy_compile(r"\n" + _OPENER)
_FENCE_RE: Final = lazy_compile(r"^[ \t]*(```|~~~)", re.MULTILINE)
# Code spans (one or more backticks, closed by as many) and URLs (without the punctuation
# that ends a sentence after one).
_CODE_SPAN_RE: Final = lazy_compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_URL_RE: Final = lazy_compile(r"\b(?:https?|ftp)://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]]|\bwww\.[\w-]+\.[^\s<>\"'`]*\w")
# Round 21: text struck through in Markdown (~~like this~~), withdrawn by its writer; not a fence (~~~).
_STRUCK_RE: Final = lazy_compile(r"(?<!~)~~(?!~)[^~\n]+(?<!~)~~(?!~)")
# Evidence that a text is wrapped: a line that stops mid-sentence (not after a full stop,
# a question or exclamation mark or a colon) with the next line going on in lower case.
# Without it, a line break before a capitalised line ("Alerts were noisy" above "The runbook
# was old") is read as the end of an item, as written.
_WRAPPED_RE: Final = lazy_compile(r"\n(?<=[^\s.!?:;]\n)[ \t]*[a-z]")
# Stands for a hard line break while soft ones are turned into spaces.
_MARK: Final = "\x00"


def prose_view(text: str, *, timeline_entry: bool = False) -> str:
    """Return *text* with soft line breaks as spaces and lines not to judge blanked.

    The result has the length of *text*, and every character not changed is where it was.

    Args:
        text: A post-mortem text.
        timeline_entry: Whether *text* is a timeline event's description, its time in the
            event's own field. One that opens with a chat handle is a pasted chat message
            (:func:`chat_line_without_time`) and is blanked whole, continuation lines included:
            the event is that message.
    """
    if timeline_entry and chat_line_without_time(text):
        return _blank_all(text)
    if "\n" not in text:
        # A text of one line is read as it is, unless it is a quote or a chat line pasted
        # alone into a field ("16:05 <ifeoma> that's on me, I approved it"): someone
        # else's words, as they are in a longer text.
        # A ">" quote alone stays judged: in a one-line field it is as often the author's
        # own call-out ("> Verdict: ...") as a quotation.
        if text.lstrip(" \t>")[:1] in _CHAT_OPENERS and ":" in text and _CHAT_LINE_RE.match(text):
            return " " * len(text)
        return text
    return _multi_line_view(text)


# Round 22: 256 texts, not 4,096. A new incident's fields are never met again, and 4,096 fields
# and their views (megabytes) held only what the processor's cache could have held instead; an
# incident checked again and again (the examples hold 56 such fields) still finds its own.
@functools.lru_cache(maxsize=256)
def _multi_line_view(text: str) -> str:
    """:func:`prose_view` of a text with a line break, remembered: incidents are checked again and again."""
    if "```" in text or "~~~" in text:
        text = _blank_fences(text)
    if (">" in text or ":" in text) and (
        text.lstrip(" \t")[:1] in _LINE_OPENERS or _FIRST_OPENER_RE.match(text) or _NEXT_OPENER_RE.search(text)
    ):
        # A line opens with a quote mark or a time: maybe a quote or a chat log.
        text = _NOT_OURS_RE.sub(_blank, text)
    if _MARK in text or not _WRAPPED_RE.search(text):
        # Text that is not wrapped (one item or sentence per line) keeps every break, and
        # so does text holding the mark, which would be read as one of ours.
        return text
    text = text.replace(":\n", ":" + _MARK)
    if "#" in text or "|" in text or ">" in text or "```" in text or "~~~" in text:
        text = _MARKED_LINE_RE.sub("\\1" + _MARK, text)
    newline = text.find("\n")
    # Only a short first line can be a title: checked before the pattern, which is slower.
    first = _FIRST_TITLE_RE.match(text) if 0 < newline < 80 and text.count(" ", 0, newline) < 12 else None
    if first:
        text = first.group(1) + _MARK + text[first.end() :]
    if "\n\n" in text:
        text = _TITLE_RE.sub("\n\n\\1" + _MARK, text)
    text = _SOFT_BREAK_RE.sub(" ", text)
    return text.replace(_MARK, "\n") if _MARK in text else text


def chat_line_without_time(text: str) -> bool:
    """Tell whether *text* opens with a chat handle and no time: ``<dave> ...``, ``@marco: ...``.

    A timeline event keeps its time in its own field, so a chat line pasted into a timeline
    (``- 14:06 <dave> who pushed this?`` in Markdown, imported as the time and the rest, or an
    event written so in the project's YAML) is a description opening with a handle: someone
    else's words, as the same line is in a section, where its time is still before it. Outside
    a timeline a handle alone stays judged: labelled chat excerpts without times ("<ana> nobody
    on the db team listens") are the author's own retelling as often as a paste.
    """
    return text.lstrip(" \t>")[:1] in _HANDLE_OPENERS and _HANDLE_LINE_RE.match(text) is not None


def excluded_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of each code span and URL of *text*, in order."""
    spans: list[tuple[int, int]] = []
    if "`" in text:
        spans.extend(m.span() for m in _CODE_SPAN_RE.finditer(text))
    if "://" in text or "www." in text:
        spans.extend(m.span() for m in _URL_RE.finditer(text))
    if "~~" in text:
        spans.extend(m.span() for m in _STRUCK_RE.finditer(text))
    return sorted(spans)


def _blank_all(text: str) -> str:
    """Blank every character of *text* but its line breaks."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _blank_fences(text: str) -> str:
    """Blank every line of a fenced code block, fences included, keeping the line breaks."""
    out: list[str] = []
    inside: str | None = None
    for line in text.split("\n"):
        fence = _FENCE_RE.match(line)
        if inside is None and fence:
            inside = fence.group(1)
            out.append(" " * len(line))
        elif inside is not None:
            if fence and fence.group(1) == inside:
                inside = None
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)
