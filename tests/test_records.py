"""Incidents handed from worker processes as compact records read back equal, and as fast to use."""

from __future__ import annotations

import pickle
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

from postmortem import _records, load, model
from postmortem.analytics import Collection, generate_incidents, write_collection
from postmortem.strategies import incidents
from postmortem.testing import examples

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


@pytest.mark.slow
@given(incidents())
@settings(
    max_examples=examples(quick=15, full=60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
def test_round_trip(incident: model.Incident) -> None:
    """Any incident the strategies make reads back equal, with the same types throughout."""
    again = _records.loads(_records.dumps([incident]))[0]
    assert again == incident
    assert type(again) is model.Incident
    assert again.timeline == incident.timeline


def test_the_examples_and_their_enum_members() -> None:
    """The example post-mortems read back equal; enum members are the members themselves."""
    written = [load(path) for path in EXAMPLES]
    again = _records.loads(_records.dumps(written))
    assert again == written
    for before, after in zip(written, again, strict=True):
        assert after.markup is before.markup
        assert [event.kind for event in after.timeline] == [event.kind for event in before.timeline]
        assert all(a.kind is b.kind for a, b in zip(after.timeline, before.timeline, strict=True))


def test_every_model_class_is_covered() -> None:
    """Each attrs class and enum of the model has its compact form (a new one is picked up)."""
    classes = {value for value in vars(model).values() if isinstance(value, type) and attrs.has(value)}
    # The model package namespace holds only its own classes (defined in its private modules).
    assert len(classes) >= 20
    assert classes <= set(_records._CLASSES)
    assert model.EventKind in _records._ENUMS
    assert model.TimelineEvent in _records._CLASSES


def test_smaller_than_pickle() -> None:
    """The records are smaller than pickle's own form of the same incidents."""
    written = generate_incidents(50, seed=2)
    assert len(_records.dumps(written)) < len(pickle.dumps(written, protocol=pickle.HIGHEST_PROTOCOL))


def test_collection_with_processes_equals_serial(tmp_path: Path) -> None:
    """Loading with worker processes (records) gives the incidents one process gives."""
    write_collection(tmp_path, generate_incidents(40, seed=9))
    serial = Collection.load(tmp_path, parallelism="serial")
    parallel = Collection.load(tmp_path, parallelism="processes", workers=2)
    assert list(parallel) == list(serial)
    assert len(parallel) == 40


def test_check_reports_of_the_examples() -> None:
    """Reports of ``postmortem check`` (findings with spans, lines, suppressed ones) read back equal."""
    from postmortem.checks import FindingSeverity, Report, check_file

    reports = [attrs.evolve(check_file(path), incident=None) for path in EXAMPLES]
    assert any(finding.span is not None for report in reports for finding in report.findings)
    again = _records.loads(_records.dumps(reports))
    assert again == reports
    for before, after in zip(reports, again, strict=True):
        assert type(after) is Report
        assert (after.source, after.rules, after.sections, after.incident) == (
            before.source,
            before.rules,
            before.sections,
            None,
        )
        assert all(isinstance(finding.severity, FindingSeverity) for finding in after.findings)
        assert [finding.severity for finding in after.findings] == [finding.severity for finding in before.findings]
        assert [finding.where for finding in after.findings] == [finding.where for finding in before.findings]
