"""``blame/person-remedy``: sanctions named as the outcome of an incident (round 10).

A disciplinary remedy takes something from a person or marks their record: a job or a contract
lost, a bonus docked, an appraisal or a file noting the incident, a conduct conversation, a
seat taken away ("is off the pager rota", "has been reassigned", "no more on-call for Radek"),
the names of those involved published. Each is told here by its frame, so that the same words
about the system stay clean ("contract tests", "the vendor contract", "lazy evaluation").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _ORGANISATIONS, _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._denial import denied_before, nobody_possessor
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_subject
from postmortem.checks._blame._outsiders import customer_guidance
from postmortem.checks._blame._rule import _always, _k, _Rule

_MESSAGE: Final = "Proposes a sanction for a person, which does not change the system that made the error likely."
_SUGGESTION: Final = (
    "Propose a change to the system instead: a check, a safeguard, a default or an automation that makes the "
    "mistake hard to make."
)


def _person_here(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the sentence names a person (by name, role or pronoun) and does not deny the sanction."""
    if denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    toks = s.tokens
    return any(s.word_kind(i) == _PERSON or (i > 0 and s.is_name(i, loose=True)) for i in range(len(toks)))


def _sanction_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sanction where a person is named (see _person_here), unless the warning is a notice.

    Round 15: "did anyone on the floor get a warning that the clock rate had changed?" asks about a notice
    (a warning that, about, when or of something); "the contractor will get a warning for skipping the
    review" is a sanction.
    """
    if m.group().lower().endswith("warning") and _NOTICE_RE.match(s.text, m.end()):
        return False
    return _person_here(s, m)


_NOTICE_RE: Final = lazy_compile(r"\s+(?:that|about|when|whenever|if|of|before|on\s+(?:the\s+)?screen)\b", re.I)


def _sanctioned_subject(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person as the subject (not "we", not customers) of a sanction ("the contractor will lose ...")."""
    if denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    i = s.index_at(m.start())
    a = s.boundary_before(i) + 1
    if any(s.tokens[k].low in {"we", "us", "i", "customers", "users"} for k in range(a, i)):
        return False
    toks = s.tokens
    return _person_subject(s, m) or any(
        s.is_name(k, loose=True) or toks[k].low in {"responsible", "involved", "concerned", "culprit"}
        for k in range(a, i)
    )


_PERSON_AFTER_RE: Final = lazy_compile(r"\s*(?:the\s+|our\s+|a\s+)?(?P<who>@?[\w'-]+)")


def _person_after(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept when the word after the match names a person ("no more on-call for Radek", "against him")."""
    found = _PERSON_AFTER_RE.match(s.text, m.end())
    if found is None:
        return False
    k = s.index_at(found.start("who"))
    if k >= len(s.tokens):
        return False
    low = s.tokens[k].low
    return low in {"him", "her", "them", "whoever"} or s.word_kind(k) == _PERSON or s.is_name(k, loose=True)


def _person_after_or_who(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person after the match, or anyone picked out by what they did ("for the user who force-pushed")."""
    return _person_after(s, m) or _WHO_AFTER_RE.match(s.text, m.end()) is not None


_WHO_AFTER_RE: Final = lazy_compile(r"\s*(?:the|a|any)\s+[\w-]+\s+(?:who|that)\s+(?!is\b|are\b|was\b|were\b)\w+", re.I)


def _off_duty_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "no more on-call for Radek" (a person after "for") and "the person involved is off the rota"."""
    return _person_after(s, m) if m.group().lower().endswith("for") else _sanctioned_subject(s, m)


def _possessor_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a record or a file that belongs to a person ("in Teodora's file", "to the engineer's file").

    Not a file that belongs to no one named (round 13): "before anything goes on anyone's file"
    and "nothing goes on anybody's record" hold no remedy aimed at a person (see ``_denial``).
    """
    if denied_before(s.text, m.start()):
        return False
    owner = max(s.text.find("'s", m.start(), m.end()), s.text.find("’s", m.start(), m.end()))
    if owner >= 0 and nobody_possessor(s.text, owner + 2):
        return False
    k = s.index_at(m.start()) + 1
    if k >= len(s.tokens):
        return False
    low = s.tokens[k].low
    return low in {"his", "her", "their"} or s.word_kind(k) == _PERSON or s.is_name(k, loose=True)


# Seats only people hold: a person taken "off the aquarium rota" or "from loan duties" lost one. A
# host leaves a "rotation" and a job a "schedule", so those are not read here.
_PEOPLE_SEATS: Final = r"(?:duties|duty|rota|rotas|roster|desk|tour|post|crew|squad)"
_WRITERS: Final = frozenset({"we", "us", "i", "me", "our", "ourselves", "myself"})


def _seat_taken_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a removal from a seat whose object (or passive subject) is not the writers and not a system.

    "The museum has removed the registrar from loan duties", "pull Ilse off the weekend rota";
    not "we moved the backups off the desk share" (the writers) or "the job was removed from the
    night roster" (a system).
    """
    if denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    i = s.index_at(m.start("obj")) if m.group("obj") else s.index_at(m.start())
    j = s.index_at(m.start("prep"))
    if m.group("obj"):
        toks = s.tokens[i:j]
        if not toks or any(t.low in _WRITERS for t in toks) or s.noun_phrase_kind(i, j) == _SYSTEM:
            return False
        # The object is people: a person, a name, a pronoun, or a noun of an agent ("the night keeper").
        return any(
            s.word_kind(k) == _PERSON or s.is_name(k, loose=True) or _agentive(s.tokens[k].low) for k in range(i, j)
        )
    a = s.boundary_before(i) + 1
    if any(s.tokens[k].low in _WRITERS for k in range(a, i)):
        return False
    return s.noun_phrase_kind(a, i) != _SYSTEM and s.subject_kind(i) != _SYSTEM


_AGENT_ENDINGS: Final = ("er", "or", "ist", "ant", "ian", "hand", "man", "woman", "boss", "him", "her", "them")


def _agentive(word: str) -> bool:
    """Tell whether *word* has the shape of a noun of an agent ("keeper", "registrar", "pharmacist", "deckhand").

    Read only as the object of a frame that takes people (a seat lost), after the system nouns
    ("server", "router") have been turned down by the noun phrase's kind.
    """
    return (len(word) > 3 and word.endswith(_AGENT_ENDINGS)) or word in {"him", "her", "them"}


def _let_go_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "let the deckhand go", "let him go": a person as the object of "let ... go"."""
    if denied_before(s.text, m.start()):
        return False
    i = s.index_at(m.start("who"))
    j = s.index_at(m.end("who") - 1) + 1
    toks = s.tokens
    if toks[i].low in {"him", "her", "them"}:
        return True
    if s.noun_phrase_kind(i, j) == _SYSTEM:
        return False
    return any(s.word_kind(k) == _PERSON or s.is_name(k, loose=True) or _agentive(toks[k].low) for k in range(i, j))


_OWNED_PAY_RE: Final = lazy_compile(
    r"\b[\w-]+(?:'s|’s)\s+(?:[\w-]+\s+)?(?:fee|fees|allowance|stipend|commission|pay|salary|wages)\b"
)


def _paid_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept pay docked from a person: one named in the sentence, or the pay's owner ("the translator's fee")."""
    if _OWNED_PAY_RE.search(m.group()) and not denied_before(s.text, m.start()):
        return True
    return _person_here(s, m)


_AGAINST_RE: Final = lazy_compile(r"\s+against\s+(?:the|our|a|an|his|her|their)\s", re.I)


def _record_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a mark on a record with a person in the sentence, or one opened against someone."""
    if _AGAINST_RE.match(s.text, m.end()) and not denied_before(s.text, m.start()):
        i = s.index_at(m.end())
        j = min(len(s.tokens), i + 5)
        if all(s.word_kind(k) != _SYSTEM for k in range(i + 1, j)) and not customer_guidance(s, m):
            return True
    i = s.index_at(m.start())
    if s.subject_kind(i) == _SYSTEM or any(s.tokens[k].low in _EMITTING for k in range(s.boundary_before(i) + 1, i)):
        return False  # "the linter emits a final warning", "the scheduler sends a written reminder"
    before = {s.tokens[k].low for k in range(i)}
    if before & {"we", "us", "i"} and before & {"have", "has", "had", "received", "receive", "got", "get"}:
        return False  # "we have ... a warning letter from the rights holder": the writers on the receiving end
    return _person_here(s, m)


# Verbs by which tools put out warnings and reminders.
_EMITTING: Final = frozenset(
    {
        "emit",
        "emits",
        "emitted",
        "show",
        "shows",
        "showed",
        "print",
        "prints",
        "printed",
        "log",
        "logs",
        "logged",
        "raise",
        "raises",
        "raised",
        "display",
        "displays",
        "displayed",
        "send",
        "sends",
        "sent",
        "post",
        "posts",
        "posted",
        "fire",
        "fires",
        "fired",
        "trigger",
        "triggers",
        "triggered",
        "produce",
        "produces",
        "produced",
    }
)


def _owner_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a right taken from its owner when the owner is a person ("Desmond's access is withdrawn").

    Not a service account's or a bot's access, nor an organisation's or a customer's.
    """
    if denied_before(s.text, m.start()) or customer_guidance(s, m):
        return False
    k = s.index_at(m.start("owner"))
    # An organisation's access ends with its contract ("the vendor's access was revoked"): not a sanction.
    if m.group("owner").lower() in _ORGANISATIONS:
        return False
    return s.word_kind(k) == _PERSON or s.is_name(k)


def _suspended_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person suspended or disciplined by order: the object is a person, or the sanction is unpaid."""
    if m.group("unpaid"):
        return True
    k = s.index_at(m.start("who"))
    return k < len(s.tokens) and (s.word_kind(k) == _PERSON or s.is_name(k))


# Rights a person holds at work, which a sanction takes away.
_RIGHTS: Final = r"(?:access|rights|credentials|permissions|privileges|badge|keys|login|account)"


RULES: Final = (
    # ---- round 14: a right taken from a named person or a role, in any clause ending; a person
    # suspended by order; access revoked "for" a person
    _Rule(
        "blame/person-remedy",
        r"\b(?P<owner>[\w-]+)(?:'s|’s)\s+(?:[\w-]+\s+){0,2}?" + _RIGHTS + r"\b[^.;:]{0,60}?\b(?:is|are|was|were|"
        r"will\s+be|to\s+be|have\s+been|has\s+been)\s+(?:(?:now|formally|temporarily|permanently|hereby|also)\s+)?"
        r"(?:revoked|suspended|withdrawn|taken\s+away|rescinded|cancelled|canceled)\b",
        _owner_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("revoked suspended withdrawn taken rescinded cancelled canceled"),
    ),
    _Rule(
        "blame/person-remedy",
        r"^\W*(?:(?:action|todo|to-do)\s*:\s*)?(?:suspend|dismiss|discipline|reprimand|demote|sack)\s+"
        r"(?:the\s+|our\s+)?(?P<who>[\w@'-]+)(?:[^.;:]{0,40}?(?P<unpaid>\bwithout\s+pay|\bunpaid))?",
        _suspended_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("suspend dismiss discipline reprimand demote sack"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:revoke|revoking|revoked|withdraw|withdrawing|withdrew|rescind|rescinding)\s+(?:[\w-]+\s+){0,2}?"
        + _RIGHTS
        + r"\s+(?:for|from)\b",
        _person_after_or_who,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("revoke revoking revoked withdraw withdrawing withdrew rescind rescinding"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bhave\s+a\s+(?:serious|stern|frank|firm|hard|difficult|quiet)\s+(?:conversation|talk|word|chat)\s+with\b",
        _person_after,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("conversation talk word chat", "serious stern frank firm hard difficult quiet"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:lose|loses|losing|will\s+lose)\s+(?:(?:their|his|her|the|its|a|this\s+year's)\s+)?(?:[\w-]+\s+){0,3}?"
        r"(?:job|jobs|contract|bonus|bonuses|position|seat|place\s+on|licen[cs]e|certification|promotion|access|"
        r"rights|credentials|privileges)\b",
        _sanctioned_subject,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "job jobs contract bonus bonuses position seat place licence license certification promotion access "
            "rights credentials privileges"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:face|faces|facing|faced)\s+(?:the\s+|any\s+|some\s+|real\s+)?(?:consequences|sanctions|discipline|"
        r"disciplinary|repercussions)\b|\bwhat\s+(?:consequences|sanctions|repercussions)\b|\b(?:discuss|decide|"
        r"decides|agree)\s+(?:the\s+|on\s+|any\s+)?(?:consequences|sanctions)\b|\bheads?\s+(?:need\s+to|needs\s+to|"
        r"must|should|will|have\s+to|are\s+going\s+to|is\s+going\s+to)\s+roll\b|\bfor\s+(?:consequences|sanctions|"
        r"disciplinary\s+action)\b|\b(?:formal|disciplinary)\s+action\b|\b(?:get|gets|receive|receives|given)\s+"
        r"(?:a\s+)?(?:penalty|strike|black\s+mark|demerit|warning|sanction|punishment)\b|\babout\s+(?:the\s+)?consequences\b|"
        r"\babout\s+(?:his|her|their)\s+(?:conduct|behaviou?r|attitude)\b",
        _sanction_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "consequences sanctions discipline disciplinary repercussions roll action penalty strike mark demerit "
            "warning"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:(?:performance|improvement|"
        r"conduct|corrective|disciplinary)\s+(?:plans?|conversations?|counsell?ing|talks?|meetings?|hearings?|"
        r"process)|corrective\s+action\s+(?:for|against)|appraisals?|last\s+warning|final\s+warning)\b",
        _person_here,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "pip plan plans conversation conversations counselling counseling talk talks meeting meetings hearing "
            "hearings process corrective appraisal appraisals warning"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:formal\s+pip|(?:onto|on|start|open|begin)\s+a\s+(?:formal\s+)?pip)\b(?!\s+(?:install|freeze|cache|package))|"
        r"\b(?:bonus(?:es)?\s+(?:for\s+the\s+\w+\s+)?(?:will|is|are|should|to|would)\s+(?:be\s+)?(?:docked|cut|reduced|withheld|forfeited|"
        r"under\s+review|reflect|affected|clawed\s+back)|(?:eligible|eligibility)\s+for\s+(?:[\w'-]+\s+){0,3}?"
        r"bonus|(?:dock|docked|deduct|deducted|cut|withhold|withheld|claw\s+back)\s+(?!as\s)(?:[\w'-]+\s+){0,6}?"
        r"(?:bonus|bonuses|pay|salary|wages))\b",
        _always,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("bonus bonuses pay salary wages pip"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:in|on|to|into|onto)\s+(?:his|her|their|[\w-]+'s|[\w-]+’s)\s+(?:personnel\s+|hr\s+|employee\s+|"
        r"performance\s+|staff\s+)?(?:file|record)\b",
        _possessor_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("file record"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:record|recorded|note|noted|log|logged|count|counted|hold|held|mark|marked)\s+(?:[\w-]+\s+){0,6}?"
        r"against\b",
        _person_after,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("against"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bno\s+(?:more|further)\s+(?:on-?call|deploys|deployments|releases|shifts|prod(?:uction)?\s+access|"
        r"access|merges|changes)\s+for\b|\b(?:is|are)\s+(?:now\s+)?off\s+the\s+(?:[\w-]+\s+)?(?:rota|rotation|"
        r"roster|schedule)\b",
        _off_duty_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "more further off",
            "call oncall deploys deployments releases shifts prod production access merges "
            "changes rota rotation roster schedule",
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:has|have)\s+been\s+(?:(?:temporarily|permanently|formally|also)\s+)?(?:reassigned|moved\s+off|"
        r"taken\s+off|removed\s+from|pulled\s+(?:off|from)|stood\s+down|demoted|suspended|benched|sidelined|"
        r"grounded|replaced|let\s+go|fired|dismissed|sacked)\b|\b(?:is|are)\s+(?:now\s+)?(?:removed|taken|pulled|dropped)\s+"
        r"(?:from|off)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:rota|rotation|roster|schedule|on-?call|pager)\b|\b(?:is|are)\s+(?:really\s+|even\s+)?(?:suited|fit|"
        r"cut\s+out)\s+(?:to|for)\s+(?:the\s+)?(?:[\w-]+\s+)?(?:rota|rotation|on-?call|job|role|team|production|prod)\b|"
        r"\b(?:access|rights|credentials|permissions|privileges)\s+(?:will\s+be|are|is|to\s+be|have\s+been|has\s+been)\s+"
        r"(?:revoked|removed|suspended|withdrawn|pulled)\s+(?:until|pending|for\s+(?:\d+|a|one|two|three|the\s+rest)|"
        r"indefinitely)\b",
        _sanctioned_subject,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "reassigned moved taken removed pulled stood demoted suspended benched sidelined grounded replaced let "
            "fired dismissed sacked suited fit cut revoked withdrawn"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:hr|human\s+resources|people\s*(?:&|and)\s*culture|people\s+ops|employee\s+relations)\s+(?:to|will|"
        r"should|must|has|have|is|are|can|would)\b|\b(?:publish|share|circulate|announce|post)\s+(?:the\s+)?"
        r"names?\s+of\b|\bname\s+and\s+shame\b|\b(?:terminate|end|cancel)\s+(?:the|their|his|her)\s+"
        r"(?:engagement|employment)\b|\b(?:engagement|employment)\s+(?:will|would|is\s+not\s+going\s+to)\s+"
        r"not\s+be\s+(?:renewed|extended)\b",
        _person_here,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("hr human culture ops relations names name engagement employment"),
    ),
    _Rule(
        "blame/person-remedy",
        # A seat lost, in any tense or voice: "has removed the registrar from loan duties", "was
        # moved off the rota", "is to be pulled from the crew".
        r"\b(?:remove|removes|removed|removing|move|moves|moved|moving|take|takes|took|taken|taking|pull|pulls|"
        r"pulled|pulling|stand|stood|bar|barred|ban|banned|suspend|suspended|exclude|excluded|drop|dropped)\s+"
        r"(?P<obj>(?:[\w'-]+\s+){1,4}?)?(?P<prep>from|off)\s+(?:(?:the|his|her|their|all|any|our|its)\s+)?"
        r"(?:[\w'-]+\s+){0,2}?" + _PEOPLE_SEATS + r"\b(?![-/]|\s+(?:export|exports|file|files|sheet|spreadsheet|page|"
        r"table|channel|entry|list|tool|app|system|bot|service|report|data|view)\b)",
        _seat_taken_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("duties duty rota rotas roster desk tour post crew squad"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\blet\s+(?P<who>(?:the\s+|our\s+|a\s+|that\s+)?(?:[\w'-]+\s+){0,2}?[\w'-]+)\s+go\b"
        r"(?!\s+(?:of|ahead|through|on|by|in|out|back|down|up|unnoticed|unchecked|unanswered))",
        _let_go_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("let", "go"),
    ),
    _Rule(
        "blame/person-remedy",
        # Pay taken for the incident: "dock the translator's fee", "docking the on-call allowance".
        r"\b(?:dock|docks|docked|docking|deduct|deducts|deducted|deducting)\s+(?:[\w'-]+\s+){0,5}?"
        r"(?:fee|fees|allowance|allowances|stipend|commission|overtime|per\s+diem|bonus|pay|salary|wages)\b|"
        r"\bno\s+longer\s+(?:be\s+)?eligible\s+for\b",
        _paid_person_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k("dock docks docked docking deduct deducts deducted deducting eligible"),
    ),
    _Rule(
        "blame/person-remedy",
        # A mark on the record: "an official warning letter", "a written reminder", "a conduct case".
        r"\b(?:(?:written|formal|official|verbal|final)\s+(?:warning|reprimand|caution|reminder)s?|warning\s+letters?|"
        r"(?:conduct|misconduct|disciplinary)\s+(?:case|investigation|inquiry|enquiry|review|file|procedure)s?)\b",
        _record_gate,
        _MESSAGE,
        _SUGGESTION,
        keys=_k(
            "warning reprimand caution reminder warnings reminders letter letters case investigation inquiry "
            "enquiry review file procedure cases"
        ),
    ),
)
