"""``blame/character``: sarcasm and irony aimed at people (round 10).

Sarcasm praises what went wrong ("Great call to deploy at 17:55 on a Friday", "Bold move by Ana
to run the migration during the all-hands"), mocks with scare quotes ("our "senior" engineer", "the
so-called experts"), or states the opposite of what it means ("Good to know the runbook is just a
suggestion", "Nothing says production-ready like a TODO", "Turns out 'it works on my laptop' isn't
a test plan. Who knew."). It blames as plainly as an accusation, and reads as contempt.

Genuine praise in a post-mortem names what helped ("Great work by the support team turning the
incident into a clear customer note", "Good call by Priya to roll back early"); the rules here need
either a phrase that is only ever sarcastic, or praise next to a sign of harm or risk (see
``irony_signs`` and :data:`_RISK_RE`).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _helped, irony_signs, overcome_before
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _PREPOSITIONS, vocabulary

_MESSAGE: Final = "Sarcasm aimed at a person or a team for what went wrong blames as plainly as an accusation."
_SUGGESTION: Final = "Say plainly what happened and what made it possible; thank people for what helped."

# Signs of harm or risk in what the praise is for: a risky time, a live system, damage done.
_RISK_RE: Final = lazy_compile(
    r"\b(?:friday|fridays|weekend|christmas|holidays?|black\s+friday|busiest|peak|the\s+sale|all-hands|on\s+prod|"
    r"in\s+prod|production|live|outages?|broke|broken|break|breaking|deleted?|deleting|crash(?:ed)?|wiped|dropped|"
    r"failed|failing|empty|at\s+once|same\s+(?:time|moment)|without|nobody|never|untested|4\s?am|3\s?am|2\s?am|"
    r"\d\s?a\.m\.|17:5\d|5\s?pm|five\s+to\s+six|down)\b",
    re.I,
)


def _praise_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept praise of a decision or of work next to a sign of harm or risk, in the sentence or the next.

    "Great job by the release team, shipping a broken scanner build on gig night"; not "Great job by
    the deploy crew, who rolled back all regions in six minutes" (help given, no harm).
    """
    toks = s.tokens
    j = min(s.index_at(m.end()), len(toks) - 1)
    if "another" in m.group().lower() or irony_signs(s, j):
        return True
    if _helped(s, j + 1) or (j + 1 < len(toks) and toks[j + 1].low in {"who", "for"} and _helped(s, j + 2)):
        return False
    if _lapse_praised(s, j) or _MOCK_TAIL_RE.search(s.text, m.end()):
        return True
    rest = s.text[m.end() :]
    if len(toks) <= 6:
        # "Nice work, team. The whole region was down for six hours.": the praise alone, the harm next.
        rest += " " + s.following.split(".", 1)[0]
    # Round 13: not harm the praised worked through ("even with the chiller broken").
    risks = (found for found in _RISK_RE.finditer(rest) if not overcome_before(rest, found.start()))
    return next(risks, None) is not None or _MOCK_NEXT_RE.match(s.following) is not None


# Round 15: the praised act is a lapse ("great job skipping the staging run"; vocabulary/praised_lapses.txt)
# of something people heed or go through (a safeguard, a signal, the process), not of noise: "nice
# work silencing the noisy disk alerts" and "skipping the cache for the admin pages" are thanks.
_LAPSES: Final = frozenset(lemma(w) for w in vocabulary("praised_lapses"))
_HEEDED: Final = frozenset(
    w + e
    for name in ("skipped_safeguards", "looked_at_things", "neglected_things", "signal_words")
    for w in vocabulary(name)
    for e in ("", "s")
)
_NOISE: Final = frozenset({"noisy", "flaky", "flapping", "false", "spurious", "duplicate", "stale", "old"})


def _lapse_praised(s: _Sentence, k: int) -> bool:
    """Tell whether the words from token *k* (past "on", "for") open with a lapse of something heeded.

    The lapse is a verb of praised_lapses.txt in its -ing form, or any -ing form after "not" or
    "never"; what it leaves is in its object, before any preposition.
    """
    toks = s.tokens
    while k < len(toks) and toks[k].low in _LEAD_INS:
        k += 1
    negated = k + 1 < len(toks) and toks[k].low in {"not", "never"}
    k += negated
    if k >= len(toks) or not toks[k].low.endswith("ing") or not (negated or lemma(toks[k].low) in _LAPSES):
        return False
    for j in range(k + 1, min(s.boundary_from(k + 1), k + 7)):
        low = toks[j].low
        if low in _NOISE or low in _PREPOSITIONS:
            return False
        if low in _HEEDED:
            return True
    return False


_LEAD_INS: Final = frozenset({"for", "on", "there", ",", "so", "really", "just"})


# Round 15: a lone "really" or "truly" closing the praise ("Great job testing that one, really."):
# praise that meant it names what helped instead.
_MOCK_TAIL_RE: Final = lazy_compile(r",\s*(?:really|truly)\s*[.!]*\s*$", re.I)


# A short verdict after the praise, in the next sentence: "Worked out brilliantly.", "Ten out of ten."
_MOCK_NEXT_RE: Final = lazy_compile(
    r"\s*(?:worked\s+out\s+(?:brilliantly|great|really\s+well)|ten\s+out\s+of\s+ten|10/10|really\s+top|inspired|"
    r"bravo|well\s+played|no\s+notes)\b",
    re.I,
)


def _sure_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "I'm sure the 'quick fix' at 2am was very well thought through": certainty that mocks."""
    return _SURE_MOCK_RE.search(s.text, m.end()) is not None


_SURE_MOCK_RE: Final = lazy_compile(
    r"\b(?:very\s+well|well\s+thought|careful\s+study|lovely|enjoyed|eventually|thoroughly|very\s+carefully|"
    r"the\s+result\s+of)\b",
    re.I,
)


def _glad_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Good to know the runbook is just a suggestion": relief at something that mocks.

    Round 14: a quote mark is a sign (the "temporary" fix), an apostrophe inside or after a word
    (*the sauna's*, *doesn't*) is not; someone left unnamed (*someone's*, *whoever*) and thanks to
    a person in the next sentence (*... now. Thanks, Ines.*) are, thanks to a thing (*Thanks, stove
    timer.*) is not.
    """
    if _GLAD_MOCK_RE.search(s.text, m.end()) is not None or thanked_person(s):
        return True
    # Someone left unnamed is the butt of it: "... a single run on somebody's laptop now counts as a test".
    return any(tok.low.removesuffix("'s") in _SOMEONE_GLAD for tok in s.tokens[s.index_at(m.end()) :])


_SOMEONE_GLAD: Final = frozenset({"someone", "somebody", "whoever"})


_GLAD_MOCK_RE: Final = lazy_compile(
    r"\b(?:optional|decorative|decoration|suggestion|considered|consists\s+of|means|exactly\s+as|oh\s+wait|"
    r"eventually|business\s+as\s+usual|counts|all\s+the\s+way\s+up\s+to|still)\b|[\"“]|(?<!\w)['‘]",
    re.I,
)
_THANKS_NEXT_RE: Final = lazy_compile(r"\s*(?:thanks|thank\s+you|cheers)\s*,?\s+(?=\S)", re.I)


def thanked_person(s: _Sentence) -> bool:
    """Tell whether the next sentence opens by thanking a person: a name, a handle, a role, a team, *whoever*.

    Thanks after sarcasm aims it (*Good to see the hall's doubling as a sauna. Thanks, Ines.*); thanks
    addressed to a thing (*Thanks, boiler timer.*) aims it at the system.
    """
    thanks = _THANKS_NEXT_RE.match(s.following)
    if thanks is None:
        return False
    end = len(s.following)
    for stop in ".!?\n":
        found = s.following.find(stop, thanks.end())
        if found >= 0:
            end = min(end, found)
    addressed = _Sentence(s.following, 0, end, s.people, s.allowed)
    k = addressed.index_at(thanks.end())
    toks = addressed.tokens
    if k >= len(toks):
        return False
    if toks[k].low in {"whoever", "everyone", "everybody", "folks", "people", "guys"}:
        return True
    if addressed.noun_phrase_kind(k, len(toks)) == _PERSON:
        return True
    # A vocative capitalised word with no known kind is a first name ("Thanks, Ines"), as after "by" or "from".
    return toks[k].text[:1].isupper() and addressed.word_kind(k) != _SYSTEM and k + 1 >= len(toks)


def _person_mocked_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a mocking word aimed at people: a person or a team in the sentence.

    Round 21: not the writer alone ("I offer this as a gentle suggestion"): the writer's own remark mocks no one.
    """
    toks = s.tokens
    # A quoted "I" is someone else speaking ("'I tested it locally' is not, in fact, a load test").
    writer = frozenset() if any(q in s.text for q in "'‘\"“") else _WRITER
    return any(s.word_kind(i) == _PERSON and toks[i].low not in writer for i in range(len(toks))) or _risk_or_harm(s, m)


_WRITER: Final = frozenset({"i", "me", "my", "i'm", "i've", "i'd", "i'll"})


# Nouns that name a thing after a word that could judge a person ("expert mode", vocabulary/technical_heads.txt).
_THING_HEADS: Final = frozenset(w + e for w in vocabulary("technical_heads") for e in ("", "s"))


def _not_of_a_thing(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sarcastic phrase, unless it is said of a thing (round 19).

    "The baggage sorter strikes again" vents at a machine (a system as the subject of a phrase whose
    subject is its target), and "the so-called expert mode" names a mode (a system word right after the
    phrase); "the night shift strikes again" and "our so-called experts" mock people.
    """
    toks = s.tokens
    j = s.index_at(m.end())
    if j < len(toks) and toks[j].start >= m.end() and (s.word_kind(j) == _SYSTEM or toks[j].low in _THING_HEADS):
        return False
    # Only where the phrase's subject is its target ("X strikes again", "X had one job"): "the testing was
    # imaginary" and "the staging environment is just for decoration" mock the people through the thing.
    agent = m.group().lower().startswith(("strikes", "had"))
    return not agent or s.subject_kind(s.index_at(m.start())) != _SYSTEM


def _risk_or_harm(s: _Sentence, m: re.Match[str]) -> bool:
    return _RISK_RE.search(s.text) is not None


def _mock_thought_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "someone thought production was a great place to try regexes", "Good thing we have a freeze. Pity ...".

    Not the team's own plan ("we thought Tuesday was a good time because traffic is lowest").
    """
    if m.group().lower().lstrip(" *-").startswith("good"):
        return _GOOD_THING_MOCK_RE.search(s.text + " " + s.following[:200]) is not None
    a = s.boundary_before(s.index_at(m.start())) + 1
    toks = s.tokens[a : s.index_at(m.start())]
    if any(t.low in {"we", "i"} for t in toks):
        return False
    return any(s.word_kind(k) == _PERSON for k in range(len(s.tokens))) or bool({t.low for t in toks} & _SOMEONE)


_SOMEONE: Final = frozenset({"someone", "somebody", "whoever", "anyone", "clearly", "apparently"})
_GOOD_THING_MOCK_RE: Final = lazy_compile(
    r"\b(?:pity|shame|imagine|nobody|no\s+one|actually\s+(?:followed|read|used)|if\s+only|apparently|were\s+closed)\b",
    re.I,
)


_PRAISE: Final = (
    r"(?:great|good|nice|brilliant|excellent|fantastic|superb|wonderful|lovely|stellar|amazing|awesome|smart|"
    r"clever|masterful|visionary|inspired|impressive|outstanding|terrific|splendid|genius)"
)
_DECISION: Final = (
    r"(?:call|move|idea|decision|plan|planning|strategy|timing|thinking|choice|judge?ment|ownership|upkeep)"
)

# Phrases that are only ever sarcastic, each with the rare words the scan looks it up by: one rule
# each, so that a sentence holding none of a phrase's rare words never runs its pattern.
_ALWAYS: Final = (
    (
        r"\b(?:a\s+)?bold\s+(?:move|strategy|choice|decision|call|plan|idea|definition|approach)\b|^\W*bold[.!]*$",
        ("bold",),
    ),
    (r"\bsuch\s+(?:bravery|courage|foresight|vision)\b", ("bravery courage foresight vision",)),
    (r"\btakes\s+(?:real\s+)?(?:talent|skill|genius)\s+to\b", ("talent skill genius", "takes")),
    (r"\balmost\s+impressive\b|^\W*impressive,\s+(?:really,\s+)?to\b", ("impressive",)),
    (r"^\W*nothing\s+says\b", ("says", "nothing")),
    (r"^\W*ah\s+yes\b", ("ah",)),
    (
        r"\b(?:the|our|some|this|a)\s+(?:genius|geniuses|bright\s+spark|mastermind|rocket\s+scientist)\s+(?:who|that|"
        r"behind|responsible)\b",
        ("genius geniuses spark mastermind scientist",),
    ),
    (r"\bso-called\s+(?:experts?|senior|seniors|engineers?|professionals?|owners?|reviewers?|leads?)\b", ("called",)),
    (
        r"\b(?:our|the|their|his|her|a)\s+[\"“'‘](?:senior|expert|experts|experienced|professional|careful|responsible|"
        r"qualified|seasoned)[\"”'’]",
        ("senior expert experts experienced professional careful responsible qualified seasoned",),
    ),
    (
        r"^\W*(?:who\s+knew|revolutionary\s+stuff|well\s+played|ten\s+out\s+of\s+ten|oh\s+wait)[.!?]*$",
        ("knew revolutionary played ten wait",),
    ),
    (r"\bstrikes\s+again\b", ("strikes",)),
    (r"\bhad\s+one\s+job\b", ("job", "had")),
    (r"\ba\s+new\s+personal\s+best\b", ("personal",)),
    (r"\bfamous(?:ly)?\s+(?:thorough|attention\s+to\s+detail|careful|last\s+words)\b", ("famous famously",)),
    (r"^\W*of\s+course\s+the\s+one\s+time\b", ("course",)),
    (r"\bknew\s+better\s+than\s+the\b", ("knew", "better")),
    (r"\boptional\s+reading\b", ("optional", "reading")),
    (r"\b(?:just\s+)?for\s+decoration\b", ("decoration",)),
    (r"\b(?:was|were|is|are)\s+imaginary\b", ("imaginary",)),
    (r"\bfor\s+the\s+weak\b", ("weak",)),
    (r"\bso\s+last\s+year\b", ("year", "last")),
    (r"\benough\s+of\s+a\s+hint\b", ("hint",)),
    (r"\bthe\s+new\s+definition\s+of\b", ("definition",)),
    (r"\bseemed\s+reasonable\s+to\s+someone\b", ("reasonable",)),
    (
        r"\banother\s+(?:fine|great|lovely|stellar|brilliant|wonderful|splendid)\s+(?:week|day|night|weekend|month|"
        r"release|decision|idea|plan|move|call)\b",
        ("another",),
    ),
)

RULES: Final = (
    # ---- praise of a decision or of work, next to harm or risk
    _Rule(
        "blame/character",
        r"^\W*(?:(?:very|really|truly|just)\s+)?(?:another\s+)?" + _PRAISE + r"\s+(?:" + _DECISION + r"|job|work)\b",
        _praise_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "great good nice brilliant excellent fantastic superb wonderful lovely stellar amazing awesome smart "
            "clever masterful visionary inspired impressive outstanding terrific splendid genius",
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:a\s+|such\s+a\s+|another\s+)?" + _PRAISE + r"\s+" + _DECISION + r"\s+(?:by|from|of)\b|\b(?:truly|really|"
        r"very|so)\s+(?:heroic|brave|smart|clever|inspired|visionary|thoughtful|wise)\s+(?:of|idea|move|decision)\b",
        _praise_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "great good nice brilliant excellent fantastic superb wonderful lovely stellar amazing awesome smart "
            "clever masterful visionary inspired impressive outstanding terrific splendid genius heroic brave "
            "thoughtful wise",
        ),
    ),
    # ---- phrases that are only ever sarcastic, one rule per rare key word (see _ALWAYS)
    *(
        _Rule("blame/character", source, _not_of_a_thing, _MESSAGE, _SUGGESTION, keys=_k(*keys))
        for source, keys in _ALWAYS
    ),
    # ---- the opposite of what is meant
    _Rule(
        "blame/character",
        r"\b(?:just|merely|only)\s+(?:a\s+)?(?:gentle\s+)?(?:suggestion|suggestions|for\s+decoration|decoration|"
        r"decorative)\b|\ba\s+gentle\s+suggestion\b|\boptional\s+(?:reading|extra)\b|\b(?:is|are)\s+(?:for\s+)?"
        r"(?:decorative|for\s+decoration|overrated|imaginary)\b|\bwas\s+imaginary\b|\b(?:are|is)\s+for\s+(?:other\s+"
        r"people|the\s+weak)\b|\bfor\s+the\s+weak\b|\bso\s+last\s+year\b|\benough\s+of\s+a\s+hint\b|"
        r"\bthe\s+new\s+definition\s+of\b|\bbold\s+definition\b|\bseemed\s+reasonable\s+to\s+someone\b|"
        r"[\"”'’]\s+(?:now\s+)?counts?\s+as\b|(?:isn't|is\s+not|wasn't|was\s+not),?\s+(?:in\s+fact,?\s+)?a\s+"
        r"(?:test\s+plan|load\s+test|deployment\s+strategy|capacity\s+test|backup\s+strategy|rollback\s+plan)\b|"
        r"\bmake\s+(?:excellent|great|fine)\s+qa\b|\bour\s+qa\s+department\b|\ba\s+fine\s+test\s+bed\b",
        _person_mocked_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "suggestion suggestions decoration decorative optional overrated imaginary people weak year hint "
            "definition reasonable counts count plan test strategy qa department bed"
        ),
    ),
    _Rule(
        "blame/character",
        r"\bround\s+of\s+applause\s+(?:to|for)\b|\bspecial\s+(?:thank-?you|thanks)\s+to\b",
        _praise_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("applause thank thanks you"),
    ),
    _Rule(
        "blame/character",
        r"\bthought\s+(?:that\s+)?(?:[\w'.-]+\s+){0,5}?(?:was|were|would\s+be)\s+a\s+(?:great|fine|good|brilliant|"
        r"wonderful|perfect)\s+(?:place|idea|time|moment|way)\b|^\W*good\s+thing\s+we\s+(?:have|had)\b",
        _mock_thought_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("thought thing"),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:thanks|thank\s+you|cheers),?\s+(?:@?[\w.-]+,?\s+)?for\s+the\s+(?:lovely|wonderful|great|fantastic|"
        r"delightful|brilliant|amazing|fun|relaxing)\b",
        _praise_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("thanks thank cheers", "lovely wonderful great fantastic delightful brilliant amazing fun relaxing"),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:i'm|i\s+am|i’m)\s+sure\s+(?:that\s+)?(?:the|whoever|our|they|he|she|someone|everyone)\b",
        _sure_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("sure"),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:good|nice|glad|lovely|great|wonderful|reassuring|comforting)\s+to\s+(?:know|see|learn|hear)\b",
        _glad_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("good nice glad lovely great wonderful reassuring comforting", "know see learn hear"),
    ),
)
