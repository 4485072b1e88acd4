"""``blame/character``.

Judgements of character, attention and competence, and lapses with a person as subject
("careless", "forgot to", "ignored the alert").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before, negative_act
from postmortem.checks._blame._gates import _EXPLANATION_RE, _PUNCT, _person_subject, irony_signs
from postmortem.checks._blame._inflect import forms
from postmortem.checks._blame._rule import _always, _k, _Rule
from postmortem.checks._blame._vocabulary import (
    _IRREGULAR_PAST,
    _PREPOSITIONS,
    _SYSTEM_NOUNS_ALL,
    _TECH_WORDS,
    entries,
    vocabulary,
)

_TARGET_RE: Final = re.compile(
    r"\s+(?:our|the|its|their|an?)\s+(?:\w+\s+)?(?:slos?|slas?|targets?|deadlines?|goals?|"
    r"objectives?|windows?|budgets?|estimates?)\b",
    re.I,
)


def _lapse_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """A person's lapse, unless it is a missed target or the sentence explains it.

    "The team missed the first alert because it was routed to email" is the blameless way
    to tell it: the lapse comes with the conditions that produced it. An explanation that is
    itself a judgement ("because they were careless") is flagged by the rule for that word.
    """
    if not _person_subject(s, m) or _TARGET_RE.match(s.text, m.end()):
        return False
    if _NOTHING_RE.match(s.text, m.end()):
        return False
    if negative_act(m.group()) and denied_before(s.text, m.start()):
        return False  # "Nobody ignored anything", "we did not skip it": a lapse denied
    if m.group().lower() == "missed" and not _signal_follows(s, m.end()):
        # "missed the standup" is about a meeting; "missed the alert" about a signal.
        return False
    return not (_EXPLANATION_RE.search(s.text, m.end()) or _COLON_REASON_RE.match(s.text, m.end()))


_NOTHING_RE: Final = re.compile(r"\s+(?:nothing|none|no\s+\w+)\b", re.I)


_SIGNAL_WORDS: Final = vocabulary("signal_words")


def _signal_follows(s: _Sentence, pos: int) -> bool:
    """Tell whether the object after *pos* is a signal or a system thing ("the alert")."""
    i = s.index_at(pos)
    for j in range(i, min(len(s.tokens), i + 4)):
        low = s.tokens[j].low
        if low in _SIGNAL_WORDS or low in _SYSTEM_NOUNS_ALL:
            return True
        if low in _PUNCT or low in _PREPOSITIONS:
            break
    return False


def _distracted_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judgement of attention about a person, and a verdict on someone's work."""
    low = m.group().lower()
    if not low.startswith(("was", "were", "got", "seemed", "looked", "being", "wasn't", "weren't", "not")):
        return True  # "half-baked", "shoddy": a verdict whoever did the work
    # "was distracted by a second page" names what took the attention: a condition.
    if _BY_CAUSE_RE.match(s.text, m.end()) or _EXPLANATION_RE.search(s.text, m.end()):
        return False
    return _person_subject(s, m)


_BY_CAUSE_RE: Final = re.compile(r"\s+(?:by|with)\b", re.I)


def _despite_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "despite warnings" about a person, as the subject or after the fronted phrase."""
    if _person_subject(s, m):
        return True
    comma = s.text.find(",", m.end())
    return comma >= 0 and s.following_subject_kind(s.index_at(comma)) == _PERSON


_NEGLECTED_THINGS: Final = vocabulary("neglected_things")


def _neglected_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the warning was ignored" and "the checklist was not followed", not "the header was ignored".

    The clause's subject must be something a person heeds or follows, and neither a system
    agent ("ignored by the scheduler") nor an explanation may follow.
    """
    i = s.index_at(m.start())
    subject = {s._bare(tok) for tok in s.tokens[s.boundary_before(i) + 1 : i]}
    if subject.isdisjoint(_NEGLECTED_THINGS):
        return False
    rest = s.text[m.end() :]
    agent = _BY_AGENT_RE.match(rest)
    if agent and any(word in _SYSTEM_NOUNS_ALL for word in agent.group(1).lower().split()):
        return False
    return not _EXPLANATION_RE.search(rest)


_BY_AGENT_RE: Final = re.compile(r"\s+by\s+((?:[\w-]+\s*){1,3})", re.I)


def _state_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's state of mind or misreading: "the on-call got confused", not "the parser misread"."""
    if _BY_CAUSE_RE.match(s.text, m.end()) or _EXPLANATION_RE.search(s.text, m.end()):
        return False  # "confused by two dashboards with one name": a condition
    if _COLON_REASON_RE.match(s.text, m.end()):
        return False  # "we misread the first graph: the axis was in thousands": what was shown
    return _person_subject(s, m)


_COLON_REASON_RE: Final = re.compile(r"[^.;:?!]*:\s+\w")


def _attribute_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept judgements of attention or judgement.

    "Poor judgement" and "a lack of attention" describe a person whoever the subject is;
    "lacked X" and "no X" do only when a person lacks it ("our retry logic lacked backoff").
    """
    words = m.group().lower().split()
    if words[0] in {"lack", "lacked", "lacks", "lacking", "no"} and "of" not in words:
        return _person_subject(s, m)
    return True


def _character_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judgement word, unless it names a technique or describes a system's behaviour.

    "The sloppy-quorum setting" and "the careless-write detector" are names (a hyphen joins
    the word to the next one), "lazy loading" is a technique, and "the deploy tool carelessly
    overwrote the config map" is a system subject with a person-like adverb: it describes
    what the software did, nobody's character.
    """
    if s.text[m.end() : m.end() + 1] == "-" or denied_before(s.text, m.start()):
        return False  # a name ("sloppy-quorum"), or denied ("No one here was reckless")
    word = m.group().lower()
    if word == "lazy" and _LAZY_TECHNIQUE_RE.match(s.text, m.end()):
        return False
    head = _NEXT_WORD_RE.match(s.text, m.end())
    if head and head.group(1).lower() in _TECHNICAL_HEADS:
        return False  # "a lazy loader", "a sloppy clock": a technique, not a character
    return _judges_a_person(s, m, word)


def _judges_a_person(s: _Sentence, m: re.Match[str], word: str) -> bool:
    """Tell whether a judgement word is said of a person, or of software.

    "The sync job carelessly truncated the file", "the config parser is lazy" and "the sync
    daemon was careless about permissions" describe software; "the change was reckless"
    judges whoever made the change, and "this was incompetence" whoever it is about.
    """
    i = s.index_at(m.start())
    toks = s.tokens
    k = i - 1
    while k > 0 and (toks[k].low in _DEGREE_WORDS or toks[k].low in _BE_WORDS):
        k -= 1
    if k < i - 1 and k >= 0 and toks[k + 1].low in _BE_WORDS and toks[k].low in _TECHNICAL_HEADS:
        return False  # "eviction was lazy", "the replication is sloppy": a technique, as before its noun
    if s.subject_kind(i) != _SYSTEM:
        return True
    if word.endswith("ly"):
        return False
    if i == 0 or (toks[i - 1].low not in _BE_WORDS and toks[i - 1].low not in _DEGREE_WORDS):
        return True  # not said of the subject: "was caused by incompetence"
    subject = [k for k in range(s.boundary_before(i) + 1, i) if toks[k].low[:1].isalnum()]
    if not any(toks[k].low in _BE_WORDS for k in subject) or any(s.word_kind(k) == _PERSON for k in subject):
        return True
    # Only a software noun as the subject ("this was incompetence" and "that team is lazy" judge).
    nouns = [toks[k].low for k in subject if toks[k].low in _SYSTEM_NOUNS_ALL or toks[k].low in _TECH_WORDS]
    return not nouns or nouns[-1] in _JUDGED_WORK  # the head: "the config parser" is a parser


_DEGREE_WORDS: Final = frozenset(
    {"too", "so", "very", "quite", "rather", "pretty", "really", "overly", "bit", "somewhat"}
)
_NEXT_WORD_RE: Final = re.compile(r"\s+([a-z][\w-]*)", re.I)
_TECHNICAL_HEADS: Final = frozenset(w + e for w in vocabulary("technical_heads") for e in ("", "s"))
_JUDGED_WORK: Final = frozenset(w + e for w in vocabulary("judged_work") for e in ("", "s"))
_LAZY_TECHNIQUE_RE: Final = re.compile(
    r"\s+(?:loading|loaded|load|evaluation|initiali[sz]ation|init|replication|mode|fetch(?:ing)?|"
    r"deletion|expiry|expiration|instantiation|import|imports|allocation|sync|binding)\b",
    re.I,
)


def _praise_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept praise turned into sarcasm: aimed at a person or a team, with a sign of irony.

    "Big thanks to the platform folks for turning a five-minute deploy into an outage" and
    "great job to whoever decided ..." mock someone; "thanks to Priya for catching the spike"
    thanks her. The praise must name a person (or "whoever") in its clause, and the sentence
    must hold a word of irony_signs.txt.
    """
    toks = s.tokens
    i = s.index_at(m.end())
    person = False
    for j in range(i, min(len(toks), i + 8)):
        if toks[j].low in {"whoever", "someone", "somebody"}:
            return True
        person = person or s.word_kind(j) == _PERSON
        if toks[j].low in {"for", "on", "who"} and j > i:
            # What the praise is for must hold the irony: "for turning a deploy into an outage".
            signs = irony_signs(s, j)
            return person and bool(signs)
    return False


_REASON_RE: Final = re.compile(
    r"\b(?:because|since|so\s+that|as\s+the|given\s+that|to\s+avoid|at\s+the\s+time)\b|,\s*so\b", re.I
)


def _active_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person acting (active verb, person subject) in a sentence giving no reason nor luck ("happened to")."""
    if _REASON_RE.search(s.text) or _LUCK_RE.search(s.text):
        return False
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if any(s.tokens[k].low in _BE_WORDS for k in range(a, i)):
        return False
    return s.subject_kind(i) == _PERSON


_LUCK_RE: Final = re.compile(r"\b(?:happened\s+to|by\s+(?:chance|luck)|luckily|fortunately)\b", re.I)
_BE_WORDS: Final = vocabulary("be_words")
_SHIPPED: Final = vocabulary("shipping_verbs")


def _regardless_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "pressed on regardless" and "was merged anyway": going on despite a warning.

    The clause's subject is a person acting, or the clause is a passive of shipping or running
    something (which judges whoever did); a system going on ("the job retried anyway") or a
    reason given ("anyway, because the fix was urgent") is not.
    """
    if _REASON_RE.search(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    toks = s.tokens
    for k in range(a, i - 1):
        if toks[k].low in _BE_WORDS and toks[k + 1].low in _SHIPPED:
            return s.passive_agent_kind(i) != _SYSTEM
    if any(toks[k].low in _BE_WORDS for k in range(a, i)):
        return False
    # "Naledi was warned by the DBA that the build would block writes and started it anyway":
    # a clause opening "and" + verb shares the sentence's subject, past any clause in between
    # ("the job hit the quota that the team had set and retried anyway" is about the job).
    if a > 0 and toks[a - 1].low == "and" and a < i and s.is_verb(a):
        first = 0
        while first < len(toks) and not toks[first].text[:1].isalpha():
            first += 1
        main = s.noun_phrase_kind(first, s.boundary_from(first + 1))
        if main is not None:
            return main == _PERSON
    return _person_subject(s, m)


_EVENT_NOUNS: Final = frozenset(
    {
        "deploy",
        "deployment",
        "release",
        "rollout",
        "launch",
        "migration",
        "apply",
        "change",
        "merge",
        "upgrade",
        "cutover",
        "push",
        "hotfix",
    }
)


def _went_ahead_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a change that went ahead over a warning: a person's decision, or a release's, with no reason given.

    "The deployment went ahead although the pre-flight check printed FAIL" judges whoever let
    it; "the job continued although one shard failed" is a system, and "because ..." explains.
    """
    if _REASON_RE.search(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    if s.subject_kind(i) == _PERSON:
        return True
    a = s.boundary_before(i) + 1
    return any(s.tokens[k].low in _EVENT_NOUNS for k in range(a, i))


def _still_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "was reminded that node 4 was flaky and still put it back": a person acting on, past a warning."""
    verb = m.group("verb").lower()
    if not (verb.endswith("ed") or verb in _IRREGULAR_PAST or verb in _SHIPPED) or _REASON_RE.search(s.text, m.end()):
        return False
    kind = s.subject_kind(s.index_at(m.start("verb")))
    # "was reminded that node 4 was flaky and still put it back": the one reminded acted.
    return kind == _PERSON or (kind != _SYSTEM and s.subject_kind(s.index_at(m.start())) == _PERSON)


def _sarcastic_optional_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "apparently the checklist is optional": a safeguard mocked as optional."""
    return bool(_MOCK_RE.search(s.text))


_MOCK_RE: Final = re.compile(
    r"\b(?:apparently|evidently|clearly|these\s+days|around\s+here|for\s+some\s+(?:people|folks|teams?)|"
    r"once\s+again|who\s+knew|for\s+the\s+\w+\s+team)\b",
    re.I,
)


def _no_reason_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judgement of inaction unless the sentence gives the reason for it."""
    return not _REASON_RE.search(s.text)


def _person_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when a person is the subject (or the passive agent) of the match."""
    return _person_subject(s, m)


def _idioms() -> tuple[str, str, str]:
    """Return the pattern of the dismissal idioms (vocabulary/dismissal_idioms.txt), their verbs' forms and last words.

    Each idiom's verb is a lemma, so every inflection matches; up to four words of object may
    stand between the verb and the rest ("brushed every one of them aside").
    """
    by_rest: dict[str, set[str]] = {}
    for words, _ in entries("dismissal_idioms"):
        for idiom in words:
            verb, *after = idiom.split("+")
            # Past forms only: "noise gets tuned out", "teams turn a blind eye to noisy alerts"
            # state a habit of people in general, not what someone did ("let" is its own past).
            past = {f for f in forms(verb) if (f != verb or f in _IRREGULAR_PAST) and not f.endswith(("s", "ing"))}
            by_rest.setdefault(r"\s+".join(re.escape(w) for w in after), set()).update(past)
    every: set[str] = set()
    parts = []
    for rest, verbs in sorted(by_rest.items()):
        every |= verbs
        alternatives = "|".join(re.escape(v) for v in sorted(verbs, key=lambda v: (-len(v), v)))
        parts.append(rf"(?:{alternatives})\s+(?:[\w'-]+\s+){{0,4}}?{rest}" if rest else rf"(?:{alternatives})")
    tails = {rest.split("\\s+")[-1].replace("\\", "") for rest in by_rest if rest}
    tails |= {verb for rest, verbs in by_rest.items() if not rest for verb in verbs}
    return r"\b(?:" + "|".join(parts) + r")\b", " ".join(sorted(every)), " ".join(sorted(tails))


_IDIOMS_RE, _IDIOM_VERBS, _IDIOM_TAILS = _idioms()
_PRESENT_BE: Final = frozenset({"is", "are", "be", "gets", "get"})
# Before a verb, these make it a bare infinitive (an instruction, an intention), not a past act.
_NOT_AN_ACT: Final = frozenset(
    {"don't", "do", "not", "never", "to", "will", "would", "can", "can't", "cannot", "won't", "must", "should", "let's"}
)


def _dismissal_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a warning waved away by a person, or in the passive with no system as the agent.

    "The author brushed every concern aside" and "the risk was brushed aside" judge whoever
    did it; "the proxy waved the request through" is software, and a reason given ("because
    the alert had fired falsely all week") explains rather than judges.
    """
    if s.in_quotes(m.start(), m.end()) or _REASON_RE.search(s.text, m.end()):
        return False
    i = s.index_at(m.start())
    if i > 0 and s.tokens[i - 1].low in _NOT_AN_ACT:
        return False  # "don't let it slide", "we will not brush it aside": a stance, not an act
    a = s.boundary_before(i) + 1
    be = [s.tokens[k].low for k in range(a, i) if s.tokens[k].low in _BE_WORDS]
    if be:
        if be[-1] in _PRESENT_BE:
            return False  # "noise gets tuned out": a habit, not an act
        agent = _BY_AGENT_RE.match(s.text[m.end() :])
        return not (agent and any(word in _SYSTEM_NOUNS_ALL for word in agent.group(1).lower().split()))
    return s.subject_kind(i) != _SYSTEM


_SARCASM_MESSAGE: Final = "A sarcastic aside about the people involved: it mocks instead of explaining."
_SARCASM_SUGGESTION: Final = "Say plainly what happened and what made it possible at the time."


RULES: Final = (
    # ---- character, attention and competence
    _Rule(
        "blame/character",
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|incompeten(?:t|ce|cy)|"
        r"sloppy|sloppiness|lazy|laziness|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|"
        r"inexperienced|inattent(?:ive|ion)|clueless|complacen(?:t|cy|ce)|cavalier|"
        r"rubber[- ]stamp(?:ed|ing|s)?|misguided|dereliction|slipshod|half-assed|"
        r"dropped the ball|asleep at the wheel|without thinking|cut(?:ting)? corners)\b",
        _character_gate,
        "Judges a person's character, care or competence instead of describing conditions.",
        "Describe what the person was working with (information, tools, time, workload) and "
        "what made the risky path easy.",
        keys=_k(
            "careless carelessly carelessness negligent negligently negligence incompetent "
            "incompetence incompetency sloppy sloppiness lazy laziness reckless recklessly "
            "recklessness irresponsible irresponsibly irresponsibility inexperienced inattentive "
            "inattention clueless complacent complacency complacence cavalier rubber misguided "
            "dereliction slipshod assed ball asleep thinking corners"
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:poor|bad|questionable|faulty|flawed|lapse(?:s)? (?:of|in))\s+"
        r"judg(?:e)?ment\b|\b(?:lack(?:ed|s|ing)?\s+(?:of\s+)?(?:the\s+)?|no\s+)"
        r"(?:attention|care|diligence|judg(?:e)?ment|(?:situation(?:al)?\s+)?awareness|"
        r"experience|competence|skills?|discipline|rigou?r|focus|common sense|"
        r"professionalism|ownership|caution)\b",
        _attribute_gate,
        "Attributes the outcome to a person's attention, judgement or experience.",
        "Describe what information, training or support was missing, and what the system "
        "could do to make the right call easier.",
        keys=_k(
            "judgement judgment attention care diligence awareness experience competence skill "
            "skills discipline rigor rigour focus sense professionalism ownership caution"
        ),
    ),
    _Rule(
        "blame/character",
        # People fail *to* do something; failing without "to" is breaking down, which
        # systems do ("checkout failed for some customers").
        r"\b(?:(?:failed|fail|fails|failing)(?=\s+to\b)|forgot|forget|forgets|"
        r"forgetting|neglected|neglect|neglects|neglecting|omitted|missed|ignoring|"
        r"skipping|bypassing|"
        r"overlooked|misjudged|misjudges|ignored|ignores|ignore|bothered|bother|"
        r"skipped|bypassed|circumvented|disappeared|vanished|went missing|went afk|"
        r"went back to sleep|went back to bed|hurriedly|hastily|rashly|blindly|rushed|rushing)\b",
        _lapse_gate,
        "Attributes the outcome to a person's lapse or choice rather than to the conditions around it.",
        "Describe what the process or tooling did not prompt or prevent, and what made the step easy to miss.",
        keys=_k(
            "failing forgetting neglecting missed ignoring skipping bypassing failed fail fails "
            "forgot forget forgets neglected neglect neglects omitted overlooked misjudged "
            "misjudges ignored ignores ignore bothered bother skipped bypassed circumvented "
            "disappeared vanished missing afk sleep hurriedly hastily rashly blindly rushed "
            "rushing"
        ),
    ),
    _Rule(
        "blame/character",
        r"\bdid(?:n't| not)\s+bother\b|\b(?:had|have|has)\s+(?:any|no)\s+idea\s+what\b",
        _always,
        "Judges whether people cared or knew what they were doing.",
        "Describe what the people involved knew at the time and what would have helped them.",
        keys=_k("bother idea"),
    ),
    _Rule(
        "blame/character",
        r"\bafterthought\s+(?:for|to|of|by)\s+[\w\s-]{0,30}?\b(?:team|folks|engineers|developers|ops|devs)\b",
        _always,
        "Judges a team's priorities rather than the pressures that shaped them.",
        "Describe the trade-offs and incentives the team worked under.",
        keys=_k("afterthought"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|got|seemed|looked|being)\s+(?:\w+\s+)?(?:distracted|not\s+paying\s+attention|"
        r"not\s+focused|unfocused|half\s+asleep)\b|\b(?:wasn't|weren't|not)\s+paying\s+attention\b|"
        r"\bhalf-?baked\b|\bshoddy\b|\bslapdash\b|\bhaphazard(?:ly)?\b|\bamateurish\b|\bboneheaded\b",
        _distracted_gate,
        "Judges a person's attention or the quality of their work instead of describing conditions.",
        "Describe what competed for the person's attention and what the tooling did to surface the signal.",
        keys=_k(
            "distracted paying focused unfocused asleep half baked halfbaked shoddy slapdash "
            "haphazard haphazardly amateurish boneheaded"
        ),
    ),
    # ---- ignoring warnings and losing track: judgements of a person's conduct
    _Rule(
        "blame/character",
        r"\b(?:carried\s+on|went\s+ahead|pressed\s+on|ploughed\s+on|plowed\s+on|proceeded|continued|"
        r"pushed\s+ahead|pushed\s+on|deployed|merged|shipped)\s+(?:[\w-]+\s+){0,3}?(?:anyway|regardless|"
        r"nonetheless|anyhow|all\s+the\s+same)\b",
        _person_subject,
        "Says a person went on regardless of a warning: a judgement of their conduct, not an account "
        "of what made going on look reasonable.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k(
            "carried went pressed ploughed plowed proceeded continued pushed deployed merged shipped",
            "anyway regardless nonetheless anyhow same",
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:despite|in\s+spite\s+of)\s+(?:being\s+(?:warned|told|asked|reminded)|"
        r"(?:(?:the|our|their|his|her|repeated|several|multiple|clear|explicit|two|three)\s+){1,2}"
        r"(?:warnings?|reminders?|objections?))\b",
        _despite_gate,
        "Says a person acted despite warnings: it judges their conduct.",
        "Describe what the warnings looked like at the time and why they did not change the plan.",
        keys=_k("despite spite", "warned told asked reminded warning warnings reminder reminders objection objections"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:got|became|was|were|seemed|looked)\s+(?:(?:very|really|a\s+bit|quite|completely|totally)\s+)?"
        r"(?:confused|flustered|complacent|overconfident|rattled|clueless|lazy)\b"
        r"|\b(?:misread|misjudged|misunderstood|misinterpreted|panicked)\b",
        _state_gate,
        "Attributes the outcome to a person's state of mind or misreading, not to what they were shown.",
        "Describe what the person was looking at and what made it easy to read the wrong way.",
        keys=_k("got became was were seemed looked misread misjudged misunderstood misinterpreted panicked"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|got|had\s+been|has\s+been|have\s+been|being)\s+(?:(?:simply|just|completely|again|"
        r"repeatedly|largely|mostly)\s+)?(?:ignored|overlooked|disregarded|neglected|dismissed|skipped|"
        r"(?:not|never)\s+(?:followed|acted\s+on|carried\s+out|read|heeded|watched|checked)|"
        r"not\s+being\s+(?:watched|followed|checked))\b",
        _neglected_gate,
        "Says a warning or a procedure was ignored or not followed: it judges whoever did not, "
        "even though the sentence names no one.",
        "Describe what made the warning easy to miss or the step easy to skip at the time (noise, "
        "time pressure, an unclear owner).",
        keys=_k(),
    ),
    _Rule(
        "blame/character",
        r"\b(?:half[-\s]asleep|asleep\s+at\s+the\s+wheel|"
        r"(?:got|get|gets|getting|was|were|became|seemed|grew)\s+(?:\w+\s+)?"
        r"(?:distracted(?!\s+by\b)|impatient)|"
        r"(?:lost|lose|loses|losing)\s+(?:\w+\s+)?(?:focus|concentration|head)|"
        r"zon(?:ed|es|ing|e)\s+out|(?:not|n't)\s+paying\s+(?:\w+\s+)?attention|"
        r"did\s+not\s+(?:\w+\s+)?understand|didn't\s+(?:\w+\s+)?understand|"
        r"lacked\s+(?:the\s+)?(?:experience|skills?|knowledge|judge?ment|competence)|"
        r"out\s+of\s+(?:his|her|their|my|our|your)\s+depth|on\s+autopilot|(?:had|has|have)\s+no\s+clue|"
        r"(?:was|were|is|are)\s+not\s+(?:attentive|focused|concentrating)|(?:wasn't|weren't)\s+(?:watching|attentive|"
        r"focused|concentrating|paying)|(?:did\s+not|didn't)\s+know\s+the\s+difference)\b",
        _person_subject_gate,
        "Puts the outcome on a person's attention or competence rather than on the conditions they worked in.",
        "Describe the situation the person was in (fatigue, workload, interruptions, what the "
        "tools showed) and what would make the task safe under those conditions.",
        keys=_k(
            "asleep distracted impatient focus "
            "concentration head zoned zones zoning zone attention understand experience skill skills "
            "knowledge judgment judgement competence depth autopilot clue attentive focused concentrating "
            "watching paying difference"
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:(?:did|does|do)\s+nothing\s+about|brush(?:ed|es|ing)?\s+(?:\w+\s+){0,3}?(?:off|aside)|"
        r"wav(?:ed|es|ing|e)\s+(?:\w+\s+){0,3}?through|click(?:ed|s|ing)?\s+(?:straight\s+)?through|"
        r"shrug(?:ged|s|ging)?\s+off|dismiss(?:ed|es|ing)?\s+(?:[\w\x22'-]+\s+){0,6}?as\s+(?:flaky|noise|noisy|spam|a\s+(?:false|known|test|glitch|fluke))|"
        r"sat\s+on\s+(?:it|the\s+\w+)|"
        r"(?:deployed|pushed|merged|shipped|released|went\s+ahead|carried\s+on|proceeded|continued|pressed\s+on)"
        r"\s+(?:\w+\s+){0,3}?(?:regardless|anyway))\b",
        _person_subject_gate,
        "Says a person ignored a warning, which judges the person rather than the signal.",
        "Describe what made the warning easy to discount at the time (noise, earlier false "
        "alarms, time pressure) and what would make it stand out.",
        keys=_k("nothing off aside through flaky noise noisy false sat regardless anyway spam known test glitch fluke"),
    ),
    # ---- sarcasm: praise aimed at a person, with a sign that it mocks
    _Rule(
        "blame/character",
        r"^\W*(?:[\w-]+\s+){0,2}?(?:thanks|thank\s+you|kudos|congrats|congratulations|"
        r"bravo|hats\s+off|props|cheers|(?:great|good|nice|fine)\s+(?:job|work)|well\s+done|full\s+marks|"
        r"top\s+marks|bonus\s+points|a\s+round\s+of\s+applause|shout-?out)\b",
        _praise_gate,
        "Praise that mocks a person or a team for what went wrong: sarcasm blames as plainly as an accusation.",
        "Say plainly what happened and what made it possible; thank people for what helped.",
        keys=_k(
            "thanks thank kudos congrats congratulations bravo hats props cheers job work done marks points "
            "applause shout shoutout"
        ),
    ),
    _Rule(
        "blame/character",
        r"^\W*(?:nice|kind|good|thoughtful)\s+of\s+(?:the|our|them|him|her)\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("nice kind good thoughtful", "of"),
    ),
    _Rule(
        "blame/character",
        r"^\W*who\s+needs\s+(?:[\w-]+\s+){1,4}?when\b|^\W*why\s+bother\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("who why", "needs bother"),
    ),
    _Rule(
        "blame/character",
        r"\bwhat\s+could\s+(?:possibly\s+)?go\s+wrong\b|\bstroke\s+of\s+genius\b|\btruly\s+inspired\b"
        r"|\b(?:had|has|have)\s+the\s+(?:brilliant|bright|genius)\s+idea\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("wrong genius inspired idea"),
    ),
    _Rule(
        "blame/character",
        r"^\W*another\s+(?:fine\s+example|masterclass|masterpiece|triumph|banner\s+day|proud\s+moment)\b",
        _always,
        _SARCASM_MESSAGE,
        _SARCASM_SUGGESTION,
        keys=_k("another", "example masterclass masterpiece triumph day moment"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:is|are|was|were)\s+(?:now\s+|just\s+|merely\s+|apparently\s+|clearly\s+)?(?:optional|"
        r"(?:purely\s+)?decorative|(?:just\s+)?decoration|more\s+of\s+a\s+suggestion|a\s+suggestion)\b",
        _sarcastic_optional_gate,
        "Mocks the people who skipped a safeguard by calling it optional: sarcasm that blames.",
        "Describe what made the step easy to skip at the time, and what would make it hard to skip.",
        keys=_k("optional decorative decoration suggestion"),
    ),
    # ---- ignored warnings, with any verb
    _Rule(
        "blame/character",
        r"\b(?:anyway|regardless|anyhow|nonetheless|nevertheless)\b(?!\s+of\b)",
        _regardless_gate,
        "Says someone went on regardless of a warning: a judgement of their conduct, not an account "
        "of what made going on look reasonable.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k("anyway regardless anyhow nonetheless nevertheless"),
    ),
    _Rule(
        "blame/character",
        # "instead of checking" is read by a named-person rule.
        r"\brather\s+than\s+(?:\w+ing)\b",
        _active_person_gate,
        "Sets what a person did against what they did not do, which judges the choice with hindsight.",
        "Describe why the option taken looked right at the time and what the other one would have cost.",
        keys=_k("rather"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:warned|told|reminded|cautioned)\b[^.;?!]{0,120}?\b(?:and|but)\s+(?:(?:still|then|just|nevertheless|"
        r"they|he|she|we)\s+){0,2}(?:went\s+ahead|carried\s+on|pressed\s+on|proceeded|decided|chose|kept|"
        r"did\s+nothing|ignored|ran|deployed|pushed|merged|shipped|rolled)\b",
        _person_subject_gate,
        "Says a person was warned and went on: a judgement of their conduct.",
        "Describe what the warning looked like at the time and why it did not change the plan.",
        keys=_k("warned told reminded cautioned"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:nobody|no\s+one|no-one)(?:\s+(?:on|in|from|at)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:team|desk|squad|side|"
        r"group|shift|crew))?\s+(?:ever\s+|actually\s+|even\s+|really\s+)?(?:acted\s+on|lifted\s+a\s+finger|"
        r"followed\s+up|did\s+anything|bothered|took\s+(?:it|them|this|that)\s+seriously|read|heeded|"
        r"(?<=\bnot\s)take\s+(?:it|them|this|that)\s+serious(?:ly)?|"
        r"picked\s+(?:it\s+)?up)\b|\b(?:we|they|he|she)\s+(?:just\s+|simply\s+)?did\s+nothing\b(?!\s+wrong)"
        r"|\b(?:chose|decided|opted)\s+to\s+(?:do\s+nothing|wait|look\s+the\s+other\s+way|leave\s+it|sit\s+on)\b",
        _no_reason_gate,
        "Says people did nothing about a known problem: a judgement of their conduct.",
        "Describe what made the problem look less urgent than it was, and who owned acting on it.",
        keys=_k(),
    ),
    _Rule(
        "blame/character",
        _IDIOMS_RE,
        _dismissal_gate,
        "Says a warning or a known problem was waved away: it judges whoever did it, not what made "
        "waving it away look reasonable.",
        "Describe what the warning looked like at the time (noise, earlier false alarms, time "
        "pressure, an unclear owner) and what would make it stand out.",
        keys=_k(_IDIOM_VERBS.replace("-", " "), _IDIOM_TAILS),
    ),
    _Rule(
        "blame/character",
        r"\b(?:failing|failings|failure|lapse|lapses|lack\s+of\s+[\w-]+|negligence|shortcoming|shortcomings|"
        r"oversight|carelessness|error|errors|mistake|mistakes)\s+(?:[\w-]+\s+){0,2}?on\s+the\s+part\s+of\b",
        _always,
        "Puts a failing on the part of people: a judgement of them, in the register of a report.",
        "Describe the conditions those people worked under and what would make the safe path the default.",
        keys=_k("part"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:saw|seen|told|warned|reminded|cautioned|knew|aware|flagged|noticed|acknowledged|"
        r"in\s+front\s+of\s+(?:him|her|them|us|me))\b[^.;?!]{0,120}?\b(?:and|but|yet)\s+(?:(?:he|she|they|we|then)\s+)?"
        r"still\s+(?:\w+ly\s+)?(?P<verb>[\w-]+)",
        _still_gate,
        "Says a person knew of a warning and went on: a judgement of their conduct.",
        "Describe what the warning looked like at the time and why it did not change the plan.",
        keys=_k("still"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:went\s+ahead|carried\s+on|pressed\s+on|ploughed\s+on|plowed\s+on|proceeded|continued|pushed\s+ahead|"
        r"went\s+out|shipped|merged|deployed)\s+(?:[\w-]+\s+){0,4}?(?:although|even\s+though|over\s+the\s+objections?)\b"
        r"|\bover\s+the\s+(?:\w+\s+)?objections?\s+of\b",
        _went_ahead_gate,
        "Says the change went ahead over a warning or an objection: a judgement of whoever let it.",
        "Describe what the warning looked like at the time, what else competed for attention, and why "
        "going ahead seemed reasonable.",
        keys=_k("although though objection objections"),
    ),
)
