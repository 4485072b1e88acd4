"""Round 25's import readings: round 24's left-overs and the shapes round 25's own documents showed.

Each test failed before its change. Round 24's kept-aside documents (``kept24``) are tuning documents
now; round 25's kept-aside documents (``kept25``) are not read here.
"""

from __future__ import annotations

from pathlib import Path

from postmortem.checks._blame._scan import _normalise

DATA = Path(__file__).parent / "data"


class TestOwnerThatIsADepartment:
    """An owner that is a department, a place or a thing never becomes a person's name for the checks."""

    def test_a_department_alone_names_no_one(self) -> None:
        names = _normalise(["Maintenance", "stores", "Estates office", "@ops"], people=True)
        assert not {"maintenance", "stores", "estates", "estates office", "office", "ops", "@ops"} & names

    def test_a_person_or_a_role_beside_a_department_stays(self) -> None:
        names = _normalise(["Maintenance planning (Harriet Obi)", "maintenance chief", "Kieran"], people=True)
        assert {"chief", "kieran", "maintenance chief"} <= names
        assert "maintenance" not in names
