"""``postmortem import`` on shapes round 13 fixed by their cause, each in a document written here.

Every document below was written for its test (none is copied from a real post-mortem); each
shows one structure the import read wrongly before: a letterhead above the title, an action or
timeline heading one level down under a section of another kind, action headings outside the
word list, times inside prose sentences, numbered thread posts in a block quote, untimed lines
in a timed list, an 8D report's D6 repeating D5, and a chat message's date.
"""

from __future__ import annotations

from postmortem.importing import ImportResult, import_text


def _import(text: str) -> ImportResult:
    return import_text(text, "markdown", name="doc")


def _mapped(result: ImportResult, heading: str) -> list[str]:
    return [mapped.target for mapped in result.mapping if mapped.heading == heading]


LETTERHEAD = """\
**Harbourline Pumps Ltd.**
Dock Road 9, Eastport

To: Site services, Millbrook Brewery
Date: 4 March 2026

# Service report: glycol pump stopped overnight, 2-3 March 2026

Dear site services team,

this report explains the stop of the glycol pump on your fermenter line.

## 1. What happened

The pump stopped at 23:10 when its inverter tripped on over-temperature.

## 2. Timeline (GMT)

| Time | Event |
|---|---|
| 2 Mar 23:10 | Inverter trips; pump stops |
| 3 Mar 05:40 | Brewer on the early shift finds tank 4 warm |
| 3 Mar 06:15 | Our engineer resets the inverter; pump runs |

## 3. Changes already made

1. The inverter cabinet has a second fan. (Done 3 March.)
2. An over-temperature alarm now rings the brewery's duty phone.
"""


class TestLetterheadAboveTheTitle:
    def test_the_heading_after_a_bold_letterhead_is_the_title_and_its_sections_are_read(self) -> None:
        """A bold sender line and an address before the title: the title is the title, not a section."""
        result = _import(LETTERHEAD)
        assert result.incident.title == "Service report: glycol pump stopped overnight, 2-3 March 2026"
        assert _mapped(result, "2. Timeline (GMT)") == ["timeline"]
        assert len(result.incident.timeline) == 3
        assert [item.description for item in result.incident.action_items] == [
            "The inverter cabinet has a second fan. (Done 3 March.)",
            "An over-temperature alarm now rings the brewery's duty phone.",
        ]

    def test_a_document_that_opens_with_prose_keeps_its_first_heading_a_section(self) -> None:
        """Only a letterhead (short lines, one in bold) moves the title: a paragraph of prose does not."""
        text = "Some notes written on 2026-01-05, before the heading, as a summary would be.\n\n# What happened\n\n## Timeline\n\n- 10:00 a\n"
        result = _import(text)
        assert _mapped(result, "What happened") != []
        assert result.incident.title != "What happened"
