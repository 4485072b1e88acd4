"""``benchmarks/blameless_documents.py``: scoring the check on whole labelled documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from ._benchmarks import benchmark_script

ROOT = Path(__file__).resolve().parent.parent

_MARKDOWN = """\
# INC-77: Queue backlog after a broker upgrade

**Date:** 2026-03-04
**Severity:** SEV2

## Summary

On 4 March the order queue backed up for 40 minutes after a broker upgrade. Priya pushed a
broken config on Friday and nobody noticed. A greedy regex in the parser dropped some lines.

## Root cause

The new broker version changed the default prefetch. The on-call should have spotted the
lag graph much earlier. The consumer was careless with acknowledgements.

## Action items

| Action | Owner | Due |
|---|---|---|
| Pin prefetch in config | Ana | 2026-04-01 |
"""


def _score(folder: Path, **options: Any) -> dict[str, Any]:
    score_folder = benchmark_script("blameless_documents").score_folder
    result: dict[str, Any] = score_folder(folder, **options)
    return result


def _write(folder: Path, name: str, text: str, blameful: list[str], tricky: tuple[str, ...] = ()) -> None:
    (folder / name).write_text(text, encoding="utf-8")
    labels = {
        "blameful": [{"quote": q, "kind": "named_person_as_cause", "confidence": "high"} for q in blameful],
        "tricky_blameless": [{"quote": q, "why": "a technical word"} for q in tricky],
    }
    stem = name.rsplit(".", 1)[0]
    (folder / f"{stem}.labels.json").write_text(json.dumps(labels), encoding="utf-8")


def test_markdown_document_right_wrong_and_missed(tmp_path: Path) -> None:
    """A quote across a soft line break still matches; an unlabelled finding is wrong; a quote the
    check does not flag is missed; a quote no checked field holds is left out of recall."""
    _write(
        tmp_path,
        "a.md",
        _MARKDOWN,
        blameful=[
            "Priya pushed a broken config on Friday and nobody noticed.",
            "The on-call should have spotted the lag graph much earlier.",
            "INC-77",  # the id: not prose, so not checked
        ],
        tricky=("A greedy regex in the parser dropped some lines.",),
    )
    result = _score(tmp_path, scorer=False)
    (doc,) = result["per_document"]
    assert doc["blameful"] == 3
    assert doc["not_in_prose"] == 1
    assert doc["found"] == 2
    # "careless" about a consumer is flagged (the rules read it as a character judgement)
    # and is not labelled blameful here: counted wrong, so precision is below 1.
    kinds = [e["kind"] for e in doc["errors"]]
    assert doc["wrong"] == kinds.count("wrong") == 1
    assert result["precision"] == pytest.approx(doc["right"] / doc["findings"], abs=1e-4)
    assert result["recall"] == 1.0


def test_yaml_document_and_clean_documents(tmp_path: Path) -> None:
    """A project YAML file is loaded as is; a document with no blameful quote that gets a
    finding counts as a clean document flagged; a missed quote is listed."""
    yaml = (ROOT / "examples" / "latency-database-hotspot.yaml").read_text(encoding="utf-8")
    blamed = yaml.replace(
        "summary: |\n  On 3 November",
        "summary: |\n  Marcus ran the report query without\n  thinking. On 3 November",
        1,
    )
    assert blamed != yaml
    _write(tmp_path, "b.yaml", blamed, blameful=["Marcus ran the report query without thinking."])
    _write(tmp_path, "c.yaml", yaml, blameful=["dashboard loads slowed from a p95 of 800 ms"])
    result = _score(tmp_path, scorer=False)
    b, c = result["per_document"]
    assert (b["found"], b["wrong"]) == (1, 0)
    assert (c["found"], c["findings"]) == (0, 0)
    assert [e["kind"] for e in c["errors"]] == ["missed"]
    assert result["recall"] == 0.5
    assert result["clean_documents_flagged"] == 0


DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents"
# Round 7's development documents (tests/data/blameless_documents_dev/README.md): scored on first
# sight when they were written, with no floor; only their labels' shape is checked here.
DEV_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_dev"
# Round 7's held-out documents (tests/data/blameless_documents_v7/README.md), scored once at the end
# of round 7 and spent since.
V7_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v7"
# Round 8's development documents (tests/data/blameless_documents_v8_dev/README.md): written before
# the round's rule changes and scored on first sight (01-06, rules alone 0.333 / 0.500); 07 and 08
# were set aside and scored once at the end (rules alone 1.000 / 0.429).
V8_DEV_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v8_dev"
# Round 8's held-out documents (tests/data/blameless_documents_v8/README.md), scored once at the end
# of round 8 and spent since.
V8_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v8"
# Round 9's development documents (tests/data/blameless_documents_v9_dev/README.md).
V9_DEV_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v9_dev"
# Round 9's held-out documents (tests/data/blameless_documents_v9/README.md), scored once at the end
# of round 9 and spent since.
V9_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v9"
# Round 10's held-out documents (tests/data/blameless_documents_v10/README.md), scored once at the
# end of round 10 and spent since.
V10_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v10"
# Round 11's held-out documents (tests/data/blameless_documents_v11/README.md), scored once at the
# end of round 11 and spent since.
V11_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v11"
# Round 12's held-out documents (tests/data/blameless_documents_v12/README.md), scored once at the
# end of round 12 and spent since.
V12_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v12"
# Round 13's held-out documents (tests/data/blameless_documents_v13/README.md), scored once at the
# end of round 13.
V13_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v13"
# Round 14's held-out documents (tests/data/blameless_documents_v14/README.md), scored once at the
# end of round 14.
V14_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v14"
# Round 15's held-out documents (tests/data/blameless_documents_v15/README.md), scored once at the
# end of round 15.
V15_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v15"
# Round 16's held-out documents (tests/data/blameless_documents_v16/README.md), scored once at the
# end of round 16.
V16_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v16"
# Round 17's held-out documents (tests/data/blameless_documents_v17/README.md), scored once at the
# end of round 17.
V17_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v17"
# Round 18's held-out documents (tests/data/blameless_documents_v18/README.md), scored once at the
# end of round 18.
V18_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v18"
# Round 19's held-out documents (tests/data/blameless_documents_v19/README.md), scored once at the
# end of round 19.
V19_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v19"
# Round 20's held-out documents (tests/data/blameless_documents_v20/README.md), scored once at the
# end of round 20.
V20_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v20"
# Round 21's held-out documents (tests/data/blameless_documents_v21/README.md), scored once at the
# end of round 21.
V21_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v21"
# Round 22's held-out documents (tests/data/blameless_documents_v22/README.md), scored once at the
# end of round 22.
V22_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v22"
# Round 23's held-out documents (tests/data/blameless_documents_v23/README.md), scored once at the
# end of round 23.
V23_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v23"
# Round 24's held-out documents (tests/data/blameless_documents_v24/README.md), scored once at the
# end of round 24.
V24_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v24"
# Round 12's training documents (tests/data/blameless_documents_v12_train/README.md): written as
# training data for the scorer, never held out.
V12_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v12_train"
# Round 13's training documents (tests/data/blameless_documents_v13_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 900 words.
V13_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v13_train"
# Round 15's training documents (tests/data/blameless_documents_v15_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,100 words in shapes and
# registers the earlier folders do not use (committee minutes, a loss adjuster's findings, a status
# page history, a shift handover log).
V15_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v15_train"
# Round 16's training documents (tests/data/blameless_documents_v16_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,100 words in shapes the
# earlier folders do not use (a lab deviation report, a hotel incident book, a match commissioner's
# report, a military-style after action review).
V16_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v16_train"
# Round 17's training documents (tests/data/blameless_documents_v17_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,000 to 1,200 words in shapes the
# earlier folders do not use (a review built on shift handover notes, a support ticket thread with reply
# macros, a review meeting's invite, agenda and minutes, a touring company's incident report).
V17_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v17_train"
# Round 19's training documents (tests/data/blameless_documents_v19_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,100 to 1,400 words in shapes the
# earlier folders do not use (review meeting minutes with AGREED lines, a lessons-learned register, a
# review quoting a chat thread's emoji reactions and a commit message, a night report of a telescope).
V19_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v19_train"
# Round 20's training documents (tests/data/blameless_documents_v20_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,100 to 1,350 words (six Markdown,
# two project YAML) with blame carried by an e-mail subject, a status-page reply, a PR title or commit
# message, "per X's instructions", "decided" against advice, "thanks to", a lesson aimed at one person, a
# nickname and a person counted in a list of causes.
V20_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v20_train"
# Round 21's training documents (tests/data/blameless_documents_v21_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,000 to 1,250 words (six Markdown,
# two project YAML) with blame carried by a warning a person was given and went ahead past, a culprit named
# without "blame" ("this one is on", "X's to own", "look no further than"), sarcasm, an adjective of
# conduct, attention or competence put on a person and a passive with no agent but one clear person.
V21_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v21_train"
# Round 22's training documents (tests/data/blameless_documents_v22_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 1,100 to 1,350 words (six Markdown,
# two project YAML) with blame carried by a teasing reveal, "was supposed to ... and didn't", a mock award,
# an aside in brackets, a tally of one person's incidents, a sneering thought, an absence question answered
# at once, an ultimatum, an emoji or hashtag, a TODO or commit message, a key: value field, understatement,
# a euphemism and an insinuation that trails off, among blameless sentences dense with "look at",
# "clearly", "fine" and "glad".
V22_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v22_train"
# Round 23's training documents (tests/data/blameless_documents_v23_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 950 to 1,300 words (six Markdown,
# two project YAML) with blame carried by condescension, a rhetorical "how hard is it", praise of one person
# that pins the failure on another, "no excuse", scare quotes, "for reasons known only to" in a timeline, a
# nagging history, a scorecard rating a person, a mock-noun, a "lesson for <person>" and a mocking remedy,
# among blameless sentences dense with thanks to named people, the author owning a decision in the first
# person, reported speech and "because" explaining the author's own choice.
V23_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v23_train"
# Round 24's training documents (tests/data/blameless_documents_v24_train/README.md): written as
# training data for the scorer, never held out; whole documents of about 950 to 1,350 words (six Markdown,
# two project YAML) with blame carried by a person's name without a failure verb: a mock award, a tally held
# against a person, a bracketed aside, a "guess who" riddle, a sigh, "of course it was", a threat, a contrast
# with everyone else, a statistic, "left to his own devices", an apology demanded and a mocked excuse, among
# blameless sentences dense with "decided not to", "is why", "caused", "fine", "told", "will pay", "more",
# "the wrong" about a part and the author owning a decision ("that's on me").
V24_TRAIN_DOCUMENTS = ROOT / "tests" / "data" / "blameless_documents_v24_train"


@pytest.mark.parametrize(
    ("folder", "count"),
    [
        (DOCUMENTS, 14),
        (DEV_DOCUMENTS, 8),
        (V7_DOCUMENTS, 14),
        (V8_DEV_DOCUMENTS, 8),
        (V8_DOCUMENTS, 14),
        (V9_DEV_DOCUMENTS, 4),
        (V9_DOCUMENTS, 14),
        (V10_DOCUMENTS, 14),
        (V11_DOCUMENTS, 14),
        (V12_DOCUMENTS, 14),
        (V12_TRAIN_DOCUMENTS, 6),
        (V13_DOCUMENTS, 14),
        (V14_DOCUMENTS, 14),
        (V15_DOCUMENTS, 14),
        (V16_DOCUMENTS, 14),
        (V17_DOCUMENTS, 14),
        (V18_DOCUMENTS, 14),
        (V19_DOCUMENTS, 24),
        (V20_DOCUMENTS, 27),
        (V21_DOCUMENTS, 28),
        (V22_DOCUMENTS, 27),
        (V23_DOCUMENTS, 28),
        (V24_DOCUMENTS, 28),
        (V13_TRAIN_DOCUMENTS, 6),
        (V15_TRAIN_DOCUMENTS, 6),
        (V16_TRAIN_DOCUMENTS, 6),
        (V17_TRAIN_DOCUMENTS, 6),
        (V19_TRAIN_DOCUMENTS, 6),
        (V20_TRAIN_DOCUMENTS, 8),
        (V21_TRAIN_DOCUMENTS, 8),
        (V22_TRAIN_DOCUMENTS, 8),
        (V23_TRAIN_DOCUMENTS, 8),
        (V24_TRAIN_DOCUMENTS, 8),
    ],
    ids=lambda v: getattr(v, "name", v),
)
def test_the_labelled_documents_hold_their_quotes(folder: Path, count: int) -> None:
    """Every quote of the labelled documents (the spent held-out set and the round-7 development
    set) occurs exactly once in its document (white space made one space; once outside the lines a
    reply quotes with ``>``), and no blameful quote
    overlaps a tricky blameless one."""
    _normalised = benchmark_script("blameless_documents")._normalised
    labelled = sorted(folder.glob("*.labels.json"))
    assert len(labelled) == count
    for labels_path in labelled:
        stem = labels_path.name.removesuffix(".labels.json")
        (document,) = [p for p in folder.glob(stem + ".*") if p != labels_path and p.name != "README.md"]
        text = document.read_text(encoding="utf-8")
        flat = _normalised(text)[0]
        # A sentence quoted again in a reply ("> ..." in a forum thread, round 24's 01) is the same
        # words twice: the quote is the one outside the quoted lines, and it comes first.
        own = _normalised("\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">")))[0]
        labels = json.loads(labels_path.read_text(encoding="utf-8"))
        spans: dict[str, list[tuple[int, int]]] = {"blameful": [], "tricky_blameless": []}
        for key, entries in labels.items():
            for entry in entries:
                quote = _normalised(entry["quote"])[0].strip()
                assert flat.count(quote) == 1 or own.count(quote) == 1, (document.name, quote)
                start = flat.index(quote)
                spans[key].append((start, start + len(quote)))
        for a, b in spans["blameful"]:
            assert not any(a < d and c < b for c, d in spans["tricky_blameless"]), (document.name, flat[a:b])


def _assert_floors(
    folder: Path, *, rules: tuple[float, float], scorer: tuple[float, float] | None = None, not_in_prose: int = 0
) -> None:
    """The documents of ``folder`` score at least ``(precision, recall)`` with the rules alone and,
    when given, with the scorer; every blameful quote is in the prose the check reads (but for
    ``not_in_prose`` quotes the import is known to lose)."""
    alone = _score(folder, scorer=False)
    assert alone["totals"]["not_in_prose"] == not_in_prose
    assert alone["precision"] >= rules[0], alone["totals"]
    assert alone["recall"] >= rules[1], alone["totals"]
    if scorer is not None:
        both = _score(folder, scorer=True)
        assert both["precision"] >= scorer[0], both["totals"]
        assert both["recall"] >= scorer[1], both["totals"]


def test_the_development_documents_keep_the_rules_precision() -> None:
    """Round 7's development documents (blameless_documents_dev) with the rules alone: first sight at
    the round's start 0.32 precision (configuration imperatives, look-alikes), 1.000 / 0.333 at the
    round's last rule change (docs/checks/blamelessness.md, *Round 7: the rules*); whole documents
    hold far more blameless sentences than blameful ones, so a wrong finding shows here first."""
    _assert_floors(DEV_DOCUMENTS, rules=(0.95, 0.30))


def test_the_round_8_development_documents_keep_the_rules_precision() -> None:
    """Round 8's development documents (blameless_documents_v8_dev, eight: six tuned on, two set
    aside and scored once at the end) with the rules alone: first sight of 01-06 at the round's
    start 0.333 / 0.500, all eight 0.355 / 0.471 at the start and 0.857 / 0.471 at the round's end
    (docs/checks/blamelessness.md, *Round 8: whole documents*). Learning reviews quoting interviews,
    blame rejected, thanks and customer promises: a change that reads them as blame shows here."""
    _assert_floors(V8_DEV_DOCUMENTS, rules=(0.80, 0.45))


def test_the_round_9_development_documents_keep_the_rules_precision() -> None:
    """Round 9's development documents (blameless_documents_v9_dev, four, written after the round's
    first changes and tuned on): rules alone 0.455 / 0.625 at the round's start, 0.833 / 0.625 at
    its end (one wrong finding of six, five of eight blameful quotes). The floor keeps the
    precision the round reached on them and the recall they had before it."""
    _assert_floors(V9_DEV_DOCUMENTS, rules=(0.80, 0.60))


@pytest.mark.parametrize(
    ("folder", "least_words"),
    [
        (V12_TRAIN_DOCUMENTS, 250),
        (V13_TRAIN_DOCUMENTS, 700),
        (V15_TRAIN_DOCUMENTS, 700),
        (V16_TRAIN_DOCUMENTS, 700),
        (V17_TRAIN_DOCUMENTS, 700),
        (V19_TRAIN_DOCUMENTS, 700),
        (V20_TRAIN_DOCUMENTS, 700),
        (V21_TRAIN_DOCUMENTS, 700),
        (V22_TRAIN_DOCUMENTS, 700),
        (V23_TRAIN_DOCUMENTS, 700),
        (V24_TRAIN_DOCUMENTS, 700),
    ],
    ids=(
        "v12_train",
        "v13_train",
        "v15_train",
        "v16_train",
        "v17_train",
        "v19_train",
        "v20_train",
        "v21_train",
        "v22_train",
        "v23_train",
        "v24_train",
    ),
)
def test_the_training_documents_are_trained_on(folder: Path, least_words: int) -> None:
    """The training documents of rounds 12, 13, 15, 16, 17, 19, 20, 21, 22, 23 and 24 (written as training data, never
    held out) are read by the scorer's trainer (``DOCUMENT_FOLDERS``), every blameful quote lands on a
    sentence of the prose it reads and is in the prose the check reads, and each document has at least
    *least_words* words (rounds 13 to 24 wrote whole post-mortems, round 12 shorter excerpts)."""
    train_blame_scorer = benchmark_script("train_blame_scorer")
    assert folder.name in train_blame_scorer.DOCUMENT_FOLDERS
    rows = train_blame_scorer.document_rows(folder)
    quotes = sum(len(json.loads(p.read_text(encoding="utf-8"))["blameful"]) for p in folder.glob("*.labels.json"))
    assert quotes >= 15
    assert sum(row["label"] == "blameful" for row in rows) >= quotes
    assert _score(folder, scorer=False)["totals"]["not_in_prose"] == 0
    for document in folder.glob("0*.*"):
        if not document.name.endswith(".labels.json"):
            assert len(document.read_text(encoding="utf-8").split()) >= least_words, document.name


class HeldOut(NamedTuple):
    """A round's spent held-out documents and the floors they keep."""

    round: int
    folder: Path
    rules: tuple[float, float]
    """(precision, recall) with the rules alone."""
    facts: str
    """Where the floors come from: the round's held-out score, what has moved them since."""
    scorer: tuple[float, float] | None = None
    """(precision, recall) with the scorer, where a floor is kept for it."""
    not_in_prose: int = 0
    """Blameful quotes the import is known to lose."""


HELD_OUT = [
    HeldOut(
        round=6,
        folder=DOCUMENTS,
        rules=(0.95, 0.40),
        scorer=(0.95, 0.45),
        facts=(
            "The spent held-out documents, scored once at the end of round 6 (rules alone: precision 0.833, "
            "recall 0.386; with the scorer 0.830 and 0.586; docs/checks/blamelessness.md), stay at the level "
            "reached since (round 7, now development data: rules alone 1.000 / 0.429 at the round's last rule "
            "change): a change that loses findings or adds wrong ones on whole documents shows here.\n\n"
            "Round 7's scorer is trained on these documents, and its gate keeps the documents' precision at "
            "0.90 or more, cross-validated: its threshold went up (0.65 to 0.8); the final model of the round "
            "(trained on these documents too) gets precision 1.000 and recall 0.614 on them. Round 9's scorer "
            "is gated for precision on whole documents (the scorer may cost them at most 0.03 of the rules' "
            "own, cross-validated) and gets 1.000 / 0.471, so the floors with the scorer are 0.95 / 0.45."
        ),
    ),
    HeldOut(
        round=7,
        folder=V7_DOCUMENTS,
        rules=(0.95, 0.52),
        scorer=(0.95, 0.52),
        facts=(
            "The round-7 held-out documents, scored once at the end of round 7 (rules alone: precision 0.818, "
            "recall 0.477, 10 wrong findings of 55; with the scorer 0.795 and 0.628; "
            "docs/checks/blamelessness.md, *Round 7 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. "
            "Round 8 raised the rules' figures on them to 0.962 / 0.523 (reported speech and denials read as "
            "such; plain blame in ordinary words, docs/checks/blamelessness.md, *Round 8 development* and "
            "*Round 8: whole documents*). Round 9's scorer, trained on them and gated for precision on whole "
            "documents, gets 0.981 / 0.547 (the round-8 scorer 0.861 / 0.663, not trained on them)."
        ),
    ),
    HeldOut(
        round=8,
        folder=V8_DOCUMENTS,
        rules=(0.83, 0.35),
        scorer=(0.90, 0.42),
        facts=(
            "The round-8 held-out documents, scored once at the end of round 8 (rules alone: precision 0.837, "
            "recall 0.355, 7 wrong findings of 43; with the scorer 0.737 and 0.570; "
            "docs/checks/blamelessness.md, *Round 8 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. "
            "Round 9's scorer, trained on them and gated for precision on whole documents, gets 1.000 / 0.484 "
            "(docs/checks/blamelessness.md, *Round 9: the scorer*)."
        ),
    ),
    HeldOut(
        round=9,
        folder=V9_DOCUMENTS,
        rules=(0.80, 0.30),
        scorer=(0.83, 0.37),
        facts=(
            "The round-9 held-out documents, scored once at the end of round 9 (rules alone: precision 0.811, "
            "recall 0.301, 7 wrong findings of 37; with the scorer 0.841 and 0.376, 7 wrong of 44; "
            "docs/checks/blamelessness.md, *Round 9 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. "
            "Round 10's scorer is trained on them (``DOCUMENT_FOLDERS`` in benchmarks/train_blame_scorer.py): "
            "0.854 / 0.419 at its first retraining, 0.883 / 0.527 at its last (on the round's last rules, "
            "rules alone 0.873 / 0.473), the 7 wrong findings the rules' each time."
        ),
    ),
    HeldOut(
        round=10,
        folder=V10_DOCUMENTS,
        rules=(0.82, 0.41),
        scorer=(0.82, 0.45),
        facts=(
            "The round-10 held-out documents, scored once at the end of round 10 (rules alone: precision "
            "0.824, recall 0.411, 9 wrong findings of 51; with the scorer 0.821 and 0.456, 10 wrong of 56; "
            "docs/checks/blamelessness.md, *Round 10 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. The "
            "scorer shipped in round 10 never read them; since round 11 it is trained on them "
            "(``DOCUMENT_FOLDERS`` in benchmarks/train_blame_scorer.py): 0.845 / 0.489 at its first "
            "retraining, 9 wrong findings of 58."
        ),
    ),
    HeldOut(
        round=11,
        folder=V11_DOCUMENTS,
        rules=(0.92, 0.54),
        scorer=(0.91, 0.65),
        facts=(
            "The round-11 held-out documents, scored once at the end of round 11 (rules alone: precision "
            "0.925, recall 0.542, 5 wrong findings of 67; with the scorer 0.913 and 0.656, 7 wrong of 80; "
            "docs/checks/blamelessness.md, *Round 11 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. The "
            "scorer shipped in round 11 never read them; since round 12 it is trained on them "
            "(``DOCUMENT_FOLDERS`` in benchmarks/train_blame_scorer.py)."
        ),
    ),
    HeldOut(
        round=12,
        folder=V12_DOCUMENTS,
        rules=(0.95, 0.36),
        # Round 23's model (an incident's prose at 0.65, praise places, paragraph's tone 0.3) measures
        # 0.959 / 0.482 (2 wrong of 49) with the scorer: fewer quotes found; the recall floor follows.
        # Round 25's (0.65, second opinion 0.3, tone 0.3) measures 0.974 / 0.400 (1 wrong of 39, 34 of 85):
        # the second opinion at 0.3 withdraws right findings of the rules' too; the recall floor follows.
        scorer=(0.81, 0.40),
        facts=(
            "The round-12 held-out documents, scored once at the end of round 12 (rules alone: precision "
            "0.814, recall 0.365, 8 wrong findings of 43; with the scorer 0.813 and 0.565, 12 wrong of 64; "
            "docs/checks/blamelessness.md, *Round 12 held-out score*), keep at least those figures: spent, "
            "they are development data from now on, and a floor shows a change that loses ground on them. The "
            "scorer shipped in round 12 never read them; since round 13 it is trained on them "
            "(``DOCUMENT_FOLDERS`` in benchmarks/train_blame_scorer.py). Round 13 fixed the causes of the "
            "rules' 8 wrong findings (docs/checks/blamelessness.md, *Round 13: wrong findings fixed by their "
            "cause*): 1.000 / 0.376 with the rules alone, so their precision floor is 0.95. Round 20's model, "
            "retrained on the frozen rules with an incident's prose held to 0.9 (0.8 before), measures 1.000 "
            "/ 0.518 (none wrong of 50, 44 of 85 quotes) with the scorer: precision up, fewer quotes found; "
            "the recall floor with the scorer follows, 0.51."
        ),
    ),
    HeldOut(
        round=13,
        folder=V13_DOCUMENTS,
        rules=(0.90, 0.46),
        scorer=(0.91, 0.56),
        facts=(
            "The round-13 held-out documents, scored once at the end of round 13 (rules alone: precision "
            "0.907, recall 0.467, 5 wrong findings of 54; with the scorer 0.915 and 0.641, 6 wrong of 71; "
            "docs/checks/blamelessness.md, *Round 13 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 13 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 14 it is trained on them. Round 16's model, "
            "retrained on the frozen rules with round 16's training data, gets 0.940 / 0.620 on them (4 wrong "
            "of 67, 57 of 92 quotes; left out, round 15's features gave 0.941 / 0.630 at the round's start), "
            "so the floor with the scorer is 0.61. Round 19's model, whose second opinion withdraws a rule's "
            "finding the scorer reads as blameless, gets 0.984 / 0.609 (1 wrong of 63, 56 of 92 quotes): the "
            "recall floor with the scorer follows, 0.60. Round 20's model, retrained on the frozen rules with "
            "an incident's prose held to 0.9 (0.8 before), measures 0.983 / 0.565 (1 wrong of 59, 52 of 92 "
            "quotes) with the scorer: precision up, fewer quotes found; the recall floor with the scorer "
            "follows, 0.56."
        ),
    ),
    HeldOut(
        round=14,
        folder=V14_DOCUMENTS,
        rules=(0.92, 0.46),
        scorer=(0.91, 0.56),
        facts=(
            "The round-14 held-out documents, scored once at the end of round 14 (rules alone: precision "
            "0.930, recall 0.464, 4 wrong findings of 57; with the scorer 0.917 and 0.598, 6 wrong of 72; "
            "docs/checks/blamelessness.md, *Round 14 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 14 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 15 it is trained on them. Round 20's model, "
            "retrained on the frozen rules with an incident's prose held to 0.9 (0.8 before), measures 0.984 "
            "/ 0.567 (1 wrong of 64, 55 of 97 quotes) with the scorer: precision up, fewer quotes found; the "
            "recall floor with the scorer follows, 0.56."
        ),
    ),
    HeldOut(
        round=15,
        folder=V15_DOCUMENTS,
        rules=(0.86, 0.43),
        scorer=(0.84, 0.46),
        facts=(
            "The round-15 held-out documents, scored once at the end of round 15 (rules alone: precision "
            "0.868, recall 0.438, 7 wrong findings of 53; with the scorer 0.843 and 0.584, 11 wrong of 70; "
            "docs/checks/blamelessness.md, *Round 15 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 15 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 16 it is trained on them.\n\n"
            "Every blameful quote is in the prose the check reads: until round 16 one was not (the MediaWiki "
            "page's numbered list, ``# item``, was read as Markdown headings and that action item lost on "
            "import); the import now reads a MediaWiki page as the Markdown it stands for.\n\n"
            "Round 19's model, whose second opinion withdraws a rule's finding the scorer reads as blameless, "
            "measures 0.933 / 0.544 with the scorer (56 right of 60, 4 wrong): the recall floor with the "
            "scorer follows, 0.54. Round 20's model, retrained on the frozen rules with an incident's prose "
            "held to 0.9 (0.8 before), measures 0.924 / 0.467 (4 wrong of 53, 42 of 90 quotes) with the "
            "scorer: precision up, fewer quotes found; the recall floor with the scorer follows, 0.46."
        ),
    ),
    HeldOut(
        round=16,
        folder=V16_DOCUMENTS,
        rules=(0.99, 0.68),
        # Round 23's model (an incident's prose at 0.65, praise places, paragraph's tone 0.3) measures
        # 1.000 / 0.729 (0 wrong of 77) with the scorer: fewer quotes found; the recall floor follows.
        # Round 25's (0.65, second opinion 0.3, tone 0.3) measures 1.000 / 0.625 (0 wrong of 67, 60 of 96),
        # under the rules alone's recall: the second opinion at 0.3 withdraws right findings of the rules'.
        scorer=(0.98, 0.62),
        facts=(
            "The round-16 held-out documents, scored once at the end of round 16 (rules alone: precision "
            "1.000, recall 0.688, no wrong finding of 72; with the scorer 0.988 and 0.792, 1 wrong of 83; "
            "docs/checks/blamelessness.md, *Round 16 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 16 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 17 it is trained on them. Round 18's retrained "
            "model (a number or a possessive no longer anchors a finding) finds one quote fewer, 1.000 and "
            "0.781 (75 of 96, none wrong of 82): the recall floor with the scorer follows, 0.78. Round 20's "
            "model, retrained on the frozen rules with an incident's prose held to 0.9 (0.8 before), measures "
            "1.000 / 0.750 (none wrong of 79, 72 of 96 quotes) with the scorer: precision up, fewer quotes "
            "found; the recall floor with the scorer follows, 0.75."
        ),
    ),
    HeldOut(
        round=17,
        folder=V17_DOCUMENTS,
        rules=(0.86, 0.39),
        scorer=(0.76, 0.46),
        facts=(
            "The round-17 held-out documents, scored once at the end of round 17 (rules alone: precision "
            "0.865, recall 0.396, 7 wrong findings of 52; with the scorer 0.764 and 0.491, 17 wrong of 72; "
            "docs/checks/blamelessness.md, *Round 17 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 17 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 18 it is trained on them. Round 20's model, "
            "retrained on the frozen rules with an incident's prose held to 0.9 (0.8 before), measures 0.929 "
            "/ 0.462 (4 wrong of 56, 49 of 106 quotes) with the scorer: precision up, fewer quotes found; the "
            "recall floor with the scorer follows, 0.46."
        ),
    ),
    HeldOut(
        round=18,
        folder=V18_DOCUMENTS,
        rules=(0.82, 0.37),
        # Round 23's model (an incident's prose at 0.65, praise places, paragraph's tone 0.3) measures
        # 0.957 / 0.427 (2 wrong of 47) with the scorer: fewer quotes found; the recall floor follows.
        # Round 25's (0.65, second opinion 0.3, tone 0.3) measures 0.977 / 0.396 (1 wrong of 43, 38 of 96):
        # the second opinion at 0.3 withdraws right findings of the rules' too; the recall floor follows.
        scorer=(0.84, 0.39),
        facts=(
            "The round-18 held-out documents, scored once at the end of round 18 (rules alone: precision "
            "0.830, recall 0.375, 8 wrong findings of 47; with the scorer 0.846 and 0.542, 10 wrong of 65; "
            "docs/checks/blamelessness.md, *Round 18 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 18 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 19 it is trained on them. Round 19's model, whose "
            "second opinion withdraws a rule's finding the scorer reads as blameless, retrained on the frozen "
            "rules, measures 0.946 / 0.521 with the scorer (3 wrong of 56, 50 of 96 quotes): the recall floor "
            "with the scorer follows, 0.52. Round 20's model, retrained on the frozen rules with an "
            "incident's prose held to 0.9 (0.8 before), measures 0.941 / 0.469 (3 wrong of 51, 45 of 96 "
            "quotes) with the scorer: precision up, fewer quotes found; the recall floor with the scorer "
            "follows, 0.46."
        ),
    ),
    HeldOut(
        round=19,
        folder=V19_DOCUMENTS,
        rules=(0.82, 0.23),
        scorer=(0.81, 0.36),
        not_in_prose=1,
        facts=(
            "The round-19 held-out documents, scored once at the end of round 19 (rules alone: precision "
            "0.821, recall 0.232, 10 wrong findings of 56; with the scorer 0.811 and 0.402, 17 wrong of 90; "
            "docs/checks/blamelessness.md, *Round 19 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 19 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 20 it is trained on them. Round 20's model, "
            "retrained on the frozen rules with an incident's prose held to 0.9 (0.8 before), measures 0.931 "
            "/ 0.366 (5 wrong of 72, 60 of 164 quotes) with the scorer: precision up, fewer quotes found; the "
            "recall floor with the scorer follows, 0.36. Since round 24 the reefer deck log's entries "
            "written in four-digit times ('0230 3rd Engineer ...') are timeline events, each time the event's "
            "time: the one blameful quote that opens with its entry's time is held without it, so the "
            "benchmark finds it in no checked text (``not_in_prose``); no finding moved."
        ),
    ),
    HeldOut(
        round=20,
        folder=V20_DOCUMENTS,
        rules=(0.78, 0.32),
        scorer=(0.83, 0.43),
        not_in_prose=1,
        facts=(
            "The round-20 held-out documents, scored once at the end of round 20 (rules alone: precision "
            "0.786, recall 0.325, 21 wrong findings of 98; with the scorer 0.839 and 0.434, 19 wrong of 118; "
            "docs/checks/blamelessness.md, *Round 20 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 20 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 21 it is trained on them. One blameful quote does "
            "not reach the imported incident's text (the benchmark's ``not_in_prose``), as the author's label "
            "checker found at the start's import."
        ),
    ),
    HeldOut(
        round=21,
        folder=V21_DOCUMENTS,
        rules=(0.74, 0.19),
        scorer=(0.83, 0.41),
        facts=(
            "The round-21 held-out documents, scored once at the end of round 21 (rules alone: precision "
            "0.741, recall 0.197, 14 wrong findings of 54; with the scorer 0.838 and 0.420, 16 wrong of 99; "
            "docs/checks/blamelessness.md, *Round 21 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 21 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 22 it is trained on them. Every blameful quote "
            "reaches the imported incident's text."
        ),
    ),
    HeldOut(
        round=22,
        folder=V22_DOCUMENTS,
        rules=(0.86, 0.27),
        scorer=(0.86, 0.50),
        facts=(
            "The round-22 held-out documents, scored once at the end of round 22 (rules alone: precision "
            "0.865, recall 0.278, 10 wrong findings of 74; with the scorer 0.870 and 0.500, 16 wrong of 123; "
            "docs/checks/blamelessness.md, *Round 22 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 22 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 23 it is trained on them. Every blameful quote "
            "reaches the imported incident's text."
        ),
    ),
    HeldOut(
        round=23,
        folder=V23_DOCUMENTS,
        rules=(0.72, 0.23),
        scorer=(0.83, 0.50),
        facts=(
            "The round-23 held-out documents, scored once at the end of round 23 (rules alone: precision 0.723, recall 0.232, 18 wrong findings of 65; with the scorer 0.832 and 0.518, 19 wrong of 113; "
            "docs/checks/blamelessness.md, *Round 23 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 23 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 24 it is trained on them. Every blameful quote "
            "reaches the imported incident's text. Round 25's retrained scorer, trained on them with round "
            "24's settings (an incident's prose held to 0.75, not 0.65; tone 0.1), gets 0.939 / 0.500 (6 wrong "
            "of 99, 84 of 168 found): its recall floor is 0.50 (0.51 before), measured; its precision is well "
            "above the floor."
        ),
    ),
    HeldOut(
        round=24,
        folder=V24_DOCUMENTS,
        rules=(0.81, 0.21),
        scorer=(0.87, 0.47),
        facts=(
            "The round-24 held-out documents, scored once at the end of round 24 (rules alone: precision 0.810, recall 0.214, 11 wrong findings of 58; with the scorer 0.880 and 0.478, 13 wrong of 108; "
            "docs/checks/blamelessness.md, *Round 24 held-out score*), keep at least those figures: a floor "
            "shows a change that loses ground on them. The scorer shipped in round 24 never read them (they "
            "were not in ``DOCUMENT_FOLDERS``); since round 25 it is trained on them. Every blameful quote "
            "reaches the imported incident's text."
        ),
    ),
]


@pytest.mark.parametrize("held_out", HELD_OUT, ids=lambda held_out: f"round-{held_out.round}")
def test_the_held_out_documents_keep_their_figures(held_out: HeldOut) -> None:
    """Each round's held-out documents, scored once at the end of their round, keep at least the
    figures of that score or those reached since (``facts`` says which, and where they are written
    down): spent, they are development data, and a floor shows a change that loses ground on them."""
    _assert_floors(held_out.folder, rules=held_out.rules, scorer=held_out.scorer, not_in_prose=held_out.not_in_prose)
