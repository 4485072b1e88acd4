"""The scorer's first filter (round 12): a bound on a sentence's score that never skips a finding."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import postmortem
from postmortem.checks import Config, check
from postmortem.checks._blame import find_blame_in_texts
from postmortem.checks._blame._lines import _settled_sentences
from postmortem.checks._blame._reading import prose_view
from postmortem.checks._blame._rule_keys import _key_words, _signalled_rules
from postmortem.checks._blame._scorer import features, model, sentence_tokens
from postmortem.checks._blame._sentences import _INNER_END_RE, _MAX_SENTENCE, _sentences
from postmortem.checks._text import prose_fields
from postmortem.importing import import_document

from ._labelled import labelled_texts

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Two folders of whole documents (the newest and the first): every folder's findings were compared
# with and without the bound when it was written (docs/checks/blamelessness.md, *Round 12: the
# scorer's first filter*); the suite keeps a part, for time.
DOCUMENTS = sorted(
    p
    for folder in (DATA / "blameless_documents_v11", DATA / "blameless_documents")
    for p in folder.iterdir()
    if p.suffix in {".md", ".yaml"} and p.name != "README.md"
)
# Texts that take the bound's harder paths: a name opening a sentence, a person the incident
# names, a phrase in single quotes, possessives, several sentences on a line, a chat line.
CRAFTED = [
    "Frankly, Omar treats the staging cluster like his own sandbox.",
    "Omar treats the staging cluster like his own sandbox. Frankly, nobody is surprised.",
    "Dana's 'quick fix' broke checkout again, as Dana's fixes do.",
    "The 'careful' review by Priya waved it through. Priya never looked.",
    "Marco ignored the alert.\nMarco, as usual, ignored the alert and went to lunch.",
    "Why didn't we hear sooner? The alert went to an unused mailbox.",
    "14:02 <dave> restarting the pods\nThe on-call engineer forgot to drain the node first.",
]


def _score(sentence: str, people: frozenset[str]) -> tuple[float, float]:
    """The sentence's score (its logit) and the bound on it."""
    m = model()
    families = frozenset(rule.rule for rule in _signalled_rules(_key_words(sentence.lower().replace("’", "'"))))
    found = features(sentence_tokens(sentence, people), families)
    score = m.bias + sum(m.weights.get(name, 0.0) for name in found)
    bound = m.bounds.sentence_bound(sentence, people) + m.bounds.families_weight(families)
    return score, bound


class TestTheBound:
    """The bound is at least the score, sentence by sentence, on every labelled text."""

    def test_at_least_the_score_on_every_labelled_sentence(self) -> None:
        """Every sentence of every labelled line, read as the scorer reads it: its bound is at
        least its score, with no person named and (every third) with its first word as a person."""
        m = model()
        checked = 0
        for text in [*labelled_texts(), *CRAFTED]:
            view = prose_view(text)
            for line in view.split("\n"):
                for a, b in _sentences(line):
                    sentence = line[a:b]
                    first = sentence.split(maxsplit=1)[0].lower().strip(".,:;'\"") if sentence.split() else ""
                    # Its first word as a person too, for every third sentence (for time).
                    for people in (frozenset(), frozenset({first}))[: 1 + (checked % 3 == 0)]:
                        score, bound = _score(sentence, people)
                        assert score <= bound + 1e-9, (sentence, people, score, bound)
                    checked += 1
        assert checked > 12_000
        assert m.bounds.cut < math.log(m.threshold / (1 - m.threshold))

    def test_the_first_pass_is_at_least_the_exact_bound(self) -> None:
        """The first pass (round 13: words read once per run between spaces, the letter 4-grams
        against blame that each key owns, pairs only where they weigh towards blame) bounds every
        labelled sentence at least as high as the exact bound does, and so as its score; a sentence
        spelling a person the incident names is left to the exact bound (infinite)."""
        m = model()
        bounds = m.bounds
        sentences = [
            line[a:b]
            for text in [*labelled_texts(), *CRAFTED]
            for line in prose_view(text).split("\n")
            for a, b in _sentences(line)
        ]
        names = ("Omar", "Dana", "Priya", "Marco")
        # With those people named: every third sentence (for time, as the test above does) and
        # every sentence spelling one of them.
        named = {i for i, t in enumerate(sentences) if i % 3 == 0 or any(name in t for name in names)}
        unread = []
        for people, read in (
            (frozenset(), range(len(sentences))),
            (frozenset(n.lower() for n in names), sorted(named)),
        ):
            batch = [sentences[i] for i in read]
            firsts = dict(zip(read, bounds.first_pass(batch, people, [0.0] * len(batch)), strict=True))
            for i, first in firsts.items():
                sentence = sentences[i]
                score, bound = _score(sentence, people)
                families = bound - bounds.sentence_bound(sentence, people)
                assert bound - families <= first + bounds.bias + 1e-9, (sentence, people, first, bound)
                assert score - families <= first + bounds.bias + 1e-9, (sentence, people, first, score)
            unread.append(sum(math.isinf(firsts[i]) for i in named))
        # A phrase in single quotes is left to the exact bound, and so is a sentence naming a person.
        assert 0 < unread[0] < unread[1]
        assert len(sentences) > 12_000

    def test_full_memo_tables_keep_the_bounds(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The bound's memo tables (word forms, keys, runs, first-pass values) are cleared when full
        and what the texts being read need is read again: with room for 64 entries, so that nearly
        every batch clears them, the exact bound of each sentence is what it is with the usual room,
        and the first pass still bounds it (which key owns a shared letter 4-gram may differ)."""
        from postmortem.checks._blame import _scorer_bound

        m = model()
        people = frozenset({"omar", "dana"})
        sentences = [
            line[a:b]
            for text in [*labelled_texts()[::40], *CRAFTED]
            for line in prose_view(text).split("\n")
            for a, b in _sentences(line)
        ]
        batches = [sentences[i : i + 25] for i in range(0, len(sentences), 25)]

        def read() -> tuple[list[float], list[float]]:
            bounds = _scorer_bound.Bounds(m.bias, m.weights, m.threshold)  # empty tables
            firsts = [f for batch in batches for f in bounds.first_pass(batch, people, [0.0] * len(batch))]
            return firsts, [bounds.sentence_bound(sentence, people) for sentence in sentences]

        _, exact = read()
        monkeypatch.setattr(_scorer_bound, "_MAX_REMEMBERED", 64)
        firsts, cramped = read()
        assert cramped == pytest.approx(exact, abs=1e-9)
        for sentence, first, bound in zip(sentences, firsts, exact, strict=True):
            assert bound <= first + m.bias + 1e-9, (sentence, first, bound)
        assert len(sentences) > 300

    def test_the_batch_agrees_with_one_sentence_at_a_time(self) -> None:
        """quiet_sentences calls a sentence quiet only when its bound, with every family its key
        words allow, is under the gate."""
        m = model()
        sentences = [
            line[a:b] for text in labelled_texts()[:3000] for line in [prose_view(text)] for a, b in _sentences(line)
        ]
        quiet = m.bounds.quiet_sentences(sentences, frozenset())
        assert 0 < sum(quiet) < len(sentences)
        for sentence, calm in zip(sentences, quiet, strict=True):
            if calm:
                assert m.bounds.sentence_bound(sentence, frozenset()) + m.bounds.most_families < m.bounds.cut, sentence

    def test_it_skips_most_sentences(self) -> None:
        """Most sentences of real post-mortem prose (the examples) cannot reach the gate: the bound
        is what makes the scorer cheap. Not a timing: a count of sentences."""
        m = model()
        sentences = [
            line[a:b]
            for path in EXAMPLES
            for _, text in prose_fields(postmortem.load(path))
            for line in prose_view(text).split("\n")
            for a, b in _sentences(line)
        ]
        # check() reads an incident's prose with the bound cut at the documents' threshold (since the
        # nineteenth round; a text on its own is held to a lower one, see Model.bounds_for).
        quiet = m.bounds_for(document=True).quiet_sentences(sentences, frozenset())
        # 228 of 283 (0.806) with round 13's model, 226 (0.799) with round 14's (retrained on the
        # frozen rules and the spent round-13 sets), 229 (0.809) with round 15's, 239 (0.845) with
        # round 16's, 242 (0.855) with round 17's, 245 (0.866) with round 19's (208 with its
        # labelled lines' threshold, 0.6); 210 (0.742) with round 23's, whose incidents are held to
        # 0.65 instead of 0.85 (scorer23: more sentences reach the gate, the cost docs/checks/
        # blamelessness.md gives, 1.97x the rules alone): the floor follows the measured count.
        assert sum(quiet) > 0.73 * len(sentences), (sum(quiet), len(sentences))


class TestSentences:
    """The scorer splits a line of several sentences as the rules' scan does, and as _sentences does."""

    def test_settled_lines_split_as_sentences_splits_them(self) -> None:
        """Every line of every labelled text and example holding an inner sentence end: where
        _LINE_END_RE settles each full stop, the sentences are _sentences' own."""
        lines = [
            line
            for text in [
                *labelled_texts(),
                *CRAFTED,
                *(text for path in EXAMPLES for _, text in prose_fields(postmortem.load(path))),
            ]
            for line in prose_view(text).split("\n")
            if _INNER_END_RE.search(line) and len(line) <= _MAX_SENTENCE
        ]
        settled = [(line, _settled_sentences(line)) for line in lines]
        assert all(split == _sentences(line) for line, split in settled if split is not None)
        # Most are settled without _sentences; an abbreviation or a closing mark is not.
        assert len(lines) // 2 < sum(split is not None for _, split in settled) < len(lines)


class TestSameFindings:
    """With the bound and without it (every sentence scored), the scorer finds the same."""

    def _texts_findings(self, texts: list[str]) -> list[list[tuple[str, int, int, str]]]:
        return [[(h.rule, h.start, h.end, h.message) for h in hits] for hits in find_blame_in_texts(texts, scorer=True)]

    def test_on_labelled_lines(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every fourth labelled line and the crafted texts, read in batches as check() reads fields."""
        texts = [*labelled_texts()[::4], *CRAFTED]
        batches = [texts[i : i + 40] for i in range(0, len(texts), 40)]
        with_bound = [self._texts_findings(batch) for batch in batches]
        monkeypatch.setattr(model().bounds, "cut", -math.inf)
        assert with_bound == [self._texts_findings(batch) for batch in batches]
        assert any(any("scorer" in hit[3] for hit in hits) for batch in with_bound for hits in batch)

    def test_on_whole_documents(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Every labelled document and example, checked as a user would (names of people included)."""
        incidents = [postmortem.load(p) if p.suffix == ".yaml" else import_document(p).incident for p in DOCUMENTS]
        incidents += [postmortem.load(p) for p in EXAMPLES]
        config = Config(blame_scorer=True)
        with_bound = [[str(f) for f in check(incident, config)] for incident in incidents]
        monkeypatch.setattr(model().bounds, "cut", -math.inf)
        assert with_bound == [[str(f) for f in check(incident, config)] for incident in incidents]
        assert any(any("scorer" in f for f in findings) for findings in with_bound)
