"""Blameless, complete, well-presented incident post-mortems from typed data.

The public API is re-exported here; everything in modules whose name starts with an
underscore is private.
"""

from __future__ import annotations

import sys as _sys
from typing import TYPE_CHECKING, Any

# First of all, in ``python -m postmortem`` (where Python imports this package before the
# command's launcher runs): Ctrl-C while the rest is imported ends the process with one line
# and status 130, as it does for the ``postmortem`` script. sys.argv[0] is "-m" only then.
if _sys.argv[:1] == ["-m"]:
    from _postmortem_launch import catch_ctrl_c_of_python_m

    catch_ctrl_c_of_python_m()

# First, before any class of the package is made: attrs' and cattrs' code for them, kept between
# runs (importing the module sets it up: see keep_generated_code).
from postmortem import _kept_code as _kept_code
from postmortem.checks import Config, Finding, FindingSeverity, Report, Rule, check, check_text
from postmortem.errors import (
    ExporterError,
    ExporterNotFoundError,
    FieldError,
    IncidentFormatError,
    NotAnIncidentError,
    OutputError,
    PostmortemError,
    Problem,
)
from postmortem.export import (
    Attachment,
    Exporter,
    ExporterInfo,
    Option,
    Publisher,
    PublishResult,
    exporter_info,
    exporter_names,
    get_exporter,
    publish,
    register_exporter,
    unregister_exporter,
)
from postmortem.model import (
    DEFAULT_SEVERITY_SCALE,
    ActionItem,
    ActionKind,
    ActionStatus,
    CommunicationChannel,
    ContributingFactor,
    CustomerCommunication,
    Detection,
    DetectionMethod,
    EventKind,
    FactorCategory,
    Hypothesis,
    HypothesisOutcome,
    Impact,
    ImpactMetric,
    Incident,
    Link,
    Milestones,
    Narrative,
    Participant,
    Priority,
    ProseMarkup,
    RootCause,
    Section,
    Severity,
    SeverityScale,
    Suppression,
    TimelineEvent,
    WriteUpStatus,
)
from postmortem.serialize import dump, dumps, from_dict, load, loads, to_dict

if TYPE_CHECKING:
    from postmortem._batch import ExportOutcome, export_many
    from postmortem.checks import check_files
    from postmortem.comparison import IncidentDiff, diff
    from postmortem.export import export
    from postmortem.importing import ImportResult, import_document, import_text
    from postmortem.redaction import RedactionPolicy, RedactionResult, find_private, redact
else:
    # ``postmortem.export`` is the module, callable as the function of the same name: both
    # ``postmortem.export(incident, "html")`` and ``import postmortem.export as e`` work.
    from postmortem import export

if TYPE_CHECKING:
    __version__: str
    """The installed distribution's version, from its metadata (``pyproject.toml`` is the one place it is written)."""

__all__ = [
    "DEFAULT_SEVERITY_SCALE",
    "ActionItem",
    "ActionKind",
    "ActionStatus",
    "Attachment",
    "CommunicationChannel",
    "Config",
    "ContributingFactor",
    "CustomerCommunication",
    "Detection",
    "DetectionMethod",
    "EventKind",
    "ExportOutcome",
    "Exporter",
    "ExporterError",
    "ExporterInfo",
    "ExporterNotFoundError",
    "FactorCategory",
    "FieldError",
    "Finding",
    "FindingSeverity",
    "Hypothesis",
    "HypothesisOutcome",
    "Impact",
    "ImpactMetric",
    "ImportResult",
    "Incident",
    "IncidentDiff",
    "IncidentFormatError",
    "Link",
    "Milestones",
    "Narrative",
    "NotAnIncidentError",
    "Option",
    "OutputError",
    "Participant",
    "PostmortemError",
    "Priority",
    "Problem",
    "ProseMarkup",
    "PublishResult",
    "Publisher",
    "RedactionPolicy",
    "RedactionResult",
    "Report",
    "RootCause",
    "Rule",
    "Section",
    "Severity",
    "SeverityScale",
    "Suppression",
    "TimelineEvent",
    "WriteUpStatus",
    "__version__",
    "check",
    "check_files",
    "check_text",
    "diff",
    "dump",
    "dumps",
    "export",
    "export_many",
    "exporter_info",
    "exporter_names",
    "find_private",
    "from_dict",
    "get_exporter",
    "import_document",
    "import_text",
    "load",
    "loads",
    "publish",
    "redact",
    "register_exporter",
    "to_dict",
    "unregister_exporter",
]

# The importer and redaction compile their patterns when first used, not on `import postmortem`.
_LAZY = {
    "ImportResult": "postmortem.importing",
    "import_document": "postmortem.importing",
    "import_text": "postmortem.importing",
    "RedactionPolicy": "postmortem.redaction",
    "RedactionResult": "postmortem.redaction",
    "find_private": "postmortem.redaction",
    "redact": "postmortem.redaction",
    "IncidentDiff": "postmortem.comparison",
    "diff": "postmortem.comparison",
    # Worker processes: multiprocessing is imported when export_many is first used.
    "ExportOutcome": "postmortem._batch",
    "export_many": "postmortem._batch",
    "check_files": "postmortem.checks",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("postmortem")
    except PackageNotFoundError:  # a source tree on sys.path, not installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # Read from the distribution's metadata when first asked: the scan of the installed
        # distributions costs tens of milliseconds, which `import postmortem` does not pay.
        found = _version()
        globals()["__version__"] = found
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'postmortem' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    return getattr(importlib.import_module(module), name)
