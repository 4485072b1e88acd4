"""A person's act that the sentence itself marks as bad (round 11 of issue 14).

Readings of structure rather than of phrases: a person (a name, a role, a pronoun; not the
writers, *we* and *I*) is the subject of an act, any verb but one of noticing, telling,
responding or being told (``vocabulary/response_verbs.txt``), and the same sentence marks the
act as the cause of harm or as the wrong choice:

- **harm joined after the act**: a clause after a comma, a semicolon, *and* or *so* names what
  went wrong (``vocabulary/outcome_harms.txt``): *the lab tech mislabelled the batch and the
  wrong results were released*, *Isabeau cancelled the overnight print runs by hand and 600
  orders missed the courier*, *Rafael disables the berth lock; cranes start double-booking*;
- **a step the act went without**, whatever the step: *opened the main line without draining it
  first*, *closed the alert without looking at the dashboard*;
- **the other choice named**: *ran the cleanup script against prod instead of staging*,
  *published the draft warning instead of the approved one*.

Turned down: a responder's act (*Farid rolled back the release and error rates recovered*),
a harm denied (*and no orders were lost*), a recovery in the outcome, a reason given for the
act (*because*, *since*, *so that*), the writers' own narrative, and a passive (*the bucket was
emptied and the exports were lost*: no person acts in it). Each pattern is one word list or
literal words with bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import warranted
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._outsiders import _THIRD_PARTIES
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import (
    _AUXILIARIES,
    _DETERMINERS,
    _NOT_NAMES,
    _PERSON_PRONOUNS,
    _ROLE_NOUNS_ALL,
    vocabulary,
)

_RESPONSES: Final = frozenset(lemma(w) for w in vocabulary("response_verbs"))
_OUTCOME_HARMS: Final = sorted(vocabulary("outcome_harms"), key=lambda w: (-len(w), w))
_WRITERS: Final = frozenset({"we", "i", "us", "our", "my"})
# A passive or a state: the grammatical subject did not act ("was paged", "got the alert").
_PASSIVE_MARKS: Final = frozenset(forms("be") | forms("get") | {"been", "being"})
# "had deleted", "has pushed": the act follows the auxiliary.
_PERFECT: Final = frozenset({"has", "have", "had"})
# Where an outcome clause opens: after the act, a comma, a semicolon, "and", "so", a dash.
_LINKS: Final = frozenset({",", ";", "and", "so", "—", "–"})
_DENIED: Final = frozenset({"no", "not", "nothing", "none", "never", "nobody", "without", "n't", "didn't", "wasn't"})
_REASON_RE: Final = lazy_compile(
    r"\b(?:because|since|as\s+(?:the|it|they|he|she)|so\s+that|in\s+order\s+to|to\s+(?:stop|fix|free|clear|save|"
    r"unblock|protect|prevent|avoid|contain|limit)|after\s+(?:confirming|checking|verifying|seeing|finding|learning))\b"
    # Round 19: "because" as spoken ("took the keys without signing 'cause the book was locked away").
    r"|(?<!\w)['’]cause\b|\bcos\b",
    re.I,
)
_RECOVERY_RE: Final = lazy_compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|improv\w*|stabili\w*|heal\w*|caught|spotted|noticed|"
    r"came\s+back|back\s+up|saved|prevented|avoided|returned|dropped|fell|stopped|cleared|subsided|went\s+away)\b",
    re.I,
)


def person_act(s: _Sentence, a: int, end: int) -> int | None:
    """Return the index of a person's act in tokens[a:end]: its first verb, when its subject is a person.

    None when the first verb is a form of "be" or "get" (a passive or a state), a modal or
    "do" (hindsight and denial have rules of their own), a verb of responding or being told
    (``vocabulary/response_verbs.txt``), or when the subject is not a person or is the writers.
    """
    toks = s.tokens
    for k in range(a, end):
        low = toks[k].low
        if low in _PERFECT:
            continue  # "had turned on debug logging": the act is the participle after it
        if low in _PASSIVE_MARKS:
            return None
        if k > a and lemma(low) in _RESPONSES:
            return None  # "Database engineer reports ...": a response, even where its form reads as a noun
        if not s.is_verb(k) or (k > a and toks[k - 1].low in _DETERMINERS):
            continue  # "its read IOPS limit": after a determiner the word is a noun
        if low in _AUXILIARIES or lemma(low) in _RESPONSES:
            return None
        # The words before the verb, when there are any, are its subject ("its read IOPS limit"
        # is no person, whatever the clause before was about).
        own = s.noun_phrase_kind(a, k) if k > a else None
        if (own is not None and own != _PERSON) or s.subject_kind(k) != _PERSON:
            return None
        return None if any(toks[x].low in _WRITERS for x in range(a, k)) else k
    return None


def _act_before(s: _Sentence, i: int) -> tuple[int, int] | None:
    """Find the person's act in the clause holding token *i*, before it: (first token of the clause, verb).

    Not a third party's (a vendor, a provider: blame at them is read by ``_teams``).
    """
    a = s.boundary_before(i) + 1
    k = person_act(s, a, i)
    if k is None or any(s._bare(s.tokens[x]) in _THIRD_PARTIES for x in range(a, k)):
        return None
    return a, k


_LINK_RE: Final = lazy_compile(r"[,;—–]|\b(?:and|so)\b", re.I)
_PERSONISH: Final = _ROLE_NOUNS_ALL | _PERSON_PRONOUNS
_STRIP: Final = "\"'“”‘’()[]*_,;:.!?"


def _maybe_person(text: str) -> bool:
    """Tell cheaply, before any parsing, whether *text* holds a word that could name a person.

    A role noun, a person's pronoun, a handle, or a capitalised word that is no known common
    word: harm words are common in system narration ("the API failed, and errors rose"), and
    most such sentences name no one.
    """
    for word in text.split():
        bare = word.strip(_STRIP).lower()
        if bare.endswith(("'s", "’s")):
            bare = bare[:-2]
        if bare in _PERSONISH or word[:1] == "@" or (word[:1].isupper() and bare not in _NOT_NAMES):
            return True
    return False


# Round 25: a harm word inside a compound noun ("lost and found", "lost property"): a place or a service.
_COMPOUND_NOUN_RE: Final = lazy_compile(r"\s+(?:(?:and|&)\s+found|property)\b", re.I)


def _outcome_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept harm named in a clause joined after a person's act: "... and the wrong results were released".

    Returns:
        The span from the act's clause to the harm word, or None.
    """
    last_link = max((link.start() for link in _LINK_RE.finditer(s.text, 0, m.start())), default=-1)
    # Round 25: a harm word in a compound noun ("Hana in lost and found") is a desk's name, no harm.
    compound = _COMPOUND_NOUN_RE.match(s.text, m.end())
    if last_link < 0 or compound or not _maybe_person(s.text[:last_link]) or not may_have_person_subject(s):
        return None
    toks = s.tokens
    i = s.index_at(m.start())
    j = s.boundary_before(i)
    if j <= 0 or toks[j].low not in _LINKS:
        return None
    if any(toks[x].low in _DENIED or toks[x].low.endswith("n't") for x in range(j + 1, i)):
        return None  # "and no orders were lost"
    if any(s.is_verb(x) and lemma(toks[x].low) in _RESPONSES for x in range(j + 1, i)):
        return None  # "... and found the duplicate fetch": the outcome is what someone noticed
    found = _act_before(s, j)
    if found is None:
        return None
    a, k = found
    # Not when the act's reason is given, nor a recovery told ("... and the errors stopped").
    explained = _REASON_RE.search(s.text, toks[k].end, m.start()) or warranted(s, toks[k].end)
    recovered = _RECOVERY_RE.search(s.text, toks[j].end, s.clause_end(m.end()))
    return None if explained or recovered else (toks[a].start, m.end())


_DONE_ANYWAY: Final = frozenset(
    {
        "losing",
        "dropping",
        "affecting",
        "impacting",
        "breaking",
        "causing",
        "interrupting",
        "disrupting",
        "waking",
        "paging",
        "needing",
        "requiring",
        "being",
        "having",
        "any",
        "anything",
        "incident",
        "touching",
        "harming",
        "downtime",
        "stopping",
        "delaying",
        "hurting",
        "disturbing",
        "failing",
        "erroring",
        "crashing",
    }
)


def _without_step_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's act done without a step: "opened the main line without draining it first".

    Not a harm the act avoided ("restarted the pods without dropping a request").
    """
    if m.group("step").lower() in _DONE_ANYWAY or _REASON_RE.search(s.text) or not may_have_person_subject(s):
        return None
    found = _act_before(s, s.index_at(m.start()))
    return None if found is None else (s.tokens[found[0]].start, m.end())


def _other_choice_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's act set against the choice they did not make: "... against prod instead of staging"."""
    if _REASON_RE.search(s.text) or not may_have_person_subject(s):
        return None
    i = s.index_at(m.start())
    if i == 0:
        return None
    found = _act_before(s, i)
    return None if found is None else (s.tokens[found[0]].start, m.end())


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?:" + "|".join(re.escape(w) for w in _OUTCOME_HARMS) + r")\b",
        _outcome_gate,
        "Joins a person's action to the harm that followed, which makes the person the cause.",
        "Describe the action as one event among the conditions that let it cause harm, and ask which "
        "safeguard could have stopped it.",
        # Most harm joined after an act is joined by "and" or "so"; a sentence holding neither is
        # not read (a comma or a semicolon alone links too, but keying on them would read most
        # sentences: see the speed figures in docs/checks/blamelessness.md, round 11).
        keys=_k(" ".join(_OUTCOME_HARMS).replace("-", " "), "and so"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwithout\s+(?:(?:first|even|properly|ever|actually|once)\s+)?(?P<step>[a-z]+ing)\b",
        _without_step_gate,
        "Tells a step the person went without as their choice.",
        "Describe what made the step look skippable at the time (pressure, a tool that allowed it, "
        "no one to ask) and what would make it happen by default.",
        keys=_k("without"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:instead\s+of|rather\s+than)\s+[\w-]+",
        _other_choice_gate,
        "Sets what a person did against the choice they did not make: the choice judged with hindsight.",
        "Describe what made the choice look right at the time and what would have made the other one the default.",
        keys=_k("instead rather"),
    ),
)
