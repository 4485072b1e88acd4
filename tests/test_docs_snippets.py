"""The Python examples in README.md and docs/ are Python a reader can paste.

Every fenced ``python`` block must compile, and every name it reads is imported or defined in
it or in the page's earlier blocks, or is one the line says is the reader's own (``# your own
...``): a block that goes on from the blocks before it (as one that starts otherwise than with an
import does) finds its names there, and a page's first block defines its own. Running them needs the readers' own files and services; the
doctest blocks of docs/ run in ``nox -s docs``.
"""

from __future__ import annotations

import builtins
import re
import symtable
from pathlib import Path

import pytest

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
