"""Which rules' patterns can look past a sentence's edges: the rules tried on every sentence of a line."""

from __future__ import annotations

import re

import pytest

from postmortem.checks._blame._rule import _lookahead_body, _reads_past_sentence
from postmortem.checks._blame._rule_keys import _RULES


def _unescaping_every_pattern(source: str) -> bool:
    """The reading before round 18, which unescaped every pattern before looking for anchors."""
    unescaped = re.sub(r"\\.", "", source).replace("[^", "[")
    if "^" in unescaped or "$" in unescaped or "(?<" in source or any(a in source for a in ("\\A", "\\Z", "\\B")):
        return True
    start = source.find("(?!")
    while start >= 0:
        end, reads_edge = _lookahead_body(source, start + 3)
        if reads_edge:
            return True
        start = source.find("(?!", end)
    return False


@pytest.mark.parametrize(
    ("source", "edge"),
    [
        (r"\bblamed\b", False),
        (r"^the on-call\b", True),
        (r"\bsigned off$", True),
        (r"\bcost us \$\d+", False),  # an escaped dollar is a character, not the line's end
        (r"\bx\^2\b", False),
        (r"[^.]+ forgot\b", False),  # a negated class is no anchor
        (r"[^^]careless\b", True),  # a caret inside a class reads as an anchor: tried on every sentence, no harm
        (r"(?<=: )lazy\b", True),
        (r"\Acareless\b", True),
        (r"\bsloppy(?!\.)", True),  # can read the full stop that ends a sentence
        (r"\bsloppy(?!\s+work)", False),
    ],
)
def test_a_pattern_reads_past_a_sentence_where_it_has_anchors_or_looks_around(source: str, edge: bool) -> None:
    assert _reads_past_sentence(source) is edge
    assert _unescaping_every_pattern(source) is edge


def test_every_rule_reads_as_it_did_when_every_pattern_was_unescaped() -> None:
    assert [_reads_past_sentence(rule.source) for rule in _RULES] == [
        _unescaping_every_pattern(rule.source) for rule in _RULES
    ]
    # Both kinds are among the rules: the comparison above is not of one answer.
    assert {rule.edge for rule in _RULES} == {True, False}
