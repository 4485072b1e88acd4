"""Outputs built from someone else's text: CSV a spreadsheet cannot be tricked by, templates that cannot run code."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import attrs
import pytest

from postmortem import ActionItem, dump
from postmortem.testing import sample_incident

from ._limited import assert_refused, postmortem

# What a spreadsheet reads as the start of a formula.
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

HOSTILE = (
    "=cmd|' /C calc'!A0",
    "Rotate keys\r=cmd|' /C calc'!A0",
    "\r=cmd|' /C calc'!A0",
    'Rotate keys\r\n=HYPERLINK("http://evil.example")',
    "Rotate keys\n+SUM(1,2)",
    "  =1+1",
    "\t=1+1",
    "@SUM(A1)",
    "\uff1dcmd",
    'quote " and, comma',
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    items = [
        ActionItem(f"AI-{n}", text, owner=text, due=date(2026, 6, 1), tracker_key=f"-{n}")
        for n, text in enumerate(HOSTILE, start=1)
    ]
    dump(attrs.evolve(sample_incident(), action_items=tuple(items)), tmp_path / "incident.json")
    return tmp_path


class TestActionsCSV:
    def test_every_row_stays_a_row(self, folder: Path) -> None:
        """A carriage return or line feed inside a field is quoted: the spreadsheet sees one row per item."""
        run = postmortem("actions", folder, "--all", "--format", "csv")
        assert run.code == 0, run.output
        rows = list(csv.reader(io.StringIO(run.stdout, newline="")))
        assert len(rows) == 1 + len(HOSTILE)
        assert {len(row) for row in rows} == {len(rows[0])}
        # A reader that splits on bare CR (as spreadsheets do outside quotes) must find no extra rows.
        outside_quotes = run.stdout.split('"')[::2]
        assert not any("\r" in part.replace("\r\n", "") for part in outside_quotes)

    def test_no_cell_starts_a_formula(self, folder: Path) -> None:
        """Every cell whose text would start a formula (even after a CR or leading blanks) starts with an apostrophe."""
        run = postmortem("actions", folder, "--all", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(run.stdout, newline="")))
        for row in rows:
            for cell in row.values():
                assert not cell or cell[0] not in FORMULA, cell
                assert cell.lstrip(" ")[:1] not in FORMULA or cell.startswith("'"), cell
        by_item = {row["item"]: row for row in rows}

        def lines(text: str) -> str:
            # Loading may turn a CR into a line feed; either way it stays inside the cell.
            return text.replace("\r\n", "\n").replace("\r", "\n")

        assert lines(by_item["AI-2"]["description"]) == "Rotate keys\n=cmd|' /C calc'!A0"
        assert lines(by_item["AI-3"]["description"]) == "'\n=cmd|' /C calc'!A0"
        assert by_item["AI-10"]["description"] == 'quote " and, comma'


EVIL = {
    "cycler": "{{ cycler.__init__.__globals__.os.popen('echo owned > OWNED').read() }}",
    "joiner": "{{ joiner.__init__.__globals__.__builtins__['__import__']('os').system('touch OWNED') }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch OWNED').read() }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "self": "{{ self._TemplateReference__context }}",
    "mutation": "{% set items = [] %}{{ items.append(1) }}",
    "format": "{{ '{0.__class__}'.format(incident) }}",
    "range": "{% for i in range(10 ** 9) %}x{% endfor %}",
}


class TestTemplates:
    @pytest.mark.parametrize("name", sorted(EVIL))
    def test_a_template_cannot_reach_python(self, tmp_path: Path, name: str) -> None:
        """A user template that tries to escape to Python fails cleanly (exit 1, the template named), running nothing."""
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "evil.md.j2").write_text("# {{ incident.title }}\n" + EVIL[name] + "\n")
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        out = tmp_path / "out"
        run = postmortem(
            "export",
            path,
            "--to",
            "markdown",
            "-o",
            out,
            "-O",
            f"markdown.template_dirs={templates}",
            "-O",
            "markdown.template=evil.md.j2",
            "-j",
            "1",
            cwd=tmp_path,
        )
        assert run.code == 1, run.output
        assert "Traceback" not in run.output
        assert "evil.md.j2" in run.stderr
        assert not (tmp_path / "OWNED").exists()
        assert not list(out.glob("*.md"))

    def test_a_plain_user_template_still_works(self, tmp_path: Path) -> None:
        """A template that only reads the incident and uses our filters renders as before under the sandbox."""
        templates = tmp_path / "templates"
        templates.mkdir()
        (templates / "brief.md.j2").write_text(
            "# {{ incident.title | md }}\n{% for item in incident.action_items %}- {{ item.id }}\n{% endfor %}"
        )
        path = tmp_path / "incident.yaml"
        dump(sample_incident(), path)
        run = postmortem(
            "export",
            path,
            "--to",
            "markdown",
            "-o",
            tmp_path / "out",
            "-O",
            f"markdown.template_dirs={templates}",
            "-O",
            "markdown.template=brief.md.j2",
            "-j",
            "1",
        )
        assert run.code == 0, run.output
        (written,) = (tmp_path / "out").glob("*.md")
        assert written.read_text().startswith("# ")

    def test_a_review_template_cannot_reach_python(self, tmp_path: Path) -> None:
        """The review's templates from --template-dir run sandboxed too: a clean error naming the template."""
        templates = tmp_path / "templates" / "review"
        templates.mkdir(parents=True)
        (templates / "review.md.j2").write_text(EVIL["cycler"])
        path = tmp_path / "incidents" / "incident.yaml"
        path.parent.mkdir()
        dump(sample_incident(), path)
        run = postmortem(
            "review",
            path.parent,
            "--since",
            "2020-01-01",
            "--until",
            "2030-01-01",
            "--to",
            "markdown",
            "-o",
            tmp_path / "out",
            "--template-dir",
            tmp_path / "templates",
            cwd=tmp_path,
        )
        assert run.code == 1, run.output
        assert "Traceback" not in run.output
        assert "review/review.md.j2" in run.stderr
        assert not (tmp_path / "OWNED").exists()

    def test_refused_as_a_whole(self, tmp_path: Path) -> None:
        """The refusal uses the shared helper's contract: exit 2 would be wrong here, so check the helper too."""
        run = postmortem("export", tmp_path / "missing.yaml", "--to", "markdown")
        assert_refused(run, "missing.yaml")
