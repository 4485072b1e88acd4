"""``blame/person-remedy``: remedies written as tasks aimed at people (round 10).

Action items are terse: "Ravi to be taken off the weekend rota", "Remind the night shift to read
the runbook", "@ravi: stop pushing on Fridays", "Refresher training for the gate supervisors".
Each names a person or a role as what the action changes, where a blameless action item
changes the system and names a person only as its owner ("Ravi to add a lint rule for X",
"Train the anomaly model on ...", "Remind via an automated banner").

The rules here read the shapes such tasks take, in action-item fields, numbered lists, tables
and prose:

- an imperative aimed at people (*remind*, *tell*, *ask*, *pair*, *shadow*, *supervise*,
  *fire* ...) whose object is a person, and for *remind*, *tell* and *ask* a complement that
  is conduct (vocabulary/conduct_verbs.txt: "to double-check", "to read the runbook", "to stop
  ...", "that ...");
- an owner given a task about their own conduct ("Ravi to slow down", "Arvid to shadow a senior
  engineer", "Noor to get sign-off for every change") or something done to them ("to be taken
  off the rota", "must be supervised");
- a line addressed to a person or a team with an instruction ("@ravi: stop pushing",
  "Everyone: please actually read ...");
- a lesson or takeaway written as an instruction to people ("Lesson: stay focused");
- training, a talk or a sanction named as a noun with people as its object ("Refresher training
  for the gate supervisors", "a performance conversation with the engineer").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _generic_people, _person_subject, staffing_plan
from postmortem.checks._blame._hints import may_name_person
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._outsiders import customer_guidance
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._sanctions import _agentive
from postmortem.checks._blame._vocabulary import entries, vocabulary

# Conduct: what a remedy aimed at people asks of them (vocabulary/conduct_verbs.txt), as lemmas.
_CONDUCT: Final = frozenset(lemma(w) for w in vocabulary("conduct_verbs"))
# Of those, the ones that are conduct only with a sign of care after them ("check the region
# before running", "read the handover notes properly"), not work to be done ("check the quota").
_CAREFUL: Final = frozenset(
    lemma(w) for words, reason in entries("conduct_verbs") if "with a sign of care" in reason for w in words
)
_CARE_SIGN_RE: Final = lazy_compile(
    r"\b(?:before|again|properly|carefully|closely|every\s+(?:time|line|step)|from\s+now\s+on|twice|in\s+future|"
    r"going\s+forward|next\s+time|in\s+person|personally|actually|always|never|more|harder|better)\b",
    re.I,
)
# Words that stand for the people of a seat or a group ("the night shift", "the rota", "the folks").
_GROUP_WORDS: Final = frozenset(
    {
        "shift",
        "shifts",
        "rota",
        "rotation",
        "crew",
        "crews",
        "desk",
        "staff",
        "folks",
        "people",
        "everyone",
        "everybody",
        "juniors",
        "seniors",
        "newbies",
        "team",
        "teams",
        "squad",
        "squads",
        "colleagues",
        # Seats that role_nouns.txt leaves out because they also name software ("the editor", "the
        # planner"): the object of "remind", "retrain" or "pair" is a person.
        "editor",
        "editors",
        "planner",
        "planners",
        "pilot",
        "pilots",
        "trader",
        "traders",
        "broker",
        "brokers",
        "guard",
        "guards",
        "volunteer",
        "volunteers",
        "paralegal",
        "paralegals",
        "lawyer",
        "lawyers",
    }
)
_OBJECT_STOP: Final = frozenset(
    {
        "to",
        "that",
        "about",
        "on",
        "with",
        "from",
        "before",
        "so",
        "for",
        "when",
        "whenever",
        "until",
        "of",
        "off",
        "out",
        "up",
        "away",
        "in",
        "into",
        "and",
        "again",
        "by",
        "at",
        "how",
        "what",
        "why",
        "whether",
        "if",
    }
)
_NOT_PEOPLE: Final = frozenset({"yourself", "yourselves", "us", "me", "it", "them", "this", "that", "what", "why"})


def _object_end(s: _Sentence, i: int, limit: int = 7) -> int:
    toks = s.tokens
    end = i
    while end < min(len(toks), i + limit) and toks[end].low not in _OBJECT_STOP and toks[end].text[:1] not in ",;:.()":
        end += 1
    return end


def _person_object(s: _Sentence, i: int, end: int) -> bool:
    """Tell whether tokens i..end (an object) are people: a person, a name or a group of people."""
    toks = s.tokens
    if i >= end or toks[i].low in _NOT_PEOPLE or toks[i].text[:1] in "\"“'‘`":
        return False
    if s.noun_phrase_kind(i, end) == _SYSTEM:
        return False
    for k in range(i, end):
        if s.word_kind(k) == _PERSON or toks[k].low in _GROUP_WORDS or s.is_name(k, loose=True):
            return True
    return False


_GROUP_LEMMAS: Final = frozenset(map(lemma, _GROUP_WORDS))


def _may_hold_people(s: _Sentence) -> bool:
    """Tell cheaply whether :func:`_person_object` could accept some object in *s*, before its tokens are made.

    It needs a word the clause reader may read as a person or a name (see _hints, loosely) or a
    group word; a sentence holding neither has no person for an imperative to be aimed at.
    """
    return may_name_person(s, loose=True) or s.holds_lemma(_GROUP_LEMMAS)


def _conduct_after(s: _Sentence, k: int) -> bool:
    """Tell whether the words from token *k* are conduct asked of people ("to double-check ...")."""
    toks = s.tokens
    while k < len(toks) and toks[k].low in {"to", "please", "actually", "really", "just", "all", "always", "not"}:
        k += 1
    if k >= len(toks):
        return False
    word = lemma(toks[k].low)
    if word not in _CONDUCT:
        return False
    return word not in _CAREFUL or _CARE_SIGN_RE.search(s.text, toks[k].end) is not None


# ---- imperatives aimed at people
_ASKING: Final = frozenset({"remind", "tell", "ask", "instruct", "warn", "urge", "encourage", "get"})


def _imperative_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:  # noqa: PLR0911
    """Accept an imperative whose object is a person, with conduct asked of them for *remind*, *tell*, *ask*.

    "Remind the night shift to read the runbook", "Pair Noor with a senior engineer", "Fire the
    contractor"; not "Remind via an automated banner", "Ask the vendor for the root cause",
    "Ask Priya to add a lint rule" (work on the system, with its owner).
    """
    verb = m.group("verb").lower()
    i = s.index_at(m.end("verb"))
    toks = s.tokens
    while i < len(toks) and toks[i].low in {"all", "every", "each", "the", "our", "any", "both", "of", "whole"}:
        i += 1
    end = _object_end(s, i)
    if not _person_object(s, i, end):
        return None
    first = verb.split()[0]
    if first in _ASKING:
        if end < len(toks) and toks[end].low == "and":
            end = _object_end(s, end + 1)  # "Remind Bartholomew and the rest of infra that ..."
        if end >= len(toks):
            return None
        nxt = toks[end].low
        if nxt == "that" and first in {"remind", "warn", "tell"}:
            return m.start("verb"), toks[end].end
        if nxt == "about" and end + 1 < len(toks) and toks[end + 1].low.endswith("ing"):
            return m.start("verb"), toks[end + 1].end
        if nxt != "to" or not _conduct_after(s, end + 1):
            return None
        return m.start("verb"), toks[min(end + 1, len(toks) - 1)].end
    if first == "pair" and (end >= len(toks) or toks[end].low != "with"):
        return None  # "pair two more people on it": people added to the work, not one paired with a minder
    if first in {"pair", "shadow", "mentor", "supervise", "buddy"} and _new_starters(s, i, end):
        return None  # "Pair new hires with a buddy for their first shift": onboarding, a process
    return m.start("verb"), toks[end - 1].end


def _new_starters(s: _Sentence, i: int, end: int) -> bool:
    lows = {t.low for t in s.tokens[i:end]}
    return bool(lows & {"new", "newly", "incoming", "first-time"}) or bool(
        re.search(r"\b(?:first|initial)\s+(?:shift|week|rotation|month)", s.text, re.I)
    )


# Verbs of an imperative aimed at people: the rare ones, and the common ones (one rule each, so that the
# common verbs' rule runs only on lines holding one of them).
_RARE_IMPERATIVES: Final = (
    r"remind|instruct|warn|urge|encourage|retrain|re-train|re-educate|coach|mentor|pair|shadow|supervise|"
    r"fire|sack|dismiss|demote|suspend|discipline|punish|strip|bench|revoke|kick|"
    r"have\s+a\s+(?:quiet\s+|serious\s+|firm\s+|frank\s+)?(?:talk|chat|conversation)\s+with|"
    r"sit\s+down\s+with|escalate|name\s+and\s+shame"
)
_COMMON_IMPERATIVES: Final = r"tell|ask|keep|make|require|send|write|remove|take|pull|drop|replace"


def _keep_make_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:  # noqa: PLR0911
    """*keep*, *make*, *require* and *send* take people only in some frames.

    "Keep juniors away from production", "Make the on-call pay for the overtime", "Require the
    engineer to present the incident", "Send the clerk on a refresher course".
    """
    verb = m.group("verb").lower().split()[0]
    if verb != "send" and not _may_hold_people(s):
        return None  # every frame below but "send a reminder to ..." needs a person as the object
    if verb not in {"keep", "make", "require", "send", "write", "remove", "take", "pull", "drop", "kick", "revoke"}:
        return _imperative_gate(s, m)
    toks = s.tokens
    i = s.index_at(m.end("verb"))
    while verb == "send" and i < len(toks) and toks[i].low in {"a", "an", "the"}:
        i += 1
    if verb in {"remove", "take", "pull", "drop", "kick", "revoke"} and _owned_rights(s, i, min(len(toks), i + 6)):
        return m.start("verb"), toks[min(len(toks), i + 6) - 1].end  # "Pull Sergei's prod SSH and console rights"
    end = _object_end(s, i, 5)
    if i >= len(toks) or (verb not in {"make", "send"} and not _person_object(s, i, end)):
        return None
    if verb == "require" and _SECOND_PERSON_RE.match(s.text, toks[i].start):
        # Round 13: "Require a second authorised person to confirm any bypass": a second pair of
        # eyes is a safeguard built into the process, not a remedy aimed at the one who acted.
        return None
    nxt = toks[end].low if end < len(toks) else ""
    if verb == "make":
        # "Make the on-call pay for the overtime": the first verb after the person.
        for k in range(i + 1, min(len(toks), i + 5)):
            if lemma(toks[k].low) in _CONDUCT | _MADE_TO and _person_object(s, i, k):
                return m.start("verb"), toks[k].end
        return None
    if verb == "write":
        return (m.start("verb"), toks[end].end) if nxt == "up" else None
    if verb == "send" and lemma(toks[i].low) in {"email", "reminder", "note", "memo", "message", "mail"}:
        # "Send a reminder to the whole team: double-check ...", "Send an email to the team about being careful".
        return (m.start("verb"), toks[i].end) if _SENT_TO_PEOPLE_RE.search(s.text, toks[i].end) else None
    if verb in {"remove", "take", "pull", "drop", "kick"}:
        # "Remove Ilse from the release rota": a person taken off a seat, not "remove the DBA role from ...".
        seat = nxt in {"from", "off", "out"} and _SEAT_RE.match(s.text, toks[end].end) is not None
        return (m.start("verb"), toks[end].end) if seat else None
    ok = (
        (verb == "keep" and nxt in {"away", "off", "out"})
        or (verb == "make" and lemma(nxt) in _CONDUCT | {"pay", "apologise", "apologize", "present", "explain"})
        or (
            verb == "require"
            and nxt == "to"
            and end + 1 < len(toks)
            and lemma(toks[end + 1].low) in _CONDUCT | {"present", "explain", "apologise", "apologize", "justify"}
        )
        or (verb == "send" and nxt in {"on", "to", "back"} and _TRAINING_RE.search(s.text, toks[end].start))
    )
    return (m.start("verb"), toks[end].end) if ok else None


_SECOND_PERSON_RE: Final = lazy_compile(
    r"(?:a\s+(?:second|separate|further)|an\s+(?:independent|additional|extra)|another|two|two\s+different)\b", re.I
)
_MADE_TO: Final = frozenset({"pay", "apologise", "apologize", "present", "explain", "buy", "sign", "write"})
_SENT_TO_PEOPLE_RE: Final = lazy_compile(
    r"\s+to\s+(?:the\s+|all\s+|every\s+|our\s+)?(?:whole\s+|entire\s+)?[\w-]+\s*(?::|about\s+(?:being|taking|paying|"
    r"following|checking|reading|double-checking|the\s+importance))",
    re.I,
)


def _owned_rights(s: _Sentence, i: int, end: int) -> bool:
    toks = s.tokens
    owner = any(
        toks[k].low.endswith("'s") and (s.word_kind(k) == _PERSON or s.is_name(k, loose=True)) for k in range(i, end)
    )
    return owner and any(
        toks[k].low in {"rights", "access", "credentials", "permissions", "privileges"} for k in range(i, end)
    )


_SEAT_RE: Final = lazy_compile(
    r"\s+(?:of\s+)?(?:the\s+|our\s+|any\s+)?(?:[\w-]+\s+){0,2}?(?:rota|rotation|roster|on-?call|pager|team|project|"
    r"schedule|shift|shifts|desk)\b",
    re.I,
)
_TRAINING_RE: Final = lazy_compile(r"\b(?:training|course|workshop|refresher|class|bootcamp|seminar)\b", re.I)


# ---- an owner given a task about their own conduct, or something done to them
_DONE_TO: Final = (
    r"be\s+(?:(?:firmly|formally|personally|closely|again|also|temporarily|permanently)\s+)?(?:taken\s+off|moved\s+off|"
    r"moved\s+out\s+of|pulled\s+(?:off|from)|kept\s+(?:off|away|out)|stood\s+down|removed\s+from|dropped\s+from|"
    r"supervised|shadowed|paired|monitored|watched|escorted|chaperoned|accompanied|reassigned|replaced|benched|"
    r"sidelined|grounded|demoted|suspended|punished|sanctioned|named|quizzed|tested\s+on|made\s+to|put\s+on|"
    r"placed\s+on|told|spoken\s+to|re-?trained|reminded|warned|dealt\s+with|written\s+up|walked\s+through|"
    r"talked\s+through|coached|re-?assessed|re-?certified|observed\s+by)"
)


def _done_to_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept something done to a person as the remedy: "Ravi to be taken off the rota", "must be supervised"."""
    if denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    toks = s.tokens
    if m.group().lower().endswith(" named") and any(toks[k].low in _SLOTS for k in range(max(0, i - 4), i)):
        return False  # round 16: "Owner: to be named", "the assignee will be named": a seat filled, no culprit
    # "be told" and "be named" ask for people; "the release will be named", "the pods will be moved off".
    return _person_subject(s, m) or any(
        s.is_name(k, loose=True) or toks[k].low in _GROUP_WORDS or toks[k].low in _RESPONSIBLE
        for k in range(a, i)
        if toks[k].low != "action"
    )


_SLOTS: Final = frozenset(w + e for w in vocabulary("slot_nouns") for e in ("", "s"))


# "Those responsible will be spoken to", "the engineer responsible for INC-2207 is to be removed".
_RESPONSIBLE: Final = frozenset({"responsible", "involved", "concerned", "culprit", "culprits"})


_OWN_TASK: Final = (
    r"slow\s+down|shadow|pair\s+with|double-check|triple-check|look\s+(?:harder|closer|more\s+closely|more\s+carefully)|"
    r"make\s+more\s+of\s+an\s+effort|stay\s+(?:sharp|alert|focused|vigilant|awake)|re-?take|re-?sit|re-?read|reread|get\s+(?:a\s+)?(?:sign-?off|approval|"
    r"written\s+approval|a\s+second\s+pair|a\s+colleague|someone|a\s+senior)|have\s+(?:every|all|each|his|her|their)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:checked|reviewed|approved|signed\s+off)|stop\s+\w+ing|think\s+(?:twice|harder|before)|"
    r"take\s+(?:more\s+|extra\s+|greater\s+)?care|pay\s+(?:more\s+|closer\s+)?attention|focus\s+(?:more|harder)|"
    r"be\s+more|be\s+careful|apologi[sz]e|present\s+the\s+(?:incident|outage|mistake|error)|learn\s+(?:from|to)|"
    r"study|brush\s+up|read\s+up|practi[cs]e|memori[sz]e|watch\s+(?:[\w-]+\s+){0,6}?(?:more\s+)?closely|"
    r"check\s+(?:his|her|their)\s+(?:own\s+)?(?:work|changes|scripts|queries|commands)|always|never|not\s+\w+\s+again|"
    r"get\s+better\s+at|pause\s+and|use\s+(?:their|his|her|your)\s+(?:judge?ment|heads?|brains?|common\s+sense)|"
    r"exercise\s+(?:due\s+|more\s+|greater\s+)?(?:diligence|care|caution|judge?ment)|"
    r"get\s+(?:a\s+lot\s+|much\s+)?more\s+disciplined|be\s+(?:more\s+)?disciplined|"
    # Conduct told by its manner rather than its verb: "take their job more seriously", "take her
    # time over each script", "take responsibility for their own work".
    r"take\s+(?:[\w'-]+\s+){0,3}?(?:more\s+|very\s+)?seriously|take\s+(?:his|her|their|your|more)\s+time|"
    r"take\s+(?:more\s+|full\s+|personal\s+)?(?:responsibility|ownership)\s+for\s+(?:his|her|their|your)\s+own"
)
# Supervision and sign-off: aimed at a person when a person in particular is its subject ("Sipho must get
# sign-off"); a rule of the process when everyone in a seat is ("engineers must get sign-off for prod changes").
_SUPERVISED_RE: Final = lazy_compile(
    r"shadow|pair|sign-?off|approval|second\s+pair|colleague|someone|senior|checked|"
    r"reviewed|approved|signed|re-?take|re-?sit|always|never",
    re.I,
)


def _own_task_gate(s: _Sentence, m: re.Match[str]) -> bool:  # noqa: PLR0911
    """Accept "NAME to slow down", "the night editor to re-read ...": a task about the owner's own conduct.

    The one before "to" must be a person and open its clause (after an action item's label),
    so that "a lint rule to stop spurious pages" is not read as one.
    """
    i = s.index_at(m.start())
    toks = s.tokens
    if i == 0 or staffing_plan(s, m):
        return False
    if toks[i].low != "to":
        # "Sipho must get sign-off", "the on-call engineers need to ..." (below): the clause's subject.
        if not _person_subject(s, m) or customer_guidance(s, m) or denied_before(s.text, m.start()):
            return False
        if any(toks[k].low in {"we", "i"} for k in range(s.boundary_before(i) + 1, i)):
            return False  # "we will stop asking it to guess": the team's own commitment
        return not (_SUPERVISED_RE.search(m.group()) and _generic_people(s, i))
    a = s.boundary_before(i - 1) + 1
    while a < i and toks[a].low in {"action", "item", "ai", "todo", "follow-up", "followup", "owner", "-", "[", "]"}:
        a += 1
    if a >= i or denied_before(s.text, m.start()):
        return False
    k = i - 1
    if toks[k].low in {
        "expected",
        "required",
        "asked",
        "need",
        "needs",
        "have",
        "has",
        "going",
        "got",
        "is",
        "are",
        "must",
        "should",
    }:
        # "the tower engineers are expected to watch ... more closely": the clause's subject.
        subject = range(s.boundary_before(i) + 1, i)
        person = _person_subject(s, m) or any(s.word_kind(k) == _PERSON or toks[k].low in _GROUP_WORDS for k in subject)
        if not person or customer_guidance(s, m) or denied_before(s.text, m.start()):
            return False
        return not (_SUPERVISED_RE.search(m.group()) and _generic_people(s, i))
    kind_ok = s.word_kind(k) == _PERSON or s.is_name(k, loose=True) or toks[k].low in _GROUP_WORDS
    # "The fix is for the beacon team to stop ...": the one after "for" does the task (round 19).
    a = next((x + 1 for x in range(k - 1, a - 1, -1) if toks[x].low == "for"), a)
    return kind_ok and s.noun_phrase_kind(a, i) != _SYSTEM


# ---- a line addressed to someone, with an instruction
_ADDRESSED_RE: Final = lazy_compile(r"^\W*(?P<who>@?[\w.'-]+(?:\s+[\w.'-]+){0,3})\s*:\s*", re.I)
# Labels that open a line ("Action: ...", "Q: ..."): the line is not addressed to a person.
_LABELS: Final = frozenset(
    {
        "action", "actions", "ai", "todo", "note", "notes", "fix", "fixes", "follow-up", "followup",
        "remediation", "lesson", "lessons", "takeaway", "takeaways", "summary", "impact", "cause", "root",
        "owner", "status", "update", "q", "a", "answer", "question", "result", "outcome", "decision", "next",
        "step", "steps", "item",
    }
)  # fmt: skip


def _addressed_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "@ravi: stop pushing on Fridays", "Ingrid: slow down.", "Everyone: please actually read ..."."""
    found = _ADDRESSED_RE.match(s.text)
    if found is None or found.end() > m.start() + 1:
        return None
    who = found.group("who").lower()
    words = who.split()
    if words[0] in _LABELS or words[-1] in _LABELS:
        return None
    a = s.index_at(found.start("who"))
    b = s.index_at(found.end("who") - 1) + 1
    people = who.startswith("@") or words[0] in {"everyone", "everybody", "all", "team", "folks", "people", "y'all"}
    people = people or any(s.word_kind(k) == _PERSON for k in range(a, b))
    if not people and any(s.is_name(k, loose=True) for k in range(a, b)):
        # A capitalised label is a name or a component ("Ingrid: read the runbook", "Adapter:
        # read new field ..."): a label named like an agent noun ("Adapter", "Parser", "Importer")
        # before an instruction about data only a program reads is the component's.
        people = (
            _AGENT_NOUN_RE.fullmatch(who) is None
            or not _data_object(s, s.index_at(m.end()))
            or _YOU_RE.search(s.text, m.end()) is not None
        )
    return (m.start(), m.end()) if people else None


# What people read, watch or follow (vocabulary/looked_at_things.txt, neglected_things.txt,
# signal_words.txt): "read the runbook", "read the alert" are addressed to people.
_ATTENDED: Final = frozenset(
    w + e
    for w in vocabulary("looked_at_things") | vocabulary("neglected_things") | vocabulary("signal_words")
    for e in ("", "s")
) | frozenset({"notes", "docs", "documentation", "manual", "appendix", "instructions", "log", "logs", "guide", "wiki"})


_YOU_RE: Final = lazy_compile(r"\b(?:you|your|yourself)\b", re.I)
_AGENT_NOUN_RE: Final = lazy_compile(r"[a-z]+(?:er|or)s?")


def _data_object(s: _Sentence, i: int) -> bool:
    """Tell whether the object from token *i* is a system thing people do not read ("new field", "the header")."""
    end = _object_end(s, i)
    if i >= end or s.noun_phrase_kind(i, end) != _SYSTEM:
        return False
    return not any(s.tokens[k].low in _ATTENDED for k in range(i, end))


# ---- a lesson written as an instruction to people
def _lesson_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Lesson: stay focused", "Takeaway for the on-call: trust nothing": conduct asked of people."""
    toks = s.tokens
    k = s.index_at(m.end())
    while k < len(toks) and (
        toks[k].low
        in {
            "as",
            "individuals",
            "we",
            "you",
            "the",
            "team",
            "must",
            "should",
            "simply",
            "have",
            "to",
            "need",
            "just",
            "all",
            "please",
            "a",
            "lot",
            "don't",
            "never",
            "do",
            "not",
        }
        or s.is_name(k, loose=True)
    ):
        k += 1
    if k >= len(toks):
        return False
    word = lemma(toks[k].low)
    if word in {"trust", "rush", "touch", "assume", "cut"}:
        return toks[k - 1].low in {"never", "not", "don't"} or (
            toks[k + 1 : k + 2] != [] and toks[k + 1].low in {"nothing", "no", "no-one"}
        )
    if word == "let" and toks[k - 1].low in {"don't", "never", "not"}:
        return _person_object(s, k + 1, _object_end(s, k + 1))  # "Lesson learned: don't let Marcus near the firewall"
    if word in {"keep", "stay"}:
        nxt = toks[k + 1].low if k + 1 < len(toks) else ""
        return nxt in {"focused", "focussed", "alert", "sharp", "vigilant", "calm"} or _person_object(
            s, k + 1, _object_end(s, k + 1)
        )
    return _conduct_after(s, k) or (word in {"be", "get"} and _CARE_SIGN_RE.search(s.text, toks[k].end) is not None)


_OWN_WRITE_UP_RE: Final = lazy_compile(r"\b(?:my|our)\s+(?:[\w-]+\s+)?w$", re.I)


def _training_for_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Refresher training for the gate supervisors": people as what the training is for.

    Not the writers' own document (round 25: "then my write-up for the owners").
    """
    if _OWN_WRITE_UP_RE.search(s.text, max(0, m.start() - 24), m.start() + 1):
        return False
    i = s.index_at(m.end())
    return _person_object(s, i, _object_end(s, i))


# ---- a person set to learn: "Callum to complete the vendor's certification before he runs another
# cut-over", "All tariff staff to attend a refresher", "the nurse to complete a competency reassessment".
_LEARNING: Final = (
    r"training|refresher|refreshers|course|courses|module|modules|certification|re-?certification|re-?assessment|"
    r"assessment|check\s+ride|induction|workshop|session|class|classes|exam|bootcamp|seminar"
)
_REMEDIAL_RE: Final = lazy_compile(
    r"\b(?:refresher|remedial|re-?assessment|re-?certification|again|re-?take|re-?sit|re-?do|repeat|before\s+(?:he|she|they)|"
    r"check\s+ride)\b",
    re.I,
)


def _learner_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a learning task whose subject is a person.

    One person by name or seat, or a whole group when the learning is remedial (a refresher, a
    reassessment, "before he runs another"). Onboarding is a process, not a remedy.
    """
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    toks = s.tokens
    while a < i and toks[a].low in {"action", "item", "ai", "todo", "follow-up", "followup", "owner", "-", "[", "]"}:
        a += 1
    if a >= i or denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    if any(toks[k].low in {"we", "i", "you"} for k in range(a, i)) or s.noun_phrase_kind(a, i) == _SYSTEM:
        return False
    if _new_starters(s, a, i):
        return False  # "New on-call engineers to complete the incident-command training": onboarding
    person = any(
        s.word_kind(k) == _PERSON or s.is_name(k, loose=True) or toks[k].low in _GROUP_WORDS for k in range(a, i)
    ) or _agentive(toks[i - 1].low)
    if not person:
        return False
    plural = toks[i - 1].low.endswith("s") and s.word_kind(i - 1) == _PERSON  # "the on-call engineers will attend"
    generic = plural or toks[a].low in {"all", "every", "each", "everyone", "everybody"} or _generic_people(s, i)
    return not generic or _REMEDIAL_RE.search(s.text) is not None


RULES: Final = (
    _Rule(
        "blame/person-remedy",
        r"(?:^|[:;]\s*)[\W\d]*(?:please\s+)?(?P<verb>" + _RARE_IMPERATIVES + r")\s+",
        _keep_make_gate,
        "An action item aimed at a person or a role (reminding, pairing, supervising or sanctioning them) "
        "changes people, not the system that made the slip likely.",
        "Name the change to the system or the process instead (a check, a default, a prompt), with an owner.",
        keys=_k(
            "remind instruct warn urge encourage retrain re coach mentor pair shadow supervise fire sack dismiss "
            "demote suspend discipline punish strip bench sit escalate shame revoke kick talk chat conversation"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"(?:^|[:;]\s*)[\W\d]*(?:please\s+)?(?P<verb>" + _COMMON_IMPERATIVES + r")\s+",
        _keep_make_gate,
        "An action item aimed at a person or a role (reminding, pairing, supervising or sanctioning them) "
        "changes people, not the system that made the slip likely.",
        "Name the change to the system or the process instead (a check, a default, a prompt), with an owner.",
        keys=_k("tell ask keep make require send write remove take pull drop replace"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:to|must|should|will|shall|is\s+to|are\s+to|needs?\s+to)\s+" + _DONE_TO + r"\b|\b(?:is|are)\s+"
        r"(?:hereby\s+|again\s+|once\s+again\s+|firmly\s+|formally\s+)?(?:reminded|warned|instructed)\s+(?:of|to|that)\b",
        _done_to_gate,
        "An action item that does something to a person (taking them off a rota, supervising them) is a remedy "
        "aimed at the person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a review step, a "
        "confirmation or a staged rollout.",
        keys=_k(),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:to|must|should|will|shall)\s+(?:" + _OWN_TASK + r")\b",
        _own_task_gate,
        "An action item asking a person to change their own conduct is a remedy aimed at the person.",
        "Name the change to the system or the process that makes the slip hard to make, with an owner.",
        keys=_k(),
    ),
    _Rule(
        "blame/person-remedy",
        r"(?<=:)\s*(?:please\s+)?(?:actually\s+)?(?:stop\s+\w+ing|slow\s+down|re-?read|reread|read|double-check|"
        r"don't|do\s+not|never\s+(?!mind\b)\w+|always\s+\w+|be\s+more|be\s+careful|think|remember|focus|"
        r"pay\s+attention|take\s+(?:more\s+)?care|check\s+(?:your|twice))\b",
        _addressed_gate,
        "An instruction addressed to a person or a team is a remedy aimed at people, not at the system.",
        "Name the change to the system or the process that makes the slip hard to make, with an owner.",
        keys=_k("stop slow re reread read double don't do never always be think remember focus pay take check"),
    ),
    _Rule(
        "blame/person-remedy",
        r"^\W*(?:lessons?|takeaways?|learnings?|moral|key\s+learning)(?:\s+(?:learned|learnt))?"
        r"(?:\s+for\s+(?:[\w'-]+\s+){0,4}?[\w'-]+)?\s*:\s*",
        _lesson_gate,
        "A lesson written as an instruction to people (stay focused, read every line) puts the fix on their "
        "conduct, not on the system.",
        "Write the lesson about the system: what made the slip easy, and what will make it hard.",
        keys=_k("lesson lessons takeaway takeaways learning learnings moral"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:(?:refresher|remedial|mandatory|additional|extra|further|more|re-?)\s*(?:training|coaching|course|"
        r"workshop|sessions?|classes)|coaching(?:\s+sessions?)?|retraining|write-?up|talking-?to|dressing-?down|"
        r"reprimand|refreshers?|re-?assessments?|re-?certifications?)\s+(?:for|on\s+\w+\s+for)\s+",
        _training_for_gate,
        "Training or coaching for the people involved, as the remedy, treats the incident as a gap in their "
        "knowledge and changes nothing in the system.",
        "Propose a change to the system instead: make the guidance part of the tool (a check, a prompt, a "
        "default) so that following it does not depend on someone's training.",
        keys=_k(
            "training coaching course workshop session sessions classes retraining write writeup talking "
            "dressing reprimand refresher refreshers reassessment reassessments assessment assessments "
            "recertification recertifications certification certifications"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:to|must|should|will|shall|needs?\s+to|has\s+to|have\s+to)\s+(?:(?:first|also|then)\s+)?"
        r"(?:complete|attend|undergo|sit|redo|re-do|repeat|retake|re-take|resit|re-sit|do|go\s+through|pass)\s+"
        r"(?:[\w'-]+\s+){0,4}?(?:" + _LEARNING + r")\b",
        _learner_gate,
        "Training for the people involved, as the remedy, treats the incident as a gap in their knowledge and "
        "changes nothing in the system.",
        "Propose a change to the system instead: make the guidance part of the tool (a check, a prompt, a "
        "default) so that following it does not depend on someone's training.",
        keys=_k(
            "complete attend undergo sit redo re repeat retake resit do go pass",
            "training refresher refreshers course courses module modules certification recertification "
            "reassessment assessment ride induction workshop session class classes exam bootcamp seminar",
        ),
    ),
)
