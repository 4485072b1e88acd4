"""A person in a slot that carries blame, and a person's act measured against a novice (round 23, issue 14).

Some frames carry the blame themselves, whatever words fill them, so the reading is of the frame and of
who stands in it, not of a list of phrases:

* **A mock award**: an award, trophy, medal or prize that goes to a person ("And this year's Golden
  Spanner award goes to Dean, for refitting the brake pads back to front", "give that man a medal",
  "congratulations to Felix on his third consecutive win"). The same frame about a thing ("Golden medal
  of the season goes to the parking barrier") or a sincere award for a rescue ("the Unsung Hero award
  goes to Brendan, who phoned all 140 passengers") is not read.
* **A lesson for a person**: "Lesson for Colin: you call the harbour before you move a boat". A lesson
  for a place, a plan or a thing ("Lesson for the depot: the line switch will send a message") is not
  read, nor one for the writers ("The lesson for us is that ...").
* **A teasing reveal**: "Guess who was on.", "you'll never guess whose name is on the closing
  checklist". A reveal of a rescue ("Guess who got the freezer back under -70 by 04:00?") is not read.
* **A novice who would have known**: a child, a trainee, a first-week starter as the subject of a verb
  of knowing or seeing ("even a child knows this", "any kid in Pond Inlet knows you don't ...", "the kind
  of mistake only a beginner makes"), and a person's act likened to a novice's ("was like handing a
  toddler the keys to a forklift"). The likeness about a machine ("behaves like a toddler with a shape
  sorter") and a novice beside an expert ("a first-day trainee and a twenty-year programmer see the same
  grid") are not read.
* **Condescension about a person's act**: a rhetorical "how hard is it to read a plan before typing yes?"
  (not "how hard is it for the scanner to ...", not a question answered at once), and "it's no rocket
  science" said to or about people ("It's no rocket science, man, you check the blood group twice"), not
  about a remedy the writers make ("The fix is not rocket science: we add a second check").
* **A person's act in a cause clause**: "because" followed by a person and a verb in the past, whatever
  the verb ("the reefer ran warm because Lerato unplugged it to charge her phone"): the clause gives the
  act as the cause. Not a state, a saying or a sensing ("because Priya was on leave", "because Sam
  asked us to wait"), not the writers ("because we switched ..."), not after a good outcome ("the
  restore worked because Maria kept a copy"), not an act that answered a signal ("because Anouk pressed
  the emergency stop when the oil warning came on").
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _PERSON, _SYSTEM, _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._rule import _k, _Rule
from postmortem.checks._blame._vocabulary import _IRREGULAR_PAST, vocabulary

# Where a slot's filler ends: a mark, a clause opening, a preposition after its head.
_FILLER_ENDS: Final = frozenset(
    {",", ".", ":", ";", "!", "?", "(", ")", "—", "–", "who", "which", "that", "for", "on", "with", "in", "at", "from"}
)
# Leading marks and words a filler may open with ("goes to... Liesel", "to our Manjunath").
_FILLER_SKIP: Final = frozenset({"...", "…", ".", "*", "**", "-"})
_DETERMINERS: Final = frozenset({"the", "our", "my", "your", "a", "an", "that", "this", "their", "his", "her"})
# The writers: a lesson or award for them is the writers' own account.
_WRITERS: Final = frozenset({"us", "me", "we", "i", "ourselves", "myself", "everyone", "everybody", "all"})
# Plain words for a person that the role list does not hold ("give that man a medal").
_PERSON_NOUNS: Final = frozenset(
    {"man", "woman", "guy", "bloke", "chap", "fella", "lad", "lass", "son", "boy", "girl", "gentleman", "lady"}
)
# A sincere award or reveal: a rescue, a catch, thanks.
_SINCERE_RE: Final = lazy_compile(
    r"\b(?:thank\w*|hero\w*|kudos|grateful|gratitude|saved|rescued|caught|catching|spotted|phoned|helped|"
    r"recover\w*|restor\w*|fix|fixes|fixed|fixing|(?:got|brought)\s+(?:\w+\s+){0,3}?(?:back|running|working|going))\b",
    re.I,
)


def _filler_end(s: _Sentence, i: int) -> int:
    toks = s.tokens
    end = i
    while end < min(len(toks), i + 6) and toks[end].low not in _FILLER_ENDS:
        end += 1
    return end


def _person_filler(s: _Sentence, i: int, stop: int | None = None) -> int | None:
    """Return where a person filling the slot from token *i* ends, or None when no person fills it.

    A name ("Dean", "our Manjunath", "Ruth at the lookout"), a role or group of people ("the night
    porter", "the Friday ramp crew"), a plain word for a person ("that man"); not the writers, not a thing.
    """
    toks = s.tokens
    while i < len(toks) and toks[i].low in _FILLER_SKIP:
        i += 1
    end = _filler_end(s, i) if stop is None else stop
    if end <= i or toks[i].low in _WRITERS:
        return None
    words = range(i, end)
    first = i + 1 if toks[i].low in _DETERMINERS else i
    if first >= end:
        return None
    kind = s.noun_phrase_kind(i, end)
    if kind == _SYSTEM and toks[end - 1].low not in _PERSON_NOUNS:
        return None
    if (
        kind == _PERSON
        or toks[end - 1].low in _PERSON_NOUNS
        or any(s.is_name(k, loose=True) and s.word_kind(k) != _SYSTEM for k in words if k >= first)
    ):
        return end
    return None


# --- a mock award ---------------------------------------------------------------------------

_AWARD_TO: Final = frozenset({"to", "for"})
_GIVE: Final = frozenset({"give", "gives", "giving", "gave", "hand", "award", "awarded"})


def _award_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept an award, trophy, medal or prize given to a person, unless it is sincere (see the module)."""
    if _SINCERE_RE.search(s.text):
        return None
    toks = s.tokens
    a = s.index_at(m.start())
    # "give that man a medal", "Give the man a medal: ...": the receiver between the giving and the award's article.
    for k in range(max(0, a - 8), a):
        if toks[k].low in _GIVE:
            article = next((j for j in range(a - 1, k, -1) if toks[j].low in _AWARD_ARTICLES), a)
            if article > k + 1 and _person_filler(s, k + 1, article) is not None:
                return toks[k].start, m.end()
    # The receiver after "to" or "for" (an award that goes to Dean, a prize for Sami, congratulations to
    # Marit), read up to the clause's end: a later "to Kandy" after "which took the samples" is a place.
    for k in range(len(toks)):
        if k > a and toks[k].low in _CLAUSE_STOPS:
            break
        if k == a + 1 and toks[k].low == "for":
            continue  # the award's name ("Award for Most Improved Component: the new door sensor")
        if toks[k].low in _AWARD_TO and k + 1 < len(toks) and (k > a or toks[k - 1].low in _CONGRATULATED):
            end = _person_filler(s, k + 1)
            if end is not None:
                first, last = min(a, k), max(s.index_at(m.end() - 1), end - 1)
                return toks[first].start, toks[last].end
    return None


_CONGRATULATED: Final = frozenset({"congratulations", "congrats", "mention"})
_AWARD_ARTICLES: Final = frozenset({"a", "an", "the", "this", "another", "some"})
_CLAUSE_STOPS: Final = frozenset({";", ":", "which", "who", "whose", "because", "when", "while", "after", "and"})


# --- a lesson for a person ------------------------------------------------------------------


def _lesson_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "Lesson for <person>": the person is told what they should have done."""
    i = s.index_at(m.end())
    end = _person_filler(s, i)
    if end is None:
        return None
    return m.start(), s.tokens[end - 1].end


# --- a teasing reveal -----------------------------------------------------------------------


def _reveal_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "guess who/whose ..." unless what is revealed is a rescue."""
    return not _SINCERE_RE.search(s.text, m.end())


# --- a novice who would have known ----------------------------------------------------------

_NOVICE = (
    r"(?:child|children|kid|kids|toddler|toddlers|schoolchild|schoolboy|schoolgirl|beginner|novice|newbie|"
    r"trainee|intern|junior|student|apprentice|(?:first|1st)[\s-](?:day|week|year)(?:[\s-][\w-]+)?|"
    r"work[\s-]experience\s+(?:kid|student|lad|lass|starter))"
)
_KNOWING = (
    r"(?:(?:could|would|can|will|should|might)(?:\s+(?:easily|have))?\s+(?:see|seen|tell|told|know|known|spot|"
    r"spotted|notice|noticed|understand|understood|catch|caught|work\s+(?:it|that|this)\s+out|figure\s+(?:it|that)\s+out)"
    r"|knows?|understands?|makes|made)"
)


def _likeness_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's act likened to a novice's, when the sentence names a person and a thing is not its subject."""
    toks = s.tokens
    return (
        any(s.word_kind(k) == _PERSON or s.is_name(k) for k in range(len(toks)))
        and s.subject_kind(s.index_at(m.start())) != _SYSTEM
    )


def _novice_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a novice who would have known, unless a question asks it."""
    return not s.text.rstrip().endswith("?")


# --- condescension ---------------------------------------------------------------------------

# What opens an answer given at once ("How hard was it to restore? Not very: ...").
_ANSWER_RE: Final = lazy_compile(
    r"\s*(?:not\b|very\b|quite\b|harder\b|easier\b|easy\b|hard\b|it\b|we\b|our\b|answer|\d)", re.I
)
_YOU: Final = frozenset({"you", "your", "you'd", "you're", "ya", "man", "mate", "folks", "guys"})


def _how_hard_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a rhetorical "how hard is it to <act>?" about people (see the module)."""
    toks = s.tokens
    i = s.index_at(m.end())
    for k in range(s.index_at(m.start()), min(i, len(toks))):
        if toks[k].low == "for":
            end = next((j for j in range(k + 1, i) if toks[j].low == "to"), i)
            if s.noun_phrase_kind(k + 1, end) == _SYSTEM:
                return False  # "how hard is it for the scanner to read a barcode?": the machine's task
    return not _ANSWER_RE.match(s.following)


def _rocket_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "no rocket science" in a sentence that speaks to or about people, not of the writers' remedy."""
    toks = s.tokens
    lows = {t.low for t in toks}
    if lows & {"we", "we'll", "we're", "our"} and not lows & _YOU:
        return False
    return bool(lows & _YOU) or any(s.word_kind(k) == _PERSON and toks[k].low not in _ANYONE for k in range(len(toks)))


# People in general: "nobody budgeted the time" speaks of the organisation, not of one person's slip.
_ANYONE: Final = frozenset(
    {"nobody", "no-one", "anyone", "anybody", "everyone", "everybody", "someone", "somebody", "they", "them", "people"}
)


# --- a person's act in a cause clause ---------------------------------------------------------

# Verbs in the past that tell no act of the person's own: being, having, saying, asking, sensing, credit.
_NOT_ACTS: Final = frozenset(
    {
        "was",
        "were",
        "had",
        "did",
        "said",
        "asked",
        "told",
        "warned",
        "reported",
        "noticed",
        "spotted",
        "caught",
        "called",
        "raised",
        "flagged",
        "escalated",
        "followed",
        "needed",
        "wanted",
        "knew",
        "felt",
        "seemed",
        "looked",
        "heard",
        "saw",
        "thought",
        "believed",
        "expected",
        "assumed",
        "agreed",
        "requested",
        "approved",
        "confirmed",
        "explained",
        "mentioned",
        "noted",
        "realised",
        "realized",
        "suggested",
        "offered",
        "helped",
        "tried",
        "checked",
        "kept",
        "saved",
        "fixed",
        "restored",
        "recovered",
        "managed",
        "joined",
        "arrived",
        "retired",
        "resigned",
        "moved",
        "used",
        "got",
        "came",
        "went",
        "became",
        "remained",
        "stayed",
        "lived",
        "worked",
        "owned",
        "held",
        "sat",
        "stood",
        "waited",
        "slept",
        "paid",
        "received",
        "booked",
        "signed",
        "built",
        "designed",
        "created",
        "wrote",
        "certified",
        "happened",
        "remembered",
        "trusted",
    }
)
# Heads of a subject that act as a process or a machine here: a company outside the team (its
# acts are its own process, read by the rules for other teams), a console ("the desk loaded the cue list").
_NOT_ACTORS: Final = frozenset(
    w + e
    for w in (
        *vocabulary("third_parties"),
        *("desk", "board", "console"),
        # a group's act is its process ("the finance team consolidated billing projects")
        *("team", "department", "committee", "council", "office", "management", "leadership", "company", "firm"),
    )
    for e in ("", "s")
)
_BEFORE_ACT: Final = frozenset({"just", "then", "simply", "also", "accidentally", "quietly", "again", "had", "'d"})
# The writers, and "they", which as often stands for things ("the pods ..., because they had cached the IP").
_WRITERS_SUBJECTS: Final = frozenset({"we", "i", "us", "our", "my", "they", "it", "nobody", "no-one"})
# A good outcome before "because": the act is credited, not blamed.
_GOOD_BEFORE_RE: Final = lazy_compile(
    r"\b(?:worked|works|held|survived|recovered|restored|saved|avoided|prevented|caught|spotted|in\s+time|"
    r"only\s+lost|no\s+(?:data|one|harm)|went\s+well|succeeded|on\s+time|early|ahead|picked\s+(?:it|them|this)\s+up)\b",
    re.I,
)


# After the act, a signal it answered: the person acted on what the system showed ("because Anouk
# pressed the emergency stop when the oil warning came on"), which is the system's story, not blame.
_ANSWERED_SIGNAL_RE: Final = lazy_compile(
    r"\b(?:when|as\s+soon\s+as|once|after)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:warnings?|alarms?|alerts?|lights?|lamps?|sirens?|horns?|buzzers?|beepers?|gauges?|indicators?|signals?|"
    r"readings?|pagers?)\s+(?:had\s+)?(?:came|come|went|gone|sounded|showed|shown|flashed|tripped|lit|rang|rung|"
    r"fired|appeared|started|began|beeped|read)\b",
    re.I,
)


_PAST_WORDS: Final = "|".join(sorted(_IRREGULAR_PAST, key=lambda w: (-len(w), w)))


def _is_past(low: str) -> bool:
    return low in _IRREGULAR_PAST or (low.endswith("ed") and len(low) > 3 and low.isalpha())


def _past_act(s: _Sentence, i: int) -> int | None:
    """Return the token of the verb in the past after the subject opening at token *i*, or None."""
    toks = s.tokens
    for k in range(i + 1, min(len(toks), i + 5)):
        low = toks[k].low
        if low in _BEFORE_ACT or low.endswith("ly"):
            continue
        if _is_past(low):
            return None if low in _NOT_ACTS else k
        if s.is_verb(k) or low in _FILLER_ENDS:
            return None
    return None


def _cause_act_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "because <person> <verb in the past>" (see the module): the span from the person to the verb."""
    if _GOOD_BEFORE_RE.search(s.text, 0, m.start()):
        return None
    toks = s.tokens
    i = s.index_at(m.end())
    k = _past_act(s, i) if i < len(toks) else None
    if k is None or _ANSWERED_SIGNAL_RE.search(s.text, toks[k].end):
        return None
    end = next((j for j in range(i, k) if toks[j].low in _BEFORE_ACT or toks[j].low.endswith("ly")), k)
    if any(toks[j].low in _WRITERS_SUBJECTS for j in range(i, end)) or toks[end - 1].low in _NOT_ACTORS:
        return None  # the writers; a company's own process ("the supplier reused a lot number"); a console
    # A name opens the subject; after a determiner the words must read as people ("the Steam Deck
    # verification failed" is a product's check).
    person = s.noun_phrase_kind(i, end) == _PERSON or (
        toks[i].low not in _DETERMINERS and any(s.is_name(j) and s.word_kind(j) != _SYSTEM for j in range(i, end))
    )
    if person and _engages_a_safeguard(s, k):
        return None
    return (toks[i].start, toks[k].end) if person else None


# A safeguard the person set working ("because Anouk pressed the emergency stop when the oil warning came
# on"): the act protected; taking one away ("switched its alarm to quiet", "put the monitor to mute") is not this.
_SAFEGUARDS: Final = frozenset({"emergency", "e-stop", "estop", "brake", "brakes", "alarm", "alarms"})
_ENGAGING: Final = frozenset(
    {"pressed", "hit", "pushed", "pulled", "engaged", "activated", "triggered", "applied", "sounded"}
)
_DISENGAGED: Final = frozenset(
    {"off", "mute", "muted", "quiet", "silent", "manual", "bypass", "disabled", "unplugged", "out", "down", "override"}
)


def _engages_a_safeguard(s: _Sentence, k: int) -> bool:
    """Tell whether the verb at token *k* sets a safeguard working (see above)."""
    toks = s.tokens
    end = s.clause_end(toks[k].end)
    after = [t.low for t in toks[k + 1 :] if t.start < end]
    return (
        toks[k].low in _ENGAGING
        and any(w in _SAFEGUARDS for w in after[:4])
        and not any(w in _DISENGAGED for w in after)
    )


_MESSAGE_AWARD: Final = "Gives a person a mock award for the failure: the frame holds them up as its cause."
_SUGGESTION_AWARD: Final = (
    "Drop the award and describe what made the act easy to get wrong (a missing guard, a default, "
    "the time of day) and what will catch it next time."
)

RULES: Final = (
    _Rule(
        "blame/named-person",
        r"\b(?:awards?|trophy|trophies|medals?|prizes?)\b",
        _award_gate,
        _MESSAGE_AWARD,
        _SUGGESTION_AWARD,
        keys=_k("award awards trophy trophies medal medals prize prizes"),
    ),
    _Rule(
        "blame/named-person",
        r"\blessons?\s+for\b",
        _lesson_gate,
        "Addresses the lesson to a person: it tells them what they should have done, not what the system lacked.",
        "Make the lesson about the system: which check, reminder or design would make the right step the easy one.",
        keys=_k("lesson lessons", "for"),
    ),
    _Rule(
        "blame/named-person",
        r"\bguess(?:ing)?\s+(?:who|whose)\b",
        _reveal_gate,
        "Invites the reader to guess who did it: a teasing reveal that points at a person.",
        "Say what happened and what made it possible; the person's name adds blame, not understanding.",
        keys=_k("guess guessing", "who whose"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:any|every|even\s+an?|an?|only\s+an?)\s+(?:[\w-]+\s+){0,2}?" + _NOVICE + r"\s+"
        r"(?:(?:in|at|on|from|of)\s+(?:[\w'’-]+\s+){1,3}?)?" + _KNOWING + r"\b",
        _novice_gate,
        "Says a novice would have known better: a hindsight judgement of the people who did not.",
        "Describe what the people involved saw and knew at the time, and what made the risk hard to weigh then.",
        keys=_k(
            "child children kid kids toddler toddlers schoolchild schoolboy schoolgirl beginner novice newbie trainee "
            "intern junior student apprentice first 1st experience"
        ),
    ),
    _Rule(
        "blame/named-person",
        # A verb in the past within four words after "because" (read before the gate tokenises the sentence).
        r"\bbecause\s+(?!(?:of|we|i|it|its|it's|they|this|that|there|these|those|nobody|no-one|our|my)\b)"
        r"(?=(?:[\w'’.-]+\s+){1,4}?(?:[a-z]+ed|" + _PAST_WORDS + r")\b)",
        _cause_act_gate,
        "Gives a person's act as the cause: the clause after *because* names who did it, not what let it happen.",
        "Describe the conditions that let the act cause the failure (a missing guard, a default, a label), "
        "and leave out who performed it.",
        keys=_k("because"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bhow\s+(?:hard|difficult)\s+(?:is|was|can|could)\s+it\s+(?:(?:really|be|have\s+been)\s+){0,2}"
        r"(?:for\s+(?:[\w'’-]+\s+){1,3}?)?to\s+[a-z]",
        _how_hard_gate,
        "Asks how hard a step could be: a rhetorical question that calls the person's slip obvious.",
        "Ask what made the step easy to miss at the time (what the screen, the plan or the workload showed).",
        keys=_k("how", "hard difficult"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:is|was|it's|isn't|wasn't|ain't|not|no)\s+(?:exactly\s+|really\s+)?(?:rocket\s+science|brain\s+surgery)\b",
        _rocket_gate,
        "Says the task was simple: condescension that calls the person's slip obvious.",
        "Describe what made the task easy to get wrong at the time, and what would make it hard to get wrong.",
        keys=_k("rocket brain", "science surgery"),
    ),
    _Rule(
        "blame/character",
        r"\blike\s+(?:(?:watching|handing|giving|letting|putting|asking|trusting)\s+an?\s+(?:[\w-]+\s+){0,1}?"
        + _NOVICE
        + r"|(?:it\s+was|it's|it\s+is|it\s+were)\s+(?:his|her|their)\s+first\s+(?:day|week|time))\b",
        _likeness_gate,
        "Likens a person's act to a novice's: it mocks the person instead of describing what made the task hard.",
        "Describe what the task asked of the person and what would have made it easier to do right.",
        keys=_k(
            "like", "child kid kids toddler beginner novice newbie trainee intern student apprentice experience first"
        ),
    ),
)
