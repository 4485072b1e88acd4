"""``blame/culprit-question``.

Questions that hunt for a person ("Who approved ...?", "Why didn't you ...?").
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _UNKNOWN, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _PEOPLE_WORDS
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _DETERMINERS, _IRREGULAR_PAST, _STANDING_ARTEFACTS, _SYSTEM_PRONOUNS


def _question(s: _Sentence) -> bool:
    return s.text[s.start : s.end].rstrip().endswith("?")


def _question_gate(s: _Sentence, m: re.Match[str]) -> bool:
    return _question(s)


def _which_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "which of them" or "which one" in a question, unless it points back to things.

    Round 14: "Which alarms did the panel show, and which of them were trusted?" and "which ones would we
    keep?" choose among the things named before (the nearest plural noun); "We paged three engineers, so
    which of them answered?" and "which engineer ..." still ask for a person.
    """
    if not _question(s):
        return False
    words = m.group().lower().split()
    if words[-1] not in {"them", "one", "ones"}:
        return True
    toks = s.tokens
    for k in range(s.index_at(m.start()) - 1, -1, -1):
        low = toks[k].low
        if len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "'s")) and low.isalpha():
            kind = s.word_kind(k)
            if kind == _PERSON or low in _PEOPLE_WORDS:
                return True
            if not s.is_verb(k) and low not in _NOT_PLURALS:
                return False
    return True


# Words ending in -s that are no plural noun.
_NOT_PLURALS: Final = frozenset(
    {"this", "thus", "always", "perhaps", "towards", "besides", "unless", "does", "was", "has"}
)


def _subject_end(s: _Sentence, i: int) -> int:
    """Return where the subject opening at token *i* ends: at its verb or the clause's end.

    A participle before a known noun modifies it ("an experienced engineer", "the deploying
    engineer"), so it does not end the subject.
    """
    toks = s.tokens
    end = i
    while end < len(toks) and not s._is_boundary(end) and toks[end].low not in {"not", "never", "n't"}:
        if s.is_verb(end) and not (
            toks[end].low.endswith(("ed", "ing")) and end + 1 < len(toks) and s.word_kind(end + 1) != _UNKNOWN
        ):
            break
        end += 1
    return max(end, i + 1)


def _why_gate(s: _Sentence, m: re.Match[str]) -> bool:
    if not _question(s):
        return False
    i = s.index_at(m.end())
    return s.noun_phrase_kind(i, _subject_end(s, i)) == _PERSON and not _answered_by_the_system(s)


# The next sentence of a paragraph: up to a sentence end followed by white space, or the end.
_NEXT_SENTENCE_RE: Final = lazy_compile(r"[^\n]{0,300}?(?:[.!?](?=\s|$)|$)")


# Words that open an answer without being its subject ("Because the alert ...", "Only with ...").
_ANSWER_OPENERS: Final = frozenset({"because", "simply", "only", "well", "answer", "mostly", "partly"})


def _answer(s: _Sentence) -> tuple[_Sentence, int] | None:
    """Return the sentence after a question and the index of its first token past its openers.

    The openers are words such as "Because" and "Simply" and marks; None when no sentence follows
    or the next one is another question.
    """
    rest = s.following.lstrip()
    found = _NEXT_SENTENCE_RE.match(rest) if rest else None
    answer = found.group(0) if found else rest
    if not answer.strip() or answer.rstrip().endswith("?"):
        return None
    a = _Sentence(answer, 0, len(answer), s.people, s.allowed)
    tokens = a.tokens
    first = 0
    while first < len(tokens) and (tokens[first].low in _ANSWER_OPENERS or not tokens[first].low[:1].isalnum()):
        first += 1
    return a, first


def _answered_by_the_system(s: _Sentence) -> bool:
    """Tell whether the sentence after a question answers it with something other than a person.

    A self-question the post-mortem answers at once ("Why didn't we notice sooner? The alert
    went to an unused mailbox.") is how five-whys and analysis sections are written: it asks
    for conditions and gets them. An answer whose subject is a person ("Because Sofia didn't
    add it") keeps the question a hunt for a culprit, and so does a question left unanswered
    or followed by another question.
    """
    answered = _answer(s)
    if answered is None:
        return False
    a, first = answered
    tokens = a.tokens
    end = first
    while end < len(tokens) and not a._is_boundary(end) and not a.is_verb(end):
        end += 1
    if end == first:
        return True  # no subject: "Only with a synthetic check, which we did not have."
    if a.noun_phrase_kind(first, end) != _PERSON:
        return True
    # Round 15: the writers deny the question's premise ("Why didn't anyone look at the board? We did, and
    # it showed ...") and go on: no one is hunted for an act nobody failed to do.
    return (
        tokens[first].low in {"we", "i"}
        and end + 1 < len(tokens)
        and tokens[end].low in {"did", "had", "were", "was"}
        and tokens[end + 1].low in {",", ";", "and", "but", "—", "-"}
    )


def _who_gate(s: _Sentence, m: re.Match[str]) -> bool | tuple[int, int]:
    if not _question(s):
        return False
    word = m.group("verb").lower()
    if word in {"else", "owns", "is", "are", "can", "should", "will", "would", "could"}:
        return False
    if word in {"was", "were"}:
        # "Who was on call?" asks for a fact; "Who was responsible?" hunts for a culprit.
        role = _CULPRIT_ROLE_RE.match(s.text, m.end())
        return (m.start(), role.end()) if role and _answer_subject(s) not in _CLEARED else False
    if _FIRST_TO_SEE_RE.search(s.text, m.start() - 6 if m.start() >= 6 else 0, m.end() + 24):
        return False  # round 19: "Who noticed first?", "who first spotted it?": a question of detection
    return (word in _IRREGULAR_PAST or word.endswith("ed")) and not (
        _answer_subject(s) == _SYSTEM or _answered_with_a_condition(s)
    )


# Who saw it first: how the incident was detected, not who caused it.
_FIRST_TO_SEE_RE: Final = lazy_compile(
    r"\bwho\s+(?:first\s+(?:noticed|spotted|saw|detected|raised|reported)|(?:noticed|spotted|saw|detected|raised|"
    r"reported)(?:\s+(?:it|this|that|the\s+[\w-]+))?\s+first)\b",
    re.I,
)


# Round 18: an answer whose subject is a thing ("Who let the tank overflow? The level sensor had stuck, so
# ...") names a system cause where the question asked for a person; one that opens with "nobody" and goes
# on ("Who was supposed to check the pins? Nobody: the checklist lists ...") clears people.
_CLEARED: Final = frozenset({_SYSTEM, "nobody"})


def _answer_subject(s: _Sentence) -> str | None:
    """Classify the subject of the sentence after a question (None when there is no answer)."""
    answered = _answer(s)
    if answered is None:
        return None
    a, first = answered
    tokens = a.tokens
    if (
        first + 2 < len(tokens)
        and tokens[first].low in {"nobody", "none", "no", "not"}
        and tokens[first + 1].low in {":", ";", ",", "one", "—"}
    ):
        return "nobody" if tokens[first + 1].low != "one" or tokens[first + 2].low in {":", ";", ",", "—"} else None
    if first >= len(tokens) or re.split("['’]", tokens[first].low)[0] in _SYSTEM_PRONOUNS:
        return None  # "It was Dev.", "It's plain as day that ...": no thing answers
    end = _subject_end(a, first)
    # A thing only when no word of the subject is a person ("the database team", "the release manager's script").
    kinds = {a.word_kind(k) for k in range(first, end)}
    if _PERSON in kinds:
        return _PERSON
    if _SYSTEM in kinds or _a_thing_acts(a, first, end):
        return _SYSTEM
    return None


# Round 22: heads that may name a role the vocabulary does not know ("the closer", "the fitter").
_ROLE_ENDINGS: Final = ("er", "or", "ist", "ian", "ers", "ors", "ists", "ians")
_AUXILIARIES: Final = frozenset({"do", "does", "did", "has", "have", "had", "is", "are", "was", "were"})
# Words after a noun phrase's head ("the papers from 2025", "the fitter on nights").
_AFTER_HEAD: Final = frozenset({"from", "of", "in", "on", "at", "for", "with", "that", "who", ","})


def _a_thing_acts(a: _Sentence, first: int, end: int) -> bool:
    """Tell whether an answer opens with a noun phrase naming a thing, then its verb.

    Round 22 (issue 14): "Who decided to send the container in February? The buyer's contract gave
    a loading date of 28 February", "Who was meant to update the list? The handover papers do not
    mention it": a determiner, words the vocabulary does not know as people, a head that is no role
    noun ("-er", "-or": *the closer* may be a person), and a verb. The answer gives a document or a
    condition, not the person the question asked for.
    """
    toks = a.tokens
    if end >= len(toks) or end - first < 2 or toks[first].low not in _DETERMINERS:
        return False
    if not (a.is_verb(end) or toks[end].low in _AUXILIARIES):
        return False  # an auxiliary at a line's end is read without its verb ("The handover papers do")
    heads = list(itertools.takewhile(lambda w: w not in _AFTER_HEAD, (toks[k].low for k in range(first + 1, end))))
    return bool(heads) and heads[-1].isalpha() and not heads[-1].endswith(_ROLE_ENDINGS)


# Where an answer's people end and a clause about what let it happen begins.
_ANSWER_LINK_RE: Final = lazy_compile(r";\s*|:\s+|,\s+(?:and|but|which)\s+|\s+(?:because|since)\s+", re.I)


def _how_a_thing_is(a: _Sentence, k: int) -> bool:
    """Tell whether the clause at token *k* says how a thing is, in the present ("the form accepts any unit").

    Round 16: a system or a standing artefact (a form, a checklist) as the head of the clause's opening noun
    phrase, then a verb in "-s" or an auxiliary: the gap in the tool or the form that let the act through
    ("the tool shows no history of earlier refunds"). A person or a person's possessive first is no thing.
    """
    toks = a.tokens
    j = k + (k < len(toks) and toks[k].low in _DETERMINERS)
    for h in range(j, min(j + 3, len(toks) - 1)):
        low = toks[h].low
        nxt = toks[h + 1].low
        if a.word_kind(h) == _SYSTEM or low in _STANDING_ARTEFACTS:
            return a.is_verb(h + 1) or (len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith(("ss", "us", "is")))
        if (a.word_kind(h) == _PERSON or low.endswith(("'s", "’s"))) and not (
            low.isalpha() and (a.word_kind(h + 1) == _SYSTEM or nxt in _STANDING_ARTEFACTS)
        ):
            return False  # a person, or a person's thing; "the admin page" is a page
    return False


def _answered_with_a_condition(s: _Sentence) -> bool:
    """Tell whether the next sentence answers a who-question with people and then a thing's clause.

    Round 15: "Who held the keys that night? Two wardens, both on the rota; the third warden's badge had
    lapsed." names who, as asked, and goes on to what let it happen (a clause whose subject is a thing).
    An answer that names people and stops ("Priya."), or whose clauses are all about people ("Two
    wardens; one of them opened the vault."), keeps the question a hunt for a culprit.
    """
    found = _answer(s)
    if found is None:
        return False
    a = found[0]
    answer = a.text
    for link in _ANSWER_LINK_RE.finditer(answer):
        k = a.index_at(link.end())
        if k >= len(a.tokens):
            break
        if link.group().rstrip().lower().endswith("which"):
            # ", which skipped the canary": said of the thing named before it.
            if a.word_kind(a.index_at(link.start()) - 1) == _SYSTEM and a.is_verb(k):
                return True
            continue
        if _how_a_thing_is(a, k):
            return True
        end = _subject_end(a, k)
        if end >= len(a.tokens) or not a.is_verb(end):
            continue
        kind = a.noun_phrase_kind(k, end)
        # A thing a person holds ("the third warden's badge") is a thing; round 19: after "because", any
        # subject that is no person ("Only the herd boys, because the monitoring borehole had been dry").
        held = kind == _UNKNOWN and any(a.tokens[j].low.endswith(("'s", "’s")) for j in range(k, end - 1))
        if kind == _SYSTEM or held or (kind == _UNKNOWN and link.group().strip().lower() in {"because", "since"}):
            return True
    return False


def _whoever_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Whoever approved this ..." (a past act), not "Whoever is on call pages ..."."""
    word = m.group("verb").lower()
    if _ORDER_RULE_RE.match(s.text, m.end()):
        return False  # round 24: "whoever arrived last overwrote the others": how a sync orders writes
    return word in _IRREGULAR_PAST or (word.endswith("ed") and word not in {"need", "needed"})


_ORDER_RULE_RE: Final = lazy_compile(
    r"\s+(?:last|first)\s+(?:\w+\s+)?(?:wins?|won|gets?|got|overw\w+|keeps?|kept|takes?|took)\b", re.I
)


_CULPRIT_ROLE_RE: Final = lazy_compile(
    r"\s+(?:responsible|accountable|supposed|meant|to\s+blame|in\s+charge|behind|at\s+fault)\b",
    re.I,
)


def _answer_wanted_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a question the next sentence does not answer with a condition (see _answered_by_the_system)."""
    return _question(s) and not _answered_by_the_system(s)


def _explain_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "can someone explain why Lars ..." and "is there a reason nobody ...": a person must answer.

    "Which" and "who" ask for the person; after "why" and "how" the clause's subject must be a
    person ("Can someone explain how the failover works?" asks for a fact).
    """
    if not _question(s):
        return False
    if m.group().lower().rstrip().endswith(("which", "who")):
        return True
    i = s.index_at(m.end())
    return s.noun_phrase_kind(i, _subject_end(s, i)) == _PERSON


def _how_gate(s: _Sentence, m: re.Match[str]) -> bool:
    inner = _HOW_WORDS.search(s.text, m.start(), m.end())
    return inner is not None and _why_gate(s, inner)


_HOW_WORDS: Final = lazy_compile(r"how\s+\w+", re.I)


RULES: Final = (
    # ---- culprit-hunting questions
    _Rule(
        "blame/culprit-question",
        r"(?:^\W*|[.;:]\s*|\b(?:so|and|but|ok|okay|then|now|seriously|honestly|well)\s+)who\s+"
        r"(?:(?:on\s+earth|the\s+hell|exactly|actually|even|really|here|in\s+(?:their|his|her)\s+right\s+mind|"
        r"(?:on|in|of|from)\s+(?:the\s+|our\s+|your\s+|this\s+)?[\w-]+(?:\s+(?:team|squad|crew|rota|shift))?)\s+)?"
        r"(?P<verb>[\w-]+)",
        _who_gate,
        "Asking who did it hunts for a culprit instead of for how it happened.",
        "Ask how it happened instead of who did it, for example 'How did this change get "
        "approved and deployed, and which safeguards did it pass?'",
        keys=_k("who", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)whoever\s+(?P<verb>[\w-]+)",
        _whoever_gate,
        "Looking for whoever did it hunts for a culprit instead of for how it happened.",
        "Ask how the change was made, reviewed and shipped, and which safeguards it passed.",
        keys=_k("whoever"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)whose\s+(?:[\w-]+\s+)?(?:change|fault|commit|pr|idea|decision|code|"
        r"mistake|push|deploy|call|responsibility)\b",
        _question_gate,
        "Asking whose change or fault it was hunts for a culprit.",
        "Ask how the change was made, reviewed and shipped, and which safeguards it passed.",
        keys=_k("whose", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^\W*|[.;:]\s*|\b(?:so|and|but|ok|okay|then|now|seriously|out)\s+)which\s+(?:of\s+(?:you|us|them)|"
        r"(?:of\s+(?:the|our|your)\s+)?(?:\w+\s+)?(?:engineer|developer|person|operator|admin|sre|team|one|dev|"
        r"reviewer|approver|manager|on-?call|lead)s?)\b",
        _which_gate,
        "Asking which person did it hunts for a culprit.",
        "Ask how the action was possible and what the system showed at the time.",
        keys=_k("which", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)why\s+(?:on\s+earth\s+|in\s+the\s+world\s+|the\s+hell\s+|exactly\s+)?"
        r"(?:didn't|did not|did|wasn't|weren't|was not|were not|"
        r"couldn't|could not|hadn't|had not|haven't|hasn't|don't|doesn't|wouldn't|would)\b",
        _why_gate,
        "A 'why didn't you' question asks a person to justify themselves rather than explaining the system.",
        "Ask what the person saw and knew at the time, for example 'What did the dashboards "
        "show when the decision was made?'",
        keys=_k("why", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)how\s+(?:could|can|did|do|does|was|were|is)\s+(?:(?:nobody|no\s+one)\b|"
        r"(?:(?:the|our)\s+)?(?:you|they|he|she|we|anyone|[\w@-]+)\b[^?]*?\b(?:not|n't|miss|"
        r"missed|forget|forgot|ignore|ignored|overlook|overlooked|let|allow|manage|managed|"
        r"sleep\s+through|slept\s+through)\b)",
        _how_gate,
        "A 'how could they not' question accuses rather than asks.",
        "Ask what made the problem hard to see at the time.",
        keys=_k("how", "?"),
    ),
    # ---- questions that accuse whatever their words: "what were you thinking", "did anyone even read"
    _Rule(
        "blame/culprit-question",
        r"\bwhat\s+(?:were|was)\s+(?!we\b)(?:you|they|he|she|[\w@-]+)\s+thinking\b"
        r"|\bwhat\s+(?:was\s+)?going\s+through\s+[\w@'’-]+\s+(?:head|mind)\b|\bwhat\s+possess(?:ed|es)\b"
        r"|\bin\s+(?:their|his|her|your)\s+right\s+mind\b"
        r"|\bwhat\s+kind\s+of\s+(?:engineer|person|developer|team|operator|reviewer|admin|sre|manager)s?\b"
        r"|\bhow\s+many\s+times\s+(?:does|do|did|must|has|have|will)\s+[^?]{1,40}?\b(?:be|been)\s+(?:told|reminded|asked)\b",
        _answer_wanted_gate,
        "A question that accuses the people involved instead of asking how it happened.",
        "Ask what the person saw and knew at the time, for example 'What did the dashboards "
        "show when the decision was made?'",
        keys=_k("?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^\W*|[:;]\s*)(?:did|was|were|has|had|is)\s+(?:any(?:one|body)|nobody|no\s+one|a\s+single\s+(?:\w+\s+)?"
        r"(?:person|human|soul|engineer|reviewer|one|being))\b[^?]{0,60}?\b(?:even|actually|ever|bother(?:ed)?|"
        r"think\s+to|at\s+all|keep\s+an\s+eye)\b"
        r"|(?:^\W*|[:;]\s*)(?:did|were|was|have|has)\s+(?:you|they|he|she)\s+(?:even|actually|ever)\s+(?:bother|\w+ed|read|"
        r"run|ran|look|test|check|open|think)\b",
        _answer_wanted_gate,
        "Asking whether anyone even did their part accuses the people involved instead of asking how it happened.",
        "Ask what the people involved could see at the time, and what would have drawn their attention.",
        keys=_k("?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"\b(?:can|could)\s+(?:someone|somebody|anyone|anybody|you|we)\s+(?:please\s+)?(?:explain|tell\s+(?:me|us)|"
        r"find\s+out)\s+(?:why|how|which|who)\b|\bis\s+there\s+a\s+(?:good\s+)?reason\s+(?:why\s+)?",
        _explain_gate,
        "Asks for a person to answer for what happened: a hunt for a culprit.",
        "Ask how it happened instead: what the person saw and knew, and which safeguards the change passed.",
        keys=_k("?"),
    ),
)
