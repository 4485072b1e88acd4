"""The blamelessness check reads text as written: wrapped lines, lists, code, chat logs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import postmortem
from postmortem.checks import Config, check_file
from postmortem.checks._blame import find_blame, find_blame_in_texts
from postmortem.checks._blame._reading import excluded_spans, prose_view
from postmortem.cli import main

PARAGRAPHS = [
    "At 14:02 the deploy pipeline promoted build 4411 to every region at once. The on-call engineer "
    "should have checked the canary dashboard before approving the rollout, and the reviewer never "
    "looked at the diff. Priya pushed a broken config on Friday, which is why the checkout service "
    "started failing for customers in Europe.",
    "Nobody bothered to read the runbook during the first twenty minutes of the incident. The new hire "
    "was careless with the production credentials and deleted the sessions table by hand during peak "
    "traffic. Going forward, engineers must be more careful when they run migrations.",
    "The alert went to an unused mailbox, so nobody was paged until a customer wrote in. The health "
    "check failed to respond because the cache had been evicted, and the scheduler ignored the taint "
    "on the new nodes.",
]


def _found(text: str) -> list[tuple[str, str, str]]:
    """Each hit's rule, words (on one line) and suggestion."""
    return sorted((h.rule, " ".join(text[h.start : h.end].split()), h.suggestion) for h in find_blame(text))


class TestWrapped:
    """A paragraph is one paragraph however its lines are wrapped."""

    @pytest.mark.parametrize("paragraph", PARAGRAPHS, ids=["blameful", "more-blameful", "blameless"])
    def test_wrapped_at_40_60_and_80_columns_gives_the_same_findings(self, paragraph: str) -> None:
        unwrapped = _found(paragraph)
        for width in (40, 60, 80):
            assert _found(textwrap.fill(paragraph, width)) == unwrapped, width
        assert bool(unwrapped) == (paragraph is not PARAGRAPHS[2])

    def test_indented_block_scalar_lines_read_alike(self) -> None:
        text = textwrap.fill(PARAGRAPHS[0], 50, subsequent_indent="  ")
        assert _found(text) == _found(PARAGRAPHS[0])

    def test_subject_and_verb_on_two_lines(self) -> None:
        """The case from the issue: "The developer" at the end of one line, "forgot" on the next."""
        text = "Checkout failed after the release. The developer\nforgot to run the migration first.\n"
        assert [(h.rule, text[h.start : h.end]) for h in find_blame(text)] == [("blame/character", "forgot")]

    def test_wrapped_yaml_gives_the_same_findings_and_exact_places(self, tmp_path: Path) -> None:
        """Through check_file: the same findings at 40, 60 and 80 columns, each pointing at its words."""
        seen = []
        for width in (40, 60, 80):
            body = textwrap.indent(textwrap.fill(" ".join(PARAGRAPHS[:2]), width), "  ")
            path = tmp_path / f"incident-{width}.yaml"
            path.write_text(_INCIDENT.format(body=body), encoding="utf-8")
            report = check_file(path, Config(disable=("completeness/*",)))
            lines = path.read_text(encoding="utf-8").splitlines()
            for f in report:
                assert f.line is not None
                assert f.column is not None
                assert f.end_line is not None
                assert f.end_column is not None
                first = lines[f.line - 1][f.column - 1 :]
                last = lines[f.end_line - 1][: f.end_column - 1]
                words = f.phrase.split()
                assert first.startswith(words[0])
                assert last.endswith(words[-1])
            seen.append(sorted((f.rule, " ".join(f.phrase.split())) for f in report))
        assert seen[0] == seen[1] == seen[2]
        assert len(seen[0]) >= 6


_INCIDENT = """\
id: INC-2026-0300
title: Checkout failures in Europe
severity: SEV2
status: draft
milestones:
  started: 2026-05-02T14:02:00Z
summary: |
{body}
"""


class TestWhereSentencesEnd:
    """A blank line, a list item, a heading or a timeline entry ends a sentence."""

    @pytest.mark.parametrize(
        "text",
        [
            "We paged the database team at once and the\n\nengineer forgot nothing.",
            "Steps taken by the responders and the\n- engineer on call forgot nothing.",
            "Steps taken by the responders and the\n# Engineer notes\nforgot nothing here.",
            "Steps taken by the responders and the\n14:05 engineer forgot nothing.",
        ],
    )
    def test_a_new_block_is_not_joined(self, text: str) -> None:
        view = prose_view(text)
        assert view.count("\n") == text.count("\n")

    def test_soft_breaks_become_spaces(self) -> None:
        text = "The deploy went out at noon and the\nengineer on call was paged at once\nby the alert."
        assert prose_view(text) == text.replace("\n", " ")

    def test_text_that_is_not_wrapped_keeps_its_lines(self) -> None:
        """One item per line, none stopping mid-sentence before a lower-case line."""
        text = "Alerts were noisy\nThe runbook was out of date\nDashboards were slow"
        assert prose_view(text) == text

    def test_a_title_above_a_paragraph_stays_a_title(self) -> None:
        text = "Root cause\nDave ran the script against the wrong cluster and the\nreplica was lost."
        view = prose_view(text)
        assert view.startswith("Root cause\nDave ran")
        assert "and the replica" in view

    @given(st.text(alphabet=st.sampled_from(list("ab .\n-#>:`1")), max_size=200))
    def test_the_view_keeps_every_offset(self, text: str) -> None:
        view = prose_view(text)
        assert len(view) == len(text)
        assert all(v == t or (t == "\n" and v == " ") or v == " " for v, t in zip(view, text, strict=True))


class TestNotTheAuthorsWords:
    """Code, chat logs, quotes and URLs are quoted material: never judged."""

    @pytest.mark.parametrize(
        "text",
        [
            "We copied the thread into the timeline:\n14:02 <dave> the engineer should have checked it\n"
            "14:03 <mia> I forgot to drain the node",
            "Pasted from the channel:\n[14:02] @dave: the engineer should have checked it",
            "From the chat log:\n14:02 dave: I forgot to drain the node first",
            "The ticket said:\n> the on-call was careless and ignored the alert",
            "We ran:\n```\n# the engineer should have checked this\nkubectl drain node-7\n```\nand the pods moved.",
            "The flag `operator_error` and the field `should_have_paged` were both false.",
            "See https://wiki.example.com/the-engineer-should-have-checked for the page.",
        ],
    )
    def test_quoted_material_has_no_findings(self, text: str) -> None:
        assert find_blame(text) == []

    def test_the_authors_own_sentence_next_to_a_chat_log_is_judged(self) -> None:
        text = "14:02 <dave> restarting the pods\nThe on-call engineer forgot to drain the node first."
        assert [h.rule for h in find_blame(text)] == ["blame/character"]

    def test_a_timeline_entry_is_the_authors_words(self) -> None:
        """A time then a sentence (no handle) is a timeline entry, not a chat log."""
        assert find_blame("15:05 Dave deletes the prod namespace by mistake.")

    def test_a_timeline_description_opening_with_a_handle_is_blanked_whole(self) -> None:
        """Its time is in the event's own field: the description is the pasted chat message."""
        text = "<dave> who pushed this garbage?\nMarco is careless"
        assert prose_view(text, timeline_entry=True) == " " * 31 + "\n" + " " * 17
        assert prose_view("Marco is careless", timeline_entry=True) == "Marco is careless"
        timeline, section = find_blame_in_texts([text, text], timeline_entries=[True, False])
        assert timeline == []
        assert [text[h.start : h.end] for h in section] == ["careless"]

    def test_a_chat_line_is_quoted_in_every_prose_field(self) -> None:
        """A chat line with its time is quoted wherever it is pasted, and one without its time
        only in a timeline event's description, whose time is in the event's own field: in any
        other field a handle with no time is the author's retelling, as labelled."""
        chat = "<dave> Marco is careless, as always"
        data = {
            "id": "INC-1",
            "title": "Checkout errors",
            "summary": f"From the channel:\n14:06 {chat}",
            "root_cause": {"process": f"- 14:06 {chat}"},
            "contributing_factors": [{"description": f"[14:06] {chat}"}],
            "milestones": {"started": {"at": "2026-05-21T14:00:00+00:00"}},
            "timeline": [{"time": {"at": "2026-05-21T14:06:00+00:00"}, "description": chat}],
            "sections": [{"title": "Chat", "body": f"14:06 {chat}"}, {"title": "Retold", "body": chat}],
        }
        report = postmortem.check(postmortem.loads(json.dumps(data), "json"))
        assert {f.path for f in report.findings if f.rule.startswith("blame/")} == {"$.sections[1].body"}

    def test_excluded_spans(self) -> None:
        text = "Run `make check` then see https://example.com/a."
        assert [text[a:b] for a, b in excluded_spans(text)] == ["`make check`", "https://example.com/a"]


def test_standard_input_reads_wrapped_text() -> None:
    """`postmortem check -` reads the same wrapped paragraph as the one-line one."""
    wrapped = textwrap.fill(PARAGRAPHS[1], 40)
    result = CliRunner().invoke(main, ["check", "--format", "json", "-"], input=wrapped, catch_exceptions=False)
    findings = json.loads(result.stdout)["reports"][0]["findings"]
    assert sorted(" ".join(f["phrase"].split()) for f in findings) == sorted(p for _, p, _ in _found(PARAGRAPHS[1]))
    assert result.exit_code == 1


class TestBlameWithoutAPerson:
    """Wording that judges even when no person is named, and its system look-alikes."""

    @pytest.mark.parametrize(
        "text",
        [
            "The slow query should have been spotted during code review.",
            "A change this large should never have been approved on a Friday.",
            "In hindsight, turning off the rate limiter was plainly wrong.",
            "Rolling out to every region at once was an avoidable mistake.",
            "The disk alert was ignored for two days.",
            "The failover checklist was not followed.",
            "The storage team is to blame for the outage.",
            "Responsibility for the outage lies squarely with whoever approved the change.",
            "The on-call was warned twice and carried on regardless.",
            "Despite repeated warnings, Omar merged the change.",
            "The on-call got confused and misread the latency graph.",
            "Revoke production access from the engineer involved.",
        ],
    )
    def test_flagged(self, text: str) -> None:
        assert find_blame(text), text

    @pytest.mark.parametrize(
        "text",
        [
            "The regression should have been caught by the integration tests.",
            "The page should have been escalated automatically.",
            "The form showed a clear error message.",
            "The header was ignored.",
            "The taint was ignored by the scheduler.",
            "The alert was dismissed as noise because it had fired hourly for a month.",
            "Nobody is to blame for this.",
            "The parser misread the length field.",
            "Revoke the leaked token's deploy permissions.",
            "A naive retry loop hammered the API.",
            "We use aggressive eviction on the cache.",
            "The NIC dropped packets under load.",
            "The cron job mistakenly reported success.",
        ],
    )
    def test_not_flagged(self, text: str) -> None:
        assert find_blame(text) == [], text
