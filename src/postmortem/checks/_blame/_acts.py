"""A person's act told as blame in ordinary words (round 9 of issue 14).

General readings rather than phrases: a person (a name, a role, a pronoun, a team) as the
subject of an act, with something in the same clause that turns the act into blame:

- an omission told as the person's choice: the act done **without** a step or safeguard
  (*deployed the hotfix without a review*, *with no backup*), **instead of** or **rather
  than** the expected step (*Instead of waiting for the second approval, Benedikt merged
  it*), the person's **own** approval (*approved his own pull request*, *merged it himself*),
  or left behind (*pushed the change at 17:55 and logged off*);
- attention and competence (*didn't understand how failover picks a primary*, *wasn't
  reading the output*, *should know that the flush is global*);
- a character word predicated of the person or owned by them (*is too arrogant to ask*, *the
  network team's arrogance*, *a couple of cowboys*), from ``vocabulary/character_words.txt``;
- venting at a person: an act of theirs told as a repeat (*once again infra trashed the
  sandbox*, *not for the first time*), with the person the target.

Every reading is turned down when the sentence gives the reasons (*because*, *since*): the
blameless way to tell an act is with the conditions that made it reasonable. The writers'
own narrative (*we*, *I*) is left to the self-blame rules. Each pattern is a run of literal
words and bounded gaps, matched once per sentence (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _EXPLANATION_RE, permitted_before
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._omissions import RULES as _OMISSIONS
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _DETERMINERS, vocabulary

# Harm named after the link: verbs of harm and destruction (every form, by lemma), and outcome words.
_HARM_LEMMAS: Final = frozenset(
    lemma(w)
    for w in vocabulary("harm_verbs")
    | vocabulary("destructive_verbs")
    | {"lock", "corrupt", "duplicate", "reboot", "fail", "lose", "take", "knock", "bring", "charge", "page", "block"}
)
_HARM_WORDS: Final = frozenset(
    {"down", "offline", "dark", "outage", "downtime", "twice", "broken", "lost", "read-only", "frozen", "loop"}
)
# A slip told by its verb (vocabulary/slip_verbs.txt): every form but the base, which is an
# instruction or an intention ("to mistype", "don't misconfigure"), longest first.
_SLIP_FORMS: Final = sorted(
    {f for w in vocabulary("slip_verbs") for f in forms(w) if f != w},
    key=lambda f: (-len(f), f),
)
_RECOVERY_RE: Final = lazy_compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|improv\w*|stabili\w*|heal\w*|caught|spotted|noticed|"
    r"showed|came\s+back|back\s+up|saved|prevented|avoided)\b",
    re.I,
)


def harm_after(s: _Sentence, pos: int) -> bool:
    """Tell whether harm is named after *pos* in the sentence, and no recovery."""
    if _RECOVERY_RE.search(s.text, pos):
        return False
    toks = s.tokens
    for k in range(s.index_at(pos), len(toks)):
        low = toks[k].low
        if low in _HARM_WORDS or lemma(low) in _HARM_LEMMAS:
            return True
    return False


_CHOICE_SUGGESTION: Final = (
    "Describe what made the step look skippable at the time (pressure, a tool that allowed it, "
    "no one to ask) and what would make it happen by default."
)
_SAFEGUARDS: Final = vocabulary("skipped_safeguards")
_CHARACTER_WORDS: Final = vocabulary("character_words")
# Verbs of acting on a system, every form: the action, risky and destructive verbs.
_ACTING: Final = frozenset(
    lemma(w) for w in vocabulary("action_verbs") | vocabulary("risky_verbs") | vocabulary("destructive_verbs")
)
_WRITERS: Final = frozenset({"we", "i", "us"})
_REASON_RE: Final = lazy_compile(r"\b(?:because|since|as\s+(?:the|it|they|he|she)|so\s+that|in\s+order\s+to)\b", re.I)


def _acting_subject(s: _Sentence, i: int) -> tuple[int, int] | None:
    """Find, in the clause holding token *i* and before it, a person's act on a system.

    Returns:
        The span from the subject's first word to the verb, or None when the clause's
        subject is not a person, is the writers themselves, or no acting verb stands there.
    """
    if not s.holds_lemma(_ACTING) or not may_have_person_subject(s):
        return None  # no acting verb anywhere in the sentence, or no person (see _hints)
    toks = s.tokens
    a = s.boundary_before(i) + 1
    for k in range(a, i):
        if lemma(toks[k].low) in _ACTING and s.subject_kind(k) == _PERSON:
            if any(toks[x].low in _WRITERS for x in range(max(0, a - 1), k)):
                return None
            return toks[a].start, toks[k].end
    return None


def _without_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's act done without a step or safeguard, in a sentence giving no reason."""
    if _REASON_RE.search(s.text) or permitted_before(s.text, m.start()):
        return None
    if not s.holds_lemma(_ACTING) or not may_have_person_subject(s):
        return None  # as _acting_subject turns it down, before the tokens are made for the match's index
    found = _acting_subject(s, s.index_at(m.start()))
    return (found[0], m.end()) if found else None


def _writers_subject(s: _Sentence, i: int) -> bool:
    a = s.boundary_before(i) + 1
    return any(s.tokens[k].low in _WRITERS for k in range(a, min(i + 1, len(s.tokens))))


def _instead_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Instead of waiting for the approval, Benedikt merged it": a person chose the other way.

    The person acting is the subject of the clause holding the match, or, when the sentence
    opens with it, of the clause after its comma.
    """
    if _REASON_RE.search(s.text):
        return None
    i = s.index_at(m.start())
    found = _acting_subject(s, i) or _person_act_from(s, i)
    return (min(found[0], m.start()), max(found[1], m.end())) if found else None


def _person_act_from(s: _Sentence, i: int) -> tuple[int, int] | None:
    """Find a person acting in the clause after the next comma ("Rather than follow it, the operator improvised")."""
    toks = s.tokens
    k = i
    while k < len(toks) and toks[k].low != ",":
        k += 1
    end = min(len(toks), k + 8)
    for j in range(k + 1, end):
        if s.is_verb(j) and s.subject_kind(j) == _PERSON:
            if any(toks[x].low in _WRITERS for x in range(k + 1, j)):
                return None
            return toks[k + 1].start, toks[j].end
    return None


def _own_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person approving or merging their own change."""
    i = s.index_at(m.start())
    return s.subject_kind(i) == _PERSON and not _writers_subject(s, i)


def _slip_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a slip verb with a person as its subject, not a participle as an adjective ("the misrouted traffic")."""
    if not may_have_person_subject(s):
        return False  # see _understanding_gate
    i = s.index_at(m.start())
    if i > 0 and s.tokens[i - 1].low in _DETERMINERS:
        return False
    return _understanding_gate(s, m)


def _understanding_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's attention or understanding judged, unless the sentence explains it.

    Not when the writers are the subject anywhere before the match ("we tested it against a copy,
    but the copy left out ..."), nor when the subject's head is a role word naming software
    ("the lock manager lost track of the lease", "the package manager").
    """
    if not may_have_person_subject(s):
        return False  # no word could be the person (see _hints)
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON or any(t.low in _WRITERS for t in s.tokens[:i]):
        return False
    a = s.boundary_before(i) + 1
    for k in range(a + 1, i):
        if s.tokens[k].low in _SOFTWARE_HEADS and s.tokens[k - 1].low not in _DETERMINERS | _PEOPLE_MODIFIERS:
            return False
    # Round 14: the judgement given as the reason ("didn't hear the alarm because they weren't listening")
    # is no explanation of it; one before it in another clause ("Because the screen was dim, ...") or
    # after it is.
    if _EXPLANATION_RE.search(s.text, m.end()):
        return False
    ends = [found.end() for found in _EXPLANATION_RE.finditer(s.text, 0, m.start())]
    return not ends or _CLAUSE_BREAK_RE.search(s.text, ends[-1], m.start()) is None


_CLAUSE_BREAK_RE: Final = lazy_compile(r"[,;:]")


# Role words that also head names of software ("the lock manager", "the ingress controller").
_SOFTWARE_HEADS: Final = frozenset({"manager", "managers", "operator", "operators", "controller", "agent"})
# Words before "manager" that keep it a person's seat ("the release manager", "the duty manager").
_PEOPLE_MODIFIERS: Final = frozenset(
    {
        "release",
        "incident",
        "product",
        "engineering",
        "project",
        "duty",
        "shift",
        "program",
        "programme",
        "delivery",
        "account",
        "store",
        "line",
        "general",
        "ops",
        "operations",
        "night",
        "day",
        "change",
        "hiring",
        "team",
        "site",
    }
)


def _not_denied(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept unless a negation stands just before the match ("not the same person as last time")."""
    return not re.search(r"\b(?:not|never|no)\s+(?:\w+\s+)?$", s.text[max(0, m.start() - 20) : m.start()], re.I)


def _remedy_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a remedy aimed at people: the subject of the passive, or the one after "a word with", is a person."""
    if m.group().lower().startswith(("have", "write")):
        i = s.index_at(m.end())
        return i < len(s.tokens) and (
            s.word_kind(i) == _PERSON or s.noun_phrase_kind(i, min(len(s.tokens), i + 4)) == _PERSON
        )
    i = s.index_at(m.start())
    return s.subject_kind(i) == _PERSON and not _writers_subject(s, i)


def _character_word_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a character word said of a person: as the complement of their clause, or owned by them."""
    if s.text[m.end() : m.end() + 1] == "-":
        return False  # joined into a name: "lax-mode"
    if m.group().lower().startswith("cowboy"):
        return True  # a noun for a person: "a couple of cowboys on the platform team"
    i = s.index_at(m.end() - 1)
    if i > 0 and s.tokens[i - 1].low.endswith(("'s", "’s")) and s.word_kind(i - 1) == _PERSON:
        return True  # "the network team's arrogance"
    return s.subject_kind(i) == _PERSON and not _writers_subject(s, i)


def _repeat_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept an act of a person's told as a repeat ("once again infra trashed the sandbox")."""
    # The act must be one of _REPEAT_ACTS: most sentences hold none ("the alert fired again").
    if _REASON_RE.search(s.text) or not s.holds_lemma(_REPEAT_ACTS) or not may_have_person_subject(s):
        return None
    toks = s.tokens
    i = s.index_at(m.start())
    j = s.index_at(m.end() - 1) + 1
    # The act is in the match's clause, before or after it (up to its end).
    b = j
    while b < len(toks) and not s._is_boundary(b):
        b += 1
    if b == j and b < len(toks) and toks[b].low == "," and s.boundary_before(i) < 0:
        # Round 16: the marker opening the sentence ("As usual, the data team ..."): the clause after it.
        b += 1
        while b < len(toks) and not s._is_boundary(b):
            b += 1
    for k in range(s.boundary_before(i) + 1, b):
        if k in range(i, j):
            continue
        if lemma(toks[k].low) in _REPEAT_ACTS and s.subject_kind(k) == _PERSON:
            a = s.boundary_before(k) + 1
            if any(toks[x].low in _WRITERS for x in range(a, k)):
                return None
            return min(m.start(), toks[a].start), max(m.end(), toks[k].end)
    return None


# A repeat is venting when the act harmed or bypassed something: the destructive and risky
# verbs and a few of breaking ("broke", "trashed", "nuked"); "restarted the consumer again" is not.
# Round 16: the verbs of harm, destruction and slips from the vocabulary too ("the analytics team
# hammered the replica again", "the packers mislabelled the crates yet again").
_REPEAT_ACTS: Final = frozenset(
    lemma(w)
    for w in vocabulary("destructive_verbs")
    | vocabulary("harm_verbs")
    | vocabulary("harmful_acts")
    | vocabulary("slip_verbs")
    | {"break", "trash", "nuke", "force-push", "bypass", "skip"}
) - {lemma(w) for w in ("restarted", "rebooted", "restored", "reindexed", "migrated", "kill", "terminate", "drain")}

_SAFEGUARD_WORDS: Final = "|".join(sorted(re.escape(w) for w in _SAFEGUARDS))
_CHARACTER_PATTERN: Final = "|".join(sorted((re.escape(w) for w in _CHARACTER_WORDS), key=lambda w: (-len(w), w)))

RULES: Final = (
    # ---- an omission told as the person's choice
    _Rule(
        "blame/named-person",
        r"\b(?:without|with\s+no|no)\s+(?:a\s+|an\s+|any\s+|the\s+|first\s+|so\s+much\s+as\s+a\s+)?"
        r"(?:[\w-]+\s+)?(?:" + _SAFEGUARD_WORDS + r")\b",
        _without_gate,
        "Tells a step the person went without as their choice.",
        _CHOICE_SUGGESTION,
        keys=_k("without no", " ".join(sorted({w.split("-")[0] for w in _SAFEGUARDS}))),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:instead\s+of|rather\s+than)\s+(?:waiting|following|follow|checking|check|testing|test|asking|ask|"
        r"reading|read|escalating|escalate|paging|page|using|use|running|run|wait)\b",
        _instead_gate,
        "Sets what a person did against the step they did not take: the choice judged with hindsight.",
        _CHOICE_SUGGESTION,
        keys=_k("instead rather"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:approved|approves|approving|merged|merges|merging|reviewed|reviews|signed\s+off)\s+"
        r"(?:on\s+)?(?:his|her|their)\s+own\b"
        r"|\b(?:merged|merges|pushed|pushes|deployed|deploys|shipped|ships|approved|approves)\s+(?:it|them|the\s+[\w-]+"
        r"(?:\s+[\w-]+)?)\s+(?:himself|herself|themselves|themself)\b",
        _own_gate,
        "Tells a safeguard the person went around (their own approval) as their choice.",
        _CHOICE_SUGGESTION,
        keys=_k("own himself herself themselves themself"),
    ),
    _Rule(
        "blame/named-person",
        r"\band\s+(?:then\s+|just\s+|simply\s+)?(?:logged\s+off|went\s+(?:home|to\s+bed|on\s+leave|offline|"
        r"to\s+lunch)|left\s+for\s+the\s+(?:day|weekend|night))\b",
        _without_gate,
        "Tells a person's act and their leaving it behind as their choice.",
        _CHOICE_SUGGESTION,
        keys=_k("logged went left", "off home bed leave offline lunch day weekend night"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:and|but)\s+(?:then\s+|just\s+|simply\s+|still\s+)?did\s+(?:nothing|not\s+a\s+thing)\s+(?:with|about)\b",
        _understanding_gate,
        "Says a person had a signal in hand and did nothing with it: a judgement of their conduct.",
        "Describe what made the signal look less urgent than it was, and who owned acting on it.",
        keys=_k("nothing thing", "with about"),
    ),
    # ---- remedies aimed at people, in the passive ("nurses to be reminded to check ...")
    _Rule(
        "blame/person-remedy",
        r"\b(?:to\s+be|will\s+be|must\s+be|should\s+be|shall\s+be|are\s+being|is\s+being|have\s+been|has\s+been)\s+"
        r"(?:formally\s+|again\s+|all\s+|individually\s+)?(?:reminded|retrained|re-trained|re-educated|coached|"
        r"counsell?ed|reassessed|re-assessed|recertified|re-certified|written\s+up)\b"
        r"|\bhave\s+a\s+(?:quiet\s+|serious\s+|firm\s+)?word\s+with\b",
        _remedy_gate,
        "Proposes changing a person (reminding, retraining, a talk) as the remedy: that does not make the "
        "system safer.",
        "Name the change to the system or the process that makes the slip hard to make, with an owner and a due date.",
        keys=_k(
            "reminded retrained trained educated coached counselled counseled reassessed assessed "
            "recertified certified written word"
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:left|leaves|leaving)\s+(?:the\s+|a\s+|an\s+|it|them|their\s+|his\s+|her\s+)(?:[\w'’-]+\s+){0,6}?"
        r"(?:on|open|enabled|running|unlocked|exposed|public)\s+(?:after|overnight|over\s+the|for\s+(?:days|weeks|"
        r"months|the\s+weekend)|to\s+the\s+(?:public|internet|world))\b|\b(?:left|leaves)\s+out\s+(?:the|a|an|its)\b",
        _understanding_gate,
        "Tells something a person left undone or left exposed as their lapse.",
        _CHOICE_SUGGESTION,
        keys=_k("left leaves leaving", "after overnight over days weeks months weekend public internet world out"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:dismissed|dismisses|overrode|overrides|overruled|overrules|brushed\s+aside|waved\s+away)\s+"
        r"(?:the\s+|all\s+|every\s+one\s+of\s+|each\s+of\s+|both\s+|[\w'’-]+(?:'s|’s)\s+)?(?:[\w-]+\s+){0,2}?"
        r"(?:warnings?|concerns?|alerts?|alarms?|objections?|them|it)\b",
        _understanding_gate,
        "Says a person set a warning aside, which blames them with hindsight.",
        "Describe what the warning looked like at the time and why setting it aside seemed reasonable.",
        keys=_k("dismissed dismisses overrode overrides overruled overrules brushed waved"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:treats|treated|treat|treating)\s+(?:[\w-]+\s+){0,2}?(?:warnings|alerts|pages|alarms|rules|procedures|"
        r"runbooks|reviews|checklists)\s+as\s+(?:mere\s+)?(?:suggestions|optional|noise|advice|decoration)\b",
        _understanding_gate,
        "Judges a person's attitude to the process instead of describing what made it easy to skip.",
        _CHOICE_SUGGESTION,
        keys=_k("treats treated treat treating", "suggestions optional noise advice decoration"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwith\s+(?:no\s+one|nobody|no-one)\s+(?:else\s+)?(?:on\s+call|on-call|watching|around|reviewing|looking)\b",
        _without_gate,
        "Tells a step the person went without as their choice.",
        _CHOICE_SUGGESTION,
        keys=_k("no nobody", "call watching around reviewing looking"),
    ),
    _Rule(
        "blame/named-person",
        r"\bthe\s+same\s+(?:person|guy|people|team|engineer|culprit|one)\s+as\s+(?:last\s+time|before|always|"
        r"every\s+time)\b",
        _not_denied,
        "Points at a person as a repeat culprit instead of describing what happened.",
        "Say what happened this time and what in the system lets it recur.",
        keys=_k("same", "last before always every"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:now\s+|permanently\s+)?(?:banned|barred)\s+from\b"
        r"|\bwrite\s+up\s+(?:the\s+|our\s+)?(?=[\w@])",
        _remedy_gate,
        "Proposes a sanction against a person as the remedy; that punishes, it does not make the system safer.",
        "Drop sanctions from the post-mortem; name the change to the system or the process that makes the "
        "failure less likely, and give it an owner and a due date.",
        keys=_k("banned barred write"),
    ),
    # ---- a slip told with a verb that is itself the person's error ("the network admin mistyped the VLAN ID")
    _Rule(
        "blame/named-person",
        r"\b(?:" + "|".join(re.escape(f) for f in _SLIP_FORMS) + r"|fat\s+fingered)\b",
        _slip_gate,
        "Presents a slip as something a named or role-identified person did, putting them at the centre of the cause.",
        "Describe the slip without an actor and ask what made the wrong value easy to enter and hard to notice.",
        keys=_k(" ".join(_SLIP_FORMS).replace("-", " ") + " fingered"),
    ),
    # ---- attention and competence
    _Rule(
        "blame/character",
        r"\b(?:did(?:n't|\s+not)|does(?:n't|\s+not)|do(?:n't|\s+not)|never)\s+(?:really\s+|fully\s+|even\s+|actually\s+|"
        r"properly\s+|quite\s+)?(?:understand|grasp|get\s+how|get\s+what|get\s+that)\b"
        r"|\b(?:was(?:n't|\s+not)|were(?:n't|\s+not))\s+(?:even\s+|really\s+|actually\s+)?(?:reading|watching|"
        r"looking\s+at|listening)\b|\b(?:should|ought\s+to)\s+(?:really\s+|simply\s+)?know\s+(?:that|how|what|better)\b"
        r"|\b(?:did(?:n't|\s+not)|does(?:n't|\s+not)|do(?:n't|\s+not))\s+(?:really\s+|even\s+|actually\s+)?care\s+"
        r"(?:about|whether|if)\b|\b(?:can(?:not|'t|’t)|could(?:n't|’t|\s+not))\s+be\s+trusted\b|\bnot\s+cut\s+out\s+for\b"
        r"|\b(?:slept|sleeps|sleeping)\s+through\b|\b(?:lost|loses|losing)\s+track\s+of\b"
        r"|\b(?:made|makes|making)\s+a\s+(?:hash|mess|hames|pig's\s+ear)\s+of\b",
        _understanding_gate,
        "Puts the outcome on a person's attention or understanding rather than on what they could see.",
        "Describe what the person could see and know at the time, and what would have made it visible.",
        keys=_k(
            "understand grasp get reading watching looking listening know care trusted cut slept sleeps sleeping "
            "track hash mess hames ear",
            "didn't did doesn't does don't do never wasn't was weren't were should ought cannot can't couldn't "
            "could not through lost loses losing made makes making",
        ),
    ),
    # ---- character words said of a person
    _Rule(
        "blame/character",
        r"\b(?:" + _CHARACTER_PATTERN + r")\b",
        _character_word_gate,
        "Judges a person's character instead of describing conditions.",
        "Describe what the person was working with (information, tools, time) and what made the risky path easy.",
        keys=_k(" ".join(sorted({w.split("-")[0] for w in _CHARACTER_WORDS}))),
    ),
    # ---- venting: a person's harmful act told as a repeat
    _Rule(
        "blame/character",
        r"\b(?:once\s+again|yet\s+again|again|as\s+usual|as\s+always|"
        r"(?:not\s+for\s+the\s+first|for\s+the\s+(?:second|third|fourth|nth|umpteenth))\s+time)\b",
        _repeat_gate,
        "Vents at a person by telling their act as a repeat: it blames instead of explaining.",
        "Say what happened this time and what in the system lets it recur.",
        keys=_k("again time usual always", "again not second third fourth nth umpteenth as"),
    ),
    # ---- round 10: an omission told as a choice (see _omissions)
    *_OMISSIONS,
)
