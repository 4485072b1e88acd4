"""The gates of ``blame/named-person`` and the word lists they read (split from ``_named_person``).

Each gate decides whether a phrase the rule matched has a person, named or by role, as the
cause: the subject of the act, the agent of the damage, the whole answer to "the cause was".
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _UNKNOWN, _Sentence
from postmortem.checks._blame._denial import denied_before, fault_denied, team_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _EXPLANATION_RE,
    _PUNCT,
    _person_follows_gate,
    _person_subject,
    condition_follows,
    irony_signs,
    usual_practice_after,
    warranted,
)
from postmortem.checks._blame._hints import may_have_person_subject, may_name_person
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._vocabulary import _AUXILIARIES, _CLAUSE_WORDS, _DETERMINERS, entries, vocabulary


def _risky_action_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the new hire ran it against the primary during peak traffic": a person acting.

    The clause's subject must be a person and its verb an action on a system; the sentence
    must not give the reasons ("because the automation was down").
    """
    # "Restarted the pods by hand" is a timeline fact; "truncated the table by hand" is not.
    verbs = _DESTRUCTIVE_LEMMAS if m.group().lower() == "by hand" else _RISKY_LEMMAS
    if not s.holds_lemma(verbs) or not may_have_person_subject(s):
        return False  # no such verb anywhere in the sentence, or no person (see _hints)
    i = s.index_at(m.start())
    j = i - 1
    while j >= 0 and not s._is_boundary(j):
        # Every form of the verb: "restarts all nodes simultaneously" in a timeline's present.
        if lemma(s.tokens[j].low) in verbs:
            if _nobody_subject(s, j):
                return False  # round 16: "nobody runs the purge by hand": how the process works, no one's act
            return _person_subject(s, m) and not _EXPLANATION_RE.search(s.text, m.end())
        j -= 1
    return False


def _nobody_subject(s: _Sentence, j: int) -> bool:
    """Tell whether the clause holding token *j* has "nobody", "no one" or "none of us" as its subject."""
    words = " ".join(tok.low for tok in s.tokens[s.boundary_before(j) + 1 : j])
    return _NOBODY_SUBJECT_RE.search(words) is not None


_NOBODY_SUBJECT_RE: Final = lazy_compile(r"\b(?:nobody|no-one|no one|none of)\b")


_DESTRUCTIVE_VERBS: Final = vocabulary("destructive_verbs")


_RISKY_VERBS: Final = _DESTRUCTIVE_VERBS | vocabulary("risky_verbs")
_DESTRUCTIVE_LEMMAS: Final = frozenset(lemma(w) for w in _DESTRUCTIVE_VERBS)
_RISKY_LEMMAS: Final = frozenset(lemma(w) for w in _RISKY_VERBS)


def _culprit_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept culprit framing unless it is denied: "nobody is to blame", "no one's fault"."""
    before = s.text[max(0, m.start() - 30) : m.start()].lower()
    return not re.search(r"\b(?:no\s*one|nobody|not|never|no)\b[^.;:]*$", before)


def _culprit_frame_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept culprit framing unless denied (see _culprit_gate) or what it points at is a thing.

    Round 15: "responsibility for retrying lost orders lies with the integration service" and "the cache
    was to blame" say which component holds a duty or caused it; "lies with the release manager" and
    "Jonas was to blame" point at a person.
    """
    if not _culprit_gate(s, m):
        return False
    low = m.group().lower()
    if low.endswith(("with", "on", "to")):
        k = s.index_at(m.end() - 1) + 1
        return s.noun_phrase_kind(k, s.boundary_from(k)) != _SYSTEM
    if low.endswith("blame") and " to " in low:
        return s.subject_kind(s.index_at(m.start())) != _SYSTEM
    return True


def _override_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person switching a safeguard off to get something done, unless what let it do harm follows.

    "The store lead overrode the price file to fix one label" stays; round 14: "...; overrides are not
    synced back" tells the condition (see _gates.condition_follows).
    """
    return _person_subject(s, m) and not condition_follows(s, m.end())


def _possessive_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's change, mistake or action, unless denied or owned by no one named.

    Round 13: "None of them depends on any one person's actions" and "not Ana's change" name
    no culprit (see ``_denial.fault_denied``).
    """
    if fault_denied(s, m):
        return False
    i = s.index_at(m.start())
    # Round 14: "Liesel's change broke the login; the contract test covered only the last release": what
    # let the change do harm follows (see _gates.condition_follows).
    return s.word_kind(i) == _PERSON and not condition_follows(s, m.end())


def _causal_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Find a person doing something after "because" or "the root cause was".

    Returns:
        The span from the person to their verb, or None.
    """
    if m.group().lower().endswith(("when", "after", "once", "from", "by", "to")) and _RECOVERY_RE.search(
        s.text, 0, m.start()
    ):
        # "Recovery began when Farid reverted the change": a time, and the action ended the
        # incident. ("The fix was late because ..." still gives a cause.)
        return None
    if not may_name_person(s):
        return None  # no word of the sentence could be the person (see _hints)
    toks = s.tokens
    i = s.index_at(m.end())
    if _THANKS_RE.match(s.text, s.start) and _thanked(s, i):
        return None
    for j in range(i, min(len(toks) - 1, i + 25)):
        if toks[j].low in {"us", "them", "me", "him", "her"} or s.word_kind(j) != _PERSON:
            continue
        # The person's verb may follow a modifier: "the developer in charge of the page entered".
        for k in range(j + 1, min(len(toks), j + 9)):
            low = toks[k].low
            if low in _ACTION_VERBS:
                # "caused by Tomasz running DROP": a gerund right after the person is theirs.
                if (k == j + 1 and low.endswith("ing")) or s.subject_kind(k) == _PERSON:
                    start = j
                    while start > i and toks[start - 1].low not in _CLAUSE_WORDS | _PUNCT:
                        start -= 1
                    return toks[start].start, toks[k].end
                break
            if low in _PUNCT or low in _AUXILIARIES or (s.is_verb(k) and s.word_kind(k) == _UNKNOWN):
                break
    return None


# "Thanks to" opening the sentence: gratitude when it goes on "who ..." or "for ...".
_THANKS_RE: Final = lazy_compile(r"[\s*_>#-]*(?:(?:many|big|huge|special)\s+)?thanks\s+to\b", re.I)


def _thanked(s: _Sentence, i: int) -> bool:
    """Tell whether the people after token *i* are thanked for what follows "who" or "for" (round 13).

    "Thanks to the site staff who ran on cash and kept the queues polite" thanks them; "Thanks to
    Bob, checkout was down all night" gives a cause, and "thanks to the platform folks for turning a
    deploy into an outage" mocks (a sign of irony after the "for").
    """
    toks = s.tokens
    for j in range(i, min(len(toks), i + 10)):
        if toks[j].low in {",", ";", ":"}:
            return False
        if toks[j].low in {"who", "for"} and j > i:
            return not irony_signs(s, j)
    return False


def _person_is_the_complement(s: _Sentence, i: int) -> tuple[int, int] | None:
    """Find a person who is the whole answer: "the root cause was Sam.", "comes down to the backend lead".

    The noun phrase from token *i* must be a person and end the clause (a full stop, a comma,
    "and", a relative "who"): "the root cause was the on-call runbook" is a system, and "the
    root cause was the engineer's change" is headed by the change.
    """
    toks = s.tokens
    n = len(toks)
    if i >= n:
        return None
    end = i
    while end < min(n, i + 6) and (toks[end].text[:1].isalnum() or toks[end].text[:1] == "@"):
        # A participle before a known noun modifies it: "the deploying engineer".
        modifier = toks[end].low.endswith(("ed", "ing")) and end + 1 < n and s.word_kind(end + 1) != _UNKNOWN
        if end > i and (
            toks[end].low in _CLAUSE_WORDS
            or toks[end].low in {"and", "who", "not", "for", "here"}
            or (s.is_verb(end) and not modifier)
        ):
            break
        end += 1
    if end == i or (end < n and toks[end].low not in _COMPLEMENT_ENDS):
        return None
    # A capitalised word alone as the answer ("the root cause was Sam.") is a name.
    alone = end == i + 1 and s.is_name(i, loose=True)
    if (not alone and s.noun_phrase_kind(i, end) != _PERSON) or toks[end - 1].low.endswith("'s"):
        return None
    return toks[i].start, toks[end - 1].end


_INCIDENT_WORDS: Final = " ".join(sorted(vocabulary("incident_nouns")))
_INCIDENT: Final = "(?:" + "|".join(sorted(_INCIDENT_WORDS.split(), key=lambda w: (-len(w), w))) + ")"
_INCIDENT_SUBJECT_RE: Final = lazy_compile(rf"^\W*(?:\w+\W+){{0,6}}?(?:it|this|that|{_INCIDENT})\b", re.I)


def _person_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    return _culprit_gate(s, m) and _person_subject(s, m)


def _culprit_possessive_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the outage was Priyanka's doing", not "rotating certificates is the platform team's responsibility".

    The possessor must be a person, and the sentence's subject the incident ("it", "this",
    an incident noun), except for "doing" and "handiwork", which always name an author of harm.
    """
    if not _culprit_gate(s, m) or not _possessor_gate(s, m):
        return False
    word = m.group().lower().rsplit(None, 1)[-1]
    return word in {"doing", "handiwork"} or bool(_INCIDENT_SUBJECT_RE.match(s.text[: m.start()]))


def _accountable_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person or a team held accountable for the incident, not "the job is responsible for ..."."""
    if not _culprit_gate(s, m):
        return False
    if m.group("who") is not None:
        a = s.index_at(m.start("who"))
        b = s.index_at(m.start("who") + len(m.group("who").rstrip()) - 1) + 1
        return s.noun_phrase_kind(a, b) == _PERSON
    return _person_subject(s, m)


def _unilateral() -> tuple[str, str]:
    """Return the pattern of vocabulary/unilateral_signs.txt and the key words of its phrases."""
    fill = {"poss": r"(?:his|her|their|my|our|your)", "oneself": r"(?:him|her|them|my|our|your)sel(?:f|ves)"}
    phrases: list[str] = []
    words: set[str] = set()
    for entry, _ in entries("unilateral_signs"):
        for phrase in entry:
            parts = phrase.split("+")
            phrases.append(r"\s+".join(fill.get(p, re.escape(p)) for p in parts))
            words.update(w for p in parts if p not in fill for w in p.split("-"))
    return r"\b(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")\b", " ".join(sorted(words))


_UNILATERAL_RE, _UNILATERAL_WORDS = _unilateral()


def _unilateral_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person acting against the rules or alone: the clause's subject, or the sentence's first phrase."""
    if _EXPLANATION_RE.search(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    if s.subject_kind(i) == _PERSON:
        return True
    toks = s.tokens
    first = 0
    while first < len(toks) and not toks[first].text[:1].isalpha():
        first += 1  # "19:47 — Night operator, against procedure, ...": past the time stamp
    end = s.boundary_from(first)
    return first < i and s.noun_phrase_kind(first, max(end, first + 1)) == _PERSON


def _complement_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person who is the whole answer to "the cause was", unless it is denied."""
    if not _culprit_gate(s, m):
        return None
    return _person_is_the_complement(s, s.index_at(m.end()))


_COMPLEMENT_ENDS: Final = frozenset([".", ",", ";", ":", "!", "?", "and", "who", "not", "—", "–", "(", "here"])


_RECOVERY_RE: Final = lazy_compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|repair\w*|improv\w*|stabili\w*|heal\w*)\b", re.I
)


# Verbs of doing something to a system; "because we had no alert" or "because the on-call
# was paged twice" describe conditions, so having, being and receiving are left out.
_ACTION_VERBS: Final = frozenset(f for w in vocabulary("action_verbs") for f in forms(w))


def _possessor_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the possessor ("the DBA's", "Viktor's") is a person, unless the fault is denied.

    "This was not anyone's fault" and "nobody's mistake" reject blame (see ``_denial``).
    """
    if fault_denied(s, m) or _compound_follows(s, m):
        return False
    i = s.index_at(m.start())
    return s.word_kind(i) == _PERSON or s.noun_phrase_kind(max(0, i - 1), i + 1) == _PERSON


# Round 19: the culprit word modifying a noun after it names a thing the possessor has.
_CULPRIT_COMPOUNDS: Final = frozenset(w + e for w in vocabulary("culprit_compounds") for e in ("", "s"))


def _compound_follows(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the culprit word matched modifies the noun after it (*the desk's fault card*)."""
    j = s.index_at(m.end())
    return j < len(s.tokens) and s.tokens[j].start >= m.end() and s.tokens[j].low in _CULPRIT_COMPOUNDS


def _active_person(s: _Sentence, i: int) -> bool:
    """Tell whether the clause holding token *i* has a person as its subject and an active verb before *i*.

    "The on-call restarted the wrong node" is a person acting; "the wrong node was restarted"
    and "the on-call was paged about the wrong cluster" are not (a passive, or being told).
    """
    toks = s.tokens
    a = s.boundary_before(i) + 1
    verb = False
    for k in range(a, i):
        low = toks[k].low
        if low in _BE_WORDS or low in {"got", "get", "gets", "getting"}:
            return False
        verb = verb or s.is_verb(k)
    return verb and s.subject_kind(i) == _PERSON


_BE_WORDS: Final = vocabulary("be_words")


# Reasons given for an action: the sentence already tells it the blameless way.
_REASON_RE: Final = lazy_compile(
    r"\b(?:because|since|due\s+to|after\s+(?:confirming|checking|verifying|seeing|finding|learning))\s+"
    # Round 11: an act done as asked ("the provider deleted, at our request, all stored copies").
    r"|\b(?:at\s+(?:our|the|their|his|her|its|a|the\s+\w+'s)\s+(?:[\w-]+\s+)?request|as\s+(?:requested|agreed|planned|instructed))\b",
    re.I,
)


def _inside_quotes(text: str, pos: int) -> bool:
    """Tell whether *pos* is inside a double-quoted stretch of the sentence (words mentioned, not used)."""
    before = text[:pos]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _wrong_target_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "the on-call drained the wrong zone": a person's slip, whatever the verb.

    Returns:
        The span from the person's verb to "wrong", or None.
    """
    if s.text[m.end() : m.end() + 1] == "-" or _inside_quotes(s.text, m.start()):
        return None  # "a wrong-context command" names a kind of slip; a quote is mentioned, not said
    i = s.index_at(m.start())
    if not _active_person(s, i):
        return None
    k = s.boundary_before(i) + 1
    if (
        s.tokens[k].low == "we"
        and any(lemma(s.tokens[x].low) in _LOOKING for x in range(k + 1, i))
        and not _person_to_blame_after(s, i)
    ):
        # The writers' own diagnosis: "we spent an hour on the wrong theory", "we looked at the wrong
        # dashboard" tells how the response went, not a slip that did harm (round 12); not when the
        # reason given is a person ("... because the incident commander latched onto DNS").
        return None
    while k < i and not s.is_verb(k):
        k += 1
    if lemma(s.tokens[k].low) in _PERCEIVING or _a_system_did_it(s, k, i):
        # Round 13: "a patient, who noticed the wrong name at home": finding the wrong thing is
        # how it came to light, not a slip; round 19: a system's act (see _a_system_did_it).
        return None
    if lemma(s.tokens[k].low) in _GOING and i > 0 and s.tokens[i - 1].low in {"to", "at"}:
        # Round 16: "six referees went to the wrong ground": people who were sent to a place, not a
        # slip they made on a system.
        return None
    return s.tokens[k].start, m.end()


def _a_system_did_it(s: _Sentence, k: int, i: int) -> bool:
    """Tell whether the verb right before "the wrong" at *i* has a system as its own subject (round 19).

    "The review found the booking system sent the wrong email": the phrase between the clause's last two
    verbs (from *k*) is the subject of the verb that did it.
    """
    verbs = [x for x in range(k, i) if s.is_verb(x)]
    return len(verbs) > 1 and verbs[-1] >= i - 1 and s.noun_phrase_kind(verbs[-2] + 1, verbs[-1]) == _SYSTEM


# Verbs of going somewhere: "went to the wrong ground" tells where people were sent.
_GOING: Final = frozenset(
    lemma(w)
    for w in ("go", "went", "arrive", "travel", "drive", "drove", "walk", "head", "turn", "show", "come", "came")
)


# Verbs of finding out: the wrong thing seen, not done.
_PERCEIVING: Final = frozenset(
    lemma(w) for w in ("notice", "spot", "see", "saw", "find", "found", "discover", "catch", "caught", "report", "flag")
)


_WRITER_WORDS: Final = frozenset({"we", "i", "our", "us", "my"})


def _person_to_blame_after(s: _Sentence, i: int) -> bool:
    """Tell whether a reason after token *i* ("because", "since") has a person, not the writers, as subject."""
    toks = s.tokens
    for k in range(i + 1, len(toks)):
        if toks[k].low in {"because", "since", "as"} and k + 1 < len(toks) and toks[k + 1].low not in _WRITER_WORDS:
            end = s.boundary_from(k + 1)
            # "because the first graph we opened ...": the phrase ends before a relative clause's pronoun.
            end = next((x for x in range(k + 2, end) if toks[x].low in _WRITER_WORDS), end)
            return s.noun_phrase_kind(k + 1, end) == _PERSON
    return False


# Spending time, looking, following a lead: the verbs of a diagnosis.
_LOOKING: Final = frozenset(
    lemma(w) for w in ("spend", "look", "chase", "investigate", "follow", "debug", "examine", "study", "pursue")
)


_HARMFUL_ACTS: Final = vocabulary("harmful_acts")
_HARMFUL_FORMS: Final = frozenset(form for word in _HARMFUL_ACTS for form in forms(word))
_HARM_SIGNS: Final = vocabulary("harm_signs")
_HARM_SIGN_RE: Final = lazy_compile(
    r"\b(?:" + "|".join(re.escape(w) for w in sorted(_HARM_SIGNS, key=lambda w: (-len(w), w))) + r")\b", re.I
)


def _harmful_act_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person destroying or overwriting something, when the sentence marks it as a slip or harm.

    "Gustavo truncated the audit table while trying to free disk space" and "a contractor
    deleted the prod bucket thinking it was staging" put the person at the centre; "the
    cleanup job deleted the old snapshots" is a system, and "Priya dropped the stale index
    after confirming it was unused" gives its reasons.
    """
    if s.text[m.end() : m.end() + 1] == "-" or _inside_quotes(s.text, m.start()) or _MEASURE_RE.match(s.text, m.end()):
        return False  # round 24: _MEASURE_RE: "if supply drops more than 50%": a measure falls, nothing destroyed
    # The cheap tests first: most matches ("dropped packets") have no sign of harm after them.
    if _REASON_RE.search(s.text, m.end()):
        return False
    bare = not _HARM_SIGN_RE.search(s.text, m.end())
    if bare and not _bare_destruction(s, m):
        return False
    i = s.index_at(m.start())
    if (i > 0 and s.tokens[i - 1].low in _DETERMINERS) or _nobody_subject(s, i):
        # "the dropped packets", "a killed process": a participle as an adjective; round 16: "no one
        # truncates the audit table by hand": an act nobody does
        return False
    if bare and (_writers_act(s, i) or any(s.is_verb(k) for k in range(s.boundary_before(i) + 1, i))):
        # Another verb before it in its clause: the destroying verb is not the person's act
        # ("Kirra confirmed the error rate dropped": the rate dropped).
        return False
    return _active_person(s, i + 1) and not condition_follows(s, m.end()) and not warranted(s, m.end())


_MEASURE_RE: Final = lazy_compile(r"\s+(?:(?:more|less)\s+than|by|below|under|to)\s+(?:\d|half\b)", re.I)


# Round 16: destroying verbs that are a person's damage on their own, in the past or in a timeline's
# present ("Tomás deleted the rota", "10:02 Mette nukes the cache"). Not "kill", "terminate", "drain":
# stopping a process or emptying a node is as often the remedy ("killed the stuck job").
_BARE_DESTROYING: Final = frozenset(
    form
    for word in _HARMFUL_ACTS - {"kill", "terminate", "drain"}
    for form in forms(word)
    if form.endswith(("ed", "s", "ote", "en"))
)
_DISPOSABLE: Final = vocabulary("disposable_things")
# The act planned, asked for or given its purpose: upkeep told the blameless way ("deleted the
# bucket after the report marked it empty", "as part of the clean-up", "to free space").
_PLANNED_RE: Final = lazy_compile(
    r"\b(?:after|once|per|following|planned|scheduled|agreed|as\s+part\s+of|according\s+to|on\s+(?:request|schedule)|"
    r"to\s+(?!the\b|a\b|an\b|its\b|their\b|his\b|her\b|our\b|my\b|zero\b|\d)[a-z]+)\b",
    re.I,
)


def _bare_destruction(s: _Sentence, m: re.Match[str]) -> bool:
    """Round 16: a person destroying something with no sign of harm: the act alone is the damage.

    "The intern deleted the bucket", "A temp dropped the database": told with nothing else, the
    sentence puts the loss on the person. Not when the thing was meant to go ("purged the stale
    locks"), the act was planned or given a purpose ("after the report marked it empty", "to free
    space"), or the verb also names a remedy ("killed the stuck job").
    """
    if m.group().lower() not in _BARE_DESTROYING or _PLANNED_RE.search(s.text):
        return False
    after = s.index_at(m.end() - 1) + 1
    toks = s.tokens
    return not any(t.low in _DISPOSABLE for t in toks[after : after + 4])


def _writers_act(s: _Sentence, i: int) -> bool:
    """Tell whether the writers (we, I) act before token *i*: self-blame is another rule's.

    The whole sentence before it is read, so a clause that takes its subject from the one before
    ("We switched the feed and then purged the cache") counts too.
    """
    return any(t.low in {"we", "i", "us"} for t in s.tokens[:i])


_RELIEF_RE: Final = lazy_compile(r"\b(?:stopped|stops|subsided|cleared|recovered|went\s+away|came\s+back)\b", re.I)


_NO_HARM_RE: Final = lazy_compile(r"\s+(?:no|nothing|none|zero)\b", re.I)


def _harm_follows_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a harmful outcome joined to a person's action: "... and took half the fleet offline".

    The clause before the outcome must have a person as its subject and an active verb
    ("the on-call SRE drained the wrong zone and took ..."), and the outcome must not be a
    recovery ("... and the errors stopped").
    """
    if _NO_HARM_RE.match(s.text, m.end()):
        return False  # ", causing no downtime", "and caused no data loss": the harm is denied
    i = s.index_at(m.start())
    j = s.boundary_before(i + 1) if s.tokens[i].low in {",", ";", "and"} else s.boundary_before(i)
    if j <= 0:
        return False
    if _RECOVERY_RE.search(s.text, m.start(), s.clause_end(m.end())) or _RELIEF_RE.search(
        s.text, m.start(), s.clause_end(m.end())
    ):
        return False
    if _RECOVERY_RE.search(s.text, s.tokens[s.boundary_before(j) + 1].start, m.start()):
        return False  # round 21: the act is the repair ("the engineers fixed it by morning, which is why ...")
    return _active_person(s, j) and not _REASON_RE.search(s.text, 0, m.start())


_DUTY_FORMS: Final = sorted(
    {f for w in vocabulary("duty_verbs") for f in forms(w) if not f.endswith(("s", "ing")) or f.endswith("ss")},
    key=lambda f: (-len(f), f),
)
# Past forms, and the present of a timeline entry ("07:55 Giorgos force-pushes over main and
# wipes two days of commits").
_HARM_VERB_FORMS: Final = sorted(
    {f for w in vocabulary("harm_verbs") for f in forms(w) if f != w and not f.endswith("ing")},
    key=lambda f: (-len(f), f),
)


_HARM_FOLLOWS_MESSAGE: Final = "Joins a person's action to the harm it did, which makes the person the cause."
_HARM_FOLLOWS_SUGGESTION: Final = (
    "Describe the action as one event among the conditions that let it cause harm, and ask which "
    "safeguard could have stopped it."
)


# Prepositions, but not "to" (which opens an infinitive): a word in "-s" right after one is a plural noun.
_NOUN_AFTER: Final = vocabulary("prepositions") - {"to"}


def _after_a_preposition(s: _Sentence, i: int) -> bool:
    """Tell whether token *i* follows a preposition, right after it or after one lower-case noun ("through lunch")."""
    toks = s.tokens
    if i > 0 and toks[i - 1].low in _NOUN_AFTER:
        return True
    modifier = i > 1 and toks[i - 1].text.islower() and toks[i - 1].low[:1].isalpha() and s.word_kind(i - 1) != _PERSON
    return modifier and toks[i - 2].low in _NOUN_AFTER


def _person_verb_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person as the subject, unless a participle as an adjective ("the leaked prefixes"), denied or "we"."""
    if not may_have_person_subject(s):
        return False  # see _person_subject
    i = s.index_at(m.start())
    if (i > 0 and s.tokens[i - 1].low in _DETERMINERS) or denied_before(s.text, m.start()):
        return False  # "No single person caused this"
    if i > 0 and s.tokens[i - 1].low in _BE_WORDS:
        return False  # a passive ("a token was leaked from the CI server"): the person is not its agent
    if m.group().lower().endswith("s") and (_after_a_preposition(s, i) or s.text[m.end() : m.end() + 1] == ":"):
        # round 24: before a colon an "-s" form heads a list ("Organisational causes:")
        return False  # round 16: "no one to relieve her for breaks": after a preposition an "-s" form is a noun
    if _NO_HARM_RE.match(s.text, m.end()):
        return False  # "caused no data loss", "broke nothing": the harm is denied
    return _person_subject(s, m) and not team_before(s.text, m.start())


def _harm_named_follows_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept ", which is why every login failed" after a person's action: the harm must be named."""
    rest = s.text[m.end() :]
    if m.group().lower().endswith("how") and usual_practice_after(s.text, m.end()):
        return False  # round 22: "which is how every release here has been approved": the usual practice
    return bool(_HARM_SIGN_RE.search(rest) or _FAILURE_RE.search(rest)) and _harm_follows_gate(s, m)


# What reached production or the people served is harm ("which is how the bad build reached
# customers"); what reached a team is a report going where it should ("which is how the problem
# reached engineering").
_SERVED: Final = sorted(
    {w + e for w in vocabulary("customer_nouns") for e in ("", "s")} | {"production", "prod", "live", "the public"},
    key=lambda w: (-len(w), w),
)
_FAILURE_RE: Final = lazy_compile(
    r"\b(?:fail\w*|nobody|no\s+one|flood\w*|crash\w*|spread\w*|reach\w*\s+(?:[\w'’-]+\s+){0,2}?(?:"
    + "|".join(_SERVED)
    + r"))\b",
    re.I,
)


# Round 16: the passive with a person in the "by" phrase ("the alarms were silenced by the night
# keeper", "the outage was triggered by the release manager cutting the tag"): the person is the
# agent of the damage, of the cause or of the warning set aside, as in the active. The damaging
# verbs' participles (every destroying verb and every slip verb: vocabulary), the verbs of starting
# a failure, and those of setting a signal aside.
_PASSIVE_AGENT_FORMS: Final = sorted(
    {
        form
        for word in (_HARMFUL_ACTS | vocabulary("slip_verbs")) - {"kill", "terminate", "drain"}
        for form in forms(word)
        if form.endswith(("ed", "en", "ote"))
    }
    | {"triggered", "silenced", "snoozed", "muted", "suppressed", "overridden", "overruled", "ignored"}
    | {"disregarded", "overlooked", "dismissed", "bypassed"},
    key=lambda f: (-len(f), f),
)


def _passive_agent_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Round 16: accept a person after "by" when the act is not given a reason or a plan."""
    if _REASON_RE.search(s.text) or _PLANNED_RE.search(s.text, m.end()) or _inside_quotes(s.text, m.start()):
        return None
    return _person_follows_gate(s, m)


# Round 16: a person switching a safeguard off ("Ludmila disabled the rate limiter", "the night
# watchman switched off the humidity control", "14:05 the technician unplugs the climate logger").
_SWITCH_OFF_RE_TEXT: Final = (
    r"\b(?:disabled|disables|deactivated|deactivates|unplugged|unplugs|silenced|silences|muted|mutes|"
    r"(?:switched|switches|turned|turns|shut|shuts)\s+off|commented\s+out|comments\s+out)\b"
)
_PROTECTIONS: Final = frozenset(w + e for w in vocabulary("protections") for e in ("", "s"))


def _switched_off_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person switching off a safeguard, with no reason, plan or recovery told."""
    if _REASON_RE.search(s.text) or _PLANNED_RE.search(s.text):
        return False
    if _RECOVERY_RE.search(s.text, m.end()) or _RELIEF_RE.search(s.text, m.end()):
        return False  # the remedy told by what it stopped: "... and the errors stopped"
    toks = s.tokens
    after = s.index_at(m.end() - 1) + 1
    words = [t.low for t in toks[after : after + 5]]
    if not any(w in _PROTECTIONS for w in words) or any(w in _DISPOSABLE for w in words):
        return False
    i = s.index_at(m.start())
    if (i > 0 and toks[i - 1].low in _DETERMINERS) or _writers_act(s, i):
        return False
    return _active_person(s, i + 1) and not warranted(s, m.end())
