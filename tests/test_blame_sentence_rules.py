"""A sentence's rules read off the rules its line kept (round 19) are the ones the look-up gives.

The scan splits a line whose candidate rules a search of the whole line narrowed, and gives each
sentence those of the line's rules its own key words allow. It reads them off each rule's clauses
(``rules_holding``) instead of looking up every rule for the sentence's key words, a set the
memory of candidate rules mostly has not seen: the same rules, in the same order.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postmortem.checks._blame._rule_keys import _ALL_KEYS, _CLAUSES, _RULES, _candidate_rules, rules_holding

# Words of the clauses themselves (so that clauses hold), other key words and the marks.
_CLAUSE_WORDS = sorted({word for clauses in _CLAUSES for clause in clauses for group in clause for word in group})
_WORDS = st.frozensets(st.sampled_from(_CLAUSE_WORDS) | st.sampled_from(sorted(_ALL_KEYS)), max_size=25)


class TestRulesHolding:
    @settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
    @given(_WORDS, st.lists(st.integers(0, len(_RULES) - 1), unique=True, max_size=12))
    def test_equals_the_look_up_narrowed_to_the_rules(self, words: frozenset[str], picked: list[int]) -> None:
        rules = [_RULES[index] for index in sorted(picked)]
        assert rules_holding(words, rules) == [rule for rule in _candidate_rules(words) if rule in rules]

    @settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
    @given(_WORDS)
    def test_every_rule_gives_the_look_up(self, words: frozenset[str]) -> None:
        assert tuple(rules_holding(words, _RULES)) == _candidate_rules(words)

    def test_each_rules_own_clauses(self) -> None:
        """A word of each group of each clause of each rule: the look-up's answer for that rule; no words, no rule."""
        for rule, clauses in zip(_RULES, _CLAUSES, strict=True):
            for clause in clauses:
                words = frozenset(min(group) for group in clause)
                assert rules_holding(words, [rule]) == [found for found in _candidate_rules(words) if found is rule]
        assert rules_holding(frozenset(), _RULES) == []


class TestPieceRules:
    def test_few_rules_and_many_give_the_look_up(self) -> None:
        """A sentence's rules from its line's rules: read off the clauses (few) or looked up (many), the same."""
        from postmortem.checks._blame._lines import _FEW_RULES, _piece_rules
        from postmortem.checks._blame._rule_keys import _NOT_WORD_TO_SPACE, _key_words

        texts = [
            "Dana pushed the change without review, and the site went down after that.",
            "The engineer should have checked the config before the deploy.",
            "Who approved this? Nobody on the team's rota was careful.",
        ]
        for text in texts:
            low = text.lower()
            words = low.translate(_NOT_WORD_TO_SPACE)
            expected = _candidate_rules(_key_words(low))
            assert expected
            for count in (1, _FEW_RULES, len(_RULES)):
                rules = _RULES[:count] if count == len(_RULES) else expected[:count]
                found = _piece_rules(text, low, words, (0, len(text)), [], rules)
                assert found == [rule for rule in expected if rule in rules]
