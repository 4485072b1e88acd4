"""The Python examples in README.md and docs/ are Python a reader can paste.

Every fenced ``python`` block must compile, and every name it reads is imported or defined in
it or in the page's earlier blocks, or is one the line says is the reader's own (``# your own
...``): a block that goes on from the blocks before it (as one that starts otherwise than with an
import does) finds its names there, and a page's first block defines its own.

Every block also runs, as a reader would run it: in a working folder made from the project's
examples (``examples/`` copied into a temporary folder, with the files the blocks name made
from them: ``incident.yaml``, ``incidents/INC-0042.yaml``, ``postmortems/``, a Slack export as
a zip, a wiki page ...), after the page's earlier blocks, in one namespace per page. A block
that publishes does so to ``LocalConfluence`` (real HTTP on 127.0.0.1). :data:`PLANS` says, for
each block, what it needs installed and which files it must have written; a block with no plan
fails, so a new block is run too. The doctest blocks of docs/ run in ``nox -s docs``.
"""

from __future__ import annotations

import builtins
import contextlib
import importlib.util
import io
import re
import shutil
import symtable
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import postmortem
from postmortem.checks import _registry as _checks_registry

ROOT = Path(__file__).resolve().parents[1]
_FENCE = re.compile(r"^(?P<fence>`{3,})python[ \t]*\n(?P<code>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)


def _blocks() -> list[tuple[str, str, str]]:
    """Each block's page and line, its code and the code of the page's earlier blocks."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    found = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        earlier = ""
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append((f"{page.relative_to(ROOT)}:{line}", match.group("code"), earlier))
            earlier += match.group("code")
    return found


BLOCKS = _blocks()


def _defined_names(code: str, where: str) -> set[str]:
    """The global names the code imports or assigns (a def or class assigns its name)."""
    table = symtable.symtable(code, where, "exec")
    return {symbol.get_name() for symbol in table.get_symbols() if symbol.is_assigned() or symbol.is_imported()}


def _unbound_names(code: str, where: str) -> set[str]:
    """The global names the block reads without defining them."""
    table = symtable.symtable(code, where, "exec")
    read: set[str] = set()
    pending = [table]
    while pending:
        scope = pending.pop()
        pending.extend(scope.get_children())
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and (symbol.is_global() or scope is table) and not symbol.is_assigned():
                read.add(symbol.get_name())
    return read - _defined_names(code, where) - set(dir(builtins))


def test_the_pages_have_python_examples() -> None:
    assert len(BLOCKS) >= 20
    assert any(where.startswith("README.md") for where, _code, _earlier in BLOCKS)


def test_a_name_read_but_never_imported_is_found() -> None:
    """The check this file makes, on a block like the one docs/analytics/review.md once had."""
    block = "from postmortem.analytics import Collection\nCollection.load('a/', since=date(2026, 7, 1))\n"
    assert _unbound_names(block, "block") == {"date"}
    assert _unbound_names("from datetime import date\n" + block, "block") == set()


@pytest.mark.parametrize(("where", "code", "earlier"), BLOCKS, ids=[where for where, _code, _earlier in BLOCKS])
def test_an_example_compiles_and_defines_what_it_uses(where: str, code: str, earlier: str) -> None:
    compile(code, where, "exec")
    readers_own = {name for line in code.splitlines() if "# your own" in line for name in re.findall(r"\w+", line)}
    unbound = _unbound_names(code, where) - _defined_names(earlier, where) - readers_own
    assert unbound == set(), f"{where} uses names that neither it nor the page's earlier blocks define"


# ---------------------------------------------------------------------------- running them


@attrs.frozen
class Plan:
    """How a block is run: what it needs installed, which files it writes, whether it is slow."""

    needs: tuple[str, ...] = ()  # importable modules (the exporter packages, their test support)
    writes: tuple[str, ...] = ()  # files the block must leave in the working folder
    slow: bool = False
    confluence: bool = False  # a LocalConfluence, named by POSTMORTEM_CONFLUENCE_URL and _TOKEN


PDF, DOCX, CONFLUENCE = "postmortem_pdf", "postmortem_docx", "postmortem_confluence"

# Each block by its page and place on the page (``page#2``: the page's second block).
PLANS = {
    "README.md#1": Plan(writes=("out/INC-2026-0187.html",)),
    "docs/analytics/collection.md#1": Plan(),
    "docs/analytics/collection.md#2": Plan(),
    "docs/analytics/collection.md#3": Plan(),
    "docs/analytics/index.md#1": Plan(),
    "docs/analytics/measures.md#1": Plan(),
    "docs/analytics/measures.md#2": Plan(),
    "docs/analytics/review.md#1": Plan(
        needs=(PDF,), writes=("review/review.html", "review/review.md", "review/review.pdf"), slow=True
    ),
    "docs/checks/completeness.md#1": Plan(),
    "docs/checks/configuration.md#1": Plan(),
    "docs/checks/custom-rules.md#1": Plan(),
    "docs/exporters/confluence.md#1": Plan(needs=(CONFLUENCE,)),
    "docs/exporters/confluence.md#2": Plan(needs=(CONFLUENCE, "postmortem_confluence_testing"), confluence=True),
    "docs/exporters/confluence.md#3": Plan(
        needs=(CONFLUENCE, "postmortem_confluence_testing", PDF, DOCX), confluence=True, slow=True
    ),
    "docs/exporters/confluence.md#4": Plan(needs=(CONFLUENCE, "postmortem_confluence_testing"), slow=True),
    "docs/exporters/docx.md#1": Plan(needs=(DOCX,), writes=("out/INC-0042.docx", "report.docx"), slow=True),
    "docs/exporters/pdf.md#1": Plan(needs=(PDF,), writes=("out/INC-0042.pdf", "archive/INC-0042.pdf"), slow=True),
    "docs/exporters.md#1": Plan(writes=("out/INC-0042.html", "report.html")),
    "docs/exporters.md#2": Plan(writes=("out/INC-0042.md", "out/INC-0042-timeline.svg")),
    "docs/importing.md#1": Plan(),
    "docs/model.md#1": Plan(),
    "docs/timeline/merging.md#1": Plan(),
    "docs/timeline/writing-a-source.md#1": Plan(),
    "docs/timeline/writing-a-source.md#2": Plan(),
    "docs/writing-an-exporter.md#1": Plan(),
    "docs/writing-an-exporter.md#2": Plan(),
    "docs/writing-an-exporter.md#3": Plan(),
    "docs/writing-an-exporter.md#4": Plan(),
    "docs/writing-an-exporter.md#5": Plan(),
}


def _named_blocks() -> dict[str, str]:
    """Each block's code by its name in :data:`PLANS`, in the pages' order."""
    named: dict[str, str] = {}
    counts: dict[str, int] = {}
    for where, code, _earlier in BLOCKS:
        page = where.rsplit(":", 1)[0]
        counts[page] = counts.get(page, 0) + 1
        named[f"{page}#{counts[page]}"] = code
    return named


NAMED = _named_blocks()


def test_every_block_has_a_plan() -> None:
    """A block added to the docs is run too: it needs a plan (and one for a block gone is dropped)."""
    assert sorted(NAMED) == sorted(PLANS)


def _working_folder(folder: Path) -> None:
    """The project's examples, and the files the blocks name, made from them in ``folder``."""
    examples = folder / "examples"
    shutil.copytree(ROOT / "examples", examples, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    complete = [examples / "api-outage-feature-flag.yaml", examples / "latency-database-hotspot.yaml"]
    every = [*complete, examples / "draft-checkout-errors.yaml"]
    text = complete[0].read_text(encoding="utf-8")
    for name in ("incident.yaml", "INC-2026-0042.yaml", "a.yaml"):
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "b.json").write_text(postmortem.dumps(postmortem.load(complete[1]), "json"), encoding="utf-8")
    for sub, files in (("postmortems", every), ("incidents", every), ("repo", every)):
        (folder / sub).mkdir()
        for path in files:
            shutil.copy(path, folder / sub / path.name)
    (folder / "incidents" / "INC-0042.yaml").write_text(text.replace("INC-2026-0187", "INC-0042"), encoding="utf-8")
    (folder / "repo" / "fixtures").mkdir()
    (folder / "repo" / "fixtures" / "broken.yaml").write_text("id: [not, an, incident\n", encoding="utf-8")
    demo = examples / "timeline-demo"
    with zipfile.ZipFile(folder / "slack-export.zip", "w") as export:
        for path in sorted((demo / "slack").rglob("*.json")):
            export.write(path, path.relative_to(demo / "slack").as_posix())
    shutil.copy(demo / "pagerduty_log_entries.json", folder / "log_entries.json")
    shutil.copy(demo / "alertmanager_webhooks.jsonl", folder / "alerts.jsonl")
    (folder / "wiki").mkdir()
    markdown = postmortem.export(postmortem.load(complete[1]), "markdown")
    (folder / "wiki" / "2026-05-21-vpn.md").write_text(str(markdown), encoding="utf-8")
    shutil.copy(ROOT / "docs" / "gallery" / "timeline-chart.png", folder / "latency-p99.png")
    if importlib.util.find_spec("docx") is not None:
        import docx

        docx.Document().save(str(folder / "company.docx"))


@pytest.fixture
def working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_registry: None) -> Iterator[Path]:
    """A folder made from ``examples/``, the current one while a block runs; rules added are removed."""
    folder = tmp_path / "work"
    folder.mkdir()
    _working_folder(folder)
    monkeypatch.chdir(folder)
    rules = dict(_checks_registry._RULES.runtime)
    yield folder
    _checks_registry._RULES.runtime.clear()
    _checks_registry._RULES.runtime.update(rules)
    _checks_registry._RULES.refresh()


@pytest.fixture
def confluence(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """A LocalConfluence with the space OPS, named by the environment as a CI job would name it."""
    testing = pytest.importorskip("postmortem_confluence_testing")
    with testing.LocalConfluence(deployment="datacenter", tokens={"pat": "responder"}, spaces=("OPS",)) as server:
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_URL", server.url)
        monkeypatch.setenv("POSTMORTEM_CONFLUENCE_TOKEN", "pat")
        monkeypatch.delenv("POSTMORTEM_CONFLUENCE_USER", raising=False)
        yield server


def _run_params() -> list[Any]:
    params = []
    for name, plan in PLANS.items():
        marks = [pytest.mark.slow] if plan.slow else []
        params.append(pytest.param(name, marks=marks, id=name))
    return params


@pytest.mark.parametrize("name", _run_params())
def test_an_example_runs(name: str, working_folder: Path, request: pytest.FixtureRequest) -> None:
    """The block runs (after the page's earlier blocks when it reads their names) and writes what it says."""
    plan = PLANS[name]
    for module in plan.needs:
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{name} needs {module}, which is not installed (the core's tests install no exporter)")
    server = request.getfixturevalue("confluence") if plan.confluence else None
    page, number = name.rsplit("#", 1)
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    # A block that reads names of the page's earlier blocks runs after them; one that does not, alone.
    first = 1 if _unbound_names(NAMED[name], name) else int(number)
    with contextlib.redirect_stdout(io.StringIO()):
        for place in range(first, int(number) + 1):
            exec(compile(NAMED[f"{page}#{place}"], f"{page}#{place}", "exec"), namespace)
    missing = [file for file in plan.writes if not (working_folder / file).is_file()]
    assert missing == []
    if server is not None:
        assert [page.title for page in server.pages("OPS")] == [
            "INC-2026-0187: API outage due to misconfigured feature flag"
        ]
