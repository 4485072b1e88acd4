"""Whose words a phrase is: quotations over several sentences, words mentioned, reported speech.

A learning review quotes the people it interviewed, and they judge themselves with hindsight
(*"In hindsight that was a lazy assumption."*); a review reports what was said in the channel
(*the remark that the reviewer should have caught it*) and the questions people asked (*someone
asked whether the on-call should have looked at the map*). Those are the speakers' words or
questions, not the author's finding, and the check does not report them.

* A **quotation** is judged as a whole, over every sentence it spans: the sentence reader cuts
  *"Nobody paged me. In hindsight that was a lazy assumption."* in two, and the second half
  holds no opening mark of its own. :func:`quote_context` reads the paragraph around a
  sentence (up to the hard line break before and after it, and at most ``_WINDOW`` characters
  each way, so that the cost stays linear) and says whether the sentence opens inside a
  quotation, and whether one is closed after it.
* A **mention** names a phrase instead of using it: *the phrase "lazy assumption" is hers*,
  *the word blame*, *the card's "Again."*.
* A **turn of a transcript**: a line that opens with a speaker label (*A:*, *Interviewee:*,
  *Jonas:*) and goes on in the first person (*A: Honestly I should have asked sooner*).
* A **report** of speech, thought or a question: a clause after *told us*, *recalled*,
  *admitted*, *felt*, *asked whether* ... (a question asked is not an assertion: *asked on
  social media whether the bank or one of our staff was to blame*); a noun of speech with its
  content (*the remark that ...*, *the accusation that ...*). A verb of saying with the author
  as subject (*we said*, *I think*) is not a report; see :func:`postmortem.checks._blame._rule.reported`
  for the verbs of saying it already knows.

What stays judged: a short quoted term inside the author's own sentence is read by the rules as
before (a scare quote, *the "senior" engineer*), and blame the author states after reporting
someone (*..., and the review agrees that Bob ignored it*) is the author's again once a clause
is joined with *and* or *but*.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from postmortem.checks._blame._folding import lazy_compile

if TYPE_CHECKING:
    from postmortem.checks._blame._clauses import _Sentence

__all__ = ["NO_QUOTES", "mentioned", "quote_context", "reported_question", "speaker_turn"]

# How far a quotation is followed before and after a sentence.
_WINDOW: Final = 2000

#: ``(opens inside a straight quote, opens inside a curly quote, a straight quote mark follows,
#: a closing curly quote follows)`` for a sentence with nothing around it.
NO_QUOTES: Final = (False, False, False, False)


def quote_context(source: str, start: int, end: int) -> tuple[bool, bool, bool, bool]:
    """Read the paragraph of *source* around the sentence ``source[start:end]`` for open quotations.

    Returns:
        Whether the sentence starts inside a straight (``"``) quotation and inside a curly
        (``“``) one, and whether a straight quote mark and a closing curly one stand after it
        in the paragraph. A paragraph ends at a line break: in the text as read (see
        ``_reading``) a soft line break is already a space.
    """
    low = max(0, start - _WINDOW)
    para = source.rfind("\n", low, start) + 1 or low
    high = min(len(source), end + _WINDOW)
    stop = source.find("\n", end, high)
    if stop < 0:
        stop = high
    straight_open = source.count('"', para, start) % 2 == 1
    curly_open = source.rfind("“", para, start) > source.rfind("”", para, start)
    return straight_open, curly_open, source.find('"', end, stop) >= 0, source.find("”", end, stop) >= 0


def quoted_across(text: str, start: int, end: int, context: tuple[bool, bool, bool, bool]) -> bool:
    """Tell whether ``text[start:end]`` (of one sentence) lies in a quotation opened before the sentence.

    *context* is :func:`quote_context` of the sentence. A quotation the sentence itself opens and
    closes is read by ``_rule.quoted``; this one covers what that cannot see: a sentence that
    opens inside a quotation, and one that opens a quotation closed in a later sentence.
    """
    straight_open, curly_open, straight_after, curly_after = context
    if straight_open or straight_after:
        before = text.count('"', 0, start) + straight_open
        if before % 2 == 1 and (straight_after or '"' in text[end:]):
            return True
    if curly_open or curly_after:
        opened = text.rfind("“", 0, start)
        closed = text.rfind("”", 0, start)
        inside = closed < opened if opened >= 0 else curly_open and closed < 0
        if inside and (curly_after or "”" in text[end:]):
            return True
    return False


# A phrase named, not used: "the phrase 'lazy assumption'", "the word *blame*", "the card's 'Again.'".
# A word about words names the phrase after it bare or marked; a word that mostly means a thing
# ("the production line", "the help line", "a label", "the card's") names it only with a quote
# mark or emphasis between them: "the line *should have known better*" is quoted, "the packing
# line operator error" is not.
_MENTION_RE: Final = lazy_compile(
    r"\b(?:(?:words?|phrases?|terms?|wording|expressions?)[ \t]*[\"“'‘*_]*"
    r"|(?:label|card's|line)[ \t]*[\"“'‘*_]+)[ \t]*$",
    re.IGNORECASE,
)


def mentioned(text: str, start: int) -> bool:
    """Tell whether the phrase at *start* is named right after *the word*, *the phrase*, *the term* ..."""
    return _MENTION_RE.search(text, max(0, start - 24), start) is not None


# What someone said, thought or asked, up to the match: a verb of speech or thought with a third
# party as subject (the verbs _rule.reported does not know; "asked whether": a question), or a
# noun of speech with its content ("the remark that ..."). Since round 13 the verb may take a
# reflexive ("we asked ourselves whether our crew should have noticed": still a question).
_REPORT_RE: Final = lazy_compile(
    r"\b(?P<subject>[\w'’]+)\s+(?:(?:first|later|also|then|still|openly)\s+)?"
    r"(?:(?:told|tells)\s+(?:us|me|them|him|her|the\s+\w+|everyone)|recalled|recalls|remembered|explained|explains|"
    r"admitted|admits|insisted|insists|suggested|suggests|mentioned|argued|argues|remarked|reckoned|"
    r"felt|feels|thought|believed|believes|worried|feared|asked|asks|wondered|wonders|assumed|guessed|"
    r"joked|quipped|confessed|conceded|acknowledged|complained|called|calls|described|labell?ed|branded)\b"
    r"(?:\s+(?:ourselves|myself|themselves|himself|herself|aloud)|\s*,\s*[\w-]+(?:\s+[\w-]+)?\s*,)?"
    r"(?:\s+(?:in|on|to|at|during|after)\s+(?:[\w-]+\s+){1,3}?(?=(?:that|whether|if)\b))?"
    r"(?:\s*\b(?:that|whether|if)\b|\s*[:,]?\s*[\"“]|\s+(?:the|our|a|an|his|her|their|its|it|this|they|he|she|someone|somebody|there)\b)"
    r"|\b(?:remark|comment|claim|accusation|allegation|suggestion|complaint|rumou?r|feeling|impression|assumption|"
    r"view|belief|theory|fear|worry|guess|sense|reaction)s?(?:\s+[\w'’-]+){0,4}?\s+that\b",
    re.IGNORECASE,
)
# The author as the one who thinks or asks: not a report.
_AUTHOR: Final = frozenset({"i", "we", "you", "and", "who", "whoever", "that", "which", "it"})
_JOINED_RE: Final = lazy_compile(r"\b(?:and|but|yet)\b", re.IGNORECASE)
_ASKED_RE: Final = lazy_compile(r"\s+(?:(?:first|later|also|then)\s+)?ask(?:ed|s)\b", re.IGNORECASE)


def reported_question(text: str, start: int) -> bool:
    """Tell whether ``text[start:]`` is in a clause someone else said, thought or asked (see the module).

    The clause runs from the report to the match, unless a semicolon, colon, or *and*, *but*,
    *yet* stands between them (what is joined after a report is the author's again). Only the
    80 characters before the match are read for the report, so the cost stays bounded.
    """
    low = max(0, start - 80)
    clause = max(text.rfind(";", low, start), text.rfind(":", low, start), low - 1) + 1
    found = None
    for report in _REPORT_RE.finditer(text, clause, start):
        found = report
    if found is None:
        return False
    subject = found.group("subject")
    if subject is not None and subject.lower() in _AUTHOR and not _ASKED_RE.match(found.group(), len(subject)):
        # "We said ...", "I think ...": the author's own words. A question the author asked
        # ("we asked the on-call why they didn't escalate") is still a question, reported as
        # what the review asked (round 9), not a finding it states.
        return False
    return _JOINED_RE.search(text, found.end(), start) is None


# A turn of an interview transcript: a speaker label at the start of a line ("A:", "**Answer:**",
# "Interviewee:", "Jonas:", "Mei Ling:") and words in the first person within its first words
# ("A: Honestly I should have asked sooner", "Jonas: I thought the alert was noise").
_TURN_RE: Final = lazy_compile(
    r"[ \t>*_-]*(?:A|Q|Answer|Interviewee|Responder|Engineer|[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?)[*_]*[ \t]*:[*_]*"
    r"[ \t]*[\"“]?(?:[\w,’']+[ \t]+){0,2}?(?:I|I'm|I'd|I've|I’m|I’d|I’ve|me|my|we|we're|we’re|our)\b"
)


# Since round 9, the interviewer's side of a transcript: a line labelled with the one who asks
# ("Interviewer:", "**Facilitator:**", "Moderator (JB):"), whatever it says, and a "Q:" line
# answered on the next line by an "A:" line. A learning review prints the questions it asked
# as data ("Interviewer: Why didn't you roll back?"), answered at once; a "Q:" with no answer
# under it is the author's own question, and stays judged.
_ASKER_RE: Final = lazy_compile(
    r"[ \t>*_-]*(?:Interviewer|Facilitator|Moderator|Investigator)(?:[ \t]*\([^)\n]{1,30}\))?[*_]*[ \t]*:"
)
_QUESTION_RE: Final = lazy_compile(r"[ \t>*_-]*(?:Q|Question)[*_]*[ \t]*:")
_ANSWER_RE: Final = lazy_compile(r"\n[ \t>]*\n?[ \t>*_-]*(?:A|Answer)[*_]*[ \t]*:")


# Since round 13, a turn that leaves its first-person subject out, as stand-up notes, chats and
# call notes do ("- Ines: didn't finish the refunds, the sandbox is down", "parent: isn't the water
# checked?"): a speaker label, then a verb with no subject (a contraction or an auxiliary), on a
# line next to another labelled line, so that the text is a record of turns. Not a section label
# ("Root cause: didn't test the change" is the author's).
_ELIDED_TURN_RE: Final = lazy_compile(
    r"[ \t>*_-]*(?P<label>@?[A-Za-z][\w.’'-]{0,24}(?:[ \t][A-Za-z][\w.’'-]{0,24})?)[*_]*[ \t]*:[*_]*[ \t]*[\"“]?"
    r"(?:didn['’]t|don['’]t|doesn['’]t|isn['’]t|wasn['’]t|aren['’]t|weren['’]t|can['’]t|couldn['’]t|won['’]t|"
    r"wouldn['’]t|haven['’]t|hasn['’]t|hadn['’]t|shouldn['’]t|will|can|could|need|needs|got|gonna|going|was|am|"
    r"had|have|did|think|thought|reckon|guess)\b",
    re.IGNORECASE,
)
_LABELLED_LINE_RE: Final = lazy_compile(
    r"[ \t>*_-]*@?[A-Za-z][\w.’'-]{0,24}(?:[ \t][A-Za-z][\w.’'-]{0,24})?[*_]*[ \t]*:"
)
_SECTION_LABELS: Final = frozenset(
    {
        "root cause", "cause", "causes", "summary", "impact", "fix", "fixes", "action", "actions", "note", "notes",
        "lesson", "lessons", "trigger", "detection", "resolution", "status", "update", "problem", "issue",
        "finding", "findings", "why", "what", "result", "outcome", "owner", "follow-up", "followup", "todo",
        "contributing factor", "factor", "timeline", "response", "mitigation", "remediation", "background",
    }
)  # fmt: skip


def _elided_turn(source: str, line: int, head: int) -> bool:
    """Tell whether the line at *line* is a turn with its subject left out, beside another turn (see above)."""
    found = _ELIDED_TURN_RE.match(source, line, head)
    if found is None or found.group("label").lower() in _SECTION_LABELS:
        return False
    before = source.rfind("\n", max(0, line - 400), max(0, line - 1)) + 1
    after = source.find("\n", line)
    return (line > 0 and _LABELLED_LINE_RE.match(source, before, line) is not None) or (
        after >= 0 and _LABELLED_LINE_RE.match(source, after + 1, after + 80) is not None
    )


def speaker_turn(source: str, start: int) -> bool:
    """Tell whether the sentence at *start* of *source* is in a transcript turn (see ``_TURN_RE``).

    The turn is the line *start* sits on, read from its beginning (at most ``_WINDOW``
    characters back); the words after the label are the speaker's, in the first person, or
    the interviewer's (see ``_ASKER_RE``).
    """
    line = source.rfind("\n", max(0, start - _WINDOW), start) + 1
    head = min(len(source), line + 120)
    if _TURN_RE.match(source, line, head) is not None or _ASKER_RE.match(source, line, head) is not None:
        return True
    if _elided_turn(source, line, head):
        return True
    if _QUESTION_RE.match(source, line, head) is None:
        return False
    end = source.find("\n", start, start + _WINDOW)
    return end >= 0 and _ANSWER_RE.match(source, end, end + 40) is not None


# Round 21: a claim of blame that the sentence itself, or the next one, answers with what was found.
# The claim: a report, a form, a statement or a person saying, writing, blaming or giving a cause
# ("the report of the company says human error of the driver", "the incident form gives the cause as
# 'porter carelessness'", "the leader's statement blamed 'careless contractors'"). The answer: after a
# semicolon, a colon or "but", or in the next sentence, what was found or shown ("the review found the
# door closes only if pushed", "the log shows the cable frayed", "what we found was a chafed cable").
_CLAIM_RE: Final = lazy_compile(
    r"\b(?:says?|said|wrote|writes|blamed|blames|gives?|gave|claimed|claims|cited|cites|stated|states|"
    r"put\s+(?:it\s+)?down\s+to|puts\s+(?:it\s+)?down\s+to|call(?:s|ed)?\s+it)\b(?!\s+\d)",
    re.IGNORECASE,
)
# An answer that confirms the claim or judges again ("; no technical cause was found", "; that nobody
# did the sum is the real failure") answers nothing.
_CONFIRMS_RE: Final = lazy_compile(
    r"\bno\s+(?:[\w-]+\s+)?(?:cause|fault|defect|problem|issue|evidence|sign)\b|\b(?:nobody|no\s+one|nothing|failure|fault|"
    r"blame)\b",
    re.IGNORECASE,
)
_FINDING_RE: Final = lazy_compile(
    r"\b(?:found|finds|find|shows?|showed|shown|traced|turned\s+out|revealed|reveals|confirmed|established)\b",
    re.IGNORECASE,
)
_ANSWER_OPENS_RE: Final = lazy_compile(r"[;:]|\s[—–-]\s|,?\s+but\s+|\.\s")
_SENTENCE_FINDING_RE: Final = lazy_compile(
    r"\s*[^.?!]{0,160}?\b(?:found|finds|shows?|showed|traced|turned\s+out|revealed)\b"
)


def claim_answered(s: _Sentence, start: int) -> bool:
    """Tell whether the phrase at *start* is in a claim of blame that what follows answers with a finding.

    The claim's verb stands in the same part of the sentence before the phrase (no semicolon or colon
    between them); the answer follows the phrase after a semicolon, a colon, a dash or "but", or opens
    the next sentence of the paragraph; an answer may also be a clause whose subject is a system ("; the
    signal at the crossing was showing two aspects at once").
    """
    text = s.text
    low = max(0, start - 120)
    part = max(text.rfind(";", low, start), text.rfind(":", low, start), low - 1) + 1
    if _CLAIM_RE.search(text, part, start) is None:
        return False
    opens = _ANSWER_OPENS_RE.search(text, start)
    if opens is None:
        answer = _SENTENCE_FINDING_RE.match(s.following)
        return answer is not None and not _CONFIRMS_RE.search(answer.group())
    if _CONFIRMS_RE.search(text, opens.end()):
        return False
    if _FINDING_RE.search(text, opens.end()):
        return True
    i = s.index_at(opens.end())
    return i < len(s.tokens) and s.noun_phrase_kind(i, s.boundary_from(i + 1)) == "system"
