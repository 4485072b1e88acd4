"""Cross-incident analytics: collections, response-time measures, recurrence, follow-up.

Load many post-mortems with :meth:`Collection.load`, filter them, and measure them::

    >>> from postmortem.analytics import Collection, duration_summary, generate_incidents
    >>> collection = Collection(generate_incidents(50, seed=3))
    >>> summary = duration_summary(collection, "time_to_resolve")["all"]
    >>> summary.count <= 50
    True

Everything here is re-exported from private modules; import from ``postmortem.analytics``.
"""

from __future__ import annotations

from postmortem.analytics._actions import (
    NO_OWNER,
    NO_TEAM,
    ActionCounts,
    ActionRecord,
    ActionReport,
    ActionSelection,
    action_report,
    owner_team,
    selection_heading,
)
from postmortem.analytics._charts import (
    SMALL_COUNT,
    Chart,
    bar_chart,
    column_chart,
    line_chart,
    percentile_chart,
)
from postmortem.analytics._collection import (
    INCIDENT_SUFFIXES,
    TOOL_FILES,
    TOOL_FOLDERS,
    Collection,
    FolderScan,
    LoadFailure,
    SkippedFile,
    find_incident_files,
    scan_incident_files,
)
from postmortem.analytics._frames import Frames
from postmortem.analytics._measures import (
    MEASURES,
    DetectionShare,
    DurationSummary,
    Measure,
    by_month,
    category_counts_by_month,
    detection_method_counts_by_month,
    detection_share,
    duration_summary,
    durations,
    month_of,
    nearest_rank,
    summarize,
)
from postmortem.analytics._recurrence import (
    RecurrenceGroup,
    RecurrenceLink,
    RecurrenceOptions,
    find_recurrences,
    incident_terms,
)
from postmortem.analytics._review import (
    MeasureTrend,
    RenderedReview,
    Review,
    build_review,
    render_review,
)
from postmortem.analytics._review_export import review_pdf, write_review
from postmortem.analytics._rollup import Rollup, count_once
from postmortem.analytics._synthetic import generate_incidents, write_collection

__all__ = [
    "INCIDENT_SUFFIXES",
    "MEASURES",
    "NO_OWNER",
    "NO_TEAM",
    "SMALL_COUNT",
    "TOOL_FILES",
    "TOOL_FOLDERS",
    "ActionCounts",
    "ActionRecord",
    "ActionReport",
    "ActionSelection",
    "Chart",
    "Collection",
    "DetectionShare",
    "DurationSummary",
    "FolderScan",
    "Frames",
    "LoadFailure",
    "Measure",
    "MeasureTrend",
    "RecurrenceGroup",
    "RecurrenceLink",
    "RecurrenceOptions",
    "RenderedReview",
    "Review",
    "Rollup",
    "SkippedFile",
    "action_report",
    "bar_chart",
    "build_review",
    "by_month",
    "category_counts_by_month",
    "column_chart",
    "count_once",
    "detection_method_counts_by_month",
    "detection_share",
    "duration_summary",
    "durations",
    "find_incident_files",
    "find_recurrences",
    "generate_incidents",
    "incident_terms",
    "line_chart",
    "month_of",
    "nearest_rank",
    "owner_team",
    "percentile_chart",
    "render_review",
    "review_pdf",
    "scan_incident_files",
    "selection_heading",
    "summarize",
    "write_collection",
    "write_review",
]
