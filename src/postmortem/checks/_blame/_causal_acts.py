"""A person's act of any verb, for the readings that give it as the cause (round 14 of issue 14).

The readings of rounds 9 to 11 that join a person's act to a verdict (*..., and that is why the
council had to apologise*) or to a cause (*because Jaroslav kicked off the reconciliation*)
kept a list of acting verbs (``vocabulary/action_verbs.txt``): another author's trade has its
own (*tagged*, *clipped*, *oversold*, *lent out*, *double-booked*). What tells an act from the
rest is the other way round: any verb but being, having, wanting, noticing, telling,
responding and recovering (``vocabulary/response_verbs.txt``) and reporting speech
(``vocabulary/reporting_words.txt``). A verb is read by its form: a known verb form, a past in
*-ed*, or an irregular form of the inflection table (*sent*, *sold*, *lent*).
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from postmortem.checks._blame._acting import acting_verb
from postmortem.checks._blame._acts import _HARM_WORDS, _RECOVERY_RE
from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._denial import fault_denied
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _EXPLANATION_RE, condition_follows
from postmortem.checks._blame._hints import may_have_person_subject, may_name_person
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._named_person_gates import _NO_HARM_RE
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._sentences import _Token
from postmortem.checks._blame._vocabulary import _AUXILIARIES, _DETERMINERS, _PREPOSITIONS, vocabulary

_WRITERS: Final = frozenset({"we", "i", "us"})
_STOPS: Final = frozenset({";", ":", ".", "?", "!", "because", "since", "but", "although", "though", "after"})


def person_act_before(s: _Sentence, i: int) -> tuple[int, int] | None:
    """Find, before token *i* and back to the sentence's last stop, a person (not the writers) acting.

    Returns:
        The span of the verb's token, or None. An act with its reason given between it and
        *i* ("because", "since", "after checking") is no cause told bare.
    """
    if not may_have_person_subject(s):
        return None
    toks = s.tokens
    j = i - 1
    while j >= 0 and toks[j].low in {",", "and", ";", "—", "–", "-"}:
        j -= 1
    k = j
    while k >= max(0, j - 30) and toks[k].low not in _STOPS:
        if acting_verb(s, k) and not (k > 0 and toks[k - 1].low in _DETERMINERS) and s.subject_kind(k) == _PERSON:
            if any(toks[x].low in _WRITERS for x in range(max(0, s.boundary_before(k) + 1), k)):
                return None
            if _EXPLANATION_RE.search(s.text, toks[k].end, toks[i].start if i < len(toks) else len(s.text)):
                return None
            return toks[k].start, toks[k].end
        k -= 1
    return None


# ---- a person's work as the cause, whatever the noun (round 14)
#
# Round 9's possessive rules read a list of nouns of work (*change*, *config*, *migration*); another
# author names theirs (*Kasia's roast profile*, *the tech's lane update*, *Pip's rack setup*). The
# owner being a person and the grammar are what make it blame: the possessive's phrase as the
# subject of a verb of damage, the object of a link of cause, or the complement of harm.

_PAST: Final = vocabulary("irregular_past")
_DAMAGE_FORMS: Final = sorted(
    # Not the base: after a singular subject it is a noun ("the hotel lock controllers") or an
    # infinitive ("a decision to freeze deploys"), unless it is its own past ("cost").
    {f for w in vocabulary("damage_verbs") for f in forms(w) if not f.endswith("ing") and (f != w or w in _PAST)},
    key=lambda f: (-len(f), f),
)
_DAMAGE_SET: Final = frozenset(_DAMAGE_FORMS)
_HARM_NOUNS: Final = frozenset(lemma(w) for w in vocabulary("harm_nouns") | vocabulary("incident_nouns"))
_POSSESSIVE = r"[\w@.-]+(?:'s|’s|s')"
_CAUSE_SUGGESTION: Final = (
    "Describe the change or action itself and the conditions that let it cause harm, without its author."
)


def _possessive_at(s: _Sentence, m: re.Match[str]) -> int | None:
    """Return the index of the match's first possessive token when it names a person (not denied)."""
    if fault_denied(s, m):
        return None
    toks = s.tokens
    for k in range(s.index_at(m.start()), min(len(toks), s.index_at(m.end()) + 1)):
        if toks[k].low.endswith(("'s", "’s", "s'")) and toks[k].low not in {"it's", "that's", "what's", "who's"}:
            person = s.word_kind(k) == _PERSON or s.noun_phrase_kind(max(0, k - 2), k + 1) == _PERSON
            return k if person else None
    return None


def _work_damages_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's work as the subject of a verb of damage: "Kasia's roast profile ruined the batch".

    The words between the possessive and the verb are its phrase (no verb, no clause boundary);
    the possessive opens the clause's subject (no preposition before it: "after Ana's review the
    deploy broke" is a time); the verb has an object, and no harm is denied after it.
    """
    k = _possessive_at(s, m)
    if k is None or _NO_HARM_RE.match(s.text, m.end()) or _RECOVERY_RE.search(s.text, m.end()):
        return None
    toks = s.tokens
    v = k + 1
    while v < len(toks) and toks[v].low not in _DAMAGE_SET and toks[v].low not in _PARTICLE_VERBS:
        v += 1
    before = toks[k - 1].low if k > 0 else ""
    if v >= len(toks) or before in _PREPOSITIONS or before in _TIME_WORDS or toks[v - 1].low in _DETERMINERS:
        return None  # a time ("after Ana's review"), or a participle as an adjective ("the frozen value")
    if not all(_in_phrase(s, x, v) for x in range(k + 1, v)):
        return None
    no_object = v + 1 >= len(toks) or not toks[v + 1].text[:1].isalnum() or toks[v + 1].low in _PREPOSITIONS
    if (no_object and toks[v].low not in _PARTICLE_VERBS) or condition_follows(s, m.end()):
        return None  # main's round 14: the condition that let the act do harm, told after it, is an account
    return toks[k].start, m.end()


_PARTICLE_VERBS: Final = frozenset({"took", "takes", "brought", "brings", "knocked", "knocks"})
_TIME_WORDS: Final = frozenset({"after", "before", "when", "once", "until", "since"})


def _in_phrase(s: _Sentence, x: int, v: int) -> bool:
    """Tell whether token *x* can belong to the subject phrase that ends before the verb at *v*."""
    toks = s.tokens
    low = toks[x].low
    if s._is_boundary(x) or low in _AUXILIARIES or low in {"and", "or", "but"}:
        return False
    # A verb of its own before the damage (a past with its object after it): the possessive is
    # not the damage's subject. A verb's base is read as a noun ("quick patch", "edit").
    if low in _PAST or (low.endswith("ed") and toks[x + 1].low in _DETERMINERS | _PREPOSITIONS):
        return False
    # "a decision to freeze": an infinitive.
    return not (low == "to" and x + 1 < v and s.is_verb(x + 1))


def _harm_in(s: _Sentence, a: int, b: int) -> bool:
    """Tell whether tokens a..b-1 name harm: a harm noun, a verb of harm, an outcome of harm."""
    toks = s.tokens
    return any(
        lemma(toks[x].low) in _HARM_NOUNS or toks[x].low in _HARM_WORDS or toks[x].low in _OUTCOME_HARMS
        for x in range(a, min(b, len(toks)))
    )


_OUTCOME_HARMS: Final = vocabulary("outcome_harms")
_PRONOUNS: Final = _WRITERS | {"it", "they", "that", "this", "he", "she", "you", "someone", "somebody"}
_SERVED: Final = frozenset(f for w in vocabulary("customer_nouns") for f in forms(w))
# Every word _harm_in accepts, as key words (the nouns' plurals made; a hyphenated word is found by its parts).
_HARM_KEYS: Final = " ".join(
    sorted(
        w
        for w in {f for n in vocabulary("harm_nouns") | vocabulary("incident_nouns") for f in forms(n)}
        | _HARM_WORDS
        | _OUTCOME_HARMS
        if "-" not in w
    )
)


def _linked_cause_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a person's work after a link of cause, with harm named before it and no recovery.

    "The draw was delayed because of Kofi's edit", "most of the lost evening came from the shift
    lead's choice"; not "the fix came from Ana's suggestion".
    """
    k = _possessive_at(s, m)
    if k is None or _RECOVERY_RE.search(s.text):
        return None
    strict = m.group("strict") is not None
    if (not strict and not _harm_in(s, 0, s.index_at(m.start()))) or condition_follows(s, m.end()):
        return None
    return s.tokens[k].start, s.tokens[k].end


def _harm_owned_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept harm as the subject and a person's possessive as its complement: "the flooding was Goran's schedule"."""
    k = _possessive_at(s, m)
    if k is None:
        return None
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if not _harm_in(s, a, i) or _RECOVERY_RE.search(s.text, 0, m.start()) or condition_follows(s, m.end()):
        return None
    return s.tokens[a].start, s.tokens[k].end


_NEXT_WORD_RE: Final = lazy_compile(r"\s+([\w'’]+)")
_HARM_KEY_SET: Final = frozenset(_HARM_KEYS.split())
_WORD_RE: Final = lazy_compile(r"[a-z]+")


def _harm_then_act_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept harm told first, then a person's act after "after": "the ice went soft after Ruth opened the valve".

    The clause before the link names harm and the sentence no recovery; the clause after it opens
    with a person (not the writers) whose verb is an act; no reason is given after it.
    """
    # Read on the text before the sentence is tokenised (most sentences with "after" and a word of
    # harm have no harm before it, or a pronoun after it): tokenising was most of the rule's cost.
    # These tests first, then the searches of the whole sentence (round 16: the recovery search
    # first cost more than the rest of the rule on sentences turned down here).
    nxt = _NEXT_WORD_RE.match(s.text, m.end())
    pronoun = nxt is not None and nxt.group(1).lower() in _PRONOUNS
    if pronoun or _HARM_KEY_SET.isdisjoint(_WORD_RE.findall(s.text[: m.start()].lower())):
        return None
    # The act's subject must read as a person (noun_phrase_kind below): a sentence where no word
    # could (see _hints) is turned down before its tokens are made.
    if _RECOVERY_RE.search(s.text) or _EXPLANATION_RE.search(s.text, m.end()) or not may_name_person(s):
        return None
    i = s.index_at(m.start())
    if not _harm_in(s, s.boundary_before(i) + 1, i):
        return None
    toks = s.tokens
    k = i + 1
    if k >= len(toks) or toks[k].low in _PRONOUNS or any(toks[x].low in _SERVED for x in range(i)):
        # A pronoun's antecedent may be the one harmed ("a user lost two pages after she opened her
        # laptop"), and so may the people served named before.
        return None
    v = next((x for x in range(k + 1, min(len(toks), k + 7)) if s._is_boundary(x) or acting_verb(s, x)), None)
    if v is None or s._is_boundary(v) or s.noun_phrase_kind(k, v) != _PERSON or condition_follows(s, toks[v].end):
        return None
    return toks[k].start, toks[v].end


# ---- "thanks to" a person as the cause (round 20)
#
# *Thanks to Ronnie and his shortcut round the pallet check, the run went out two hours late*:
# "thanks to" that is not gratitude is "because of", and a person after it is the cause, told
# with sarcasm. Gratitude is read by its shape: a modifier before "thanks" (*Big thanks to*,
# *Many thanks to*: the praise rules read those), or the people followed by what they are thanked
# for (*for staying late*, *who rebuilt the index*). A good outcome (a fix, a recovery, *within
# twenty minutes*, *detected*) is credit, and a pronoun after it has an antecedent the rule does
# not read (*thanks to them the cars were off the deck*).
_THANKED_BY_SHAPE: Final = frozenset({"big", "huge", "special", "many", "our", "kind", "warm", "massive", "my", "with"})
_THANKED_FOR: Final = frozenset({"who", "whose", "for"})
# Round 22 (issue 14): "thanks" as what is said, sent or given (*phoned the hut to say thanks to Aileen*,
# *passed on our thanks to the crew*) is gratitude, whoever follows.
_THANKS_GIVEN: Final = frozenset(
    {
        "say",
        "says",
        "said",
        "saying",
        "send",
        "sends",
        "sent",
        "on",
        "give",
        "gave",
        "given",
        "owe",
        "extend",
        "express",
    }
)
_THANKS_PRONOUNS: Final = frozenset(
    {"them", "her", "his", "their", "you", "us", "me", "him", "everyone", "everybody", "all", "this", "that", "it"}
)
_CREDIT_RE: Final = lazy_compile(r"\b(?:hot)?fix\w*|\bwithin\b|\bdetected\b|\bfound\b|\bin\s+time\b", re.I)
_PUNCT_STOPS: Final = frozenset({".", ";", ":", "!", "?", ")", "—", "–"})
# A capitalised word after a comma that opens the next clause, not another name in the list.
_THANKS_SUBJECTS: Final = frozenset(
    {"i", "we", "he", "she", "they", "you", "it", "the", "a", "an", "our", "this", "that"}
)
_HONORIFICS: Final = frozenset({"mr", "mrs", "ms", "dr", "prof", "sr", "st"})


def _thanked_people_end(s: _Sentence, i: int) -> int | None:
    """Return where the people after "thanks to" (from token *i*) end, or None when they are thanked.

    The people run up to a verb, a stop, or a comma that does not go on listing names; "for",
    "who" or "whose" in them or right after a comma is gratitude.
    """
    toks = s.tokens
    end = i
    while end < min(len(toks), i + 14):
        low = toks[end].low
        if low in _THANKED_FOR:
            return None
        if low == "(":
            # A note in brackets (*Ted Malley (plot 22) for ...*) is read past.
            end = next((x for x in range(end, min(len(toks), end + 8)) if toks[x].low == ")"), end) + 1
        elif low == "." and end > i and toks[end - 1].low in _HONORIFICS:
            end += 1  # "Mrs. Dvořáková"
        elif low in _PUNCT_STOPS or (end > i and s.is_verb(end)):
            break
        elif low == "," and not _listing(toks, end + 1):
            return None if end + 1 < len(toks) and toks[end + 1].low in _THANKED_FOR else end
        else:
            end += 1
    return end


def _listing(toks: list[_Token], j: int) -> bool:
    """Tell whether token *j*, after a comma, goes on listing people ("and", another name)."""
    return j < len(toks) and (
        toks[j].low == "and" or (toks[j].text[:1].isupper() and toks[j].low not in _THANKS_SUBJECTS)
    )


def _thanks_cause_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "thanks to" a person that gives a cause, not gratitude (see above): the span of the people."""
    toks = s.tokens
    t = s.index_at(m.start())
    i = s.index_at(m.end())
    if (
        (t > 0 and (toks[t - 1].low in _THANKED_BY_SHAPE or toks[t - 1].low in _THANKS_GIVEN))
        or i >= len(toks)
        or toks[i].low in _THANKS_PRONOUNS
    ):
        return None
    if not may_name_person(s) or _RECOVERY_RE.search(s.text) or _CREDIT_RE.search(s.text):
        return None
    end = _thanked_people_end(s, i)
    if end is None or end == i:
        return None
    # Each listed phrase (split at "and" and commas) is read whole: a person word that modifies a
    # noun names a thing (*a fuel supplier mix-up*), a person's possessive names their work.
    cuts = [i - 1, *(x for x in range(i, end) if toks[x].low in {"and", ",", "or"}), end]
    for a, b in itertools.pairwise(cuts):
        if b > a + 1 and (
            s.noun_phrase_kind(a + 1, b) == _PERSON
            or any(toks[x].low.endswith("'s") and s.word_kind(x) == _PERSON for x in range(a + 1, b))
        ):
            return toks[t].start, toks[b - 1].end
    return None


RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b"
        + _POSSESSIVE
        + r"\s+(?:[\w/.-]+\s+){1,6}?(?:"
        + "|".join(_DAMAGE_FORMS)
        + r"|(?:took|takes|brought|brings|knocked|knocks)\s+(?:[\w'’-]+\s+){0,4}?(?:down|out|offline|over))\b",
        _work_damages_gate,
        "Names a person's work as what did the damage.",
        _CAUSE_SUGGESTION,
        # The verb's forms as key words too: the alternation is not read by _keys, and "'s" alone
        # would run the pattern on every sentence with a possessive.
        keys=_k("'s", " ".join(sorted(_DAMAGE_SET | _PARTICLE_VERBS))),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:(?P<strict>because\s+of|caused\s+by|due\s+to|(?:the\s+)?result\s+of|thanks\s+to)|(?:came|comes|come)\s+"
        r"from|(?:began|begins|started|starts)\s+with|trace[sd]?\s+(?:back\s+)?to|(?:goes|go|went)\s+back\s+to|"
        r"down\s+to|behind\s+it\s+(?:was|is))\s+(?:(?:the|our|a|their)\s+)?(?:[\w-]+\s+){0,3}?" + _POSSESSIVE,
        _linked_cause_gate,
        "Names a person's work as the cause.",
        _CAUSE_SUGGESTION,
        keys=_k(
            "'s",
            "because caused due result thanks came comes come began begins started starts trace traces "
            "traced goes go went down behind",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:was|is|were|are)\s+(?:(?:confirmed|identified)\s+as\s+|all\s+|entirely\s+|simply\s+|squarely\s+|in\s+)?"
        r"(?:the\s+|our\s+)?(?:[\w-]+\s+){0,2}?" + _POSSESSIVE,
        _harm_owned_gate,
        "Gives the harm an owner: a person's work as what the incident was.",
        _CAUSE_SUGGESTION,
        # The gate needs a word of harm before the match: a sentence holding none is not read.
        keys=_k("'s", "was is were are", _HARM_KEYS),
    ),
    _Rule(
        "blame/named-person",
        r"\bafter\b",
        _harm_then_act_gate,
        "Tells the harm, then a person's act as what set it off.",
        _CAUSE_SUGGESTION,
        # Not "until": "the page was down until Ana restarted it" ends the harm.
        keys=_k("after", _HARM_KEYS),
    ),
    _Rule(
        "blame/named-person",
        r"\bthanks\s+to\b",
        _thanks_cause_gate,
        'Gives a person as the cause with "thanks to": sarcasm that names a culprit.',
        _CAUSE_SUGGESTION,
        keys=_k("thanks", "to"),
    ),
)
