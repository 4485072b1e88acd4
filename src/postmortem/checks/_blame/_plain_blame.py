"""Plain blame in ordinary words (round 8 of issue 14).

Blame that the other families miss because it uses no judging word: a sanction aimed at a
person (*Jonas was let go*, *the intern's contract will not be renewed*, *dock the support
lead's pay*), culprit framing with a possessive or a free relative (*the fault here is the
platform lead's*, *the lost orders are down to whoever approved it*, *the guilty party*,
*has to answer for this*), a warning a person set aside in the passive (*ignored by whoever
held the pager*, *sat unopened by every one of us*), lapses told with everyday verbs (*let
the certificate lapse*, *never turned it back on*, *went ahead without the checklist*, *just
left the old entries in place*), a person's action given as the cause by what follows it
(*..., and that is why search fell over*, *the root of the outage is simple: Noor rebooted
...*), hindsight idioms (*plain as day*, *asking for trouble*) and sarcasm built on a few
constructions (*so-called* before a person, *clearly what X needs is ...*, *another
flawless change*, *right up until it wasn't* after a person's assurance).

Every pattern is a run of literal words and bounded gaps, matched once per sentence: no
nested repetition, so the cost stays linear in the text (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acts import harm_after
from postmortem.checks._blame._causal_acts import person_act_before
from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _EXPLANATION_RE,
    _person_follows_gate,
    _person_subject,
    usual_practice_after,
    warranted,
)
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._named_person_gates import _NO_HARM_RE, _causal_person_gate, _culprit_gate
from postmortem.checks._blame._rule import _always, _k, _Rule
from postmortem.checks._blame._vocabulary import vocabulary

_REMEDY_SUGGESTION: Final = (
    "Drop sanctions from the post-mortem; name the change to the system or the process that "
    "makes the failure less likely, and give it an owner and a due date."
)
_CULPRIT_SUGGESTION: Final = "Describe what happened and which conditions made it possible, without assigning blame."
_LAPSE_SUGGESTION: Final = (
    "Say what made the step easy to skip or forget (no reminder, no check, no owner) and "
    "what would make it happen without relying on memory."
)

# Outcomes a result clause names: "... and that is why search fell over", "which is why nobody heard".
_HARM_AFTER_RE: Final = lazy_compile(
    r"\b(?:fell|fail\w*|broke\w*|down|outage|lost|los[et]s?|crash\w*|nobody|no\s+one|never|stopped|took|"
    r"went\s+(?:dark|down|offline)|corrupt\w*|duplicat\w*|wiped|leak\w*|reach\w*\s+(?:production|prod|customers|users))\b",
    re.I,
)
_ACTION_LEMMAS: Final = frozenset(lemma(w) for w in vocabulary("action_verbs"))


def _person_acted_before_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Dario started the reindex on the primary, and that is why search fell over".

    The clause before the match has a person as its subject and an action verb, and the
    clause after it names harm: the person's action is given as the cause.
    """
    harm = bool(_HARM_AFTER_RE.search(s.text, m.end())) or harm_after(s, m.end())
    if _FOUND_OUT_RE.match(s.text, m.end()) or warranted(s, m.start()):
        return None  # round 19: "which is how the procedure tells him to check it": how the act was done
    if m.group().lower().endswith("how") and usual_practice_after(s.text, m.end()):
        return None  # round 22: "... which is how every performance PR has been reviewed": the usual practice
    found = _person_acted_before(s, m, _ACTION_LEMMAS) if harm else None
    if found is not None:
        return found
    # Round 14: an act of any verb ("tagged the dress with a shirt ticket, and that's how it ended up
    # in the wrong shop"); "why" and "how" give it as the cause of what follows, which needs no word
    # of harm, unless what follows is a recovery or how the writers found out.
    if not harm and (m.group().lower().endswith("what") or _RECOVERY_AFTER_RE.search(s.text, m.end())):
        return None
    if not may_have_person_subject(s):
        return None  # as person_act_before turns it down, before the tokens are made for the match's index
    act = person_act_before(s, s.index_at(m.start()))
    return (act[0], m.end()) if act else None


def _hindsight_idiom_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "plain as day", "(see it coming) a mile off" as hindsight; not a distance after a noun.

    Round 21: "the school array a mile away" places a thing; the idiom follows a verb of seeing or
    its object ("could spot it a mile off"), or opens with "from".
    """
    i = s.index_at(m.start())
    if s.tokens[i].low == "a" and i > 0:
        before = s.tokens[i - 1]
        seen = any(lemma(s.tokens[k].low) in _SEEING for k in range(max(0, s.boundary_before(i) + 1), i))
        if before.text[:1].isalpha() and before.low not in _SEEN_OBJECTS and not s.is_verb(i - 1) and not seen:
            return False  # no verb of seeing before the noun: "should have seen the wrong file a mile off" judges
    return _culprit_gate(s, m)


_SEEN_OBJECTS: Final = frozenset({"it", "that", "this", "them", "one", "these", "those", "coming", "out"})
_SEEING: Final = frozenset({"see", "spot", "smell", "tell", "notice", "catch", "recognise", "recognize", "sense"})


_RECOVERY_AFTER_RE: Final = lazy_compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|improv\w*|stabili\w*|heal\w*|clear(?:ed|ing)?|caught|"
    r"spotted|noticed|saved|prevented|avoided|came\s+(?:back|down)|back\s+up|faster|quicker|sooner|early|earlier|"
    r"(?:on|in)\s+time|safe(?:ly)?|smooth(?:ly)?|drain(?:ed|s)?|caught\s+up)\b",
    re.I,
)
# "..., which is how we found the duplicate button": how the writers learned of it.
_FOUND_OUT_RE: Final = lazy_compile(
    r"\s+(?:we|i|the\s+team|everyone)\s+(?:\w+ly\s+)?(?:found|learn\w*|knew|know|saw|see|notic\w*|discover\w*|"
    r"spott\w*|caught|realis\w*|realiz\w*|traced|got\s+to)\b",
    re.I,
)


def _person_early_act_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's act on a system, taken before a check finished or mid-operation."""
    if _RECOVERY_RE.search(s.text) or re.search(r"\broll(?:ed|ing|s)?\s+back\b|\brevert", s.text, re.I):
        return None
    return _person_acted_before(s, m, _ACTING_LEMMAS)


def _person_act_then_harm_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Rosalind changed the retry count to 30, and the downstream service collapsed".

    The match is the harm ("..., causing the cascade", "and every tenant got the half-built
    importer"); the clause before it has a person acting on a system as its subject. A
    sentence about recovery ("restarted the pool, and the errors stopped") is turned down, and so
    is harm denied ("swapped the pump and nothing was lost", ", causing no downtime"): an act
    followed by a statement that no harm happened names no cause of harm.
    """
    if _RECOVERY_RE.search(s.text) or _HARM_DENIED_RE.search(m.group()) or _NO_HARM_RE.match(s.text, m.end()):
        return None
    return _person_acted_before(s, m, _ACTING_LEMMAS)


# The harm the match names is denied: "... and nothing was lost", "and no orders were deleted",
# "and none of the data was corrupted", "and it never went down".
_HARM_DENIED_RE: Final = lazy_compile(
    r"^,?\s*(?:and\s+)?(?:then\s+)?(?:[\w'’%-]+\s+){0,3}?(?:no|nothing|none|not|never|neither|nobody|zero)\b"
    r"|n[’']t\b",
    re.I,
)


def _person_acted_before(s: _Sentence, m: re.Match[str], verbs: frozenset[str]) -> tuple[int, int] | None:
    """Find, in the clause before the match, a person as the subject of one of *verbs* (lemmas)."""
    if not s.holds_lemma(verbs) or not may_have_person_subject(s):
        return None  # none of the verbs anywhere in the sentence, or no person (see _hints)
    i = s.index_at(m.start())
    toks = s.tokens
    j = i - 1
    while j >= 0 and toks[j].low in {",", "and", ";", "—", "–", "-"}:
        j -= 1
    k = j
    # Back to the sentence's last stop, not the clause's: "restarted every pod at once, causing
    # ..." reads past "once"; the subject of each verb is still read from its own clause.
    while k >= max(0, j - 30) and toks[k].low not in _STOPS:
        if lemma(toks[k].low) in verbs and s.subject_kind(k) == _PERSON:
            if any(toks[x].low in {"we", "i"} for x in range(max(0, k - 3), k)):
                return None  # the writers' own narrative ("we pushed the flag, causing ...")
            if _EXPLANATION_RE.search(s.text, toks[k].end, m.start()):
                return None
            return toks[k].start, m.end()
        k -= 1
    return None


_STOPS: Final = frozenset({";", ":", ".", "?", "!", "because", "since", "but", "although", "though", "after"})
# Verbs of acting on a system, for a person's act followed by its harm: the action verbs and
# the risky, destructive and switching ones, every form.
_ACTING_LEMMAS: Final = _ACTION_LEMMAS | frozenset(
    lemma(w)
    for w in vocabulary("risky_verbs")
    | vocabulary("destructive_verbs")
    | {"switch", "turn", "mistype", "force-delete", "force-push", "alter", "point", "re-point", "set", "open"}
)
_RECOVERY_RE: Final = lazy_compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|improv\w*|stabili\w*|heal\w*|clear(?:ed|ing)?)\b", re.I
)


def _possessive_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the possessive the match ends with ("the platform lead's") names a person."""
    i = s.index_at(m.end() - 1)
    if s.word_kind(i) == _PERSON:
        return True
    a = s.index_at(m.start("np"))
    return s.noun_phrase_kind(a, i + 1) == _PERSON


def _possessor_first_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the match opens with a person's possessive ("Yusuf's shortcut is the reason")."""
    return s.word_kind(s.index_at(m.start())) == _PERSON


def _sanctioned_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sanction on a person, or on a name opening the clause ("Action item: Marek to be removed").

    Round 19: not one a negation in its clause denies ("nobody will be fired over this").
    """
    if denied_before(s.text, m.start()):
        return False
    if _person_subject(s, m):
        return True
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    while a < i and s.tokens[a].low in {":", "-", "*", "**"}:
        a += 1
    return a < i and s.tokens[a].text[:1].isupper() and s.is_name(a, loose=True) and s.word_kind(a) != _SYSTEM


def _root_cause_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Root cause - Beatriz typed ...": a person, then their act, right after the label."""
    found = _causal_person_gate(s, m)
    if found:
        return found
    i = s.index_at(m.end())
    toks = s.tokens
    if i >= len(toks) or s.word_kind(i) != _PERSON:
        return None
    for k in range(i + 1, min(len(toks), i + 4)):
        if lemma(toks[k].low) in _ACTING_LEMMAS:
            return toks[i].start, toks[k].end
    return None


_FREE_PEOPLE: Final = frozenset({"whoever", "whichever", "someone", "somebody", "everyone", "everybody", "every"})


def _person_or_whoever_follows(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person after the match, or "whoever", "someone", "every" ("ignored by whoever held the pager")."""
    i = s.index_at(m.end())
    if i < len(s.tokens) and s.tokens[i].low in _FREE_PEOPLE:
        return m.start(), s.tokens[i].end
    return _person_follows_gate(s, m)


def _person_subject_no_reason(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's lapse: not denied, and the sentence gives no reason for it.

    "We will not let a failing test slide again" is a commitment, not a lapse.
    """
    if _DENIED_RE.search(s.text, max(0, m.start() - 24), m.start()):
        return False
    return _person_subject(s, m) and not _EXPLANATION_RE.search(s.text, m.end())


_DENIED_RE: Final = lazy_compile(r"\b(?:not|never|no\s+longer|won't|don't|didn't|can't|cannot)\s+(?:\w+\s+)?$", re.I)


def _person_possessor_before(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the intern's contract ...": the word before the match is a person's possessive."""
    i = s.index_at(m.start())
    return i > 0 and s.tokens[i - 1].low.endswith(("'s", "’s")) and s.word_kind(i - 1) == _PERSON


def _named_person_follows(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when a name follows ("suspended for Kenji"), not a role ("for contractors", a rule)."""
    i = s.index_at(m.end())
    return i < len(s.tokens) and s.is_name(i, loose=True)


def _assured_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "right up until it wasn't" after a person's assurance in the same sentence."""
    found = _ASSURED_RE.search(s.text, 0, m.start())
    return found is not None and s.subject_kind(s.index_at(found.start())) == _PERSON


_ASSURED_RE: Final = lazy_compile(
    r"\b(?:assured|promised|insisted|swore|guaranteed|told\s+(?:us|everyone|everybody))\b", re.I
)

_JUDGED_WORK: Final = frozenset(w + e for w in vocabulary("judged_work") for e in ("", "s"))


def _so_called_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "so-called" before a person or a person's work ("the so-called senior engineer", "so-called fix")."""
    i = s.index_at(m.end())
    end = min(len(s.tokens), i + 4)
    # Round 21: the phrase's head names a thing ("the so-called supervisor process", "the so-called tidy-up
    # script"): a name for software, the words before the head only qualify it.
    head = i
    while head + 1 < end and not s._is_boundary(head + 1) and s.tokens[head + 1].text[:1].isalnum():
        if s.is_verb(head + 1) or s.tokens[head + 1].low in {"of", "in", "on", "at", "for", "to", "from", "by", "with"}:
            break
        head += 1
    if head > i and s.word_kind(head) == _SYSTEM:
        return False
    for k in range(i, end):
        if s.tokens[k].low in _JUDGED_WORK or s.word_kind(k) == _PERSON:
            return True
        if s._is_boundary(k):
            break
    return False


def _sanction_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sanction unless denied (see _culprit_gate); a personnel file only as where something goes.

    Round 16: "recorded in Gustavo's personnel file" and "a note on her personnel record" put the incident
    on a person's record; "the personnel file for the contractor lists no induction date" and "the
    personnel records show the certificate lapsed" read a record as a source, which sanctions no one.
    """
    if not _culprit_gate(s, m):
        return False
    return m.group()[:1].lower() != "p" or bool(_INTO_RECORD_RE.search(s.text, max(0, m.start() - 40), m.start()))


# What goes into a record: a preposition, a determiner and a possessive at most, right before "personnel".
_INTO_RECORD_RE: Final = lazy_compile(
    r"\b(?:in|on|to|into|onto|for)\s+(?:(?:the|his|her|their|its|an?|this|that)\s+)?(?:[\w-]+['’]s\s+)?$", re.I
)


def _blame_placed_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept blame placed on a person (_person_follows_gate), unless what they answer for is the remedy.

    Round 19: "the buck stops with the depot manager for the fix: she owns the action items" and "the buck
    stops with me for the follow-up: I'll run the review" hand the work ahead to an owner; "the buck stops
    with the auction clerk for the early close" places the incident on them.
    """
    found = _person_follows_gate(s, m)
    if found is None or _REMEDY_OWNED_RE.match(s.text, found[1]):
        return None
    return found


# What the person answers for is the work ahead: the fix, the follow-up, the actions, or what they now do.
_REMEDY_OWNED_RE: Final = lazy_compile(
    r"[^.;]{0,40}?\bfor\s+(?:the\s+)?(?:fix|fixes|follow-?up|actions?|action\s+items?|remed(?:y|ies)|"
    r"remediation|recovery|improvements?|next\s+steps)\b"
    r"|[^.;:]{0,40}?[:;,]\s*(?:and\s+)?(?:she|he|they|i)\s+(?:is\s+sponsoring|owns|will|['’]ll|has\s+asked\s+for)\b",
    re.I,
)


RULES: Final = (
    # ---- disciplinary remedies aimed at a person
    _Rule(
        "blame/person-remedy",
        r"\b(?:(?:was|were|been|be|is|are|being|get|gets|got)\s+(?:let\s+go|fired|sacked|laid\s+off|demoted|"
        r"suspended|dismissed)|goes\s+on\s+(?:a\s+)?(?:final\s+warning|probation)|"
        r"(?:be|been|was|were|is|are|get|gets|got)\s+(?:removed|taken|pulled|dropped|kicked|stood\s+down)\s+"
        r"(?:off|from|out\s+of)\s+(?:the\s+)?(?:on-?call\s+)?(?:rota|rotation|roster|schedule|team|project))\b",
        _sanctioned_person_gate,
        "Proposes a sanction against a person as the remedy; that punishes, it does not make the system safer.",
        _REMEDY_SUGGESTION,
        keys=_k(
            "let fired sacked laid demoted suspended dismissed goes removed taken pulled dropped kicked stood",
            "go fired sacked off demoted suspended dismissed warning probation rota rotation roster schedule team "
            "project",
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:bonus|bonuses|pay|salary|wages|raise)\s+(?:is\s+|was\s+|will\s+be\s+|gets\s+)?"
        r"(?:withheld|docked|cut|frozen|held\s+back|forfeited)\b|\bdock\s+(?:[\w@'’-]+\s+){0,3}?"
        r"(?:pay|salary|wages|bonus)\b|\bwithh(?:o|e)ld\s+(?:[\w@'’-]+\s+){0,3}?(?:bonus|pay|raise)\b"
        r"|\bpersonnel\s+(?:file|record)s?\b|\bconduct\s+review\b|\bformal\s+caution\b",
        _sanction_gate,
        "Proposes a sanction against a person as the remedy; that punishes, it does not make the system safer.",
        _REMEDY_SUGGESTION,
        keys=_k("bonus bonuses pay salary wages raise dock personnel conduct formal withheld withhold caution"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bcontract\s+(?:will\s+not|won't|is\s+not\s+going\s+to|will\s+no\s+longer|isn't\s+going\s+to)\s+"
        r"be\s+(?:renewed|extended)\b",
        _person_possessor_before,
        "Ends a person's engagement over the incident: a sanction, not a remedy.",
        _REMEDY_SUGGESTION,
        keys=_k("contract", "renewed extended"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:approval|merge|deploy|commit|admin|sudo|root|production|prod|release)\s+(?:rights|access|"
        r"privileges|permissions)\s+(?:are|is|were|was|will\s+be|get|gets)\s+(?:suspended|revoked|removed|"
        r"withdrawn|pulled)\s+(?:for|from)\s+",
        _named_person_follows,
        "Takes rights away from a named person as the remedy: a sanction, not a safeguard.",
        _REMEDY_SUGGESTION,
        keys=_k("rights access privileges permissions", "suspended revoked removed withdrawn pulled"),
    ),
    # ---- culprit framing
    _Rule(
        "blame/named-person",
        r"\bguilty\s+(?:party|parties)\b|\b(?:has|have|had|must|will|should|needs?|got)\s+to\s+answer\s+for\b"
        r"|\banswerable\s+for\b|\b(?:are|were|is|was|'s|lies|rests|sits)\s+(?:all\s+|squarely\s+|entirely\s+|"
        r"largely\s+)?(?:down\s+to|on|with)\s+(?:whichever|whoever)\b",
        _culprit_gate,
        "Looks for the person responsible: the sentence is about who, not about how it happened.",
        _CULPRIT_SUGGESTION,
        keys=_k("guilty answer answerable whichever whoever"),
    ),
    _Rule(
        "blame/named-person",
        r"\bguilty\s+of\b",
        _person_subject,
        "Finds a person guilty: a verdict on them, not a description of what happened.",
        _CULPRIT_SUGGESTION,
        keys=_k("guilty", "of"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:responsibility|fault|blame)\s+(?:here\s+|for\s+[^,.;]{1,40}?\s+)?(?:is|was|lies|lay)\s+"
        r"(?:squarely\s+|entirely\s+|solely\s+|all\s+|clearly\s+)?(?P<np>(?:the\s+|our\s+)?(?:[\w@-]+\s+){0,2}?"
        r"[\w@-]+(?:'s|’s))",
        _possessive_person_gate,
        "Places the fault for the incident on a person or a team.",
        _CULPRIT_SUGGESTION,
        keys=_k("responsibility fault blame", "is was lies lay"),
    ),
    _Rule(
        "blame/named-person",
        r"\bbuck\s+(?:for\s+[^,.;]{1,40}?\s+)?stops\s+(?:here\s+)?with\s+|\bfinger\s+(?:of\s+blame\s+)?points?\s+"
        r"(?:squarely\s+|firmly\s+|straight\s+|clearly\s+)?at\s+|\b(?:it|this|that)(?:\s+one)?(?:'s|\s+is|\s+was)\s+"
        r"(?:simply|just|really|clearly|totally|wholly|mostly|100%)\s+on\s+",
        _blame_placed_gate,
        "Places the blame for the incident on a person or a team.",
        _CULPRIT_SUGGESTION,
        keys=_k("buck finger on", "stops points it's that's it this that one's"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwhose\s+(?:mess|outage|incident|fault|doing|screw-?up|failure|mistake)\s+(?:this|that|it)\s+(?:was|is)\b"
        r"|\bthe\s+responsible\s+(?:of|for)\s+(?:this|the|that)\b",
        _culprit_gate,
        "Looks for the person responsible: the sentence is about who, not about how it happened.",
        _CULPRIT_SUGGESTION,
        keys=_k("whose responsible"),
    ),
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?(?:is|was|were|are)\s+(?:exactly\s+|precisely\s+|clearly\s+)?"
        r"the\s+(?:reason|cause|root|trigger|source)\b",
        _possessor_first_gate,
        "Names a person's action as the cause.",
        "Describe the change or action itself and the conditions that let it cause harm, without its author.",
        keys=_k("reason cause root trigger source", "is was were are"),
    ),
    # ---- a warning set aside by a person, in the passive; lapses in everyday verbs
    _Rule(
        "blame/named-person",
        r"\b(?:ignored|disregarded|dismissed|brushed\s+(?:off|aside)|waved\s+(?:off|away|through)|"
        r"shrugged\s+off|overlooked)\s+by\s+|\b(?:sat|lay|went|remained|stayed|left)\s+(?:unopened|unread|"
        r"unanswered|unacknowledged|untouched|unheeded)\s+by\s+",
        _person_or_whoever_follows,
        "Says a person set a warning aside, which blames them with hindsight.",
        "Describe what the warning looked like at the time (how often it fired, where it went, "
        "what else was going on) and why setting it aside seemed reasonable.",
        keys=_k(
            "ignored disregarded dismissed brushed waved shrugged overlooked sat lay went remained stayed left",
            "by",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\blet\s+(?:the\s+|our\s+|a\s+|an\s+|their\s+|its\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,3}?(?:lapse|slide|slip)\b"
        r"|\bnever\s+(?:turned|switched|put|set|flipped|changed)\s+(?:it|them|that)\s+back\b"
        r"|\bwent\s+ahead\s+without\b|\b(?:just|simply)\s+left\s+(?:the|it|them|those|these|our|his|her|their)\b"
        r"|\bleft\s+(?:it|them)\s+(?:that\s+way|like\s+that|as\s+it\s+was)\b"
        r"|\b(?:kept|keep|keeps)\s+clicking\s+(?:past|through)\b|\bclick(?:ed|s)?\s+(?:straight\s+)?(?:past|through)\s+"
        r"(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,3}?(?:warning|prompt|dialog|confirmation)s?\b",
        _person_subject_no_reason,
        "Tells a lapse as the person's doing.",
        _LAPSE_SUGGESTION,
        keys=_k("let never went just simply left kept keep keeps click clicked clicks"),
    ),
    # ---- a person's action given as the cause by what follows it, or by "the root of it"
    _Rule(
        "blame/named-person",
        r"\b(?:that|this)(?:'s|\s+is|\s+was)\s+(?:exactly\s+|precisely\s+)?(?:why|what|how)\b"
        r"|\bwhich\s+(?:is|was)\s+(?:exactly\s+|precisely\s+)?(?:why|what|how)\b",
        _person_acted_before_gate,
        "Names a person's action as the cause.",
        "Describe the conditions that let the action cause the outage, and leave out who performed it.",
        keys=_k("that this which that's", "why what how"),
    ),
    _Rule(
        "blame/named-person",
        r",\s*(?:causing|taking(?!\s+(?:about|around|roughly|under|over|less|more|only|just|nearly|almost|some|a\s+few|"
        r"several|\d))|locking|wiping|breaking|knocking|deleting|filling|"
        r"starving|corrupting|exposing|overwriting|which\s+(?:caused|broke|locked|wiped|knocked|"
        r"triggered|deleted|exposed|corrupted))\b"
        r"|\band\s+(?:then\s+)?(?:[\w'’%-]+\s+){1,6}?(?:collapsed|crashed|broke|fell\s+over|went\s+(?:down|dark|offline)|"
        r"melted|died|lost|locked|wiped|truncated|leaked|(?:was|were)\s+(?:wiped|lost|deleted|corrupted|exposed|expired|"
        r"locked\s+out))\b",
        _person_act_then_harm_gate,
        "Names a person's action as the cause of the harm that followed.",
        "Describe the conditions that let the action cause the harm (no guard, no preview, a shared "
        "default), and leave out who performed it.",
        keys=_k(
            "causing taking locking wiping breaking knocking deleting filling starving "
            "corrupting exposing which collapsed crashed broke fell went melted died wiped lost deleted corrupted "
            "exposed expired locked truncated leaked",
        ),
    ),
    # ---- a person's act taken too early or at a risky moment ("shipped the build before the test
    # run had finished", "rebooted the router in the middle of the firmware write", "at midday")
    _Rule(
        "blame/named-person",
        r"\bbefore\s+(?:the\s+|its\s+|their\s+|any\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:had\s+|has\s+|was\s+|were\s+)?"
        r"(?:finished|completed|passed|ended|come\s+back|been\s+(?:run|reviewed|approved|tested|merged))\b"
        r"|\bin\s+the\s+(?:middle|midst)\s+of\s+(?:business\s+hours|the\s+(?:working\s+)?day|peak\s+\w+|(?:the|a|an)\s+"
        r"(?:[\w-]+\s+)?(?:write|upgrade|migration|backup|sale|deploy|deployment|launch|rollout|restore|failover))\b"
        r"|\b(?:with|while)\s+the\s+(?:[\w-]+\s+){0,2}?(?:test|tests|load\s+test|review|canary|checks?)\s+"
        r"(?:still\s+running|half\s+done|unfinished|incomplete|not\s+yet\s+(?:finished|done|run))\b",
        _person_early_act_gate,
        "Names a person's action as the cause: it was taken too early or at a risky moment.",
        "Describe what made acting then look reasonable (pressure, a missing gate that would have "
        "waited for the tests) and what would make waiting the default.",
        keys=_k(
            "before middle midst with while",
            "finished completed passed ended back been business day peak write "
            "upgrade migration backup sale deploy deployment launch rollout restore failover running half "
            "unfinished incomplete yet",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\broot\s+cause\s*[-–—]\s*|\broot\s+of\s+(?:the\s+|this\s+|our\s+|it\s+)?(?:[\w-]+\s+)?(?:is|was)\b",
        _root_cause_person_gate,
        "Names a person's action as the cause.",
        "Describe the conditions that let the action cause the outage, and leave out who performed it.",
        keys=_k("root", "cause of"),
    ),
    # ---- hindsight idioms and sarcasm constructions
    _Rule(
        "blame/counterfactual",
        r"\b(?:plain\s+as\s+day|(?:from\s+)?a\s+mile\s+(?:off|away)|asking\s+for\s+trouble)\b",
        _hindsight_idiom_gate,
        "Judges with hindsight: it was not plain at the time, or it would not have happened.",
        "Describe what the people involved could see at the time and what would have made the risk visible.",
        keys=_k("plain mile asking", "day off away trouble"),
    ),
    _Rule(
        "blame/character",
        r"\bso-?\s?called\s+",
        _so_called_gate,
        'Sneers at a person or their work with "so-called".',
        "Describe the person's role or the work plainly, and what it did or did not do.",
        keys=_k("called socalled"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:clearly|obviously|of\s+course|naturally|surely)\s+what\s+(?:[\w-]+\s+){1,4}?needs?\s+is\b"
        r"|\banother\s+(?:flawless|perfect|stellar|brilliant|spotless|masterful)\s+(?:[\w-]+\s+){0,2}?"
        r"(?:change|deploy|deployment|release|rollout|migration|review|job|effort|performance)\s+(?:from|by)\b"
        r"|\b(?:our|the|their|your)\s+resident\s+(?:expert|genius|guru|wizard|rockstar|rock\s+star|hero)\b",
        _always,
        "Sarcasm aimed at the people involved: it judges them without saying what happened.",
        "Say plainly what happened and which conditions allowed it.",
        keys=_k("clearly obviously course naturally surely another resident"),
    ),
    _Rule(
        "blame/character",
        r"\bright\s+up\s+(?:until|till)\s+(?:it|they|he|she)\s+(?:wasn't|didn't|weren't|was\s+not|did\s+not)\b",
        _assured_gate,
        "Sarcasm aimed at the people involved: it judges them without saying what happened.",
        "Say plainly what happened and which conditions allowed it.",
        keys=_k("right", "until till"),
    ),
)
