"""Build the timeline of examples/api-outage-feature-flag.yaml from Slack, PagerDuty and Alertmanager exports.

Writes two files into the output folder (default ``out``):

* ``api-outage-feature-flag.imported.yaml``: the example with its hand-written timeline
  replaced by the one built from the three exports in this folder;
* ``api-outage-feature-flag.merged.yaml``: the example's hand-written timeline with the
  exports merged in (duplicates folded into the hand-written events).

and prints what each merge did and the milestone times the timeline suggests.

    python examples/timeline-demo/build_timeline.py [OUT_DIR]
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from ruamel.yaml import YAML

from postmortem import loads
from postmortem.model import Incident, TimelineEvent
from postmortem.sources import SourceProblem, get_source
from postmortem.timeline import TimelineMerge, incident_window, merge_timeline, write_timeline

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "api-outage-feature-flag.yaml"


def exports(incident: Incident, problems: list[SourceProblem]) -> list[Iterator[TimelineEvent]]:
    """The three exports, read inside the incident's window."""
    since, until = incident_window(incident)
    common = {"since": since, "until": until, "problems": problems}
    return [
        get_source("slack").read(
            HERE / "slack",
            participants=incident.participants,
            pinned_only=True,
            reaction="white_check_mark",
            workspace_url="https://example.slack.com",
            **common,
        ),
        get_source("pagerduty").read(HERE / "pagerduty_log_entries.json", **common),
        get_source("alertmanager").read(HERE / "alertmanager_webhooks.jsonl", **common),
    ]


def without_timeline(text: str) -> str:
    """The example's text with its timeline removed, comments and layout kept."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    document = yaml.load(text)
    del document["timeline"]
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def build(text: str, target: Path) -> TimelineMerge:
    """Merge the exports into the incident ``text`` and write the result to ``target``."""
    incident = loads(text, source=str(target))
    problems: list[SourceProblem] = []
    merge = merge_timeline(incident, exports(incident, problems))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    # Edits the file in place, keeping its comments; written atomically.
    write_timeline(target, merge)
    print(f"{target}: {len(merge.incident.timeline)} events ({len(merge.added)} imported, {len(merge.folded)} folded)")
    for problem in problems:
        print(f"  skipped {problem}")
    return merge


def main(out: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    imported = build(without_timeline(text), out / "api-outage-feature-flag.imported.yaml")
    print("Milestones the imported timeline suggests:")
    for suggestion in imported.suggestions:
        print(f"  {suggestion}")
    merged = build(text, out / "api-outage-feature-flag.merged.yaml")
    for kept, duplicate in merged.folded:
        print(f"  folded {duplicate.source}: {duplicate.description!r}")
        print(f"    into {kept.time.isoformat()} {kept.description!r}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
