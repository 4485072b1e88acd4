"""Blame at teams, departments and vendors, and instructions aimed at a person (round 11 of issue 14).

Whole post-mortems blame a group more often than a named engineer, in ordinary words: *the
DBAs in the other office ran the vacuum at peak time, as usual*, *Acme's support was useless*,
*cloud support fumbled our escalation for six hours*; and they tell a person off in the second
person: *Jorge, please set yourself a reminder this time*. The readings here are structural:

- a **habit** told of people other than the writers (*as usual*, *once again*, *in classic
  fashion*; vocabulary/habit_markers.txt) beside an act that went wrong
  (vocabulary/failing_signs.txt). A system (*once again the staging cluster ran out of
  addresses*), the writers (*we made the change through the pipeline as usual*) and people on
  the receiving end of a page are not read;
- a **verdict on competence** (vocabulary/judged_competence.txt) as the complement of a clause
  whose subject is a person or an organisation (*the vendor's support staff were useless*);
  *the dashboard was useless* judges a tool;
- an **act only people do badly** (*fumbled*, *bungled*, *screwed up*, *sat on our ticket*, *left
  us holding the bag*, *let us down*) with a person or an organisation as its subject;
- **"no excuse"** and its variants (*there is no excuse for that gap*, *hard to excuse*);
- an **instruction to a person by name** about their own conduct next time (*Paulina, please
  test against Safari next time*): a name, a comma, and a sign of recurrence; a request for
  work (*Jorge, please share the logs*) has none;
- a **demand for an account** (*require Acme to explain in writing why ...*, *the supplier must
  explain to the management why ...*, *they need to get their act together*).

An organisation is a person here through the clause reader (vocabulary/organisations.txt:
*vendor*, *provider*, *support*, *QA*, *NOC*). Each pattern is literal words and bounded gaps
(tests/test_blame_linear.py).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._acting import acting_verb
from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_follows_gate
from postmortem.checks._blame._rule import _always, _k, _Rule
from postmortem.checks._blame._venting import _people_in, _receiving
from postmortem.checks._blame._vocabulary import _DETERMINERS, entries, vocabulary

__all__ = ["RULES"]

_WRITERS: Final = frozenset(
    {"we", "i", "us", "our", "me", "my", "i'm", "we're", "i've", "we've", "myself", "ourselves"}
)


def _phrases(name: str, *, strong: bool | None = None) -> list[str]:
    """The phrases of a word list as pattern pieces, longest first; *strong* keeps those whose reason says so."""
    found = [
        r"\s+".join(re.escape(w) for w in word.split("+"))
        for words, reason in entries(name)
        if strong is None or strong == reason.startswith("strong")
        for word in words
    ]
    return sorted(found, key=lambda p: (-len(p), p))


_FAILING: Final = vocabulary("failing_signs")
_STRONG_RE: Final = lazy_compile(r"\b(?:" + "|".join(_phrases("habit_markers", strong=True)) + r")\b", re.I)


def _subject_is_others(s: _Sentence, i: int) -> bool:
    """Tell whether the clause holding token *i* has a person for a subject, and not the writers."""
    if s.subject_kind(i) != _PERSON:
        return False
    a = s.boundary_before(i) + 1
    return not any(s.tokens[k].low in _WRITERS for k in range(a, i))


def _noun_position(s: _Sentence, k: int) -> bool:
    """Tell whether token *k* follows a possessive or a determiner: a noun in a verb's form ("Jude's update")."""
    before = s.tokens[k - 1].low
    return before.endswith(("'s", "s'")) or before in _DETERMINERS


# Round 22 (issue 14): a habit told in the clause of a person thanked ("Thanks to Doña Petrona, who kept a
# sample of every batch as she always does, we could show ...") is the habit that saved the day.
_THANKED_WHO_RE: Final = lazy_compile(r"\W*(?:thanks|thank\s+you)\s+to\s+[^,;.]{1,40},\s+who\b", re.I)


def _habit_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a habit marker told of people other than the writers, beside an act that went wrong."""
    if _receiving(s) or _people_in(s, 0, len(s.tokens)) is None or _THANKED_WHO_RE.match(s.text):
        return False
    # Round 20: a marker in a part of the sentence (up to a semicolon) whose act is a machine's tells
    # of the machine ("Once again the baler's sensor threw a false fault; the vendor says ...").
    toks = s.tokens
    at = s.index_at(m.start())
    a = next((k + 1 for k in range(at - 1, -1, -1) if toks[k].low == ";"), 0)
    b = next((k for k in range(at, len(toks)) if toks[k].low == ";"), len(toks))
    if (a, b) != (0, len(toks)) and any(
        acting_verb(s, k) and not _noun_position(s, k) and s.subject_kind(k) == _SYSTEM for k in range(max(a, 1), b)
    ):
        return False
    subjects = [k for k in range(len(toks)) if s.is_verb(k) and _subject_is_others(s, k)]
    if not subjects:
        return False
    if _STRONG_RE.search(s.text):
        return True
    return any(tok.low in _FAILING for tok in s.tokens)


def _others_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judged act or a verdict whose clause has people other than the writers as its subject."""
    return _subject_is_others(s, s.index_at(m.start()))


_RECURRENCE_RE: Final = lazy_compile(
    r"\b(?:(?:this|next)\s+time|again|in\s+(?:the\s+)?future|from\s+now\s+on|going\s+forward|yoursel(?:f|ves)|"
    r"for\s+once|remember\s+to|make\s+sure\s+(?:you|this|that|it))\b",
    re.I,
)
_VERB_BASES: Final = vocabulary("verb_bases") | frozenset(
    {"be", "do", "don't", "stop", "check", "double-check", "test", "remember", "set", "slow", "pay", "ensure"}
)
_ADDRESSED: Final = frozenset({"please", "you", "your", "yourself", "yourselves", "can", "could", "would"})


def _vocative_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept a name, a comma and an instruction about the named person's conduct next time.

    "Paulina, please test against Safari next time." and "@dmitri, make sure this never happens
    again" tell a person off; "Jorge, please share the logs" asks for work, and "Kalani, who was
    on call, ..." is no instruction.
    """
    toks = s.tokens
    if len(toks) < 4:
        return None
    handle = toks[0].text.startswith("@")
    if not (handle or (s.is_name(0, loose=True) and toks[0].text[:1].isupper())):
        return None
    # "Name," or "Name:"; a handle may go without ("@teodor make sure ...").
    n = 2 if toks[1].text in {",", ":"} else 1 if handle else 0
    if not n:
        return None
    first = toks[n].low
    if first not in _ADDRESSED and first not in _VERB_BASES:
        return None
    sign = _RECURRENCE_RE.search(s.text, toks[n].start)
    return (toks[0].start, sign.end()) if sign else None


_MESSAGE_HABIT: Final = "Tells what a team or a person did as a habit of theirs: finger-pointing, not an account."
_SUGGESTION_HABIT: Final = (
    "Say what happened and what made it possible this time (no notice channel, no shared calendar, no guard on "
    "the shared system), without the 'as usual'."
)
_MESSAGE_VERDICT: Final = "Judges a team, a vendor or a person as unfit for the job, rather than what happened."
_SUGGESTION_VERDICT: Final = (
    "Describe what the team or vendor did and when, and what the agreement or the interface between you lacked."
)
_MESSAGE_ACT: Final = "Tells a team's, a vendor's or a person's act as done badly: blame at the group, not a cause."
_SUGGESTION_ACT: Final = (
    "Say what was done and what it led to, and what in the hand-off (tickets, escalation, notice) let it go wrong."
)
_MESSAGE_EXCUSE: Final = "Rules out any excuse: a verdict on whoever acted, not an account of why it happened."
_SUGGESTION_EXCUSE: Final = "Ask what made the gap possible and what would close it, instead of ruling out an excuse."
_MESSAGE_ORDER: Final = "Tells a person off for next time: a remedy aimed at the person's conduct, not the system."
_SUGGESTION_ORDER: Final = (
    "Turn it into an action on the system (a check, a reminder the tool sends, a guard) with an owner and a date."
)
_MESSAGE_DEMAND: Final = "Demands that a team or a vendor account for itself: blame, not a finding."
_SUGGESTION_DEMAND: Final = (
    "Ask for the facts you need (the change log, the timeline of their side) and say what the agreement should add."
)

_PEOPLE_ACTS: Final = (
    r"\b(?:fumble|fumbled|fumbles|fumbling|bungle|bungled|bungles|bungling|screwed\s+(?:up|us|it\s+up)|screws\s+(?:up|us)|"
    r"messed\s+(?:up|it\s+up)|let\s+(?:us|everyone|everybody|the\s+(?:customers?|users?|business))\s+down|"
    r"left\s+(?:us|everyone|everybody|the\s+rest\s+of\s+us|(?:[\w-]+\s+)?downstream)\s+(?:holding\s+the\s+bag|"
    r"in\s+the\s+lurch|hanging|to\s+(?:clean|mop|pick)\s+up)|"
    r"sat\s+on\s+(?:our|the|my|their|this|that|his|her|a)\s+(?:[\w-]+\s+){0,2}?(?:tickets?|escalations?|"
    r"requests?|case|reports?|e-?mails?|messages?|bug|prs?|patch|fix|review|warnings?))\b"
)

# What the writers bore for another group's act, in words that judge the act as a burden
# thrown on them: "the networking group pushed a route change, and we took the hit". Plain
# consequences ("and we had to fail over to the secondary") are an account, not read.
_OUR_BURDEN: Final = (
    r"\b(?:and|so|while|then|but)\s+(?:(?:now|again|once\s+more)\s+)?(?:we|us|i|engineering|everyone\s+else|"
    r"the\s+rest\s+of\s+us)\s+(?:(?:all|again|then|just)\s+)?(?:paid\s+for\s+it|pay\s+for\s+it|took\s+the\s+hit|"
    r"take\s+the\s+hit|inherited\s+the\s+(?:fallout|mess|pieces)|picked\s+up\s+the\s+pieces|pick\s+up\s+the\s+pieces|"
    r"mopped\s+up|mop\s+up|got\s+the\s+blame|get\s+the\s+blame|bore\s+the\s+brunt|carried\s+the\s+can)\b"
)


def _burden_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept the writers' burden after an act whose subject is people other than the writers.

    The act is the sentence's first clause ("Sales promised the customer a feature that didn't
    exist, and we paid for it at 3 a.m."); the span runs from its first word.
    """
    i = s.index_at(m.start())
    act = next((k for k in range(1, i) if s.is_verb(k)), None)
    if act is None or not _subject_is_others(s, act):
        return None
    return s.tokens[s.boundary_before(act) + 1].start, m.end()


# Contempt in the form of a question about what people do: "I don't know what the hotel's IT
# contractor does all day". Whoever the question is about, it asks nothing.
_ALL_DAY: Final = r"\bwhat\s+(?:[\w'-]+\s+){1,6}?(?:does|do|did)\s+all\s+day\b"
# The failure assigned away from the writers: "this is their failure, not ours", "their bug,
# our outage".
_THEIRS_NOT_OURS: Final = (
    r"\b(?:their|his|her)\s+(?:own\s+)?(?:failure|fault|mess|doing|screw-?up|bug|problem|blunder|mistake|error)"
    r"\s*[,;]\s+(?:not\s+(?:ours|mine)|our\s+(?:outage|problem|incident|pain|weekend|fallout|mess))\b"
)
# A verdict that people cannot or will not do the plain part of their job, told with an adverb
# of certainty: "the network team, who apparently can't read Slack", "the vendor's staff
# plainly don't know their own product". Without the adverb ("the vendor doesn't know yet why
# the controller rebooted") it is a fact of the incident and is not read.
_PLAINLY_UNABLE: Final = (
    r"\b(?:apparently|clearly|plainly|obviously|evidently|simply)\s+(?:can't|cannot|don't|doesn't|couldn't|won't|"
    r"never)\s+(?:be\s+bothered|bother|read|know|care|understand|believe\s+in|test|listen|learn)\b"
)


# Duties thrown on others: "monitoring is someone else's problem", "treated SCADA integration
# as somebody else's problem for years". Said of anything, it judges the people who think so.
_ELSES_PROBLEM: Final = (
    r"\b(?:somebody|someone|everybody|everyone|anybody|anyone)\s+else's\s+(?:problem|job|concern|responsibility|"
    r"business)\b"
)
# An order to stop a conduct ("stop ignoring the build warnings", "stop cutting corners"): the
# conduct is the judged part. "Stop treating" is not read: "stop treating the localisation team
# as a black box" asks for a better hand-off, not a better conduct.
_STOP_CONDUCT: Final = (
    r"\bstop\s+(?:ignoring|skipping|pretending|cutting\s+corners|assuming|guessing|winging|rubber-stamping|"
    r"shipping\s+(?:untested|broken|unreviewed))\b"
)


def _not_a_system_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept unless a system is what is to stop ("make the client stop ignoring Retry-After")."""
    i = s.index_at(m.start())
    return not (i > 0 and s.word_kind(i - 1) == _SYSTEM) and s.subject_kind(i) != _SYSTEM


# A lesson to be learned by people other than the writers: "Tomasz needs to understand that when
# you are on call, alerts come before meetings", "the accounting department must understand that".
_MUST_UNDERSTAND: Final = (
    r"\b(?:must|needs?\s+to|has\s+to|have\s+to|should|will\s+have\s+to)\s+(?:(?:finally|really|clearly)\s+)?"
    r"(?:understand|realise|realize|accept|learn|grasp)\s+that\b"
)
# A task to explain oneself: "fraud team to explain in writing why it was left on monitor",
# "Whoever merged it to explain to the board why". A person who "joined the review to explain
# why the cap was set" is helping: a verb before "to" turns it down.
_TO_EXPLAIN: Final = (
    r"\bto\s+explain\s+(?:(?:themselves|himself|herself|in\s+writing|personally|to\s+(?:[\w-]+\s+){1,3}?)\s*)*"
    r"(?:why|how\s+(?:come|this|it))\b"
)


def _task_to_explain_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "<people> to explain why": a person before "to", and no verb from the clause's start."""
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if any(s.is_verb(k) for k in range(a, i)):
        return False
    return any(s.word_kind(k) == _PERSON for k in range(a, i))


# A verdict measured against what the people should be: "not acceptable for a team whose whole
# job is watching queues", "frankly embarrassing for a project this size", "not good enough for
# a team this size". The measure alone ("short enough for a person who is paged at 3am to
# follow") judges nobody: a verdict word must be in the sentence.
_PEOPLE_MEASURE: Final = (
    r"\b(?:for|from)\s+(?:a|an|any)\s+(?:[\w-]+\s+)?(?:team|teams|person|someone|somebody|engineer|developer|project|"
    r"company|vendor|supplier|provider|department|desk|professional|technician|operator|squad|crew|shop|lead)\s+"
    r"(?:(?:this|that|so)\s+(?:size|big|large|experienced|senior|busy|mature|well-paid)|whose|running|that\s+(?:owns|runs|"
    r"just|is\s+paid))\b"
)
_VERDICT_RE: Final = lazy_compile(
    r"\b(?:unacceptable|acceptable|embarrassing|inexcusable|good\s+enough|the\s+(?:bare\s+)?minimum|poor|shocking|"
    r"disappointing|sloppy|amateurish|not\s+serious|expected\s+better|expect\s+better)\b",
    re.I,
)


def _verdict_in_sentence_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a measure of people when the sentence holds a verdict word."""
    return bool(_VERDICT_RE.search(s.text))


RULES: Final = (
    _Rule(
        "blame/character",
        r"\b(?:" + "|".join(_phrases("habit_markers")) + r")\b",
        _habit_gate,
        _MESSAGE_HABIT,
        _SUGGESTION_HABIT,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|is|are|has\s+been|have\s+been|proved|proven|seemed)(?:\s*,)?\s+(?:(?:completely|utterly|totally|"
        r"absolutely|frankly|simply|just|pretty\s+much|as\s+usual|once\s+again|again|basically)\s*,?\s+)?"
        r"(?:" + "|".join(_phrases("judged_competence")) + r")\b",
        _others_subject_gate,
        _MESSAGE_VERDICT,
        _SUGGESTION_VERDICT,
        keys=(),
    ),
    _Rule(
        "blame/character",
        r"\bwhat\s+an?\s+(?:shambles|joke|farce|circus|mess|disaster|clown\s+show)\s+(?:from|by)\s+",
        _person_follows_gate,
        _MESSAGE_VERDICT,
        _SUGGESTION_VERDICT,
        keys=(),
    ),
    _Rule(
        "blame/named-person",
        _PEOPLE_ACTS,
        _others_subject_gate,
        _MESSAGE_ACT,
        _SUGGESTION_ACT,
        # The pattern's alternatives are too many for its key words to be read from it.
        keys=_k("fumble fumbled fumbles fumbling bungle bungled bungles bungling screwed screws messed let left sat"),
    ),
    _Rule("blame/character", _OUR_BURDEN, _burden_gate, _MESSAGE_HABIT, _SUGGESTION_HABIT, keys=()),
    _Rule("blame/character", _ALL_DAY, _always, _MESSAGE_VERDICT, _SUGGESTION_VERDICT, keys=()),
    _Rule("blame/named-person", _THEIRS_NOT_OURS, _always, _MESSAGE_ACT, _SUGGESTION_ACT, keys=()),
    _Rule("blame/character", _PLAINLY_UNABLE, _others_subject_gate, _MESSAGE_VERDICT, _SUGGESTION_VERDICT, keys=()),
    _Rule(
        "blame/character", _PEOPLE_MEASURE, _verdict_in_sentence_gate, _MESSAGE_VERDICT, _SUGGESTION_VERDICT, keys=()
    ),
    _Rule(
        "blame/character",
        r"\b(?:i|we)\s+(?:(?:frankly|honestly|really)\s+)?(?:expected|expect|had\s+expected)\s+(?:much\s+|a\s+lot\s+|far\s+)?"
        r"better\b|\bnot\s+what\s+we\s+pay\s+(?:[\w-]+\s+){0,2}?for\b",
        _always,
        _MESSAGE_VERDICT,
        _SUGGESTION_VERDICT,
        keys=(),
    ),
    _Rule("blame/character", _ELSES_PROBLEM, _always, _MESSAGE_VERDICT, _SUGGESTION_VERDICT, keys=()),
    _Rule("blame/person-remedy", _STOP_CONDUCT, _not_a_system_gate, _MESSAGE_ORDER, _SUGGESTION_ORDER, keys=()),
    _Rule("blame/person-remedy", _MUST_UNDERSTAND, _others_subject_gate, _MESSAGE_ORDER, _SUGGESTION_ORDER, keys=()),
    _Rule("blame/person-remedy", _TO_EXPLAIN, _task_to_explain_gate, _MESSAGE_DEMAND, _SUGGESTION_DEMAND, keys=()),
    _Rule(
        "blame/counterfactual",
        r"\b(?:there(?:'s|\s+is|\s+was|\s+are|\s+were)\s+no\s+excuses?|no\s+excuses?\s+(?:for|exists?|whatsoever)|"
        r"(?:hard|difficult|impossible|tough)\s+to\s+excuse|(?:can't|cannot|can\s+not|won't)\s+(?:be\s+)?excused?)\b",
        _always,
        _MESSAGE_EXCUSE,
        _SUGGESTION_EXCUSE,
        keys=(),
    ),
    _Rule(
        "blame/person-remedy",
        # A comma or a colon after the name, or a handle: the pattern turns down most sentences
        # before the gate reads any token.
        r"^\W*(?:[a-z][a-z'-]*\s*[,:]|@[\w.-]+:?)\s+",
        _vocative_gate,
        _MESSAGE_ORDER,
        _SUGGESTION_ORDER,
        # A sign of recurrence, and a word of address or an imperative: "time" and "now" alone
        # are on too many lines to lead the look-up.
        keys=_k(
            "time again future now forward yourself yourselves once remember sure",
            "please you your yourself yourselves make remember don't be stop check test set read ensure",
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:require|requires|demand|demands|insist\s+that)\s+(?:[\w'-]+\s+){1,4}?(?:to\s+)?explain\b",
        _always,
        _MESSAGE_DEMAND,
        _SUGGESTION_DEMAND,
        keys=(),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:must|has\s+to|have\s+to|needs?\s+to)\s+explain\s+(?:(?:to|in)\s+(?:[\w-]+\s+){1,3}?)?(?:why|how)\b",
        _others_subject_gate,
        _MESSAGE_DEMAND,
        _SUGGESTION_DEMAND,
        keys=(),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bget\s+(?:their|his|her|its|your)\s+(?:act|house|stuff)\s+(?:together|in\s+order)\b",
        _always,
        _MESSAGE_DEMAND,
        _SUGGESTION_DEMAND,
        keys=(),
    ),
)
