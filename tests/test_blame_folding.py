"""Case-insensitive patterns of the blamelessness checks searched in lower-cased ASCII text (_blame._folding)."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import postmortem.checks._blame
from postmortem._patterns import _LazyPattern
from postmortem.checks._blame._folding import _FoldedPattern, foldable, lazy_compile

try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover  (Python 3.10)
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

DATA = Path(__file__).parent / "data"


def _package_patterns() -> list[tuple[str, _FoldedPattern]]:
    found = []
    for info in pkgutil.walk_packages(postmortem.checks._blame.__path__, "postmortem.checks._blame."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, _FoldedPattern):
                found.append((f"{info.name}.{name}", value))
    return found


PATTERNS = _package_patterns()


def _texts() -> list[str]:
    """Labelled sentences (every 40th line of each file), each as written and in three other cases."""
    texts = []
    for path in sorted(DATA.glob("blameless*.jsonl"))[:6]:
        lines = path.read_text(encoding="utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines[::40] if line.strip()]
    return [form for text in texts for form in (text, text.upper(), text.title(), text.swapcase())]


TEXTS = _texts()


def _spans(matches: Any) -> list[tuple[Any, ...]]:
    return [(m.span(), m.groups(), m.groupdict(), m.string, m.re.pattern) for m in matches]


def _uncovered(data: Any) -> list[Any]:  # noqa: PLR0912  (one branch per kind of node)
    """The parts of a parsed pattern whose matches could depend on a letter's case, or set a flag."""
    c = _c
    bad: list[Any] = []
    for op, av in data:
        if op in (c.LITERAL, c.NOT_LITERAL):
            if 65 <= av <= 90:
                bad.append((op, av))
        elif op is c.IN:
            for item, value in av:
                if (item is c.LITERAL and 65 <= value <= 90) or (item is c.RANGE and value[0] <= 90 and value[1] >= 65):
                    bad.append((item, value))
        elif op is c.SUBPATTERN:
            if av[1] or av[2]:
                bad.append((op, av[1], av[2]))
            bad += _uncovered(av[3])
        elif op is c.BRANCH:
            for way in av[1]:
                bad += _uncovered(way)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            bad += _uncovered(av[2])
        elif op in (c.ASSERT, c.ASSERT_NOT):
            bad += _uncovered(av[1])
        elif op is c.GROUPREF_EXISTS:
            bad += _uncovered(av[1]) + (_uncovered(av[2]) if av[2] is not None else [])
        elif op not in (c.AT, c.ANY, c.CATEGORY, c.GROUPREF):
            bad.append(op)
    return bad


class TestFoldable:
    @pytest.mark.parametrize(
        ("pattern", "flags", "expected"),
        [
            (r"\bshould(?:n't)?\s+have\b", re.I, True),
            (r"(?P<who>[\w'-]+)\s+[a-z]+[0-9]", re.I, True),
            (r"\bshould have\b", 0, False),  # case-sensitive: nothing to fold
            (r"\bI\s+said\b", re.I, False),  # an upper-case letter
            (r"\x49\s+said", re.I, False),  # an escape that could spell one
            (r"\N{LATIN SMALL LETTER A}", re.I, False),
            (r"[!-~]+", re.I, False),  # a range over upper-case letters
            (r"[a-zA-Z]+", re.I, False),
            (r"(?-i:said)", re.I, False),  # a flag set inside
            (r"(?i)said", 0, False),
            (r"said\b", re.I | re.X, True),
            (r"[\w.-]+", re.I, True),  # a hyphen at a class's end is one
            (r"[\]a-z]", re.I, True),
            (r"(\w)\1", re.I, False),  # a number's escape (conservatively)
        ],
    )
    def test_reads_the_source(self, pattern: str, flags: int, expected: bool) -> None:
        assert foldable(pattern, flags) is expected

    @pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
    def test_a_foldable_pattern_spells_no_case(self, name: str, pattern: _FoldedPattern) -> None:
        """The source reading never calls foldable a pattern that the engine's own parser finds case in."""
        if foldable(pattern.pattern, pattern._flags):
            parsed = _p.parse(pattern.pattern, pattern._flags & ~re.IGNORECASE)
            assert not parsed.state.flags & re.IGNORECASE
            assert _uncovered(parsed.data) == [], name

    def test_most_of_the_package_is_folded(self) -> None:
        assert len(PATTERNS) > 100
        assert sum(foldable(p.pattern, p._flags) for _, p in PATTERNS) > 0.9 * len(PATTERNS)

    def test_case_sensitive_patterns_are_the_plain_lazy_ones(self) -> None:
        assert not isinstance(lazy_compile(r"\bsaid\b"), _FoldedPattern)
        assert isinstance(lazy_compile(r"\bsaid\b"), _LazyPattern)
        assert isinstance(lazy_compile(r"\bsaid\b", re.I), _FoldedPattern)


class TestSameMatches:
    @pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
    def test_every_package_pattern_on_labelled_text(self, name: str, pattern: _FoldedPattern) -> None:
        own = re.compile(pattern.pattern, pattern._flags)
        for text in TEXTS:
            window = (len(text) // 3, len(text) - 2)
            found = pattern.search(text)
            expected = own.search(text)
            assert (found is None) == (expected is None), (name, text)
            if expected is not None:
                assert _spans([found]) == _spans([expected]), (name, text)
            assert _spans(pattern.finditer(text)) == _spans(own.finditer(text)), (name, text)
            windowed = pattern.search(text, *window)
            expected = own.search(text, *window)
            assert (windowed is None) == (expected is None), (name, text)
            if expected is not None:
                assert _spans([windowed]) == _spans([expected]), (name, text)
            assert _spans(pattern.finditer(text, *window)) == _spans(own.finditer(text, *window)), (name, text)

    @pytest.mark.parametrize(
        "source",
        [
            r"x*",  # empty matches: the engine's next try after one must advance
            r"(?:ab|)c?",
            r"\b(?:not|never)?\s*",
            r"(?<=[,;])\s*(?:and\s+)?",
        ],
    )
    def test_patterns_that_match_empty_text(self, source: str) -> None:
        pattern = lazy_compile(source, re.I)
        own = re.compile(source, re.I)
        for text in ("abxd", "AB, and  C; never x", "", "xXx", "Not, NEVER;and"):
            assert _spans(pattern.finditer(text)) == _spans(own.finditer(text))
            assert _spans(pattern.finditer(text, 1, 4)) == _spans(own.finditer(text, 1, 4))

    def test_other_methods_and_non_ascii_text_are_the_patterns_own(self) -> None:
        pattern = lazy_compile(r"\b(st)op\b", re.I)
        own = re.compile(r"\b(st)op\b", re.I)
        text = "ſtop! STOP now, Stop"  # the long s stands for "s" only case-insensitively
        assert _spans(pattern.finditer(text)) == _spans(own.finditer(text))
        assert pattern.search(text).span() == own.search(text).span() == (0, 4)
        assert pattern.findall("STOP stop") == ["ST", "st"]
        assert pattern.sub("go", "Stop, STOP") == "go, go"
        assert pattern.match("Stop") is not None
        assert pattern.fullmatch("stop") is not None
        assert pattern.split("a stop b") == ["a ", "st", " b"]
        assert pattern.flags == own.flags
        assert pattern.groups == 1

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet="aAbBnNoOtT '’-,;.\t\n0", max_size=40), st.integers(0, 45), st.integers(0, 45))
    def test_generated_ascii_text(self, text: str, pos: int, endpos: int) -> None:
        for source in (r"\b(?:not|no\s*one|n't)\s+(?:a|an|the)?\s*$", r"(?P<w>[\w'-]+)\s+(?:not|bo)\b", r"n?o*"):
            pattern = lazy_compile(source, re.I)
            own = re.compile(source, re.I)
            found, expected = pattern.search(text, pos, endpos), own.search(text, pos, endpos)
            assert _spans([found] if found else []) == _spans([expected] if expected else [])
            assert _spans(pattern.finditer(text, pos, endpos)) == _spans(own.finditer(text, pos, endpos))
