"""Related incidents named in prose: picked up when the wording is clear, the sentence kept.

The documents under ``tests/data/importing/prose-related`` were written for this project in
the styles post-mortems take (a blog post, an SRE template, a Confluence page, a GitHub
issue, a terse wiki page, a document with traps: tickets, negations, vague wording).
``dev`` tuned the cue list; ``holdout`` was written before that tuning and scored once
(2026-12-05): 6 of the 8 related incidents a reader finds, none that a reader would not, the
right number of unnamed mentions in 2 of 4 documents, and 55 of 56 sentences recalled. The
misses, left as they are rather than tuned away: "see also our write-up of [the January cache
outage](...)" (the words between the cue and the link are not read, so it is reported as an
unnamed mention instead), "much like the one behind outage PAY-2025-0031" (the same), "see
also the outage on 2 June" (the date after "outage" is not read, so it is not reported), and
one sentence whose Jira macro the scorer's own reading of the page does not see. This test
keeps those figures from getting worse.
"""

from __future__ import annotations

import pytest

import postmortem
from postmortem import model
from postmortem.importing import import_document, import_text
from postmortem.importing._prose_related import Snippet, mentions

from ._import_scoring import DATA, expected, markdown_units, recall, storage_units

ROOT = DATA / "prose-related"
DEV = expected("prose-related/dev")
HOLDOUT = expected("prose-related/holdout")


def found(text: str, own_id: str = "INC-2100", tickets: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """``(id, relation)`` of each incident one sentence names."""
    return [
        (m.related.id, m.related.relation.value)
        for m in mentions([Snippet(text, 1)], own_id, tickets)
        if m.related is not None
    ]


def related_of(folder: str, name: str) -> tuple[list[str], int, postmortem.Incident, str]:
    result = import_document(ROOT / folder / name)
    got = [f"{r.id}:{r.relation.value}" for r in result.incident.related]
    unnamed = sum(1 for note in result.missing if note.startswith("related:"))
    return got, unnamed, result.incident, (ROOT / folder / name).read_text("utf-8")


class TestWording:
    """Which sentences name a related incident, and as what."""

    @pytest.mark.parametrize(
        ("sentence", "expected_related"),
        [
            ("This is a repeat of INC-2041.", [("INC-2041", "similar")]),
            (
                "It looks a lot like INC-1999 and INC-2003 from last year.",
                [("INC-1999", "similar"), ("INC-2003", "similar")],
            ),
            (
                "Same root cause as [February's timeouts](https://status.example.com/incidents/INC-4410).",
                [("INC-4410", "similar")],
            ),
            ("The cleanup led to a second incident, INC-2050, two days later.", [("INC-2050", "follow_up")]),
            ("INC-2050 was opened as a follow-up for the receipts.", [("INC-2050", "follow_up")]),
            ("This incident is a follow-up to INC-2041: the hotfix expired.", [("INC-2041", "similar")]),
            ("A duplicate of INC-3001: support filed it twice.", [("INC-3001", "duplicate")]),
            ("Part of the larger outage OPS-88 that hit every region.", [("OPS-88", "parent")]),
            ("Similar to INC-2026-0042, the checkout outage.", [("INC-2026-0042", "similar")]),
        ],
    )
    def test_clear_wording_names_an_incident(self, sentence: str, expected_related: list[tuple[str, str]]) -> None:
        """A cue next to an id or a link gives the relation the words say."""
        assert found(sentence) == expected_related

    @pytest.mark.parametrize(
        "sentence",
        [
            "This was not a repeat of INC-2041, despite the alerts.",
            "Unlike INC-2041, this one paged us in time.",
            "It is not related to INC-1900, the slowdown that morning.",
            "The fix is tracked in OPS-77; see OPS-78 for the dashboard.",
            "Compare with last quarter's figures in RPT-4.",
            "Similar to the bug in OPS-123.",
            "The runbook entry INC-2041 mentions is out of date.",
        ],
    )
    def test_denied_vague_or_ticket_wording_names_nothing(self, sentence: str) -> None:
        """A denied relation, a weak cue before a ticket, or an id without a cue: nothing."""
        assert found(sentence) == []

    def test_action_item_tickets_and_the_own_id_are_not_incidents(self) -> None:
        """A key the document's action items track, or the incident's own id, is never related."""
        assert found("Similar to OPS-311 from the admin portal.", tickets=("OPS-311",)) == []
        assert found("This is a repeat of INC-2100.", own_id="INC-2100") == []

    def test_an_unnamed_incident_is_reported_not_invented(self) -> None:
        """ "see also the 3 March outage": no related entry, a mention without one."""
        (mention,) = mentions([Snippet("See also the 3 March outage, when it first happened.", 4)], "INC-1")
        assert (mention.related, mention.line) == (None, 4)
        assert mention.sentence == "See also the 3 March outage, when it first happened"


class TestImport:
    """postmortem import lists them in related, says where each came from, and keeps the sentence."""

    def test_the_sentence_stays_in_the_prose(self) -> None:
        """The related entry is added and the summary still says it; the report names the line."""
        text = "# Login failures\n\nDate: 2026-07-08\n\n## Summary\n\nThis is a repeat of INC-2041: keys were cached.\n"
        result = import_text(text)
        assert [(r.id, r.relation) for r in result.incident.related] == [("INC-2041", model.Relation.SIMILAR)]
        assert result.incident.summary == "This is a repeat of INC-2041: keys were cached."
        assert "related: INC-2041 (similar) from 'This is a repeat of INC-2041: keys were cached' (line 7)" in (
            result.inferred
        )

    def test_a_related_section_wins_over_the_prose(self) -> None:
        """An id the related-incidents section lists keeps that section's relation and title."""
        text = (
            "# Login failures\n\nDate: 2026-07-08\n\n## Summary\n\nThis is a repeat of INC-2041.\n\n"
            "## Related incidents\n\n- Parent: INC-2041 July outages\n"
        )
        (related,) = import_text(text).incident.related
        assert (related.id, related.relation, related.title) == ("INC-2041", model.Relation.PARENT, "July outages")

    def test_an_unnamed_incident_is_listed_as_missing(self) -> None:
        """The import report tells the author to add it."""
        text = "# Queue backlog\n\nDate: 2026-04-22\n\nSee also last week's database incident.\n"
        result = import_text(text)
        assert result.incident.related == ()
        assert any("last week's database incident" in note and "line 5" in note for note in result.missing)


@pytest.mark.parametrize("name", sorted(DEV))
class TestDevelopmentDocuments:
    def test_related_as_a_reader_reads_them(self, name: str) -> None:
        """The ids and relations a reader takes from the prose, in order, and the unnamed mentions."""
        got, unnamed, _incident, _text = related_of("dev", name)
        assert (got, unnamed) == (DEV[name]["related"], DEV[name]["unnamed"])

    def test_nothing_is_lost(self, name: str) -> None:
        """Every sentence of the document, those naming incidents included, is in the Markdown export."""
        result = import_document(ROOT / "dev" / name)
        text = (ROOT / "dev" / name).read_text("utf-8")
        units = storage_units(text) if name.endswith(".xml") else markdown_units(text)
        score = recall(units, str(postmortem.export(result.incident, "markdown")), result)
        assert score.misses == []


class TestHeldOutDocuments:
    def test_scored_once(self) -> None:
        """The held-out documents, as scored once (see the module docstring for the figures)."""
        right = total = extra = unnamed_right = recalled = sentences = 0
        for name, expectation in HOLDOUT.items():
            got, unnamed, incident, text = related_of("holdout", name)
            want = list(expectation["related"])  # type: ignore[call-overload]
            right += sum(1 for entry in got if entry in want)
            extra += sum(1 for entry in got if entry not in want)
            total += len(want)
            unnamed_right += unnamed == expectation["unnamed"]
            result = import_document(ROOT / "holdout" / name)
            units = storage_units(text) if name.endswith(".xml") else markdown_units(text)
            score = recall(units, str(postmortem.export(incident, "markdown")), result)
            recalled, sentences = recalled + score.recalled, sentences + score.total
        assert (right, total, extra) == (6, 8, 0)
        assert unnamed_right == 2
        assert (recalled, sentences) == (55, 56)
