"""TOML whole numbers in text fields keep what was written, as YAML's and JSON's do.

``tomllib`` reads ``id = 1_000`` as 1000, and the incident's id was "1000" (``0x1F`` "31",
``+42`` "42"), while YAML kept "1_000" and TOML's own floats kept theirs (``1.10``). ``id = 007``
is no TOML at all, and was refused as "Expected newline or end of document after a statement":
it now says why, and what to write.
"""

from __future__ import annotations

import pytest

import postmortem
from postmortem.errors import IncidentFormatError
from postmortem.testing import sample_incident


@pytest.fixture(scope="module")
def document() -> str:
    return postmortem.dumps(sample_incident(), "toml")


def _with(document: str, line: str) -> str:
    """The document with its id line (its first) replaced by ``line``."""
    assert document.startswith("id = ")
    return line + document[document.index("\n") :]


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("1_000", "1_000"),
        ("+42", "+42"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("0b101", "0b101"),
        ("-0", "-0"),
        ("42", "42"),
        ("-7", "-7"),
        ("1_000 # a comment", "1_000"),
    ],
)
def test_a_text_field_keeps_the_written_number(document: str, written: str, kept: str) -> None:
    """Each form as written (the last two, which str() gives back, as before)."""
    assert postmortem.loads(_with(document, f"id = {written}"), "toml").id == kept


def test_in_a_list_on_several_lines(document: str) -> None:
    """Numbers in a list keep their form; a string and a comment that hold such numbers are left alone."""
    start = document.index("\nservices = [") + 1
    end = document.index("]", start) + 1
    text = document[:start] + 'services = [\n  1_0, +3, "a_1 = 3",\n  0b11, # 1_0\n  12,\n]' + document[end:]
    assert postmortem.loads(text, "toml").services == ("1_0", "+3", "a_1 = 3", "0b11", "12")


def test_an_inline_table_key_and_a_date_stay_as_tomllib_reads_them(document: str) -> None:
    """A key written as a number (``1_0 = ...`` in an inline table) and a date are not numbers to keep."""
    start = document.index("\nlinks = [") + 1
    end = document.index("]", start) + 1
    text = (
        document[:start]
        + 'links = [{ url = "https://x.example/1_0", title = "t" }]\nextra_date = 1979-05-27'
        + document[end:]
    )
    with pytest.raises(IncidentFormatError) as raised:  # extra_date is no field: the date reached the check
        postmortem.loads(text, "toml")
    assert [problem.path for problem in raised.value.problems] == ["$.extra_date"]
    data = postmortem.loads(text.replace("\nextra_date = 1979-05-27", ""), "toml")
    assert data.links[0].url == "https://x.example/1_0"


def test_a_leading_zero_says_what_to_write(document: str) -> None:
    """``id = 007`` is no TOML: the message says so and what to write, at its line."""
    with pytest.raises(IncidentFormatError) as raised:
        postmortem.loads(_with(document, "id = 007"), "toml")
    (problem,) = raised.value.problems
    assert problem.message.endswith('(007: TOML has no whole number with a leading zero; write text in quotes: "007")')
    assert problem.line == 1
