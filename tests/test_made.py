"""Frozen attrs instances made from values that are already theirs (``postmortem._made``), and their users."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

from postmortem import _records, load
from postmortem._made import maker
from postmortem.checks import Finding, FindingSeverity, SectionScore, check
from postmortem.checks._engine import _placed, _section_score

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


def _values(instance: object) -> tuple[object, ...]:
    return tuple(getattr(instance, field.name) for field in attrs.fields(type(instance)))


def test_a_finding_made_is_the_finding_init_makes() -> None:
    """Same fields, equal, same hash, still frozen; a new function on each call."""
    made = Finding("r/x", FindingSeverity.WARNING, "$.a[1]", "m", "s", (2, 5), 3, "f.yaml", "ph", 4, 5, 6)
    again = maker(Finding)(*_values(made))
    assert type(again) is Finding
    assert again == made
    assert hash(again) == hash(made)
    assert _values(again) == _values(made)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        again.line = 9  # type: ignore[misc]
    assert maker(Finding) is not maker(Finding)


def test_every_model_object_of_the_examples_made_again_is_equal() -> None:
    """Each attrs object of the example incidents, made again from its own values, equals it."""
    seen = 0
    for path in EXAMPLES:
        stack: list[object] = [load(path)]
        while stack:
            value = stack.pop()
            if attrs.has(type(value)):
                assert maker(type(value))(*_values(value)) == value
                stack.extend(_values(value))
                seen += 1
            elif isinstance(value, (list, tuple)):
                stack.extend(value)
    assert seen > 100


def test_placed_is_evolve() -> None:
    """``_placed`` gives what ``attrs.evolve`` gives, for each field it may change."""
    finding = Finding("r/x", "error", "$.title", "m", span=(0, 3), line=2, source="a.yaml", phrase="abc")
    assert _placed(finding) == finding
    assert _placed(finding, severity=FindingSeverity.INFO) == attrs.evolve(finding, severity="info")
    changed = _placed(finding, line=7, source=None, column=3, end_line=8, end_column=1)
    assert changed == attrs.evolve(finding, line=7, source=None, column=3, end_line=8, end_column=1)
    assert _placed(changed, line=None).line is None


def test_section_scores_are_shared_and_equal() -> None:
    """One object for each section and score, equal to one made anew; a score's type is kept."""
    assert _section_score("impact", 0.5) == SectionScore("impact", 0.5)
    assert _section_score("impact", 0.5) is _section_score("impact", 0.5)
    assert type(_section_score("impact", 1).score) is int
    assert type(_section_score("impact", 1.0).score) is float
    report = check(load(EXAMPLES[0]))
    assert report.sections == tuple(SectionScore(s.section, s.score) for s in report.sections)


def test_records_read_back_through_the_makers() -> None:
    """A report's findings read back from the compact records are Findings, equal to the ones sent."""
    report = check(load(EXAMPLES[0]))
    again = _records.loads(_records.dumps([report]))[0]
    assert again == report
    assert all(type(finding) is Finding for finding in again.findings)
    made = getattr(_records, f"_make_{_records._NUMBERS[Finding]}")  # the name pickle writes and reads
    assert (made.__module__, made.__qualname__) == (_records.__name__, f"_make_{_records._NUMBERS[Finding]}")
