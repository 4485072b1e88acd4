"""Chat logs and transcripts pasted into a post-mortem: one timeline event per timed line.

A code block or block quote is a chat log when most of its lines open with a clock time and a
speaker, as chat clients, IRC logs, meeting-bot minutes and call transcripts write them::

    [14:02] petra: anyone else getting errors?
    [2026-03-04 14:02:11] <jonas> yes
    14:05 <moritz> looking
    14:07 aylin: the provider page is green
    00:12:31 Ana Ruiz: we roll back now

The speaker becomes the event's actor and the rest of the line its description; a line
without a time (a message that wrapped) belongs to the message before it.
"""

from __future__ import annotations

import re

import attrs

__all__ = ["ChatLine", "chat_lines"]

# The time as chat clients write it: in brackets or not, with a date or not, with seconds or not.
# A date may lack its year ("[14/03 10:02]", as a phone's export writes it): the document's year is used.
# "30-Oct-26 08:14 PM" is DiscordChatExporter's; "Today 14:02" and "Yesterday 23:50" a client's copy,
# read against the document's own date (the export's, in its header), never the clock of the import.
_TIME = (
    r"(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}/\d{1,2}(?:/\d{4})?,? |\d{1,2}-[A-Za-z]{3}-\d{2}(?:\d{2})? |"
    r"(?:[Tt]oday|[Yy]esterday) )?"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?(?:\s*(?:UTC|Z))?"
)
_LINE = re.compile(
    rf"^\s*(?:[*-]\s+)?(?:\[(?P<bracketed>{_TIME})\]|\((?P<paren>{_TIME})\)|(?P<bare>{_TIME}))\s*[-–|]?\s*"
    # A speaker: <nick>, nick:, or up to three words of a name and a colon ("Ana Ruiz:").
    r"(?:<(?P<angle>[^<>\s]{1,40})>|\*\s*(?P<action>[\w.@|-]{1,40})\s|(?P<named>[\w.@|'-]{1,40}(?:\s[\w.@'-]{1,30}){0,2}):(?=\s|$))"
    r"\s*(?P<message>.*)$"
)
_QUOTE = re.compile(r"^\s{0,3}>\s?")
# An application's log ("14:02:11 ERROR: connection refused") is evidence, not a conversation.
_LOG_LEVELS = frozenset({"TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL"})
_SHORTEST = 3


@attrs.frozen
class ChatLine:
    """One message of a chat log.

    Attributes:
        line: Offset of the line from the block's first line (0 for the first).
        time: The time as written (``14:02``, ``2026-03-04 14:02:11``).
        speaker: Who wrote it.
        message: The message, with any wrapped lines after it joined by spaces.
    """

    line: int
    time: str
    speaker: str
    message: str


def chat_lines(text: str, *, quoted: bool = False) -> tuple[list[ChatLine], list[str]] | None:
    """The messages of a chat log, and the lines before its first message; ``None`` if it is not one.

    Args:
        text: The block's content (a code block's text, or a block quote's Markdown).
        quoted: The text is a block quote: the ``>`` of each line is left out.

    Returns:
        ``None`` unless three lines or more are messages and they are at least two thirds of the
        lines that are not blank.
    """
    lines = text.splitlines()
    if quoted:
        lines = [_QUOTE.sub("", line) for line in lines]
    messages: list[ChatLine] = []
    before: list[str] = []
    written = 0
    for number, line in enumerate(lines):
        if not line.strip():
            continue
        written += 1
        match = _LINE.match(line)
        if match is not None and (match.group("angle") or match.group("action") or match.group("named")) in _LOG_LEVELS:
            return None
        if match is None:
            if messages:
                last = messages[-1]
                messages[-1] = attrs.evolve(last, message=f"{last.message} {line.strip()}".strip())
            else:
                before.append(line)
            continue
        time = match.group("bracketed") or match.group("paren") or match.group("bare")
        speaker = match.group("angle") or match.group("action") or match.group("named")
        messages.append(ChatLine(number, time.strip(), speaker.strip(), match.group("message").strip()))
    if len(messages) < _SHORTEST or len(messages) * 3 < written * 2:
        return None
    return messages, before
