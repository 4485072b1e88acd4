"""The public Python API given what a hurried caller passes: a path for an incident, bytes for text, a folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import postmortem
from postmortem.errors import PostmortemError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "api-outage-feature-flag.yaml"


@pytest.mark.parametrize("given", [str(EXAMPLE), EXAMPLE, {"id": "INC-1"}])
def test_check_of_something_not_an_incident_says_what_to_call(given: object) -> None:
    """A path given to check() raised AttributeError: 'str' object has no attribute 'people'."""
    with pytest.raises(TypeError, match=r"check\(\) takes an Incident, got .*check_file\(path\)"):
        postmortem.check(given)  # type: ignore[arg-type]


@pytest.mark.parametrize(("given", "said"), [(b"Someone broke it.", "decode it first"), (None, "got NoneType")])
def test_check_text_of_something_not_text(given: object, said: str) -> None:
    with pytest.raises(TypeError, match=r"check_text\(\) takes text \(str\)") as caught:
        postmortem.check_text(given)  # type: ignore[arg-type]
    assert said in str(caught.value)


@pytest.mark.parametrize("given", [None, 5, EXAMPLE])
def test_loads_of_something_not_a_document(given: object) -> None:
    """loads(None) raised "object of type 'NoneType' has no len()"."""
    with pytest.raises(TypeError, match=r"loads\(\) takes the document as str or bytes"):
        postmortem.loads(given)  # type: ignore[arg-type]


def test_load_of_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    """Not "cannot tell the format from the suffix ''"."""
    with pytest.raises(PostmortemError, match="is a directory, not an incident file"):
        postmortem.load(tmp_path)


def test_the_same_calls_still_work() -> None:
    incident = postmortem.load(EXAMPLE)
    assert postmortem.check(incident).incident_id == incident.id
    assert postmortem.check_text("The deploy failed at noon.").findings == ()
    assert postmortem.loads(EXAMPLE.read_bytes()).id == incident.id
