"""Presets of required sections and the documentation of their differences."""

from __future__ import annotations

import re

import pytest

from postmortem import Narrative
from postmortem.checks import PRESETS, SECTIONS, check, get_preset

from ._checks_support import ROOT, TODAY, complete, evolve


def _missing(incident: object, preset: str) -> list[str]:
    report = check(incident, rules=["completeness/required-section"], preset=preset, today=TODAY)  # type: ignore[arg-type]
    return [f.path for f in report]


class TestPresets:
    def test_four_presets_with_the_guide_as_default(self) -> None:
        """guide, google, pagerduty and atlassian exist; guide is the default."""
        assert set(PRESETS) == {"guide", "google", "pagerduty", "atlassian"}
        assert check(complete(), today=TODAY).preset == "guide"

    @pytest.mark.parametrize("name", sorted(PRESETS))
    def test_complete_example_satisfies_every_preset(self, name: str) -> None:
        """The complete example has every section of every preset."""
        assert _missing(complete(), name) == []

    @pytest.mark.parametrize("name", sorted(PRESETS))
    def test_each_required_section_is_reported_when_emptied(self, name: str) -> None:
        """Emptying everything reports exactly the preset's sections."""
        empty = evolve(
            complete(),
            summary="",
            authors=(),
            participants=(),
            customer_communication=(),
            detection=None,
            root_cause=type(complete().root_cause)(),
            contributing_factors=(),
            timeline=(),
            what_went_well=(),
            what_went_poorly=(),
            where_we_got_lucky=(),
            lessons_learned=(),
            narrative=Narrative(),
            impact=type(complete().impact)(),
            action_items=(),
        )
        expected = ["$.contributing_factors" if s == "trigger" else f"$.{s}" for s in get_preset(name).required]
        assert sorted(_missing(empty, name)) == sorted(expected)

    def test_google_needs_a_trigger_and_the_guide_does_not(self) -> None:
        """Google's template has a Trigger section; the guide's does not."""
        factors = tuple(f for f in complete().contributing_factors if not f.trigger)
        incident = evolve(complete(), contributing_factors=factors)
        assert _missing(incident, "google") == ["$.contributing_factors"]
        assert _missing(incident, "guide") == []

    def test_pagerduty_needs_responders_and_messaging(self) -> None:
        """PagerDuty's template lists responders and external messaging."""
        incident = evolve(complete(), participants=(), customer_communication=())
        assert _missing(incident, "pagerduty") == ["$.participants", "$.customer_communication"]
        assert _missing(incident, "atlassian") == []

    def test_unknown_preset_names_the_known_ones(self) -> None:
        """A typo in a preset lists the choices."""
        with pytest.raises(KeyError, match="guide, google, pagerduty, atlassian"):
            get_preset("googel")


class TestPresetDocs:
    def test_table_matches_the_presets(self) -> None:
        """docs/checks/presets.md has a row per section, marked under each preset requiring it."""
        text = (ROOT / "docs" / "checks" / "presets.md").read_text(encoding="utf-8")
        rows = re.findall(r"^\| `([a-z_.]+)` \|(.*)\|\s*$", text, re.M)
        assert rows
        table = {section: [cell.strip() for cell in cells.split("|")] for section, cells in rows}
        order = ["guide", "google", "pagerduty", "atlassian"]
        for section in SECTIONS:
            required_by = {name for name in order if section in get_preset(name).sections}
            if not required_by:
                continue
            assert section in table, section
            marked = {name for name, cell in zip(order, table[section], strict=False) if cell and cell != "-"}
            assert marked == required_by, section
