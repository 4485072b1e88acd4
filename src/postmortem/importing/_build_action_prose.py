"""Action items written as prose: an audit's management responses, "Action for me: ..."."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from postmortem.importing._build_actions import (
    _LEFT_PUNCTUATION,
    _OWNER_WORD,
    _REFUSAL,
    _TARGET_DATE,
    _action_from_item,
)
from postmortem.importing._build_state import _State
from postmortem.importing._document import Block, Item, Part

# An audit's answer to a finding, written as prose under it: "Management response: Agreed. ... Owner: X.
# Target date: 31 October 2026." The label names the response; its text is the work agreed.
_RESPONSE = re.compile(
    r"^(?:\*\*|__)?(?P<label>management(?:'s)?\s+(?:response|comment|action(?:\s+plan)?)|agreed\s+(?:management\s+)?"
    r"actions?|action\s+agreed)(?:\s*[:.–—-])?(?:\*\*|__)?\s*[:.–—-]?\s+(?P<text>\S.*)$",
    re.IGNORECASE | re.DOTALL,
)
_TIDIED = 2000


def management_responses(state: _State, parts: list[Part]) -> None:
    """Management responses written as prose under an audit's findings: each one an action item.

    A paragraph that opens with "Management response:" (also "Management comment", "Management
    action plan", "Agreed action") is the work agreed on a finding, wherever it sits: it becomes
    an action item (owner from "Owner: X" or "owner X", due date from "Target date: ...", "by
    30 November 2026"), and leaves the finding's text, which stays where it was.
    """
    for top in parts:
        for part in top.walk():
            kept: list[Block] = []
            for block in part.blocks:
                found = _RESPONSE.match(block.markdown.strip()) if block.kind == "paragraph" else None
                if found is None or _REFUSAL.match(found.group("text")):
                    kept.append(block)
                    continue
                text = _OWNER_WORD.sub("Owner: ", _TARGET_DATE.sub("due ", found.group("text")))
                before = len(state.items)
                _action_from_item(state, Item(text, text, text, None, block.line, 0), None)
                if len(state.items) == before:
                    kept.append(block)
                    continue
                item = state.items[-1]
                description = item.description
                if len(description) <= _TIDIED:  # a response is a few sentences; a longer text stays as written
                    description = re.sub(r"\.(?:\s*\.)+", ".", _LEFT_PUNCTUATION.sub("", description)).strip()
                state.items[-1] = attrs.evolve(item, description=description or item.description)
                state.inferred.append(
                    f"line {block.line}: the {found.group('label').casefold()} under '{part.title}' read as"
                    f" action item {state.items[-1].id}"
                )
            part.blocks = kept


# "Action for me: add the expiry date to the calendar", "**Action on Sara:** ...", "Actions for the
# DBA team: ...": a paragraph line that gives one follow-up and whom it is for, in an e-mail or
# minutes where no action section is written. "me" is the write-up's author.
_ACTION_FOR = re.compile(
    r"^\s*(?:\*\*|__)?(?:action(?:\s+item)?s?|follow-up|todo)\s+(?:for|on)\s+"
    r"(?P<who>@?[\w'’.-]{1,30}(?:\s+[\w'’-]{1,30}){0,2}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<text>\S.{2,400})$",
    re.IGNORECASE,
)


def actions_for_someone(state: _State, blocks: Iterable[Block]) -> None:
    """The paragraph lines that say "Action for <someone>: <what>", each an action item with its owner."""
    for block in blocks:
        if block.kind != "paragraph" or ":" not in block.text:
            continue
        for offset, line in enumerate(block.text.split("\n")):
            found = _ACTION_FOR.match(line)
            if found is None:
                continue
            who = found.group("who").strip()
            if who.casefold() == "me":
                who = state.metadata["authors"][0].split(",")[0].strip() if "authors" in state.metadata else ""
            elif who.casefold() in ("us", "all", "everyone", "the team"):
                who = ""
            text = found.group("text").strip()
            item = Item(text, text, text, None, block.line + offset, 0)
            before = len(state.items)
            _action_from_item(state, item, None)
            if len(state.items) > before and who and state.items[-1].owner is None:
                state.items[-1] = attrs.evolve(state.items[-1], owner=who)
            shown = line if len(line) <= 60 else line[:59] + "\u2026"
            state.inferred.append(f"line {block.line + offset}: '{shown}' read as an action item")
