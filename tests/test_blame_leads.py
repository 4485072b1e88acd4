"""The clause index of the blamelessness scan: which group leads changes work, never results."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from postmortem.checks._blame._leads import SHARES, index_clauses, lead_group, shares_text
from postmortem.checks._blame._rule_keys import (
    _ALL_KEYS,
    _CLAUSES,
    _CLAUSES_BY_KEY,
    _RULES,
    _SCAN_ONLY,
    _candidates,
    _signalled,
)
from postmortem.testing import examples


def _holds(clauses: tuple[frozenset[frozenset[str]], ...], words: frozenset[str]) -> bool:
    return any(all(not words.isdisjoint(group) for group in clause) for clause in clauses)


def _brute_force(words: frozenset[str]) -> tuple[object, ...]:
    """The rules with a clause every group of which meets *words*, in rule order."""
    return tuple(rule for rule, clauses in zip(_RULES, _CLAUSES, strict=True) if _holds(clauses, words))


def _brute_force_run(words: frozenset[str]) -> tuple[object, ...]:
    """The rules of :func:`_brute_force` whose scan-only clauses (where they have some) hold too."""
    return tuple(
        rule
        for index, (rule, clauses) in enumerate(zip(_RULES, _CLAUSES, strict=True))
        if _holds(clauses, words) and _holds(_SCAN_ONLY.get(index, clauses), words)
    )


def test_every_clause_is_indexed_whole_under_each_word_of_its_lead() -> None:
    # One entry per word of each clause's lead, and each entry is its clause whole.
    expected = sum(len(lead_group(clause)) for clauses in _CLAUSES for clause in clauses)
    assert sum(map(len, _CLAUSES_BY_KEY.values())) == expected
    for word, entries in _CLAUSES_BY_KEY.items():
        for index, rest in entries:
            whole = [c for c in _CLAUSES[index] if word in lead_group(c) and c == {lead_group(c), *rest}]
            assert whole, (word, _RULES[index].source)
            assert len(set(rest)) == len(rest)


def test_the_rarest_group_leads_and_the_others_come_rarest_first() -> None:
    # Words missing from the table count as rare: one each.
    one, two, three = frozenset(["zzqa"]), frozenset(["zzqb", "zzqc"]), frozenset(["zzqd", "zzqe", "zzqf"])
    by_key = index_clauses([(frozenset([three, one, two]),)])
    assert by_key == {"zzqa": [(0, (two, three))]}
    # "to" is on many lines of post-mortem prose: two rare words lead before it.
    assert SHARES["to"] > 100
    assert lead_group(frozenset([frozenset(["to"]), two])) == two


_WORDS = sorted(_ALL_KEYS)


@settings(max_examples=examples(quick=130, full=400), deadline=None)
@given(st.frozensets(st.sampled_from(_WORDS), max_size=40))
def test_candidate_rules_are_the_rules_with_a_clause_holding(words: frozenset[str]) -> None:
    assert _signalled(words) == _brute_force(words)
    assert _candidates(words) == _brute_force_run(words)


def test_candidate_rules_of_every_rules_own_clause() -> None:
    # Each clause made to hold with one word per group: the rule is signalled.
    for rule, clauses in zip(_RULES, _CLAUSES, strict=True):
        for clause in clauses:
            words = frozenset(min(group) for group in clause)
            assert rule in _signalled(words)
            assert _signalled(words) == _brute_force(words)
            assert _candidates(words) == _brute_force_run(words)


def test_a_rule_runs_where_a_scan_only_clause_holds_with_a_signal_clause() -> None:
    # Each scan-only clause made to hold with a signal clause: the rule runs; the signal alone: it may not.
    assert _SCAN_ONLY
    for index, tight in _SCAN_ONLY.items():
        rule = _RULES[index]
        for clause in tight:
            for signal in _CLAUSES[index]:
                words = frozenset(min(group) for group in (*clause, *signal))
                assert rule in _candidates(words)
    # The rule keyed on "to" runs only where one of its verbs stands too: "to" alone signals it.
    own_task = next(
        i for i, r in enumerate(_RULES) if r.source.startswith(r"\b(?:to|must|should|will|shall)\s+(?:slow")
    )
    assert _RULES[own_task] in _signalled(frozenset(["to"]))
    assert _RULES[own_task] not in _candidates(frozenset(["to"]))
    assert _RULES[own_task] in _candidates(frozenset(["to", "shadow"]))


def test_shares_count_lines_holding_a_word_and_the_marks() -> None:
    lines = ["The alert fired on time.", "Who broke it?", "", "Dana's change broke the build."]
    shares = json.loads(shares_text(lines, frozenset(["broke", "alert", "?", "'s", "never"])))
    # Lines in 10,000: "broke" on 2 of 4 lines, "alert", "?" and "'s" on one; "never" on none.
    assert shares == {"broke": 5000, "alert": 2500, "?": 2500, "'s": 2500}
