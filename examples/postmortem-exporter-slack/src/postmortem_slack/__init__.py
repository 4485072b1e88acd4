"""A post-mortem as a Slack Block Kit message: an example of a third-party exporter."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, ClassVar

from postmortem import presentation
from postmortem.export import Exporter, Option
from postmortem.model import Incident

__all__ = ["SlackExporter", "escape_mrkdwn"]

_SLACK_TEXT_LIMIT = 3000
# The message's top-level text (shown in notifications) is cut by Slack after 40,000 characters.
_MESSAGE_TEXT_LIMIT = 40000


def escape_mrkdwn(text: str) -> str:
    """Escape text for Slack's mrkdwn: ``&``, ``<`` and ``>`` are the control characters.

    Escaping them keeps user text from becoming links, mentions (``<!channel>``) or
    formatting that pings people.
    """
    cleaned = presentation.clean_text(text)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int = _SLACK_TEXT_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class SlackExporter(Exporter):
    """Render the headline of a post-mortem as a Slack Block Kit message.

    The message carries the title, severity, key metrics, the summary and the open action
    items; ``report_url`` adds a link to the full report.
    """

    name = "slack"
    media_type = "application/json"
    suffix = ".slack.json"
    description = "Slack Block Kit message with the headline and open action items"
    options: ClassVar[Mapping[str, Option]] = {
        "report_url": Option("report_url", str, "", "Link to the full report, shown as a button."),
        "max_action_items": Option("max_action_items", int, 5, "How many open action items to list."),
    }

    def render(self, incident: Incident) -> str:
        """Return the message as JSON text."""
        metrics = presentation.key_metrics(incident)
        # Plain text fields are not mrkdwn, but they still must not carry control characters:
        # Slack would show them as boxes, and a word with one inside would not read as the word.
        # The title leads: a long incident id must not push the title out of a clipped header.
        title = presentation.clean_text(incident.title)
        incident_id = presentation.clean_text(incident.id)
        blocks: list[dict[str, Any]] = [
            {
                "type": "header",
                "text": {"type": "plain_text", "text": _clip(title, 150)},
            },
            {
                "type": "context",
                "elements": [
                    {
                        "type": "mrkdwn",
                        "text": _clip(
                            f"{escape_mrkdwn(incident_id)} · "
                            f"*{escape_mrkdwn(presentation.severity_label(incident.severity))}*"
                            f" · {incident.status.label}"
                        ),
                    }
                ],
            },
            {
                "type": "section",
                "fields": [{"type": "mrkdwn", "text": f"*{m.label}*\n{m.value}"} for m in metrics[:4]],
            },
        ]
        if incident.summary.strip():
            blocks.append(
                {"type": "section", "text": {"type": "mrkdwn", "text": _clip(escape_mrkdwn(incident.summary))}}
            )
        open_items = [item for item in incident.action_items if not item.status.is_closed]
        if open_items:
            labels = presentation.LABELS  # "no owner yet", "no due date": every format's words
            lines = [
                f"• {escape_mrkdwn(item.description)} ({escape_mrkdwn(item.owner or labels['no_owner'])}, "
                f"{'due ' + item.due.isoformat() if item.due else labels['no_due']})"
                for item in open_items[: self.settings["max_action_items"]]
            ]
            text = "*Open action items*\n" + "\n".join(lines)
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _clip(text)}})
        if presentation.is_safe_url(self.settings["report_url"]):
            blocks.append(
                {
                    "type": "actions",
                    "elements": [
                        {
                            "type": "button",
                            "text": {"type": "plain_text", "text": "Read the post-mortem"},
                            "url": self.settings["report_url"].strip(),
                        }
                    ],
                }
            )
        message = {"text": _clip(f"Post-mortem: {title} ({incident_id})", _MESSAGE_TEXT_LIMIT), "blocks": blocks}
        return json.dumps(message, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
