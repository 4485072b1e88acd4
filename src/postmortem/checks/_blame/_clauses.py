"""The clause reader.

:class:`_Sentence` finds the subject of a clause, the agent of a passive, the antecedent of
"they" and "who", and tells people from systems.
"""

from __future__ import annotations

import bisect
from typing import Any, Final, Literal

from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._seats import _AGENT_ENDINGS, _who_after, seat_at
from postmortem.checks._blame._sentences import _MAX_CLAUSES_BACK, _Token, _token_texts, _tokenise, opens_contrast
from postmortem.checks._blame._speech import quote_context, speaker_turn
from postmortem.checks._blame._vocabulary import (
    _ADVERBS,
    _AUXILIARIES,
    _CLAUSE_WORDS,
    _DETERMINERS,
    _IRREGULAR_PAST,
    _OBJECT_OPENERS,
    _PERSON_PRONOUNS,
    _PREPOSITIONS,
    _QUANTIFIERS,
    _RELATIVES,
    _ROLE_NOUNS_ALL,
    _STAMP_WORDS,
    _SYSTEM_NOUNS_ALL,
    _SYSTEM_PRONOUNS,
    _TECH_WORDS,
    _VERB_FORMS,
    _could_be_first_name,
    vocabulary,
)

_BE_WORDS: Final = vocabulary("be_words")
_SHIFT_WORDS: Final = vocabulary("shift_words")
_DEPARTMENTS: Final = vocabulary("departments")
_ORGANISATIONS: Final = frozenset(w + e for w in vocabulary("organisations") for e in ("", "s"))


# Round 14: occupations by their suffix, so that a seat the role list lacks still reads as a person:
# "-ist" (artist, projectionist, meteorologist) and "-cian" (musician, statistician). Not the
# "-list" things (checklist, playlist), the verbs "exist", "persist", "consist", nor short words
# (gist, mist); other agent suffixes ("-er", "-or") name software as often as people (scheduler,
# controller) and stay with the role list.
_PERSON_SUFFIX_RE: Final = lazy_compile(r"[a-z]{3,}(?<!l)(?<!s)(?<!x)(?<!w)(?<!o)(?<!e)(?:ist|cian)s?")
# Round 15: components by their suffix, the other way round: a noun made from a verb in "-ise"/"-ize" or
# "-ify" names the thing that does it to data (serializer, tokeniser, notifier, classifier), so "the
# serializer is careless with time zones" is said of software. The few people named so (organiser,
# sympathiser) are in role_nouns.txt, which is read first.
_THING_SUFFIX_RE: Final = lazy_compile(r"[a-z]{3,}(?:i[sz]er|ifier)s?")


def is_thing_noun(low: str) -> bool:
    """Tell whether the lower-case word *low* names a system thing (a listed one or a component by its suffix)."""
    return low in _SYSTEM_NOUNS_ALL or low in _TECH_WORDS or bool(_THING_SUFFIX_RE.fullmatch(low))


def _is_participle(word: str) -> bool:
    low = word.lower()
    return low.endswith(("ed", "en", "wn")) or low in _IRREGULAR_PAST or low in {"run", "read"}


# A noun phrase is read over at most this many tokens, and a preamble ("At 09:14 on Tuesday,") over at
# most that many: the work per match stays bounded on text without boundaries, and no real phrase is longer.
_MAX_PHRASE: Final = 12
# How far the clause's edges are looked for token by token before the boundaries are worked out (boundary_before).
_SHORT_WALK: Final = 24
_MAX_PREAMBLE: Final = 16

_PERSON: Final = "person"


#: How much of the text after a sentence :attr:`_Sentence.following` keeps.
_FOLLOWING: Final = 400


_SYSTEM: Final = "system"


_UNKNOWN: Final = "unknown"


#: How far back the sentence before is looked for, in characters (see _Sentence._sentence_before).
_LOOK_BACK: Final = 400
# A sentence's end inside the look-back window: the last one found starts the sentence before.
_END_RE: Final = lazy_compile(r"[.!?][\"'’”)\]]*\s+(?=\S)")


# Titles before a person's name (round 10).
_HONORIFICS: Final = frozenset({"mr", "mrs", "ms", "mx", "dr", "sr", "sra", "srta", "prof"})


# Free relatives: a verb right after one has it as its subject, a thing.
_FREE_RELATIVES: Final = frozenset({"what", "whatever"})


_Kind = Literal["person", "system", "unknown"]


class _Sentence:
    """A tokenised sentence with the incident's people and allowed words."""

    __slots__ = (
        "_after",
        "_before",
        "_carry",
        "_ends",
        "_hints",
        "_kinds",
        "_lemmas",
        "_passives",
        "_quotes",
        "_resolving",
        "_source",
        "_spoken",
        "_tokens",
        "_words",
        "allowed",
        "end",
        "following",
        "offset",
        "people",
        "start",
        "text",
    )

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        people: frozenset[str],
        allowed: frozenset[str],
    ) -> None:
        # Patterns run on the sentence alone, so "^" means the start of the sentence;
        # offset turns positions back into positions in the text given.
        self.text = text[start:end]
        self.offset = start
        # The whole text, for a quotation that runs over several sentences (see quotes).
        self._source = text
        self._quotes: tuple[bool, bool, bool, bool] | None = None
        self._spoken: bool | None = None
        # The rest of the sentence's line, for rules that read what comes next (a question
        # the next sentence answers); a line break ends a paragraph in the text as read.
        line_end = text.find("\n", end, end + _FOLLOWING)
        self.following = text[end : line_end if line_end >= 0 else end + _FOLLOWING]
        self.start = 0
        self.end = end - start
        self.people = people
        self.allowed = allowed
        self._tokens: list[_Token] | None = None
        self._words: list[str] | None = None
        self._lemmas: frozenset[str] | None = None
        self._kinds: dict[int, _Kind] = {}
        # What the cheap tests of _hints read off the words, made on first use.
        self._hints: list[Any] | None = None
        self._ends: list[int] | None = None
        # Clause boundaries around each token and the passive verb of each clause, worked
        # out once: per match they would cost time growing with the clause's length.
        self._before: list[int] | None = None
        self._after: list[int] | None = None
        self._passives: dict[tuple[int, int], tuple[int, _Kind]] = {}
        # Set while "they" is being resolved, so that resolution never recurses.
        self._resolving = False
        # Whether a sentence opening with its verb takes the subject of the sentence before
        # (see _carried_kind); off in that sentence itself, so that carrying never chains.
        self._carry = True

    # The methods below read ``self._tokens or self.tokens``: the same tokens, without the
    # property's call once they are made (they are read very often).
    @property
    def tokens(self) -> list[_Token]:
        """The sentence's tokens, made on first use (most sentences never need them)."""
        if self._tokens is None:
            self._tokens = _tokenise(self.text[self.start : self.end], self.start, self.words)
        return self._tokens

    @property
    def words(self) -> list[str]:
        """The tokens' texts, found once: the hints (see _hints), the lemmas and the tokens read them."""
        if self._words is None:
            self._words = _token_texts(self.text)
        return self._words

    def index_at(self, pos: int) -> int:
        """Return the index of the first token that ends after *pos*."""
        if self._ends is None:
            self._ends = [tok.end for tok in (self._tokens or self.tokens)]
        return bisect.bisect_right(self._ends, pos)

    def holds_lemma(self, lemmas: frozenset[str]) -> bool:
        """Tell whether a token of the sentence has its :func:`lemma` in *lemmas*.

        Read off the tokens' words alone while the sentence is not tokenised: a gate that
        needs such a word somewhere in the sentence turns most sentences down before paying
        for their tokens.
        """
        if self._lemmas is None:
            self._lemmas = frozenset(map(lemma, map(str.lower, self.words)))
        return not lemmas.isdisjoint(self._lemmas)

    # -- word classes ------------------------------------------------------------
    def _bare(self, tok: _Token) -> str:
        low = tok.low
        if low.endswith(("'s", "s'")):
            low = low[:-2] if low.endswith("'s") else low[:-1]
        return low

    def is_verb(self, i: int) -> bool:
        """Tell whether token *i* looks like a verb or auxiliary."""
        low = (self._tokens or self.tokens)[i].low
        return (
            low in _VERB_FORMS
            or low in _AUXILIARIES
            or (low.endswith("ed") and len(low) > 4 and low not in _ROLE_NOUNS_ALL)
        )

    def is_name(self, i: int, *, loose: bool = False) -> bool:
        """Tell whether token *i* names a person (known, a handle or a first name).

        With *loose*, any capitalised word that is not a known common or product word
        counts, whatever follows it: used to keep names out of suggestions.
        """
        tok = (self._tokens or self.tokens)[i]
        bare = self._bare(tok).lstrip("@")
        if bare in self.allowed:
            return False
        if bare in self.people or tok.text.startswith("@"):
            return True
        if not _could_be_first_name(tok.text, self._bare(tok)):
            return False
        return loose or self._placed_like_a_name(i)

    def _placed_like_a_name(self, i: int) -> bool:
        # A product name is usually followed by a noun ("Boskos instance"); a person by a
        # verb ("Maria ran"), a possessive ("Kevin's change") or follows "by"/"thanks to".
        toks = self._tokens or self.tokens
        prev = toks[i - 1].low if i > 0 else ""
        if prev in _DETERMINERS and prev != "that":
            return False
        if prev in _TECH_WORDS and toks[i - 1].text[:1].isupper():
            # "Kafka Connect", "Google Cloud": a capitalised word after a product continues its name.
            return False
        if toks[i].low.endswith("'s") or prev in {"by", "from", "to", "thanks", "with", "of"}:
            return True
        nxt = i + 1
        if nxt + 1 < len(toks) and (toks[nxt].low.endswith("ly") or toks[nxt].low in _ADVERBS):
            nxt += 1  # "Elena accidentally deleted", "Piotr never ran": look past one adverb.
        return nxt < len(toks) and (self.is_verb(nxt) or toks[nxt].low in {"and", ","})

    def word_kind(self, i: int) -> _Kind:
        """Classify one token as person, system or unknown (remembered per token)."""
        kind = self._kinds.get(i)
        if kind is None:
            kind = self._kinds[i] = self._word_kind(i)
        return kind

    def _word_kind(self, i: int) -> _Kind:
        tok = (self._tokens or self.tokens)[i]
        bare = self._bare(tok)
        if bare in self.allowed:
            return _SYSTEM
        # Round 11: an organisation ("the vendor", "Acme's support", "the offshore NOC") is people acting as one.
        # Round 12: "IT" in capitals placed like a name ("IT sat on our ticket") is the department, not "it".
        department = tok.text == "IT" and self._placed_like_a_name(i)
        if department or bare in _PERSON_PRONOUNS or bare in _ROLE_NOUNS_ALL or bare in _ORGANISATIONS:
            return _SYSTEM if bare.startswith("operator") and self._software_operator(i) else _PERSON
        if bare in _SYSTEM_PRONOUNS or is_thing_noun(bare):
            return _SYSTEM
        if self.is_name(i) or _PERSON_SUFFIX_RE.fullmatch(bare) or self._seat(i):
            return _PERSON
        if bare in _DEPARTMENTS and tok.text[:1].isupper() and bare not in self.allowed and self._placed_like_a_name(i):
            return _PERSON  # "Security pushed their agent to every host": a team by its function
        return _UNKNOWN

    def _seat(self, i: int) -> bool:
        """Round 15: a seat the role list lacks, by the words around it (see ``_seats.py``)."""
        toks = self._tokens or self.tokens
        if not self._bare(toks[i]).endswith(_AGENT_ENDINGS) and not _who_after([t.low for t in toks[i : i + 3]], 0):
            return False
        start = max(0, i - 1)
        return seat_at([self._bare(t) for t in toks[start : i + 5]], i - start)

    def _software_operator(self, i: int) -> bool:
        """Tell whether the "operator" at token *i* is software, by the word before it.

        "the Postgres operator" and "the Kubernetes operator" are named after a product; "the
        cert-manager operator" after a component with a hyphen or digit in its name.
        """
        if i == 0:
            return False
        prev = (self._tokens or self.tokens)[i - 1]
        if prev.low in _ROLE_NOUNS_ALL or any(part in _SHIFT_WORDS for part in prev.low.split("-")):
            # "the night-shift operator", "the on-call operator", "Night operator" opening a
            # timeline entry: a person's seat.
            return False
        if prev.low in _TECH_WORDS or (prev.text[:1].isupper() and i > 1):
            return True
        return "-" in prev.low or any(c.isdigit() for c in prev.low)

    # -- subjects ----------------------------------------------------------------
    def _is_boundary(self, i: int) -> bool:
        low = (self._tokens or self.tokens)[i].low
        return low in {",", ";", ":", "(", ")", "—", "–", "[", "]", '"', "“", "”"} or (low in _CLAUSE_WORDS and i > 0)

    def _bounds(self) -> tuple[list[int], list[int]]:
        """Return, per token, the nearest boundary before it (or -1) and after it (or the length)."""
        if self._before is None or self._after is None:
            n = len(self._tokens or self.tokens)
            flags = [self._is_boundary(i) for i in range(n)]
            before = [-1] * n
            last = -1
            for i in range(n):
                before[i] = last
                if flags[i]:
                    last = i
            after = [n] * n
            nxt = n
            for i in range(n - 1, -1, -1):
                after[i] = nxt
                if flags[i]:
                    nxt = i
            self._before, self._after = before, after
        return self._before, self._after

    def boundary_before(self, i: int) -> int:
        """Return the index of the last boundary token before token *i*, or -1."""
        n = len(self._tokens or self.tokens)
        if i <= 0:
            return -1
        # Clauses are short: a few steps back find the boundary; past that the positions
        # worked out once for the sentence keep the work per call bounded.
        j = min(i, n) - 1
        stop = max(-1, j - _SHORT_WALK)
        while j > stop:
            if self._is_boundary(j):
                return j
            j -= 1
        if j < 0:
            return -1
        return self._bounds()[0][j] if not self._is_boundary(j) else j

    def boundary_from(self, i: int) -> int:
        """Return the index of the first boundary token at or after token *i*, or the length."""
        n = len(self._tokens or self.tokens)
        i = max(i, 0)
        stop = min(n, i + _SHORT_WALK)
        while i < stop:
            if self._is_boundary(i):
                return i
            i += 1
        if i >= n:
            return n
        return i if self._is_boundary(i) else self._bounds()[1][i]

    def _skip_preamble(self, a: int, b: int) -> int:
        """Skip fronted adverbs, timestamps, time phrases ("At 09:14 the operator") and an opening "Because"."""
        toks = self._tokens or self.tokens
        k = a
        # A preamble longer than that is not one; the bound keeps the work per match small.
        b = min(b, a + _MAX_PREAMBLE)
        while k < b:
            low = toks[k].low
            adverb = low in _ADVERBS or (low.endswith("ly") and len(low) > 5)
            stamp = low[:1].isdigit() or low in _STAMP_WORDS
            at_time = low in {"at", "on", "around", "by"} and k + 1 < b and toks[k + 1].low[:1].isdigit()
            if not (adverb or stamp or at_time or (k == 0 and low == "because")):  # round 18: "Because Ivo ignored"
                break
            k += 1
        return k

    def _opens_phrase(self, k: int, b: int) -> bool:
        """Tell whether token *k* can open a noun phrase (not a verb or preposition)."""
        toks = self._tokens or self.tokens
        low = toks[k].low
        if not (low in _PREPOSITIONS or (self.is_verb(k) and low not in _DETERMINERS)):
            return True
        # "tired admin deleted": a participle before a known noun still opens a phrase.
        # A pronoun after it is its object ("approved it"), never the noun it modifies.
        modifier = (
            low.endswith(("ed", "ing"))
            and k + 1 < b
            and self.word_kind(k + 1) != _UNKNOWN
            and low not in _PREPOSITIONS
            and toks[k + 1].low not in _SYSTEM_PRONOUNS
            and toks[k + 1].low not in _PERSON_PRONOUNS
        )
        # "the release manager", "the change owner": a verb's form before a role noun is a compound (round 11).
        compound = k + 1 < b and self._bare(toks[k + 1]) in _ROLE_NOUNS_ALL and toks[k].text.islower()
        return modifier or compound or self.is_name(k) or self._bare(toks[k]) in _ROLE_NOUNS_ALL

    def _phrase_words(self, k: int, b: int) -> list[int]:
        """Return the indices of the noun phrase's content words from *k*, determiners left out."""
        toks = self._tokens or self.tokens
        words: list[int] = []
        # A noun phrase is read over a few words at most (see _MAX_PHRASE).
        for j in range(k, min(b, k + _MAX_PHRASE)):
            t = toks[j]
            lw = t.low
            if lw in _DETERMINERS and not words:
                continue
            if (
                words
                and (lw in _ADVERBS or (lw.endswith("ly") and len(lw) > 4))
                and j + 1 < len(toks)
                and (self.is_verb(j + 1) or lemma(toks[j + 1].low) != toks[j + 1].low)
            ):
                # "the tournament admin manually edited": an adverb before the verb ends the phrase
                # (round 11); round 12: also before an irregular form ("the deploy tool carelessly overwrote").
                break
            if (lw in _PREPOSITIONS or lw in _CLAUSE_WORDS or not t.text[:1].isalnum()) and (
                not t.text.startswith("@")
            ):
                break
            if self.is_verb(j) and self._bare(t) not in _ROLE_NOUNS_ALL and not self.is_name(j):
                # "deploying engineer", "tired admin": a participle before a noun modifies it.
                before_noun = j + 1 < b and self.word_kind(j + 1) != _UNKNOWN
                before_role = j + 1 < b and self._bare(toks[j + 1]) in _ROLE_NOUNS_ALL and t.text.islower()
                # "the deploy tool", "the build server": a system word with a verb's form before a known noun is a
                # compound (round 12); after a determiner it is the noun (round 19: "the change selected ...").
                after_det = before_noun or (j > k and toks[j - 1].low in _DETERMINERS)
                compound = after_det and words == [] and self.word_kind(j) == _SYSTEM
                if not ((before_noun and lw.endswith(("ed", "ing"))) or before_role or compound):
                    break
            words.append(j)
            if lw.endswith("'s") and lw != "it's":
                # A possessive determines the next noun: "Kevin's change" is headed by change.
                words.clear()
            elif (
                j + 2 < b
                and self.word_kind(j) != _UNKNOWN
                and toks[j + 1].text.islower()
                and self.word_kind(j + 1) == _UNKNOWN
                and toks[j + 2].low in _OBJECT_OPENERS
            ):
                # A known noun, an unknown word, then an object: the unknown word is the verb
                # ("the reviewer catch it"), not part of a compound ("operator precedence in").
                break
        return words

    # One early return per way a phrase can open reads more plainly than a lookup table.
    def noun_phrase_kind(self, a: int, b: int) -> _Kind | None:  # noqa: PLR0911
        """Classify the noun phrase opening tokens[a:b]; None when the span opens with a verb."""
        toks = self._tokens or self.tokens
        k = self._skip_preamble(a, b)
        while k + 1 < b and toks[k].low in _QUANTIFIERS and toks[k + 1].low == "of":
            # "one of the engineers", "none of the alerts": the head follows "of".
            k = self._skip_preamble(k + 2, b)
        if k >= b:
            return None
        low = toks[k].low
        nxt = toks[k + 1].low if k + 1 < b else ""
        if low in {"no", "none"} and nxt == "one":
            return _PERSON
        if low in _HONORIFICS:
            # "Mr. Fashola", "Ms Eriksen", "Sr. Medina": a title before a capitalised word is a person.
            name = k + 1 + (nxt == ".")
            if name < b and toks[name].text[:1].isupper():
                return _PERSON
        if low == "they" and not self._resolving:
            return self._they_kind(k)
        if low in _PERSON_PRONOUNS:
            return _PERSON
        if low in _SYSTEM_PRONOUNS:
            return _SYSTEM
        words = self._phrase_words(k, b) if self._opens_phrase(k, b) else []
        if not words:
            return None
        head = self.word_kind(words[-1])
        if head != _UNKNOWN:
            return head
        if toks[words[-1]].text.islower() and len(words) > 1:
            # "operator precedence", "engineer time": a person word modifying a lower-case noun makes a thing.
            return _UNKNOWN
        if any(self.word_kind(w) == _PERSON for w in words):
            return _PERSON
        return _UNKNOWN

    def _they_kind(self, k: int) -> _Kind:
        """Resolve "they" at token *k* to the subject of the clause before it.

        "The pods restarted, and they failed to reconnect" is about pods; "QA signed off on a
        build they never tested" is about QA. With no antecedent, "they" is people.
        """
        self._resolving = True
        try:
            j = self.boundary_before(k)
            if j >= 0:
                kind = self.subject_kind(j)
            elif k > 0:
                kind = self.noun_phrase_kind(0, k) or _UNKNOWN
            else:
                kind = _UNKNOWN
        finally:
            self._resolving = False
        return _SYSTEM if kind == _SYSTEM else _PERSON

    def subject_kind(self, i: int) -> _Kind:
        """Classify the subject of the clause holding token *i*.

        A clause that opens with its verb ("... and went back to sleep") shares the subject
        of the clause before it, so the search steps back clause by clause, a few at most. A
        verb right after "what" has it as its subject ("we answered with what broke").
        """
        if 0 < i < len(self._tokens or self.tokens) and (self._tokens or self.tokens)[i - 1].low in _FREE_RELATIVES:
            return _UNKNOWN
        return self._subject_kind(i)

    def _subject_kind(self, i: int) -> _Kind:
        for step in range(_MAX_CLAUSES_BACK):
            j = self.boundary_before(i)
            kind = self.noun_phrase_kind(j + 1, i)
            if j >= 0 and (self._tokens or self.tokens)[j].low == "who" and self.is_verb(j + 1):
                kind = None  # "who approved release 11": the relative's verb, its subject the antecedent
            elif j >= 0 and opens_contrast(self._tokens or self.tokens, j):
                kind = None  # round 18: "Marvin the porter, not the robot, took ...": the contrast is no subject
            if kind is not None and not (step and kind == _UNKNOWN and self._verbless(j + 1, i)):
                # Stepping back from a clause that opens with its verb, a phrase with no verb after it is no subject
                # but a piece of a coordination ("... open for two and a half hours and did not notice"): round 10.
                return kind
            if j < 0:
                return self._carried_kind() if kind is None else _UNKNOWN
            low = (self._tokens or self.tokens)[j].low
            if low == "who":
                return _PERSON
            if low in _RELATIVES:
                # "items in the backlog that could have prevented": the antecedent is the subject.
                for k in range(j - 1, max(-1, j - 5), -1):
                    kind = self.word_kind(k)
                    if kind != _UNKNOWN:
                        return kind
                return _UNKNOWN
            i = j
        return _UNKNOWN

    def _carried_kind(self) -> _Kind:
        """Classify the subject a sentence opening with its verb carries from the sentence before (round 10).

        "Marek saw the flat line. Didn't say anything." and "Acked late. Should have kept the
        phone on me." leave the subject out; it is the first subject of the sentence before, in
        the same paragraph. Only a sentence opening with an auxiliary, a modal or a past
        form followed by a verb or an adverb carries (not an imperative, "Check the
        dashboard", nor a question, "Was the on-call paged?"), and the writers (*we*, *I*)
        are not carried: their narrative is left to the self-blame rules.
        """
        toks = self._tokens or self.tokens
        n = len(toks)
        k = self._skip_preamble(0, n)
        if not self._carry or k + 1 >= n or self.text.rstrip().endswith("?"):
            return _UNKNOWN
        low = toks[k].low
        past = low in _IRREGULAR_PAST or (low.endswith("ed") and self.is_verb(k))
        negated = low.endswith("n't") or toks[k + 1].low == "not"
        # An auxiliary carries only before a verb, an adverb or a negation ("Was the page ...?" does not).
        helping = low in _AUXILIARIES and (negated or self.is_verb(k + 1) or toks[k + 1].low in _ADVERBS)
        before = self._sentence_before() if (past or helping) and not low.startswith("'") else None
        if before is None:
            return _UNKNOWN
        btoks = before._tokens or before.tokens
        for v in range(1, min(len(btoks), _MAX_PHRASE + _MAX_PREAMBLE)):
            if before.is_verb(v):
                if any(btoks[x].low in {"we", "i", "us"} for x in range(v)):
                    return _UNKNOWN
                return before.subject_kind(v)
        return _UNKNOWN

    def _sentence_before(self) -> _Sentence | None:
        """Return the sentence before this one in its paragraph (at most _LOOK_BACK characters back), or None."""
        source = self._source
        stop = self.offset
        while stop > 0 and source[stop - 1] in " \t":
            stop -= 1
        low = max(source.rfind("\n", 0, stop) + 1, stop - _LOOK_BACK)
        first = low
        for m in _END_RE.finditer(source, low, stop):
            first = m.end()
        if first >= stop:
            return None
        before = _Sentence(source, first, stop, self.people, self.allowed)
        before._carry = False
        return before

    def _verbless(self, a: int, b: int) -> bool:
        """Tell whether tokens[a:b] hold no verb (a bounded span: a clause read back from a match)."""
        return not any(self.is_verb(k) for k in range(a, min(b, a + _MAX_PHRASE + _MAX_PREAMBLE)))

    def passive_agent_kind(self, i: int) -> _Kind:
        """Classify the agent of a passive clause holding token *i*, or unknown.

        In "the change was pushed without review by Dave" the grammatical subject is the
        change, but the one who acted is Dave: the noun phrase after "by", when the clause
        has a passive verb ("was pushed", "got deleted") before it.
        """
        a = self.boundary_before(i) + 1
        b = self.boundary_from(i + 1)
        known = self._passives.get((a, b))
        if known is None:
            known = self._passives[a, b] = self._passive_agent(a, b)
        passive, kind = known
        # No passive verb, or the match is that verb ("was caused by"): rules of their own
        # read those.
        return kind if a <= passive < i else _UNKNOWN

    def _passive_agent(self, a: int, b: int) -> tuple[int, _Kind]:
        """Return the passive verb of the clause tokens[a:b] (or -1) and the kind of its agent."""
        toks = self._tokens or self.tokens
        passive = -1
        for k in range(a, b - 1):
            if toks[k].low in _BE_WORDS:
                nxt = k + 1
                if nxt < b - 1 and toks[nxt].low.endswith("ly"):
                    nxt += 1
                if _is_participle(toks[nxt].text) and self.is_verb(nxt):
                    passive = nxt
                    break
        if passive < 0:
            return passive, _UNKNOWN
        for k in range(passive + 1, b):
            if toks[k].low == "by" and k + 1 < len(toks):
                if toks[k + 1].low.endswith("'s") and self.word_kind(k + 1) == _PERSON:
                    return passive, _PERSON  # "by Mateo's upgrade": a person's action is theirs
                end = k + 1
                while end < min(b, k + 6) and toks[end].text[:1].isalnum() and not self.is_verb(end):
                    end += 1
                kind = self.noun_phrase_kind(k + 1, max(end, k + 2))
                if kind == _PERSON:
                    return passive, kind
        return passive, _UNKNOWN

    def following_subject_kind(self, i: int) -> _Kind:
        """Classify the subject after a sentence adverb such as "Obviously,"."""
        j = i + 1
        while j < len(self._tokens or self.tokens) and (self._tokens or self.tokens)[j].low in {",", ":"}:
            j += 1
        return self.noun_phrase_kind(j, self.boundary_from(j)) or _UNKNOWN

    @property
    def quotes(self) -> tuple[bool, bool, bool, bool]:
        """The quotation marks open around the sentence in its paragraph (see ``_speech.quote_context``)."""
        if self._quotes is None:
            self._quotes = quote_context(self._source, self.offset, self.offset + len(self.text))
        return self._quotes

    @property
    def spoken(self) -> bool:
        """Whether the sentence is in a transcript turn, a speaker's words (see ``_speech.speaker_turn``)."""
        if self._spoken is None:
            self._spoken = speaker_turn(self._source, self.offset)
        return self._spoken

    def in_quotes(self, start: int, end: int) -> bool:
        """Tell whether text[start:end] is quoted (mentioned, not used)."""
        before = self.text[max(self.start, start - 1) : start]
        after = self.text[end : end + 1]
        return before in {'"', "“", "'", "‘", "`"} and after in {'"', "”", "'", "’", "`"}

    def clause_end(self, pos: int) -> int:
        """Return the character offset where the clause holding *pos* ends."""
        i = self.index_at(pos)
        while i < len(self._tokens or self.tokens) and (self._tokens or self.tokens)[i].low not in {
            ",",
            ";",
            ":",
            ".",
            "?",
            "!",
        }:
            i += 1
        return (self._tokens or self.tokens)[i - 1].end if i > 0 else pos

    def scrub(self, start: int, end: int) -> str:
        """Return text[start:end] with every name or handle replaced by "someone"."""
        out: list[str] = []
        last = start
        tokens = self._tokens or self.tokens
        # Tokens are in text order: start at the first one ending after start.
        for i in range(self.index_at(start), len(tokens)):
            tok = tokens[i]
            if tok.start < start:
                continue
            if tok.end > end:
                break
            if not tok.text[:1].isupper() and not tok.text.startswith("@"):
                # What is_name(loose=True) decides for a word that is neither capitalised nor a
                # handle, without its other tests: a known person's name, unless allowed.
                bare = self._bare(tok)
                if bare not in self.people or bare in self.allowed:
                    continue
            # Names and handles go; roles stay, since "the on-call" names a seat, not a person.
            if self.is_name(i, loose=True):
                out.append(self.text[last : tok.start])
                out.append("someone")
                last = tok.end
        out.append(self.text[last:end])
        return "".join(out).strip()
