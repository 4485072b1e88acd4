"""A person's record held against them (round 18 of issue 14).

Unseen authors blame by history as often as by a judgement word: *Kasia again.*, *Honestly,
it was Kerem. Again.*, *Tobiah, again, restarts the controller mid-pass.*, *Rob did it
again*, *this is the third time the web team has broken caching*, *the operator, not for the
first time, restarts the wrong node*. No word there judges anyone; what blames is a mark of
recurrence attached to people, so the readings here are structural:

- **"again" on the person**: *again* (or *once again*, *yet again*) right after a mention of
  people other than the writers (a name, a role, a team, a pronoun), with at most a comma or a
  dash between, where the mention is the subject of its clause or follows *it's* / *it was*.
  With nothing after it in the clause (*Kasia again.*, *it's Brandon again*) the mention itself
  is the accusation; with a verb after it (*Valentin again turned ...*) the clause's act must
  have gone wrong (vocabulary/failing_signs.txt, or harm in a short next sentence: *Pass
  lost.*). *Again.* as a sentence of its own after one that only names a person (*Amira.
  Again.*) reads the same way. A system (*The pump. Again.*, *the replica again fell behind*)
  and a person as an object (*the alert paged Priya again*) are not read.
- **a count of the person's acts** (vocabulary/recurrence_markers.txt: *not for the first
  time*, *the third time*) in a sentence whose act, by people other than the writers as its
  active subject, went wrong; *the third time this disk has filled* is a system's history, and
  *the on-call was paged for the fourth time* puts the person on the receiving end.
- **the act done again in a pro-form**: *did it again*, *has done it again*, *is at it again*,
  *strikes again* with people other than the writers as the subject (*the disk did it again* is
  a system).

Each pattern is literal words and bounded gaps (tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._hints import may_name_person
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _PREPOSITIONS, entries, vocabulary

__all__ = ["RULES"]

_WRITERS: Final = frozenset(
    {"we", "i", "us", "our", "me", "my", "i'm", "we're", "i've", "we've", "myself", "ourselves", "you"}
)
# Marks that may stand between the mention and "again": "Tobiah, again, restarts", "Ivo — again".
_MARKS: Final = frozenset({",", "—", "–", "-", "("})
# Words that put the mention after an identification: "it's Brandon again", "it was Kerem".
_IDENTIFYING: Final = frozenset({"it's", "it’s", "it", "that's", "that’s", "this", "that", "'s", "is", "was"})
_BE: Final = frozenset(vocabulary("be_words"))
_FAILING: Final = vocabulary("failing_signs")
# For a count, the signs of an act done badly or of harm, not the negations: "the tenth time the
# print team has packed the exams without a hitch" counts good work.
_FAILED_ACTS: Final = frozenset(
    w for words, reason in entries("failing_signs") if not reason.startswith("a duty left undone") for w in words
)
# Harm told in a short sentence after the act ("Tobiah, again, restarts the controller. Pass lost.").
_HARM_NEXT: Final = frozenset(
    {"lost", "down", "outage", "dead", "gone", "ruined", "wrecked", "broken", "broke", "failed", "missed", "wiped"}
)
# Words that close the clause after "again" without opening another act: "Marek again, of course."
_TAIL: Final = frozenset({"of", "course", "obviously", "naturally", "like", "as", "every", "always", "enough", "said"})


def _mention_at(s: _Sentence, j: int) -> bool:
    """Tell whether token *j* ends a mention of people other than the writers."""
    tok = s.tokens[j]
    if tok.low in _WRITERS:
        return False
    if s.word_kind(j) == _PERSON:
        return True
    return tok.text[:1].isupper() and s.is_name(j, loose=True) and s.word_kind(j) != _SYSTEM


def _opens_or_identified(s: _Sentence, j: int) -> bool:
    """Tell whether the mention ending at token *j* is its clause's subject or follows "it's"/"it was"."""
    toks = s.tokens
    a = s.boundary_before(j) + 1
    verbs = [k for k in range(a, j) if s.is_verb(k)]
    if not verbs:
        return True
    # "it's Brandon again", "Honestly, it was Kerem": the one verb is a form of "be" after "it"/"that".
    k = verbs[0]
    return (
        len(verbs) == 1
        and (toks[k].low in _BE or toks[k].low in _IDENTIFYING)
        and all(toks[x].low in _IDENTIFYING or s.is_verb(x) for x in range(max(a, k - 1), k + 1))
        and j - k <= 3
    )


def _went_wrong(s: _Sentence, i: int) -> bool:
    """Tell whether the clause from token *i* tells an act that went wrong, or a short next sentence tells harm."""
    toks = s.tokens
    n = len(toks)
    k = i + 1
    while k < n and toks[k].text in _MARKS:
        k += 1
    end = s.boundary_from(k + 1) if k + 1 < n else n
    if any(toks[x].low in _FAILING for x in range(i, end)):
        return True
    nxt = s.following.split(".", 1)[0]
    words = nxt.lower().split()
    return len(words) <= 4 and any(w.strip(",;:!") in _HARM_NEXT for w in words)


def _verbless_after(s: _Sentence, i: int) -> bool:
    """Tell whether nothing but closing words follow token *i* in its clause ("Marek again, of course.")."""
    toks = s.tokens
    for k in range(i + 1, min(len(toks), i + 8)):
        low = toks[k].low
        if not toks[k].text[:1].isalnum():
            if low in {".", "!", "?", ";"}:
                return True
            continue
        if low in {"who", "that", "and", "but"} or s.is_verb(k):
            return False
        if low not in _TAIL:
            return False
    return True


def _again_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "again" attached to a mention of people other than the writers (see the module)."""
    if not may_name_person(s, loose=True) and _after_a_token(s.text, m.start()):
        # Round 19: the mention before "again" needs a word that could be a person, which the
        # sentence's words rule out without its tokens ("checkout works again"). Only "again"
        # opening the sentence can still be accepted, by the sentence before it.
        return None
    toks = s.tokens
    i = s.index_at(m.start())
    last = s.index_at(m.end() - 1)
    if i == 0 and last >= len(toks) - 2:
        return _alone_after_a_name(s, m)
    j = i - 1
    if j >= 0 and toks[j].text in _MARKS:
        j -= 1
    if j < 0 or not _mention_at(s, j) or not _opens_or_identified(s, j):
        return None
    # The mention's first word: the span runs from it to "again". After a preposition the
    # mention is no subject ("thanks to Priya again", "covering for the pool team again").
    start = j
    while start > max(0, j - 4) and toks[start - 1].text[:1].isalnum() and not s.is_verb(start - 1):
        if toks[start - 1].low in _IDENTIFYING:
            break
        if toks[start - 1].low in _PREPOSITIONS:
            return None
        start -= 1
    if _verbless_after(s, last) or _went_wrong(s, last):
        return toks[start].start, m.end()
    return None


def _after_a_token(text: str, pos: int) -> bool:
    """Tell whether a whole token of *text* ends before *pos*: white space stands between it and *pos*.

    Tokens hold no white space and every other character is in one, so this is true when the
    text before *pos* holds a character that is not white space and white space after it; a
    token ending right at *pos* ("(again", "works.again") is left to the tokens.
    """
    before = text[:pos].strip()
    return bool(before) and (text[pos - 1 : pos].isspace() or len(before.split(None, 1)) > 1)


def _alone_after_a_name(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Again." as a sentence of its own after one that only names a person ("Amira. Again.")."""
    before = s._sentence_before()
    if before is None:
        return None
    btoks = before.tokens
    j = len(btoks) - 1
    while j >= 0 and not btoks[j].text[:1].isalnum():
        j -= 1
    if j < 0 or j > 6 or not _mention_at(before, j) or not _opens_or_identified(before, j):
        return None
    return m.start(), m.end()


def _phrases(name: str) -> list[str]:
    found = [r"\s+".join(re.escape(w) for w in word.split("+")) for words, _ in entries(name) for word in words]
    return sorted(found, key=lambda p: (-len(p), p))


def _receiving(s: _Sentence, k: int) -> bool:
    """Tell whether the verb at token *k* is a passive ("was paged"): the person is on the receiving end."""
    toks = s.tokens
    participle = toks[k].low.endswith(("ed", "en"))
    before = k > 0 and toks[k - 1].low in _BE and participle
    after = toks[k].low in _BE and k + 1 < len(toks) and toks[k + 1].low.endswith(("ed", "en"))
    return before or after


def _people_subject(s: _Sentence, k: int, after: int) -> bool:
    """Tell whether the verb at token *k* has people other than the writers as its subject.

    Read as the clause reader reads it, or as the noun phrase after the count (*after*) in a
    clause that leaves out its "that" ("the third time the web team has broken caching").
    """
    toks = s.tokens
    a = s.boundary_before(k) + 1
    if any(toks[x].low in _WRITERS for x in range(max(a, after if after < k else a), k)):
        return False
    if s.subject_kind(k) == _PERSON:
        return True
    return after < k and any(s.noun_phrase_kind(x, k) == _PERSON for x in range(after, min(k, after + 6)))


def _count_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a count of acts where people other than the writers, as the active subject, did harm."""
    toks = s.tokens
    after = s.index_at(m.end() - 1) + 1
    for k in range(len(toks)):
        if not s.is_verb(k) or _receiving(s, k) or not _people_subject(s, k, after):
            continue
        end = s.boundary_from(k + 1) if k + 1 < len(toks) else len(toks)
        if any(toks[x].low in _FAILED_ACTS for x in range(k, end)):
            return True
    return False


def _again_act_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept the act done again in a pro-form, with people other than the writers as its subject."""
    i = s.index_at(m.start())
    if s.subject_kind(i) != _PERSON:
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


_MESSAGE: Final = "Holds an act against a person's record ('again', 'the third time'): finger-pointing, not an account."
_SUGGESTION: Final = (
    "Say what happened this time and what let it happen again (a missing guard, a step that relies on memory), "
    "without the person's record."
)

RULES: Final = (
    _Rule("blame/character", r"\b(?:(?:once|yet)\s+)?again\b", _again_gate, _MESSAGE, _SUGGESTION, keys=()),
    _Rule(
        "blame/character",
        r"\b(?:" + "|".join(_phrases("recurrence_markers")) + r")\b",
        _count_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"\b(?:(?:did|done|doing|does|do)\s+(?:it|this|that)|(?:is|are|was|were|'s)\s+at\s+it|strikes?|struck)\s+again\b",
        _again_act_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("again", "did done doing does do at strike strikes struck"),
    ),
)
