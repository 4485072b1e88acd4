"""The labelled blamelessness sets in tests/data are well formed, and the v2 split is the documented one."""

from __future__ import annotations

import functools
import json
import re
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from ._benchmarks import benchmark_script

ROOT = Path(__file__).parent.parent
DATA = Path(__file__).parent / "data"
LABELLED = sorted(DATA.glob("blameless_*.jsonl"))
V2_DEV = DATA / "blameless_v2_dev.jsonl"
V2_UNSEEN = DATA / "blameless_v2_unseen.jsonl"

FIELDS = {"id", "text", "label", "category", "source", "section", "difficulty", "confidence", "note"}
V2_STYLES = {
    "plain",
    "narrative",
    "timeline",
    "chat_log",
    "five_whys",
    "action_item",
    "impact",
    "wrapped",
    "markdown",
    "question",
    "lessons",
    "summary",
    "multi_sentence",
    "review",
    "guidance",
    "resolution",
    "detection",
    "what_went_well",
    "acknowledgements",
}
# Present in both blameless_fresh.jsonl and blameless_holdout.jsonl before the v2 set was written;
# listed so that the check below still catches every new duplicate.
KNOWN_DUPLICATES = {"the on-call engineer acknowledged the page within two minutes."}


def _rows(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def test_the_labelled_files_are_found() -> None:
    """The glob sees the v2 files and the earlier sets."""
    names = {p.name for p in LABELLED}
    assert {"blameless_dev.jsonl", V2_DEV.name, V2_UNSEEN.name} <= names


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.name)
def test_rows_have_the_schema(path: Path) -> None:
    """Every row has the documented fields with allowed values."""
    rows = _rows(path)
    assert rows, path
    for row in rows:
        assert row.keys() >= FIELDS, (row.get("id"), FIELDS - row.keys())
        assert all(isinstance(row[f], str) for f in FIELDS), row["id"]
        assert row["label"] in {"blameful", "blameless"}, row["id"]
        assert row["confidence"] in {"high", "medium", "low"}, row["id"]
        assert row["difficulty"] in {"easy", "hard"}, row["id"]
        assert re.fullmatch(r"[a-z_]+", row["category"]), row["id"]
        assert re.fullmatch(r"[a-z_]+", row["section"]), row["id"]
        assert row["text"], row["id"]
        assert row["text"].strip() == row["text"], row["id"]
        assert row["source"].strip(), row["id"]


def test_ids_are_unique_across_all_sets() -> None:
    """No id appears twice in one file or across files."""
    ids = Counter(row["id"] for path in LABELLED for row in _rows(path))
    assert [i for i, n in ids.items() if n > 1] == []


def test_no_text_appears_twice_across_all_sets() -> None:
    """A sentence scored in two sets (say dev and unseen) would leak; compared ignoring case and spacing."""
    seen: dict[str, list[str]] = {}
    for path in LABELLED:
        for row in _rows(path):
            seen.setdefault(_key(row["text"]), []).append(f"{path.name}:{row['id']}")
    duplicates = {text: where for text, where in seen.items() if len(where) > 1}
    assert set(duplicates) <= KNOWN_DUPLICATES, duplicates


@pytest.mark.parametrize("path", [V2_DEV, V2_UNSEEN], ids=lambda p: p.name)
def test_v2_rows(path: Path) -> None:
    """The v2 rows were written for the set, carry a style, and use v2 ids."""
    for row in _rows(path):
        assert re.fullmatch(r"v2-\d{4}", row["id"]), row["id"]
        assert row["source"] == "written", row["id"]
        assert row.get("style") in V2_STYLES, row["id"]


def test_v2_size_and_balance() -> None:
    """At least 600 lines, about 40-45% blameful, a third unseen, and every category in both parts."""
    dev, unseen = _rows(V2_DEV), _rows(V2_UNSEEN)
    both = dev + unseen
    assert len(both) >= 600
    blameful = sum(r["label"] == "blameful" for r in both) / len(both)
    assert 0.38 <= blameful <= 0.47, blameful
    assert 0.30 <= len(unseen) / len(both) <= 0.36
    for part in (dev, unseen):
        share = sum(r["label"] == "blameful" for r in part) / len(part)
        assert abs(share - blameful) < 0.03, share
    big = {c for c, n in Counter(r["category"] for r in both).items() if n >= 3}
    assert big <= {r["category"] for r in unseen}
    assert big <= {r["category"] for r in dev}


def test_v2_split_is_the_documented_one() -> None:
    """Joining the two parts and splitting again with the documented seed gives the same files.

    So no line can move between dev and unseen (say, a line the detector misses) without this failing.
    """
    split_labelled = benchmark_script("split_labelled")
    dev, unseen = _rows(V2_DEV), _rows(V2_UNSEEN)
    again_dev, again_unseen = split_labelled.split(dev + unseen, split_labelled.V2_SEED)
    assert [r["id"] for r in again_dev] == [r["id"] for r in dev]
    assert [r["id"] for r in again_unseen] == [r["id"] for r in unseen]
    assert again_dev == dev
    assert again_unseen == unseen


V3_UNSEEN = DATA / "blameless_v3_unseen.jsonl"


def test_v3_unseen_rows_size_and_balance() -> None:
    """The v3 held-out set: written for it, v3 ids, at least 250 lines, close to half blameful.

    Every blameful and blameless kind the issue names has lines in it (role or possessive culprit,
    sarcasm, self-questions answered by a system cause, chat excerpts, technical homonyms, ...).
    """
    rows = _rows(V3_UNSEEN)
    assert len(rows) >= 250
    for row in rows:
        assert re.fullmatch(r"v3-\d{4}", row["id"]), row["id"]
        assert row["source"] == "written", row["id"]
        assert row.get("style") in V2_STYLES, row["id"]
    share = sum(r["label"] == "blameful" for r in rows) / len(rows)
    assert 0.45 <= share <= 0.55, share
    categories = {r["category"] for r in rows}
    assert {
        "role_as_cause",
        "possessive_culprit",
        "sarcasm",
        "venting_finger_pointing",
        "culprit_framing",
        "passive_hindsight",
        "disciplinary_remedy",
        "ignored_warning",
        "blameless_question",
        "chat_log_excerpt",
        "technical_homonym",
        "expected_behavior_should",
    } <= categories
    styles = {r["style"] for r in rows}
    assert {"narrative", "chat_log", "five_whys", "timeline", "wrapped", "markdown"} <= styles


V4_UNSEEN = DATA / "blameless_v4_unseen.jsonl"
V4_STYLES = V2_STYLES | {"github_issue"}
# The blameful and blameless kinds issue 14 names: every held-out set from v4 on has lines of each.
ISSUE_14_KINDS = frozenset(
    {
        "named_person_as_cause",
        "role_as_cause",
        "possessive_culprit",
        "lapse_forgot_missed",
        "culprit_framing",
        "passive_hindsight",
        "hindsight_obviousness",
        "attention_competence_attribution",
        "ignored_warning",
        "disciplinary_remedy",
        "person_focused_remedy",
        "sarcasm",
        "venting_finger_pointing",
        "blame_other_team",
        "blame_question",
        "human_error_as_cause",
        "character_judgement",
        "technical_homonym",
        "trigger_word_system",
        "named_person_neutral",
        "system_counterfactual",
        "expected_behavior_should",
        "local_rationality",
        "blameless_question",
        "chat_log_excerpt",
        "action_item_system",
    }
)
# Round 5 added blame quoted or reported without being endorsed (blameless); the v4 set has none.
V5_KINDS = ISSUE_14_KINDS | {"quoted_blame_neutral"}
# The v5 development file also aims at what the detector missed most on unseen text: blame a
# writer aims at themself, and the look-alikes that are blameless (human factors named as a
# system's, venting at a system).
V5_DEV_KINDS = V5_KINDS | {"self_blame", "human_factors_system", "venting_at_system"}
# The styles real post-mortems use that every set from v4 on has lines in.
ISSUE_14_STYLES = frozenset({"narrative", "chat_log", "five_whys", "timeline", "wrapped", "markdown", "github_issue"})


def test_v4_unseen_rows_size_and_balance() -> None:
    """The v4 held-out set: written for it, v4 ids, at least 450 lines, close to half blameful.

    It covers the blameful and blameless kinds issue 14 names, in the styles real post-mortems use,
    with wrapped lines on both sides; medium and low confidence lines say why in `note`.
    """
    rows = _rows(V4_UNSEEN)
    assert len(rows) >= 450
    _assert_written_for_the_set(rows, "v4", difficulty_by_rule=False)
    share = sum(r["label"] == "blameful" for r in rows) / len(rows)
    assert 0.45 <= share <= 0.55, share
    assert ISSUE_14_KINDS - {r["category"] for r in rows} == set()
    assert ISSUE_14_STYLES - {r["style"] for r in rows} == set()
    for label in ("blameful", "blameless"):
        assert any("\n" in r["text"] for r in rows if r["label"] == label), label


def _trainer() -> Any:
    """``benchmarks/train_blame_scorer.py``, imported as the trainer runs it."""
    return benchmark_script("train_blame_scorer")


@functools.cache
def _trained_ids() -> frozenset[str]:
    """The ids of every row the trainer reads with no ``--data`` (``load_rows([])``).

    Read once per test process: the rows come from the files in the repository, which no test
    changes, and reading them (the labelled documents are imported sentence by sentence) costs
    about a second of CPU, which four tests here would otherwise each spend on the same answer.
    """
    return frozenset(row["id"] for row in _trainer().load_rows([]))


def test_training_leaves_unscored_held_out_sets_out(tmp_path: Path) -> None:
    """`benchmarks/train_blame_scorer.py` never trains on an ``*unseen*`` file it does not list as
    spent, even when it is given with --data; the spent v4 set is training data."""
    new_held_out = tmp_path / "blameless_v99_unseen.jsonl"
    row = {"id": "v99-0001", "text": "A sentence nobody has scored yet.", "label": "blameless"}
    new_held_out.write_text(json.dumps(row) + "\n", encoding="utf-8")
    for extra in ([], [new_held_out]):
        ids = {r["id"] for r in _trainer().load_rows(extra)} if extra else _trained_ids()
        assert "v99-0001" not in ids, extra
        assert {r["id"] for r in _rows(V4_UNSEEN)} & ids, extra
        assert {r["id"] for r in _rows(V2_DEV) if r["confidence"] != "low"} & ids, extra


def test_a_design_left_out_round_by_round_keeps_its_features_everywhere() -> None:
    """``benchmarks/blame_scorer_by_round.py`` trains a design on only the features it keeps, in every
    sentence a reading holds: the ones no rule flagged, the ones a rule flagged in blameful texts
    (caught) and, since the twentieth round, in blameless ones (doubted, read by the second opinion).
    Until then a screened feature stayed in the doubted sentences alone, so the model weighed it as
    blameless and withdrew every rule finding holding it."""
    trainer = _trainer()
    by_round = benchmark_script("blame_scorer_by_round")
    found = {"w:pushed": (0, 6), "pk:NAME ship": (0, 6)}
    reading = trainer.Reading(
        label=0.0,
        category="",
        file="",
        flagged=True,
        sentences=[dict(found)],
        scanned=[],
        words=frozenset(),
        caught=[dict(found)],
        doubted=[dict(found)],
    )
    (kept,) = by_round.with_design([reading], by_round.DESIGNS["shipped"].keep)
    for sentences in (kept.sentences, kept.caught, kept.doubted):
        assert sentences == [{"w:pushed": (0, 6)}]
    assert by_round.DESIGNS["shipped"].threshold == trainer.SHIPPED_GATE[0]


def test_training_rows_know_where_they_are_read() -> None:
    """Each training text knows its context (a labelled line, a document's prose, an action item),
    which ``benchmarks/blame_scorer_by_set.py`` scores apart: a labelled document's sentences carry
    the field they came from."""
    trainer = _trainer()
    assert trainer.context_of(None) == "text"
    assert trainer.context_of("$.action_items[3].description") == "action"
    assert trainer.context_of("$.root_cause.process") == "document"
    rows = trainer.document_rows(DATA / "blameless_documents_v9_dev")
    contexts = Counter(trainer.context_of(row["field"]) for row in rows)
    assert contexts["document"] > contexts["action"] > 0, contexts
    (reading,) = trainer.read([next(row for row in rows if row["field"].startswith("$.action_items["))])
    assert reading.context == "action"


def test_training_reads_a_timeline_entry_as_the_check_does(tmp_path: Path) -> None:
    """A chat message pasted into a timeline event's description (a handle first, its time in the
    event's own field) is not judged by the check, so the trainer does not learn from it either:
    a labelled document's rows and the examples' texts are read with ``timeline_entry`` (since
    round 12). The same words in another field are read."""
    trainer = _trainer()
    draft = (ROOT / "examples" / "draft-checkout-errors.yaml").read_text(encoding="utf-8")
    chat = "<dave> who pushed this garbage config?"
    pasted = draft.replace(
        "description: Dave pushes the new payment gateway config.", f'description: "{chat}"'
    ).replace("description: Config reverted, checkout works again.", f'description: "Said: {chat[7:]}"')
    assert pasted != draft
    (tmp_path / "chat.yaml").write_text(pasted, encoding="utf-8")
    (tmp_path / "chat.labels.json").write_text('{"blameful": []}', encoding="utf-8")
    texts = [row["text"] for row in trainer.document_rows(tmp_path)]
    assert not any("garbage" in text and "<dave>" in text for text in texts)
    assert any(text.startswith("Said: who pushed this garbage") for text in texts)
    (reading,) = trainer.read([{"text": chat, "label": "blameless", "category": "example", "timeline": True}])
    assert reading.sentences == []
    (reading,) = trainer.read([{"text": chat, "label": "blameless", "category": "example"}])
    assert reading.sentences


V5_DEV = DATA / "blameless_v5_dev.jsonl"
V6_DEV = DATA / "blameless_v6_dev.jsonl"
V7_DEV = DATA / "blameless_v7_dev.jsonl"
V8_DEV = DATA / "blameless_v8_dev.jsonl"
V9_DEV = DATA / "blameless_v9_dev.jsonl"
V10_DEV = DATA / "blameless_v10_dev.jsonl"
# The plain key-word rule that decides `difficulty` in the v4 and v5 files (tests/data/README.md):
# a text is "hard" when this rule, flagging any text that contains one of these, gets its label wrong.
KEYWORD_RULE = re.compile(
    r"\b(?:should|could|would|ought\s+to)\s+have\b|\bshould\b|\bhuman|\boperator\s+error|\bcareless"
    r"|\bblam|\bfault|\bforgot|\bfailed\s+to\b|\bmistake|\bobvious|\bignor|\bnaive|\bdumb|\bblind"
    r"|\bkill|\babort|\bwho\b|\bwhose\b|\bwhy\b|\bsloppy|\blazy|\bneglig|\boverlook|\bmissed\b"
    r"|\bneglect|\bculprit|\bgreedy|\baggressive|\bfatigue|\bwrong|\bbother",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9']+", text.lower()))


def _assert_written_for_the_set(
    rows: list[dict[str, Any]],
    prefix: str,
    *,
    difficulty_by_rule: bool = True,
    removed: frozenset[str] = frozenset(),
) -> None:
    """The checks every set from v4 on passes: written for it, ``prefix-0001`` ids in order (but for
    the ``removed`` ones, each documented), a known style, a `note` on every line below high
    confidence, soft-wrapped lines that are wrapped, and (from v5 on; 14 v4 lines were graded by
    hand) `difficulty` from :data:`KEYWORD_RULE`."""
    expected_ids = [f"{prefix}-{i:04d}" for i in range(1, len(rows) + len(removed) + 1)]
    assert [r["id"] for r in rows] == [i for i in expected_ids if i not in removed]
    for row in rows:
        assert row["source"] == "written", row["id"]
        assert row.get("style") in V4_STYLES, row["id"]
        assert row["confidence"] == "high" or row["note"], row["id"]
        if row["style"] == "wrapped":
            assert "\n" in row["text"], row["id"]
        if difficulty_by_rule:
            keyword_says_blameful = KEYWORD_RULE.search(row["text"]) is not None
            expected = "hard" if keyword_says_blameful != (row["label"] == "blameful") else "easy"
            assert row["difficulty"] == expected, row["id"]


def _assert_balanced_set(
    path: Path,
    prefix: str,
    *,
    kinds: frozenset[str],
    least: int,
    wrapped_each_side: int,
    removed: frozenset[str] = frozenset(),
) -> None:
    """A labelled file written for its set (:func:`_assert_written_for_the_set`) with at least
    ``least`` lines, about half blameful, every kind of ``kinds``, the styles real post-mortems
    use, and at least ``wrapped_each_side`` soft-wrapped lines on each side."""
    rows = _rows(path)
    assert len(rows) >= least
    _assert_written_for_the_set(rows, prefix, removed=removed)
    share = sum(r["label"] == "blameful" for r in rows) / len(rows)
    assert 0.45 <= share <= 0.55, share
    assert kinds - {r["category"] for r in rows} == set()
    assert ISSUE_14_STYLES - {r["style"] for r in rows} == set()
    for label in ("blameful", "blameless"):
        assert sum(r["style"] == "wrapped" for r in rows if r["label"] == label) >= wrapped_each_side, label


def test_v5_dev_rows_size_and_balance() -> None:
    """The round-5 development file: written for it, v5d ids, about half blameful, the kinds the
    detector missed most on unseen text on the blameful side and hard look-alikes on the other,
    wrapped lines on both sides, and `difficulty` computed by the documented key-word rule."""
    rows = _rows(V5_DEV)
    assert len(rows) >= 1000
    _assert_written_for_the_set(rows, "v5d")
    share = sum(r["label"] == "blameful" for r in rows) / len(rows)
    assert 0.45 <= share <= 0.55, share
    assert V5_DEV_KINDS - {r["category"] for r in rows} == set()
    assert ISSUE_14_STYLES - {r["style"] for r in rows} == set()
    for label in ("blameful", "blameless"):
        assert any("\n" in r["text"] for r in rows if r["label"] == label), label


@pytest.mark.parametrize(
    "path",
    [
        V5_DEV,
        V6_DEV,
        V7_DEV,
        V8_DEV,
        V9_DEV,
        V10_DEV,
        DATA / "blameless_v5_unseen.jsonl",
        DATA / "blameless_v6_unseen.jsonl",
        DATA / "blameless_v7_unseen.jsonl",
        DATA / "blameless_v8_unseen.jsonl",
    ],
    ids=lambda p: p.name,
)
def test_lines_are_not_near_copies(path: Path) -> None:
    """No line of a file written from round 5 on shares half or more of its word set (Jaccard) with
    another labelled line, in its own file or any other here: in a development file a near copy
    would teach the scorer nothing new and would leak between files; in a held-out file, a near
    copy of a line the detector was tuned or trained on would make its figure an overestimate."""
    close = [(name, other) for name, other in _near_copies() if path.name in (name[0], other[0])]
    assert close == []


@functools.cache
def _near_copies() -> tuple[tuple[tuple[str, str], tuple[str, str]], ...]:
    """Every pair of labelled lines, across all the files, whose word sets have a Jaccard of 0.5 or more.

    Worked out once for the tests above (each looks for its file's pairs): every line is compared
    with every shorter (or equally long) line of every file, so each pair is met once.
    """
    rows = [((p.name, row["id"]), _words(row["text"])) for p in LABELLED for row in _rows(p)]
    # Exact filters (all pairs with a Jaccard of 0.5 or more, and only those, are found; 4.0 s of
    # CPU compared every pair sharing one of half their rarest words, 12,294 lines, 85 pairs):
    # lines are met shortest first, so the earlier set B of a pair is never larger than A. A
    # Jaccard of 0.5 needs |B| >= |A| / 2 and an overlap of o >= (|A| + |B|) / 3, at least
    # 2|B| / 3 and |A| / 2; with each set ordered rarest word first, the first word the two
    # share lies among the first |B| - ceil(2|B| / 3) + 1 of B (those indexed) and among the
    # first |A| - ceil(|A| / 2) + 1 of A (those looked up).
    frequency = Counter(word for _, words in rows for word in words)
    rows.sort(key=lambda row: len(row[1]))
    index: dict[str, list[int]] = {}  # the lines whose first words hold the word, shortest first
    start: dict[str, int] = {}  # in index[word], the first line not too short for the lines to come
    close = []
    for number, (name, words) in enumerate(rows):
        ordered = sorted(words, key=lambda word: (frequency[word], word))
        size = len(ordered)
        candidates: set[int] = set()
        for word in ordered[: size - (size + 1) // 2 + 1]:
            lines = index.get(word)
            if lines:
                first = start[word]
                while first < len(lines) and 2 * len(rows[lines[first]][1]) < size:
                    first += 1
                start[word] = first
                candidates.update(lines[first:])
        for other in sorted(candidates):
            other_name, other_words = rows[other]
            # Jaccard >= 0.5: 2|A & B| >= |A | B| = |A| + |B| - |A & B|, without building the union.
            if len(words & other_words) * 3 >= size + len(other_words):
                close.append((name, other_name))
        for word in ordered[: size - (2 * size + 2) // 3 + 1]:
            index.setdefault(word, []).append(number)
            start.setdefault(word, 0)
    return tuple(close)


def test_v6_dev_rows_size_and_balance() -> None:
    """The round-6 development file: written for it in batches, v6d ids in order, about half
    blameful, every kind the v5 development file covers and the styles real post-mortems use,
    soft-wrapped lines on both sides, and `difficulty` computed by the documented key-word rule
    (tests/data/README.md)."""
    _assert_balanced_set(V6_DEV, "v6d", kinds=V5_DEV_KINDS, least=1000, wrapped_each_side=30)


def test_v7_dev_rows() -> None:
    """The round-7 development file (written in batches that each landed as soon as they were scored
    on first sight): v7d ids in order, written for it, a known style, a `note` below high
    confidence, soft-wrapped lines that are wrapped, `difficulty` from the key-word rule, about half
    blameful, every kind the v5 development file covers, the styles real post-mortems use, and at
    least 30 soft-wrapped lines on each side."""
    _assert_balanced_set(V7_DEV, "v7d", kinds=V5_DEV_KINDS, least=700, wrapped_each_side=30)


def test_v8_dev_rows() -> None:
    """The round-8 development file (one batch written before any round-8 rule change, scored once on
    first sight, then split two thirds to tune on and one third kept aside): v8d ids in order,
    written for it, a known style, a `note` below high confidence, soft-wrapped lines that are
    wrapped, `difficulty` from the key-word rule, about half blameful, every kind the v5 development
    file covers, the styles real post-mortems use, and at least 10 soft-wrapped lines on each side."""
    _assert_balanced_set(V8_DEV, "v8d", kinds=V5_DEV_KINDS, least=250, wrapped_each_side=10)


def test_v9_dev_rows() -> None:
    """The round-9 development file (one batch written before any round-9 rule change, scored once on
    first sight): v9d ids in order, written for it, a known style, `difficulty` from the key-word rule,
    half blameful, soft-wrapped lines on both sides, and blameful and blameless lines in every kind
    pair it was written around (a telling that blames and one of the same event that does not)."""
    rows = _rows(V9_DEV)
    assert len(rows) >= 70
    _assert_written_for_the_set(rows, "v9d")
    assert sum(r["label"] == "blameful" for r in rows) * 2 == len(rows)
    for label in ("blameful", "blameless"):
        assert any(r["style"] == "wrapped" for r in rows if r["label"] == label), label
    kinds = {r["category"] for r in rows}
    assert {"implicit_omission_choice", "role_as_cause", "attention_competence_attribution"} <= kinds
    assert {"named_person_neutral", "local_rationality", "action_item_system"} <= kinds


def test_v10_dev_rows() -> None:
    """The round-10 development file, written by several helpers, each under an id prefix of its own
    (``v10c-`` for the lines on judgements carried past the person's clause): each prefix's ids in
    order, written for it, a known style, `difficulty` from the key-word rule; the ``v10c-`` lines
    half blameful, in pairs, with multi-sentence and soft-wrapped lines on both sides."""
    rows = _rows(V10_DEV)
    prefixes = sorted({r["id"].rsplit("-", 1)[0] for r in rows})
    for prefix in prefixes:
        _assert_written_for_the_set([r for r in rows if r["id"].startswith(prefix + "-")], prefix)
    carried = [r for r in rows if r["id"].startswith("v10c-")]
    assert len(carried) >= 40
    assert sum(r["label"] == "blameful" for r in carried) * 2 == len(carried)
    for label in ("blameful", "blameless"):
        styles = {r["style"] for r in carried if r["label"] == label}
        assert {"multi_sentence", "wrapped"} <= styles, label


V5_UNSEEN = DATA / "blameless_v5_unseen.jsonl"


def test_v5_unseen_rows_size_and_balance() -> None:
    """The v5 held-out set: written for it, v5 ids in order, at least 450 lines, close to half blameful.

    It covers the blameful and blameless kinds issue 14 names, in the styles real post-mortems use,
    with at least 30 soft-wrapped lines on both sides together; medium and low confidence lines say
    why in `note`, and `difficulty` is the documented key-word rule's.
    """
    rows = _rows(V5_UNSEEN)
    assert len(rows) >= 450
    _assert_written_for_the_set(rows, "v5")
    share = sum(r["label"] == "blameful" for r in rows) / len(rows)
    assert 0.45 <= share <= 0.55, share
    assert V5_KINDS - {r["category"] for r in rows} == set()
    assert ISSUE_14_STYLES - {r["style"] for r in rows} == set()
    wrapped = [r for r in rows if r["style"] == "wrapped"]
    assert len(wrapped) >= 30
    for label in ("blameful", "blameless"):
        assert any(r["label"] == label for r in wrapped), label


V6_UNSEEN = DATA / "blameless_v6_unseen.jsonl"


def test_v6_unseen_rows_size_and_balance() -> None:
    """The v6 held-out set: written for it outside the repository, v6 ids in order but for v6-0091
    (taken out before scoring: a near copy of a development line written at the same time, see
    tests/data/README.md), at least 450 lines, close to half blameful, every kind v5 covers, the
    styles real post-mortems use, soft-wrapped lines on both sides."""
    _assert_balanced_set(
        V6_UNSEEN, "v6", kinds=V5_KINDS, least=450, wrapped_each_side=20, removed=frozenset({"v6-0091"})
    )


@pytest.mark.parametrize(
    "path",
    [
        V5_UNSEEN,
        V6_UNSEEN,
        DATA / "blameless_v7_unseen.jsonl",
        DATA / "blameless_v8_unseen.jsonl",
        DATA / "blameless_v9_unseen.jsonl",
        DATA / "blameless_v10_unseen.jsonl",
        DATA / "blameless_v11_unseen.jsonl",
        DATA / "blameless_v12_unseen.jsonl",
        DATA / "blameless_v13_unseen.jsonl",
        DATA / "blameless_v14_unseen.jsonl",
        DATA / "blameless_v15_unseen.jsonl",
        DATA / "blameless_v16_unseen.jsonl",
        DATA / "blameless_v17_unseen.jsonl",
        DATA / "blameless_v18_unseen.jsonl",
        DATA / "blameless_v19_unseen.jsonl",
        DATA / "blameless_v20_unseen.jsonl",
        DATA / "blameless_v20b_unseen.jsonl",
        DATA / "blameless_v21_unseen.jsonl",
        DATA / "blameless_v21b_unseen.jsonl",
        DATA / "blameless_v22_unseen.jsonl",
        DATA / "blameless_v22b_unseen.jsonl",
        DATA / "blameless_v23_unseen.jsonl",
        DATA / "blameless_v23b_unseen.jsonl",
        DATA / "blameless_v24_unseen.jsonl",
        DATA / "blameless_v24b_unseen.jsonl",
    ],
    ids=lambda p: p.name,
)
def test_scored_held_out_sets_are_spent(path: Path) -> None:
    """A held-out file scored once at the end of its round (v5: round 5, v6: round 6, v7: round 7,
    v8: round 8, v9: round 9, v10: round 10, v11: round 11, v12: round 12, v13: round 13, v14: round 14, v15: round 15, v16: round 16, v17: round 17, v18: round 18, v19: round 19, v20 and v20b: round 20, v21 and v21b: round 21, v22 and v22b: round 22, v23 and v23b: round 23, v24 and v24b: round 24) is development and training data from then on: the
    trainer reads it."""
    assert _trainer().trainable(path)
    ids = _trained_ids()
    assert {r["id"] for r in _rows(path) if r["confidence"] != "low"} <= ids


V7_UNSEEN = DATA / "blameless_v7_unseen.jsonl"
# v7-0378 was taken out before scoring (two words from v7d-0900, a development line written later
# in the same round and trained on); the other 23 after scoring, because their word sets share half
# or more with a line of another file here (the test above): scored with and without them, the
# figures differ by at most 0.006 (tests/data/README.md).
V7_REMOVED = frozenset(
    {
        "v7-0006", "v7-0022", "v7-0080", "v7-0083", "v7-0093", "v7-0128", "v7-0133", "v7-0181",
        "v7-0216", "v7-0229", "v7-0260", "v7-0378", "v7-0404", "v7-0417", "v7-0437", "v7-0490",
        "v7-0511", "v7-0528", "v7-0539", "v7-0556", "v7-0598", "v7-0638", "v7-0647", "v7-0672",
    }
)  # fmt: skip


def test_v7_unseen_rows_size_and_balance() -> None:
    """The v7 held-out set: written for it outside the repository by an author who never read or ran
    the detector, v7 ids in order but for the lines in :data:`V7_REMOVED`, at least 450 lines,
    close to half blameful, every kind v5 covers, the styles real post-mortems use, soft-wrapped
    lines on both sides, `difficulty` from the key-word rule."""
    _assert_balanced_set(V7_UNSEEN, "v7", kinds=V5_KINDS, least=450, wrapped_each_side=20, removed=V7_REMOVED)


V8_UNSEEN = DATA / "blameless_v8_unseen.jsonl"
V9_UNSEEN = DATA / "blameless_v9_unseen.jsonl"
V10_UNSEEN = DATA / "blameless_v10_unseen.jsonl"
V11_UNSEEN = DATA / "blameless_v11_unseen.jsonl"
V12_UNSEEN = DATA / "blameless_v12_unseen.jsonl"
#: Taken out of the v12 held-out set before scoring: near copies (word-set Jaccard 0.48 and 0.50) of
#: lines of ``blameless_v12_train.jsonl``, written at the same time by another author who never saw
#: the held-out set (tests/data/README.md, *v12*).
V12_REMOVED = frozenset({"v12-0280", "v12-0659"})
V13_UNSEEN = DATA / "blameless_v13_unseen.jsonl"
#: Taken out of the v13 held-out set before scoring: a near copy (word-set Jaccard 0.55) of a line of
#: ``blameless_v13_train.jsonl``, written at the same time by another author who never saw the
#: held-out set (tests/data/README.md, *v13*).
V13_REMOVED = frozenset({"v13-0565"})
V14_UNSEEN = DATA / "blameless_v14_unseen.jsonl"
V15_UNSEEN = DATA / "blameless_v15_unseen.jsonl"
V16_UNSEEN = DATA / "blameless_v16_unseen.jsonl"
V17_UNSEEN = DATA / "blameless_v17_unseen.jsonl"
V18_UNSEEN = DATA / "blameless_v18_unseen.jsonl"
V19_UNSEEN = DATA / "blameless_v19_unseen.jsonl"
V20_UNSEEN = DATA / "blameless_v20_unseen.jsonl"
#: Round 20 had two held-out sentence sets, each by its own author; the second's ``v20-`` ids were
#: made ``v20b-`` when it was copied in, nothing else changed.
V20B_UNSEEN = DATA / "blameless_v20b_unseen.jsonl"
V21_UNSEEN = DATA / "blameless_v21_unseen.jsonl"
V21B_UNSEEN = DATA / "blameless_v21b_unseen.jsonl"
V22_UNSEEN = DATA / "blameless_v22_unseen.jsonl"
V22B_UNSEEN = DATA / "blameless_v22b_unseen.jsonl"
#: Taken out of the two round-21 held-out sets before the end scoring: lines that reuse an example
#: sentence of the lead's brief (word-set Jaccard 0.5 or more with one, or every word of a five-word
#: or longer example; seven were the same in both sets), so the lead's own wording is not scored as an
#: author's (tests/data/README.md, *v21*).
V21_REMOVED = frozenset(
    {
        "v21-0066", "v21-0219", "v21-0245", "v21-0450", "v21-0453", "v21-0457", "v21-0463", "v21-0502",
        "v21-0572", "v21-0605", "v21-0632", "v21-0653", "v21-0681", "v21-0742", "v21-0778",
    }
)  # fmt: skip
V21B_REMOVED = frozenset(
    {
        "v21b-0005", "v21b-0007", "v21b-0013", "v21b-0095", "v21b-0099", "v21b-0160", "v21b-0166", "v21b-0170",
        "v21b-0187", "v21b-0188", "v21b-0205", "v21b-0249", "v21b-0359", "v21b-0508", "v21b-0764",
    }
)  # fmt: skip


V23_UNSEEN = DATA / "blameless_v23_unseen.jsonl"
V23B_UNSEEN = DATA / "blameless_v23b_unseen.jsonl"
V24_UNSEEN = DATA / "blameless_v24_unseen.jsonl"
V24B_UNSEEN = DATA / "blameless_v24b_unseen.jsonl"
#: The second set's two lines taken out before scoring: its author's generator shared a folder with
#: the first author's for a few minutes, and these two came out the same as, or close to, lines of the
#: first set (word-set Jaccard 1.0 and 0.69; tests/data/README.md, *v23*).
V23B_REMOVED = frozenset({"v23b-0099", "v23b-0433"})


@pytest.mark.parametrize(
    ("path", "prefix", "removed"),
    [
        (V8_UNSEEN, "v8", frozenset()),
        (V9_UNSEEN, "v9", frozenset()),
        (V10_UNSEEN, "v10", frozenset()),
        (V11_UNSEEN, "v11", frozenset()),
        (V12_UNSEEN, "v12", V12_REMOVED),
        (V13_UNSEEN, "v13", V13_REMOVED),
        (V14_UNSEEN, "v14", frozenset()),
        (V15_UNSEEN, "v15", frozenset()),
        (V16_UNSEEN, "v16", frozenset()),
        (V17_UNSEEN, "v17", frozenset()),
        (V18_UNSEEN, "v18", frozenset()),
        (V19_UNSEEN, "v19", frozenset()),
        (V20_UNSEEN, "v20", frozenset()),
        (V20B_UNSEEN, "v20b", frozenset()),
        (V21_UNSEEN, "v21", V21_REMOVED),
        (V21B_UNSEEN, "v21b", V21B_REMOVED),
        (V22_UNSEEN, "v22", frozenset()),
        (V22B_UNSEEN, "v22b", frozenset()),
        (V23_UNSEEN, "v23", frozenset()),
        (V23B_UNSEEN, "v23b", V23B_REMOVED),
        (V24_UNSEEN, "v24", frozenset()),
        (V24B_UNSEEN, "v24b", frozenset()),
    ],
    ids=lambda v: getattr(v, "name", v) if not isinstance(v, frozenset) else f"removed{len(v)}",
)
def test_spent_unseen_rows_size_and_balance(path: Path, prefix: str, removed: frozenset[str]) -> None:
    """A held-out set scored once at the end of its round (v8: round 8 ... v24 and v24b: round 24; each
    round's *held-out score* in docs/checks/blamelessness.md): written outside the repository by an
    author who never read or ran the detector, its ids in order but for the lines taken out before
    scoring (v12: :data:`V12_REMOVED`, v13: :data:`V13_REMOVED`; v21 and v21b: :data:`V21_REMOVED`,
    :data:`V21B_REMOVED`, the lines that reused the lead's brief; v23b: :data:`V23B_REMOVED`), at least 450 lines, close to half blameful, every kind v5
    covers, the styles real post-mortems use, soft-wrapped lines on both sides.

    The scorer shipped in its round was trained before the file was scored and never read it; from
    the next round on it is in ``SPENT`` and the trainer reads it (round 9 kept a third of v8 aside
    until its scorer was measured, see docs/checks/blamelessness.md, *Round 9: the scorer*)."""
    _assert_balanced_set(path, prefix, kinds=V5_KINDS, least=450, wrapped_each_side=20, removed=removed)
    assert _trainer().trainable(path)


V12_TRAIN = DATA / "blameless_v12_train.jsonl"


def test_v12_train_rows() -> None:
    """The round-12 training file (written as training data for the scorer, never held out): v12t ids
    in order, written for it, a known style, a `note` below high confidence, soft-wrapped lines that
    are wrapped, `difficulty` from the key-word rule, about half blameful, every kind the v5
    development file covers, the styles real post-mortems use, at least 30 soft-wrapped lines on
    each side, and read by the trainer. Its lines come in pairs (the same event told with blame
    and without), so it is not checked against itself for near copies, only against the other files."""
    _assert_balanced_set(V12_TRAIN, "v12t", kinds=V5_DEV_KINDS, least=1100, wrapped_each_side=30)
    assert _trainer().trainable(V12_TRAIN)
    assert "unseen" not in V12_TRAIN.name
    elsewhere = [(a, b) for a, b in _near_copies() if (a[0] == V12_TRAIN.name) != (b[0] == V12_TRAIN.name)]
    assert elsewhere == []


V13_TRAIN = DATA / "blameless_v13_train.jsonl"


def test_v13_train_rows() -> None:
    """The round-13 training file (written as training data for the scorer, never held out): v13t ids
    in order, written for it, a known style, a `note` below high confidence, soft-wrapped lines that
    are wrapped, `difficulty` from the key-word rule, about half blameful, every kind the v5
    development file covers, the styles real post-mortems use, at least 30 soft-wrapped lines on
    each side, and read by the trainer. Like the v12 training file its lines come in pairs (the same
    event told with blame and without, many of them in spoken, contracted English), so it is checked
    for near copies against the other files only."""
    _assert_balanced_set(V13_TRAIN, "v13t", kinds=V5_DEV_KINDS, least=1100, wrapped_each_side=30)
    assert _trainer().trainable(V13_TRAIN)
    assert "unseen" not in V13_TRAIN.name
    assert V13_TRAIN in _trainer().training_files()
    elsewhere = [(a, b) for a, b in _near_copies() if (a[0] == V13_TRAIN.name) != (b[0] == V13_TRAIN.name)]
    assert elsewhere == []


V15_TRAIN = DATA / "blameless_v15_train.jsonl"
#: Registers and shapes the round-15 training file was written to add (tests/data/README.md, *v15
#: training file*), each named in the `note` of its lines: regional English idiom, legal and
#: insurance-claim wording, committee minutes, status updates, awkward translations.
V15_TRAIN_NOTES = (
    "Scottish English",
    "Canadian English",
    "Singaporean English",
    "Kenyan English",
    "legalistic register",
    "insurance-claim register",
    "committee-minutes register",
    "status-update register",
    "awkward translation",
)


def test_v15_train_rows() -> None:
    """The round-15 training file (written as training data for the scorer, never held out): v15t ids
    in order, written for it, a known style, a `note` below high confidence, soft-wrapped lines that
    are wrapped, `difficulty` from the key-word rule, about half blameful, every kind the v5
    development file covers, the styles real post-mortems use, at least 30 soft-wrapped lines on
    each side, and read by the trainer. Each register it was written to add has lines on both sides
    (so that the register itself says nothing about the label), and at least 40 lines are in
    non-native English. Like the v12 and v13 training files many of its lines come in pairs (the
    same event told with blame and without), so it is checked for near copies against the other
    files only."""
    _assert_balanced_set(V15_TRAIN, "v15t", kinds=V5_DEV_KINDS, least=1100, wrapped_each_side=30)
    assert _trainer().trainable(V15_TRAIN)
    assert "unseen" not in V15_TRAIN.name
    assert V15_TRAIN in _trainer().training_files()
    rows = _rows(V15_TRAIN)
    for register in V15_TRAIN_NOTES:
        labels = Counter(r["label"] for r in rows if register in r["note"])
        assert labels["blameful"] >= 5, (register, labels)
        assert labels["blameless"] >= 5, (register, labels)
    assert sum("non-native English" in r["note"] for r in rows) >= 40
    elsewhere = [(a, b) for a, b in _near_copies() if (a[0] == V15_TRAIN.name) != (b[0] == V15_TRAIN.name)]
    assert elsewhere == []


V16_TRAIN = DATA / "blameless_v16_train.jsonl"
#: Registers and shapes the round-16 training file was written to add (tests/data/README.md, *v16
#: training file*), each named in the `note` of its lines: regional English idiom, an after-action
#: review, a match commissioner's report, a corrections column, a lab deviation report, a hotel or
#: restaurant incident book, blame carried by tone alone, lists of names and captions or table headers.
V16_TRAIN_NOTES = (
    "Welsh English",
    "Hong Kong English",
    "Malaysian English",
    "Pakistani English",
    "US Midwestern English",
    "after-action-review register",
    "match-report register",
    "corrections-column register",
    "deviation-report register",
    "incident-book register",
    "tone register",
    "list-of-names shape",
    "caption or table-header shape",
)


V17_TRAIN = DATA / "blameless_v17_train.jsonl"
#: Registers and shapes the round-17 training file was written to add (tests/data/README.md, *v17
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is French, Italian, Polish or Korean, blame in a shift handover note,
#: a support reply, a calendar invite or agenda, a long compound sentence, rhetorical naming ("we all
#: know who"), a verb of manner, of a volunteer, intern or temp; and on both sides a named person's
#: slip told as a system gap, strong words about a supplier, budget or deadline, hostile-sounding
#: technical verbs and tools with people's names.
V17_TRAIN_NOTES = (
    "Maltese English",
    "Zambian English",
    "Tanzanian English",
    "Bangladeshi English",
    "Liverpool English",
    "Tyneside English",
    "French-speaker English",
    "Italian-speaker English",
    "Polish-speaker English",
    "Korean-speaker English",
    "handover-note shape",
    "support-macro shape",
    "calendar-invite shape",
    "compound-sentence shape",
    "rhetorical-naming shape",
    "manner-verb shape",
    "volunteer-intern-temp",
    "reframed-mistake shape",
    "supplier-budget-deadline words",
    "violent technical verbs",
    "tool-named-like-a-person",
)


V19_TRAIN = DATA / "blameless_v19_train.jsonl"
#: Registers and shapes the round-19 training file was written to add (tests/data/README.md, *v19
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is Hungarian, Czech, Romanian, Indonesian, Thai or Levantine Arabic,
#: and on both sides blame (or its blameless twin about a system, a plan, a vendor's software or a
#: person in a neutral role) carried by "let" or "allowed", "on X's watch", "the buck stops with",
#: "responsible" (blame against ownership), "to be fair to X, but", a threat as the remedy, a
#: so-called title, an "AGREED:" line of minutes, a count of a person's past incidents, a regional
#: "dropped the ball" idiom, an emoji-reaction summary, a quoted commit message the author endorses,
#: hedged blame ("I'm not saying it was ..., but") and a row of a lessons-learned register.
V19_TRAIN_NOTES = (
    "Newfoundland English",
    "Louisiana English",
    "Trinidadian English",
    "Namibian English",
    "Malawian English",
    "Papua New Guinean English",
    "Hungarian-speaker English",
    "Czech-speaker English",
    "Romanian-speaker English",
    "Indonesian-speaker English",
    "Thai-speaker English",
    "Levantine-Arabic-speaker English",
    "let-allowed shape",
    "on-whose-watch shape",
    "buck-stops shape",
    "responsible-ownership shape",
    "to-be-fair shape",
    "threat-remedy shape",
    "so-called-title shape",
    "agreed-minutes shape",
    "incident-count shape",
    "dropped-the-ball idiom",
    "emoji-reaction shape",
    "endorsed-commit shape",
    "hedged-blame shape",
    "lessons-register-row shape",
)


V20_TRAIN = DATA / "blameless_v20_train.jsonl"
#: Registers and shapes the round-20 training file was written to add (tests/data/README.md, *v20
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is Angolan Portuguese, Tagalog, Amharic, Slovak, Kazakh or Cantonese,
#: and on both sides blame (or its blameless twin about a system, a plan, a vendor's software or a
#: person in a neutral role) carried by an agentless passive with one clear person behind it, "thanks
#: to X", praise that turns, what a person "decided", "chose" or "opted" against advice, "per X's
#: instructions", a rhetorical "what did we expect?", an e-mail's subject line, a status-page reply,
#: a commit message or PR title, a lesson aimed at one person, a nickname and a person counted in a
#: list of causes; and lines dense with blame-ish words about machines.
V20_TRAIN_NOTES = (
    "Orkney English",
    "Cape Breton English",
    "Guyanese English",
    "Botswana English",
    "Rwandan English",
    "Samoan English",
    "Angolan-Portuguese-speaker English",
    "Tagalog-speaker English",
    "Amharic-speaker English",
    "Slovak-speaker English",
    "Kazakh-speaker English",
    "Cantonese-speaker English",
    "agentless-passive shape",
    "thanks-to shape",
    "turning-praise shape",
    "decided-against-advice shape",
    "per-instructions shape",
    "what-did-we-expect shape",
    "email-subject shape",
    "status-page-reply shape",
    "commit-or-PR-title shape",
    "lessons-for-person shape",
    "nickname shape",
    "listed-among-causes shape",
    "machine-blame-words shape",
)


V21_TRAIN = DATA / "blameless_v21_train.jsonl"
#: Registers and shapes the round-21 training file was written to add (tests/data/README.md, *v21
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is Icelandic, Basque, Lithuanian, Armenian, Mongolian, Khmer, Somali or
#: Hausa, and on both sides blame (or its blameless twin about a system, a plan, a vendor's software or
#: a person in a neutral role) carried by a warning a person was given and went ahead past, a culprit
#: named without the word blame ("this one is on", "X's to own", "look no further than"), sarcasm and
#: venting in many registers, an adjective of conduct ("slapdash", "cavalier", "half-hearted"),
#: attention or competence put on a person and a passive with no agent but one clear person; and
#: lines dense with blame-ish words about machines.
V21_TRAIN_NOTES = (
    "Isle of Man English",
    "Wexford English",
    "Yukon English",
    "Bermudian English",
    "Belizean English",
    "Tongan English",
    "Icelandic-speaker English",
    "Basque-speaker English",
    "Lithuanian-speaker English",
    "Armenian-speaker English",
    "Mongolian-speaker English",
    "Khmer-speaker English",
    "Somali-speaker English",
    "Hausa-speaker English",
    "warned-and-went-ahead shape",
    "this-one-is-on shape",
    "sarcasm-register shape",
    "conduct-adjective shape",
    "attention-competence shape",
    "no-agent-passive shape",
    "machine-blame-words shape",
)


V22_TRAIN = DATA / "blameless_v22_train.jsonl"
#: Registers and shapes the round-22 training file was written to add (tests/data/README.md, *v22
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is Slovenian, Pashto, Kannada, Hmong, Malagasy, Sinhala, Tunisian Arabic
#: or Tigrinya, and on both sides blame (or its blameless twin about a system, a plan, a vendor's software
#: or a person in a neutral role) carried by a teasing reveal, "was supposed to ... and didn't", a mock
#: award, an aside in brackets, a tally of one person's incidents, a sneering thought put in a person's
#: head, an absence question answered at once, an ultimatum, an emoji or hashtag reaction, a TODO or
#: commit message, a key: value field, understatement, a euphemism and an insinuation that trails off;
#: and lines dense with blame-ish words about machines.
V22_TRAIN_NOTES = (
    "Galway English",
    "Essex English",
    "Cornish English",
    "Nunavut English",
    "Antiguan English",
    "Tuvaluan English",
    "Slovenian-speaker English",
    "Pashto-speaker English",
    "Kannada-speaker English",
    "Hmong-speaker English",
    "Malagasy-speaker English",
    "Sinhala-speaker English",
    "Tunisian-Arabic-speaker English",
    "Tigrinya-speaker English",
    "teasing-reveal shape",
    "supposed-to-and-did-not shape",
    "mock-award shape",
    "bracketed-aside shape",
    "incident-tally shape",
    "sneering-thought shape",
    "absence-question shape",
    "ultimatum shape",
    "emoji-or-hashtag shape",
    "todo-or-commit shape",
    "key-value-field shape",
    "understatement shape",
    "euphemism shape",
    "trailing-insinuation shape",
    "machine-blame-words shape",
)


V23_TRAIN = DATA / "blameless_v23_train.jsonl"
#: Registers and shapes the round-23 training file was written to add (tests/data/README.md, *v23
#: training file*), each named in the `note` of its lines: regional English idiom, the English of
#: people whose first language is Hindi, Urdu, Chichewa, Luganda, Jordanian Arabic, Lao, Tyrolean
#: German or the Kiswahili of Zanzibar, and on both sides blame (or its blameless twin about a system, a
#: plan, a vendor's software or a person in a neutral role) carried by condescension, a rhetorical "how
#: hard is it to ...?", praise of one person that pins the failure on another, "no excuse", scare quotes
#: around a person's work, "for reasons known only to ..." in a timeline line, a passive-aggressive
#: reminder, a "lesson for <person>" line, "that one's on ...", a scorecard rating a person, a person's
#: act made a mock-noun, a nagging history, a comparison to a novice or a child and a mocking remedy;
#: and lines dense with blame-ish words about machines.
V23_TRAIN_NOTES = (
    "Isle of Wight English",
    "Sark English",
    "Cape Cod English",
    "Ulster English",
    "Dorset English",
    "Quebec English",
    "Hindi-speaker English",
    "Urdu-speaker English",
    "Chichewa-speaker English",
    "Luganda-speaker English",
    "Jordanian-Arabic-speaker English",
    "Lao-speaker English",
    "Tyrolean-German-speaker English",
    "Zanzibar-Kiswahili-speaker English",
    "condescension shape",
    "how-hard-is-it shape",
    "praise-pins-another shape",
    "no-excuse shape",
    "scare-quotes shape",
    "reasons-known-only shape",
    "passive-aggressive-reminder shape",
    "lesson-for shape",
    "that-ones-on shape",
    "scorecard shape",
    "mock-noun shape",
    "nagging-history shape",
    "novice-comparison shape",
    "mocking-remedy shape",
    "machine-blame-words shape",
)


V24_TRAIN = DATA / "blameless_v24_train.jsonl"
#: Registers and shapes the round-24 training file was written to add (tests/data/README.md, *v24
#: training file*), each named in the `note` of its lines: regional English idiom (Inverness, Swansea,
#: Alabama, Sussex, Hull, Herefordshire), the English of people whose first language is Tibetan, Māori,
#: Moldovan Romanian or Acadian French, and on both sides blame (or its blameless twin about a system, a
#: plan, a vendor's software or a person in a neutral role) carried by a mock award, a tally held against
#: a person, a bracketed aside, a "guess who" riddle, a hashtag, a commit message or ticket title, a sigh
#: or eye-roll marker, "of course it was ...", a threat, a contrast with everyone else, a statistic aimed
#: at one person, "left to his own devices", an apology demanded and an excuse quoted to mock it; and
#: lines dense with blame-ish words about machines.
V24_TRAIN_NOTES = (
    "Inverness English",
    "Swansea English",
    "Alabama English",
    "Sussex English",
    "Hull English",
    "Herefordshire English",
    "Tibetan-speaker English",
    "Māori-speaker English",
    "Moldovan-Romanian-speaker English",
    "Acadian-French-speaker English",
    "mock-award shape",
    "incident-tally shape",
    "bracketed-aside shape",
    "guess-who shape",
    "hashtag shape",
    "commit-or-ticket shape",
    "sigh-or-eyeroll shape",
    "of-course-it-was shape",
    "threat shape",
    "contrast-with-everyone shape",
    "statistic-at-person shape",
    "own-devices shape",
    "apology-demanded shape",
    "mocked-excuse shape",
    "machine-blame-words shape",
)


V25_TRAIN = DATA / "blameless_v25_train.jsonl"
#: Registers and shapes the round-25 training file was written to add (tests/data/README.md, *v25
#: training file*), each named in the `note` of its lines: regional English idiom (Wyoming, Oregon,
#: Montserrat, Lancaster, Darwin, Canterbury), the English of people whose first language is Ossetian,
#: Friulian, Romansh or Walloon, and on both sides blame (or its blameless twin about a system, a plan, a
#: vendor's software or a person in a neutral role) carried by an incident named after a person, an emoji
#: aimed at an act, backhanded thanks, scare quotes around a role, a photo caption, insinuation without a
#: claim, a leaderboard, a concession that turns, a meme, a PSA aimed at one person, a footnote, a cause
#: field holding only a name, a quiz whose answer is a person and faint solidarity; and lines dense with
#: blame-ish words about machines.
V25_TRAIN_NOTES = (
    "Wyoming English",
    "Oregon English",
    "Montserrat English",
    "Lancaster English",
    "Darwin English",
    "Canterbury English",
    "Ossetian-speaker English",
    "Friulian-speaker English",
    "Romansh-speaker English",
    "Walloon-speaker English",
    "person-named-incident shape",
    "emoji-at-act shape",
    "backhanded-thanks shape",
    "scare-quotes-role shape",
    "photo-caption shape",
    "insinuation shape",
    "leaderboard shape",
    "concession-turns shape",
    "meme-at-person shape",
    "psa-at-person shape",
    "footnote-blames shape",
    "cause-field-name shape",
    "quiz-answer-person shape",
    "faint-solidarity shape",
    "machine-blame-words shape",
)


def _word_count_auc(rows: list[dict[str, Any]]) -> float:
    """How well a text's word count alone tells a blameful line from a blameless one (ROC AUC, the
    chance that a blameful line is longer than a blameless one, ties counting half): 0.5 is no signal."""
    blameful = sorted(len(r["text"].split()) for r in rows if r["label"] == "blameful")
    blameless = Counter(len(r["text"].split()) for r in rows if r["label"] == "blameless")
    wins = sum(sum(n for words, n in blameless.items() if words < w) + blameless[w] / 2 for w in blameful)
    return wins / (len(blameful) * sum(blameless.values()))


@pytest.mark.parametrize(
    ("path", "prefix", "notes", "non_native", "auc_band"),
    [
        (V16_TRAIN, "v16t", V16_TRAIN_NOTES, 0, None),
        (V17_TRAIN, "v17t", V17_TRAIN_NOTES, 200, None),
        (V19_TRAIN, "v19t", V19_TRAIN_NOTES, 200, None),
        (V20_TRAIN, "v20t", V20_TRAIN_NOTES, 200, (0.4, 0.6)),
        (V21_TRAIN, "v21t", V21_TRAIN_NOTES, 200, (0.4, 0.6)),
        (V22_TRAIN, "v22t", V22_TRAIN_NOTES, 200, (0.4, 0.6)),
        (V23_TRAIN, "v23t", V23_TRAIN_NOTES, 200, (0.4, 0.6)),
        (V24_TRAIN, "v24t", V24_TRAIN_NOTES, 200, (0.4, 0.6)),
        (V25_TRAIN, "v25t", V25_TRAIN_NOTES, 200, (0.4, 0.6)),
    ],
    ids=("v16t", "v17t", "v19t", "v20t", "v21t", "v22t", "v23t", "v24t", "v25t"),
)
def test_training_file_rows(
    path: Path, prefix: str, notes: tuple[str, ...], non_native: int, auc_band: tuple[float, float] | None
) -> None:
    """The training files of rounds 16, 17, 19, 20, 21, 22, 23, 24 and 25 (written as training data for the scorer, never
    held out): ids ``prefix-0001``... in order, written for it, a known style, a `note` below high
    confidence, soft-wrapped lines that are wrapped, `difficulty` from the key-word rule, about half
    blameful, every kind the v5 development file covers, the styles real post-mortems use, at least
    1,100 lines and 30 soft-wrapped lines on each side, and read by the trainer. Each register or
    shape it was written to add (its *notes*; tests/data/README.md, each file's section) has at least
    five lines on both sides, so that the register itself says nothing about the label, and at least
    *non_native* lines are in non-native English. Length and semicolons say little about the label
    (the round-15 file's blameless lines were longer and held a semicolon five times as often): the
    median word counts of the two sides are within four words of each other and the share of lines
    holding a semicolon within ten points; from round 20 on, word count alone separates the labels
    with an AUC inside *auc_band* (round 19's file: 0.31, its blameless twins ran longer). Many of
    the lines come in pairs (the same event told with blame and without), so each file is checked for
    near copies against the other files only."""
    _assert_balanced_set(path, prefix, kinds=V5_DEV_KINDS, least=1100, wrapped_each_side=30)
    assert _trainer().trainable(path)
    assert "unseen" not in path.name
    assert path in _trainer().training_files()
    rows = _rows(path)
    for register in notes:
        labels = Counter(r["label"] for r in rows if register in r["note"])
        assert labels["blameful"] >= 5, (register, labels)
        assert labels["blameless"] >= 5, (register, labels)
    assert sum("non-native English" in r["note"] for r in rows) >= non_native
    sides = {label: [r["text"] for r in rows if r["label"] == label] for label in ("blameful", "blameless")}
    medians = [statistics.median(len(text.split()) for text in texts) for texts in sides.values()]
    assert abs(medians[0] - medians[1]) <= 4, medians
    semicolons = [sum(";" in text for text in texts) / len(texts) for texts in sides.values()]
    assert abs(semicolons[0] - semicolons[1]) <= 0.10, semicolons
    if auc_band is not None:
        assert auc_band[0] <= _word_count_auc(rows) <= auc_band[1]
    elsewhere = [(a, b) for a, b in _near_copies() if (a[0] == path.name) != (b[0] == path.name)]
    assert elsewhere == []


def test_a_round_with_two_sentence_sets_leaves_both_out() -> None:
    """``benchmarks/blame_scorer_by_round.py`` leaves out and scores every held-out sentence file of a round:
    rounds 20 and 21 wrote two (``blameless_vN_unseen.jsonl`` and ``blameless_vNb_unseen.jsonl``); until the
    twenty-second round it left out the first alone and trained on the second."""
    by_round = benchmark_script("blame_scorer_by_round")
    assert by_round.held_out(21) == (
        ("blameless_v21_unseen.jsonl", "blameless_v21b_unseen.jsonl"),
        "blameless_documents_v21",
    )
    assert by_round.held_out(19) == (("blameless_v19_unseen.jsonl",), "blameless_documents_v19")
    for round_ in (19, 20, 21):
        files, folder = by_round.held_out(round_)
        assert all((DATA / name).is_file() for name in files)
        assert (DATA / folder).is_dir()
