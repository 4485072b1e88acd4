"""The postmortem.trackers entry-point group: built-in and third-party trackers alike."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.metadata import entry_points

import pytest

from postmortem.trackers import (
    TrackerError,
    TrackerNotFoundError,
    get_tracker,
    register_tracker,
    tracker_info,
    tracker_names,
    unregister_tracker,
)
from postmortem.trackers._github import GitHubTracker


@pytest.fixture
def clean() -> Iterator[None]:
    """Forget runtime registrations made by a test."""
    yield
    unregister_tracker("fake")
    unregister_tracker("other")


class TestDiscovery:
    def test_github_registers_through_the_group(self) -> None:
        """GitHub is an entry point of postmortem's own distribution, like a third party's."""
        points = {point.name: point for point in entry_points(group="postmortem.trackers")}
        assert points["github"].value == "postmortem.trackers._github:GitHubTracker"
        info = {item.name: item for item in tracker_info()}
        assert info["github"].distribution == "postmortem"

    def test_jira_comes_from_its_own_distribution(self) -> None:
        """Jira is postmortem-tracker-jira's entry point, imported only when asked for."""
        pytest.importorskip("postmortem_jira")
        info = {item.name: item for item in tracker_info()}
        assert info["jira"].distribution == "postmortem-tracker-jira"
        assert info["jira"].target == "postmortem_jira:JiraTracker"

    def test_listing_imports_no_tracker(self) -> None:
        """Names are known without importing the plugins or an HTTP library."""
        for name in ("postmortem_jira", "atlassian"):
            sys.modules.pop(name, None)
        assert "github" in tracker_names()
        assert "atlassian" not in sys.modules

    def test_unknown_name_names_the_package(self) -> None:
        """An unknown tracker is an error that lists the installed ones."""
        with pytest.raises(TrackerNotFoundError, match=r"Installed trackers: .*github"):
            get_tracker("youtrack")


@pytest.mark.usefixtures("clean")
class TestRegistration:
    def test_register_in_code(self) -> None:
        """A class registered in code is found under its name and checked against the protocol."""

        class Fake(GitHubTracker):
            name = "fake"

        register_tracker(Fake)
        assert get_tracker("fake") is Fake
        assert "fake" in tracker_names()

    def test_duplicate_name_needs_override(self) -> None:
        """Taking an installed tracker's name is refused unless override=True."""

        class Other(GitHubTracker):
            name = "github"

        with pytest.raises(TrackerError, match="override=True"):
            register_tracker(Other)

    def test_incomplete_class_is_refused_when_loaded(self) -> None:
        """A class missing protocol methods is named with what it lacks."""

        class Broken:
            name = "other"

        register_tracker(Broken, name="other")  # type: ignore[arg-type]
        with pytest.raises(TrackerError, match="does not implement from_options, owns"):
            get_tracker("other")
