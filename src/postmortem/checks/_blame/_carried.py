"""A verdict on a person's act told in a clause or sentence of its own (round 10 of issue 14).

Unseen authors often tell the act plainly and put the judgement after it, where the person is
no longer the subject: *Sergei ran the June test. That is not acceptable for someone in that
seat.*, *Mr. Fashola skipped the verification run, and that was not his decision to make.*,
*the firmware was pushed without a second pair of eyes, which was unacceptable*, *Marek saw the
flat line and didn't say anything. Again.* The verdict's own words (*not acceptable*,
*inexcusable*, *not good enough*; a sentence that is only *Typical.* or *Again.*) are blame
only when what they judge is a person's act, so the gate reads the act they hang on:

- the clause before *which* or *and that* in the same sentence;
- otherwise the sentence before, in the same paragraph (a line break in the text as read ends
  a paragraph), looked back over at most 400 characters
  (``_Sentence._sentence_before``).

That act's subject must be a person (a name, a role, a pronoun, a team), carried as the
clause reader carries it (*Ravi restarted the primary and did not ...*), and not the writers
themselves (*we*, *I*: their own narrative is left to the self-blame rules); or the act is a
person's in the passive (*was pushed without a review*, *was left disabled*). A verdict on a
system's outcome (*The outage lasted three hours. That is not acceptable.*) has no such act
and is not flagged. Each pattern is a run of literal words and bounded gaps
(tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acts import _understanding_gate
from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import vocabulary

_WRITERS: Final = frozenset({"we", "i", "us"})
_BE: Final = frozenset(vocabulary("be_words"))
# Acts people do to systems, every form: a passive of one of these is a person's act
# ("was pushed without a review") even with no person named.
_ACTING: Final = frozenset(
    lemma(w)
    for w in vocabulary("action_verbs")
    | vocabulary("risky_verbs")
    | vocabulary("destructive_verbs")
    | {"leave", "approve", "sign", "ignore", "skip", "send", "publish"}
)
# Words that can open a verdict sentence before its "that" ("Either way, that's not good enough").
_OPENERS: Final = frozenset(
    {"and", "but", "so", "either", "way", "honestly", "frankly", "still", "really", "again", ","}
)


def _act_before(s: _Sentence, stop: int) -> bool:
    """Tell whether the first clause of tokens[:stop] of *s* is a person's act (see the module)."""
    toks = s.tokens
    stop = min(stop, len(toks))
    for k in range(1, stop):
        if not s.is_verb(k):
            continue
        if any(toks[x].low in _WRITERS for x in range(k)):
            return False
        if s.subject_kind(k) == _PERSON:
            return True
        # A person's act in the passive: "was pushed", "got left disabled".
        if toks[k].low in _BE and k + 1 < stop:
            nxt = k + 1 + (k + 2 < stop and toks[k + 1].low.endswith("ly"))
            return lemma(toks[nxt].low) in _ACTING and toks[nxt].low.endswith(("ed", "en", "ft", "nt"))
        return False
    return False


_VENTERS: Final = _OPENERS | {"i", "i'm", "am", "we're", "are", "so", "getting", "quite", "very"}


def _vent_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "I'm tired of this." right after a person's act, told in the sentence before."""
    if not all(tok.low in _VENTERS for tok in s.tokens[: s.index_at(m.start())]):
        return False
    before = s._sentence_before()
    return before is not None and _act_before(before, len(before.tokens))


def _thinking_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "I don't know what he was thinking" when the one thinking is a person."""
    i = s.index_at(m.end() - 1)
    return i >= 2 and s.word_kind(i - 2) == _PERSON


def _verdict_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a verdict whose antecedent is a person's act: the clause before it, or the sentence before."""
    toks = s.tokens
    i = s.index_at(m.start())
    # Words before the verdict that only open it ("Either way, that ..."): the act is further back.
    if all(toks[k].low in _OPENERS for k in range(i)):
        before = s._sentence_before()
        return before is not None and _act_before(before, len(before.tokens))
    return _act_before(s, i)


# Acts people do to work that a step should precede: the acting verbs and a few of approving.
_WORK_ACTS: Final = _ACTING | frozenset(
    lemma(w) for w in ("accept", "run", "merge", "ship", "push", "wave", "tick", "rush", "release", "deploy", "apply")
)


def _passive_act_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a step gone without in a passive act on work ("was approved without being opened").

    The clause before the match holds a passive (a form of *be* or *get*, then a participle)
    of an act people do to work (``_WORK_ACTS``), or *went out* / *went live*; a system that
    merely ran unobserved ("the disk filled up without anyone ...") or served a request ("was
    served without being cached") has neither, and *noticing* is not among the steps.
    """
    toks = s.tokens
    i = s.index_at(m.start())
    for k in range(max(0, s.boundary_before(i) + 1), i - 1):
        low = toks[k].low
        if low in _BE or low in {"got", "get", "gets"}:
            nxt = k + 1 + (toks[k + 1].low.endswith("ly") and k + 2 < i)
            if lemma(toks[nxt].low) in _WORK_ACTS:
                return True
        if low == "went" and toks[k + 1].low in {"out", "live", "through", "in"}:
            return True
    return False


_ADVERBS: Final = (
    r"(?:(?:simply|frankly|just|really|clearly|completely|totally|plainly|absolutely|honestly|also|still)\s+)"
)
_VERDICTS: Final = (
    r"(?:unacceptable|inexcusable|not\s+acceptable|not\s+good\s+enough|not\s+ok(?:ay)?|unprofessional|"
    r"indefensible|unforgivable|not\s+(?:his|her|their)\s+(?:decision|call|change)(?:\s+to\s+make)?|no\s+excuse|"
    r"not\s+how\s+(?:we|things)\s+(?:work|do\s+things)|not\s+what\s+(?:we|i)\s+expect)"
)

RULES: Final = (
    _Rule(
        "blame/character",
        r"\b(?:that|this|which)(?:\s+(?:is|was)|'s|’s)\s+" + _ADVERBS + r"{0,2}" + _VERDICTS + r"(?![\w-])",
        _verdict_gate,
        "Passes a verdict on a person's act told just before it: that judges the person, not the conditions.",
        "Leave the verdict out: say what the act led to, and what made it look reasonable at the time.",
        keys=_k(
            "unacceptable inexcusable acceptable enough ok okay unprofessional indefensible unforgivable decision "
            "call change excuse how what"
        ),
    ),
    _Rule(
        "blame/character",
        r"^(?:typical|classic|again|not\s+again|as\s+always|as\s+usual|unbelievable|that\s+says\s+(?:a\s+lot|it\s+all)"
        r"|that\s+tells\s+you\s+(?:everything|all\s+you\s+need\s+to\s+know))[.!]*$",
        _verdict_gate,
        "Vents at a person's act told just before it: a judgement, not an account of what happened.",
        "Leave the comment out: say what happened, and what in the system lets it recur.",
        keys=_k("typical classic again always usual unbelievable says tells"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:and|but)\s+(?:then\s+|just\s+|still\s+)?did(?:n't|n’t|\s+not)\s+(?:even\s+)?do\s+(?:anything|a\s+thing)\s+"
        r"(?:with|about)\b",
        _understanding_gate,
        "Says a person had a signal in hand and did nothing with it: a judgement of their conduct.",
        "Describe what made the signal look less urgent than it was, and who owned acting on it.",
        keys=_k("anything thing", "with about"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bwithout\s+(?:being|anyone|anybody|a\s+single\s+(?:person|reviewer)|so\s+much\s+as)\s+"
        r"(?:(?:properly|actually|even|really|first|ever|once)\s+)?(?:read|opened|looked\s+at|checked|proofread|"
        r"proof-read|reviewed|tested|done|questioned|verified|validated|reading|opening|looking\s+at|checking|"
        r"proofreading|reviewing|testing|asking|questioning|batting|verifying|validating)\b",
        _passive_act_gate,
        "Says a step was skipped, with no one named: hindsight on the people who let the work through.",
        "Describe what the process asked for at that step and what let the work through without it.",
        keys=_k("without", "being anyone anybody single much"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:tired|sick(?:\s+to\s+death)?|fed\s+up)\s+(?:of|with)\s+(?:this|it|that)\s*[.!]*$",
        _vent_gate,
        "Vents at a person's act told just before it: a judgement, not an account of what happened.",
        "Leave the comment out: say what happened, and what in the system lets it recur.",
        keys=_k("tired sick fed", "this it that"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:don't|don’t|do\s+not|can't|can’t|cannot|no)\s+(?:(?:honestly|really|even|real)\s+)?"
        r"(?:know|understand|imagine|idea)\s+what\s+(?:on\s+earth\s+)?[\w@-]+\s+(?:was|were)\s+thinking\b",
        _thinking_gate,
        "Vents at a person's judgement instead of asking what they saw and knew.",
        "Ask what the person saw and knew at the time, and what made the choice look reasonable.",
        keys=_k("thinking", "know understand imagine idea"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|is|are)(?:n't|n’t|\s+not)\s+(?:(?:being|very|particularly|really|always|exactly)\s+)?"
        r"(?:careful|attentive|thorough|paying\s+attention|concentrating|focused)(?:\s+enough)?\b",
        _understanding_gate,
        "Puts the outcome on a person's attention or care rather than on what they could see.",
        "Describe what the person could see and know at the time, and what would have made it visible.",
        keys=_k("careful attentive thorough paying concentrating focused"),
    ),
    _Rule(
        "blame/named-person",
        r"\blet\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?(?:fill\s+up|fill|expire|"
        r"lapse|run\s+out|run\s+dry|rot|pile\s+up)\b",
        _understanding_gate,
        "Tells something a person let run down as their lapse.",
        "Describe what would have shown it running down in time, and who was asked to watch it.",
        keys=_k("let", "fill expire lapse run rot pile"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:it|this|that|they)\s+(?:was|were)\s+(?:never|not\s+once|not\s+even)\s+(?:tested|reviewed|checked|read|"
        r"verified|validated|proofread|opened|looked\s+at|run\s+in\s+staging)\b",
        _verdict_gate,
        "Says the work a person had just done was never checked: hindsight on them, though the sentence names no one.",
        "Describe what the process asked for before such a change and what let it through without the check.",
        keys=_k("never once even", "tested reviewed checked read verified validated proofread opened looked run"),
    ),
)
