"""The helpers ``postmortem.testing`` gives every test suite, ours and an exporter author's."""

from __future__ import annotations

import re
import subprocess
import sys

import attrs
import pytest
from hypothesis import Phase, settings

import postmortem
from postmortem import model
from postmortem.exporters.markdown import MarkdownExporter
from postmortem.testing import HOSTILE_SETTINGS, SECTION_MARKERS, ExporterContract, cut_down_incident, sample_incident

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

# What every cut-down incident keeps from the whole one.
TITLE_BLOCK = {"id", "title", "severity", "status", "milestones", "timezone", "summary", "severity_scale", "markup"}


def _bare(incident: model.Incident) -> model.Incident:
    """An incident made of ``incident``'s title block alone: every other field has its default."""
    return model.Incident(**{name: getattr(incident, name) for name in TITLE_BLOCK})


class TestCutDownIncident:
    """A cut-down incident: the title block, the summary and the parts a test is about."""

    def test_keeps_the_title_block_and_the_parts_named(self) -> None:
        """The fields named are the whole incident's, the fields given are as given, and every
        other field has its default."""
        sample = sample_incident()
        cut = cut_down_incident(sample, "timeline", action_items=sample.action_items[:1])
        bare = _bare(sample)
        for field in attrs.fields(model.Incident):
            if field.name in TITLE_BLOCK | {"timeline"}:
                expected = getattr(sample, field.name)
            elif field.name == "action_items":
                expected = sample.action_items[:1]
            else:
                expected = getattr(bare, field.name)
            assert expected == getattr(cut, field.name), field.name

    def test_the_sample_fills_every_field_the_title_block_leaves_out(self) -> None:
        """So the test above shows each of them cut (all but suppressions, which the sample has none of)."""
        sample = sample_incident()
        bare = _bare(sample)
        same = {f.name for f in attrs.fields(model.Incident) if getattr(sample, f.name) == getattr(bare, f.name)}
        assert TITLE_BLOCK | {"suppressions"} == same

    def test_a_report_shows_only_what_was_kept(self) -> None:
        """Exported, the cut-down incident shows its title, summary and the kept sections' markers,
        and no other section's."""
        cut = cut_down_incident(sample_incident(), "what_went_well", "action_items")
        text = str(postmortem.export(cut, "markdown"))
        shown = {name for name, marker in SECTION_MARKERS.items() if marker in text}
        assert {"title", "summary", "what_went_well", "action_items"} == shown

    def test_a_name_that_is_not_a_field_is_an_error(self) -> None:
        """A misspelt field fails loudly, named, instead of being ignored."""
        with pytest.raises(ValueError, match=r"^not fields of an incident: actions, timelines$"):
            cut_down_incident(sample_incident(), "timelines", actions=())


class _HeadlineOnly(ExporterContract):
    """The Markdown exporter read as if its reader saw the first heading alone (not collected)."""

    exporter_name = "markdown"

    def extract_text(self, output: str | bytes) -> str:
        text = output.decode("utf-8") if isinstance(output, bytes) else output
        return next(line for line in text.splitlines() if line.startswith("# "))


class TestContractFailuresSayWhat:
    """A third party's failing contract test says what is wrong: the module's asserts are not
    rewritten by pytest (it is not a test module), so each carries its own message."""

    def test_missing_sections_are_named(self) -> None:
        with pytest.raises(AssertionError, match=r"lacks \[.*Root cause") as failure:
            _HeadlineOnly().test_every_section_appears()
        assert "as extract_text reads it" in str(failure.value)

    def test_a_title_word_lost_is_named(self) -> None:
        class _Nothing(_HeadlineOnly):
            # The first incident drawn fails; shrinking it would only cost time.
            hypothesis_settings = settings(HOSTILE_SETTINGS, max_examples=5, phases=[Phase.generate])

            def extract_text(self, output: str | bytes) -> str:
                return ""

        with pytest.raises(AssertionError, match=r"the title's word '\w+' is not in the output"):
            _Nothing().test_visible_text_survives()


def test_without_the_test_tools_the_import_says_what_to_install() -> None:
    """An exporter author's environment without pytest or Hypothesis is told what to install."""
    for missing in ("pytest", "hypothesis"):
        code = f"import sys; sys.modules[{missing!r}] = None\nimport postmortem.testing"
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
        assert result.returncode == 1
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("ModuleNotFoundError: postmortem.testing runs under pytest"), last
        assert "pip install 'postmortem[testing]'" in last
        assert f"no module named {missing!r}" in last


def test_strategies_without_hypothesis_say_which_extra_to_install() -> None:
    """``postmortem.strategies`` without Hypothesis names the extra, not only the missing module."""
    code = "import sys; sys.modules['hypothesis'] = None\nimport postmortem.strategies"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ModuleNotFoundError: postmortem.strategies draws incidents with Hypothesis"), last
    assert "pip install 'postmortem[testing]'" in last
    assert "no module named 'hypothesis'" in last


def test_the_testing_extra_holds_the_test_tools() -> None:
    """The extra that both messages name is in the package's metadata, with pytest and Hypothesis."""
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!~ \[;]", requirement, maxsplit=1)[0] for requirement in extras["testing"]}
    assert {"pytest", "hypothesis"} == names


class _CustomerNotice(MarkdownExporter):
    """A real format that cannot hold action items: the Markdown report with them taken out,
    as a notice for customers would be (follow-ups stay internal)."""

    name = "customer-notice"

    def render(self, incident: model.Incident) -> str:
        return super().render(attrs.evolve(incident, action_items=()))


class _NoticeContract(ExporterContract):
    """The contract of the notice, which says it cannot hold action items (not collected)."""

    exporter_name = "customer-notice"
    leaves_out = {"action_items": "a notice for customers; follow-ups stay internal"}  # noqa: RUF012

    def make_exporter(self, **options: object) -> MarkdownExporter:
        return _CustomerNotice(**options)


class TestLeavingOutASection:
    """A format that cannot hold a section says so in its contract, with a reason, and the
    contract's tests of that section are skipped with the reason instead of failing."""

    def test_the_sections_markers_are_not_looked_for(self) -> None:
        """Every other section's marker is still looked for, and found."""
        _NoticeContract().test_every_section_appears()

    def test_without_saying_so_the_contract_fails(self) -> None:
        """The same format without ``leaves_out`` fails, naming the action item's marker."""

        class _Silent(_NoticeContract):
            leaves_out = {}  # noqa: RUF012

        with pytest.raises(AssertionError, match=r"lacks \['Action marker ACTION7'\]"):
            _Silent().test_every_section_appears()
        with pytest.raises(AssertionError, match="missing owner or due date is not said"):
            _Silent().test_missing_owner_and_due_date_are_said()

    def test_the_action_item_test_is_skipped_with_the_reason(self) -> None:
        """The test of action items' missing owner and due date is skipped, its reason the format's."""
        with pytest.raises(pytest.skip.Exception, match="leaves out action_items: a notice for customers"):
            _NoticeContract().test_missing_owner_and_due_date_are_said()

    def test_the_stated_sections_pass_their_own_check(self) -> None:
        _NoticeContract().test_left_out_sections_are_known_and_explained()

    @pytest.mark.parametrize(
        ("leaves_out", "message"),
        [
            ({"actions": "no room"}, r"leaves_out names no section: \['actions'\]"),
            ({"title": "no room"}, "every format shows the incident's title"),
            ({"action_items": "  "}, r"leaves_out gives no reason for \['action_items'\]"),
        ],
    )
    def test_an_unknown_section_the_title_or_no_reason_fails(self, leaves_out: dict[str, str], message: str) -> None:
        """A misspelt section, the title, or a blank reason is an error that says which."""

        class _Wrong(_NoticeContract):
            pass

        _Wrong.leaves_out = leaves_out
        with pytest.raises(AssertionError, match=message):
            _Wrong().test_left_out_sections_are_known_and_explained()
