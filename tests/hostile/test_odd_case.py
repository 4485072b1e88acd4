"""A choice or an exporter name typed in another case means the same one.

``postmortem check --format JSON`` was a usage error, and one without a suggestion (the
closest choice was looked for in the case typed); ``postmortem export --to MarkDown,PDF`` said
"no exporter named 'MarkDown' is installed". A value of a choice is now the choice whatever
its case, and an exporter name that is not installed as typed is the installed one that
differs only in case (when exactly one does). A value that is no choice in any case is still
refused, with its closest choice named in the choice's own case.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from postmortem.cli import main
from postmortem.cli._common import as_installed

from .conftest import EXAMPLES

INCIDENT = EXAMPLES / "api-outage-feature-flag.yaml"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("value", ["JSON", "Json", "jSoN"])
def test_format_in_any_case(value: str) -> None:
    """The same JSON report as ``--format json``."""
    code, out, err = _run("check", str(INCIDENT), "--format", value, "--today", "2026-12-07")
    assert (code, err) == (0, "")
    assert out == _run("check", str(INCIDENT), "--format", "json", "--today", "2026-12-07")[1]
    assert json.loads(out)["reports"][0]["incident"] == "INC-2026-0187"


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["check", str(INCIDENT), "--format", "JSNO"], "json"),
        (["diff", str(INCIDENT), str(INCIDENT), "--format", "MARKDWN"], "markdown"),
        (["redact", str(INCIDENT), "--format", "Jsn"], "json"),
    ],
)
def test_a_typo_in_capitals_gets_the_closest_choice(args: list[str], meant: str) -> None:
    code, _out, err = _run(*args)
    assert code == 2
    assert f"did you mean {meant!r}?" in err


def test_other_choices_in_any_case() -> None:
    """``--preset``, ``--fail-on``, ``diff --format`` take any case."""
    code, _out, err = _run("check", str(INCIDENT), "--preset", "GOOGLE", "--fail-on", "Error")
    assert code in (0, 1), err
    assert "Invalid value" not in err
    code, _out, err = _run("diff", str(INCIDENT), str(INCIDENT), "--format", "Markdown")
    assert code == 0, err


def test_exporter_names_in_any_case(tmp_path: Path) -> None:
    """``--to MarkDown,HTML -O HTML.include_empty=true`` writes what ``--to markdown,html`` writes."""
    code, out, err = _run(
        "export", str(INCIDENT), "--to", "MarkDown,HTML", "-O", "HTML.include_empty=true", "-o", str(tmp_path / "odd")
    )
    assert code == 0, err
    assert (out, err.startswith("wrote 2 reports to ")) == ("", True)
    _run("export", str(INCIDENT), "--to", "markdown,html", "-O", "html.include_empty=true", "-o", str(tmp_path / "as"))
    for name in ("INC-2026-0187.md", "INC-2026-0187.html"):
        assert (tmp_path / "as" / name).read_bytes() == (tmp_path / "odd" / name).read_bytes()


def test_a_name_given_twice_in_two_cases_is_one() -> None:
    assert as_installed(["markdown", "MARKDOWN", "Html"]) == ["markdown", "html"]


def test_an_unknown_name_is_still_refused(tmp_path: Path) -> None:
    code, _out, err = _run("export", str(INCIDENT), "--to", "MarkDwn", "-o", str(tmp_path))
    assert code == 2
    assert "no exporter named 'MarkDwn' is installed (did you mean 'markdown'?)" in err
    assert not any(tmp_path.iterdir())


def test_review_formats_in_any_case(tmp_path: Path) -> None:
    code, _out, err = _run("review", str(EXAMPLES), "--since", "2026-01-01", "--to", "Markdown", "-o", str(tmp_path))
    assert code == 0, err
    assert any(path.suffix == ".md" for path in tmp_path.iterdir())
