"""``blame/counterfactual``: a known problem or warning left alone, with no person in the sentence.

Split from ``_counterfactual.py`` (the module size limit, tests/test_architecture.py): the rules
read a signal that went unheeded ("the alert went unacknowledged for an hour"), a check nobody
opened, and an outcome called foreseeable. ``_rule_keys`` lists them right after
``_counterfactual.RULES``, the order they had there (where two findings overlap the first is kept).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._counterfactual import _BY_SYSTEM_RE, _passive_hindsight_gate
from postmortem.checks._blame._culprit_question import _NEXT_SENTENCE_RE
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _EXPLANATION_RE,
    asked_or_missed_by_a_thing,
)
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _SYSTEM_NOUNS_ALL, vocabulary

_UNHEEDED: Final = vocabulary("unheeded_states")


_WHILE_RE: Final = lazy_compile(r"\b(?:while|whilst)\s+", re.I)
_COLON_REASON_RE: Final = lazy_compile(r"[^.;:?!]*[:—]\s*\w", re.I)
_CAUSED_TO_RE: Final = lazy_compile(r"\b(?:caused|let|allowed|made|left)\b[^,;.]{0,80}\s+to\s*$|\bto\s*$", re.I)


def _unheeded_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the page went unanswered for fifty minutes": a known signal nobody acted on.

    Not when a cause is given for it ("a lack of logging caused errors to go unnoticed",
    "... because the alert was routed to an unused mailbox"), nor when the subject is a person
    ("the intruder went unnoticed" is about being seen, not about heeding).
    """
    if (
        _EXPLANATION_RE.search(s.text, m.end())
        or _CAUSED_TO_RE.search(s.text, 0, m.start())
        or asked_or_missed_by_a_thing(s, m)
    ):
        return False
    if _COLON_REASON_RE.match(s.text, m.end()):
        # "Our first page went unseen: it was routed to an archived list": the reason follows.
        return False
    if _DETECTION_AFTER_RE.match(s.text, m.end()):
        # "The backlog went unnoticed for 50 minutes; had we needed alerting ..., we would not
        # have known": the clause after names the detection gap (round 9).
        return False
    if _reason_follows(s):
        # Round 9: "38 alerts sat unread for five hours. The analyst was not called because no
        # rule sends engine alerts to the rota.": the next sentence gives the condition.
        return False
    during = _WHILE_RE.search(s.text, m.end())
    if during:
        # "... went unanswered while the first page was being worked": what else was going on
        # explains it; "while the owners looked the other way" does not.
        i = s.index_at(during.end())
        if i < len(s.tokens) and s.noun_phrase_kind(i, s.boundary_from(i + 1)) != _PERSON:
            return False
    return s.subject_kind(s.index_at(m.start())) != _PERSON


# The next sentence of the paragraph (_culprit_question's _NEXT_SENTENCE_RE, the reading of a
# question's answer) is read for a reason.
_NEXT_REASON_RE: Final = lazy_compile(
    r"\b(?:because|due\s+to|as\s+a\s+result\s+of|the\s+reason\s+(?:was|is)|(?:was|were)\s+(?:routed|sent|"
    r"filtered|muted|suppressed|silenced|grouped)|no\s+(?:rule|route|routing|one\s+was\s+paged))\b",
    re.I,
)


_DETECTION_AFTER_RE: Final = lazy_compile(
    r"[^.;!?]{0,200};[^.;!?]{0,200}?\b(?:alert\w*|monitor\w*|pag(?:e|es|ed|ing)|dashboards?|detection)\b", re.I
)


def _reason_follows(s: _Sentence) -> bool:
    """Tell whether the next sentence of the paragraph gives a reason ("... because no rule routes them")."""
    rest = s.following.lstrip()
    found = _NEXT_SENTENCE_RE.match(rest) if rest else None
    return found is not None and _NEXT_REASON_RE.search(found.group()) is not None


_REASON_AFTER_RE: Final = lazy_compile(
    r"\b(?:because|since|as\s+the|due\s+to|given\s+that|so\s+that)\b|[:—]\s*\w", re.I
)


def _neglect_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a known signal or problem left alone, with no system as the agent and no reason given.

    "The missing rate limit was flagged and simply never dealt with" judges whoever should
    have dealt with it; "... was not acted on by the controller" is software, "... was not
    escalated because the policy had no secondary" gives the condition, and a question
    ("How did the bad config get past review?") asks for one.
    """
    if s.text[s.start : s.end].rstrip().endswith("?") or _REASON_AFTER_RE.search(s.text, m.end()):
        return False
    if _HIDDEN_BEFORE_RE.search(s.text, max(0, m.start() - 20), m.start()):
        return False  # "hidden in plain sight": the signal was hard to see
    if _NEGATED_BEFORE_RE.search(s.text[max(0, m.start() - 40) : m.start()]):
        return False  # "was not visible to anyone who looked": the signal was hard to see
    agent = _BY_SYSTEM_RE.match(s.text[m.end() : s.clause_end(m.end())])
    noun = agent.group("noun") if agent else None
    return not (noun and any(w in _SYSTEM_NOUNS_ALL for w in noun.lower().split()))


_NEGATED_BEFORE_RE: Final = lazy_compile(
    r"\b(?:not|never|n't|hardly|barely|no\s+(?:way|means|chance)|impossible|unable)\b[^,;:.]*$", re.I
)


def _foreseeable_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the outcome was entirely foreseeable", not "it was not foreseeable from the docs" nor a question."""
    if s.text[s.start : s.end].rstrip().endswith("?"):
        return False
    return not _NEGATED_BEFORE_RE.search(s.text[max(0, m.start() - 40) : m.start()])


_HIDDEN_BEFORE_RE: Final = lazy_compile(r"\b(?:hid|hides|hidden|hiding|buried|lost)\b", re.I)


_HEEDED_LEMMAS: Final = frozenset(lemma(w) for w in vocabulary("unheeded_acts"))
_LOOKED_AT: Final = frozenset(
    w + e
    for name in ("looked_at_things", "neglected_things", "signal_words")
    for w in vocabulary(name)
    for e in ("", "s")
)


def _unheeded_act_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the runbook was not consulted": something people look at or follow, left unread or undone.

    The verb must be one of heeding (vocabulary/unheeded_acts.txt) and the clause's subject
    something people look at or follow (looked_at_things.txt, neglected_things.txt,
    signal_words.txt); not with a system as the agent, a reason given, or in a question.
    """
    verb = m.group("verb").lower()
    if lemma(verb) not in _HEEDED_LEMMAS and verb not in {"done", "seen", "read", "run"}:
        return False
    if verb in {"seen", "run"}:
        return False
    i = s.index_at(m.start())
    j = s.boundary_before(i)
    if j >= 0 and j == i - 1 and s.tokens[j].low == "and":
        i, j = j, s.boundary_before(j)  # "... was sent in May and was never read": the subject before "and"
    subject = {s._bare(tok) for tok in s.tokens[j + 1 : i]}
    if subject.isdisjoint(_LOOKED_AT):
        return False
    return _neglect_gate(s, m)


# Round 21: a warning given to a person, then not acted on, in any wording. The warning, before the match in
# the sentence: a person told, warned, shown or handed it ("the bosun told Kevin twice the line looked
# frayed", "was shown the frost reading at dawn", "against the advice of"); the match: the person going on
# past it ("and carried on", "went ahead ... anyway", "waved it off", "said it is nothing", "said to continue";
# round 22: "and he continued giving water", "and still went for his lunch").
_WARNED_RE: Final = lazy_compile(
    r"\b(?:told|tells?|telled|warned|warns?|cautioned|advised|said\s+to|"
    r"(?:was|were|been|got)\s+(?:\w+\s+)?(?:shown|handed|given|told|warned)|advice|warnings?)\b",
    re.I,
)


def _went_on_past_warning_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept going on past a warning given to a person earlier in the sentence, by a person.

    Not when the going on has a reason given ("because the reading was within limits") or a system goes on
    ("the alarm continued").
    """
    if _WARNED_RE.search(s.text, 0, m.start()) is None or _EXPLANATION_RE.search(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if any(s.tokens[k].low in {"we", "i", "us"} or s.tokens[k].low in _SYSTEM_NOUNS_ALL for k in range(a, i)):
        return False  # the writers' own account, or a thing going on ("the upgrade script carried on")
    if lemma(m.group().split()[-1].lower()) in _WATCHING:
        return False  # "logged it and kept watching": the response itself
    return s.subject_kind(i) != _SYSTEM  # a role the vocabulary lacks ("the groundsman") is read as a person


_WATCHING: Final = frozenset({"watch", "monitor", "check", "look", "investigate", "try", "ask", "call", "page", "test"})


RULES: Final = (
    _Rule(
        "blame/counterfactual",
        r"\b(?:carried\s+on|went\s+ahead|kept\s+(?:on\s+)?[a-z]+ing|waved\s+(?:it|him|her|them)\s+(?:off|away|aside)|"
        r"waves?\s+it\s+off|waved\s+at\s+(?:him|her|them)|(?:just\s+)?(?:laughed|shrugged)|(?:did\s+not|didn't)\s+listen|"
        r"said\s+(?:it\s+(?:is|was|'s)\s+(?:nothing|fine|normal|ok|okay|sound)|to\s+(?:continue|carry\s+on|leave\s+it)|"
        r"[\"“]?(?:no\s+problem|leave\s+it|not\s+to\s+worry))|said\s+continue|continued\s+(?:[a-z]+ing|to\s+[a-z]+)|"
        r"still\s+went)\b",
        _went_on_past_warning_gate,
        "Says a person was warned and went on regardless: it judges the person, not what made going on look safe.",
        "Describe what the warning looked like to the person at the time, what else they weighed, and what would "
        "have made stopping the easy choice.",
        keys=_k("carried went kept waved waves laughed shrugged listen said continued still"),
        # Round 22: the gate needs a warning's word before the match (_WARNED_RE): the scan runs the
        # pattern only in a sentence holding one.
        needs=_k(
            "told tell tells telled warned warn warns cautioned advised said shown handed given advice warning warnings"
        ),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:went|gone|sat|remained|stayed|(?:was|were|been|got)\s+left)\s+(?:(?:completely|entirely|simply|"
        r"largely|quietly|then)\s+)?(?:" + "|".join(sorted(_UNHEEDED, key=lambda w: (-len(w), w))) + r")\b",
        _unheeded_gate,
        "Says a signal or a known problem went unheeded: it judges, with hindsight, whoever did not act, "
        "even though the sentence names no one.",
        "Describe what made the signal easy to miss or the problem easy to defer at the time (noise, "
        "an unclear owner, competing work), and what would have surfaced it.",
        keys=_k("went gone sat remained stayed left", " ".join(sorted(_UNHEEDED))),
    ),
    # ---- a known problem left alone, with no person in the sentence
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|been|got|and|but)\s+(?:(?:simply|just|then|still|quietly|also|again)\s+)?(?:not|never)\s+"
        r"(?:once\s+|really\s+|properly\s+|seriously\s+)?(?:dealt\s+with|acted\s+(?:on|upon)|followed\s+up|"
        r"looked\s+at\s+again|taken\s+seriously|addressed|questioned|challenged)\b"
        r"|\b(?:was|were|been|be)\s+tolerated\s+for\b"
        r"|\bnothing\s+(?:was|got|has\s+been|had\s+been)\s+done\b(?!\s+(?:manually|by\s+hand|wrong))"
        r"|\bno\s+(?:attention|heed|notice)\s+(?:was|were|got)\s+(?:paid|given|taken)\b"
        r"|\bcorners\s+(?:were|got|had\s+been|have\s+been)\s+cut\b",
        _neglect_gate,
        "Says a known signal or problem was left alone: it judges, with hindsight, whoever did not act, "
        "even though the sentence names no one.",
        "Describe what made the problem easy to defer at the time (noise, competing work, an unclear "
        "owner), and what would have made acting on it the obvious step.",
        keys=_k("not never nothing no corners tolerated"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|got|had\s+been|has\s+been|have\s+been)\s+(?:(?:simply|just|then|quietly|also|still|even)\s+)?"
        r"(?:not|never)\s+(?:(?:once|ever|even|really|properly|actually|seriously)\s+)?(?P<verb>[a-z-]+ed|read|done)\b",
        _unheeded_act_gate,
        "Says something people look at or follow was left unread or undone: it judges, with hindsight, "
        "whoever should have, even though the sentence names no one.",
        "Describe what made it easy to skip at the time (noise, volume, competing work, an unclear owner), "
        "and what would have made looking at it the obvious step.",
        # The gate needs a thing people look at as the subject: so does the cheap first test.
        keys=_k("not never", "was were got been", " ".join(sorted(_LOOKED_AT))),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bneed(?:ed|s)?\s+(?:catching|noticing|spotting|fixing|flagging|addressing|questioning)\b"
        r"|\b(?:is|was|are|were)\s+(?:supposed|meant|expected)\s+to\s+(?:be|have\s+been)\s+(?:caught|spotted|"
        r"noticed|flagged|detected|picked\s+up)\b",
        _passive_hindsight_gate,
        "Judges, with hindsight, whoever did not act, even though the sentence names no one.",
        "Describe what made the problem hard to see at the time, and which check or signal would have surfaced it.",
        keys=_k(),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:slipped|slip|slips|got|made\s+it|sailed|sneaked|snuck)\s+(?:(?:right|straight|still)\s+)?"
        r"(?:through|past)\s+(?:(?:both|all|every|two|three|the|our|code|several)\s+){0,3}(?:review|reviews|reviewers|"
        r"net|cracks|everyone|everybody|qa|approval|approvals|change\s+board)\b"
        r"|\bfor\s+(?:any|every)(?:one|body)\s+to\s+see\b|\bthere\s+to\s+be\s+seen\b"
        r"|\b(?:visible|plain|obvious|evident|clear|apparent)\s+to\s+(?:any|every)(?:one|body)\s+who\s+"
        r"(?:cared|bothered|looked|glanced|checked|opened|read)\b"
        r"|\bin\s+plain\s+sight\b|\bin\s+black\s+and\s+white\b"
        r"|\b(?:was|were|amounted\s+to|became|got)\s+(?:(?:just|merely|basically|little\s+more\s+than|nothing\s+more\s+than)"
        r"\s+)?an?\s+(?:formality|box-ticking|tick-box|free\s+pass|rubber-stamp)\b",
        _neglect_gate,
        "Says a problem was there for anyone to see, or passed checks nobody really made: a hindsight "
        "judgement of whoever did not see it.",
        "Describe what made the problem hard to see at the time (noise, volume, what the review showed), "
        "and which check would have surfaced it.",
        keys=_k(
            "through past see seen anyone anybody everyone everybody sight white formality box tick ticking free rubber"
        ),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:foreseeable|predictable|self-evident)\b(?!\s+(?:latency|latencies|performance|load|cost|costs|"
        r"behaviou?r|failure\s+mode|schedule|cadence|ordering|order|output|results?)\b)"
        r"|\bglaringly\s+(?:obvious|clear|evident)\b|\b(?:only|just)\s+a\s+matter\s+of\s+time\b"
        r"|\b(?:any|a|an|even\s+a|even\s+an)\s+(?:[\w-]+\s+){0,2}?(?:fool|child|student|idiot|novice|beginner|toddler)\s+"
        r"could\s+(?:have\s+)?(?:see|seen|tell|told|predict|predicted|spot|spotted|foresee|foreseen)\b",
        _foreseeable_gate,
        "Calls the outcome foreseeable or obvious to anyone: a hindsight judgement of those who did not foresee it.",
        "Describe what the people involved saw and knew at the time, and what made the risk hard to weigh then.",
        keys=_k(),
    ),
)
