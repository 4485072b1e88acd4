"""What a rule is.

A pattern, a gate that decides whether a match is blameful, a message and a suggestion; and
the pattern fragments several rule families share.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Final

import attrs

from postmortem._patterns import compile_pattern
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._denial import blame_disowned, intent_told, rejected_frame
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._speech import claim_answered, mentioned, quoted_across, reported_question


def quoted(text: str, start: int, end: int) -> bool:
    """Tell whether text[start:end] lies inside a double-quoted passage of the sentence *text*.

    Words in double quotes are someone else's, reported or mentioned: a customer's message
    quoted in the impact section (called it "your on-call's mess"), guidance that quotes the
    wording it rejects (we avoid "should have"). A straight quote opens a passage when an
    even number of them stands before it.
    """
    before = text[:start]
    straight = before.count('"')
    if straight % 2 == 1 and '"' in text[end:]:
        return True
    opened = before.rfind("“")
    return opened >= 0 and before.rfind("”") < opened and "”" in text[end:]


# A single quote opens a passage at the start of a word and closes one at the end of a word
# ("wrote that our engineers 'obviously didn't test anything'"); an apostrophe inside a word
# ("didn't") does neither.
_SINGLE_OPEN_RE: Final = lazy_compile(r"(?:^|(?<=[\s(\[]))['‘](?=\w)")
# Round 16: an ellipsis ("'A more careful person would have…'") closes one as a full stop does.
_SINGLE_CLOSE_RE: Final = lazy_compile(r"(?<=[\w.!?,…])['’](?=[\s.,;:!?)\]]|$)")


def _single_quoted(text: str, start: int, end: int) -> bool:
    """Tell whether text[start:end] lies inside a passage of three words or more in single quotes.

    A shorter one is a term or a scare quote (the 'senior' engineer), said in the author's
    own voice; a longer one quotes someone (the vendor's report says it was 'an engineer
    error during maintenance').
    """
    if "'" not in text and "‘" not in text:
        return False
    opener = -1
    # The opener's look-ahead reads the match's first character.
    for m in _SINGLE_OPEN_RE.finditer(text, 0, start + 1):
        if m.start() < start:
            opener = m.start()
    if opener < 0:
        return False
    closers = [m.start() for m in _SINGLE_CLOSE_RE.finditer(text, opener + 1)]
    if any(c < start for c in closers) or not any(c >= end for c in closers):
        return False
    close = next(c for c in closers if c >= end)
    return text.count(" ", opener, close) >= 2


# A verb of saying with a third party as its subject, and what it reports up to the match:
# "a few people said the release manager was to blame", "the vendor's report says the outage
# was caused by ...", "a customer wrote in that ...". The author's own view ("we said", "I
# think") is not reported; the reader's is (round 11: a reply that answers "you also wrote that
# facilities staff should have noticed ..." quotes the claim it answers). Round 14: a place between
# the verb and "that" ("said in the meeting that ...") leaves the white space before "that" read; a
# place opens with a determiner ("in so many words" is no place). Round 22: whom the speaker speaks for may stand
# between commas ("Peter, for the tally centre, said in the meeting that ..."), and "told" someone other
# than the writers reports what follows "that" or "they'd" ("a couple of teams told Karen at the desk they'd
# think twice about next year").
_REPORTED_RE: Final = lazy_compile(
    r"\b(?P<subject>[\w'’]+)(?:,\s+(?:for|from|of|on\s+behalf\s+of)\s+[^,;:.!?]{1,40},)?\s+"
    r"(?:(?:first|later|also|then|publicly|loudly|angrily)\s+)?"
    r"(?:said|says|wrote|writes|claimed|claims|tweeted|posted|alleged|complained|replied|commented|"
    r"told\s+(?!us\b|me\b|[\w'’-]*ly\b)[\w'’-]+(?:\s+at\s+the\s+[\w-]+)?(?=\s+(?:that|they'd|they\s+would|they\s+will|they'll)\b))\b"
    r"(?:\s+(?:in|on|to|under|at)\s+(?:the|a|an|our|their|his|her|its|this|that|my|your)\s+(?:[\w-]+\s+){0,2}?(?=that\b))?"
    r"(?:(?:\s+|(?<=\s))that\b|\s*[\"“'‘]|\s+(?:the|our|a|an|his|her|their|its|it|this|these|they|he|she|someone|somebody)\b)",
    re.I,
)
# Not a third party reporting: the author, and a relative ("whoever wrote that load test" wrote
# code, not words).
_NOT_REPORTERS: Final = frozenset({"i", "we", "and", "who", "whoever", "that", "which"})


def reported(text: str, start: int) -> bool:
    """Tell whether text[start:] is what someone else said, in the clause of a verb of saying before it.

    The report runs from the verb to the next semicolon, colon, "and" or "but"; a blameful
    phrase there is reported, not the author's judgement (what the review found usually follows).
    """
    clause = max(text.rfind(";", 0, start), text.rfind(":", 0, start)) + 1
    found = None
    for report in _REPORTED_RE.finditer(text, clause, start):
        found = report
    if found is None or found.group("subject").lower() in _NOT_REPORTERS:
        return False
    # "... said the certs needed rotating and every one of them was shrugged off": a clause
    # joined after the report is the author's again.
    return _JOINED_RE.search(text, found.end(), start) is None


_JOINED_RE: Final = lazy_compile(r"\b(?:and|but|yet)\b", re.I)


def _unquoted(
    gate: Callable[[_Sentence, re.Match[str]], bool | tuple[int, int] | None],
) -> Callable[[_Sentence, re.Match[str]], bool | tuple[int, int] | None]:
    """Wrap a gate so that a match inside a double-quoted passage is never a hit."""

    def unquoted_gate(s: _Sentence, m: re.Match[str]) -> bool | tuple[int, int] | None:
        if quoted(s.text, m.start(), m.end()):
            return False
        verdict = gate(s, m)
        # Read after the gate: most matches are turned down by it, and then need no look back.
        if verdict and (
            _single_quoted(s.text, m.start(), m.end())
            or reported(s.text, m.start())
            # Round 8: a quotation over several sentences, a phrase mentioned, a report of
            # speech, thought or a question (see _speech).
            or quoted_across(s.text, m.start(), m.end(), s.quotes)
            or mentioned(s.text, m.start())
            or reported_question(s.text, m.start())
            or rejected_frame(s.text, m.start())
            or blame_disowned(s.text)
            or intent_told(s.text)
            or claim_answered(s, m.start())
            or s.spoken
        ):
            return False
        return verdict

    unquoted_gate.__doc__ = gate.__doc__
    unquoted_gate.__name__ = getattr(gate, "__name__", "gate")
    return unquoted_gate


# Compared by identity: each rule is one object, and the scan tests membership of rules in
# lists of candidates, where comparing every field of two rules was most of the cost.
@attrs.frozen(eq=False)
class _Rule:
    rule: str
    # The pattern's source, compiled on first use (see _compiled), case-insensitively.
    source: str
    # Decides whether a match is blameful; a returned (start, end) moves the span there.
    gate: Callable[[_Sentence, re.Match[str]], bool | tuple[int, int] | None] = attrs.field(converter=_unquoted)
    message: str
    suggestion: str
    # The rule runs only when the sentence holds a word from every one of these sets.
    keys: tuple[frozenset[str], ...]
    # Sets the scan alone requires too, as it requires keys: its gate turns down every sentence
    # holding no word (or mark) of one of them, so the pattern need not run there. Not part of
    # the rule-family signal the scorer reads (see _rule_keys._scan_only_clauses).
    needs: tuple[frozenset[str], ...] = ()
    # Whether a match inside a sentence could fail to match in the line holding it (see
    # _reads_past_sentence); only other rules may be tried on a whole line first.
    edge: bool = attrs.field(init=False)
    # A character every match needs in the text searched: the one a pattern opening with a
    # look-behind for one literal mark ("(?<=:)") reads before the match, else "". The engine has
    # no prefix to skip to before a look-behind and tries such a pattern at every position, so
    # the scan searches it only in a sentence holding that character (round 18).
    behind: str = attrs.field(init=False)

    @edge.default
    def _edge(self) -> bool:
        return _reads_past_sentence(self.source)

    @behind.default
    def _behind(self) -> str:
        return _mark_behind(self.source)


# What a look-behind's one character may not be: syntax (a word character or white space is not
# read either): lower-casing leaves such a mark as it is, and no flag changes what it matches. Read
# without a regular expression, because every rule's mark is read when the checks are imported.
_NOT_A_MARK: Final = frozenset("\\()[]|.?*+{}^$")


def _mark_behind(source: str) -> str:
    """Return the mark a pattern's opening look-behind reads before every match (see ``_Rule.behind``), or ""."""
    if not source.startswith("(?<=") or source[5:6] != ")":
        return ""
    mark = source[4]
    if mark.isalnum() or mark == "_" or mark.isspace() or mark in _NOT_A_MARK:
        return ""  # a word character (what ``\w`` matches), white space or syntax
    if source.startswith(("?", "*", "+", "{"), 6):
        return ""  # made optional by a quantifier
    # The look-behind leads every way only if no "|" stands outside the groups and classes: such
    # a "|" opens a way of the whole pattern without it.
    depth = 0
    pos = 6
    while pos < len(source):
        char = source[pos]
        if char == "\\":
            pos += 1
        elif char == "[":
            # A class: "]" right after "[" or "[^" is one of its characters, not its end.
            pos += 2 if source.startswith("[^", pos) else 1
            pos += source.startswith("]", pos)
            while pos < len(source) and source[pos] != "]":
                pos += 2 if source[pos] == "\\" else 1
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return ""
        pos += 1
    return mark


# Characters a sentence (as _sentences and _line_sentences cut it) may end with.
_SENTENCE_EDGE_CHARS: Final = frozenset(".!?\"'’”)]")


def _reads_past_sentence(source: str) -> bool:
    r"""Tell whether a pattern could match in a sentence but nowhere in the line holding it.

    A sentence is a stretch of its line with white space (or the line's edge) on both
    sides, ending after its full stops and closing marks, and a match uses only its
    characters. The same match is then found in the line, unless the pattern looks past
    the sentence's edges: "^" and "$" anchors, look-behinds, and negative look-aheads that
    can read a full stop or a closing mark (one that cannot never reaches past the
    sentence's end). ``\\b`` next to white space reads alike in both.
    """
    # Unescaped only where it can matter: a pattern without "^" or "$" has none left once
    # unescaped (run at import for every rule, the unescaping was most of the cost).
    if "^" in source or "$" in source:
        unescaped = re.sub(r"\\.", "", source).replace("[^", "[")
        if "^" in unescaped or "$" in unescaped:
            return True
    if "(?<" in source or any(a in source for a in ("\\A", "\\Z", "\\B")):
        return True
    start = source.find("(?!")
    while start >= 0:
        end, reads_edge = _lookahead_body(source, start + 3)
        if reads_edge:
            return True
        start = source.find("(?!", end)
    return False


def _lookahead_body(source: str, pos: int) -> tuple[int, bool]:
    """Read a look-ahead's body from *pos*.

    Returns:
        Where the body ends, and whether it can match a character a sentence may end with
        (see _reads_past_sentence).
    """
    depth = 1
    reads_edge = False
    while pos < len(source) and depth:
        char = source[pos]
        if char == "\\":
            escaped = source[pos + 1 : pos + 2]
            # \b, \s, \w and \d never match a full stop or a closing mark; \W, \S, \D can.
            reads_edge |= escaped not in {"b", "s", "w", "d"} and (escaped in "WSD" or escaped in _SENTENCE_EDGE_CHARS)
            pos += 2
        elif char == "[":
            close = pos + 1 + (source[pos + 1 : pos + 2] == "]")
            close = source.index("]", close)
            chars = source[pos + 1 : close]
            reads_edge |= chars.startswith("^") or any(c in _SENTENCE_EDGE_CHARS for c in chars.replace("\\", ""))
            pos = close + 1
        elif char == "(":
            # A group opens: "(?:" and named groups read like their contents; a look-around
            # inside a look-ahead is read as if it could see anything.
            reads_edge |= source.startswith(("(?=", "(?!", "(?<"), pos)
            depth += 1
            pos += 3 if source.startswith("(?:", pos) else 1
        elif char == ")":
            depth -= 1
            pos += 1
        else:
            # Quantifiers and "|" are syntax; "." matches anything; other characters are literal.
            reads_edge |= char == "." or (char not in "?*+|{},0123456789" and char in _SENTENCE_EDGE_CHARS)
            pos += 1
    return pos, reads_edge


def _compiled(source: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compile a rule's pattern: case-insensitive, for lower-cased text, and for plain ASCII.

    The second runs without IGNORECASE on the lower-cased sentence and is about twice as
    fast; patterns are written in lower case so that both match the same text. The third
    is the second with ASCII-only classes, a quarter faster again: on a text of ASCII
    characters other than the four information separators (U+001C to U+001F, white space
    to Unicode, not to ASCII) it matches exactly what the second matches. Each is compiled
    on first use (see COMPILED): most texts need only the third.
    """
    return COMPILED[0](source), COMPILED[1](source), COMPILED[2](source)


def _compile(flags: re.RegexFlag, faster: bool = False) -> Callable[[str], re.Pattern[str]]:
    @functools.cache
    def compiled(source: str) -> re.Pattern[str]:
        return compile_pattern(source, flags, faster=faster)

    return compiled


#: ``COMPILED[i](source)`` is ``_compiled(source)[i]``, each form compiled on its first use and
#: remembered: a C-level look-up after that, where the scan runs a pattern. The two forms for
#: lower-cased text, which are case-sensitive, run the rewritten code of ``_pattern_speed``
#: (the same matches, found sooner: a word edge read after a word's letters, an alternation's
#: ways grouped by their first letter).
COMPILED: Final = (
    _compile(re.IGNORECASE),
    _compile(re.RegexFlag(0), faster=True),
    _compile(re.ASCII, faster=True),
)


def _k(*groups: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(group.split()) for group in groups)


def _always(_s: _Sentence, _m: re.Match[str]) -> bool:
    return True


_S = r"(?:\s+)"


_SHOULD_HAVE = r"(?:should(?:n't| not)?(?:'ve| have)|ought(?: not)? to have|ought not have)"


_JUDGED_VERBS = (
    r"(?:caught|prevented|avoided|spotted|noticed|known|seen|stopped|checked|detected|"
    r"realized|realised|verified|tested|confirmed|escalated|done|read|asked|waited|"
    r"double-checked|looked|followed|predicted|anticipated)"
)
