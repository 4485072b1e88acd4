"""Runs of paragraphs that are one timed block: bold-time paragraphs, chat posts, an issue's comments.

A diary or an e-mail writes its timeline a paragraph an entry (``**09:12** the pager ...``); a
chat client's copied thread writes each post as a paragraph under its byline; an issue tracker's
export writes each comment as a byline paragraph and the comment's paragraphs. Each run of three or
more is read as one list or chat log, at the lines its paragraphs were on.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from postmortem.importing._build_state import _State
from postmortem.importing._build_timeline import _FEWEST
from postmortem.importing._document import Block, Item
from postmortem.importing._times import find_date, leading_time

__all__ = ["COMMENT_BYLINE", "bold_time_runs", "chat_post_runs", "comment_thread_runs"]


# A paragraph that opens with a clock time in bold ("**09:12** the pager ...", "__09:12__ —"), as
# a diary or an e-mail writes its timeline one paragraph an entry.
_BOLD_TIME = re.compile(r"^(\*\*|__)(~?\d{1,2}[:.h]\d{2}(?::\d{2})?(?:\s*[A-Za-z]{1,5})?)\s*[-–—:.]?\s*\1")


def _merge_runs(
    blocks: list[Block], belongs: Callable[[Block], bool], merge: Callable[[list[Block]], Block]
) -> list[Block]:
    """*blocks*, each run of ``_FEWEST`` or more in a row that *belongs* replaced by ``merge(run)``."""
    out: list[Block] = []
    for belonging, group in itertools.groupby(blocks, key=belongs):
        run = list(group)
        if belonging and len(run) >= _FEWEST:
            out.append(merge(run))
        else:
            out.extend(run)
    return out


def bold_time_runs(state: _State, blocks: list[Block]) -> list[Block]:
    """Three paragraphs or more in a row, each opening with a time in bold: one list, a paragraph an item.

    Read that way, the run is the section's timed entries (or, under a timeline heading, its
    entries); where the import does not read it as a timeline, the section keeps the paragraphs as
    written (the list's Markdown is theirs).
    """

    def belongs(block: Block) -> bool:
        return block.kind == "paragraph" and bool(_BOLD_TIME.match(block.markdown)) and _bold_timed(state, block)

    def as_list(run: list[Block]) -> Block:
        items = tuple(Item(block.markdown, block.markdown, block.text, None, block.line, 0) for block in run)
        return Block("list", run[0].line, "\n\n".join(block.markdown for block in run), items=items)

    return _merge_runs(blocks, belongs, as_list)


def _bold_timed(state: _State, block: Block) -> bool:
    when = leading_time(block.text, state.table, state.doc_date)
    return when is not None and when.clock is not None


# A chat client's copied thread (Discord, Element): each post a paragraph whose first line is its
# byline, a name, a dash and the date and time ("**kestrel** — 18/07/2026 20:02", "kestrel — 03/12
# 14:02" without the year, "kestrel — Today at 14:02": the day read against the document's own date),
# the message on the lines after it. DiscordChatExporter's text export writes the time first, in
# brackets ("[30-Oct-26 08:14 PM] kestrel").
_POST_WHEN = (
    r"(?:(?:\d{1,2}/\d{1,2}(?:/\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}-[A-Za-z]{3}-\d{2}(?:\d{2})?),?|(?:[Tt]oday|[Yy]esterday)\s+at)"
    r"\s+\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?"
)
# A service desk ticket's work note (ServiceNow): the time with its seconds, a dash, the writer and
# the kind of note in brackets ("2026-11-03 10:42:05 - Sam Patel (Work notes)"), the note below.
_NOTE_WHEN = r"\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?"
_NOTE_KIND = r"(?:\s+\((?i:work\s+notes?|additional\s+comments|comments?|system)\))?"
_POST_BYLINE = re.compile(
    r"^(?:\*\*|__)?(?P<name>[\w.@'-]{1,40}(?:\s[\w.@'-]{1,30}){0,2})(?:\*\*|__)?\s+[—–-]\s+"
    rf"(?P<when>{_POST_WHEN})\s*$"
    rf"|^\[(?P<first>{_POST_WHEN})\]\s+(?P<after>[\w.@'-]{{1,40}}(?:\s[\w.@'-]{{1,30}}){{0,2}})\s*$"
    rf"|^(?P<noted>{_NOTE_WHEN})\s+[—–-]\s+(?P<writer>[\w.@'-]{{1,40}}(?:\s[\w.@'-]{{1,30}}){{0,2}}){_NOTE_KIND}\s*$"
)


# An issue tracker's comment byline, a paragraph of its own before the comment: "**Tom Becker** added a
# comment - 3 Mar 2026 9:30 AM" (Jira, its date rewritten by importing._tool_markdown.tracker_dates),
# "ana-dev commented - 2026-05-18 09:10".
COMMENT_BYLINE = re.compile(
    r"^(?:\*\*|__)?(?P<name>[\w.@'-]{1,40}(?:\s[\w.@'-]{1,30}){0,2})(?:\*\*|__)?\s+"
    r"(?:added\s+a\s+comment|commented|replied|wrote)(?:\s+on)?\s*[—–:-]?\s*"
    r"(?P<when>(?:\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}),?\s+(?:at\s+)?"
    r"\d{1,2}:\d{2}(?:\s*[AaPp][Mm])?)\s*$"
)


def comment_thread_runs(blocks: list[Block]) -> list[Block]:
    """An issue's comment thread: three comments or more, each a byline paragraph then its paragraphs.

    Written as a chat log (``[3 Mar 2026 9:30 AM] Tom Becker: ...``), each comment one line at its
    byline's line, so that each is an event with its author as actor; its Markdown is the thread
    as written, kept where it is not the timeline.
    """
    out: list[Block] = []
    run: list[list[Block]] = []  # the comments of the thread being read: a byline and its paragraphs

    def close() -> None:
        if len(run) >= _FEWEST:
            out.append(_thread_log(run))
        else:
            out.extend(block for comment in run for block in comment)
        run.clear()

    for block in blocks:
        if (
            block.kind == "paragraph"
            and "\n" not in block.markdown.strip()
            and COMMENT_BYLINE.match(block.text.strip())
        ):
            run.append([block])
        elif run and block.kind in ("paragraph", "list", "quote"):
            run[-1].append(block)
        else:
            close()
            out.append(block)
    close()
    return out


def _chat_time(when: str) -> str:
    """A byline's time as a chat log writes it: "3 Mar 2026 9:30 AM" is "2026-03-03 9:30 AM"."""
    when = when.replace(",", "").replace(" at ", " ")
    named = re.match(r"(\d{1,2}) ([A-Za-z]{3,9}) (\d{4}) (.*)$", when)
    if named is None:
        return when
    day = find_date(" ".join(named.group(1, 2, 3)))
    return f"{day.isoformat()} {named.group(4)}" if day else when


def _thread_log(run: list[list[Block]]) -> Block:
    first_line = run[0][0].line
    lines: list[str] = []
    for byline, *message in run:
        found = COMMENT_BYLINE.match(byline.text.strip())
        assert found is not None
        lines += [""] * (byline.line - first_line - len(lines))
        words = " ".join(" ".join(block.text.split()) for block in message)
        lines.append(f"[{_chat_time(found.group('when'))}] {found.group('name')}: {words}")
    markdown = "\n\n".join(block.markdown for comment in run for block in comment)
    return Block("code", first_line - 1, markdown, text="\n".join(lines))


def chat_post_runs(blocks: list[Block]) -> list[Block]:
    """Three posts or more in a row, each a paragraph opening with its byline: one chat log.

    The log is written as :func:`~postmortem.importing._chat.chat_lines` reads one
    (``[18/07/2026 20:02] kestrel: ...``), each post one line at its byline's line, so its events
    keep their lines; its Markdown is the posts as written, kept where it is not the timeline.
    """

    def belongs(block: Block) -> bool:
        first_line = block.markdown.split("\n", 1)[0]
        return block.kind == "paragraph" and "\n" in block.markdown and bool(_POST_BYLINE.match(first_line))

    def as_log(run: list[Block]) -> Block:
        lines: list[str] = []
        for block in run:
            lines += [""] * (block.line - run[0].line - len(lines))
            first, *rest = block.markdown.split("\n")
            byline = _POST_BYLINE.match(first.strip())
            assert byline is not None
            message = " ".join(line.strip() for line in rest)
            when = (byline.group("when") or byline.group("first") or byline.group("noted")).replace(",", "")
            when = when.replace(" at ", " ")
            name = byline.group("name") or byline.group("after") or byline.group("writer")
            lines += [f"[{when}] {name}: {message}"]
            lines += [""] * len(rest)
        markdown = "\n\n".join(block.markdown for block in run)
        # A fenced block's content starts the line after its fence: the log's first line is the first post's.
        return Block("code", run[0].line - 1, markdown, text="\n".join(lines))

    return _merge_runs(blocks, belongs, as_log)
