"""The blamelessness detector's second stage (the statistical scorer) and the lemma table."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import attrs
import pytest

import postmortem
from postmortem.checks import Config, check
from postmortem.checks._blame import find_blame, find_blame_in_texts
from postmortem.checks._blame._inflect import forms, lemma
from postmortem.checks._blame._scorer import (
    _PATH,
    NO_FILTER,
    features,
    model,
    scan_words,
    score_sentence,
    sentence_tokens,
)
from postmortem.checks._config import ConfigError
from postmortem.checks._text import prose_fields

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
# Blame carried by framing, with no rule's wording: the scorer's to find. Each retraining on
# new rules can move this (rounds 9 and 10's sarcastic thanks are a rule's now); a sentence no
# rule flags and the shipped model does is what these tests need.
FRAMING = "Frankly, Omar treats the staging cluster like his own sandbox."
BLAME_RULES = [
    "blame/named-person",
    "blame/human-error",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/character",
    "blame/person-remedy",
]


class TestLemmas:
    """Every inflection of a word shares its lemma; irregular forms come from the data file."""

    @pytest.mark.parametrize(
        "words",
        [
            ("coach", "coaches", "coached", "coaching"),
            ("forget", "forgets", "forgot", "forgotten", "forgetting"),
            ("ignore", "ignores", "ignored", "ignoring"),
            ("stop", "stops", "stopped", "stopping"),
            ("retry", "retries", "retried"),
            ("break", "breaks", "broke", "broken", "breaking"),
            ("engineer", "engineers", "engineer's"),
        ],
    )
    def test_forms_share_a_lemma(self, words: tuple[str, ...]) -> None:
        assert len({lemma(word) for word in words}) == 1, {word: lemma(word) for word in words}

    def test_different_words_keep_different_lemmas(self) -> None:
        assert len({lemma(w) for w in ("careless", "carelessly", "process", "status", "blame", "blind")}) == 6

    def test_forms_are_the_inflections(self) -> None:
        assert {"coach", "coaches", "coached", "coaching"} <= forms("coach")
        assert {"forget", "forgot", "forgotten", "forgets", "forgetting"} <= forms("forget")
        assert all(lemma(form) == lemma("retrain") for form in forms("retrain"))


class TestModelFile:
    """The shipped model is small, finite, and only a dictionary at run time."""

    def test_shape_and_size(self) -> None:
        data = json.loads(_PATH.read_text(encoding="utf-8"))
        assert {"bias", "threshold", "min_word", "weights", "families", "surface", "pre", "strong"} <= data.keys()
        assert 0 < data["threshold"] < 1
        assert all(math.isfinite(w) for w in data["weights"].values())
        assert set(data["families"].values()) <= set(BLAME_RULES)
        assert set(data["surface"]) <= set(data["weights"])
        assert model().strong, "a scorer with no strong word never runs"
        # About 350 KB with the v6 file and the sixth round's features (about 10,400 weights), 270 KB
        # in round 13 (12,100 weights, the families of features too light to anchor a finding left
        # out): a dictionary read once, on first use. About 660 KB since round 21 (about 28,000 weights: the
        # fit's L2 penalty 0.0001, chosen left out round by round, keeps more weights above 0.06).
        assert _PATH.stat().st_size < 700_000

    def test_first_filter_covers_every_inflection(self) -> None:
        """Every inflection of a word in the first filter's table weighs what the word does."""
        m = model()
        checked = 0
        for word, weight in sorted(m.surface.items())[::12]:
            # A word the scan read with a quotation mark at its edge ("'temporary'") stands for
            # the word inside it, whose inflections are listed.
            for form in forms(word.strip("'")):
                if "-" in form or " " in form or lemma(form) != lemma(word):
                    continue
                assert m.surface.get(form) == weight, (word, form)
                checked += 1
        assert checked > 20

    def test_the_filter_reads_what_the_scan_reads(self) -> None:
        """scan_words keeps offsets and reads words as the rules' scan does."""
        text = "The on-call’s “fix” — naïve, I'd say: rolled back at 14:02."
        words = scan_words(text)
        assert len(words) == len(text)
        assert words.split() == [
            "the",
            "on",
            "call's",
            "fix",
            "na",
            "ve",
            "i'd",
            "say",
            "rolled",
            "back",
            "at",
            "14",
            "02",
        ]


class TestScorer:
    """What the scorer adds to the rules, and what it leaves alone."""

    def test_off_by_default(self) -> None:
        rows = [json.loads(line) for line in (DATA / "blameless_v2_dev.jsonl").read_text().splitlines()]
        texts = [row["text"] for row in rows]
        assert find_blame_in_texts(texts) == find_blame_in_texts(texts, scorer=False)

    def test_only_adds_to_the_rules(self) -> None:
        """Every rule hit stays; scorer hits lie in sentences no rule flagged."""
        rows = [json.loads(line) for line in (DATA / "blameless_v2_dev.jsonl").read_text().splitlines()]
        added = 0
        for row in rows:
            rules = find_blame(row["text"])
            both = find_blame(row["text"], scorer=True)
            assert set(rules) <= set(both), row["id"]
            extra = [hit for hit in both if hit not in rules]
            added += len(extra)
            for hit in extra:
                assert "scorer" in hit.message
                assert 0 <= hit.start < hit.end <= len(row["text"])
        assert added > 0

    def test_a_finding_names_the_words_that_weighed(self) -> None:
        # No rule has this wording, so the scorer's finding shows.
        text = FRAMING
        assert find_blame(text) == []
        hits = find_blame(text, scorer=True)
        assert hits, score_sentence(text, (), ())
        (hit,) = hits
        assert hit.rule in BLAME_RULES
        assert "the words that weigh most" in hit.message
        phrase = text[hit.start : hit.end]
        assert f"'{phrase}'" in hit.message

    @pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
    def test_no_finding_on_the_examples(self, path: Path) -> None:
        """The examples are written blamelessly, as real teams write: the scorer adds nothing."""
        incident = postmortem.load(path)
        texts = [text for _, text in prose_fields(incident) if text.strip()]
        assert find_blame_in_texts(texts, scorer=True) == find_blame_in_texts(texts)

    def test_allowed_words_keep_the_rules_call(self) -> None:
        text = FRAMING
        assert find_blame(text, scorer=True)
        assert find_blame(text, scorer=True, allowed=["sandbox"]) == []

    def test_names_become_one_feature(self) -> None:
        one = features(sentence_tokens("Priyanka pushed the config."))
        two = features(sentence_tokens("Tomasz pushed the config."))
        assert one.keys() == two.keys()
        assert "w:<name>" in one
        assert "w:<name>" not in features(sentence_tokens("Autovacuum is slow on this table."))

    def test_grammar_features_read_any_subject(self) -> None:
        """The sixth round's features: the word a negation denies, the passive and its agent's class."""
        found = features(sentence_tokens("The warning was waved through by the on-call, who never looked at it."))
        assert {f"pass:{lemma('waved')}", "pass:by <person>", f"neg:{lemma('looked')}", "class:signal"} <= found.keys()
        assert "pass:by <system>" in features(sentence_tokens("The change was pushed by the deploy pipeline."))
        # Spans point at the words: "was waved" for the passive.
        text = "Alerts were ignored for a week."
        start, end = features(sentence_tokens(text))[f"pass:{lemma('ignored')}"]
        assert text[start:end] == "were ignored"

    def test_a_model_without_first_filter_reads_every_sentence(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``strong`` at NO_FILTER: every sentence no rule flagged is scored, in the detector too."""
        from postmortem.checks._blame import _scan

        # The shipped model may itself read every sentence (round 11's does): the first filter is
        # checked on the same weights with one.
        filtered = attrs.evolve(model(), strong_min=0.3, pre=0.0)
        every = attrs.evolve(model(), strong_min=NO_FILTER)
        sentence = "The cache was warmed at 09:00 and the graphs looked normal."
        assert every.reads_every
        assert not filtered.reads_every
        assert score_sentence(sentence, (), (), filtered) is None  # no strong word: passed over
        assert score_sentence(sentence, (), (), every) is not None
        read: list[str] = []

        def recording(
            text: str, pieces: list[tuple[int, int, object]], *rest: object, **options: object
        ) -> list[object]:
            read.extend(text[a:b] for a, b, _ in pieces)
            return []

        monkeypatch.setattr(_scan, "_scored_hits", recording)
        # A gate every score passes: the bound on a sentence's score (round 12) skips none.
        monkeypatch.setattr(_scan, "_scorer_model", lambda: attrs.evolve(every, threshold=0.0))
        find_blame(f"Summary:\n{sentence} Nothing else changed.", scorer=True)
        assert read == ["Summary:", sentence, "Nothing else changed."]
        # At the shipped gate, the bound passes over these neutral sentences: none can reach it.
        read.clear()
        monkeypatch.setattr(_scan, "_scorer_model", lambda: every)
        find_blame(f"Summary:\n{sentence} Nothing else changed.", scorer=True)
        assert read == []

    @pytest.mark.parametrize(
        "text",
        [
            'A customer wrote: "The data team took the billing export down for a whole weekend."',
            "She told us that the data team took the billing export down for a whole weekend.",
            "A: I took the billing export down for a whole weekend, and I keep thinking about it.",
            "It would be unfair to say the data team took the billing export down for a whole weekend.",
            '"Nobody paged me. Then the data team took the billing export down for a whole weekend."',
        ],
    )
    def test_someone_elses_words_are_not_a_finding(self, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the ninth round the scorer reads whose words a phrase is as the rules do: quoted,
        reported, rejected or a transcript turn is not the author's finding. A model that flags
        every sentence holding a word about what was done shows the gate alone."""
        from postmortem.checks._blame import _scan

        eager = attrs.evolve(model(), threshold=0.0, min_word=0.0, strong_min=NO_FILTER)
        monkeypatch.setattr(_scan, "_scorer_model", lambda: eager)
        monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda: eager)
        plain = "The data team took the billing export down for a whole weekend."
        assert [h for h in find_blame(plain, scorer=True) if "scorer" in h.message]
        assert not [h for h in find_blame(text, scorer=True) if "scorer" in h.message]

    def test_a_number_or_a_possessive_is_never_what_a_finding_points_at(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the eighteenth round a finding's words are about what was done: not a number (how a
        list, a section or a timeline line is numbered) nor a person's possessive (who). A model that
        weighs only those heavily makes no finding; a word about what was done still anchors one."""
        from postmortem.checks._blame import _scan

        weights = {"start:<num>": 4.0, "w:<num>": 4.0, "b:<num> at": 4.0, "w:his": 4.0, "w:trolley": 0.5}
        heavy = attrs.evolve(model(), bias=0.0, weights=weights, threshold=0.5, min_word=0.2, strong_min=NO_FILTER)
        monkeypatch.setattr(_scan, "_scorer_model", lambda: heavy)
        monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda: heavy)
        assert find_blame("4.2 At 10:15 his crew moved to the loading bay.", scorer=True) == []
        text = "4.2 At 10:15 his crew moved the trolley to the loading bay."
        (hit,) = find_blame(text, scorer=True)
        assert text[hit.start : hit.end] == "trolley"
        assert not {"ch:#his", "ch:his#"} & features(sentence_tokens(text)).keys()

    def test_a_number_in_words_is_never_what_a_finding_points_at(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the nineteenth round a number written in words (a time read out in a dictated note,
        *at oh three fifty-eight*) is not what a finding points at either, and makes no letter 4-grams."""
        from postmortem.checks._blame import _scan

        weights = {"w:fifty-eight": 4.0, "w:three": 4.0, "w:thre": 4.0, "b:thre fifty-eight": 4.0, "w:trolley": 0.5}
        heavy = attrs.evolve(model(), bias=0.0, weights=weights, threshold=0.5, min_word=0.2, strong_min=NO_FILTER)
        monkeypatch.setattr(_scan, "_scorer_model", lambda: heavy)
        monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda: heavy)
        assert find_blame("He got the call at three fifty-eight and drove to the station.", scorer=True) == []
        text = "He got the call at three fifty-eight and moved the trolley."
        (hit,) = find_blame(text, scorer=True)
        assert text[hit.start : hit.end] == "trolley"
        assert not [name for name in features(sentence_tokens(text)) if name.startswith("ch:") and "fif" in name]

    def test_a_contraction_is_never_what_a_finding_points_at(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the twentieth round a contraction (*didn't*, *won't*) is the negation or the auxiliary of
        what was done, not the act: never what a finding points at, and it makes no letter 4-grams. A
        model that weighs only contractions heavily makes no finding; the act's word still anchors one."""
        from postmortem.checks._blame import _scan

        weights = {"w:didn't": 4.0, "w:won't": 4.0, "b:we didn't": 4.0, "neg:trolley": 0.1, "w:trolley": 0.5}
        heavy = attrs.evolve(model(), bias=0.0, weights=weights, threshold=0.5, min_word=0.2, strong_min=NO_FILTER)
        monkeypatch.setattr(_scan, "_scorer_model", lambda: heavy)
        monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda: heavy)
        assert find_blame("We didn't know the queue won't drain on its own.", scorer=True) == []
        text = "We didn't see that the trolley won't fit."
        (hit,) = find_blame(text, scorer=True)
        assert text[hit.start : hit.end] == "trolley"
        assert not [name for name in features(sentence_tokens(text)) if name.startswith("ch:") and "'" in name]
        assert not {"ch:#did", "ch:#won"} & features(sentence_tokens(text)).keys()

    def test_denied_blame_is_a_feature(self) -> None:
        """Since the ninth round: a cause word or an act whose negation denies it, after a negation."""
        for text in ("This was not anyone's fault.", "Nobody is to blame here.", "Nobody ignored anything."):
            assert {"deny:cause", "deny:act"} & features(sentence_tokens(text)).keys(), text
        for text in ("It was Bob's fault.", "He never bothered to look and ignored the page."):
            assert not {"deny:cause", "deny:act"} & features(sentence_tokens(text)).keys(), text

    def test_linear_on_crafted_text(self) -> None:
        """100 KB of the first filter's strongest words repeated: bounded work per sentence, no blow-up."""
        words = " ".join(sorted(model().strong))
        text = (words + ". ") * (100_000 // (len(words) + 2) + 1)
        started = time.process_time()
        find_blame(text, scorer=True)
        assert time.process_time() - started < 10


class TestConfiguration:
    """``blame-scorer`` turns the scorer on for check(); a value that is not a boolean is an error."""

    def test_key(self) -> None:
        assert Config.from_mapping({"blame-scorer": True}).blame_scorer is True
        assert Config().blame_scorer is False
        with pytest.raises(ConfigError, match="blame-scorer: expected true or false"):
            Config.from_mapping({"blame-scorer": "yes"})

    def test_check_uses_it(self) -> None:
        incident = postmortem.load(EXAMPLES[0])
        text = FRAMING
        changed = postmortem.Incident(**{**_fields(incident), "summary": text})
        plain = check(changed, Config(), rules=BLAME_RULES)
        scored = check(changed, Config(blame_scorer=True), rules=BLAME_RULES)
        assert not [f for f in plain.findings if f.path == "$.summary"]
        assert [f for f in scored.findings if f.path == "$.summary"]

    def test_documents_have_a_threshold_of_their_own(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the eighteenth round an incident's prose is held to ``document_threshold``: the same
        sentence is a finding checked on its own (find_blame, check_text) and not in check() when its
        score lies between the two thresholds, and is in both when it passes the higher one."""
        from postmortem.checks._blame import _scan

        text = FRAMING
        incident = postmortem.Incident(**{**_fields(postmortem.load(EXAMPLES[0])), "summary": text})
        for document_threshold, in_documents in ((0.9999, False), (0.5, True)):
            shifted = attrs.evolve(model(), threshold=0.5, document_threshold=document_threshold)
            monkeypatch.setattr(_scan, "_scorer_model", lambda shifted=shifted: shifted)
            monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda shifted=shifted: shifted)
            assert find_blame(text, scorer=True)
            assert postmortem.check_text(text, Config(blame_scorer=True)).findings
            report = check(incident, Config(blame_scorer=True), rules=BLAME_RULES)
            assert bool([f for f in report.findings if f.path == "$.summary"]) is in_documents

    def test_second_opinion_withdraws_a_rules_finding_in_documents_only(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Since the nineteenth round a model may hold a ``second_opinion``: in an incident's prose a
        rule's finding whose sentence scores under it is withdrawn; a sentence checked on its own keeps
        it, and so does a field whose sentence scores above it; without one nothing is withdrawn."""
        from postmortem.checks._blame import _scan

        blameful = "Dave pushed the change without review."
        incident = postmortem.Incident(**{**_fields(postmortem.load(EXAMPLES[0])), "summary": blameful})
        assert find_blame(blameful)  # a rule's finding, whatever the scorer says
        # Under the documents' threshold: a withdrawn sentence is not the scorer's finding either (since round
        # 21 the sentence scores above the threshold for a text on its own, 0.45, so the floor is under this one).
        under = model().threshold_for(document=True) - 0.01
        for floor, withdrawn in ((None, False), (1e-9, False), (under, True)):
            judged = attrs.evolve(model(), second_opinion=floor)
            monkeypatch.setattr(_scan, "_scorer_model", lambda judged=judged: judged)
            monkeypatch.setattr("postmortem.checks._blame._scorer.model", lambda judged=judged: judged)
            assert find_blame(blameful, scorer=True)
            report = check(incident, Config(blame_scorer=True), rules=BLAME_RULES)
            found = [f for f in report.findings if f.path == "$.summary"]
            assert not found if withdrawn else found
            assert check(incident, Config(), rules=BLAME_RULES).findings  # the scorer off: the rules' own

    def test_the_shipped_model_reads_its_second_opinion(self) -> None:
        """``second_opinion`` in scorer.json is read as a float, and is absent (None) when not written."""
        data = json.loads(_PATH.read_text(encoding="utf-8"))
        assert model().second_opinion == (float(data["second_opinion"]) if "second_opinion" in data else None)
        assert postmortem.checks._blame._scorer.Model.from_json({**data, "second_opinion": 0.25}).second_opinion == 0.25

    def test_check_text_uses_it(self) -> None:
        text = FRAMING
        assert not postmortem.check_text(text).findings
        (finding,) = postmortem.check_text(text, Config(blame_scorer=True)).findings
        assert finding.phrase
        assert finding.phrase in finding.message


def _fields(incident: postmortem.Incident) -> dict[str, object]:
    return {a.name: getattr(incident, a.name) for a in attrs.fields(type(incident)) if a.init}
