"""Blame the sentence denies: *not anyone's fault*, *Nobody ignored anything*, *we didn't skip it*.

A culprit word (*fault*, *mistake*) or a negative act (*ignored*, *overlooked*, *skipped*) is
blameful when the sentence asserts it of a person; the same word under a negation in its own
clause is the author rejecting blame, which a blameless review does on purpose. The negation
must stand in the same clause, before the word and close to it (a comma, a semicolon or a full
stop ends its reach: *it wasn't the tooling, it was Bob's fault* still blames Bob), and only
words whose negation is a denial are read this way: *didn't bother to check* and *never checked*
are lapses, and the rules for those are not changed.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._folding import lazy_compile

__all__ = ["denied_before", "fault_denied", "negative_act", "rejected_frame", "team_before", "undenied_fault_gate"]

# A negation, then at most three small words (a verb "to be", a modal, a determiner, an adverb of
# degree, "single person"), up to the match: "nobody here ignored", "was not careless", "did not
# simply skip", "No single person caused", "no fault of". A content word in between ("never seen
# such a careless ...", "no question about who caused") puts the negation on something else.
_SMALL_WORDS: Final = (
    r"a|an|the|this|that|any|single|one|person|individual|people|here|of|us|them|was|were|is|are|be|"
    r"been|being|did|do|does|has|have|had|should|would|could|will|must|can|just|really|simply|ever|"
    r"at|all|so|very|particularly|truly"
)
_NEGATION_BEFORE_RE: Final = lazy_compile(
    r"(?:\bnot|\bnever|\bnobody|\bno\s*one|\bno|\bnone\s+of\s+\w+|\bneither|\bnor|n't|n’t)\s+"
    r"(?:(?:" + _SMALL_WORDS + r")\s+){0,3}$",
    re.IGNORECASE,
)


# A judgement the sentence names in order to reject it: "it would be unfair to call the reviewer
# negligent", "it is easy to say someone should have known, but ...".
_REJECTED_FRAME_RE: Final = lazy_compile(
    r"\b(?:unfair|wrong|mistaken|misleading|unjust|tempting|easy|not\s+fair)\s+to\s+"
    r"(?:call|say|think|conclude|suggest|describe|label|claim|assume|blame)\b[^.;:!?]*$",
    re.IGNORECASE,
)


# Round 11: frames right before the match under which the sentence asserts no blame: a noun
# denied ("it is not a disciplinary process and is not evidence of negligence"), an act no one
# could have done ("neither team could have spotted it in review", _NO_ONE_BEFORE_RE), and an act that has not
# happened ("the recap, before I forget half of it", "in case someone forgets").
_DENIED_RIGHT_BEFORE_RE: Final = lazy_compile(
    r"\b(?:(?:is|was|are|were)\s+not|isn't|wasn't|aren't|weren't)\s+(?:(?:a|an|any)\s+|(?:evidence|proof|"
    r"a\s+sign|an\s+indication|a\s+finding)\s+of\s+(?:any\s+)?)$"
    r"|\b(?:before|lest|in\s+case)\s+(?:i|we|you|they|he|she|anyone|anybody|someone|somebody)\s+$",
    re.IGNORECASE,
)


_NO_ONE_BEFORE_RE: Final = lazy_compile(
    r"\b(?:neither|nobody|no\s*one|no-one|none\s+of\s+(?:us|them|the\s+\w+))(?:\s+[\w'-]+)?\s+$", re.IGNORECASE
)


def rejected_frame(text: str, start: int) -> bool:
    """Tell whether ``text[start:]`` follows *unfair to call*, *easy to say* ... in its clause (80 characters back)."""
    if _DENIED_RIGHT_BEFORE_RE.search(text, max(0, start - 48), start) is not None:
        return True
    if text[start : start + 6].lower() == "could " and _NO_ONE_BEFORE_RE.search(text, max(0, start - 40), start):
        return True
    return _REJECTED_FRAME_RE.search(text, max(0, start - 80), start) is not None


# Round 21: the sentence itself puts the fault on no one person ("a reckless scheme, and it was ours,
# not any one person's"), wherever the judgement word stands in it.
_DISOWNED_RE: Final = lazy_compile(
    r"\b(?:not|no)\s+(?:any\s+one|any|one|a\s+single|single)\s+(?:person|individual)(?:'s|’s)",
    re.IGNORECASE,
)


def blame_disowned(text: str) -> bool:
    """Tell whether the sentence *text* says that what it judges was no one person's."""
    return ("person" in text or "individual" in text) and _DISOWNED_RE.search(text) is not None


# Round 21: the writer works out what the person meant to do ("whoever changed it probably wanted 55 for
# their own primers and pressed Save"): the act told from the inside, as it made sense then.
_INTENT_RE: Final = lazy_compile(
    r"\b(?:probably|presumably|likely|must\s+have)\s+(?:wanted|thought|assumed|believed|meant|expected|intended)"
    r"\b(?!\s+(?:(?:he|she|they|it)\s+)?(?:knew|was|were)\b)",
    re.IGNORECASE,
)


def intent_told(text: str) -> bool:
    """Tell whether the sentence *text* gives what the person probably meant to do (see _INTENT_RE)."""
    return ("probabl" in text or "presumabl" in text or "likely" in text or "must" in text) and (
        _INTENT_RE.search(text) is not None
    )


def denied_before(text: str, start: int) -> bool:
    """Tell whether a negation in the same clause stands shortly before ``text[start:]``."""
    return _NEGATION_BEFORE_RE.search(text, max(0, start - 48), start) is not None


# Possessors that name no one: "anyone's fault", "nobody's mistake", "no one's fault"; since round
# 13 a person quantified by "any" or "no" ("any one person's actions", "no single person's error").
_NOBODY_RE: Final = lazy_compile(
    r"\b(?:anyone|anybody|nobody|no\s*one|none\s+of\s+us|"
    r"(?:any|no)\s+(?:one\s+|single\s+|individual\s+)?(?:person|individual|one\s+person))(?:'s|’s)?\s*$",
    re.IGNORECASE,
)


def nobody_possessor(text: str, end: int) -> bool:
    """Tell whether the words just before *end* are a possessor that names no one (*anyone's*, *nobody's*)."""
    return _NOBODY_RE.search(text, max(0, end - 28), end) is not None


# Acts whose negation denies a lapse ("nobody ignored anything", "we did not skip it"); not
# "bother", "check", "look": "didn't bother to look" is the lapse itself.
_NEGATIVE_ACT_RE: Final = lazy_compile(
    r"(?:ignor|neglect|overlook|forg[eo]t|miss|skip|bypass|circumvent|omit|dismiss)\w*$", re.IGNORECASE
)


def negative_act(word: str) -> bool:
    """Tell whether *word* is a form of an act whose negation is a denial (*ignored*, *skipped*)."""
    return _NEGATIVE_ACT_RE.match(word) is not None


def fault_denied(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the fault matched is denied or names no one (*not anyone's*, *no fault of their own*)."""
    apostrophe = max(s.text.find("'s", m.start(), m.end()), s.text.find("’s", m.start(), m.end()))
    owner_end = apostrophe + 2 if apostrophe >= 0 else m.start()
    return denied_before(s.text, m.start()) or nobody_possessor(s.text, owner_end)


def undenied_fault_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept fault assigned to someone ("it was Viktor's fault", "the fault of the DBA"), unless denied."""
    return not fault_denied(s, m)


# "We" as the subject: the team or the company owning what it did ("we broke the one promise that
# matters", round 8), not a person singled out; "I broke it" is self-blame and stays.
_WE_BEFORE_RE: Final = lazy_compile(r"\bwe\s+(?:[\w'’]+\s+){0,2}$", re.IGNORECASE)


def team_before(text: str, start: int) -> bool:
    """Tell whether "we" is the subject just before ``text[start:]`` (at most two words between)."""
    return _WE_BEFORE_RE.search(text, max(0, start - 24), start) is not None
