"""The scorer's features: how the second stage reads a sentence (see :mod:`._scorer`).

Features, all binary, are read from a sentence's tokens: each word's lemma (see
:mod:`._inflect`; a first name, a number and a time become ``<name>`` and ``<num>``), each
pair of neighbouring tokens, the same pairs with people and systems read as one class each,
the first token, a little grammar, the letter 4-grams of the words about what was done, and
the families of the rules whose key words the sentence holds (a signal, not a hit). Every
feature carries the span of the words it stands for, so that a finding can name them.

Kept apart from the model (``_scorer``): the trainer (``benchmarks/train_blame_scorer.py``)
reads sentences through these functions and nothing else, and the detector the same way.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable
from typing import Final, TypeAlias

from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._keys import KEY_WORD_CHARS
from postmortem.checks._blame._vocabulary import _VERB_FORMS, _could_be_first_name, entries, vocabulary
from postmortem.checks._blame._whose import DENIED_ACTS, denied

__all__ = ["about_what", "features", "scan_words", "sentence_tokens"]

# Words, numbers and times, and the marks that carry meaning ("?", quotes).
_TOKEN_RE: Final = lazy_compile(r"[^\W\d_][\w'’-]*|\d[\d:.,%]*|[?\"“”]")


# A person's possessive pronouns: words of their own (they weigh alone), but about who, never what
# was done, so since the eighteenth round never a finding's anchor and never letter 4-grams (see
# about_what): a finding pointing at *his* in a neutral account of what someone did points at who.
_POSSESSIVES: Final = frozenset({"his", "her", "their", "your", "my", "our"})


# Function words: they count in pairs ("should have", "the engineer") but not alone, and
# never make a sentence worth scoring.
_FUNCTION_WORDS: Final = frozenset(
    word
    for name in ("be_words", "determiners", "prepositions")
    for word in vocabulary(name)
    if word not in _POSSESSIVES
) | frozenset({"and", "or", "but", "it", "its", "this", "that", "there", "then", "so", "as", "has", "have", "had"})


# Words that only say who: a person is no blame on their own, so a hit needs a word about
# what was said of them ("the engineer" alone never anchors one).
_PERSON_KEYS: Final = (
    frozenset({"<name>", "'s"})
    | frozenset(lemma(word) for word in vocabulary("role_nouns"))
    | frozenset(lemma(word) for word in vocabulary("person_pronouns"))
)


# Words that name a system or the failure itself ("outage", "deploy", "service"): like a
# person, what the sentence is about, not what it says of it, so never a finding's anchor.
_SYSTEM_KEYS: Final = frozenset(lemma(word) for word in vocabulary("system_nouns"))


def _about_key(key: str) -> bool:
    """Tell whether a token key is neither a person nor a function word."""
    return key not in _PERSON_KEYS and key not in _FUNCTION_WORDS


def about_what(name: str) -> bool:
    """Tell whether feature *name* holds a word that is neither a person, a system nor a function word.

    Nor, since the eighteenth round, a possessive pronoun or a number: a number opening a line is
    how lists, sections and timelines are numbered (*2.5 At 16:05 ...*), not what was done. Nor,
    since the twentieth round, a contraction (*didn't*, *won't*, *wasn't*): the negation or the
    auxiliary of what was done, not the act, which is the word a finding should point at.
    """
    kind, _, words = name.partition(":")
    if kind == "rule":
        return False
    return any(
        w not in _PERSON_KEYS
        and w not in _FUNCTION_WORDS
        and w not in _SYSTEM_KEYS
        and w not in _CLASS_WORDS
        and w not in _NOT_WHAT
        and not _a_number(w)
        and "'" not in w
        for w in words.split(" ")
    )


# The class words of the ``c:`` pairs (see _class_pairs): who and what system, never what was done.
_CLASS_WORDS: Final = frozenset({"<person>", "<system>"})
# Words that are not about what was done either, though they weigh alone (see about_what).
_NOT_WHAT: Final = _POSSESSIVES | {"<num>"}
# A number written in words (*fifty-eight*, *twenty*, *hundred*), since the nineteenth round: a time
# read out in a dictated note (*at oh three fifty-eight*) is no more what was done than *03:58*.
_NUMBER_WORDS: Final = frozenset(
    form
    for word in (
        *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
        *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"),
        *("thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand"),
    )
    for form in (word, lemma(word))  # a token's key is its lemma ("three" is "thre")
)


def _a_number(word: str) -> bool:
    """Tell whether *word* (a token key) is a number written in words, hyphenated or not."""
    return word in _NUMBER_WORDS or ("-" in word and all(part in _NUMBER_WORDS for part in word.split("-")))


# What follows a capitalised first word when it is a name: a verb, a possessive, a comma.
_AFTER_A_NAME: Final = frozenset({"'s", ",", "and", "who", "had", "was", "didn't", "never", "just", "then"})


# A token: its key (a lemma, ``<name>``, ``<num>``, ``'s`` or a mark), its span in the
# sentence, and whether it could be a participle (it ends in -ed, -en or -wn, or is an
# irregular past form). A plain tuple: a sentence has dozens and they are made per sentence.
_Tok: TypeAlias = tuple[str, int, int, bool]
_KEY: Final = 0
_START: Final = 1
_END: Final = 2
_PAST_FORM: Final = 3

_IRREGULAR_PAST: Final = frozenset(word for words, _ in entries("irregular_past") for word in words)

# How each word reads, out of context (its key, its bare lower-case form, whether it ends in
# a possessive 's, whether it could be a participle): most words recur, so each is read once
# (bounded: cleared when full).
_WORD_KEYS: dict[str, tuple[str, str, bool, bool]] = {}
_WORD_KEYS_MAX: Final = 50_000


def _word_key(raw: str) -> tuple[str, str, bool, bool]:
    """Return how the token *raw* reads out of context (see _WORD_KEYS)."""
    first = raw[0]
    if first.isdigit():
        return "<num>", "", False, False
    if first in '"“”':
        return '"', "", False, False
    raw = raw.replace("’", "'")
    low = raw.lower()
    possessive = low.endswith("'s")
    bare = low[:-2] if possessive else low.rstrip("'")
    key = "<name>" if _could_be_first_name(raw, bare) else lemma(bare)
    return key, bare, possessive, bare.endswith(("ed", "en", "wn")) or bare in _IRREGULAR_PAST


def sentence_tokens(sentence: str, people: Collection[str] = ()) -> list[_Tok]:
    """Return the sentence's tokens as the scorer reads them, with their spans in *sentence*."""
    out: list[_Tok] = []
    append = out.append
    quoting = False  # inside a single-quoted phrase ('temporary'), read as '"' marks since the seventh round
    for m in _TOKEN_RE.finditer(sentence):
        raw = m.group()
        start, end = m.span()
        if start and sentence[start - 1] in "'‘" and (start == 1 or not sentence[start - 2].isalnum()):
            append(('"', start - 1, start, False))
            quoting = True
        read = _WORD_KEYS.get(raw)
        if read is None:
            read = _word_key(raw)
            if len(_WORD_KEYS) >= _WORD_KEYS_MAX:
                _WORD_KEYS.clear()
            _WORD_KEYS[raw] = read
        key, bare, possessive, past = read
        if people and bare in people:
            key = "<name>"
        if possessive:
            append((key, start, end - 2, False))
            append(("'s", end - 2, end, False))
        elif quoting and raw[-1] in "'’":
            append((key, start, end - 1, past))
            append(('"', end - 1, end, False))
            quoting = False
        else:
            append((key, start, end, past))
    if out and out[0][_KEY] == "<name>" and (len(out) == 1 or not _placed_like_a_name(sentence, out)):
        # A capitalised first word is a name only when what follows reads like it ("Dana
        # pushed", "Dana's change"), not "Autovacuum is ..." or "Hypothesis: ...".
        _, start, end, past = out[0]
        out[0] = (lemma(sentence[start:end].lower()), start, end, past)
    return out


def _placed_like_a_name(sentence: str, tokens: list[_Tok]) -> bool:
    after = sentence[tokens[0][_END] : tokens[1][_START]].strip()
    if after in {",", "'s", "’s"}:
        return True
    word = sentence[tokens[1][_START] : tokens[1][_END]].lower()
    return word in _AFTER_A_NAME or word in _VERB_FORMS or tokens[1][_KEY] == "'s"


# Words passed over between a person and what they did ("the on-call could easily have
# caught", "he never looked"): auxiliaries, modals and adverbs.
_BETWEEN: Final = frozenset(lemma(w) for w in vocabulary("auxiliaries") | vocabulary("adverbs")) | frozenset(
    {"didn't", "did't", "wasn't", "weren't", "hadn't", "couldn't", "wouldn't", "shouldn't", "then", "also"}
)
_NEGATIONS: Final = frozenset({"not", "never", "didn't", "hadn't", "wasn't", "weren't", "couldn't", "no"})
_CLAUSE_WORDS: Final = frozenset(vocabulary("relatives") | vocabulary("clause_words")) | {'"', "<num>"}
_MODALS: Final = frozenset({"should", "could", "would", "ought", "might", "must"})
# Forms of "be" and "get" before a participle: the passive ("was pushed", "got missed").
_BE: Final = frozenset(lemma(w) for w in vocabulary("be_words")) | {"get", "be"}
# Passed over after a negation, to the word it denies ("did not check", "never the owner").
_AFTER_NEGATION: Final = _BETWEEN | vocabulary("determiners")

# Word classes from the vocabulary: a verb of destroying or of acting on production, and a
# thing people heed or follow, count as one feature each, so a verb or a noun the labelled
# sentences never used still weighs what its class does (``did:class`` after a person too).
_CLASSES: Final = {
    **{lemma(w): "act" for w in vocabulary("risky_verbs")},
    **{lemma(w): "destroy" for w in vocabulary("destructive_verbs")},
    **{lemma(w): "heed" for w in vocabulary("neglected_things")},
}
# Since the sixth round, more classes (``class:`` only): a verb of shipping a change, an act
# that destroys or overwrites, a noun naming a choice, a warning sign one could have caught,
# an adjective that judges a choice.
_MORE_CLASSES: Final = {
    **{lemma(w): "ship" for w in vocabulary("shipping_verbs")},
    **{lemma(w): "harm" for w in vocabulary("harmful_acts")},
    **{lemma(w): "choice" for w in vocabulary("choice_nouns")},
    **{lemma(w): "signal" for w in vocabulary("signal_words")},
    **{lemma(w): "verdict" for w in vocabulary("verdict_words")},
}


def _after_person(tokens: list[_Tok], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add what is said of the person at token *i*: ``own:`` after a possessive, else ``did:``."""
    n = len(tokens)
    tok = tokens[i]
    j = i + 1
    if j < n and tokens[j][_KEY] == "'s":
        # A possessive: what of the person's is spoken of ("Viktor's bad merge").
        if j + 1 < n:
            found.setdefault("own:" + tokens[j + 1][_KEY], (tok[_START], tokens[j + 1][_END]))
        return
    negated = False
    while j < n and tokens[j][_KEY] in _BETWEEN:
        negated = negated or tokens[j][_KEY] in _NEGATIONS
        j += 1
    if j < n and _about_key(tokens[j][_KEY]) and tokens[j][_KEY] not in _CLAUSE_WORDS:
        # What the person did, said or was: a subject and its verb, roughly.
        verb = tokens[j]
        found.setdefault("did:" + verb[_KEY], (tok[_START], verb[_END]))
        if negated:
            found.setdefault("didnot:" + verb[_KEY], (tok[_START], verb[_END]))
        cls = _CLASSES.get(verb[_KEY]) or _MORE_CLASSES.get(verb[_KEY])
        if cls is not None:
            found.setdefault("did:class " + cls, (tok[_START], verb[_END]))


def _hindsight(tokens: list[_Tok], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add the participle after the modal at token *i* and *have* ("should have checked")."""
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j][_KEY] in _BETWEEN and tokens[j][_KEY] not in {"have", "be"}:
        j += 1
    if j + 1 < n and tokens[j][_KEY] == "have":
        passive = tokens[j + 1][_KEY] == "be"
        k = j + 2 if passive else j + 1
        if k < n:
            kind = "hindsight passive:" if passive else "hindsight:"
            found.setdefault(kind + tokens[k][_KEY], (tokens[i][_START], tokens[k][_END]))


def _negation(tokens: list[_Tok], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add ``neg:`` the word a negation at token *i* denies, whatever the subject ("never looked")."""
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j][_KEY] in _AFTER_NEGATION:
        j += 1
    if j < n and _about_key(tokens[j][_KEY]):
        found.setdefault("neg:" + tokens[j][_KEY], (tokens[i][_START], tokens[j][_END]))


def _passive(tokens: list[_Tok], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add ``pass:`` the participle after a form of *be* or *get* at token *i* ("was waved through").

    And ``pass:by`` the class of an agent after *by* within three words ("by Dave").
    """
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j][_KEY] in _BETWEEN:
        j += 1
    if j < n and tokens[j][_PAST_FORM]:
        found.setdefault("pass:" + tokens[j][_KEY], (tokens[i][_START], tokens[j][_END]))
        for k in range(j + 1, min(n - 1, j + 4)):
            if tokens[k][_KEY] == "by":
                agent = tokens[k + 1][_KEY]
                if agent in _AFTER_NEGATION and k + 2 < n:
                    agent = tokens[k + 2][_KEY]
                found.setdefault("pass:by " + _class_of(agent), (tokens[i][_START], tokens[k + 1][_END]))
                break


# Who or what a token stands for, for the class pairs (see features): a person of any kind
# (a name, a role, a pronoun) is one word there, and so is a system, so a pair the labelled
# sentences wrote about "the engineer" also weighs for "the release manager" or "Priya".
_PERSON_CLASS: Final = frozenset(_PERSON_KEYS - {"'s"})
_CLASS_OF: Final = {**dict.fromkeys(_SYSTEM_KEYS, "<system>"), **dict.fromkeys(_PERSON_CLASS, "<person>")}


def _class_of(key: str) -> str:
    return _CLASS_OF.get(key, key)


# The keys that start some grammar (see _grammar): anything else is passed over by a set test.
_GRAMMAR_KEYS: Final = (
    frozenset(_CLASSES) | frozenset(_MORE_CLASSES) | (_PERSON_KEYS - {"'s"}) | _MODALS | _NEGATIONS | _BE
)


def _grammar(tokens: list[_Tok], found: dict[str, tuple[int, int]]) -> None:
    """Add the features that read a little grammar (see :func:`features`)."""
    # The sixth round's features first, in token order, then the fifth round's, in token order:
    # a feature name is kept with the span of where it first fired.
    keys = [tok[_KEY] for tok in tokens]
    if _GRAMMAR_KEYS.isdisjoint(keys):
        return
    for i, key in enumerate(keys):
        cls = _MORE_CLASSES.get(key)
        if cls is not None:
            found.setdefault("class:" + cls, (tokens[i][_START], tokens[i][_END]))
        if key in _NEGATIONS:
            _negation(tokens, i, found)
        if key in _BE and i + 1 < len(keys):
            _passive(tokens, i, found)
    for i, key in enumerate(keys):
        cls = _CLASSES.get(key)
        if cls is not None:
            found.setdefault("class:" + cls, (tokens[i][_START], tokens[i][_END]))
        if key in _PERSON_KEYS and key != "'s":
            _after_person(tokens, i, found)
        elif key in _MODALS:
            _hindsight(tokens, i, found)


def features(tokens: list[_Tok], families: Iterable[str] = ()) -> dict[str, tuple[int, int]]:
    """Return the sentence's features, each with the span of the words it stands for.

    Besides words and pairs: ``did:`` the word after a person (skipping auxiliaries and
    adverbs; ``didnot:`` when a negation stood between), ``own:`` the word after a person's
    possessive, ``hindsight:`` the participle after a modal and *have* (``hindsight
    passive:`` after *have been*), ``class:`` a word class of the vocabulary, ``c:`` a pair
    of neighbouring tokens with every person (name, role, pronoun) read as ``<person>`` and
    every system noun as ``<system>``; since the sixth round, ``neg:`` the word a negation
    denies and ``pass:`` a participle after *be* or *get* (``pass:by`` the class of its agent);
    since the eleventh round, ``ch:`` the letter 4-grams of each word about what was done (see
    _char_grams).
    """
    found: dict[str, tuple[int, int]] = {}
    if not tokens:
        return found
    first = tokens[0]
    found["start:" + first[_KEY]] = (first[_START], first[_END])
    for key, start, end, _ in tokens:
        if key not in _FUNCTION_WORDS:
            found.setdefault("w:" + key, (start, end))
    for a, b in itertools.pairwise(tokens):
        found.setdefault(f"b:{a[_KEY]} {b[_KEY]}", (a[_START], b[_END]))
    _grammar(tokens, found)
    _class_pairs(tokens, found)
    _clause(tokens, found)
    for key, start, end, _ in tokens:
        for name in _char_grams(key):
            found.setdefault(name, (start, end))
    whole = (first[_START], tokens[-1][_END])
    for family in families:
        found["rule:" + family] = whole
    return found


# Since the eleventh round: the letter n-grams of each word's lemma (``ch:`` and four letters,
# ``#`` marking the word's edges: *careless* gives ``ch:#car``, ``ch:care`` ... ``ch:ess#``), so
# that a word the labelled sentences never used still weighs what its parts do (*recklessly*,
# *misjudged*, *unvetted*). Only for words about what was done: never a person, a system or a
# function word, which must not anchor a finding (see about_what).
_CHAR_N: Final = 4
_CHAR_GRAMS: dict[str, tuple[str, ...]] = {}


def _char_grams(key: str) -> tuple[str, ...]:
    """Return the ``ch:`` features of the token key *key* (none for a person, system or function word)."""
    grams = _CHAR_GRAMS.get(key)
    if grams is None:
        if (
            not key[:1].isalpha()
            or key in _PERSON_KEYS
            or key in _FUNCTION_WORDS
            or key in _SYSTEM_KEYS
            or key in _POSSESSIVES
            or _a_number(key)
            or "'" in key
        ):
            grams = ()
        else:
            word = f"#{key}#"
            grams = tuple(dict.fromkeys("ch:" + word[i : i + _CHAR_N] for i in range(len(word) - _CHAR_N + 1)))
        if len(_CHAR_GRAMS) >= _WORD_KEYS_MAX:
            _CHAR_GRAMS.clear()
        _CHAR_GRAMS[key] = grams
    return grams


def _class_pairs(tokens: list[_Tok], found: dict[str, tuple[int, int]]) -> None:
    """Add ``c:`` pairs of neighbouring tokens where one of them is a person or a system."""
    get = _CLASS_OF.get
    classes = [get(tok[_KEY], tok[_KEY]) for tok in tokens]
    for i in range(len(tokens) - 1):
        a, b = classes[i], classes[i + 1]
        if a[0] == "<" or b[0] == "<":
            found.setdefault(f"c:{a} {b}", (tokens[i][_START], tokens[i + 1][_END]))


def _lemmas(name: str) -> frozenset[str]:
    return frozenset(lemma(word) for word in vocabulary(name))


# Since the seventh round: cues from five word lists (their headers say why) and how they go
# with the clause: who its subject is, a warning sign, a passive, a quotation.
_CUES: Final = {
    key: cue
    for name, cue in (
        ("praise_words", "praise"),
        ("concession_words", "concede"),
        ("cause_words", "cause"),
        ("evaluative_adverbs", "eval"),
        ("reporting_words", "report"),
    )
    for key in _lemmas(name)
}
_HARM_KEYS: Final = (
    _lemmas("irony_signs") | _lemmas("harmful_acts") | _lemmas("destructive_verbs") | _lemmas("incident_nouns")
)
_SIGNAL_KEYS: Final = frozenset(k for k, c in {**_CLASSES, **_MORE_CLASSES}.items() if c in {"signal", "heed"})
# Before a participle in un- ("went unanswered", "was left unpatched", "remained unread").
_BEFORE_UN: Final = _BE | frozenset(lemma(w) for w in ("go", "went", "gone", "sat", "remain", "stay", "left"))
# The grammar features a subject's class is paired with (``subj:<person> pass``).
# Not the subject's class alone, nor with the cues: a person as the subject is most of the
# labelled blame and much of a document's neutral narrative, and weighed alone it flagged the latter.
_SUBJECT_KINDS: Final = ("pass", "hindsight", "hindsight passive", "neg")  # in this order


def _subject(tokens: list[_Tok]) -> str:
    """Return the class of the clause's subject: the first person or system before its verb, or ``other``."""
    n = len(tokens)
    for i in range(min(n, 8)):
        key, _, _, past = tokens[i]
        if key in _CLASS_OF:
            j = i
            while j + 1 < n and tokens[j + 1][_KEY] in _CLASS_OF:
                j += 1  # the head of a compound ("the release manager", "the cron job")
            return _CLASS_OF[tokens[j][_KEY]]
        if past or key in _BE or key in _MODALS:
            break
        if key in _VERB_FORMS and (i + 1 == n or tokens[i + 1][_KEY] not in _CLASS_OF):
            break  # a verb, unless it names a role or a system ("the release manager")
    return "other"


def _clause(tokens: list[_Tok], found: dict[str, tuple[int, int]]) -> None:
    """Add the seventh round's features.

    ``cue:`` a word list's cue and its pairings, ``pass:un`` a participle in un- after *be*,
    *go* or *remain*, ``quote:`` a short (scare) or long quotation, and ``subj:`` the class of
    the clause's subject (a person, a system or other) paired with each kind of grammar
    feature that fired (never alone: see _SUBJECT_KINDS).
    """
    keys = [tok[_KEY] for tok in tokens]
    cues: dict[str, int] = {}
    for i, key in enumerate(keys):
        cue = _CUES.get(key)
        if cue is not None and cue not in cues:
            cues[cue] = i
            found.setdefault("cue:" + cue, (tokens[i][_START], tokens[i][_END]))
        if i and key[:2] == "un" and tokens[i][_PAST_FORM] and keys[i - 1] in _BEFORE_UN:
            found.setdefault("pass:un", (tokens[i - 1][_START], tokens[i][_END]))
        if (cue == "cause" or key in DENIED_ACTS) and i and denied(keys, i):
            found.setdefault("deny:cause" if cue == "cause" else "deny:act", (tokens[i][_START], tokens[i][_END]))
    subject = _subject(tokens)
    if cues:
        _cue_pairs(tokens, keys, cues, subject, found)
    marks = [i for i, key in enumerate(keys) if key == '"']
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if b - a > 1:
            found.setdefault("quote:short" if b - a <= 4 else "quote:long", (tokens[a][_START], tokens[b][_END]))
    kinds: dict[str, tuple[int, int]] = {}
    for name, span in found.items():
        kind = name.partition(":")[0]
        if kind in _SUBJECT_KINDS and kind not in kinds:
            kinds[kind] = span
    for kind in _SUBJECT_KINDS:
        if kind in kinds:
            found.setdefault(f"subj:{subject} {kind}", kinds[kind])


def _cue_pairs(
    tokens: list[_Tok], keys: list[str], cues: dict[str, int], subject: str, found: dict[str, tuple[int, int]]
) -> None:
    """Add the pairings of the cues found (see _clause): a cue with what else the sentence holds."""
    whole = (tokens[0][_START], tokens[-1][_END])
    passive = next((span for name, span in found.items() if name.startswith("pass:")), None)
    pairs = {
        "cue:praise+harm": "praise" in cues and not _HARM_KEYS.isdisjoint(keys),
        "cue:concede+signal": "concede" in cues and not _SIGNAL_KEYS.isdisjoint(keys),
        "cue:concede+person": "concede" in cues and subject == "<person>",
        "cue:report+quote": "report" in cues and '"' in keys,
    }
    for name, holds in pairs.items():
        if holds:
            found.setdefault(name, whole)
    if passive is not None:
        for cue in ("concede", "eval"):
            if cue in cues:
                found.setdefault(f"cue:{cue}+pass", passive)
    if "cause" in cues:
        at = cues["cause"]
        for k in range(at + 1, min(len(keys), at + 7)):
            cls = _CLASS_OF.get(keys[k])
            if cls is not None:
                found.setdefault(f"cue:cause>{cls}", (tokens[at][_START], tokens[k][_END]))
                break


# A line's words as the fast scan reads them (see _scan): runs of [a-z0-9'] of the lower-cased
# text, every other ASCII character a space; a line break is kept, to split lines on. A bytes
# table: translating bytes is one C loop, with no per-call set-up.
_SCAN_BYTES: Final = bytes(c if chr(c) in KEY_WORD_CHARS or c == 10 else 32 for c in range(256))


def scan_words(text: str) -> str:
    """Return *text* as the fast scan reads words: lower case, ASCII, [a-z0-9'] runs (same length)."""
    low = text.lower().replace("’", "'")
    return low.encode("ascii", "replace").translate(_SCAN_BYTES).decode("ascii")
