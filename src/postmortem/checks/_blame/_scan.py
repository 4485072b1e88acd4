"""Reading whole texts.

Key words pick the rules a line or sentence could match, and only those are run;
:func:`find_blame` and :func:`find_blame_in_texts`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from collections.abc import Callable, Collection, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Final

from postmortem.checks._blame._clauses import _Sentence, is_thing_noun
from postmortem.checks._blame._hit import BlameHit
from postmortem.checks._blame._lines import (
    _add_marks,
    _check_long_line,
    _line_candidates,
    _line_sentences_read,
)
from postmortem.checks._blame._matching import _gated_hits, _sentence_hits
from postmortem.checks._blame._reading import excluded_spans, prose_view
from postmortem.checks._blame._rule import COMPILED, _Rule
from postmortem.checks._blame._rule_keys import (
    _ANY_KEY,
    _NOT_WORD_TO_SPACE,
    _apostrophe_runs,
    _candidate_rules,
    _key_sets,
    _key_words,
    _keys_in,
    _run_keys,
    _signalled_rules,
    rules_by_keys,
)
from postmortem.checks._blame._sentences import (
    _MAX_SENTENCE,
    _one_sentence,
    _plain_text,
    _sentences,
    _trimmed,
)
from postmortem.checks._blame._vocabulary import _COMMON_WORDS, _ROLE_NOUNS_ALL, vocabulary

if TYPE_CHECKING:
    from postmortem.checks._blame._scorer import Model as _ScorerModel


# The scorer (off by default) is imported when it first reads a text: a check without it
# never loads its features and word lists (about 5 ms of CPU, in every process that checks).
def _scorer_model() -> _ScorerModel:
    from postmortem.checks._blame._scorer import model  # noqa: PLC0415  (see above)

    return model()


def _scan_words(text: str) -> str:
    from postmortem.checks._blame._scorer import scan_words  # noqa: PLC0415  (see above)

    return scan_words(text)


def _scored_hits(
    view: str,
    pieces: list[tuple[int, int, frozenset[str]]],
    people: frozenset[str],
    allowed: frozenset[str],
    *,
    document: bool = False,
) -> list[BlameHit]:
    from postmortem.checks._blame._scorer import scored_hits  # noqa: PLC0415  (see above)

    return scored_hits(view, pieces, people, allowed, document=document)


def _normalise(words: Collection[str], *, people: bool = False) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        low = word.strip().lower().replace("’", "'")
        if not low or (people and low in _COMMON_WORDS):
            continue  # round 19: a small word ("IT", a team read as "it") names no one
        out.add(low)
        out.add(low.lstrip("@"))
        if not people:
            out.update(part.lstrip("@") for part in low.split())  # allowed words: every word of a phrase
            continue
        # Round 19: each word of a longer name is a name too, but not its small words nor a note in
        # brackets ("Clerk of the Course": not "the", "of"; "IT (tunnel software)": not "software").
        # Round 23: nor a word naming a place, a firm or a thing ("Business office staff", "Barrier
        # Services Ltd": not "office", "services", "ltd"), so an owner that is an organisation does
        # not make "the coach firm's office" a person.
        depth = 0
        someone = False
        for part, written in zip(low.split(), word.split(), strict=False):
            depth += part.count("(") + part.count("[")
            bare = part.lstrip("@")
            if depth == 0 and bare not in _COMMON_WORDS and not _names_no_one(bare, written):
                out.add(bare)
                someone = True
            depth = max(0, depth - part.count(")") - part.count("]"))
        pairs = zip(low.split(), word.split(), strict=False)
        if not someone and all(_names_no_one(part.strip("@()[],"), written) for part, written in pairs):
            # Round 25: a name every word of which names a department, a place or a firm ("Maintenance",
            # "stores", "Estates office") names no one as a whole either.
            out.discard(low)
            out.discard(low.lstrip("@"))
    return frozenset(out)


#: Round 23: words of a name that name a place, a firm or a company's form, never a person.
_WORKPLACES: Final = vocabulary("workplaces")
_INSTITUTIONS: Final = frozenset(w + e for w in vocabulary("institutions") for e in ("", "s"))


def _names_no_one(word: str, written: str) -> bool:
    """Tell whether a word of a longer name names a place, a firm or a thing, not a person (round 23).

    A thing noun counts only written in lower case ("coach firm", "the pump room"): "Mark Page" keeps
    "page" as a name, and a role ("organiser") is a person whatever its suffix.
    """
    if word in _WORKPLACES or word in _INSTITUTIONS:
        return True
    return written[:1].islower() and is_thing_noun(word) and word not in _ROLE_NOUNS_ALL


@functools.lru_cache(maxsize=64)
def _normalised(words: frozenset[str], *, people: bool = False) -> frozenset[str]:
    """Normalise a set of names (or of allowed words) once: check() passes the same ones for every field."""
    return _normalise(words, people=people)


def _reference_hits(
    text: str,
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
) -> list[BlameHit]:
    """Find blameful phrases in one text the plain way: split it, then filter each sentence.

    This is the definition :func:`find_blame` follows. The faster scan there hands a text
    to this function whenever its shortcuts could read it differently (an abbreviation
    before a capital, a closing quote after a full stop, a sentence over
    ``_MAX_SENTENCE`` characters, ...), and the tests compare the two on every labelled
    sentence and on generated text.
    """
    low = text.lower().replace("’", "'")
    # Lower-casing keeps offsets only when no character changes length ("İ" becomes two).
    aligned = len(low) == len(text)
    whole: tuple[_Rule, ...] | None = None
    if _one_sentence(text):
        whole = _candidate_rules(_key_words(low))
        if not whole:
            # Most fields hold no rule's key words: nothing to split, no name to normalise.
            return []
        pieces = list(_trimmed(text, 0, len(text)))
    else:
        # Several sentences: each word is looked at once, in its sentence's key words.
        pieces = list(_sentences(text))
        # A run-on piece may be cut inside a word, making a key word the whole text lacks;
        # the whole text's rules then bound the pieces', as they do for one sentence.
        if len(text) > _MAX_SENTENCE:
            whole = _candidate_rules(_key_words(low))
    names: tuple[frozenset[str], frozenset[str]] | None = None
    hits: list[BlameHit] = []
    # Translated once for the whole text, sliced per sentence (see _key_words).
    words_only = low.translate(_NOT_WORD_TO_SPACE) if aligned and len(pieces) > 1 and low.isascii() else None
    for start, end in pieces:
        if len(pieces) == 1 and whole is not None:
            rules: Sequence[_Rule] = whole
        else:
            piece = low[start:end] if aligned else text[start:end].lower().replace("’", "'")
            if words_only is not None and "'s" not in piece and "s' " not in piece and "?" not in piece:
                rules = _candidate_rules(_keys_in(words_only[start:end]))
            else:
                rules = _candidate_rules(_key_words(piece))
            if whole is not None:
                rules = [rule for rule in rules if rule in whole]
        if rules:
            if names is None:
                names = _normalised(frozenset(people), people=True), _normalised(frozenset(allowed))
            sentence = _Sentence(text, start, end, *names)
            hits.extend(_sentence_hits(sentence, rules))
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    return hits


def find_blame(
    text: str,
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
    scorer: bool = False,
) -> list[BlameHit]:
    """Find blameful phrases in post-mortem text.

    Args:
        text: Any post-mortem text: a sentence, a field, a whole narrative.
        people: Names and handles the incident knows are people (participants, authors,
            owners); they count as persons even when written in lower case.
        allowed: Words and names the team allows; they are never flagged and never count
            as persons.
        scorer: Whether the second stage (the statistical scorer, see _scorer) also reads
            the sentences the rules left alone; off by default (the rules alone).

    Returns:
        The hits in text order, at most one per rule and phrase.
    """
    return find_blame_in_texts([text], people=people, allowed=allowed, scorer=scorer)[0]


def find_blame_in_texts(
    texts: Sequence[str],
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
    scorer: bool = False,
    timeline_entries: Sequence[bool] = (),
    document: bool = False,
    praise: Callable[[int], Sequence[tuple[int, int]]] | None = None,
) -> list[list[BlameHit]]:
    """Find blameful phrases in several texts at once, such as every prose field of an incident.

    The result is what :func:`find_blame` returns for each text, spans included, but the
    texts are read in one pass: the fixed cost of a call is paid once, not once per field.

    Args:
        texts: Post-mortem texts.
        people: As for :func:`find_blame`.
        allowed: As for :func:`find_blame`.
        scorer: As for :func:`find_blame`.
        timeline_entries: For each text, whether it is a timeline event's description, its
            time in the event's own field (see the ``timeline_entry`` of ``_reading.prose_view``);
            empty when none is.
        document: Whether the texts are an incident's prose fields (``check()``): the scorer
            then holds its findings to its documents' threshold (see ``_scorer.Model``).
        praise: With *document*, the places of praise of the text at an index, as spans (see
            ``postmortem.checks._places``): a model whose ``praise_places`` is set withdraws its
            own findings there. Asked only for a text the scorer found something in.

    Returns:
        One list of hits per text, in the order of *texts*.
    """
    if not texts:
        return []
    # Read as written: soft line breaks become spaces and quoted chat logs are blanked, in
    # a view of each text with the same length (see _reading); code spans and URLs stay in
    # the view for the sentence to read, but no hit may touch them.
    if timeline_entries:
        views = [prose_view(t, timeline_entry=e) for t, e in zip(texts, timeline_entries, strict=True)]
    else:
        views = [prose_view(text) for text in texts]
    # The words of each line of the views joined, as the rules' scan splits them: the
    # scorer's first filter reads the same lists (their words' hashes already computed).
    line_words: list[Any] | None = [] if scorer else None
    found = _find_in_views(views, people, allowed, line_words)
    if scorer and document and any(found) and _scorer_model().second_opinion is not None:
        _second_opinion(views, found, people)
    if scorer:
        m = _scorer_model()
        placed = document and ((praise is not None and m.praise_places) or m.tone is not None)
        rules_found = [list(hits) for hits in found] if placed else None
        _add_scored(views, found, (people, allowed), line_words, document=document)
        if rules_found is not None:
            _withdraw_placed(texts, found, rules_found, praise if m.praise_places else None, (people, m.tone))
    for index, text in enumerate(texts):
        if found[index] and ("`" in text or "://" in text or "www." in text or "~~" in text):
            spans = excluded_spans(text)
            found[index] = [hit for hit in found[index] if not any(a < hit.end and hit.start < b for a, b in spans)]
    return found


def _withdraw_placed(
    texts: Sequence[str],
    found: list[list[BlameHit]],
    rules_found: list[list[BlameHit]],
    praise: Callable[[int], Sequence[tuple[int, int]]] | None,
    tone: tuple[Collection[str], float | None],
) -> None:
    """Withdraw the scorer's hits (those not in *rules_found*) by where they sit, in an incident's prose.

    A hit that starts in a place of praise (*praise*, see ``postmortem.checks._places``), and one whose
    paragraph's other sentences score on average under the model's ``tone`` (see :func:`paragraph_tone`).
    """
    people, floor = _normalised(frozenset(tone[0])), tone[1]
    for index, hits in enumerate(found):
        if len(hits) == len(rules_found[index]):
            continue  # the scorer added nothing here
        spans = praise(index) if praise is not None else ()
        rules = set(map(id, rules_found[index]))
        kept = []
        for hit in hits:
            if id(hit) not in rules:
                if any(a <= hit.start < b for a, b in spans):
                    continue
                mean = None if floor is None else paragraph_tone(texts[index], hit.start, people)
                if floor is not None and mean is not None and mean < floor:
                    continue
            kept.append(hit)
        found[index] = kept


def paragraph_tone(text: str, start: int, people: Collection[str]) -> float | None:
    """The mean score of the other sentences of the paragraph of *text* holding *start* (None: none).

    A paragraph runs between blank lines; its sentences are read line by line, as the second opinion
    reads a hit's. A blameful sentence mostly sits among others the scorer leans on too; praise or a
    decision explained mostly among plain narrative (docs/checks/blamelessness.md, *Round 23: the scorer*).
    """
    from postmortem.checks._blame._scorer import features, model, sentence_tokens  # noqa: PLC0415

    first = text.rfind("\n\n", 0, start)
    first = 0 if first < 0 else first + 2
    last = text.find("\n\n", start)
    scores = []
    offset = first
    for line in text[first : len(text) if last < 0 else last].split("\n"):
        for a, b in _sentences(line):
            piece = line[a:b]
            if offset + a <= start < offset + b or not piece.strip():
                continue
            families = frozenset(rule.rule for rule in _signalled_rules(_key_words(piece.lower().replace("’", "'"))))
            scores.append(model().probability(features(sentence_tokens(piece, people), families)))
        offset += len(line) + 1
    return sum(scores) / len(scores) if scores else None


def _add_scored(
    views: Sequence[str],
    found: list[list[BlameHit]],
    names: tuple[Collection[str], Collection[str]],
    scanned: list[Any] | None,
    *,
    document: bool = False,
) -> None:
    """Add the scorer's hits (see _scorer) to *found*, in sentences no rule flagged.

    *scanned* is what the rules' scan read of the views joined: their words (see
    ``scan_words``), each line's key words, which hold the scorer's strong words (see
    ``Model.strong``), each line's key words as the rules read them (marks and words inside
    apostrophe runs added) and the signalled rules the scan looked up for each line holding a
    lead word; empty when the scan read the texts another way. The lines holding a
    strong word are found by C-level calls; only those whose first-filter sum passes are split
    into sentences, and only a sentence that passes it too is tokenised and scored. With every
    line read (no word table), the sentences whose score cannot reach the gate are found first,
    for all lines at once (``Bounds.quiet_sentences``), each line's rule families bounded by the
    rules its key words allow, as the scan looked them up (``Bounds.line_families``).
    """
    m = _scorer_model()
    line_rules: dict[int, tuple[_Rule, ...]] | None = None
    if scanned:
        words, keys, _, line_rules = scanned
    else:
        words = "\n".join(map(_scan_words, views))
        keys = list(map(m.scan_keys.intersection, map(str.split, words.split("\n"))))
    if m.reads_every:
        # No first filter: every line holding a word is split and each sentence scored.
        passing = list(itertools.compress(range(len(keys)), map(str.strip, words.split("\n"))))
    else:
        holding = list(itertools.compress(range(len(keys)), map(operator.not_, map(m.strong.isdisjoint, keys))))
        if not holding:
            return  # most incidents: no line could be scored
        # The sums of the lines holding a strong word, read off their sets; where each line starts.
        sums = m.scan_sums([keys[n] for n in holding])
        passing = [n for n, total in zip(holding, sums, strict=True) if total >= m.pre]
    if not passing:
        return
    # The bound's gate is the threshold the texts are held to (see _scorer.Model.bounds_for).
    # The scorer reads every word of a name, as it was trained (round 19 changed the rules' reading only).
    names = _normalised(frozenset(names[0])), _normalised(frozenset(names[1]))
    # The lines read, as the scan's words split them (a view's line breaks stay in the views joined).
    texts = list(map((views[0] if len(views) == 1 else "\n".join(views)).split("\n").__getitem__, passing))
    bound = m.bounds_for(document=document)
    # A line's candidate rules (the scan's) bound the families each of its sentences can signal.
    line_families = None if line_rules is None else bound.line_families([line_rules.get(n, ()) for n in passing])
    sentences, lines, spans = _line_sentences_read(texts)
    # Where each line of the views joined starts, and each view.
    starts = list(accumulate(map((1).__add__, map(len, words.split("\n"))), initial=0))
    firsts = list(accumulate(map((1).__add__, map(len, views)), initial=0))
    # A sentence that a rule's hit touches is never scored (see _score_view): not bounded either.
    taken = _taken(found, (firsts, starts, passing), (lines, spans)) if any(found) else ()
    if taken:
        kept = [n for n in range(len(sentences)) if n not in taken]
        sentences, lines, spans = [sentences[n] for n in kept], [lines[n] for n in kept], [spans[n] for n in kept]
        if not sentences:
            return
    families = None if line_families is None else list(map(line_families.__getitem__, lines))
    # The sentences whose score cannot reach the gate, found for all of them at once.
    quiet = bound.quiet_sentences(sentences, names[0], families)
    rest = list(itertools.compress(range(len(quiet)), map(operator.not_, quiet)))
    if not rest:
        return
    by_view: dict[int, list[tuple[int, int, bool]]] = {}
    for n in rest:
        start = starts[passing[lines[n]]]
        index = bisect.bisect_right(firsts, start) - 1
        a, b, whole = spans[n]
        shift = start - firsts[index]
        by_view.setdefault(index, []).append((shift + a, shift + b, whole))
    for index, bounds in by_view.items():
        _score_view(views[index], index, found, bounds, m, names, document=document)


def _second_opinion(views: Sequence[str], found: list[list[BlameHit]], people: Collection[str]) -> None:
    """Withdraw the rules' hits whose sentence the scorer doubts (see ``_scorer.doubted``).

    Only in an incident's prose (``check()``), where a rule's wrong finding is read among ten or more
    blameless sentences for each blameful one. A hit's sentence is the one its start lies in.
    """
    from postmortem.checks._blame._scorer import doubted  # noqa: PLC0415  (see _scorer_model)

    people = _normalised(frozenset(people))
    for index, hits in enumerate(found):
        if not hits:
            continue
        view = views[index]
        verdicts: dict[tuple[int, int], bool] = {}
        kept = []
        for hit in hits:
            first = view.rfind("\n", 0, hit.start) + 1
            last = view.find("\n", hit.start)
            line = view[first : len(view) if last < 0 else last]
            span = next(
                ((first + a, first + b) for a, b in _sentences(line) if a <= hit.start - first < b),
                (first, first + len(line)),
            )
            if span not in verdicts:
                piece = view[span[0] : span[1]]
                families = frozenset(
                    rule.rule for rule in _signalled_rules(_key_words(piece.lower().replace("’", "'")))
                )
                verdicts[span] = doubted(piece, families, people)
            if not verdicts[span]:
                kept.append(hit)
        found[index] = kept


def _taken(found: list[list[BlameHit]], where: tuple[list[int], list[int], list[int]], read: Any) -> set[int]:
    """Return the sentences that a rule's hit in *found* touches: _score_view never scores them.

    *where*: where each view and each line of the views joined starts, and the lines read; *read*:
    each sentence's line (an index into the lines read) and bounds in it (see _line_sentences_read:
    a whole line there is one sentence, with no inner full stop and at most _MAX_SENTENCE).
    """
    (firsts, starts, passing), (lines, spans) = where, read
    at = {line: n for n, line in enumerate(passing)}
    touched: dict[int, list[tuple[int, int]]] = {}
    for first, hits in zip(firsts, found, strict=False):
        for hit in hits:
            line = bisect.bisect_right(starts, first + hit.start) - 1
            if line in at:
                shift = first - starts[line]
                touched.setdefault(at[line], []).append((hit.start + shift, hit.end + shift))
    return {
        n
        for n, line in enumerate(lines)
        if line in touched and any(a < spans[n][1] and spans[n][0] < b for a, b in touched[line])
    }


def _score_view(
    view: str,
    index: int,
    found: list[list[BlameHit]],
    bounds: list[tuple[int, int, bool]],
    m: _ScorerModel,
    names: tuple[frozenset[str], frozenset[str]],
    *,
    document: bool = False,
) -> None:
    """Score the sentences of *view* that the first filters let through.

    *bounds* are the sentences' bounds in *view*, each with whether it is a whole line (white
    space around it not trimmed). A sentence is scored only when it passes the word-table filter
    (``Model.passes``; none when the model reads every sentence) and when the upper bound on its
    score (see ``_scorer_bound``) reaches the gate.
    """
    pieces: list[tuple[int, int, frozenset[str]]] = []
    taken = [(hit.start, hit.end) for hit in found[index]]
    bound = m.bounds_for(document=document)
    for start, end, line in bounds:
        for first, last in _sentences(view[start:end]) if line else ((0, end - start),):
            a, b = first + start, last + start
            if any(x < b and a < y for x, y in taken):
                continue
            if not m.reads_every and not m.passes(_scan_words(view[a:b]).split()):
                continue  # the line passes, this sentence does not
            most = bound.sentence_bound(view[a:b], names[0])
            if most + bound.most_families < bound.cut:
                continue  # its score cannot reach the gate, whatever rules it signals
            piece = view[a:b].lower().replace("’", "'")
            families = frozenset(rule.rule for rule in _signalled_rules(_key_words(piece)))
            if most + bound.families_weight(families) < bound.cut:
                continue
            pieces.append((a, b, families))
    if pieces:
        extra = _scored_hits(view, pieces, names[0], names[1], document=document)
        if extra:
            found[index] = sorted([*found[index], *extra], key=lambda h: (h.start, h.end, h.rule))


def _find_in_views(
    texts: Sequence[str],
    people: Collection[str],
    allowed: Collection[str],
    line_words: list[Any] | None = None,
) -> list[list[BlameHit]]:
    """Return :func:`find_blame_in_texts` of texts already read by :func:`prose_view`.

    When *line_words* is a list, the scan adds to it the words of the texts joined and each
    line's key words (see _add_scored), unless the texts are read the plain way (then it
    stays empty).
    """
    # A line break left in a view ends a sentence, so joining on one keeps every text's sentences.
    joined = texts[0] if len(texts) == 1 else "\n".join(texts)
    low = joined.lower().replace("’", "'")
    if len(low) != len(joined):
        # A character whose lower case is longer ("İ") shifts offsets: read each text plainly.
        return [_reference_hits(text, people=people, allowed=allowed) for text in texts]
    unsure: list[int] = []
    hits = _scan(joined, low, people, allowed, unsure, line_words)
    if len(texts) == 1:
        return [_reference_hits(joined, people=people, allowed=allowed) if unsure else hits]
    starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
    found: list[list[BlameHit]] = [[] for _ in texts]
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        shift = starts[index]
        found[index].append(BlameHit(hit.rule, hit.start - shift, hit.end - shift, hit.message, hit.suggestion))
    for index in {bisect.bisect_right(starts, pos) - 1 for pos in unsure}:
        found[index] = _reference_hits(texts[index], people=people, allowed=allowed)
    return found


def _scan(
    text: str,
    low: str,
    people: Collection[str],
    allowed: Collection[str],
    unsure: list[int],
    line_words: list[Any] | None = None,
) -> list[BlameHit]:
    """Return the hits in *text* (texts joined by line breaks), sorted as find_blame sorts them.

    Most of a long incident holds no sentence any rule could match, so the text is first read
    line by line: every line break ends a sentence, so a line's key words are a superset of
    each of its sentences' key words, and a line without candidate rules needs no splitting.
    Those key words come from C-level ``map`` calls, with no Python code per line. Only lines
    with candidate rules are split into sentences, with a pattern that settles the common
    sentence ends on its own. Where the plain reading could differ (see _LINE_END_RE), a
    position of that text is appended to *unsure*: the caller reads that text again with
    :func:`_reference_hits`.
    """
    # Every character outside [a-z0-9'] becomes a space, keeping offsets: non-ASCII ones via
    # "?" (as the word pattern would also skip them), line breaks kept to split on.
    # Translated as bytes (round 22): a table of 256 bytes, not a dictionary read per character.
    words = low.encode("ascii", "replace").translate(_WORD_BYTES_BY_LINE).decode("ascii")
    lines = words.split("\n")
    keys = _line_keys(words, lines, line_words)
    marked = _add_marks(low, keys)
    keys = _with_glued(words, lines, keys)
    # Each line's signalled rules (see _signalled_rules), looked up below: the scorer's bound reads them.
    line_rules: dict[int, tuple[_Rule, ...]] = {}
    if line_words is not None:
        line_words.extend((keys, line_rules))  # with their marks and glued words: what the rules read
    # Line i starts at sizes[i] + i: the lengths of the lines before it, and their breaks.
    sizes = list(accumulate(map(len, lines), initial=0))
    # Lines holding a sentence too long to read whole: the caller reads their text again
    # the plain way (which cuts such a sentence into pieces), so they are skipped here.
    # Reading one whole would cost time growing with the square of its length.
    long_lines: set[int] = set()
    if max(map(len, lines)) > _MAX_SENTENCE:
        for line, size in enumerate(map(len, lines)):
            if size > _MAX_SENTENCE:
                # A sentence this long is cut into pieces, which can cut a word in two: rare.
                flagged = len(unsure)
                _check_long_line(text, sizes[line] + line, sizes[line] + line + size, unsure)
                if len(unsure) > flagged:
                    long_lines.add(line)
    dots = text.replace("!", ".").replace("?", ".")
    # Lower-cased once for every sentence's patterns: an ASCII text lower-cases letter by
    # letter, so a slice of it is the slice lower-cased (not so for "Σ", whose lower case
    # depends on the letters around it).
    plain = _plain_text(text)
    # An ASCII text has no "’" to replace: *low* is its lower case.
    lowered = low if plain else None
    names: tuple[frozenset[str], frozenset[str]] | None = None
    hits: list[BlameHit] = []
    forms = (text, low, words, dots, lowered)
    # Most lines have no key word at all: only the others are looked up (found by C-level
    # calls: a clause can hold only where a line holds a leading word, see _CLAUSES_BY_KEY).
    for line in itertools.compress(range(len(keys)), map(operator.not_, map(_ANY_KEY.isdisjoint, keys))):
        if line_words is not None:
            line_rules[line] = rules_by_keys(keys[line])[0]  # the scorer's signal (see _add_scored)
        if line in long_lines:
            continue
        start = sizes[line] + line
        end = sizes[line + 1] + line
        # A paragraph is split before any look-up (round 20): see _line_candidates.
        sentences = _line_candidates(forms, (start, end, keys[line]), line in marked, unsure)
        for a, b, piece_rules in sentences:
            first, last = a, b
            if text[a].isspace() or text[b - 1].isspace():
                raw = text[a:b]
                stripped = raw.lstrip()
                first = a + len(raw) - len(stripped)
                last = first + len(stripped.rstrip())
            # No character of text changes length in lower case (see find_blame_in_texts).
            piece = text[first:last].lower() if lowered is None else lowered[first:last]
            # As _rule_matches, inline: this runs for every sentence with candidate rules.
            index = 2 if plain or _plain_text(piece) else 1
            compiled = COMPILED[index]
            # Most rules tried find nothing: a search answers that without making an iterator, and
            # the matches of the others are the first one and those found after it (the same
            # matches, see _matches_from). A rule whose pattern reads a mark before its match is
            # searched only where the mark is.
            matches = [
                (rule, _matches_from(pattern, piece, first_match))
                for rule in piece_rules
                if (not rule.behind or rule.behind in piece)
                and (first_match := (pattern := compiled(rule.source)).search(piece))
            ]
            if not matches:
                continue
            if names is None:
                names = _normalised(frozenset(people), people=True), _normalised(frozenset(allowed))
            hits.extend(_gated_hits(_Sentence(text, first, last, *names), matches))
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    return hits


def _matches_from(pattern: re.Pattern[str], piece: str, first: re.Match[str]) -> list[re.Match[str]]:
    """Return ``list(pattern.finditer(piece, first.start()))``, where *first* is ``pattern.search(piece)``.

    Those matches are *first* (the same span and groups: the same pattern tried at the same
    place) and, after a match that is not empty, those ``finditer`` finds from its end, where the
    first iterator goes on searching (round 23): the first match is not made twice. No gate
    reads a match's ``pos``, the one thing that differs.
    """
    end = first.end()
    if end == first.start():
        return list(pattern.finditer(piece, end))  # an empty match: the iterator's own stepping
    return [first, *pattern.finditer(piece, end)]


def _line_keys(words: str, lines: list[str], line_words: list[Any] | None) -> list[frozenset[str]]:
    """Return the key words of each of *lines* (of the scan's *words*).

    With the scorer (*line_words* a list): one pass over the words finds the rules' key words
    and the words of the scorer's first filter together (a line's extra words change no
    rule's candidacy, see _candidate_rules); *words* and the sets go to *line_words* for the
    scorer (see _add_scored). A model that reads every sentence has no such words: the rules'
    own sets then, as without the scorer (the same sets, so the same remembered candidates).
    """
    if line_words is None or _scorer_model().reads_every:
        keys = _key_sets(map(str.split, lines))
        if line_words is not None:
            line_words.extend((words, keys))
        return keys
    keys = list(map(_scorer_model().scan_keys.intersection, map(str.split, lines)))
    line_words.extend((words, keys))
    return keys


def _with_glued(words: str, lines: list[str], keys: list[frozenset[str]]) -> list[frozenset[str]]:
    """Return *keys* (each line's key words) with the key words inside runs holding an apostrophe added.

    See _run_parts. A new list when some line gains a word: the scorer reads the lines' own
    words (see _line_keys), the rules read these. Each such run is found in C (few texts
    hold many) and its line counted by the line breaks before it.
    """
    if "'" not in words:
        return keys
    out = keys
    line = 0
    last = 0
    for start, run in _apostrophe_runs(words):
        extra = _run_keys(run)
        if not extra:
            continue
        line += words.count("\n", last, start)
        last = start
        if not extra <= out[line]:
            if out is keys:
                out = list(keys)
            out[line] = out[line] | extra
    return out


# As _NOT_WORD_TO_SPACE, but line breaks stay (see _scan).
_WORDS_BY_LINE: Final = {**_NOT_WORD_TO_SPACE, ord("\n"): "\n"}
# The same as a table of bytes, for ASCII text encoded (a non-ASCII character is "?" there).
_WORD_BYTES_BY_LINE: Final = bytes(
    ord(_WORDS_BY_LINE.get(code, chr(code))) if code < 128 else ord(" ") for code in range(256)
)
