"""The gates of ``blame/character`` and the word lists they read (split from ``_character``).

Each gate decides whether a judgement, a lapse or a sarcastic aside the rule matched is aimed
at a person rather than at a system.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _UNKNOWN, _Sentence, is_thing_noun
from postmortem.checks._blame._denial import denied_before, negative_act
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import (
    _EXPLANATION_RE,
    _PUNCT,
    _person_subject,
    aimed_at_a_thing,
    irony_signs,
    warranted,
)
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._standing import _DEGREE_WORDS, _JUDGED_WORK, _manner, said_of_a_standing_thing
from postmortem.checks._blame._vocabulary import (
    _AUXILIARIES,
    _IRREGULAR_PAST,
    _PREPOSITIONS,
    _SYSTEM_NOUNS_ALL,
    entries,
    vocabulary,
)

_TARGET_RE: Final = lazy_compile(
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
    if not _person_subject(s, m) or _TARGET_RE.match(s.text, m.end()) or _set_up_to(s, m):
        return False
    if _NOTHING_RE.match(s.text, m.end()):
        return False
    if negative_act(m.group()) and denied_before(s.text, m.start()):
        return False  # "Nobody ignored anything", "we did not skip it": a lapse denied
    if m.group().lower() == "missed" and not _signal_follows(s, m.end()):
        # "missed the standup" is about a meeting; "missed the alert" about a signal.
        return False
    if _DID_GOOD_RE.match(s.text, m.end()) or warranted(s, m.end()):
        # Round 13: "skipped it, which unblocked every consumer": the act helped. Round 15: "bypassed the
        # canary with the documented override": the sanctioned step.
        return False
    return not (_EXPLANATION_RE.search(s.text, m.end()) or _COLON_REASON_RE.match(s.text, m.end()))


def _set_up_to(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the lapse word is what a thing was changed to do: "fixed the lookup to ignore spaces".

    Round 21: after "to", the verb's subject is the object of a verb of changing a system before it.
    """
    i = s.index_at(m.start())
    if i < 2 or s.tokens[i - 1].low != "to":
        return False
    a = s.boundary_before(i) + 1
    if s.tokens[i - 2].low == "not" and any(s.tokens[k].low in _TELLING for k in range(max(a, i - 8), i - 2)):
        return True  # round 24: "were told by the relative not to bother": advice given, no lapse done
    return any(lemma(s.tokens[k].low) in _CHANGE_LEMMAS for k in range(max(a, i - 10), i - 1))


_TELLING: Final = frozenset({"told", "tells", "tell", "asked", "advised", "warned", "instructed", "reminded"})
_CHANGE_LEMMAS: Final = frozenset(
    {"fix", "set", "configure", "change", "patch", "update", "tune", "adjust", "teach", "modify", "rewrite", "amend"}
)


# What the act did right after it, when that put things right.
_DID_GOOD_RE: Final = lazy_compile(
    r"[^.;:!?]{0,60}?,\s*(?:which|and\s+that|and\s+this)\s+(?:(?:immediately|at\s+once|quickly)\s+)?"
    r"(?:unblocked|unblocks|restored|restores|fixed|fixes|resolved|resolves|recovered|cleared|clears|freed|"
    r"ended|stopped\s+the\s+(?:outage|errors|bleeding)|brought\s+(?:[\w-]+\s+){0,3}back)\b",
    re.I,
)


_NOTHING_RE: Final = lazy_compile(r"\s+(?:nothing|none|no\s+\w+)\b", re.I)


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
        # "half-baked", "shoddy": a verdict whoever did the work, unless said of a standing thing (round 16)
        return not said_of_a_standing_thing(s, s.index_at(m.start()), m.end())
    # "was distracted by a second page" names what took the attention: a condition.
    if _BY_CAUSE_RE.match(s.text, m.end()) or _EXPLANATION_RE.search(s.text, m.end()):
        return False
    return _person_subject(s, m)


_BY_CAUSE_RE: Final = lazy_compile(r"\s+(?:by|with)\b", re.I)


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
    if subject.isdisjoint(_NEGLECTED_THINGS) or _NO_SUBJECT_RE.search(s.text, max(0, m.start() - 60), m.start()):
        return False  # round 25: "No security screening step was skipped": a denial, no lapse
    rest = s.text[m.end() :]
    agent = _BY_AGENT_RE.match(rest)
    if agent and any(word in _SYSTEM_NOUNS_ALL for word in agent.group(1).lower().split()):
        return False
    if _COLON_REASON_RE.match(rest) or _LACK_AFTER_RE.match(rest):
        # Round 13: "A step was skipped: the checklist had two page 3s", "... was skipped; the
        # procedure has no checkpoints": what let it happen follows.
        return False
    return not _EXPLANATION_RE.search(rest)


# Round 25: a subject quantified by "no", "none of", "not one", "neither" ("No screening step was skipped",
# "none of the alarms were ignored"): the sentence denies the lapse.
_NO_SUBJECT_RE: Final = lazy_compile(
    r"(?:^\W*|[,;:(]\s*|\b(?:and|but|so)\s+)(?:no|none\s+of\s+(?:the|our|its|their)|not\s+(?:one|a\s+single)|neither)"
    r"\s+(?!wonder\b|doubt\b)(?:[\w'’-]+\s+){1,4}$",
    re.I,
)


# A clause after a semicolon that says what the procedure or the system lacked.
_LACK_AFTER_RE: Final = lazy_compile(
    r"[^.;:!?]{0,120};\s*(?:the|its|our|this|that)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}?\s+"
    r"(?:has|had|have|holds|held|shows|showed|gives|gave)\s+no\b|"
    r"[^.;:!?]{0,120};\s*(?:the|its|our|this|that)\s+[\w'’-]+(?:\s+[\w'’-]+){0,2}?\s+"
    r"(?:does|did|do|is|was|were|are)\s*(?:not|n't)\b",
    re.I,
)


_BY_AGENT_RE: Final = lazy_compile(r"\s+by\s+((?:[\w-]+\s*){1,3})", re.I)


def _state_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's state of mind or misreading: "the on-call got confused", not "the parser misread"."""
    if _BY_CAUSE_RE.match(s.text, m.end()) or _EXPLANATION_RE.search(s.text, m.end()):
        return False  # "confused by two dashboards with one name": a condition
    if _COLON_REASON_RE.match(s.text, m.end()):
        return False  # "we misread the first graph: the axis was in thousands": what was shown
    if said_of_a_standing_thing(s, s.index_at(m.end() - 1), m.end()):
        return False  # "we were complacent as an organisation" (round 16)
    return _person_subject(s, m)


_COLON_REASON_RE: Final = lazy_compile(r"[^.;:?!]*:\s+\w")


def _attribute_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept judgements of attention or judgement.

    "Poor judgement" and "a lack of attention" describe a person whoever the subject is;
    "lacked X" and "no X" do only when a person lacks it ("our retry logic lacked backoff").
    """
    words = m.group().lower().split()
    if words[0] in {"lack", "lacked", "lacks", "lacking", "no"} and "of" not in words:
        return _person_subject(s, m)
    return True


def _character_gate(s: _Sentence, m: re.Match[str]) -> bool:  # noqa: PLR0911 (one return per reading)
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
    if head and (head.group(1).lower() in _TECHNICAL_HEADS or _thing_heads_phrase(s, head)):
        return False  # "a lazy loader", "a sloppy clock", round 21 "a lazy sensor": a technique or a thing
    if _SAFEGUARD_TARGET_RE.search(s.text, max(0, m.start() - 40), m.start()):
        return False  # round 21: what a check is there to catch ("meant to catch a careless keystroke")
    doer = _act_doer(s, s.index_at(m.start()))
    if doer is not None:
        return doer == _PERSON  # "the exporter's careless handling of dates": what the software does
    if said_of_a_standing_thing(s, s.index_at(m.start()), m.end()):
        return False
    return _judges_a_person(s, m, word)


# Round 21: a system noun that is not work people make ("a lazy sensor"; "a careless change" still judges).
_THING_NOT_WORK: Final = _SYSTEM_NOUNS_ALL - frozenset(w + e for w in vocabulary("judged_work") for e in ("", "s"))


def _thing_heads_phrase(s: _Sentence, head: re.Match[str]) -> bool:
    """Tell whether the word after a judgement word is a thing that ends its phrase ("a lazy sensor when ...").

    Not the first word of a compound ("careless cache purge": the purge is work).
    """
    if head.group(1).lower() not in _THING_NOT_WORK:
        return False
    after = _NEXT_WORD_RE.match(s.text, head.end())
    return after is None or after.start(1) > head.end() + 1 or after.group(1).lower() in _PHRASE_ENDERS


_PHRASE_ENDERS: Final = frozenset({"when", "that", "which", "who", "is", "was", "on", "in", "at", "for", "of", "with"})
# Round 21: a safeguard's verb right before the word: the judgement names what the check is for.
_SAFEGUARD_TARGET_RE: Final = lazy_compile(
    r"\b(?:catch|catches|caught|prevent|prevents|guard\s+against|guards\s+against|protect\s+against|"
    r"protects\s+against|block|blocks|flag|flags|flagged|detect|detects|forgive|forgives)\s+(?:an?\s+|the\s+|any\s+)?"
    r"(?:single\s+|odd\s+|occasional\s+|one\s+)?['‘\"“]?$",
    re.I,
)


def _judges_a_person(s: _Sentence, m: re.Match[str], word: str) -> bool:
    """Tell whether a judgement word is said of a person, or of software.

    "The sync job carelessly truncated the file", "the config parser is lazy" and "the sync
    daemon was careless about permissions" describe software; "the change was reckless"
    judges whoever made the change, and "this was incompetence" whoever it is about.
    """
    i = s.index_at(m.start())
    toks = s.tokens
    k = i - 1
    while k > 0 and (toks[k].low in _DEGREE_WORDS or toks[k].low in _BE_WORDS or _manner(toks[k].low)):
        k -= 1
    if k < i - 1 and k >= 0 and toks[k + 1].low in _BE_WORDS and toks[k].low in _TECHNICAL_HEADS:
        return False  # "eviction was lazy", "the replication is sloppy": a technique, as before its noun
    if s.subject_kind(i) != _SYSTEM:
        return True
    if word.endswith("ly"):
        return False
    # Round 15: an adverb between the verb and the word ("is deliberately lazy") leaves it said of the subject.
    before = i - 1
    while before > 0 and _manner(toks[before].low):
        before -= 1
    if i == 0 or (toks[before].low not in _BE_WORDS and toks[before].low not in _DEGREE_WORDS):
        return True  # not said of the subject: "was caused by incompetence"
    subject = [k for k in range(s.boundary_before(i) + 1, i) if toks[k].low[:1].isalnum()]
    if not any(toks[k].low in _BE_WORDS for k in subject) or any(s.word_kind(k) == _PERSON for k in subject):
        return True
    # Only a software noun as the subject ("this was incompetence" and "that team is lazy" judge).
    nouns = [toks[k].low for k in subject if is_thing_noun(toks[k].low)]
    return not nouns or nouns[-1] in _JUDGED_WORK  # the head: "the config parser" is a parser


def _act_doer(s: _Sentence, i: int) -> str | None:
    """Tell who does the act a judgement word at token *i* qualifies, when it qualifies one.

    Round 15: "careless handling of the tag format in the parser", "the exporter's careless handling of
    null dates": the word stands before an act in "-ing" and its object, and the act's doer is named by a
    possessive before the word or by "in"/"by" after the object. A system doer makes it a description of
    what the software does; a person ("Dana's sloppy handling of the keys", "... by the on-call") is judged.
    None when the word qualifies no such act, or no doer is named.
    """
    toks = s.tokens
    act = i + 1
    if act + 1 >= len(toks) or not toks[act].low.endswith("ing") or toks[act + 1].low != "of":
        return None
    if i > 0 and toks[i - 1].low.endswith(("'s", "’s")):
        owner = s.word_kind(i - 1)
        return owner if owner != _UNKNOWN else None
    end = s.boundary_from(act + 2)
    for k in range(act + 2, end - 1):
        if toks[k].low == "by":
            agent = s.noun_phrase_kind(k + 1, end)
            if agent is not None and agent != _UNKNOWN:
                return agent
        elif toks[k].low in {"in", "inside", "within"}:
            # Inside a component ("in the parser"), not an event or a place ("in the outage", "in production").
            head = next((j for j in range(k + 1, end) if toks[j].low in _PREPOSITIONS), end) - 1
            while head > k and not toks[head].low[:1].isalnum():
                head -= 1
            determined = head > k + 1 and toks[k + 1].low in {"the", "our", "its", "their"}
            if determined and s.word_kind(head) == _SYSTEM and toks[head].low not in _INCIDENTS:
                return _SYSTEM
    return None


_INCIDENTS: Final = frozenset(w + e for w in vocabulary("incident_nouns") for e in ("", "s"))


_NEXT_WORD_RE: Final = lazy_compile(r"\s+([a-z][\w-]*)", re.I)
_TECHNICAL_HEADS: Final = frozenset(w + e for w in vocabulary("technical_heads") for e in ("", "s"))
_LAZY_TECHNIQUE_RE: Final = lazy_compile(
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


_REASON_RE: Final = lazy_compile(
    r"\b(?:because|since|so\s+that|as\s+the|given\s+that|to\s+avoid|at\s+the\s+time)\b|,\s*so\b", re.I
)


def _rather_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's act set against what they did not do, unless the act was to escalate (round 13).

    "The game master rang the site lead rather than trying a third reset" asked for help, the
    cautious choice; "pushed the fix rather than waiting for review" stays.
    """
    if _ESCALATED_RE.search(s.text, 0, m.start()) or _writers_practice(s, m):
        return False
    return _active_person_gate(s, m)


def _writers_practice(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the writers tell what they now do, in the present (round 20).

    "We book an engineer ourselves rather than waiting for you to notice" is the remedy, not an act
    judged; "we pushed the fix rather than waiting for review" (a past) stays.
    """
    toks = s.tokens
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if a >= i or toks[a].low not in {"we", "i"}:
        return False
    return not any(toks[k].low.endswith("ed") or toks[k].low in _IRREGULAR_PAST for k in range(a + 1, i))


# Asking for help or raising the alarm, in the clause before "rather than".
_ESCALATED_RE: Final = lazy_compile(
    r"\b(?:rang|rung|called|phoned|paged|escalated|alerted|contacted|asked\s+for\s+help|raised\s+(?:it|the\s+alarm)|"
    r"handed\s+(?:it\s+)?over|stopped\s+the\s+line)\b[^;:.!?]*,?\s*$",
    re.I,
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


_LUCK_RE: Final = lazy_compile(r"\b(?:happened\s+to|by\s+(?:chance|luck)|luckily|fortunately)\b", re.I)
_BE_WORDS: Final = vocabulary("be_words")
_SHIPPED: Final = vocabulary("shipping_verbs")


# Round 25: "the moderators will merge them anyway": a modal right before the verb whose clause "anyway" ends is
# "in any case", something that will or can happen whatever is done, not an act done over a warning; no "and",
# "but" or comma between (not "the build would block writes and started it anyway").
_MODAL_ACT_BEFORE_RE: Final = lazy_compile(
    r"(?:\b(?:will|would|can|may|might|shall)|'ll|’ll)\s+(?:(?:just|probably|only|still|simply)\s+)?"
    r"[a-z]+\s+(?:(?!and\b|but\b)[\w'’-]+\s+){0,3}$",
    re.I,
)


def _regardless_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "pressed on regardless" and "was merged anyway": going on despite a warning.

    The clause's subject is a person acting, or the clause is a passive of shipping or running
    something (which judges whoever did); a system going on ("the job retried anyway") or a
    reason given ("anyway, because the fix was urgent") is not.
    """
    if _REASON_RE.search(s.text, m.end()) or _MODAL_ACT_BEFORE_RE.search(s.text, max(0, m.start() - 60), m.start()):
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


_MOCK_RE: Final = lazy_compile(
    r"\b(?:apparently|evidently|clearly|these\s+days|around\s+here|for\s+some\s+(?:people|folks|teams?)|"
    r"once\s+again|who\s+knew|for\s+the\s+\w+\s+team)\b",
    re.I,
)


def _no_reason_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judgement of inaction unless the sentence gives the reason for it.

    Round 15: the reason may be the signal's own standing condition, told in a clause about it after a
    semicolon, a colon, a dash or ", which" ("Nobody acted on the alert; it pages the same channel as
    forty flaky checks", "..., which had fired every night for a month"): what the signal is or does as
    a rule, or had done before. A clause about people ("; they muted it") or what the signal did then
    ("; it fired for three hours") is no reason.
    """
    return not (_REASON_RE.search(s.text) or _standing_condition_follows(s, m.end()))


_SIGNAL_LINK_RE: Final = lazy_compile(r";\s*|:\s+|\s+[-–—]\s+|,\s+which\s+", re.I)
_NOW_BE: Final = frozenset({"is", "are", "has", "have", "isn't", "aren't", "doesn't", "don't"})


def _standing_condition_follows(s: _Sentence, pos: int) -> bool:
    """Tell whether a clause after *pos* tells a thing's standing condition (see _no_reason_gate)."""
    toks = s.tokens
    for link in _SIGNAL_LINK_RE.finditer(s.text, pos):
        k = s.index_at(link.end())
        if link.group().rstrip().endswith("which"):
            if s.word_kind(s.index_at(link.start()) - 1) != _SYSTEM:
                continue
            verb = k if k < len(toks) and s.is_verb(k) else None
        else:
            # After "it" the next word is its verb ("it rings"), known or not.
            verb = next(
                (j for j in range(k + 1, min(len(toks), k + 8)) if s.is_verb(j) or toks[j - 1].low == "it"), None
            )
            if verb is None or s.noun_phrase_kind(k, verb) != _SYSTEM:
                continue
        if verb is None:
            continue
        low = toks[verb].low
        nxt = toks[verb + 1].low if verb + 1 < len(toks) else ""
        if low in _NOW_BE or (low.endswith("s") and not low.endswith("ss") and low not in {"was", "does"}):
            return True  # what the thing is or does as a rule
        if low == "had" and (s.is_verb(verb + 1) or nxt in {"no", "never", "not", "been"}):
            return True  # what it had done or lacked before
    return False


def _no_idea_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "didn't bother", and "had no idea what" said of a person's grasp of their own work.

    Round 15: "the relay board has no idea what floor the car is on" is said of a thing, and "I had no
    idea what was happening" (the clause after *what* opens with its verb) tells what was known of the
    events, not anyone's competence; "he had no idea what he was doing" judges it.
    """
    if not m.group().lower().endswith("what"):
        return True
    i = s.index_at(m.start())
    if s.subject_kind(i) == _SYSTEM:
        return False
    after = s.index_at(m.end() - 1) + 1
    return not (after < len(s.tokens) and s.is_verb(after))


def _person_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when a person is the subject (or the passive agent) of the match."""
    return _person_subject(s, m)


def _waved_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a warning waved through by a person, unless it is a habit the design taught or spans a clause.

    Round 15: "the prompt is the same one shown for every routine job, so people have learned to click
    through it" tells what the design taught them ("learned to", "got used to", "were trained to");
    "Marta clicked through the warning" judges an act.
    """
    if _HABIT_TAUGHT_RE.search(s.text, max(0, m.start() - 24), m.start()) or _spans_a_clause(s, m):
        return False
    return _person_subject(s, m)


_HABIT_TAUGHT_RE: Final = lazy_compile(r"\b(?:learned|learnt|used|trained|conditioned|taught|come)\s+to\s+$", re.I)


def _spans_a_clause(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether a verb and its particle matched apart hold another clause's verb between them.

    Round 15: "the agent who clicked refund has walked us through the screen" is no "clicked ... through".
    """
    first = s.index_at(m.start())
    last = s.index_at(m.end() - 1)
    return any(s.tokens[k].low in _AUXILIARIES for k in range(first + 1, last))


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
    if s.in_quotes(m.start(), m.end()) or _REASON_RE.search(s.text, m.end()) or _spans_a_clause(s, m):
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


def _nice_of_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Nice of the on-call to join us forty minutes in": thanks that mock a person, not a thing.

    Round 14: "Nice of the humidity sensor to give up" is about the system (see _gates.aimed_at_a_thing).
    """
    return not aimed_at_a_thing(s, s.index_at(m.end() - 1))


_FROM_RE: Final = lazy_compile(r"\s(?:from|by|for)\s+(?=\S)", re.I)


def _another_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Another masterclass from the ferry team": mock praise, unless what it is from is a thing.

    Round 14: "Another masterclass in form handling from the survey app" mocks the system.
    """
    source = _FROM_RE.search(s.text, m.end())
    return source is None or not aimed_at_a_thing(s, s.index_at(source.end()))
