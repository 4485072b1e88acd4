"""The contract every exporter passes: ours, and yours.

Subclass :class:`ExporterContract` in your exporter's tests, set :attr:`ExporterContract.exporter_name`
and override :meth:`ExporterContract.extract_text` (and, for a structured format,
:meth:`ExporterContract.check_output`)::

    from postmortem.testing import ExporterContract

    class TestSlackExporter(ExporterContract):
        exporter_name = "slack"

        def extract_text(self, output):
            return json.loads(output)["text"]

pytest then runs every ``test_*`` method below against your exporter. Requires pytest and
Hypothesis; importing ``postmortem`` does not load this module.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, ClassVar

import attrs

try:
    import pytest
    from hypothesis import HealthCheck, given, settings
except ModuleNotFoundError as exc:  # an exporter's test environment without the test tools
    raise ModuleNotFoundError(
        "postmortem.testing runs under pytest and draws incidents with Hypothesis: pip install 'postmortem[testing]' "
        f"(no module named {exc.name!r})",
        name=exc.name,
    ) from exc

from postmortem import model, presentation
from postmortem._pdf_reading import pdf_page_texts, pdf_text
from postmortem.errors import ExporterError, PostmortemError
from postmortem.export import Exporter, get_exporter
from postmortem.strategies import hostile_text, incidents

__all__ = [
    "HOSTILE_SETTINGS",
    "SECTION_MARKERS",
    "THOROUGH_VARIABLE",
    "ExporterContract",
    "cut_down_incident",
    "examples",
    "load_hypothesis_profile",
    "normalise_text",
    "once_per_run",
    "pdf_page_texts",
    "pdf_text",
    "require_tool",
    "sample_incident",
    "solid_png",
    "thorough",
    "thorough_only",
]

THOROUGH_VARIABLE = "POSTMORTEM_THOROUGH"
"""The environment variable that asks for the thorough test run (``POSTMORTEM_THOROUGH=1``)."""


def thorough() -> bool:
    """Whether this is the thorough test run: :data:`THOROUGH_VARIABLE` is set to ``1``.

    The everyday run (``nox -s tests``) draws fewer Hypothesis examples and skips the tests
    decorated with :data:`thorough_only`; the thorough run (``nox -s tests_thorough``) draws
    every example and runs every test.
    """
    return os.environ.get(THOROUGH_VARIABLE) == "1"


thorough_only = pytest.mark.skipif(
    not thorough(), reason=f"thorough tier: nox -s tests_thorough ({THOROUGH_VARIABLE}=1) runs it"
)
"""Decorate a test that only the thorough run runs (a long render with an everyday form beside it)."""


def examples(*, quick: int, full: int) -> int:
    """How many examples a property test draws: ``full`` in the thorough run, ``quick`` otherwise.

    Use it in a test's Hypothesis settings, ``@settings(max_examples=examples(quick=10, full=40))``,
    so that the everyday run stays quick and CI's thorough run draws the full count.

    Args:
        quick: The examples of the everyday run (the ones that find most regressions).
        full: The examples of the thorough run.
    """
    return full if thorough() else quick


def load_hypothesis_profile() -> str:
    """Register the suite's Hypothesis profiles and load the one for this run; return its name.

    ``ci`` (when the ``CI`` environment variable is set) runs each property test on a fixed set
    of examples, so that a red run is a regression in the code and not a new draw; ``explore``
    (elsewhere) keeps drawing new examples and finds new cases. ``HYPOTHESIS_PROFILE`` names one
    explicitly. Both print the blob that reproduces a failure, and neither has Hypothesis'
    per-example deadline: speed is measured in ``benchmarks/``, never asserted in tests, and a
    deadline of 200 ms fails good examples on a loaded machine.

    Call it from every test folder's ``conftest.py``: the root one, and each exporter package's,
    which pytest runs on its own (``pytest exporters/postmortem-exporter-pdf/tests`` reads that
    package's configuration and never the root ``conftest.py``).
    """
    settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
    settings.register_profile("explore", print_blob=True, deadline=None)
    name = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "explore")
    settings.load_profile(name)
    return name


def once_per_run(factory: pytest.TempPathFactory, name: str, make: Callable[[], bytes]) -> bytes:
    """``make()``'s bytes, made once per test run and read by every pytest-xdist worker.

    For a document that many tests only read (a PDF of an example takes one to two seconds of
    CPU to render): the first process that asks for ``name`` makes it into the run's temporary
    folder (the parent of a worker's own, removed with the run's other folders) and the other
    waits for it and reads the file. A later run never reads it, so every run tests the code it
    runs. A lock file makes a second worker wait for the first one's render instead of making
    it again; where ``fcntl`` is missing (Windows) both may make it, and the atomic rename keeps
    the file whole.

    Args:
        factory: pytest's ``tmp_path_factory``.
        name: The document's name in the run, the same in every test that shares it.
        make: Makes the document.
    """
    try:  # locks the documents shared between pytest-xdist workers
        import fcntl  # noqa: PLC0415  (POSIX only)
    except ImportError:  # pragma: no cover - Windows
        fcntl = None  # type: ignore[assignment]
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder = root / "shared-renders"
    folder.mkdir(exist_ok=True)
    path = folder / name
    with (folder / f"{name}.lock").open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return path.read_bytes()
        data = make()
        partial = path.with_name(f"{name}.{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)
        return data


SECTION_MARKERS: dict[str, str] = {
    "title": "Checkout outage marker TITLE7",
    "summary": "Summary marker SUMMARY7",
    "impact": "Impact marker IMPACT7",
    "customer_communication": "Status page marker COMMS7",
    "detection": "Detection marker DETECT7",
    "root_cause": "Root cause marker ROOTCAUSE7",
    "narrative": "Narrative marker NARRATIVE7",
    "timeline": "Timeline marker TIMELINE7",
    "contributing_factors": "Factor marker FACTOR7",
    "what_went_well": "Went well marker WELL7",
    "what_went_poorly": "Went poorly marker POORLY7",
    "where_we_got_lucky": "Lucky marker LUCKY7",
    "lessons_learned": "Lesson marker LESSON7",
    "action_items": "Action marker ACTION7",
    "related": "Related marker RELATED7",
    "sections": "Free-form marker SECTION7",
    "participants": "Participant marker PERSON7",
    "links": "Link marker LINK7",
}
"""A distinctive string placed in each section of :func:`sample_incident`."""


def sample_incident(*, events: int = 6) -> model.Incident:
    """A complete incident with every section filled and :data:`SECTION_MARKERS` in each.

    Args:
        events: How many timeline events (use 1,000 for a long-report test).
    """
    start = datetime(2026, 5, 4, 8, 12, tzinfo=timezone(timedelta(hours=2)))
    markers = SECTION_MARKERS
    timeline = [
        model.TimelineEvent(
            start + timedelta(minutes=3 + index * (240 / max(events, 1))),
            f"{markers['timeline']} event {index + 1}: error rate alert evaluated",
            kind=list(model.EventKind)[index % len(model.EventKind)],
            source="pagerduty",
            actor="on-call engineer",
            link="https://status.example.com/incidents/42" if index % 3 == 0 else None,
        )
        for index in range(events)
    ]
    return model.Incident(
        id="INC-2026-0042",
        title=markers["title"],
        severity=model.DEFAULT_SEVERITY_SCALE.get("SEV2"),
        milestones=model.Milestones(
            started=start,
            detected=start + timedelta(minutes=4),
            acknowledged=start + timedelta(minutes=9),
            mitigated=start + timedelta(minutes=52),
            resolved=start + timedelta(hours=4, minutes=10),
        ),
        status=model.WriteUpStatus.IN_REVIEW,
        summary=f"{markers['summary']}: checkout requests failed for 48 minutes.",
        authors=("Priya Raman",),
        reviewers=("Jonas Berg",),
        participants=(
            model.Participant(
                markers["participants"],
                "incident commander",
                "@pm7",
                "Payments",
                {"confluence": "5b10ac8d82e05b22cc7d4ef5"},
            ),
            model.Participant("Priya Raman", "on-call", "@priya", "Platform"),
        ),
        services=("checkout-api", "payments"),
        tags=("feature-flag",),
        links=(model.Link("https://grafana.example.com/d/checkout", markers["links"]),),
        related=(
            model.RelatedIncident(
                "INC-2026-0040", model.Relation.PARENT, "https://wiki.example.com/pm/INC-2026-0040", markers["related"]
            ),
        ),
        impact=model.Impact(
            summary=f"{markers['impact']}: customers could not complete purchases.",
            users_affected=12400,
            share_affected=0.3,
            metrics=(model.ImpactMetric("HTTP 500 rate", 30.0, "%"),),
        ),
        customer_communication=(
            model.CustomerCommunication(
                model.CommunicationChannel.STATUS_PAGE,
                start + timedelta(minutes=15),
                f"{markers['customer_communication']}: investigating checkout errors",
                "https://status.example.com/incidents/42",
            ),
        ),
        detection=model.Detection(
            model.DetectionMethod.MONITOR,
            "checkout error-rate monitor",
            start + timedelta(minutes=4),
            markers["detection"],
        ),
        root_cause=model.RootCause(
            technical=f"{markers['root_cause']}: the flag defaulted to on before its migration ran.",
            process="Flag changes had no pre-deploy checklist.",
        ),
        contributing_factors=(
            model.ContributingFactor(
                "A flag default changed in production.", model.FactorCategory.TOOLING, trigger=True
            ),
            model.ContributingFactor(
                f"{markers['contributing_factors']}: no staging test", model.FactorCategory.PROCESS
            ),
        ),
        what_went_well=(markers["what_went_well"],),
        what_went_poorly=(markers["what_went_poorly"],),
        where_we_got_lucky=(markers["where_we_got_lucky"],),
        lessons_learned=(markers["lessons_learned"],),
        narrative=model.Narrative(
            user_impact=f"{markers['narrative']}: purchases failed.\n\nA second paragraph.",
            detection="The monitor paged the on-call engineer.",
            responder_beliefs="Responders first suspected the payment provider.",
            hypotheses=(
                model.Hypothesis("Payment provider outage", model.HypothesisOutcome.RULED_OUT, "Provider status green"),
                model.Hypothesis("Flag default", model.HypothesisOutcome.CONFIRMED, "Errors began at the flag change"),
            ),
            resolution="Turning the flag off stopped the errors.",
            aftermath="Flags now require a migration check.",
        ),
        timeline=tuple(timeline),
        action_items=(
            model.ActionItem(
                "AI-1",
                f"{markers['action_items']}: add a CI check that fails when a flag needs an unapplied migration",
                owner="Priya Raman",
                due=date(2026, 6, 1),
                status=model.ActionStatus.IN_PROGRESS,
                kind=model.ActionKind.CI_CHECK,
                priority=model.Priority.HIGH,
                risk_reduction="Stops the same class of change before deploy.",
                tracker_key="OPS-1234",
                tracker_url="https://jira.example.com/browse/OPS-1234",
            ),
            model.ActionItem(
                "AI-2",
                "Document flag ownership",
                owner="Jonas Berg",
                due=date(2026, 5, 20),
                status=model.ActionStatus.DONE,
                kind=model.ActionKind.DOCUMENTATION,
                completed=date(2026, 5, 18),
                verification="Reviewed in the runbook audit",
            ),
        ),
        sections=(model.Section("A note to customers", f"{markers['sections']}: we are sorry.\n\n- Orders: retried."),),
        timezone="Europe/Berlin",
    )


# What cut_down_incident always keeps: the title block every format opens with, the summary,
# and how the incident's text and severity are read.
_ALWAYS_KEPT = ("id", "title", "severity", "status", "milestones", "timezone", "summary", "severity_scale", "markup")


def cut_down_incident(incident: model.Incident, *keep: str, **fields: Any) -> model.Incident:
    """``incident`` cut down to its title block and summary, and the parts a test is about.

    For a test whose subject is one part of a report (the action items' overdue marks, what an
    option of an exporter does): the sections it leaves out are most of a report's length and
    of the time to render it (the PDF of the sample cut down to one event, one item of what went
    well and one action item takes 0.3 s of CPU against the whole sample's 0.8 s).

    Args:
        incident: The incident to cut down.
        *keep: Names of other fields of :class:`~postmortem.model.Incident` kept as they are
            (``"action_items"``, ``"timeline"``).
        **fields: Other fields set to the value given (``action_items=incident.action_items[:1]``).

    Returns:
        An incident with the title block of ``incident`` (its identifier, title, severity,
        status, times and time zone), its summary, its severity scale and prose markup (how
        its text and severity are read), the fields named in ``keep`` and those given in
        ``fields``; every other field has its default.

    Raises:
        ValueError: A name in ``keep`` or ``fields`` is not a field of an incident.

    Example:
        >>> from postmortem.testing import cut_down_incident, sample_incident
        >>> sample = sample_incident()
        >>> short = cut_down_incident(sample, "timeline", action_items=sample.action_items[:1])
        >>> short.title == sample.title, len(short.timeline), len(short.action_items), short.what_went_well
        (True, 6, 1, ())
    """
    names = attrs.fields_dict(model.Incident)
    unknown = sorted({*keep, *fields} - names.keys())
    if unknown:
        raise ValueError(f"not fields of an incident: {', '.join(unknown)}")
    kept = {name: getattr(incident, name) for name in (*_ALWAYS_KEPT, *keep)}
    return model.Incident(**{**kept, **fields})


def require_tool(name: str, *, install: str = "") -> str:
    """The path of an external program a test needs (``pdftotext``, ``soffice``).

    The test is skipped when the program is missing, and fails instead when the environment
    sets ``POSTMORTEM_REQUIRE_TOOLS=1`` (as CI does), so that a missing tool cannot pass a
    run unnoticed.

    Args:
        name: The program.
        install: How to install it, added to the message (``apt-get install poppler-utils``).
    """
    path = shutil.which(name)
    if path is None:
        hint = f"; {install}" if install else ""
        if os.environ.get("POSTMORTEM_REQUIRE_TOOLS") == "1":
            pytest.fail(f"{name} is required (POSTMORTEM_REQUIRE_TOOLS=1) but not installed{hint}")
        pytest.skip(f"{name} is not installed{hint}")
    return path


def solid_png(width: int, height: int, colour: tuple[int, int, int] = (29, 78, 216)) -> bytes:
    """A real PNG of one colour, written by hand (no imaging library needed), for image tests."""
    rows = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def normalise_text(text: str) -> str:
    """Fold text for containment checks: NFC, whitespace runs to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


HOSTILE_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
"""The Hypothesis settings of the contract's hostile-text tests, 25 incidents and no deadline.

An exporter whose renders are slow runs fewer with the same strategies, by setting
:attr:`ExporterContract.hypothesis_settings` to ``settings(HOSTILE_SETTINGS, max_examples=6)``.
"""


_SAMPLE_RENDERS: dict[type[ExporterContract], str | bytes] = {}
"""The sample incident's document per contract class (:meth:`ExporterContract.rendered_sample`)."""


class ExporterContract:
    """Tests every exporter must pass. Subclass it in a pytest test module.

    Attributes:
        exporter_name: The name the exporter registers under.
        options: Options passed to the exporter in every test.
        deterministic: Set false only for formats that embed the render time and cannot
            be made reproducible; prefer overriding :meth:`normalise`.
        shows_timeline: Set false for summary formats (a chat message) that do not list
            every timeline event.
        shows_chart: Set true when the document shows the timeline chart
            (drawn by the core for every format), and override :meth:`check_chart` to find it.
        hypothesis_settings: The Hypothesis settings of the hostile-text tests, this
            exporter's own: :data:`HOSTILE_SETTINGS` (25 incidents) by default; a slow
            format (PDF) runs fewer, ``settings(HOSTILE_SETTINGS, max_examples=6)``.
        leaves_out: The sections (keys of :data:`SECTION_MARKERS`) the format cannot hold,
            each with the reason a reader would be given, such as ``{"action_items": "a
            status-page notice is for customers; follow-ups stay internal"}``. Their markers
            are not looked for, and the tests of what a left-out section shows (action items:
            :meth:`test_missing_owner_and_due_date_are_said`) are skipped with the reason.
            The title cannot be left out; an unknown key or an empty reason fails.
    """

    exporter_name: ClassVar[str]
    options: ClassVar[dict[str, Any]] = {}
    deterministic: ClassVar[bool] = True
    shows_timeline: ClassVar[bool] = True
    shows_chart: ClassVar[bool] = False
    hypothesis_settings: ClassVar[settings] = HOSTILE_SETTINGS
    leaves_out: ClassVar[Mapping[str, str]] = {}

    # ----------------------------------------------------------------- hooks to override

    def make_exporter(self, **options: Any) -> Exporter:
        """Create the exporter under test."""
        return get_exporter(self.exporter_name)(**{**self.options, **options})

    def extract_text(self, output: str | bytes) -> str:
        """Return the text a reader sees in ``output``; override for binary or marked-up formats."""
        if isinstance(output, bytes):
            return output.decode("utf-8")
        return output

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        """Assert that ``output`` is valid for the format (override to parse it).

        Raises:
            AssertionError: when it is not.
        """
        assert output

    def normalise(self, output: str | bytes) -> str | bytes:
        """Remove what legitimately differs between two renders (a timestamp, a random id)."""
        return output

    def check_chart(self, document: bytes, files: dict[str, bytes], incident: model.Incident) -> None:
        """Assert that a document written to a file shows the timeline chart.

        The default finds the chart's SVG (its label ``Timeline of <id>``) in the document or
        a file beside it; override to check where the format puts it and its alternative text.

        Args:
            document: The bytes of the written document.
            files: The files written beside it, by name.
            incident: The incident rendered.

        Raises:
            AssertionError: when the chart is missing.
        """
        label = f"Timeline of {incident.id}".encode()
        assert any(label in blob for blob in (document, *files.values())), "no timeline chart"

    def expected_texts(self, incident: model.Incident) -> Iterable[str]:
        """Strings that must appear in the extracted text of ``incident``'s output.

        Every section's marker but those of :attr:`leaves_out`.
        """
        return [marker for key, marker in SECTION_MARKERS.items() if key not in self.leaves_out]

    def skip_if_left_out(self, section: str) -> None:
        """Skip the calling test, with the stated reason, when the format leaves ``section`` out."""
        if section in self.leaves_out:
            pytest.skip(f"the format leaves out {section}: {self.leaves_out[section]}")

    def writing_incident(self) -> model.Incident:
        """The incident of the tests of writing (to a path, atomically; to a folder; to a stream).

        What is written there does not depend on the document's length: the sample incident by
        default; a format whose renders are slow may return a shorter one with a timeline.
        """
        return sample_incident()

    def rendered_sample(self) -> str | bytes:
        """:func:`sample_incident` rendered by :meth:`make_exporter`, once per contract class and process.

        The tests that only read the sample's document (what it declares, every section, the
        first of the two renders compared) share it: two renders of the sample fewer per
        exporter and run. The second render of the comparison is made later, by another
        exporter object, so a format that stamps the time of rendering must honour
        ``SOURCE_DATE_EPOCH`` (:func:`postmortem.presentation.rendering_time`) to compare equal.
        """
        key = type(self)
        if key not in _SAMPLE_RENDERS:
            _SAMPLE_RENDERS[key] = self.make_exporter().render(sample_incident())
        return _SAMPLE_RENDERS[key]

    # ----------------------------------------------------------------- the contract

    def test_registered_under_its_name(self) -> None:
        """The exporter is found through the entry point under its own name."""
        cls = get_exporter(self.exporter_name)
        assert cls.name == self.exporter_name, f"{self.exporter_name!r} gives a class named {cls.name!r}"

    def test_declares_what_it_makes(self) -> None:
        """Media type, suffix and output kind are declared and match what render returns."""
        exporter = self.make_exporter()
        assert "/" in exporter.media_type, f"media_type {exporter.media_type!r} is not a type/subtype"
        assert exporter.suffix.startswith("."), f"suffix {exporter.suffix!r} does not start with a dot"
        assert len(exporter.suffix) > 1, "suffix is only a dot"
        output = self.rendered_sample()
        expected = bytes if exporter.binary else str
        assert isinstance(output, expected), (
            f"render returned {type(output).__name__}; binary = {exporter.binary} says {expected.__name__}"
        )

    def test_left_out_sections_are_known_and_explained(self) -> None:
        """Each section :attr:`leaves_out` names is a section other than the title, with a reason."""
        unknown = sorted(set(self.leaves_out) - set(SECTION_MARKERS))
        assert unknown == [], f"leaves_out names no section: {unknown}; sections: {sorted(SECTION_MARKERS)}"
        assert "title" not in self.leaves_out, "every format shows the incident's title"
        unexplained = sorted(key for key, reason in self.leaves_out.items() if not str(reason).strip())
        assert unexplained == [], f"leaves_out gives no reason for {unexplained}"

    def test_every_section_appears(self) -> None:
        """Each section's content of a complete incident is in the output."""
        incident = sample_incident()
        output = self.rendered_sample()
        self.check_output(output, incident)
        text = normalise_text(self.extract_text(output))
        missing = [marker for marker in self.expected_texts(incident) if normalise_text(marker) not in text]
        assert missing == [], f"the output (as extract_text reads it) lacks {missing}"

    def test_same_input_same_output(self) -> None:
        """Rendering twice gives the same document."""
        if not self.deterministic:
            pytest.skip("the format embeds the render time")
        # The shared render was made earlier, by another exporter object.
        first = self.normalise(self.rendered_sample())
        second = self.normalise(self.make_exporter().render(sample_incident()))
        assert first == second, "two renders of one incident differ (normalise what may differ, or set deterministic)"

    def test_long_timeline(self) -> None:
        """An incident with 1,000 timeline events renders, with the last event present."""
        incident = sample_incident(events=1000)
        output = self.make_exporter().render(incident)
        self.check_output(output, incident)
        if self.shows_timeline and "timeline" not in self.leaves_out:
            assert "event 1000:" in normalise_text(self.extract_text(output)), (
                "the 1,000th timeline event is not in the output (set shows_timeline = False if the format has none)"
            )

    def test_missing_owner_and_due_date_are_said(self) -> None:
        """An action item with no owner or due date says so in words, not with an empty cell or a dash.

        Imported post-mortems often name neither: the reader sees "no owner yet" and "no due
        date" (:data:`postmortem.presentation.LABELS`), muted where the format has a style for it.
        """
        self.skip_if_left_out("action_items")
        sample = sample_incident()
        # Neither closed (the second is done in the sample): a summary format may list open items only.
        named = sample.action_items[0]
        unnamed = attrs.evolve(
            sample.action_items[1], owner=None, due=None, status=model.ActionStatus.OPEN, completed=None
        )
        incident = cut_down_incident(sample, action_items=(named, unnamed))
        output = self.make_exporter().render(incident)
        self.check_output(output, incident)
        text = normalise_text(self.extract_text(output))
        labels = presentation.LABELS
        expected = [labels["no_owner"], labels["no_due"], named.owner or ""]
        missing = [words for words in expected if normalise_text(words) not in text]
        assert missing == [], f"an action item's missing owner or due date is not said; the output lacks {missing}"

    def test_unknown_option_is_rejected(self) -> None:
        """An option the exporter does not declare is a clear ExporterError naming it."""
        with pytest.raises(ExporterError, match="no_such_option"):
            self.make_exporter(no_such_option=True)

    def test_write_to_path_is_atomic(self, tmp_path: Path) -> None:
        """Writing replaces the file whole; a failed render leaves the old file untouched."""
        exporter = self.make_exporter()
        incident = self.writing_incident()
        target = tmp_path / f"report{exporter.suffix}"
        written = exporter.write(incident, target)
        assert written == target, f"write returned {written!r}, not the path it was given"
        document, files = exporter.render_with_files(incident, target.name)
        expected = document.encode("utf-8") if isinstance(document, str) else document
        assert target.read_bytes() == expected or not self.deterministic, "the file written is not what render gives"
        beside = sorted(file.filename for file in files)

        def fail(_incident: model.Incident) -> str:
            raise ExporterError("render failed on purpose")

        def fail_with_files(_incident: model.Incident, _filename: str) -> tuple[str, tuple[()]]:
            raise ExporterError("render failed on purpose")

        exporter.render = fail  # type: ignore[method-assign,assignment]
        exporter.render_with_files = fail_with_files  # type: ignore[method-assign,assignment]
        before = target.read_bytes()
        with pytest.raises(ExporterError):
            exporter.write(incident, target)
        assert target.read_bytes() == before, "a failed render changed the file already there"
        left = sorted(p.name for p in tmp_path.iterdir())
        assert left == sorted([target.name, *beside]), f"a failed render left {left} in the folder"

    def test_timeline_chart_goes_with_the_document(self, tmp_path: Path) -> None:
        """A document written to a file shows the timeline chart, and whatever file it refers to is beside it."""
        if not self.shows_chart:
            pytest.skip("the format shows no timeline chart")
        exporter = self.make_exporter()
        incident = sample_incident()
        written = exporter.write(incident, tmp_path / f"report{exporter.suffix}")
        assert written is not None
        files = {path.name: path.read_bytes() for path in tmp_path.iterdir() if path != written}
        self.check_chart(written.read_bytes(), files, incident)

    def test_write_to_directory_names_file_after_incident(self, tmp_path: Path) -> None:
        """A directory destination gets a file named after the incident id."""
        exporter = self.make_exporter()
        incident = self.writing_incident()
        written = exporter.write(incident, tmp_path)
        assert written is not None
        assert written.name == f"{incident.id}{exporter.suffix}", (
            f"wrote {written.name}, not the incident id and suffix"
        )

    def test_write_to_stream(self) -> None:
        """Writing to a binary stream gives the rendered bytes."""
        exporter = self.make_exporter()
        incident = self.writing_incident()
        stream = io.BytesIO()
        assert exporter.write(incident, stream) is None
        if self.deterministic:
            assert stream.getvalue() == exporter.render_bytes(incident), "the stream did not get the rendered bytes"
        else:
            assert stream.getvalue()

    def test_hostile_text(self) -> None:
        """Hostile incident text gives valid output or a clear library error, never a crash."""

        # Built here so that each exporter's test runs with its own hypothesis_settings.
        @self.hypothesis_settings
        @given(incident=incidents(hostile_text()))
        def renders_or_refuses(incident: model.Incident) -> None:
            try:
                output = self.make_exporter().render(incident)
            except PostmortemError:
                return
            self.check_output(output, incident)
            text = self.extract_text(output)
            assert isinstance(text, str)

        renders_or_refuses()

    def test_visible_text_survives(self) -> None:
        """The incident title, with hostile characters, is shown as text (cleaned), not lost."""

        @self.hypothesis_settings
        @given(incident=incidents(hostile_text(allow_surrogates=False)))
        def title_is_shown(incident: model.Incident) -> None:
            output = self.make_exporter().render(incident)
            words = [
                word
                for word in normalise_text(presentation.clean_text(incident.title)).split(" ")
                if word.isalnum() and word.isascii()
            ]
            text = normalise_text(self.extract_text(output))
            for word in words[:5]:
                assert word in text, f"the title's word {word!r} is not in the output"

        title_is_shown()
