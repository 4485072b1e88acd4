"""Sarcasm, hindsight and sanctions told in idioms (round 8 of issue 14).

Sarcasm in post-mortems is written in a handful of English constructions more than in any
word: scare quotes after feigned delight (*love that our "highly available" setup ...*), a
quoted promise and what it turned out to mean (*turns out "tested locally" meant ...*),
*another day, another ...*, *nothing says quality like ...*, *clearly the best time to ...
is ...*, *apparently the plan was ...*, *it takes real talent to delete ...*. Hindsight
verdicts have their idioms too (*how anyone thought that was fine is beyond me*, *common
sense would have prevented this*, *anyone paying attention*, *never going to end well*), and
so do sanctions (*written up*, *name and shame*, *make an example of*, *spoken to*, *HR has
been looped in*, *dismissal of the contractor*). Each is read with a gate that turns down the
same words about a system or denied.

Every pattern is literal words and bounded gaps: linear in the text.
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _Sentence
from postmortem.checks._blame._denial import denied_before
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._gates import _person_follows_gate, _person_subject, aimed_at_a_thing
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._irony import RULES as _IRONY
from postmortem.checks._blame._named_person_gates import _culprit_gate
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import vocabulary


def _undenied_sanction_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a sanction on a person, unless denied ("nobody will be disciplined for this", round 8)."""
    return _person_subject(s, m) and not denied_before(s.text, m.start())


_SARCASM: Final = "Sarcasm aimed at the people involved: it judges them without saying what happened."
_SARCASM_SUGGESTION: Final = "Say plainly what happened and which conditions allowed it."
_HINDSIGHT: Final = "Judges a decision with hindsight: what is plain now was not plain to the people at the time."
_HINDSIGHT_SUGGESTION: Final = (
    "Describe what the people involved knew and saw at the time, and what would have made the risk visible."
)
_VENTING: Final = "Vents at a person or a team for a pattern of failures instead of asking why it recurs."
_VENTING_SUGGESTION: Final = (
    "Describe what makes the failure recur (a missing guard, a shared credential, a process gap) and what stops it."
)
_REMEDY: Final = "Proposes a sanction against a person as the remedy; that punishes, it does not make the system safer."
_REMEDY_SUGGESTION: Final = (
    "Drop sanctions from the post-mortem; name the change to the system or the process that "
    "makes the failure less likely, and give it an owner and a due date."
)

# Verbs of harm: "it takes real talent to delete the production database" mocks; "it takes
# real skill to debug a race like this" praises.
_HARM_LEMMAS: Final = frozenset(
    lemma(w)
    for w in vocabulary("destructive_verbs") | vocabulary("harm_verbs") | {"take", "bring", "knock", "break", "lose"}
)


def _culprit_named_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a hunt for the person responsible, unless "culprit found:" names a thing after it.

    Round 15: "11:40 culprit found: an old token cached on a build runner" is the cause, found; "culprit
    found: Jonas", "culprit identified: the temp's laptop script" and "culprit identified." with nothing
    after it name or seek a person.
    """
    if not _culprit_gate(s, m):
        return False
    named = _NAMED_AFTER_RE.match(s.text, m.end()) if m.group().lower().startswith("culprit") else None
    if named is None:
        return True
    k = s.index_at(named.end())
    if k >= len(s.tokens):
        return True
    # A person anywhere in what is named ("the contractor's laptop script", "the change by the on-call").
    end = next((j for j in range(k, len(s.tokens)) if s.tokens[j].low in {";", "."}), len(s.tokens))
    return any(s.word_kind(j) == _PERSON or s.is_name(j, loose=True) for j in range(k, end))


_NAMED_AFTER_RE: Final = lazy_compile(r"\s*[:—–]\s*|\s+-\s+")


def _talent_gate(s: object, m: re.Match[str]) -> bool:
    """Accept "it takes real talent to <harm>": the skill praised is a harm done."""
    rest = m.string[m.end() : m.end() + 30].split()
    return bool(rest) and lemma(rest[0].strip(".,;:!?").lower()) in _HARM_LEMMAS


def _how_gate(s: object, m: re.Match[str]) -> bool:
    """Accept "... is beyond me" when the sentence asks how or why someone did it."""
    return re.search(r"\b(?:how|why)\b", m.string[: m.start()], re.I) is not None


_SELF: Final = frozenset({"i", "we", "me", "us", "our", "my", "you", "your"})


def _someone_else_follows_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept when a person other than the writers follows ("every time Boris touches ...")."""
    i = s.index_at(m.end())
    if i >= len(s.tokens) or s.tokens[i].low in _SELF:
        return None
    return _person_follows_gate(s, m)


def _someone_else_in_sentence_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept venting when the sentence names a person or team other than the writers.

    Round 14: not venting at a thing ("sick of the kiosk that ..."), see _gates.aimed_at_a_thing.
    """
    if m.group().lower().endswith(("of", "with")) and aimed_at_a_thing(s, s.index_at(m.end())):
        return False
    return any(tok.low not in _SELF and s.word_kind(k) == _PERSON for k, tok in enumerate(s.tokens)) and _culprit_gate(
        s, m
    )


_QUOTE_OPEN = r"[\"'“‘]"
_QUOTED = r"[\"'“‘][^\"“”\n]{1,40}?[\"'”’]"

RULES: Final = (
    # ---- sarcasm
    _Rule(
        "blame/character",
        r"\b(?:love|loved|loving|glad\s+to\s+see|nice\s+to\s+see|good\s+to\s+see|great\s+to\s+see|good\s+to\s+know|"
        r"nice\s+to\s+know)\s+(?:that\s+)?(?:the\s+part\s+where\s+)?(?:our|the|their|your)\s+" + _QUOTE_OPEN,
        _culprit_gate,
        _SARCASM,
        _SARCASM_SUGGESTION,
        keys=_k("love loved loving glad nice good great", "our the their your"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:turns\s+out|turned\s+out|apparently|so)\s*,?\s+" + _QUOTED + r"\s+(?:now\s+|really\s+|actually\s+)?"
        r"(?:meant|means|is\s+(?:now\s+)?code\s+for|was\s+code\s+for|is\s+now\s+an?)\b",
        _culprit_gate,
        _SARCASM,
        _SARCASM_SUGGESTION,
        keys=_k("turns turned apparently so", "meant means code now"),
    ),
    _Rule(
        "blame/character",
        r"\banother\s+day\s*,\s+another\b|\bnothing\s+says\s+(?:[\w-]+\s+){1,4}?like\b|\bin\s+today's\s+episode\s+of\b"
        r"|\b(?:clearly|apparently|obviously|evidently|of\s+course)\s*,?\s+the\s+(?:best|perfect|ideal|right)\s+"
        r"(?:time|place|way|moment)\s+to\b|\bapparently\s*,?\s+the\s+(?:plan|idea|strategy|thinking)\s+was\b"
        r"|\b(?:optional|overrated)\s*,\s*apparently\b",
        _culprit_gate,
        _SARCASM,
        _SARCASM_SUGGESTION,
        keys=_k("another nothing episode clearly apparently obviously evidently course optional overrated"),
    ),
    _Rule(
        "blame/character",
        r"\bit\s+takes\s+(?:real\s+|true\s+|a\s+(?:special|rare)\s+)?(?:talent|skill|genius|effort|dedication)\s+to\b",
        _talent_gate,
        _SARCASM,
        _SARCASM_SUGGESTION,
        keys=_k("takes", "talent skill genius effort dedication"),
    ),
    _Rule(
        "blame/character",
        r"\bwhat\s+a\s+(?:surprise|shock|shocker)\b",
        _culprit_gate,
        _SARCASM,
        _SARCASM_SUGGESTION,
        keys=_k("what", "surprise shock shocker"),
    ),
    # ---- hindsight verdicts in idioms
    _Rule(
        "blame/counterfactual",
        r"\bhow\s+(?:anyone|anybody|someone|they|he|she)\s+(?:ever\s+|really\s+)?(?:thought|could\s+(?:have\s+)?"
        r"(?:thought|believed)|decided|believed|figured|imagined)\b|\b(?:is|was)\s+beyond\s+me\b",
        _how_gate,
        _HINDSIGHT,
        _HINDSIGHT_SUGGESTION,
        keys=_k("how beyond", "anyone anybody someone they he she me"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:simple\s+|basic\s+|plain\s+)?common\s+sense\s+(?:would|could|should)\s+have\b"
        r"|\b(?:nobody|no\s+one|anyone|anybody)\s+(?:sensible|competent|paying\s+attention|with\s+half\s+a\s+brain)\b"
        r"|\bnever\s+going\s+to\s+end\s+well\b",
        _culprit_gate,
        _HINDSIGHT,
        _HINDSIGHT_SUGGESTION,
        keys=_k("common nobody no anyone anybody never", "sense sensible competent paying half end"),
    ),
    # ---- sanctions in idioms
    _Rule(
        "blame/person-remedy",
        r"\b(?:be|been|was|were|get|gets|got|being)\s+(?:written\s+up|spoken\s+to|dealt\s+with|sanctioned|"
        r"disciplined|named\s+and\s+shamed)\b",
        _undenied_sanction_gate,
        _REMEDY,
        _REMEDY_SUGGESTION,
        keys=_k("written spoken dealt sanctioned disciplined named"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bname\s+and\s+shame\b|\bmake\s+an\s+example\s+of\b|\bletter\s+of\s+(?:concern|reprimand|warning)\b"
        r"|\bwhat\s+(?:he|she|they)\s+(?:did|got)\s+wrong\b|\b(?:appropriate|disciplinary|formal)\s+sanctions?\b"
        r"|\b(?:inform|informs|informed|notify|notified|involve|involved|loop(?:ed)?\s+in|escalate(?:d)?\s+to|"
        r"refer(?:red)?\s+to|tell|told)\s+(?:the\s+)?(?:hr|human\s+resources)\b(?!\s+(?:system|portal|database|app|"
        r"platform|api|service|tool|data|feed|integration)s?\b)"
        r"|\b(?:hr|human\s+resources)\s+(?:has|have|had|will|is|are|was|were|to)\s+(?:\w+\s+){0,2}?(?:looped\s+in|"
        r"informed|notified|involved|contacted)\b",
        _culprit_gate,
        _REMEDY,
        _REMEDY_SUGGESTION,
        keys=_k("name make letter what appropriate disciplinary formal hr human"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:dismissal|termination|firing|suspension|demotion|sacking)\s+of\s+",
        _person_follows_gate,
        _REMEDY,
        _REMEDY_SUGGESTION,
        keys=_k("dismissal termination firing suspension demotion sacking", "of"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\bno\s+more\s+on-?call\s+(?:shifts?\s+)?for\s+",
        _person_follows_gate,
        _REMEDY,
        _REMEDY_SUGGESTION,
        keys=_k("no", "more", "call oncall"),
    ),
    # ---- venting at people and culprit hunting
    _Rule(
        "blame/character",
        r"\bevery\s+(?:single\s+)?time\s+|\b(?:second|third|fourth|fifth|sixth|umpteenth|nth)\s+time\s+"
        r"(?:this\s+(?:week|month|quarter|year)\s+)?(?:that\s+)?",
        _someone_else_follows_gate,
        _VENTING,
        _VENTING_SUGGESTION,
        keys=_k("every second third fourth fifth sixth umpteenth nth", "time"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:so\s+|really\s+|getting\s+|frankly\s+|honestly\s+)?"
        r"(?:tired|sick(?:\s+to\s+death)?|fed\s+up)\s+(?:of|with)\b"
        r"|^\W*(?:(?:so|really|honestly|frankly)\s+)?(?:tired|sick|fed\s+up)\s+(?:of|with)\b|\bdone\s+covering\s+for\b"
        r"|\bhow\s+many\s+(?:more\s+)?times\s+(?:do|does|must|will|have)\s+(?:we|i)\s+(?:have\s+to\s+)?"
        r"(?:tell|ask|remind|explain)\b",
        _someone_else_in_sentence_gate,
        _VENTING,
        _VENTING_SUGGESTION,
        keys=_k("tired sick fed covering times"),
    ),
    _Rule(
        "blame/culprit-question",
        r"\b(?:find|found|finding|figure|figured|work|worked)\s+out\s+who(?:\s+(?:did|made|pushed|broke|caused|changed|"
        r"deployed|ran|(?:is|was)\s+(?:responsible|to\s+blame|at\s+fault|accountable))\b|(?=\s*[.!?]|$))"
        r"|\bfind\s+(?:the\s+)?(?:guilty|responsible)\s+(?:person|party|engineer|one|individual)\b"
        r"|\b(?:want|need)\s+(?:a\s+)?names?\s+(?:next\s+to|for|on|behind)\b"
        r"|\bowes?\s+(?:the\s+team|us|everyone|everybody)\s+an?\s+(?:explanation|apology)\b"
        r"|\bculprit\s+(?:identified|found|named)\b",
        _culprit_named_gate,
        "Looks for the person responsible: the sentence is about who, not about how it happened.",
        "Ask what made the failure possible and what would prevent it, not who caused it.",
        keys=_k(
            "out find want need owe owes culprit",
            "who guilty responsible name names explanation apology identified found named",
        ),
    ),
    # ---- round 10: sarcasm and irony aimed at people (see _irony)
    *_IRONY,
)
