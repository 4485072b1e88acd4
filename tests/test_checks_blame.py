"""The blamelessness rules: the detector applied to every prose field of an incident."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pytest

from postmortem import ActionItem, Participant
from postmortem.checks import Config, check
from postmortem.checks._engine import value_at

from ._checks_support import TODAY, complete, evolve

BLAME_RULES = [
    "blame/named-person",
    "blame/human-error",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/character",
    "blame/person-remedy",
]


def _blame(incident: object, **config: object) -> list[tuple[str, str, str]]:
    report = check(incident, Config(**config), rules=BLAME_RULES, today=TODAY)  # type: ignore[arg-type]
    result = []
    for finding in report:
        text = value_at(incident, finding.path)  # type: ignore[arg-type]
        assert isinstance(text, str)
        assert finding.span is not None
        result.append((finding.rule, finding.path, text[finding.span[0] : finding.span[1]]))
    return result


class TestPathsAndSpans:
    @pytest.mark.parametrize(
        ("field", "text", "rule"),
        [
            (
                "what_went_poorly",
                "The on-call should have rolled back sooner.",
                "blame/counterfactual",
            ),
            ("what_went_poorly", "Who approved this change?", "blame/culprit-question"),
            ("lessons_learned", "The root cause was human error.", "blame/human-error"),
            ("what_went_poorly", "The engineer was careless with the config.", "blame/character"),
        ],
    )
    def test_hit_in_a_list_field(self, field: str, text: str, rule: str) -> None:
        """A blameful sentence in a list field is reported at its index with a span inside it."""
        incident = evolve(complete(), **{field: (*getattr(complete(), field), text)})
        index = len(getattr(complete(), field))
        hits = [h for h in _blame(incident) if h[1] == f"$.{field}[{index}]"]
        assert [h[0] for h in hits] == [rule]
        assert hits[0][2]
        assert hits[0][2] in text

    def test_person_remedy_in_an_action_item(self) -> None:
        """'Be more careful' as an action item is a remedy aimed at a person."""
        item = ActionItem("AI-99", "Be more careful when changing configs.", owner="Payments", risk_reduction="x")
        incident = evolve(complete(), action_items=(*complete().action_items, item))
        paths = [(rule, path) for rule, path, _ in _blame(incident)]
        index = len(complete().action_items)
        assert ("blame/person-remedy", f"$.action_items[{index}].description") in paths

    def test_the_same_words_about_systems_are_not_flagged(self) -> None:
        """Near miss: 'should have' about an alert, git blame, a person in a neutral role."""
        texts = (
            "The alert should have fired at 80% but its threshold was 95%.",
            "We used git blame to find the commit that added the flag.",
            "Alice paged the on-call at 14:06.",
        )
        incident = evolve(
            complete(),
            what_went_poorly=texts,
            participants=(*complete().participants, Participant("Alice", role="support")),
        )
        assert [h for h in _blame(incident) if h[1].startswith("$.what_went_poorly")] == []


class TestPeopleAndAllowedWords:
    def test_participants_are_known_people(self) -> None:
        """A participant's name as the subject of a failure is a named person."""
        text = "Zorblat pushed the config without a review and broke checkout."
        base = evolve(complete(), what_went_poorly=(text,))
        known = evolve(base, participants=(*complete().participants, Participant("Zorblat", role="engineer")))
        hits = {h[0] for h in _blame(known) if h[1] == "$.what_went_poorly[0]"}
        assert "blame/named-person" in hits

    def test_context_people_join_incident_and_configuration(self) -> None:
        """Rules see participants, handles, authors, owners and configured names as people."""
        from postmortem.checks import CheckContext, rule

        seen: list[frozenset[str]] = []

        @rule("acme/people")
        def people(incident: object, context: CheckContext) -> list[object]:
            seen.append(context.people)
            return []

        check(complete(), Config(people=("Zorblat",)), rules=[people], today=TODAY)
        assert {"Zorblat", "Priya Raman", "@priya", "Sofia Marchetti"} <= seen[0]

    def test_configured_people_are_known_too(self) -> None:
        """Names from the configuration count like participants."""
        base = evolve(
            complete(),
            what_went_poorly=("Zorblat pushed the config without a review and broke checkout.",),
        )
        hits = {h[0] for h in _blame(base, people=("Zorblat",)) if h[1] == "$.what_went_poorly[0]"}
        assert "blame/named-person" in hits

    def test_allowed_words_reach_the_detector(self) -> None:
        """A phrase the configuration allows is not flagged."""
        text = "The on-call should have rolled back sooner."
        base = evolve(complete(), what_went_poorly=(text,))
        assert any(h[1] == "$.what_went_poorly[0]" for h in _blame(base))
        assert not any(h[1] == "$.what_went_poorly[0]" for h in _blame(base, allowed_words=("should have",)))


class TestOneScan:
    def test_six_rules_share_one_scan(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The detector reads the incident's prose once, in one call, however many blame rules run."""
        from postmortem.checks import _blame

        calls: list[Sequence[str]] = []
        real = _blame.find_blame_in_texts

        def counting(texts: Sequence[str], **kwargs: object) -> list[list[_blame.BlameHit]]:
            calls.append(texts)
            return real(texts, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(_blame, "find_blame_in_texts", counting)
        check(complete(), rules=BLAME_RULES, today=TODAY)
        fields = [value_at(complete(), p) for p in _prose_paths()]
        assert len(calls) == 1
        assert list(calls[0]) == fields


def _prose_paths() -> list[str]:
    from postmortem.checks._text import prose_fields

    return [path for path, _ in prose_fields(complete())]


def test_rule_severity_is_error_by_default() -> None:
    """Blame findings are errors, so that a CI step fails on them; configuration can lower them."""
    incident = evolve(complete(), what_went_poorly=("Who approved this change?",))
    report = check(incident, rules=BLAME_RULES, today=TODAY)
    assert {f.severity.value for f in report} == {"error"}
    assert report.fails()
    raised = check(incident, Config(severity={"blame/*": "warning"}), rules=BLAME_RULES, today=TODAY)
    assert {f.severity.value for f in raised} == {"warning"}
    assert attrs.has(type(raised))


@pytest.mark.parametrize("field", ["what_went_well", "where_we_got_lucky"])
def test_what_went_well_is_not_an_account_of_the_cause(field: str) -> None:
    """Round 8: ``blame/named-person`` (a person as the cause of the failure) does not read the items
    of what went well and where we got lucky; the other rules do, and the same sentence in what
    went poorly is still a finding."""
    chose = "Tavita chose not to restart the consumer and kept the logs quiet."
    careless = "The engineer was careless with the config."
    incident = evolve(complete(), **{field: (chose, careless)})
    assert [(h[0], h[1]) for h in _blame(incident)] == [("blame/character", f"$.{field}[1]")]
    poorly = evolve(complete(), what_went_poorly=(chose,))
    assert ("blame/named-person", "$.what_went_poorly[0]") in [(h[0], h[1]) for h in _blame(poorly)]
