"""Jira settings: options over the environment, and settings that can never work refused with a reason.

The sync itself is tested against a fake Jira in the core's tests/trackers/test_jira.py, which
shares the fake HTTP server with the GitHub tests.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import date

import pytest
from postmortem_jira import JiraSettings, JiraTracker

from postmortem.model import ActionItem
from postmortem.trackers import TrackerSettingsError

ENV = {
    "POSTMORTEM_JIRA_URL": "https://example.atlassian.net",
    "POSTMORTEM_JIRA_USER": "sre-bot@example.com",
    "POSTMORTEM_JIRA_TOKEN": "a-token-value",
    "POSTMORTEM_JIRA_PROJECT": "OPS",
}


class TestFromOptions:
    def test_environment_gives_cloud_v3(self) -> None:
        """A user e-mail means Cloud, and Cloud speaks REST v3 unless told otherwise."""
        settings = JiraSettings.from_options({}, ENV)
        assert (settings.flavour, settings.version, settings.project) == ("cloud", 3, "OPS")
        assert settings.priorities["critical"] == "Highest"

    def test_no_user_is_data_center_v2(self) -> None:
        """A personal access token alone means Data Center, which has REST v2 only."""
        env = {key: value for key, value in ENV.items() if key != "POSTMORTEM_JIRA_USER"}
        settings = JiraSettings.from_options({}, env)
        assert (settings.flavour, settings.version) == ("datacenter", 2)

    def test_options_win_and_map_fields(self) -> None:
        """-O options override the environment; priorities, labels and fields are parsed."""
        options = {
            "project": "REL",
            "priorities": "critical=P1, high=P2, low=",
            "labels": "postmortem, reliability",
            "incident_field": "customfield_10050",
            "due_field": "customfield_10400",
            "api_version": "2",
        }
        settings = JiraSettings.from_options(options, ENV)
        assert settings.project == "REL"
        assert dict(settings.priorities) == {"critical": "P1", "high": "P2"}
        assert settings.labels == ("postmortem", "reliability")
        assert (settings.incident_field, settings.due_field, settings.version) == (
            "customfield_10050",
            "customfield_10400",
            2,
        )

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"projekt": "OPS"}, "unknown Jira option 'projekt'"),
            ({"project": "ops team"}, "project key must be capital letters"),
            ({"api_version": "4"}, "api_version must be 2 or 3"),
            ({"deployment": "datacenter", "api_version": "3"}, "Data Center has REST API version 2 only"),
            ({"incident_field": "Incident ID"}, "a field must be duedate or customfield_NNNNN"),
            ({"priorities": "urgent=P1"}, "not an action item priority"),
            ({"priorities": "high"}, "ours=theirs pairs"),
            ({"timeout": "0"}, "timeout must be above 0"),
            ({"url": "ftp://example.com"}, r"must be an http\(s\) URL"),
            ({"url": "https://bot:secret@example.atlassian.net"}, "not in the Jira URL"),
        ],
    )
    def test_settings_that_can_never_work(self, options: dict[str, str], message: str) -> None:
        """Each is refused before any request, with what to change."""
        with pytest.raises(TrackerSettingsError, match=message) as info:
            JiraSettings.from_options(options, ENV)
        assert "secret" not in str(info.value)

    def test_missing_token_and_project(self) -> None:
        """The variables to set are named."""
        with pytest.raises(TrackerSettingsError, match="POSTMORTEM_JIRA_TOKEN"):
            JiraSettings.from_options({}, {**ENV, "POSTMORTEM_JIRA_TOKEN": ""})
        with pytest.raises(TrackerSettingsError, match="POSTMORTEM_JIRA_PROJECT"):
            JiraSettings.from_options({}, {k: v for k, v in ENV.items() if k != "POSTMORTEM_JIRA_PROJECT"})

    def test_secrets_cover_the_basic_header(self) -> None:
        """The token, its Bearer form and the Basic credentials are all scrubbed; repr shows none."""
        settings = JiraSettings.from_options({}, ENV)
        basic = base64.b64encode(b"sre-bot@example.com:a-token-value").decode()
        assert set(settings.secrets()) == {"a-token-value", "Bearer a-token-value", basic}
        assert "a-token-value" not in repr(settings)


class TestOwns:
    @pytest.fixture
    def tracker(self) -> Iterator[JiraTracker]:
        tracker = JiraTracker(JiraSettings.from_options({}, ENV))
        yield tracker
        tracker.close()

    @pytest.mark.parametrize(
        ("key", "url", "owned"),
        [
            ("OPS-12", None, True),
            ("OPS-12", "https://example.atlassian.net/browse/OPS-12", True),
            ("OPS-12", "https://jira.other.example/browse/OPS-12", False),
            ("#12", None, False),
            (None, "https://example.atlassian.net/browse/REL-4", True),
            (None, "https://github.com/acme/app/issues/4", False),
        ],
    )
    def test_keys_and_links_of_this_site(
        self, tracker: JiraTracker, key: str | None, url: str | None, owned: bool
    ) -> None:
        """An item is this tracker's when its key looks like a Jira key and its link is on this site."""
        item = ActionItem("AI-1", "Add an alert", tracker_key=key, tracker_url=url, due=date(2026, 8, 1))
        assert tracker.owns(item) is owned
