"""Leave one round out: the blamelessness scorer's design judged on each recent round's held-out text.

For each round N given (default 15 to 19), one model is trained on every training set except that
round's held-out sentences (``blameless_vN_unseen.jsonl``) and documents (``blameless_documents_vN``),
the trainer's ``--without`` for both, and scored on them: the sentences a line flagged or not (as
``blame_scorer_by_set.py`` counts them, from the trainer's readings), the documents as a user would
(``blameless_documents.py``: a finding is right when it overlaps a labelled quote). The rounds' figures
and their mean are printed beside the rules alone, so that a design is judged on text of a round it
never saw, as the next round's held-out text will judge it (docs/checks/blamelessness.md, *Round 19:
the scorer*).

A *design* is the shipped one (``shipped``) or one of DESIGNS: the same readings with some features
left out. Every sentence's features are read once, cached with ``--cache``.

Since the twentieth round the protocol is fixed before any tuning: a setting (a threshold, a second
opinion) is chosen on the rounds before the last (``--rounds 15 16 17 18``), then the last round is
scored once with the chosen settings (``--rounds 19``), and that figure is reported first
(docs/checks/blamelessness.md, *Round 20: the scorer*).

Usage::

    python benchmarks/blame_scorer_by_round.py [--designs shipped no-rules] [--rounds 15 16 17 18 19]
        [--document-thresholds 0.85 0.9] [--cache /tmp/readings.pickle] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

sys.path.insert(0, str(Path(__file__).resolve().parent))

import blame_scorer_by_set as by_set
import blame_scorer_grid as grid
import train_blame_scorer as trainer

import postmortem.checks._blame._scorer as scorer_module
import postmortem.checks._blame._scorer_features as features_module
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._vocabulary import vocabulary

_ROLES = frozenset(lemma(word) for word in vocabulary("role_nouns"))

#: The shipped gate (threshold, first filter's sum, least word weight, strong word); the threshold is the design's.
GATE = trainer.SHIPPED_GATE

Keep = Callable[[str], bool]

#: The documents' precision a nested threshold aims at (see nested): what a team gating merges expects.
AIM = 0.90

#: The kinds of feature only the screened designs read (see extra_features).
EXTRA_KINDS = ("sk:", "sv:", "sc:", "sg:", "pc:", "pk:", "rel:", "mot:", "th:")


def _shipped(name: str) -> bool:
    return not name.startswith(EXTRA_KINDS)


@attrs.frozen
class Design:
    """How a model is trained and gated: the features it keeps and the trainer's settings."""

    keep: Keep = _shipped
    # The weight of a sentence a rule flags in a blameless text (trainer.FLAGGED_WEIGHT).
    flagged: float = 0.0
    # The threshold for a text on its own, for an incident's prose (None: the same), and the second
    # opinion on the rules' findings (None: none).
    threshold: float = 0.8
    document_threshold: float | None = None
    second_opinion: float | None = None


#: Designs: round 18's and round 19's (each shipped until the next round), the shipped one (the
#: trainer's settings) and the screened ones.
DESIGNS: dict[str, Design] = {
    "round18": Design(),
    "round19": Design(flagged=1.0, threshold=0.6, document_threshold=0.8, second_opinion=0.1),
    "shipped": Design(
        flagged=trainer.FLAGGED_WEIGHT[0],
        threshold=trainer.SHIPPED_GATE[0],
        document_threshold=trainer.DOCUMENT_THRESHOLD[0] or None,
        second_opinion=trainer.SECOND_OPINION[0] or None,
    ),
    # The sentences the rules flag in blameless texts trained on as blameless, round 18's gate, for
    # the second opinion on the rules' findings (scored at each of --second-opinions).
    "flagged": Design(flagged=1.0),
    # Round 18's grouped screen: the rule families' signals left out altogether (no run-time look-up).
    "no-rules": Design(keep=lambda name: _shipped(name) and not name.startswith("rule:")),
    # Who the subject is, finer than subj: (the writer, the reader, nobody, a name, a role, another
    # person), with what is said of them (see extra_features).
    "subject-kind": Design(keep=lambda name: True),
    "subject-kind-no-rules": Design(keep=lambda name: not name.startswith("rule:")),
    "subject-kind-only-classes": Design(keep=lambda name: not name.startswith("sv:")),
    # Round 20's screens (see round20_features): the abstractions of who did what by its class, with and
    # without the purpose clause's verb.
    "r20-abstract": Design(
        keep=lambda name: not name.startswith(("sk:", "sv:", "sc:", "sg:", "mot:")),
        flagged=1.0,
        threshold=0.6,
        document_threshold=0.8,
        second_opinion=0.1,
    ),
    "r20-all": Design(
        keep=lambda name: not name.startswith(("sk:", "sv:", "sc:", "sg:")),
        flagged=1.0,
        threshold=0.6,
        document_threshold=0.8,
        second_opinion=0.1,
    ),
}

_SELF = frozenset({"i", "me", "myself", "we", "us", "ourselves"})
_READER = frozenset({"you", "yourself"})
_NOBODY = frozenset({"nobody", "noone", "none"})


def _person_kind(key: str) -> str:
    """The kind of person the scorer's token key *key* names."""
    if key in _SELF:
        return "self"
    if key in _READER:
        return "reader"
    if key in _NOBODY:
        return "nobody"
    if key == "<name>":
        return "name"
    return "role" if key in _ROLES else "other"


def extra_features(tokens: list[Any]) -> dict[str, tuple[int, int]]:
    """The screened features of a sentence's tokens (see DESIGNS).

    ``sk:KIND`` a person of that kind followed by what they did (the ``did:`` reading), ``sk:KIND neg``
    when a negation stood between; ``sv:GROUP VERB`` the verb by the kind's group (``self``: the writer,
    ``nobody``, ``other``); ``sc:KIND CLASS`` the verb's word class; ``sg:KIND GRAMMAR`` the subject's kind
    with each grammar feature of the clause (as ``subj:``, finer).
    """
    f = features_module
    found: dict[str, tuple[int, int]] = {}
    n = len(tokens)
    subject = None
    for i, tok in enumerate(tokens):
        key = tok[0]
        if key == "no" and i + 1 < n and tokens[i + 1][0] == "one":
            key = "nobody"
        elif key not in f._PERSON_KEYS or key == "'s":
            continue
        j = i + 1
        if j < n and tokens[j][0] == "'s":
            continue
        if key == "nobody" and tok[0] == "no":
            j += 1
        negated = False
        while j < n and tokens[j][0] in f._BETWEEN:
            negated = negated or tokens[j][0] in f._NEGATIONS
            j += 1
        if j < n and f._about_key(tokens[j][0]) and tokens[j][0] not in f._CLAUSE_WORDS:
            kind = _person_kind(key)
            span = (tok[1], tokens[j][2])
            subject = subject or kind
            found.setdefault(f"sk:{kind}", span)
            if negated:
                found.setdefault(f"sk:{kind} neg", span)
            group = kind if kind in {"self", "nobody"} else "other"
            found.setdefault(f"sv:{group} {tokens[j][0]}", span)
            cls = f._CLASSES.get(tokens[j][0]) or f._MORE_CLASSES.get(tokens[j][0]) or f._CUES.get(tokens[j][0])
            if cls is not None:
                found.setdefault(f"sc:{kind} {cls}", span)
    if subject is not None:
        base = features_module.features(tokens)
        for name, span in base.items():
            kind = name.partition(":")[0]
            if kind in {"pass", "hindsight", "hindsight passive", "neg", "cue", "deny"}:
                found.setdefault(f"sg:{subject} {kind}", span)
    return found


def _lemma_classes() -> dict[str, tuple[str, ...]]:
    """Round 20's predicate classes: each lemma of the vocabulary's verb and verdict lists, with its classes."""
    out: dict[str, list[str]] = {}
    for name, cls in (
        ("slip_verbs", "slip"),
        ("duty_verbs", "duty"),
        ("response_verbs", "respond"),
        ("harm_verbs", "harm"),
        ("damage_verbs", "harm"),
        ("helping_acts", "help"),
        ("lacked_verbs", "lack"),
        ("unheeded_acts", "heed"),
        ("character_words", "character"),
        ("judged_competence", "competence"),
        ("risky_verbs", "act"),
        ("destructive_verbs", "harm"),
        ("shipping_verbs", "ship"),
    ):
        for word in vocabulary(name):
            if "+" not in word:
                classes = out.setdefault(lemma(word), [])
                if cls not in classes:
                    classes.append(cls)
    return {key: tuple(v) for key, v in out.items()}


_PRED: dict[str, tuple[str, ...]] = _lemma_classes()
_THANKS = frozenset({"thank", "thanks"})


def _kind_of(key: str) -> str:
    """NAME, ROLE or PRON (the writer and nobody apart) for a person's token key."""
    if key == "<name>":
        return "NAME"
    if key in _ROLES:
        return "ROLE"
    if key in _SELF:
        return "SELF"
    if key in _NOBODY:
        return "NOBODY"
    return "PRON"


def round20_features(tokens: list[Any]) -> dict[str, tuple[int, int]]:
    """Round 20's screened features: abstractions that carry over to words no labelled sentence used.

    ``pc:CLASS`` a word of a predicate class (see _lemma_classes); ``pk:KIND CLASS`` what a person of a
    kind (NAME, ROLE, PRON, SELF, NOBODY) did, by its class (``pk:KIND CLASS neg`` negated), and
    ``pk:KIND other`` when the verb has none; ``rel:CLASS`` / ``rel:KIND CLASS`` a relative clause about a
    person (*the engineer who pushed*); ``mot:VERB`` a purpose clause (*to get away early*) in a clause
    whose subject is a person, ``mot:CLASS`` its class; ``th:KIND`` thanks to a person (*thanks to NAME*).
    """
    f = features_module
    found: dict[str, tuple[int, int]] = {}
    n = len(tokens)
    keys = [t[0] for t in tokens]
    for i, key in enumerate(keys):
        for cls in _PRED.get(key, ()):
            found.setdefault(f"pc:{cls}", (tokens[i][1], tokens[i][2]))
        if key in _THANKS and i + 1 < n and keys[i + 1] == "to":
            _thanks(tokens, keys, i, found)
        if key in f._PERSON_KEYS and key != "'s":
            _person_did(tokens, keys, i, found)
    if "to" in keys and features_module._subject(tokens) == "<person>":
        for i in range(2, n - 1):
            if keys[i] == "to" and f._about_key(keys[i + 1]) and keys[i + 1] not in f._CLAUSE_WORDS:
                span = (tokens[i][1], tokens[i + 1][2])
                found.setdefault(f"mot:{keys[i + 1]}", span)
                for cls in _PRED.get(keys[i + 1], ()):
                    found.setdefault(f"mot:class {cls}", span)
    return found


def _thanks(tokens: list[Any], keys: list[str], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add ``th:KIND`` (or ``th:system``) for *thanks to* at token *i* and who or what it thanks."""
    f = features_module
    n = len(keys)
    j = i + 2
    while j < n and keys[j] in f._AFTER_NEGATION:
        j += 1
    if j < n and keys[j] in f._PERSON_KEYS and keys[j] != "'s":
        found.setdefault(f"th:{_kind_of(keys[j])}", (tokens[i][1], tokens[j][2]))
    elif j < n and keys[j] in f._CLASS_OF:
        found.setdefault("th:system", (tokens[i][1], tokens[j][2]))


def _person_did(tokens: list[Any], keys: list[str], i: int, found: dict[str, tuple[int, int]]) -> None:
    """Add ``pk:`` (and ``rel:`` after *who* or *that*) for what the person at token *i* did, by its class."""
    f = features_module
    n = len(keys)
    kind = _kind_of(keys[i])
    j = i + 1
    if j < n and keys[j] == "'s":
        return
    relative = j < n and keys[j] in {"who", "that"}
    j += relative
    negated = False
    while j < n and keys[j] in f._BETWEEN:
        negated = negated or keys[j] in f._NEGATIONS
        j += 1
    if j >= n or not f._about_key(keys[j]) or keys[j] in f._CLAUSE_WORDS:
        return
    span = (tokens[i][1], tokens[j][2])
    for cls in _PRED.get(keys[j], ()) or ("other",):
        found.setdefault(f"pk:{kind} {cls}" + (" neg" if negated else ""), span)
        if relative:
            found.setdefault(f"rel:{cls}", span)
            found.setdefault(f"rel:{kind} {cls}", span)


def _about_what(name: str) -> bool:
    """``about_what``, with the screened features that say who (``sk:``, ``sc:``, ``sg:``) never an anchor."""
    if name.startswith(("sk:", "sc:", "sg:", "pc:", "pk:", "rel:", "th:")):
        return False
    if name.startswith("mot:class"):
        return False
    return features_module.about_what(name)


def _with_extras(tokens: list[Any], families: Any = ()) -> dict[str, tuple[int, int]]:
    found = features_module.features(tokens, families)
    if tokens:
        for name, span in extra_features(tokens).items():
            found.setdefault(name, span)
        for name, span in round20_features(tokens).items():
            found.setdefault(name, span)
    return found


def _kept(found: dict[str, tuple[int, int]], keep: Keep) -> dict[str, tuple[int, int]]:
    return {name: span for name, span in found.items() if keep(name)}


def with_design(readings: list[trainer.Reading], keep: Keep) -> list[trainer.Reading]:
    """*readings* with only the features *keep* keeps."""
    return [
        attrs.evolve(
            r,
            sentences=[_kept(f, keep) for f in r.sentences],
            caught=[_kept(f, keep) for f in r.caught],
            doubted=[_kept(f, keep) for f in r.doubted],
        )
        for r in readings
    ]


def held_out(round_: int) -> tuple[tuple[str, ...], str]:
    """The names of round *round_*'s held-out sentence files and document folder.

    Rounds 20 and 21 wrote two independent sentence sets (``blameless_vN_unseen.jsonl`` and
    ``blameless_vNb_unseen.jsonl``): both are left out of training and scored together.
    """
    files = [f"blameless_v{round_}_unseen.jsonl"]
    if (trainer.DATA / f"blameless_v{round_}b_unseen.jsonl").exists():
        files.append(f"blameless_v{round_}b_unseen.jsonl")
    return tuple(files), f"blameless_documents_v{round_}"


def score_round(
    readings: list[trainer.Reading],
    round_: int,
    design: Design,
    thresholds: list[float],
    sentence_thresholds: list[float] = (),  # type: ignore[assignment]
    second_opinions: list[float] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    """Train without round *round_*'s held-out sets (as *design* says), score them."""
    files, folder = held_out(round_)
    keep = design.keep
    part = [r for r in readings if r.file in files]
    rest = with_design([r for r in readings if r.file not in {*files, folder}], keep)
    trainer.FLAGGED_WEIGHT[0] = design.flagged
    data = trainer.train(rest, trainer.L2, 2)
    m = attrs.evolve(
        trainer.with_gate(data, design.threshold, *GATE[1:], expand=True),
        document_threshold=design.document_threshold,
        second_opinion=design.second_opinion,
    )
    truth = [bool(r.label) for r in part]
    out: dict[str, Any] = {
        "round": round_,
        "weights": len(data["weights"]),
        "sentences:rules": dict(by_set.counts(truth, [r.flagged for r in part])),
        "sentences:scorer": dict(by_set.counts(truth, trainer.fast_predict(with_design(part, keep), m))),
        "documents:rules": dict(by_set.score_folder_with(trainer.DATA / folder, None)),
    }
    for th in sentence_thresholds:
        other = attrs.evolve(m, threshold=th)
        out[f"sentences:scorer@{th}"] = dict(by_set.counts(truth, trainer.fast_predict(with_design(part, keep), other)))
    wrong: list[str] = []
    out["documents:scorer"] = dict(by_set.score_folder_with(trainer.DATA / folder, m, wrong))
    out["wrong"] = wrong
    for th in thresholds:
        other = attrs.evolve(m, document_threshold=th)
        out[f"documents:scorer@{th}"] = dict(by_set.score_folder_with(trainer.DATA / folder, other))
    for floor in second_opinions:
        for th in [None, *thresholds]:
            other = attrs.evolve(m, second_opinion=floor, document_threshold=th)
            key = f"documents:second{floor}" + (f"@{th}" if th else "")
            out[key] = dict(by_set.score_folder_with(trainer.DATA / folder, other))
            flagged = [r.flagged and not _doubted(r, m, floor) for r in part]
            out[f"sentences:second{floor}"] = dict(
                by_set.counts(
                    truth,
                    _or(
                        flagged,
                        trainer.fast_predict(
                            [attrs.evolve(r, flagged=f) for r, f in zip(with_design(part, keep), flagged, strict=True)],
                            m,
                        ),
                    ),
                )
            )
    return out


def _or(a: list[bool], b: list[bool]) -> list[bool]:
    return [x or y for x, y in zip(a, b, strict=True)]


def _doubted(r: trainer.Reading, m: trainer.Model, floor: float) -> bool:
    """Whether every sentence a rule flagged in *r* scores under *floor* (the second opinion on a line)."""
    found = r.caught if r.label else r.doubted
    return bool(found) and all(m.probability(f) < floor for f in found)


def figures(c: dict[str, int], *, documents: bool) -> tuple[float, float, str]:
    """Precision, recall and a line of *c* (sentence counts, or a folder scored as a user)."""
    if documents:
        counted = c.get("blameful", 0) - c.get("not_in_prose", 0)
        p = c.get("right", 0) / max(1, c.get("findings", 0))
        r = c.get("found", 0) / max(1, counted)
        return p, r, by_set.user_pr(Counter(c))
    flagged, blameful = c.get("tp", 0) + c.get("fp", 0), c.get("tp", 0) + c.get("fn", 0)
    p = c.get("tp", 0) / flagged if flagged else 1.0
    r = c.get("tp", 0) / blameful if blameful else 1.0
    return p, r, by_set.pr(Counter(c))


def report(design: str, results: list[dict[str, Any]]) -> None:
    """Print each round's figures and their mean for *design*."""
    keys = sorted({k for res in results for k in res if k.startswith(("sentences:", "documents:"))})
    print(f"\n== {design}")
    for key in keys:
        documents = key.startswith("documents:")
        ps, rs = [], []
        for res in results:
            p, r, line = figures(res[key], documents=documents)
            ps.append(p)
            rs.append(r)
            print(f"  v{res['round']} {key:28} {line}")
        pooled: Counter[str] = Counter()
        for res in results:
            pooled.update(res[key])
        _, _, line = figures(dict(pooled), documents=documents)
        print(f"  mean {key:26} {sum(ps) / len(ps):.3f} / {sum(rs) / len(rs):.3f}   pooled {line}", flush=True)
    nested(results)


def nested(results: list[dict[str, Any]], aim: float = AIM) -> None:
    """A documents' setting chosen for each round on the other rounds alone, then that round scored with it.

    The settings are the documents' figures screened (the gate's threshold, each documents' threshold,
    each second opinion): the one with the most quotes found, pooled over the other rounds, among those
    whose pooled precision there reaches *aim* (the most precise one if none does).
    """
    keys = [k for k in results[0] if k.startswith("documents:") and k != "documents:rules"]
    if len(keys) < 2 or len(results) < 2:
        return
    ps, rs = [], []
    pooled: Counter[str] = Counter()
    for res in results:
        others = [o for o in results if o is not res]
        marks = {}
        for key in keys:
            total: Counter[str] = Counter()
            for o in others:
                total.update(o[key])
            p, r, _ = figures(dict(total), documents=True)
            marks[key] = (p >= aim, r if p >= aim else p, p)
        chosen = max(keys, key=lambda k: marks[k])
        p, r, line = figures(res[chosen], documents=True)
        ps.append(p)
        rs.append(r)
        pooled.update(res[chosen])
        print(f"  v{res['round']} documents, setting chosen on the other rounds ({chosen}): {line}")
    line = figures(dict(pooled), documents=True)[2]
    print(f"  mean documents, nested setting    {sum(ps) / len(ps):.3f} / {sum(rs) / len(rs):.3f}   pooled {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--designs", nargs="*", default=["shipped"], choices=sorted(DESIGNS))
    parser.add_argument("--rounds", type=int, nargs="*", default=[15, 16, 17, 18, 19])
    parser.add_argument(
        "--document-thresholds", type=float, nargs="*", default=[], help="also score the documents at these"
    )
    parser.add_argument(
        "--sentence-thresholds", type=float, nargs="*", default=[], help="also score the sentences at these"
    )
    parser.add_argument(
        "--second-opinions", type=float, nargs="*", default=[], help="also score the documents at these floors"
    )
    parser.add_argument("--cache", type=Path, default=None, help="read (or write) the readings here")
    parser.add_argument("--errors", action="store_true", help="list the scorer's wrong findings on the documents")
    parser.add_argument("--json", type=Path, default=None, help="write every figure here")
    parser.add_argument("--extras", action="store_true", help="read the screened features too (see extra_features)")
    args = parser.parse_args(argv)
    if args.extras:
        trainer.features = scorer_module.features = _with_extras  # type: ignore[assignment]
        trainer.about_what = scorer_module.about_what = _about_what  # type: ignore[assignment]
    elif any(DESIGNS[d].keep("sk:self") for d in args.designs):
        parser.error("a design that reads the screened features needs --extras")
    readings = grid.cached_readings(args.cache)
    everything: dict[str, list[dict[str, Any]]] = {}
    for design in args.designs:
        results = []
        for round_ in args.rounds:
            res = score_round(
                readings,
                round_,
                DESIGNS[design],
                args.document_thresholds,
                args.sentence_thresholds,
                args.second_opinions,
            )
            results.append(res)
            print(
                f"{design} v{round_}: sentences {figures(res['sentences:scorer'], documents=False)[2]}; "
                f"documents {figures(res['documents:scorer'], documents=True)[2]}",
                flush=True,
            )
            for error in res["wrong"] if args.errors else ():
                print(f"    wrong: {error}")
        report(design, results)
        everything[design] = results
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
