"""Action items written as prose: an audit's management responses, "Action for me: ..."."""

from __future__ import annotations

import re
from collections.abc import Iterable

import attrs

from postmortem import model
from postmortem.importing._build_actions import (
    _LEFT_PUNCTUATION,
    _OWNER_WORD,
    _REFUSAL,
    _TARGET_DATE,
    _action_from_item,
)
from postmortem.importing._build_owners import owner_first
from postmortem.importing._build_requests import ASKS, wants_nothing
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

    Department notes that ask for work are read after them (``department_requests``).

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
    department_requests(state, parts)
    deviation_requests(state, parts)


# "Action for me: add the expiry date to the calendar", "**Action on Sara:** ...", "Actions for the
# DBA team: ...": a paragraph line that gives one follow-up and whom it is for, in an e-mail or
# minutes where no action section is written. "me" is the write-up's author.
_ACTION_FOR = re.compile(
    r"^\s*(?:\*\*|__)?(?:action(?:\s+item)?s?|follow-up|todo)\s+(?:for|on)\s+"
    r"(?P<who>@?[\w'’.-]{1,30}(?:\s+[\w'’-]{1,30}){0,2}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?P<text>\S.{2,400})$",
    re.IGNORECASE,
)


# "ACTION: Mark to replace the seal", "Action: Dr Okello to ask the software company ...": minutes'
# action lines, the owner inside the sentence, before "to" and a verb (a line, or a sentence of a
# paragraph, that opens with the label). "ACTION: Bleed valve connector found loose, cleaned" (a tech
# log's action taken) asks for nothing and stays.
_ACTION_LINE = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)(?:\*\*|__)?(?:ACTION|Action|Action point|AP)(?:\*\*|__)?[ \t]*:[ \t]*(?:\*\*|__)?[ \t]*"
    r"(?P<text>\S[^\n]{2,400})$",
    re.MULTILINE,
)
_NAME_TO = re.compile(
    r"^(?P<who>[A-Z][a-z'’-]{1,20}(?:\s[A-Z][a-z'’-]{1,20})?)\s+to\s+(?!be\b|receive\b|get\b)[a-z]{2,}"
)


def _action_lines(state: _State, block: Block) -> None:
    """A paragraph's "ACTION: <someone> to <verb> ..." lines and sentences, each an action item with its owner."""
    for found in _ACTION_LINE.finditer(block.text):
        text = found.group("text").strip()
        if any(item.description == text for item in state.items):
            continue  # read in an action section already
        who = owner_first(state, text)
        named = _NAME_TO.match(text)
        if who is None and named is not None and named.group("who").casefold() not in _NOT_NAMES:
            who = named.group("who")
        if who is None and not ASKS.search(text):
            continue
        line = block.line + block.text.count("\n", 0, found.start("text"))
        before = len(state.items)
        _action_from_item(state, Item(text, text, text, None, line, 0), None)
        if len(state.items) > before and who and state.items[-1].owner is None:
            state.items[-1] = attrs.evolve(state.items[-1], owner=who)
        if len(state.items) > before:
            state.inferred.append(f"line {line}: an 'ACTION:' line read as action item {state.items[-1].id}")


# Capitalised words before "to" that open a sentence and name no one ("Nobody to ...", "Both to ...").
_NOT_NAMES = frozenset({"nobody", "no one", "none", "both", "all", "everyone", "someone", "each", "this", "that"})


def actions_for_someone(state: _State, blocks: Iterable[Block]) -> None:
    """The paragraph lines that say "Action for <someone>: <what>", each an action item with its owner.

    Also "ACTION: Mark to replace the seal" (minutes' action lines, the owner in the sentence).
    """
    for block in blocks:
        if block.kind != "paragraph" or ":" not in block.text:
            continue
        _action_lines(state, block)
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


# "We are doing three things. First, ... Second, ... Third, ...": commitments numbered in prose, as
# a letter or a blog post writes its follow-ups. The sentence before the first names what follows as
# work the writers take on; each numbered sentence is one item.
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth")
_ORDINAL_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?P<word>first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?|sixth(?:ly)?"
    r"|finally|lastly),\s+(?P<text>[^.!?]{3,400}[.!?]?)",
    re.IGNORECASE,
)
_ANNOUNCED = re.compile(
    r"\b(?:we(?:'re|’re| are| will|'ll|’ll| have| are going to)|here(?:'s|’s| is| are)(?: what)?|our)\b[^.!?]{0,60}?"
    r"\b(?:doing|do|taking|take|making|make|chang\w*|steps?|actions?|things|measures|commit\w*|follow-?ups?)\b",
    re.IGNORECASE,
)
_FEWEST_ORDINALS = 2


def ordinal_commitments(state: _State, blocks: Iterable[Block]) -> None:
    """Paragraphs that number commitments in prose ("First, ... Second, ..."), each sentence an action item.

    Read only where nothing else gave action items, and only where the sentence before the first
    says the writers are taking something on ("We are doing three things.", "Here is what we will
    change."): "First, the cache filled; second, ..." telling what happened stays prose.
    """
    for block in blocks:
        if block.kind != "paragraph" or len(block.text) > 20_000:
            continue
        text = " ".join(block.text.split())
        found = list(_ORDINAL_SENTENCE.finditer(text))
        words = [match.group("word").casefold().removesuffix("ly") for match in found]
        numbered = [word for word in words if word in _ORDINALS]
        if (
            len(found) < _FEWEST_ORDINALS
            or numbered[:2] != ["first", "second"]
            or not _ANNOUNCED.search(text[: found[0].start()])
        ):
            continue
        for match in found:
            sentence = match.group("text").strip()
            sentence = sentence[:1].upper() + sentence[1:]
            _action_from_item(state, Item(sentence, sentence, sentence, None, block.line, 0), None)
        state.inferred.append(f"line {block.line}: {len(found)} commitments numbered in prose read as action items")


# A wiki talk page's signed comment: "... [[User:Okonkwo|Okonkwo]] ([[User talk:Okonkwo|talk]]) 09:02,
# 12 November 2026 (UTC)". The follow-ups agreed there are commitments its signers make in their comments.
_SIGNATURE = re.compile(
    r"\[\[User:(?P<user>[^|\]\n]{1,60})(?:\|[^\]\n]{0,60})?\]\][^\n]{0,120}?\d{1,2}:\d{2},\s+\d{1,2}\s+[A-Za-z]{3,9}"
    r"\s+\d{4}\s+\((?:UTC|[A-Z]{2,5})\)"
)
_SENTENCES = re.compile(r"[^.!?]{3,600}[.!?]")
# "I have a patch up that retries the lock.", "I'll add ...", "I will ...", "I'm going to ...".
_I_COMMIT = re.compile(
    r"^\s*i(?:'ll| will| am going to|'m going to"
    r"| have a (?:patch|fix|change|pr|pull request)(?: up)?(?: that| to| for)?)\s+\S",
    re.IGNORECASE,
)
# "Could we also get an alert ...? Happy to write it.": a request, then the signer's offer to do it.
_DONE_TEMPLATE = re.compile(r"^\s*\{\{\s*(?:done|resolved|fixed|completed)\s*\}\}", re.IGNORECASE)
_REQUEST = re.compile(r"^\s*(?:could|can|should|shall)\s+we\b", re.IGNORECASE)
_OFFER = re.compile(
    r"^\s*(?:(?:i'm|i am)\s+)?happy to\s+(?:write|do|take|pick up|own|add|build|handle)\b|^\s*i(?:'ll| will)\s+"
    r"(?:write|do|take|pick up|own|add|build|handle)\s+(?:it|that|this)\b",
    re.IGNORECASE,
)


def talk_page_follow_ups(state: _State, blocks: Iterable[Block]) -> None:
    """The follow-ups agreed in a wiki talk page's signed comments, each owned by the comment's signer.

    A sentence in which the signer commits ("I have a patch up that retries the lock.", "I'll add
    ...") is one; so is a request ("Could we also get an alert ...?") the signer offers to do in the
    same comment ("Happy to write it."). Read only in comments closed by a talk page's signature.
    """
    for block in blocks:
        if block.kind != "paragraph" or len(block.text) > 20_000:
            continue
        signature = _SIGNATURE.search(block.text)
        if signature is None:
            continue
        signer = signature.group("user").strip()
        words = " ".join(re.sub(r"^:+", "", line) for line in block.text[: signature.start()].split("\n"))
        if _DONE_TEMPLATE.match(words):
            # ":::{{done}} The lock retry is merged.": the signer's own earlier follow-up is done.
            mine = [n for n, item in enumerate(state.items) if item.owner == signer]
            if mine:
                state.items[mine[0]] = attrs.evolve(state.items[mine[0]], status=model.ActionStatus.DONE)
            continue
        sentences = [found.group(0).strip() for found in _SENTENCES.finditer(words)]
        for index, sentence in enumerate(sentences):
            offered = index + 1 < len(sentences) and _OFFER.match(sentences[index + 1])
            if not (_I_COMMIT.match(sentence) or (_REQUEST.match(sentence) and offered)):
                continue
            _action_from_item(state, Item(sentence, sentence, sentence, None, block.line, 0), None)
            state.items[-1] = attrs.evolve(state.items[-1], owner=signer)
            state.inferred.append(
                f"line {block.line}: '{sentence[:50]}' in {signer}'s signed comment read as an action item"
            )


# Round 22: a show report's or a daily report's department notes, one bold label a department
# ("**LX:**", "**Sound:**", "**Wardrobe:**"), whose text asks for work ("Please can ...", "... please",
# "Can we ...", "... needs to be ..."): each such note is an action item, its words as written.
_DEPARTMENT_NOTE = re.compile(
    r"^(?:\*\*|__)(?P<label>[^*_\n:]{1,30}?)(?::(?:\*\*|__)|(?:\*\*|__):)\s+(?P<text>\S.*)$", re.DOTALL
)
_ASKS = ASKS
# "(Production LX, Kit)", "(Sound No. 1, Ravi)": the department's post and the person who holds it.
_POST_AND_HOLDER = re.compile(r"\((?P<post>[^(),]{1,40}),\s*(?P<name>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+)?)\)\s*\.?\s*$")
_LABEL_WORDS = 3


# A laboratory notebook's or a batch record's "Deviations" (also "Non-conformances", "Exceptions"): a
# list of what went outside the procedure, each entry with the work it needs.
_DEVIATIONS = re.compile(
    r"^(?:deviations|non-?conformances|non-?conformities|exceptions)(?:\s+(?:log|list|raised|noted))?$"
)
# Where an entry's request starts: a sentence, or a clause after a dash or a semicolon.
_CLAUSE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\s+[—–]\s+|;\s+")
# "QA to assess ...", "IT to restore ...": a team written as its initials before "to" and a verb.
_TEAM_TO = re.compile(r"^[A-Z]{2,5}\s+to\s+(?!be\b)[a-z]{3,}")


def deviation_requests(state: _State, parts: list[Part]) -> None:
    """A "Deviations" list's entries: each sentence or clause that asks for work is an action item.

    "DEV-26-312: chamber C-4 excursion not alarmed — QA to assess impact on STB-19 data (Dr Sunita
    Bhatt, due 24/11/2026). Facilities: restore the chamber's alarm relay to the BMS." gives two items
    (an owner written first, "QA to ...", "Facilities: ...", or an asking word, "... to be checked").
    What the entry records stays in the section, as written; so does the entry.
    """
    for top in parts:
        for part in top.walk():
            if not _DEVIATIONS.match(" ".join(part.title.casefold().split())):
                continue
            for block in part.blocks:
                if block.kind != "list":
                    continue
                for entry in block.items:
                    if entry.depth:
                        continue
                    for clause in _CLAUSE.split(" ".join(entry.text.split())):
                        who = owner_first(state, clause)
                        if who is None and not ASKS.search(clause) and not _TEAM_TO.match(clause):
                            continue
                        before = len(state.items)
                        _action_from_item(state, Item(clause, clause, clause, None, entry.line, 0), None)
                        if len(state.items) > before and who and state.items[-1].owner is None:
                            state.items[-1] = attrs.evolve(state.items[-1], owner=who)
                        if len(state.items) > before:
                            state.inferred.append(
                                f"line {entry.line}: a request in the '{part.title}' entry read as action item "
                                f"{state.items[-1].id}"
                            )


def department_requests(state: _State, parts: list[Part]) -> None:
    """Department notes that ask for work, in a section that maps to nothing: each one an action item.

    The note's words are the item's, as written, its label before them; a closing "(post, Name)" is
    its owner ("Kit (Production LX)"). A note that asks for nothing ("**Wardrobe:** No notes.") stays.
    """
    for top in parts:
        for part in top.walk():
            if part.level == 0 or state.table.section(part.title) is not None:
                continue
            kept: list[Block] = []
            notes = [
                (block, found)
                for block in part.blocks
                if block.kind == "paragraph"
                and (found := _DEPARTMENT_NOTE.match(block.markdown.strip())) is not None
                and len(found.group("label").split()) <= _LABEL_WORDS
            ]
            # Round 23: where a note asks for work, a sibling note that names what is needed without an
            # asking word ("**Sound:** New batteries for all mic packs ...") is a request too.
            asked = any(_ASKS.search(found.group("text")) for _, found in notes)
            requested = {
                id(block)
                for block, found in notes
                if _ASKS.search(found.group("text")) or (asked and not wants_nothing(found.group("text")))
            }
            for block in part.blocks:
                found = _DEPARTMENT_NOTE.match(block.markdown.strip()) if id(block) in requested else None
                if found is None:
                    kept.append(block)
                    continue
                text = " ".join(found.group("text").split())
                holder = _POST_AND_HOLDER.search(text)
                owner = f"{holder.group('name')} ({holder.group('post').strip()})" if holder else None
                taken = {item.id for item in state.items}
                number = len(state.items) + 1
                while f"AI-{number}" in taken:
                    number += 1
                label = found.group("label").strip()
                state.items.append(model.ActionItem(id=f"AI-{number}", description=f"{label}: {text}", owner=owner))
                state.inferred.append(
                    f"line {block.line}: the department note '{label}' under '{part.title}' asks for work;"
                    f" read as action item AI-{number}"
                )
            part.blocks = kept
