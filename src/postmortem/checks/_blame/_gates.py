"""Gates several rule families share.

A person as subject, an explanation given, a person after the match.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._hints import may_have_person_subject
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._vocabulary import (
    _AUXILIARIES,
    _DETERMINERS,
    _PREPOSITIONS,
    _ROLE_NOUNS,
    _SYSTEM_PRONOUNS,
    entries,
    vocabulary,
)


def _generic_people(s: _Sentence, i: int) -> bool:
    """Tell whether the subject of the clause holding token *i* is a role in general.

    "Release captains are no longer allowed to override", "all engineers must ...": a bare
    plural role, one after "all", "every" or "any", or "we" names everyone in the seat, so what
    the clause says is a rule of the process, not something aimed at the people involved
    ("the engineer involved", "Priyanka", "he").
    """
    j = s.boundary_before(i)
    k = s._skip_preamble(j + 1, i)
    toks = s.tokens
    if k < i and toks[k].low == "we":
        return True  # the writer's whole team: a rule for everyone in it
    if k < i and toks[k].low in {"all", "every", "any"}:
        k += 1
    if k >= i or toks[k].low in _DETERMINERS:
        return False
    words = s._phrase_words(k, i)
    if not words:
        return False
    head = toks[words[-1]].low
    return head in {"people", "staff", "everyone"} or (head.endswith("s") and head[:-1] in _ROLE_NOUNS)


def _person_subject(s: _Sentence, m: re.Match[str]) -> bool:
    if not may_have_person_subject(s):
        return False  # no word of the sentence could be a person (see _hints)
    i = s.index_at(m.start())
    if it_subject(s, i) or _relative_then_aside(s, i):
        return False
    return s.subject_kind(i) == _PERSON or s.passive_agent_kind(i) == _PERSON


_ASIDE_VERBS: Final = frozenset({"think", "thought", "believe", "reckon", "guess", "suppose", "suspect", "feel"})


def _relative_then_aside(s: _Sentence, i: int) -> bool:
    """Tell whether a relative and an aside stand before the verb at *i* (round 24).

    "what I think caused it", "the valve that we believe broke": the verb's subject is the relative
    before the aside (*I think*), not the aside's pronoun.
    """
    toks = s.tokens
    return (
        i >= 3
        and toks[i - 1].low in _ASIDE_VERBS
        and toks[i - 2].low in {"i", "we", "you", "they"}
        and toks[i - 3].low in {"what", "which", "that", "whatever"}
    )


# Verbs after which "it" opens a reported clause as its subject ("nobody was told it failed").
_CLAUSE_TAKING: Final = frozenset(
    {"told", "tell", "tells", "said", "say", "says", "knew", "know", "knows", "thought", "think", "thinks"}
    | {"realised", "realized", "noticed", "saw", "heard", "found", "assumed", "believed", "guessed", "meant"}
)


def it_subject(s: _Sentence, i: int) -> bool:
    """Tell whether "it" right before the verb at token *i* is its subject (round 19).

    "Nobody was told it failed to deliver": the clause inside is about a thing, whoever the
    sentence's subject is. Not "it" as an object ("shipped it broken", "did it anyway"), as a
    dummy before an auxiliary ("it should have been obvious to the reviewer"), nor IT the department.
    """
    toks = s.tokens
    if i < 1 or toks[i - 1].text not in {"it", "It"} or not s.is_verb(i) or toks[i].low in _AUXILIARIES:
        return False
    return toks[i].low.endswith("ed") and (i < 2 or not s.is_verb(i - 2) or toks[i - 2].low in _CLAUSE_TAKING)


_EXPLANATION_RE: Final = lazy_compile(
    r"(?:\b(?:because|since|as|due\s+to|after\s+(?:confirming|checking|verifying|seeing|"
    r"finding|learning)|cos)|(?<!\w)['’]cause)\s+"  # round 19: "because" as spoken ('cause, cos)
    # Round 21: the reason in brackets right after ("did not answer her phone (she was running)").
    r"|\(\s*(?:she|he|they|we|i)\s+(?:was|were|had|is|are)\s+",
    re.I,
)


_TO_RE: Final = lazy_compile(r"\s+to\b", re.I)


_PUNCT: Final = frozenset(',;:()[]—–"“”')


def _person_follows_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept when a person follows the match ("lies with the platform team"), spanning both."""
    i = s.index_at(m.end())
    end = i
    while (
        end < len(s.tokens)
        and end < i + 6
        and not s._is_boundary(end)
        and not s.is_verb(end)
        and (end == i or s.tokens[end].low not in _PREPOSITIONS)
        and (s.tokens[end].text[:1].isalnum() or s.tokens[end].text[:1] == "@")
    ):
        end += 1
    possessor = i < len(s.tokens) and s.tokens[i].low.endswith("'s") and s.word_kind(i) == _PERSON
    if not possessor and s.noun_phrase_kind(i, max(end, i + 1)) != _PERSON:
        return _lone_name(s, i, m.start())
    return m.start(), s.tokens[max(end, i + 1) - 1].end


# A duty handed out, not blame: "it falls on the on-call to page the vendor" (round 15).
_DUTY_AFTER_RE: Final = lazy_compile(r"\s+to\s+(?!the\b|a\b|an\b|this\b|that\b)[a-z]", re.I)


def _landed_on_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "this falls squarely on the night porter": a person follows, and no duty after them (round 15)."""
    span = _person_follows_gate(s, m)
    if span is None or _DUTY_AFTER_RE.match(s.text, span[1]):
        return None
    return span


# What may follow a lone name standing where the culprit goes: the sentence's end, a clause or an aside.
_AFTER_NAME: Final = frozenset({".", ",", ";", ":", "!", "?", "(", "—", "–", "on", "in", "at", "and", "from", "of"})
_NOT_NAMES: Final = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "christmas"}
    | {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december"}
)


def _lone_name(s: _Sentence, i: int, start: int) -> tuple[int, int] | None:
    """Accept a capitalised word (or two) alone after the match as a name ("this one is on Bram.", round 10).

    The clause reader reads a name by what follows it (a verb, a possessive); a name ending the
    sentence after a link has neither, so here a capitalised word that is not a known common or
    product word, a day or a month, and ends the phrase, is a name.
    """
    toks = s.tokens
    if i == 0 or i >= len(toks) or toks[i].low in _NOT_NAMES or not s.is_name(i, loose=True):
        return None
    end = i + 1
    if end < len(toks) and toks[end].text[:1].isupper() and s.is_name(end, loose=True):
        end += 1  # a first and a last name
    if end < len(toks) and toks[end].low not in _AFTER_NAME:
        return None
    return start, toks[end - 1].end


# Signs of irony in what praise is for (vocabulary/irony_signs.txt), read in context: "once" only
# in "once again" / "for once" ("once the case was opened" is a conjunction), "usual" only in "as
# usual" ("help outside their usual work"), "down" only after a verb that takes something down
# ("took prod down", not "wrote the steps down"; round 9). After an act of helping
# (vocabulary/helping_acts.txt: "who worked through Friday night contacting customers") only the
# signs of harm done stay (round 9): genuine help mentions customers and repeated work too.
_IRONY_SIGNS: Final = vocabulary("irony_signs")
_HARM_SIGNS: Final = frozenset(w for words, reason in entries("irony_signs") if "did harm" in reason for w in words)
_HELPING_LEMMAS: Final = frozenset(lemma(w) for w in vocabulary("helping_acts"))
_ONCE_AGAIN_RE: Final = lazy_compile(r"\b(?:once\s+(?:again|more)|for\s+once)\b", re.I)
_AS_USUAL_RE: Final = lazy_compile(r"\b(?:as|per)\s+usual\b", re.I)
_TAKEN_DOWN_RE: Final = lazy_compile(
    r"\b(?:take|takes|taking|took|taken|bring|brings|bringing|brought|knock\w*|went|go|goes|going|gone|"
    r"is|was|were|be|been|being|stay\w*|kept|keep\w*)\s+(?:[\w-]+\s+){0,3}?down\b",
    re.I,
)


def irony_signs(s: _Sentence, j: int) -> set[str]:
    """Return the signs of irony in the words after token *j* of *s* (what praise is for)."""
    at = s.tokens[j].end
    rest = {w.strip(".,;:!?\"'()").lower() for w in s.text[at:].split()}
    signs = rest & _IRONY_SIGNS
    if "once" in signs and not _ONCE_AGAIN_RE.search(s.text, at):
        signs.discard("once")
    if "usual" in signs and not _AS_USUAL_RE.search(s.text, at):
        signs.discard("usual")
    if "down" in signs and not _TAKEN_DOWN_RE.search(s.text, at):
        signs.discard("down")
    if _helped(s, j + 1):
        signs &= _HARM_SIGNS
    return {sign for sign in signs if not _overcome(s.text, at, sign)}


# Round 13: harm the praised people worked through ("kept the record complete even with the fridge
# broken"): the adversity, not what they did.
_OVERCOME_RE: Final = lazy_compile(
    r"\b(?:even\s+(?:with|when|though|after)|despite|in\s+spite\s+of|although|though)\b[^,;.]*$", re.I
)


def _overcome(text: str, at: int, sign: str) -> bool:
    """Tell whether every use of the word *sign* after *at* stands in harm worked through (see _OVERCOME_RE)."""
    uses = [found.start() for found in re.finditer(r"\b" + re.escape(sign) + r"\b", text[at:], re.I)]
    return bool(uses) and all(overcome_before(text, at + u, at) for u in uses)


def overcome_before(text: str, pos: int, start: int = 0) -> bool:
    """Tell whether ``text[pos:]`` follows *even with*, *despite* ... in its clause.

    Read 40 characters back, and not before *start*.
    """
    return _OVERCOME_RE.search(text, max(start, pos - 40), pos) is not None


# Round 13: what a setting let people do ("branch protection allowed authors to merge without a
# second approval") is a permission, a condition of the system, not a person's act.
_PERMITTED_RE: Final = lazy_compile(
    r"\b(?:allow|allows|allowed|allowing|let|lets|letting|permit|permits|permitted|permitting|enable|enables|"
    r"enabled|enabling)\s+(?:[\w'’-]+\s+){0,3}?to\s+[\w-]+\s+(?:[\w'’-]+\s+){0,4}?$",
    re.I,
)


def permitted_before(text: str, start: int) -> bool:
    """Tell whether ``text[start:]`` is what something allowed people to do (*allowed authors to merge ...*)."""
    return _PERMITTED_RE.search(text, max(0, start - 60), start) is not None


def _helped(s: _Sentence, k: int) -> bool:
    """Tell whether the words from token *k* (after "for" or "who") open with an act of helping."""
    toks = s.tokens
    while k < len(toks) and toks[k].low in {"so", "all", "tirelessly", "quietly", "patiently", "also"}:
        k += 1
    return k < len(toks) and lemma(toks[k].low) in _HELPING_LEMMAS


# Round 12, for the counterfactual rules (_counterfactual.py is at its size limit).
_IF_ONLY_VERB: Final = frozenset({"had", "hadn't", "were", "was", "could", "would", "did", "didn't", "'d", "’d"})


def _if_only_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "if only", unless what it wishes had acted is a system or a thing.

    "If only the API had versioned its response shape" wishes for a safeguard; "if only the
    engineer had read the error" and "if only someone had checked" judge people. Round 19: whose
    the wish is, read past a subject the word lists do not know. A thing that had a part ("if
    only the crane's load cell had an interlock": *had* and a noun, not *had* and an act) or did
    its work otherwise ("if only the depot phone forwarded to a mobile", a verb with no
    auxiliary) is a wish for the system; a person's act ("if only the trader had checked") or a
    named person doing it otherwise ("if only Felipe asked") stays.
    """
    toks = s.tokens
    i = s.index_at(m.end())
    for j in range(i, min(len(toks), i + 10)):
        low = toks[j].low
        if low in _IF_ONLY_VERB:
            if j == i:
                return True
            kind = s.noun_phrase_kind(i, j)
            if kind == _SYSTEM:
                return False
            return kind == _PERSON or low not in {"had", "hadn't"} or _an_act_follows(s, j + 1)
        if low.endswith(("'d", "’d")):
            return True  # "if only he'd asked": a pronoun's act
        if j > i and s.is_verb(j):
            return s.noun_phrase_kind(i, j) == _PERSON  # "if only the ticker pulled scores ..."
    return True


def _an_act_follows(s: _Sentence, k: int) -> bool:
    """Tell whether a participle opens the words at token *k*, past a negation or an adverb (*had* + an act)."""
    toks = s.tokens
    while k < len(toks) and toks[k].low in {"not", "never", "just", "only", "even", "actually", "ever", "simply"}:
        k += 1
    return k < len(toks) and s.is_verb(k) and toks[k].low not in _DETERMINERS


# A yes/no question opening with its auxiliary ("Was there a point where the pattern could have
# been seen earlier?", "Is there anything that could have been caught in review?") asks whether
# it could; it gives no verdict. Not "should" (what ought to have happened), and not a negative
# question ("Wasn't it plain that this could have been caught?"), which asserts.
_YES_NO_RE: Final = lazy_compile(
    r"^\W*(?:was|were|is|are|did|does|do|has|have|had|can|could|would)\s+(?!not\b)\w", re.I
)


def _asks_whether(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the passive hindsight at *m* stands in a yes/no question asking whether it could."""
    return (
        m.group()[:1].lower() == "c"
        and s.text.rstrip().endswith("?")
        and _YES_NO_RE.match(s.text) is not None
        and "n't" not in s.text[: m.start()].lower()
        and "n’t" not in s.text[: m.start()].lower()
    )


# Round 13, for the counterfactual rules (_counterfactual.py is at its size limit).
# An indirect question just before the match: "the question is why a stopped process ...",
# "nobody could say how the lag ..."; not "that attitude is why the bug sat unfixed", which
# gives the reason.
_ASKED_WHY_RE: Final = lazy_compile(
    r"(?:\b(?:question|puzzle|mystery|ask|asks|asked|asking|wonder|wondered|know|knew|understand|unclear|say|"
    r"explain|explained|explains|sure|idea)\s+(?:(?:is|was|remains)\s+)?|^[\s*_#>-]*)(?:why|how)\s+(?:[\w'’-]+\s+){1,6}$",
    re.I,
)
# The agent right after an unheeded state ("went unnoticed by ...", "... for an hour by ...").
_RELATIVE_STOPS: Final = frozenset({"we", "i", "you", "they", "that", "which", "who", "on", "in", ",", ".", ";"})
_BY_AGENT_RE: Final = lazy_compile(r"\s+(?:for\s+(?:[\w'’-]+\s+){1,4})?by\s+(?=\w)", re.I)


def asked_or_missed_by_a_thing(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether an unheeded state is asked about, or was missed by something that is not a person (round 13).

    "The obvious question is why a stopped process went unnoticed" asks for the reason (the next
    sentence gives it), as "Why did the warning go unseen?" does; "went unnoticed by every
    automated check" names what missed it ("by two reviewers" stays).
    """
    back = max(s.start, m.start() - 80)
    if _ASKED_WHY_RE.search(("" if back == s.start else "\0") + s.text[back : m.start()]):
        return True
    agent = _BY_AGENT_RE.match(s.text, m.end())
    if agent is None:
        return False
    k = s.index_at(agent.end())
    end = k
    while end < min(len(s.tokens), k + 6) and s.tokens[end].low not in _RELATIVE_STOPS and not s.is_verb(end):
        end += 1  # "by every dashboard we had": the phrase ends before a relative clause
    return k < end and s.noun_phrase_kind(k, end) != _PERSON


# A clause opening with no one, a few words before the modal.
_NO_ONE_OPENS_RE: Final = lazy_compile(
    r"(?:^|[,;:—]\s*)[^\w\0]*(?:nobody|no\s+one|no-one|none\s+of\s+(?:us|them|the\s+[\w-]+))(?:\s+[\w'’-]+){0,5}\s*$",
    re.I,
)


def no_one_opens(text: str, start: int) -> bool:
    """Tell whether the clause before *start* opens with no one (*Nobody in that call could ...*; round 13)."""
    back = max(0, start - 80)
    return _NO_ONE_OPENS_RE.search(("" if back == 0 else "\0") + text[back:start]) is not None


# Where the condition that let an act do harm is joined to it: after a semicolon, "because", "since",
# or ", whose" (round 14).
_CONDITION_LINK_RE: Final = lazy_compile(r";\s*|\s+(?:because|since)\s+|,\s+whose\s+", re.I)
# A standing limit of a thing: a negation, "only", "too", "no".
_LIMIT_RE: Final = lazy_compile(r"\b(?:not|no|never|none|only|too)\b|n't\b", re.I)
_PAST_BE: Final = frozenset({"was", "were", "wasn't", "weren't", "hadn't", "had"})


def condition_follows(s: _Sentence, pos: int) -> bool:
    """Tell whether a clause after *pos* gives a thing's standing condition, which let a person's act do harm.

    "Liesel's change broke the login; the contract test covered only the last release", "... to drain one
    node; the weight field accepts 0 and 0 drains them all", "..., whose default pool of 5 was too small",
    "... because the staging job shares production's credentials": the clause's subject is a thing, and it
    tells a limit (a negation, *only*, *too*) or what the thing does as a rule (a verb in the present).
    Not a person's clause ("; she never tested it"), not harm told after the act ("; an hour of outage
    followed"), and not a lapse in the passive ("; it was not tested", "; it had not been reviewed").
    """
    for link in _CONDITION_LINK_RE.finditer(s.text, pos):
        k = s.index_at(link.end())
        toks = s.tokens
        if k >= len(toks) or toks[k].low in {"we", "i", "us"}:
            continue
        if toks[k].low == "whose":
            k += 1
        end = s.boundary_from(k + 1)
        if s.noun_phrase_kind(k, end) == _PERSON:
            continue
        # The clause's verb: the first word after the subject that is a verb (or a negated auxiliary).
        stop = s.text.find(";", link.end())
        clause = s.text[link.end() : stop if stop >= 0 else len(s.text)]
        verb = next(
            (j for j in range(k + 1, min(len(toks), k + 8)) if s.is_verb(j) or toks[j].low.endswith("n't")), None
        )
        if verb is None:
            continue
        low = toks[verb].low
        nxt = toks[verb + 1].low if verb + 1 < len(toks) else ""
        if low in _PAST_BE and (nxt in {"not", "never", "been"} or s.is_verb(verb + 1)):
            after = toks[verb + 2].low if verb + 2 < len(toks) else ""
            if nxt not in {"not", "never", "been"} or after.endswith(("ed", "en")) or after == "been":
                continue  # "; it was not tested", "; it had not been reviewed": a lapse told in the passive
        if _LIMIT_RE.search(clause) or (low.endswith("s") and not low.endswith("ss") and low not in _BE_FORMS):
            return True
    return False


_BE_FORMS: Final = frozenset({"is", "was", "has", "does"})


# Words for people that the clause reader does not classify on their own (the venting rules' list, and
# the friendly ways sarcasm names a team).
_PEOPLE_WORDS: Final = frozenset(
    {"people", "folks", "others", "someone", "somebody", "crowd", "squad", "devs", "guy", "guys", "friends", "gang"}
)


def aimed_at_a_thing(s: _Sentence, k: int) -> bool:
    """Tell whether the noun phrase opening at token *k* names a thing, not a person or a group of people.

    Sarcasm and venting are blame when aimed at people (*Nice of the night crew to ...*, *fed up with
    the data team ...*), and about the system when aimed at a thing (round 14: *Nice of the humidity
    sensor to give up*, *fed up with charging racks that ...*, *... from the survey app*): a known
    system noun heads the phrase, or a compound of lower-case nouns none of which names people. A
    pronoun (*tired of it*), a capitalised word (*IT*, a name) or a single unknown noun (*the adult in
    the room*) is not read as a thing.
    """
    toks = s.tokens
    if k >= len(toks) or toks[k].low in _SYSTEM_PRONOUNS:
        return False
    end = s.boundary_from(k + 1)
    kind = s.noun_phrase_kind(k, end)
    if kind == _PERSON or kind is None:
        return False
    start = s._skip_preamble(k, end)
    words = s._phrase_words(start, end)
    if not words or any(s.word_kind(w) == _PERSON or toks[w].low in _PEOPLE_WORDS for w in range(start, words[-1] + 1)):
        return False
    if not all(toks[w].text.islower() for w in range(start, words[-1] + 1)):
        return False
    return kind == _SYSTEM or len(words) >= 2


def _guidance_words() -> str:
    words = {w + e for w in vocabulary("written_guidance") for e in ("", "s")}
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


# Round 15: written guidance named as an act's warrant, after the act: "following the documented procedure",
# "with the documented override", "per the on-call runbook", "which the on-call guide recommends", "as documented".
_WARRANT_RE: Final = lazy_compile(
    r"\b(?:following|per|according\s+to|in\s+line\s+with|with)\s+(?:the|our|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:documented|written|agreed|approved)\b"
    r"|\b(?:following|per|according\s+to|in\s+line\s+with)\s+(?:the|our|its|their)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{_guidance_words()})\b"
    r"|\b(?:which|as)\s+(?:the|our|its|their)\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{_guidance_words()})\s+(?:recommends|recommended|says|said|prescribes|prescribed|allows|allowed|"
    r"requires|required|describes|described|calls\s+for)\b"
    r"|\bas\s+(?:documented|prescribed)\b"
    # Round 19: the guidance or the way the place has always worked, told as how the act was done ("to the
    # letter", "which is how the contractor's procedure tells him to check it", "which is how the ward has
    # always done it").
    r"|\bto\s+the\s+letter\b|\bwhich\s+is\s+how\s+(?:the|our|its|their|his|her)\s+(?:[\w'’-]+\s+){0,2}?"
    rf"(?:{_guidance_words()})\s+(?:tells|told|says|said|asks|asked|requires|required)\b"
    r"|\bwhich\s+is\s+how\s+(?:[\w'’-]+\s+){1,4}?(?:has|have)\s+always\s+(?:done|worked|run)\b"
    # Round 24: the act named as the rule itself ("decided not to take the snowcat alone at night, which is the rule").
    r"|\bwhich\s+is\s+(?:the|our|their|its|the\s+site's)\s+(?:[\w-]+\s+)?(?:rule|policy|procedure|protocol)\b"
    r"(?!\s+(?:he|she|they|that|we|i|you)\b)",
    re.I,
)
# Before the warrant, words that turn it round ("without following the runbook", "instead of per ...").
_UNWARRANTED_RE: Final = lazy_compile(r"(?:without|instead\s+of|rather\s+than|not|never|despite)\s+$", re.I)


def warranted(s: _Sentence, pos: int) -> bool:
    """Tell whether written guidance is named after *pos* as what the act followed (see _WARRANT_RE).

    "Renske bypassed the canary with the documented override, which the on-call guide recommends when ..."
    and "Esperanza made the change that triggered the outage, following the documented procedure" tell a
    sanctioned step; "without following the runbook" and "despite the documented limit" do not.
    """
    for found in _WARRANT_RE.finditer(s.text, pos):
        if not _UNWARRANTED_RE.search(s.text, max(0, found.start() - 16), found.start()):
            return True
    return False


# Round 22 (issue 14): what follows "which is how" is the usual practice, not a consequence: the act is
# answered by the way the work is always done ("which is how every performance PR in this project has been
# reviewed", "that's how we always sign them off").
_PRACTICE_AFTER_RE: Final = lazy_compile(
    r"\s+(?:(?:every|all|each|any|most)\s+(?:[\w-]+\s+){0,5}?(?:has|have|is|are|was|were|gets?|got)\b"
    r"|(?:we|they|it|this|these|he|she)\s+(?:always|usually|normally|routinely|generally)\b)",
    re.I,
)


def usual_practice_after(text: str, end: int) -> bool:
    """Tell whether "which is how" ending at *end* goes on to the usual practice (see above)."""
    return bool(_PRACTICE_AFTER_RE.match(text, end))


# Round 25: "Nights will always have two growers on": "always"/"never", then "have" and a number or an
# article, is what a shift holds, a staffing plan, not conduct ("should never have approved" stays).
_STAFFING_RE: Final = lazy_compile(r"\s+ha(?:ve|s)\s+(?:a|an|at\s+least|two|three|four|one|more|enough|\d+)\b", re.I)


def staffing_plan(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the match, ending in "always" or "never", goes on to a staffing plan (see above)."""
    return m.group().lower().endswith(("always", "never")) and _STAFFING_RE.match(s.text, m.end()) is not None
