"""``blame/person-remedy``: remedies aimed at a person ("be more careful", "retrain")."""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _generic_people, _person_follows_gate, _person_subject, staffing_plan
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._outsiders import customer_guidance
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._sanctions import RULES as _SANCTIONS
from postmortem.checks._blame._tasks import RULES as _TASKS
from postmortem.checks._blame._vocabulary import vocabulary

# What a person is expected to do (vocabulary/duty_verbs.txt), as lemmas: an imperative
# "always ..." or "never ..." with one of them is an instruction to people.
_DUTY_LEMMAS: Final = frozenset(lemma(word) for word in vocabulary("duty_verbs"))


def _person_in_sentence_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the sentence names a person (by name, role or pronoun) or one follows."""
    if any(s.word_kind(i) == _PERSON for i in range(len(s.tokens))):
        return True
    return "termination" in m.group().lower() or "dismissal" in m.group().lower()


def _restricted_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Priyanka will not be allowed to deploy alone", not "deploys are now allowed to"."""
    low = m.group().lower()
    negative = any(
        word in low for word in ("not", "no longer", "never", "won't", "restricted", "banned", "barred", "removed")
    )
    return negative and _person_subject(s, m) and not _generic_people(s, s.index_at(m.start()))


def _instruction_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept an instruction to people ("always read the diff", "remember to drain the node").

    "Always"/"never" opening an instruction is aimed at people only when its verb is what a
    person is expected to do (check, read, wait, ask, ...): "never cache responses that set a
    cookie" and "always retry on 503" are rules written for a system, in the imperative.
    """
    found = _ALWAYS_VERB_RE.search(m.group())
    if found is None:
        return True
    rest = _WORD_REST_RE.match(s.text, m.end())
    verb = found.group(1) + (rest.group() if rest else "")
    # "Always verify checksums before unpacking" is a step for a pipeline as much as for
    # people: only a person in the sentence ("before you approve") makes it one for people.
    return lemma(verb.lower()) in _DUTY_LEMMAS and _names_a_person(s)


def _names_a_person(s: _Sentence, m: re.Match[str] | None = None) -> bool:
    """Tell whether the sentence names a person, or (with *m*) a word in the match could be a name.

    "Send Pilar back through deploy training", "Tanvir to attend the training": a first name in
    an action item, where nothing after it reads like a verb.
    """
    if any(s.word_kind(i) == _PERSON for i in range(len(s.tokens))):
        return True
    if m is None:
        return False
    a, b = s.index_at(m.start()), s.index_at(m.end())
    # "Wanjiru to re-read ...", "Action: Bogdan to attend ...": the one the action item is for.
    assigned = a > 1 and s.tokens[a - 1].low == "to" and s.is_name(a - 2, loose=True)
    return assigned or any(s.is_name(k, loose=True) for k in range(a, b))


def _study_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept people sent back to a course or to re-read guidance, as the remedy.

    Re-reading is aimed at people whoever they are ("all engineers must re-read the policy");
    attending, completing or passing a course only when the one sent is a person in particular
    ("Tanvir to attend the training"), not everyone in a seat ("new on-call engineers complete
    the training before their first shift" is onboarding, a process).
    """
    if not _names_a_person(s, m):
        return False
    verb = m.group("verb").lower()
    if verb.startswith(("re", "send", "sent", "mandatory")) or _AGAIN_RE.search(s.text, m.end()):
        return True
    i = s.index_at(m.start())
    if _generic_people(s, i):
        return False
    return _person_subject(s, m) or (i > 1 and s.tokens[i - 1].low == "to" and s.is_name(i - 2, loose=True))


_AGAIN_RE: Final = lazy_compile(r"\b(?:again|once\s+more)\b", re.I)
_STUDY: Final = "|".join(
    sorted({w + e for w in vocabulary("study_things") for e in ("", "s")}, key=lambda w: (-len(w), w))
)


def _make_sure_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "make sure the new hires know ...": people told to behave, not a system to be set up.

    The noun phrase after "make sure" must be people, and its verb something a person is
    expected to do or know (duty_verbs.txt, "know", "understand"); "make sure everyone on it
    has the permissions" gives people what they need.
    """
    toks = s.tokens
    i = s.index_at(m.end())
    end = i
    while (
        end < min(len(toks), i + 6)
        and not s.is_verb(end)
        and lemma(toks[end].low) not in _KNOW_OR_DUTY
        and toks[end].text[:1].isalnum()
    ):
        end += 1
    if end >= len(toks) or end == i or s.noun_phrase_kind(i, end) != _PERSON:
        return None
    k = end
    while k < len(toks) and toks[k].low in {"always", "actually", "properly", "really", "all", "do", "does"}:
        k += 1
    if k >= len(toks) or lemma(toks[k].low) not in _KNOW_OR_DUTY:
        return None
    if toks[i].low in _WRITERS and lemma(toks[k].low) in _INQUIRY:
        # Round 13: "can we make sure we understand the provisional setting?": the writers setting
        # out to understand the system, an inquiry, not people told to behave ("make sure we read
        # the alerts" stays).
        return None
    return m.start(), toks[k].end


_WRITERS: Final = frozenset({"we", "i", "us"})
_INQUIRY: Final = frozenset(lemma(w) for w in ("understand", "realise", "realize"))


_KNOW_OR_DUTY: Final = _DUTY_LEMMAS | frozenset(lemma(w) for w in ("know", "understand", "realise", "realize", "learn"))


_WORD_REST_RE: Final = lazy_compile(r"[\w-]+")


_ALWAYS_VERB_RE: Final = lazy_compile(r"\b(?:always|never)\s+([\w-]+)$", re.I)


_TRAINED_RE: Final = lazy_compile(r"(?:re-?train|coach|counsel)\w*\s+(?P<next>[\w@-]+)", re.I)


def _retrain_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept retraining or coaching aimed at people: "retrain Dmitri on the release process".

    Not a model retrained on data ("never retrain on unfiltered production data", "had a
    full retrain been needed"): the one retrained must be a person, as the object, or as the
    subject of a passive ("Priya will be retrained on ...").
    """
    found = _TRAINED_RE.match(m.group())
    if found is None:
        # The other remedies of this rule: "be more careful", "formal warning", ...; not
        # guidance to customers (round 9: "customers should double-check their invoices").
        return not customer_guidance(s, m) and not _writers_intent(s, m)
    nxt = found.group("next").lower()
    if nxt in {"session", "sessions", "for", "plan", "and"}:
        return True  # "a coaching session for the DBA": a remedy named as a noun
    i = s.index_at(m.start() + found.start("next"))
    end = min(s.boundary_from(i), i + 5)
    if s.noun_phrase_kind(i, max(end, i + 1)) == _PERSON or s.is_name(i, loose=True):
        return True
    return found.group().lower().split()[0].endswith("ed") and _person_subject(s, m)


# Round 25: the writer saying how they will go on ("This is the bit that has caused the most noise, so I'll
# be careful."): "I'll"/"we'll" right before a plain "be careful", with no more care promised ("more",
# "extra") and no later time ("next time", "in future"), is the writer's intent now, not a remedy for a lapse.
_WRITERS_INTENT_RE: Final = lazy_compile(r"\b(?:i|we)(?:'ll|’ll|\s+will|\s+am\s+going\s+to)\s+$", re.I)
_LATER_RE: Final = lazy_compile(
    r"[^.;!?]*\b(?:next\s+time|in\s+(?:the\s+)?future|from\s+now\s+on|going\s+forward|again|ever)\b", re.I
)


def _writers_intent(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the match is a plain "be careful" the writers promise for now (see above)."""
    low = m.group().lower()
    if not low.startswith("be ") or low.split()[1] in {"more", "extra"}:
        return False
    writers = _WRITERS_INTENT_RE.search(s.text, max(0, m.start() - 16), m.start())
    return writers is not None and not _LATER_RE.match(s.text, m.end())


# Access taken away by need, from everyone in a seat: least privilege, not a sanction ("remove
# production access from all admins who do not need it"); a time limit or a condition on
# conduct keeps it one ("until he completes the training", "for 30 days", "pending a review").
_BY_NEED_RE: Final = lazy_compile(
    r"\b(?:(?:do|does)\s+not|don't|doesn't|no\s+longer)\s+(?:need|use|require)\b|\b(?:unused|inactive|dormant|"
    r"standing|least[-\s]privilege|not\s+needed)\b",
    re.I,
)
_SANCTION_RE: Final = lazy_compile(
    r"\b(?:until|pending|for\s+(?:\d+|a|one|two|three)\s+\w+|consequence|sanction)\b", re.I
)


def _taken_away_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept something taken away from a person as the remedy, unless it is access removed by need (round 9)."""
    if _BY_NEED_RE.search(s.text) and not _SANCTION_RE.search(s.text):
        return False
    return _person_in_sentence_gate(s, m)


def _person_between_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when a person stands between the verb and "from"/"off" ("remove the intern from")."""
    i, j = s.index_at(m.start()), s.index_at(m.end())
    return any(s.word_kind(k) == _PERSON for k in range(i + 1, min(j, len(s.tokens))))


# "We will check your account", "I'll check their change calendar": a service to someone else
# (a customer, a partner), not a remedy for the speaker's own conduct.
_FIRST_PERSON_BEFORE_RE: Final = lazy_compile(r"\b(?:we|i)(?:'ll|’ll)?\s+(?:[\w'’]+\s+){0,2}$", re.IGNORECASE)


def _undenied_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sanction, unless a negation in its clause denies it (round 19).

    "No disciplinary action has been taken, and none is proposed" and "nobody will be fired"
    say that no sanction follows; "disciplinary action for the engineer" and "he should be let
    go" propose one.
    """
    return not denied_before(s.text, m.start())


# What "pay" must go on to for conduct: attention or heed ("pay closer attention to the gauges"), or a
# sanction's "for" ("will pay for the hire of the new ones out of their own pocket").
_ATTENTION_RE: Final = lazy_compile(r"\s+(?:(?:[\w-]+\s+){0,2}?(?:attention|heed)|for)\b", re.I)
# Round 24: the writers paying for a thing someone gets ("we will pay for a blood sugar check"): money, not a sanction.
_PURCHASE_RE: Final = lazy_compile(r"\s+for\s+(?:a|an|any|your)\b", re.I)


# Round 25: "the people in it have to read it", "you have to read it slowly": what has to be read is the
# thing at hand (the review, a screen), a burden told, not guidance people are sent back to.
_READ_THIS_RE: Final = lazy_compile(r"\b(?:have|has)\s+to\s+read\s+(?:it|this|them)\b", re.I)


def _own_conduct_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a remedy aimed at people's conduct, unless it is the author checking someone else's things.

    "Engineers must check their changes" and "you will double-check" aim at conduct; "we will
    check your payroll runs" (round 8) is a promise of a service.
    """
    if not _person_subject(s, m) or denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False  # "Nobody should have to remember ...": the burden itself is the problem
    if staffing_plan(s, m) or _READ_THIS_RE.search(s.text, m.start(), m.end() + 6):
        return False  # round 25: a staffing plan; the review itself to be read
    if m.group().lower().endswith("pay") and not _ATTENTION_RE.match(s.text, m.end()):
        return False  # round 22: "we will pay interest on members' shares": money, not attention
    writers = _FIRST_PERSON_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start())
    if writers and _PURCHASE_RE.match(s.text, m.end()):
        return False
    if " check" not in m.group().lower():
        return True
    owner = m.group().lower().rsplit(maxsplit=1)[-1]
    return not (owner != "our" and _FIRST_PERSON_BEFORE_RE.search(s.text, max(0, m.start() - 40), m.start()))


# Round 24: a demand that people stop a habit ("Agnieszka to stop "tidying" the prop table", "the agents must
# be told to stop sleeping"): a gerund after "stop", demanded of a person; not of a thing ("the fare gates
# decided to stop taking cards"), not a rule of the procedure with its condition ("should stop boarding once
# the ramp sensor reads ..."), not the writers' own decision, not guidance to customers.
_CONDITION_AFTER_RE: Final = lazy_compile(
    r"[^.;:!?]*?\b(?:once|when|whenever|if|until|as\s+soon\s+as|before|after)\b", re.I
)
_STOP_WRITERS: Final = frozenset({"we", "i", "us", "our", "my"})


def _stop_habit_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a demand that a person stop a habit (see above)."""
    if denied_before(s.text, m.start()) or customer_guidance(s, m) or _CONDITION_AFTER_RE.match(s.text, m.end()):
        return False
    toks = s.tokens
    i = s.index_at(m.start())
    if any(toks[k].low in _STOP_WRITERS for k in range(s.boundary_before(i) + 1, i)):
        return False
    # Asked of someone, not of the writers ("he asked me to say he's fine and to stop asking him").
    asked = [k for k in range(i) if toks[k].low in _ASKING]
    if any(k + 1 < len(toks) and toks[k + 1].low in {"me", "us"} for k in asked):
        return False
    if s.subject_kind(i) == _PERSON:
        return True
    # An action item's owner right before ("Agnieszka to stop ..."), or a person told or asked to stop.
    if i > 0 and toks[i].low == "to" and (s.word_kind(i - 1) == _PERSON or s.is_name(i - 1, loose=True)):
        return True
    told = bool(asked)
    return told and any(s.word_kind(k) == _PERSON for k in range(i) if toks[k].low not in _STOP_WRITERS)


_ASKING: Final = frozenset(
    {"told", "tell", "tells", "ask", "asked", "asks", "request", "requested", "remind", "reminded"}
)


RULES: Final = (
    # ---- people sent back to a course or to the guidance, and told to behave
    _Rule(
        "blame/person-remedy",
        r"\b(?P<verb>re-?read|rereads?|re-reads|redo|redoes|redone|repeat|repeats|complete|completes|attend|attends|"
        r"pass|passes|sit|sits|(?:go|goes|went)\s+(?:back\s+)?through|(?:send|sent)\s+(?:[\w@'-]+\s+){1,3}?back\s+"
        r"(?:through|to)|mandatory)\s+(?:[\w@'-]+\s+){0,5}?(?:" + _STUDY + r")\b",
        _study_gate,
        "Sends people back to a course or to the written guidance as the remedy: it treats the incident as a gap "
        "in someone's knowledge or diligence, and changes nothing in the system.",
        "Propose a change to the system instead: make the guidance part of the tool (a check, a prompt, a "
        "default) so that following it does not depend on someone having read it.",
        keys=_k(_STUDY.replace("|", " ")),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:make\s+sure|ensure)\s+(?:that\s+)?",
        _make_sure_gate,
        "Asks people to behave better instead of changing the conditions.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k("sure ensure"),
    ),
    # ---- remedies aimed at a person
    _Rule(
        "blame/person-remedy",
        r"\b(?:be\s+(?:more\s+|extra\s+|very\s+)?(?:careful|cautious|diligent|attentive|"
        r"vigilant|mindful)|pay\s+(?:more|closer|better|extra)\s+attention|"
        r"take\s+(?:more|extra|greater)\s+care|try\s+harder|think\s+(?:twice|harder)|"
        r"double-?check\s+(?:your|their|his|her|everything)|(?:re-?train|reprimand|"
        r"discipline|coach|counsel)(?:ed|ing|s)?\s+(?!the\s+(?:model|classifier)\b)"
        r"[\w@-]+|(?:formal|written|verbal|final)\s+warning|performance\s+improvement\s+plan|"
        r"held\s+accountable|hold\s+\w+\s+accountable|sign\s+an?\s+acknowledg(?:e)?ment|"
        r"remind\s+[\w@-]+\s+(?:[\w@-]+\s+){0,3}?to)\b",
        _retrain_gate,
        "Proposes a remedy aimed at a person's behaviour, which does not change the system that made the error likely.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k(
            "be pay take try think double doublecheck retrain train trained reprimand reprimanded "
            "discipline disciplined coach coached counsel counselled counseled warning plan "
            "accountable acknowledgement acknowledgment remind re"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:must|should|need to|needs to|have to|has to|are expected to|is expected to|"
        r"are required to|is required to|will)\s+(?:(?:always|now|from now on|actually|really|properly|just)\s+){0,2}"
        r"(?:be\s+more|pay|remember|double-?check|re-?read|reread|read|take\s+care|"
        r"think|slow down|stay\s+focused|focus|learn|always|never|be\s+careful|"
        r"check\s+(?:their|his|her|your)|follow\s+the\s+(?:process|policy|procedure|"
        r"rules|runbook))\b",
        _own_conduct_gate,
        "Asks people to behave better instead of changing the conditions.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k(
            "must should need needs have has expected required will",
            "be pay remember double doublecheck re reread read take think slow stay focus learn "
            "always never check follow careful",
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"(?:^|[:;]\s*)\W*(?:(?:always|never)\s+(?!been\b|happened\b|\w+ed\b)\w+|"
        r"remember\s+to|make\s+sure\s+(?:you|to)|(?:don't|do\s+not)\s+forget\s+to)\b",
        _instruction_gate,
        "An instruction to people to remember or take care is a remedy aimed at a person.",
        "Turn the instruction into a safeguard: a check, a prompt or an automation that does "
        "not depend on someone remembering.",
        keys=_k("always never remember sure forget"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:stop|stopped|no\s+longer|never\s+again)\s+(?:letting|allowing|let|allow)\s+",
        _person_follows_gate,
        "Restricting the people involved is a remedy aimed at a person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k("letting allowing let allow", "stop stopped longer again"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:will|should|must|shall|won't|is|are)\s+(?:not|no\s+longer|never\s+again|never)?\s*"
        r"(?:be\s+)?(?:allowed|permitted|trusted)\s+(?:to|on|near|in|into|with)\b|\b(?:will|should|must)\s+(?:be\s+)?"
        r"(?:restricted|banned|barred|removed)\s+from\b",
        _restricted_person_gate,
        "Restricting the people involved is a remedy aimed at a person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k("allowed permitted trusted restricted banned barred removed", "will should must shall won't is are"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:lose|loses|lost|losing|revoke|revoked|revoking|remove|removed|removing|suspend|suspended|strip|"
        r"stripped|withdraw|withdrawn)\s+(?:[\w@'-]+\s+){0,3}?(?:merge|deploy|deployment|production|prod|commit|"
        r"admin|root|release|on-call|push)\s+(?:rights|access|permissions?|privileges?)\b"
        r"|\b(?:annual|performance|perf)\s+reviews?\b|\b(?:consider|recommend|recommends)\s+(?:termination|"
        r"dismissal|firing)\b|\bengagement\s+(?:has\s+been|was|will\s+be)\s+(?:ended|terminated)\b",
        _taken_away_gate,
        "Takes something away from a person as the remedy: it punishes, and changes nothing in the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k(),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:(?:formal|written|verbal|final)\s+reprimand|reprimand(?:ed)?\b|disciplinary|"
        r"be\s+(?:let\s+go|fired|terminated|demoted|sacked)|consequences\s+for\s+(?:the|whoever|those|him|her|them)|"
        r"(?:hr|human\s+resources)\s+(?:to|will|should|must)\s+(?:follow|talk|speak|meet|review))\b",
        _undenied_gate,
        "Proposes a sanction for a person, which does not change the system that made the error likely.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k("reprimand reprimanded disciplinary let fired terminated demoted sacked consequences hr human"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:remove|removed|take|taken|kick|kicked|pull|pulled|bar|barred|ban|banned)\s+(?:[\w@'-]+\s+){1,3}?"
        r"(?:off|from|out\s+of)\s+(?:the\s+)?(?:on-?call|rotation|rota|team|project|production|prod)\b",
        _person_between_gate,
        "Restricting the people involved is a remedy aimed at a person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k(
            "remove removed take taken kick kicked pull pulled bar barred ban banned",
            "call oncall rotation rota team project production prod",
        ),
    ),
    # ---- round 10: remedies written as tasks aimed at people, and sanctions (see _tasks, _sanctions)
    *_TASKS,
    *_SANCTIONS,
    _Rule(
        "blame/person-remedy",
        r"\b(?:to|must|should|needs?\s+to|has\s+to|have\s+to|please)\s+(?:stop|quit)\s+[\"“'‘]?[a-z]+ing\b",
        _stop_habit_gate,
        "Asks a person to stop a habit: a remedy aimed at the person, which does not change the conditions.",
        "Propose a change to the system instead: a check, a default or a guard that makes the habit harmless "
        "or impossible.",
        keys=_k("stop quit"),
    ),
)
