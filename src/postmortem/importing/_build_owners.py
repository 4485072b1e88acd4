"""An action item's owner and due date written in brackets at its end."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from postmortem.importing._build_state import _State
from postmortem.importing._document import Item
from postmortem.importing._times import find_date, leading_time

# "... (Fleet desk, by 2026-06-30)", "... (Ana Ruiz, 4 Dec)": who and by when, in one parenthesis at the end.
_OWNER_AND_DATE = re.compile(
    r"\((?P<owner>[^\W\d_][^(),\d]{0,40}?),\s*(?:(?:by|due|until|before)\s+)?(?P<date>[^(),]{3,30}?)\)\s*\.?\s*$"
)


def _owner_and_date_after(state: _State, first: str) -> tuple[str | None, date | None, str]:
    """The owner and due date of an item that ends with ``(Owner, date)``; the item without them."""
    found = _OWNER_AND_DATE.search(first)
    if (
        found is None
        or len(found.group("owner").split()) > 5
        or re.search(r"\b(?:done|completed?|closed)\b", found.group(0), re.IGNORECASE)
    ):  # "(Rohan, done 10 Nov)" says when it was done, not when it is due
        return None, None, first
    due = find_date(found.group("date"), state.doc_date) or _short_due(state, found.group("date"))
    if due is None:
        # "(Transport captain, Gil Moreno)": a role and the person who holds it; the person owns the item.
        person = found.group("date").strip()
        if _NAME.fullmatch(person) and not _NAME.fullmatch(found.group("owner").strip()):
            return f"{person} ({found.group('owner').strip()})", None, first[: found.start()].rstrip()
        owner = found.group("owner").strip()
        if _NAME.fullmatch(owner) or _first_name(state, owner):
            # Round 25: "(Kieran, before next Saturday's wedding)": a person, then when in words.
            when = found.group(0).strip().rstrip(".").strip()[1:-1].split(",", 1)[1].strip()
            return owner, None, f"{first[: found.start()].rstrip()} ({when})"
        return None, None, first
    return found.group("owner").strip(), due, first[: found.start()].rstrip() + first[found.end() :]


# "... (Lab manager)", "... (Facilities team)", "... (Ana Ruiz)": who, in a parenthesis at the end, no date.
_OWNER_ONLY = re.compile(r"\((?P<owner>[^\W\d_][^()\d,;:]{1,40}?)\)\s*\.?\s*$")
_NAME = re.compile(r"[A-Z][a-z'-]+(?: [A-Z][a-z'-]+){1,2}")
# Words that make a parenthesis a team or a role: a role word of [people] or one of these.
_TEAM_WORDS = frozenset(
    {"team", "teams", "desk", "office", "department", "group", "crew", "unit", "squad", "staff", "technician",
     "supervisor", "operations", "ops", "services", "committee", "board",
     # Round 22: who a lifeboat station, a print shop or a school trip names as doing the work.
     "mechanic", "leader", "leaders", "electrician", "operator", "foreman", "nurse", "clinicians",
     # Round 23: a function named as the team that does the work ("- maintenance", "— technical dept").
     "maintenance", "installer", "installers", "dept", "engineering", "facilities", "estates"}
)  # fmt: skip


# A person mentioned by name at the end of an item, as Notion and Confluence write a mention: "@Jonas Weber".
_NAMED_MENTION = re.compile(r"(?<![\w.@/])@([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})\s*\.?\s*$")


# "Re-run the export — Priya Shah": a person's name after a dash closing an item (a card's checklist).
_DASHED_NAME = re.compile(r"\s+[—–]\s+([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2})\s*\.?\s*$")


# Round 22: a role or team after a dash, then perhaps when: "— Community Safety Partner, by end of November".
_DASHED_ROLE = re.compile(
    r"\s+(?P<dash>[—–-])\s+(?P<who>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})"
    r"(?P<when>,\s*(?:by|due|before|until)\b[^—–()]{1,40})?\s*\.?\s*$"
)


# Round 23: a role or team in lower case after a dash (a hyphen with spaces too), then perhaps when:
# "- replace the seal - maintenance", "— all visit leaders, from now", "— pharmacy IT lead, by 31 December".
_DASHED_LOWER = re.compile(
    r"\s+[—–-]\s+(?P<who>[a-z][\w'’-]*(?: [\w'’-]+){0,3}?)"
    r"(?P<when>,\s*(?:by|due|before|until|from)\b[^—–()]{1,40})?\s*\.?\s*$"
)


def _owner_at_the_end(state: _State, first: str) -> tuple[str | None, date | None, str]:
    """``(Owner, date)``, ``(Owner)``, ``@First Last`` or ``— First Last`` closing an item: owner, due, the rest."""
    named = _NAMED_MENTION.search(first) or _DASHED_NAME.search(first)
    if named:
        # "... @Jonas Weber": a person mentioned by name closing the item (Notion, Confluence) is its owner.
        return named.group(1), None, first[: named.start()]
    role = _DASHED_ROLE.search(first)
    if role is not None:
        # "... — Community Safety Partner, by end of November": capitalised words naming a role (two or
        # more, or one role or team word) own the item; when it is due stays in its words.
        who = role.group("who")
        # Round 25: after a hyphen ("- Duty Engineer", "- Ticketing Platform team") only a role or a team.
        if _names_role(state, who) or (len(who.split()) > 1 and role.group("dash") != "-"):
            return who, None, first[: role.start()] + (role.group("when") or "")
    lower = _DASHED_LOWER.search(first)
    if lower is not None and _names_role(state, lower.group("who")):
        # "... - head of flys", "... — medication safety officer": a role or a team written in lower case.
        return lower.group("who"), None, first[: lower.start()] + (lower.group("when") or "")
    owner, due, first = _owner_and_date_after(state, first)
    if owner is None:
        owner, first = _owner_after(state, first)
    return owner, due, first


def _owner_after(state: _State, first: str) -> tuple[str | None, str]:
    """The owner of an item that ends with ``(Owner)``: a role or team ("Lab manager") or a person's name.

    Other words in a parenthesis ("(optional)", "(again)", "(see the runbook)") stay in the item.
    """
    found = _OWNER_ONLY.search(first)
    if found is None:
        return None, first
    owner = found.group("owner").strip()
    words = owner.casefold().split()
    roles = {word for role in state.table.role_words for word in role.split()}
    if len(words) > 4 or not (
        _NAME.fullmatch(owner)
        or any(word in roles | _TEAM_WORDS for word in words)
        or _first_name(state, owner)
        or owner in state.list_owners
    ):
        return None, first
    if not _first_name(state, owner, named=False) and owner not in state.list_owners and owner_first(state, first):
        return None, first  # "Committee to add ... (Janet)": the owner written first stays (round 25)
    return owner, first[: found.start()].rstrip() + first[found.end() :]


_PEOPLE_LABELS = ("authors", "participants", "reviewers", "incident_commander", "from", "to", "cc")


def _first_name(state: _State, word: str, *, named: bool = True) -> bool:
    """Whether ``word`` alone ("Ines") is the first name of someone the document names.

    The people of its header lines (authors, reviewers, participants, an e-mail's sender and
    recipients), those read as participants, and names written before an e-mail address
    anywhere ("On 6 May, Ines Moreau <i.moreau@...> wrote:"); a capitalised word that is no one's
    first name ("(Postgres)", "(Optional)") stays in the item.
    """
    if not re.fullmatch(r"[A-Z][a-z'’-]+", word):
        return False
    if named and word in state.named:
        return True  # round 25: "Kenji Watanabe" or "Ahmed opens up" elsewhere in the document
    written = [state.metadata[label][0] for label in _PEOPLE_LABELS if label in state.metadata]
    names = [*written, *state.mailed, *(person.name for person in state.participants)]
    return any(re.search(rf"(?<![\w@.]){re.escape(word)}\b", name) for name in names)


# "(Ops, 20.11)", "(Ana, by 20/11.)": a day and month, no year, as the only thing after the owner.
_SHORT_DUE = re.compile(r"(\d{1,2})[./](\d{1,2})\.?")


def _short_due(state: _State, written: str) -> date | None:
    """A due date written as day and month only, read in the document's order, on or after its date.

    A due date before the incident is next year's ("15.01" in a December write-up).
    """
    found = _SHORT_DUE.fullmatch(written.strip())
    if found is None or state.doc_date is None or written.strip() in ("24/7", "7/24"):
        return None  # "(Ops, 24/7)": round the clock, not a date
    when = leading_time(f"{found.group(1)}/{found.group(2)}", state.table, state.doc_date)
    if when is None or when.day is None or when.precision != "date":
        return None
    if when.day < state.doc_date:
        try:
            return when.day.replace(year=when.day.year + 1)
        except ValueError:  # 29 February
            return None
    return when.day


# "... (Yusuf)": a first name alone closing an item, with nothing after it in the bracket.
_ONE_WORD = re.compile(r"\(\s*([A-Z][a-z'’-]{1,20})\s*\)\s*\.?\s*$")
# Capitalised words an item closes with that say something of the item, not who owns it.
_NOT_OWNERS = frozenset(
    {"optional", "done", "urgent", "blocked", "pending", "ongoing", "draft", "again", "later", "maybe", "open",
     "closed", "todo", "high", "medium", "low", "critical", "minor", "major", "new", "recurring", "stretch",
     "proposed", "agreed", "cancelled", "canceled", "deferred", "wip", "tentative", "nice-to-have"}
)  # fmt: skip
_FEWEST_NAMED = 2


def list_owners(state: _State, items: Sequence[Item]) -> frozenset[str]:
    """The first names in brackets that own an action list's items where the document names no one else.

    A list two items or more of which close with one capitalised word in brackets ("(Yusuf)", "(Mei)")
    is written with its owners' first names; where none of those words names someone the document
    names otherwise (its header lines' people, its participants, an e-mail's names), each is the owner
    of its item. Where some do ("(Ines)", "(Tomasz)" beside "(Postgres)"), only those are names and
    the other words stay in their items.
    """
    initials = _initials(items)
    words = [
        found.group(1)
        for item in items
        if item.depth == 0 and (found := _ONE_WORD.search(item.markdown.partition("\n")[0])) is not None
    ]
    words = [word for word in words if word.casefold() not in _NOT_OWNERS]
    # The people the header lines name decide, not names read from the text (round 25): "(Hannah)" beside
    # "(Yusuf)" and "(Mei)" is one of three first names, not the only one.
    if len(words) < _FEWEST_NAMED or any(_first_name(state, word, named=False) for word in words):
        return initials
    return frozenset(words) | initials


# "... (JT)", "... (KM, by 13 March)": a person's initials closing an item, as a lab notebook or a
# whiteboard writes its owners; two items or more of the list written that way.
_INITIALS = re.compile(r"\(\s*([A-Z]{2,3})\s*(?:,[^()]{0,40})?\)\s*\.?\s*$")
# Capitals in brackets that name a thing, a time zone or a state, not a person.
_NOT_INITIALS = frozenset(
    {"TBD", "TBC", "TBA", "NA", "WIP", "UTC", "GMT", "CET", "EU", "US", "UK", "API", "PR", "MR", "SLA", "SLO",
     "KPI", "FYI", "OK", "DNS", "CDN", "VPN", "SSO", "TLS", "SQL", "CPU", "RAM", "AWS", "GCP", "IAM", "CI", "CD"}
)  # fmt: skip


def _initials(items: Sequence[Item]) -> frozenset[str]:
    """The initials that close two items or more of a list (alone or before a due date), each an owner."""
    found = [
        match.group(1)
        for item in items
        if item.depth == 0 and (match := _INITIALS.search(item.markdown.partition("\n")[0])) is not None
    ]
    found = [word for word in found if word not in _NOT_INITIALS]
    return frozenset(found) if len(found) >= _FEWEST_NAMED else frozenset()


# Round 22: an owner written first, before a colon or "to" and a verb: "Chief engineer: correct the
# PMS interval", "Superintendent (D. Hansen): check ...", "Crane supervisor to record ...", "EVC
# (Rachel Burrows) to add ...", "Kofi's team to finish ...". The item's words stay as written. "X to be
# taken off shifts", "X to receive a reminder" or "to get" say what is done to X: no owner.
_OWNER_FIRST = re.compile(
    r"^\s*(?P<who>[A-Z][\w'’.&-]*(?: [\w'’.&-]+){0,3}?)(?: \((?P<holder>[^()]{2,40})\))?"
    r"(?::\s+|\s+to\s+(?!be\b|receive\b|get\b)(?=[a-z])|\s+will\s+(?!be\b|receive\b|get\b)(?=[a-z]))"
)
# Round 25: "TODO (Amara): add ...", "ACTION (Ops lead): ...": a label, then who in brackets.
_LABEL_THEN_WHO = re.compile(r"^\s*(?:TODO|To ?do|ACTION|Action|AP|AI)\s*\((?P<who>[^()]{2,40})\)\s*:\s")
_PERSON = re.compile(r"(?:[A-Z]\.\s?){1,2}[A-Z][a-z'’-]+|[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,2}")
_DETERMINERS = frozenset({"the", "a", "an", "our", "all", "every", "this", "that", "its", "their", "any", "each"})


def owner_first(state: _State, first: str) -> str | None:
    """The owner an item names before its text (see ``_OWNER_FIRST``), or None.

    The words before the colon or "to" are a person's name, a first name the document gives, or a
    role or team: their last word a role word or a team word ("Chief engineer", "Visit leader",
    "Kofi's team"); a bracket after them holding a person's name is the role's holder
    ("D. Hansen (Superintendent)"). Words with an article ("Move the team to ...") are no owner.
    """
    found = _OWNER_FIRST.match(first)
    labelled = _labelled_who(state, first)
    if labelled is not None or found is None:
        return labelled
    who, holder = found.group("who").strip(), (found.group("holder") or "").strip()
    words = who.casefold().split()
    if any(word in _DETERMINERS for word in words):
        return None
    if holder and _PERSON.fullmatch(holder):
        return f"{holder} ({who})"
    if holder:
        return None
    if _PERSON.fullmatch(who) or _first_name(state, who) or _names_role(state, who):
        return who
    return None


def _labelled_who(state: _State, first: str) -> str | None:
    """Round 25: who a label's bracket names ("TODO (Amara): add ..."): a first name, a person or a role."""
    labelled = _LABEL_THEN_WHO.match(first)
    if labelled is None:
        return None
    who = labelled.group("who").strip()
    one = re.fullmatch(r"[A-Z][a-z'’-]{1,20}", who) is not None and who.casefold() not in _NOT_OWNERS
    return who if one or _PERSON.fullmatch(who) or _first_name(state, who) or _names_role(state, who) else None


def _names_role(state: _State, words: str) -> bool:
    """Whether ``words`` end with a role ("Chief engineer", "Note taker") or a team word ("Kofi's team")."""
    lowered = words.casefold()
    return (
        lowered.split()[-1] in _TEAM_WORDS
        or lowered.startswith("head of ")  # "head of flys", "Head of Estates"
        or any(lowered == role or lowered.endswith(" " + role) for role in state.table.role_words)
    )
