"""The example Slack exporter passes the same contract as the built-in exporters."""

from __future__ import annotations

import json

import attrs
from hypothesis import settings
from postmortem_slack import SlackExporter, escape_mrkdwn

from postmortem import model
from postmortem.testing import HOSTILE_SETTINGS, ExporterContract, examples, sample_incident


def _all_text(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(_all_text(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_all_text(v) for v in value)
    return str(value)


class TestSlackContract(ExporterContract):
    """The shared exporter contract."""

    exporter_name = "slack"
    shows_timeline = False  # a chat message carries the headline, not the timeline
    # 8 hostile incidents per property in the everyday run, 25 in the thorough one
    # (POSTMORTEM_THOROUGH=1), as the built-in exporters draw.
    hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=examples(quick=8, full=25))

    def extract_text(self, output: str | bytes) -> str:
        return _all_text(json.loads(output))

    def check_output(self, output: str | bytes, incident: model.Incident) -> None:
        message = json.loads(output)
        assert message["blocks"][0]["type"] == "header"
        for block in message["blocks"]:
            text = block.get("text", {}).get("text", "")
            assert len(text) <= 3000

    def expected_texts(self, incident: model.Incident) -> list[str]:
        # A chat message carries the headline only, not every section.
        return [incident.title, incident.summary.split(":")[0]]


class TestSlackMessage:
    """What the message says."""

    def test_mentions_cannot_be_injected(self) -> None:
        """``<!channel>`` in incident text is escaped and cannot ping a channel."""
        assert escape_mrkdwn("<!channel> & <@U123>") == "&lt;!channel&gt; &amp; &lt;@U123&gt;"

    def test_open_action_items_listed(self) -> None:
        """Open items appear with owner and due date; done ones do not."""
        message = json.loads(SlackExporter().render(sample_incident()))
        text = _all_text(message)
        assert "Priya Raman, due 2026-06-01" in text
        assert "Document flag ownership" not in text

    def test_report_button_only_for_safe_urls(self) -> None:
        """A javascript: URL never becomes a button."""
        unsafe = json.loads(SlackExporter(report_url="javascript:alert(1)").render(sample_incident()))
        safe = json.loads(SlackExporter(report_url="https://wiki.example.com/x").render(sample_incident()))
        assert all(block["type"] != "actions" for block in unsafe["blocks"])
        assert safe["blocks"][-1]["elements"][0]["url"] == "https://wiki.example.com/x"

    def test_control_characters_in_the_title_are_cleaned(self) -> None:
        """A control character inside a word of the title is dropped, as every exporter shows text.

        The message used to carry the raw title, so ``alpha\\x00beta`` reached Slack as is and
        the contract's "visible text survives" test failed whenever Hypothesis put a control
        character inside a word.
        """
        incident = attrs.evolve(sample_incident(), title="Checkout\x00down for \x1fEU users\x7f")
        message = json.loads(SlackExporter().render(incident))
        texts = [message["text"], message["blocks"][0]["text"]["text"]]
        for text in texts:
            assert "Checkoutdown for EU users" in text
            assert not any(ord(char) < 32 or ord(char) == 127 for char in text)

    def test_a_long_id_does_not_push_the_title_out(self) -> None:
        """The header leads with the title; the id goes to the context line.

        With ``"{id}: {title}"`` clipped to Slack's 150-character header, a 200-character id
        left no room for the title, and the contract's "visible text survives" test failed.
        """
        incident = attrs.evolve(sample_incident(), id="x" * 200, title="Checkout down")
        message = json.loads(SlackExporter().render(incident))
        assert message["blocks"][0]["text"]["text"] == "Checkout down"
        assert message["text"].startswith("Post-mortem: Checkout down (")
        assert "x" * 200 in message["blocks"][1]["elements"][0]["text"]
