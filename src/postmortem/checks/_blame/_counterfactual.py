"""``blame/counterfactual``.

Hindsight judgement of people ("should have", "could have caught", "if only", "obviously").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _UNKNOWN, _is_participle, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _asks_whether,
    _if_only_gate,
    _person_subject,
    no_one_opens,
)
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _JUDGED_VERBS, _S, _SHOULD_HAVE, _always, _k, _Rule
from postmortem.checks._blame._vocabulary import _PERSON_PRONOUNS, _SYSTEM_NOUNS_ALL, _TECH_WORDS, vocabulary

# "If engineers had a staging copy, they could have tested it": the missing thing is a
# resource, so the counterfactual is about the system.
_RESOURCE_IF_RE: Final = lazy_compile(
    r"\b(?:if|had)\b[^,;.]*?\bhad\s+(?:had\s+)?(?:a|an|the|access|more|better|enough|some|any)\b|"
    r"\bwith\s+(?:a|an|better|more|proper)\s+[\w-]+(?:\s+[\w-]+)?\s*,",
    re.I,
)


_SYSTEM_GAP_RE: Final = lazy_compile(
    r"\s+(?:had|added|built|set\s+up|configured|written|created|had\s+in\s+place)\s+"
    r"(?:an?\s+|more\s+|better\s+|some\s+|the\s+|proper\s+|enough\s+)?(?:[\w-]+\s+)??"
    r"(?P<noun>[\w-]+)",
    re.I,
)


# "Leave out what they should have known", "not with what they should have seen": the
# hindsight is named as wording to avoid, the object of a verb that rejects it.
_REJECTED_WHAT_RE: Final = lazy_compile(
    r"\b(?:leave|leaves|leaving|left|cut|cuts|cutting)\s+out\s+what\s+[\w'-]+\s*$"
    r"|\b(?:avoid|avoids|avoiding|omit|omits|omitting|not|rather\s+than|instead\s+of)\s+(?:with\s+)?what\s+[\w'-]+\s*$",
    re.I,
)


def _should_have_gate(s: _Sentence, m: re.Match[str]) -> bool:
    if _REJECTED_WHAT_RE.search(s.text, max(0, m.start() - 40), m.start()):
        return False
    # "We should have had an alert on this" names a missing safeguard, not a lapse.
    gap = _SYSTEM_GAP_RE.match(s.text, m.end())
    if gap and gap.group("noun").lower() in _SYSTEM_NOUNS_ALL:
        return False
    # "We should have more than one person who knows it": "have" is the main verb, a
    # recommendation about the future, not a hindsight judgement.
    nxt = _NEXT_WORD_RE.match(s.text, m.end())
    if m.group().lower().endswith("have") and nxt and not _is_participle(nxt.group(1)):
        return False
    return _person_subject(s, m) and not _owed_to_the_served(s, m)


# Round 20: "You should have been told the pool was closed, and you weren't": a duty owed to the
# reader or to the people served (told, warned, refunded), an apology, not a lapse of theirs.
_OWED_RE: Final = lazy_compile(
    r"\s+been\s+(?:told|informed|notified|warned|called|contacted|offered|given|sent|phoned|e-?mailed|refunded|texted|"
    r"alerted|updated|kept\s+informed|asked)\b",
    re.I,
)
_SERVED_LEMMAS: Final = frozenset(lemma(w) for w in vocabulary("customer_nouns")) | {"you"}


def _owed_to_the_served(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether "should have been told" (see above) has the reader or the people served as its subject."""
    if not _OWED_RE.match(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    toks = s.tokens
    a = s.boundary_before(i)
    if a >= 1 and toks[a].low == "who":
        a = s.boundary_before(a - 1)  # round 22: "38 families who should have been offered a place"
    return any(lemma(toks[x].low) in _SERVED_LEMMAS for x in range(a + 1, i))


_NEXT_WORD_RE: Final = lazy_compile(r"\s+(?:(?:also|just|really|at\s+least|probably|simply)\s+)?([\w'-]+)")


def _person_subject_not_later(s: _Sentence, m: re.Match[str]) -> bool:
    # "we could've noticed it way later" imagines a worse outcome; "nobody could have
    # predicted it" clears people. Neither judges anyone.
    rest = s.text[m.end() : s.clause_end(m.end())].lower()
    before = s.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\b(?:nobody|no one|none of us)\s*$", before) or _RESOURCE_IF_RE.search(s.text):
        return False
    if no_one_opens(s.text, m.start()):
        return False  # round 13: "Nobody in that call could have known it from where they sat"
    return _person_subject(s, m) and not re.search(r"\b(later|worse|longer)\b", rest)


def _hindsight_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "obvious" when it judges people: "plain to see for anyone", "obvious, yet the team ..."."""
    rest = s.text[m.end() :]
    if _ANYONE_RE.match(rest):
        return True
    contrast = _CONTRAST_RE.search(rest)
    if not contrast:
        return False
    i = s.index_at(m.end() + contrast.end())
    end = i
    while end < len(s.tokens) and not s._is_boundary(end) and not s.is_verb(end):
        end += 1
    return s.noun_phrase_kind(i, max(end, i + 1)) == _PERSON


_ANYONE_RE: Final = lazy_compile(
    r"[^.?!;]{0,60}?\b(?:to|for)\s+(?:anyone|anybody|everyone|everybody|any\s+\w+)\b", re.I
)


# Searched in the rest of the sentence: the first contrast there. (It used to open with
# "[^.?!;]{0,120}?", which a search retries from every position: quadratic, same result.)
_CONTRAST_RE: Final = lazy_compile(r"[,;]\s*(?:yet|but|and\s+yet)\s+", re.I)


def _adverb_gate(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    if (
        0 < i < len(s.tokens) - 1
        and lemma(s.tokens[i - 1].low) in _PLAIN_SPEECH
        and s.tokens[i + 1].low in {":", "that"}
    ):
        return False  # round 21: how something is said ("say clearly: every charge is cancelled")
    toks = s.tokens
    if (
        (i + 1 == len(toks) or toks[i + 1].low in {".", ",", ";", "!", ")"})
        and any(lemma(toks[k].low) in _PLAIN_SPEECH for k in range(max(0, i - 3), i))
        and not any(s.is_verb(k) for k in range(max(0, i - 3) + 1, i) if lemma(toks[k].low) not in _PLAIN_SPEECH)
    ):
        return False  # round 22: the manner of a saying at its clause's end ("and said so clearly")
    kind = s.subject_kind(i)
    if kind == _UNKNOWN and i + 1 < len(s.tokens) and s.tokens[i + 1].low == ",":
        kind = s.following_subject_kind(i)
    return kind == _PERSON


# Verbs of saying and marking: "clearly" after one tells how plainly it was said, not what was obvious.
_PLAIN_SPEECH: Final = frozenset(
    {"say", "state", "explain", "write", "tell", "speak", "communicate", "describe", "mark", "label", "sign", "spell"}
)


def _conditional_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "if the on-call had read ..." when the subject of the condition is a person.

    Not when the condition imagines a situation rather than an act ("had we needed to
    restore", vocabulary/situation_verbs.txt; "if we had had to roll back").
    """
    # The subject group may have taken the verb in ("had [we needed] to"): read its words too.
    words = _WORDS_RE.findall(s.text, m.start("subj"), m.end())[1:4]
    if any(lemma(word.lower()) in _SITUATION_LEMMAS for word in words) or _OBLIGED_RE.match(s.text, m.end("subj")):
        return False
    if _WRITERS_HAD_THING_RE.match(s.text, m.start("subj")):
        return False  # round 25: "If we had a second key in the top terminal": the writers wishing for a thing
    start, end = s.index_at(m.start("subj")), s.index_at(m.end("subj") - 1) + 1
    return s.noun_phrase_kind(start, end) == _PERSON


# Round 25: the writers as the subject and "had" with a thing ("If we had a second key ..., we'd have started
# the aux forty minutes sooner"): a counterfactual about what was there, the tools, not about an act. A
# person named as the subject keeps the reading ("if the foreman had any sense").
_WRITERS_HAD_THING_RE: Final = lazy_compile(
    r"(?:we|i)\s+had\s+(?:a|an|another|two|three|more|one|spare|(?:a\s+)?second|backup|working)\s+"
    r"(?!(?:more\s+)?(?:careful|experienced|senior|competent|better)\b)",
    re.I,
)


def _contracted_conditional_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "if she'd just phoned back": "'d" is "had" before a past participle, and the subject a person."""
    verb = m.group("verb")
    if verb.lower() != "been" and not _is_participle(verb):
        return False
    subject = m.group("subj").lower()
    # The tokeniser keeps "she'd" whole: a pronoun subject is read from the words themselves.
    if subject in _PERSON_PRONOUNS:
        return subject not in {"it", "this", "that"}
    return _conditional_subject_gate(s, m)


_WORDS_RE: Final = lazy_compile(r"[\w'-]+")
# "If we had had to roll back further": an obligation the situation imposed, not an act.
_OBLIGED_RE: Final = lazy_compile(r"\s+had\s+(?:had\s+)?to\b", re.I)
_SITUATION_LEMMAS: Final = frozenset(lemma(word) for word in vocabulary("situation_verbs"))


# "should have been spotted during review" judges whoever did not spot it, with no person
# in the sentence; "should have been caught by the linter" is about a safeguard.
_BY_SYSTEM_RE: Final = lazy_compile(
    r"[^,;.]*?\b(?:automatically|by\s+(?:an?\s+|the\s+|our\s+|their\s+)?(?P<noun>[\w-]+(?:\s+[\w-]+){0,2}))\b",
    re.I,
)


def _passive_hindsight_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judged act in the passive, unless a system is named as what should have acted.

    Nor when a reason before it says why it was to be expected and nothing after it names
    who or where ("because the key was written to the new cluster, the retry should have
    been caught."): *should* there tells what the mechanism just described was expected to
    do, not what a person failed to do ("... should have been caught in review" still judges).
    """
    rest = s.text[m.end() : s.clause_end(m.end())]
    if not rest.strip() and _EXPECTED_RE.search(s.text, 0, m.start()):
        return False
    found = _BY_SYSTEM_RE.match(rest)
    # "automatically", or "by" a system: a missing safeguard. "By the reviewer" still judges.
    if not found:
        return True
    noun = found.group("noun")
    if noun is None or any(word in _SYSTEM_NOUNS_ALL for word in noun.lower().split()):
        return False
    return _by_person_or_time(s, m.end() + found.start("noun"))


# "By" a time is when, not who: "should have been caught by then", "by the time it shipped".
_BY_TIME_RE: Final = lazy_compile(
    r"(?:the\s+)?(?:then|now|time|end|start|morning|afternoon|evening|night|noon|midnight|tomorrow|"
    r"day|week|weekend|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\d",
    re.I,
)


def _by_person_or_time(s: _Sentence, pos: int) -> bool:
    """Tell whether what follows "by" at *pos* is a person or a time rather than a thing.

    "should have been caught by the unique constraint" names a safeguard even when the noun is
    not a known system word; "by the reviewers", "by anyone" and "by Friday" still judge.
    """
    if _BY_TIME_RE.match(s.text, pos):
        return True
    i = s.index_at(pos)
    if i >= len(s.tokens):
        return True
    if s.tokens[i].low.startswith("any") or s.tokens[i].low == "whoever":
        return True  # "by anyone", "by any reviewer", "by whoever was on shift": people are judged
    end = min(s.boundary_from(i), i + 6)
    return s.noun_phrase_kind(i, max(end, i + 1)) == _PERSON


_EXPECTED_RE: Final = lazy_compile(r"\b(?:because|since|given\s+that)\b", re.I)


# A condition or a safeguard before a hindsight verb makes it a counterfactual about the
# system: "Had the canary covered writes, the bug would have been caught", "With quotas, ...".
_CONDITION_BEFORE_RE: Final = lazy_compile(r"\b(?:if|had|with|without|once|unless|a\s+\w+\s+check|an?\s+alert)\b", re.I)
_CONDITION_AFTER_RE: Final = lazy_compile(r"\b(?:if|unless|had\s+(?:the|a|an|we|there))\b", re.I)
_NOBODY_RE: Final = lazy_compile(r"^\W*(?:nobody|no\s+one|no-one|none\s+of\s+us|no\s+\w+)\b", re.I)
_ANY_SUBJECT_RE: Final = lazy_compile(r"^\W*(?:\w+\W+){0,3}?any(?:one|body)?\b", re.I)


def _nobody_opens_clause(s: _Sentence, i: int, end: int) -> bool:
    """Tell whether "nobody" opens a later clause before token *i*: no one could, as at the sentence's start.

    Round 20: "...; nobody at the top station could have seen it, as there was no page".
    """
    opening = s.boundary_before(i) + 1
    return opening > 0 and _NOBODY_RE.match(s.text[s.tokens[opening].start : end]) is not None


def _hindsight_verb_gate(s: _Sentence, m: re.Match[str]) -> bool:  # noqa: PLR0911 (one return per reading)
    """Accept hindsight about noticing or foreseeing, when no system or condition is what would have acted.

    Active: the subject is a person, or anyone ("Any fool could have predicted ...").
    Passive: no system as the agent; with *would* only a person as the agent ("would have
    been caught" alone is what a safeguard would have done).
    """
    if m.group().lower().startswith("would") and _SAME_RE.match(s.text, m.end()):
        return False  # round 21: the substitution test ("anyone there would have seen the same strips")
    if _NOBODY_RE.match(s.text) or _ANY_SUBJECT_RE.match(s.text[: m.start()] + " "):
        # "Nobody could have predicted ...": no one is judged; "Anyone ... would have": all are.
        return not _NOBODY_RE.match(s.text)
    i = s.index_at(m.start())
    if (
        _nobody_opens_clause(s, i, m.start())
        or _CONDITION_BEFORE_RE.search(s.text, 0, m.start())
        or _CONDITION_AFTER_RE.search(s.text, m.end())
        or _REJECTED_WHAT_RE.search(s.text, max(0, m.start() - 40), m.start())
    ):
        return False
    if m.group("been"):
        agent = s.passive_agent_kind(i)
        if agent == _PERSON:
            return True
        if _BY_ANY_RE.search(s.text, m.end(), s.clause_end(m.end())):
            return True
        # Not in a question asking whether it could have been seen (round 12).
        return not m.group().lower().startswith("would") and not _asks_whether(s, m) and _passive_hindsight_gate(s, m)
    return _person_subject(s, m)


# What anyone in their place would have seen or done: "the same", "what they saw", "as they did".
_SAME_RE: Final = lazy_compile(
    r"[^.;]{0,40}?\b(?:the\s+same|just\s+what|exactly\s+what|as\s+(?:they|he|she|we)\s+did)\b", re.I
)
_BY_ANY_RE: Final = lazy_compile(r"\bby\s+any(?:one|body|\s+\w+)\b", re.I)


# A verdict on a choice, with the choice (a gerund: "running the migration at peak") or a
# person as its subject, or "it was a mistake to ...".
_OPENERS_RE: Final = lazy_compile(
    r"^\W*(?:(?:in\s+hindsight|in\s+retrospect|looking\s+back|honestly|frankly|clearly|obviously|"
    r"with\s+hindsight|in\s+the\s+end|ultimately|again|(?:with|knowing)\s+what\s+we\s+know\s+(?:now|today)|"
    r"now\s+that\s+we\s+know|as\s+we\s+(?:now\s+)?know|we\s+now\s+know(?:\s+that)?)\W+)*",
    re.I,
)
_GERUND_EXCEPT: Final = frozenset(
    {"nothing", "something", "everything", "anything", "thing", "during", "morning", "evening", "string", "ring"}
)


def _verdict_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a verdict on a choice ("was a clear mistake"), not on a system or a root cause.

    The choice is the subject: a gerund ("running the migration at peak"), a person, a noun
    that names a choice ("the decision to skip the load test", vocabulary/choice_nouns.txt),
    a "that" clause ("that the replica was never tested is inexcusable"), or "it ... to".
    """
    head = s.text[: m.start()]
    clause = head[_OPENERS_RE.match(head).end() :]  # type: ignore[union-attr]
    words = clause.lower().split()
    if not words:
        return False
    first = words[0].strip(",;:\"'")
    if first == "it" and re.match(r"\s*to\s+\w+", s.text[m.end() :]):
        return True
    if first.endswith("ing") and len(first) > 4 and first not in _GERUND_EXCEPT:
        return True
    if first == "that" and len(words) > 2:
        return True
    if any(w.strip(",;:\"'") in _CHOICE_NOUNS for w in words[:6]):
        return True
    return _person_subject(s, m)


# The consequence of a conditional: "would", "wouldn't", "would've", "we'd have" (round 14: the
# contracted forms too, "the cat would've been fine").
_WOULD: Final = r"(?:\bwould(?:n't| not)?(?:\s|'ve)|'d\s+(?:not\s+|never\s+)?have\b)"
# "had been paged" is passive (the person is acted on); "had been paying attention", "had been awake",
# "had been more careful" and "had been so quick to" describe the person's own state or conduct.
_NOT_PASSIVE_BEEN: Final = (
    r"(?!been\s+(?!\w+ing\b|(?:more|less|so|as|a\s+bit\s+more|even\s+slightly)\s|awake\b|alert\b|careful\b|"
    r"attentive\b|sober\b|present\b|there\b|around\b))"
)

# What the imagined better person had that the real one is said to have lacked: care, attention, wakefulness,
# the least knowledge ("who actually cared", "who'd been awake", "who knew the first thing about").
_CARING: Final = (
    r"(?:(?:actually|really|genuinely|even\s+remotely)\s+)?(?:cared|bothered|(?:been\s+|was\s+|were\s+)?paying\s+"
    r"attention|paid\s+attention|(?:been|was|were)\s+(?:awake|alert|paying|trying|careful|thinking|listening|"
    r"watching|concentrating)|knew\s+(?:the\s+first\s+thing|what\s+(?:they|he|she)\s+(?:was|were)\s+doing|"
    r"(?:the\s+)?basics)|(?:ever\s+)?(?:worked|done|run|read)\s+(?:a|an|the)\b)"
)


def _imagined_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept the imagined better person when the noun is a seat people hold, not a thing.

    "A more careful setter wouldn't have", "a sensible tech would have"; not "a more careful approach would
    have" nor "a thorough test would have": the noun is a person's word, or an agent noun (-er, -or)
    that is no system's, or the relative "who" follows it.
    """
    if m.group("seat") is not None:
        return True  # "any scheduler who'd been awake": "who" and the care make it a person
    i = s.index_at(m.start("noun"))
    kind = s.word_kind(i)
    if kind == _PERSON:
        return True
    low = s.tokens[i].low
    return kind == _UNKNOWN and low.endswith(_AGENT_ENDINGS) and low not in _TECH_WORDS


_AGENT_ENDINGS: Final = ("er", "or", "ers", "ors", "man", "men", "woman", "women")


_CHOICE_NOUNS: Final = vocabulary("choice_nouns")
_VERDICT_WORDS: Final = vocabulary("verdict_words")


RULES: Final = (
    # ---- counterfactual and hindsight judgement
    _Rule(
        "blame/counterfactual",
        rf"\b{_SHOULD_HAVE}\b",
        _should_have_gate,
        "Judges what a person should have done with knowledge only available in hindsight.",
        "Ask what the person knew and saw at the time, and what would have made the other choice the obvious one.",
        keys=_k("should shouldn't should've ought"),
    ),
    _Rule(
        "blame/counterfactual",
        # "We couldn't have caught this with our test data" clears people; only the positive
        # form judges them.
        rf"\bcould(?:'ve| have){_S}(?:\w+{_S})?{_JUDGED_VERBS}\b",
        _person_subject_not_later,
        "Judges a person by what they could have caught, with hindsight.",
        "Ask which signal was available at the time and what would have drawn attention to it.",
        keys=_k("could couldn't could've"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bif only\b",
        _if_only_gate,
        "'If only' judges past choices with hindsight.",
        "Describe what happened and which safeguard or signal was missing at the time.",
        keys=_k("if", "only"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:any|a|an|every|someone|somebody|anyone|anybody)\s+(?:half-?way\s+|more\s+|truly\s+|really\s+)?"
        r"(?:competent|experienced|careful|good|"
        r"decent|reasonable|attentive|real|proper|senior|capable|diligent|seasoned)\s+"
        r"(?:[\w-]+\s+)?(?:engineer|developer|operator|sre|admin|administrator|dba|"
        r"reviewer|person|on-?call|team member|programmer|responder)s?\s+would(?:n't| not)?|"
        r"\b(?:someone|somebody|anyone|anybody)\s+(?:more\s+)?(?:competent|experienced|careful|"
        r"attentive|senior|capable|diligent|seasoned)\s+would(?:n't| not)?",
        _always,
        "Compares the people involved to an imagined better person, a hindsight judgement.",
        "Ask what made the situation hard to read at the time and what would help anyone in that seat see it.",
        keys=_k(
            "would wouldn't would've",
            "competent experienced careful good decent reasonable attentive real proper senior "
            "capable diligent seasoned",
        ),
    ),
    # Round 14: the imagined better person in any seat ("a more careful setter wouldn't have",
    # "any scheduler who'd been awake would've"), and one described by the care they had
    # ("someone who actually cared would have", "anyone with half a brain would").
    _Rule(
        "blame/counterfactual",
        r"\b(?:any|a|an|every)\s+(?:(?:half-?way|more|truly|really|remotely|even\s+slightly)\s+)?"
        r"(?:competent|experienced|careful|decent|reasonable|attentive|capable|diligent|seasoned|sensible|"
        r"conscientious|thorough|alert|responsible|professional|qualified|awake|switched-on)\s+"
        r"(?P<noun>[\w-]+)(?:\s+[\w-]+)?\s+would(?:n't|\s+not|'ve)?\b"
        r"|\b(?:any|a|an|every)\s+(?P<seat>[\w-]+)\s+who(?:'d|\s+had|\s+was|\s+were)?\s+"
        + _CARING
        + r"[^.;:?!]{0,60}?\bwould(?:n't|\s+not|'ve)?\b",
        _imagined_person_gate,
        "Compares the people involved to an imagined better person, a hindsight judgement.",
        "Ask what made the situation hard to read at the time and what would help anyone in that seat see it.",
        keys=_k("would wouldn't would've"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:someone|somebody|anyone|anybody|any\s+person|a\s+person)\s+(?:who(?:'d|\s+had|\s+was|\s+were)?\s+"
        + _CARING
        + r"|with\s+(?:half\s+a\s+brain|any\s+(?:sense|care|common\s+sense|foresight)|an\s+ounce\s+of\s+\w+))"
        r"[^.;:?!]{0,60}?\bwould(?:n't|\s+not|'ve)?\b",
        _always,
        "Compares the people involved to an imagined better person, a hindsight judgement.",
        "Ask what made the situation hard to read at the time and what would help anyone in that seat see it.",
        keys=_k("would wouldn't would've", "someone somebody anyone anybody person"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bwith\s+(?:a\s+(?:little|bit)\s+)?(?:more|greater|proper|enough|due)\s+"
        r"(?:care|attention|diligence|thought|caution|focus)\b",
        _always,
        "Implies the outcome came from a lack of care, judged with hindsight.",
        "Describe what would have made the problem visible, such as a check, a warning or a clearer display.",
        keys=_k("with", "care attention diligence thought caution focus"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bif\s+(?P<subj>(?:(?:the|our|a|an|that|this)\s+)?[\w@'-]+(?:\s+[\w-]+)?"
        r"(?:\s+(?:on|in|at|from|of)\s+(?:the\s+)?[\w-]+)?)\s+"
        # "had been paged" is passive (the person is acted on); "had been paying attention" is not.
        r"had(?:n't| not)?\s+" + _NOT_PASSIVE_BEEN + r"(?:\w+\s+)??\w+\b"
        r"(?=[^.?!]*" + _WOULD + r")",
        _conditional_subject_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("if", "had hadn't", "would wouldn't would've we'd they'd i'd it'd you'd he'd she'd"),
    ),
    _Rule(
        "blame/counterfactual",
        r"(?:^|[.;:]\s*)had\s+(?P<subj>(?:(?:the|our|a|an)\s+)?[\w@'-]+(?:\s+(?!been\b)[\w-]+)?)\s+"
        r"(?:not\s+)?" + _NOT_PASSIVE_BEEN + r"\w+\b(?=[^.?!]*" + _WOULD + r")",
        _conditional_subject_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("had", "would wouldn't would've we'd they'd i'd it'd you'd he'd she'd"),
    ),
    # Round 14: the consequence before the condition ("It wouldn't have happened if the clerk had
    # looked at the timer", "entirely avoidable if Kelechi had looked up once").
    _Rule(
        "blame/counterfactual",
        r"\b(?:would(?:n't|\s+not)?(?:'ve|\s+have)|avoidable|preventable)\b[^.?!;]{0,80}?\bif\s+"
        r"(?P<subj>(?:(?:the|our|a|an|that|this)\s+)?[\w@'-]+(?:\s+[\w-]+)?)\s+"
        r"had(?:n't| not)?\s+" + _NOT_PASSIVE_BEEN + r"(?:\w+\s+)??\w+\b",
        _conditional_subject_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("would wouldn't would've avoidable preventable", "if", "had hadn't"),
    ),
    # Round 14: "had" contracted ("if she'd just phoned back ..., they wouldn't have"): a past
    # participle after "'d" (not "if she'd phone", which is "would").
    _Rule(
        "blame/counterfactual",
        r"\bif\s+(?P<subj>(?:(?:the|our|a|an|that|this)\s+)?(?:[\w@-]+\s+)?[\w@-]+)'d\s+"
        r"(?:(?:just|only|actually|even|simply|ever|not|never)\s+)?" + _NOT_PASSIVE_BEEN + r"(?P<verb>\w+)\b"
        r"(?=[^.?!]*" + _WOULD + r")",
        _contracted_conditional_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("if", "would wouldn't would've we'd they'd i'd it'd you'd he'd she'd"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:avoidable|preventable|avoided|prevented|fine|okay)\s*,?\s+had\s+"
        r"(?P<subj>(?:(?:the|our|a|an)\s+)?[\w@'-]+(?:\s+(?!(?:simply|just|only|even|actually)\b)[\w-]+)?)\s+"
        r"(?:(?:simply|just|only|even|actually)\s+)?(?!been\b)\w+",
        _conditional_subject_gate,
        "Says the incident was avoidable had a person acted differently: a hindsight judgement.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("had", "avoidable preventable avoided prevented fine okay"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:this|that|it)\s+(?:was|is|'s)\s+(?:\w+\s+){0,2}?(?:an?\s+)"
        r"(?:[\w-]+,?\s+){0,3}?(?:mistake|blunder|fail|screw-?up|fiasco|f\*+k-?up)\b",
        _always,
        "Delivers a verdict on a decision with hindsight instead of explaining it.",
        "Explain why the decision made sense at the time and what the team has learned about its risks.",
        keys=_k("mistake blunder fail screwup screw fiasco"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:obviously|clearly|evidently|of course)\b",
        _adverb_gate,
        "'Obviously' and 'clearly' about what people did or knew are hindsight judgements.",
        "State what was known at the time and what made it hard to see, without 'obviously'.",
        keys=_k("obviously clearly evidently course"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bknown\s+better\b|\bknows?\s+better\s+than\b",
        _always,
        "'Should have known better' judges people with hindsight.",
        "Ask what information was missing or hard to find when the decision was made.",
        keys=_k("known know knows", "better"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|is|are|seemed|looked|should\s+have\s+been|would\s+have\s+been)\s+"
        r"(?:\w+\s+)?(?:obvious|plain(?:\s+to\s+see)?|evident|glaring|staring\s+\w+\s+in\s+the\s+face)\b",
        _hindsight_gate,
        "Calls something obvious that was only obvious in hindsight, judging those who did not see it.",
        "State what was known at the time and what made the signal hard to see.",
        keys=_k("obvious plain evident glaring staring"),
    ),
    # ---- hindsight without a person: the wording itself judges
    _Rule(
        "blame/counterfactual",
        r"\b(?:should(?:n't|\s+not|\s+never)?|ought\s+(?:never\s+)?to)(?:'ve|\s+have)\s+been\s+(?:(?:easily|clearly|"
        r"obviously|quickly|immediately|simply)\s+)?(?:caught|spotted|noticed|detected|flagged|tested|reviewed|"
        r"checked|verified|double-checked|questioned|validated|seen|picked\s+up|escalated|read|approved|merged|"
        r"taken\s+seriously|acted\s+on)\b(?!-)",
        _passive_hindsight_gate,
        "Judges, with hindsight, whoever did not act, even though the sentence names no one.",
        "Describe what made the problem hard to see at the time, and which check or signal would have surfaced it.",
        keys=_k("should shouldn't ought", "been"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:in\s+retrospect|in\s+hindsight|with\s+hindsight|looking\s+back|(?:with|knowing)\s+what\s+we\s+know"
        r"\s+(?:now|today)|now\s+that\s+we\s+know|we\s+now\s+know)\b[^.;]{0,120}?\b(?:(?:plainly|"
        r"clearly|obviously)\s+(?:wrong|a\s+mistake|an?\s+error|a\s+bad\s+\w+)|an?\s+(?:\w+\s+)?(?:bad|poor|"
        r"terrible|wrong|reckless|silly|foolish|unwise|baffling)\s+(?:idea|decision|call|choice))\b"
        r"|\berrors?\s+of\s+judge?ment\b"
        r"|\b(?:clearly|plainly|obviously)\s+(?:an?\s+)?(?:poor|bad|wrong|terrible|careless|reckless)\s+"
        r"(?:decision|call|choice|idea|judge?ment)s?\b"
        r"|\b(?:does\s+not|doesn't|did\s+not|didn't)\s+take\s+(?:an?\s+)?(?:expert|genius|rocket\s+scientist)\b"
        r"|\banyone\s+could\s+(?:have\s+)?(?:see|seen|tell|told)\b",
        _always,
        "Judges a decision with hindsight, as plainly wrong or obvious to anyone.",
        "Describe what the people involved saw and knew at the time, and why the decision made sense to them then.",
        keys=_k(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:an?|the|this|that)\s+(?:(?:very|really|pretty|rather|fairly|completely|totally)\s+)?"
        r"(?:obvious|avoidable|careless|basic|rookie|elementary|stupid|silly|inexcusable|unforgivable|"
        r"amateur(?:ish)?|glaring|sloppy|needless|foolish|lazy)\s+(?:error|mistake|oversight|blunder|misstep|"
        r"lapse|screw-?up|slip|failure)s?\b(?![ -](?:message|messages|code|codes|rate|rates|log|logs|page|"
        r"pages|budget|handling|handler|state|path|paths)\b)",
        _always,
        "Calls an act an obvious or avoidable error: a verdict given with hindsight.",
        "Describe what the people involved saw and knew at the time, and why the action made sense to them then.",
        keys=_k(
            "a an the this that",
            "obvious avoidable careless basic rookie elementary stupid silly inexcusable "
            "unforgivable amateur amateurish glaring sloppy needless foolish lazy",
        ),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:should|could|would|ought\s+to)\s+(?:\w+ly\s+)?have\s+(?P<been>been\s+)?(?:\w+ly\s+)?"
        r"(?:caught|spotted|noticed|seen|predicted|foreseen|known|flagged|detected|prevented|avoided|"
        r"anticipated|found|realised|realized|picked\s+up|stopped|questioned)\b",
        _hindsight_verb_gate,
        "Judges with hindsight what people should have noticed or foreseen.",
        "Ask what the people involved could see at the time, and what would have made the "
        "problem stand out (a check, an alert, a clearer signal).",
        keys=_k("should could would ought", "have"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|is|proved|turned\s+out\s+to\s+be)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?"
        r"(?:mistake|blunder|(?:terrible|bad|poor|dumb|stupid|awful|foolish|reckless|careless|irresponsible)"
        r"\s+(?:idea|call|decision|choice|move|judge?ment))\b",
        _verdict_gate,
        "Passes a verdict on a decision with knowledge only available in hindsight.",
        "Describe why the decision looked reasonable at the time, and what information or "
        "safeguard would have changed it.",
        keys=_k("mistake blunder idea call decision choice move judgment judgement"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|is|are|looks|looked|seems|seemed|proved|remains)\s+(?:(?:[\w-]+ly|so|very|pretty|rather|quite|"
        r"just|simply)\s+){0,2}(?:"
        + "|".join(re.escape(w) for w in sorted(_VERDICT_WORDS, key=lambda w: (-len(w), w)))
        + r"|an?\s+(?:amateur|rookie|bad|poor|terrible)\s+(?:move|call|bet|gamble)|the\s+wrong\s+call)\b(?!-)",
        _verdict_gate,
        "Passes a verdict on a decision with knowledge only available in hindsight.",
        "Describe why the decision looked reasonable at the time, and what information or "
        "safeguard would have changed it.",
        keys=_k(" ".join(sorted(_VERDICT_WORDS)).replace("-", " ") + " amateur rookie bad poor terrible wrong"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:the\s+)?(?:wrong|bad|poor)\s+(?:call|decision|choice)\s+was\s+made\b",
        _always,
        "Passes a verdict on a decision with knowledge only available in hindsight, about whoever made it.",
        "Describe what the people deciding saw at the time and why the choice made sense to them then.",
        keys=_k("wrong bad poor", "made"),
    ),
)
