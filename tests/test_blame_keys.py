"""The key words read from a rule's pattern are needed by every match of it."""

from __future__ import annotations

import functools
import operator
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from postmortem.checks._blame import _keys as blame_keys
from postmortem.checks._blame._keys import TABLE, TIGHT_TABLE, Clause, derive, stored, table_text, words_of
from postmortem.checks._blame._rule_keys import _CLAUSES, _RULES, _SCAN_ONLY, _all_clauses, _key_words
from postmortem.testing import examples


def ends_in_a_look_ahead_that_needs_text(source: str) -> bool:
    """Whether *source* ends with a look-ahead that needs one character or more.

    No string is a full match of such a pattern: Hypothesis would search for one until it
    gives up (12 to 40 s of CPU per rule) and the test would then skip.
    """
    if blame_keys._sre_parse is None:  # no private parser: let Hypothesis find out
        return False
    items = blame_keys._sre_parse.parse(source)
    if not len(items):
        return False
    op, argument = items[-1]
    # A full match ends where the text ends, so a look-ahead there can only see "".
    return bool(op is blame_keys._sre.ASSERT and argument[0] == 1 and argument[1].getwidth()[0] > 0)


def split_leading_look_behind(source: str) -> tuple[str, str] | None:
    """*source* as (look-behind, rest) where it starts with a look-behind that needs text, else None.

    No string is a full match of such a pattern either (nothing comes before the start): the
    look-behind's own pattern and the rest, drawn one after the other, make text the whole
    pattern matches, found at the end of the look-behind (rule 111 looks behind for a colon).
    """
    if blame_keys._sre_parse is None or not source.startswith("(?<="):
        return None
    items = blame_keys._sre_parse.parse(source)
    op, argument = items[0]
    if not (op is blame_keys._sre.ASSERT and argument[0] == -1 and argument[1].getwidth()[0] > 0):
        return None
    depth = 0
    index = 0
    while index < len(source):  # the parenthesis that closes the look-behind
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":  # a class: no parenthesis inside counts
            index = source.index("]", index + 2)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return source[4:index], source[index + 1 :]
        index += 1
    return None


def holds(clause: Clause, words: frozenset[str]) -> bool:
    return all(not words.isdisjoint(group) for group in clause)


@functools.cache
def derived(source: str, *, tight: bool = False) -> tuple[Clause, ...]:
    """:func:`derive` of *source*, once per test process: it depends on the pattern alone, and
    deriving a long pattern costs up to 0.1 s of CPU, which every generated example repeated."""
    return derive(source, tight=tight)


def needs(source: str, text: str, *, tight: bool = False) -> bool:
    """Tell whether *text* satisfies one of the clauses derived from *source*."""
    words = _key_words(text.lower().replace("’", "'"))
    return any(holds(clause, words) for clause in derived(source, tight=tight))


def groups(source: str, *, tight: bool = False) -> list[list[list[str]]]:
    return [sorted(sorted(group) for group in clause) for clause in derive(source, tight=tight)]


class TestDerive:
    """What the derivation reads from hand-made patterns, and what it leaves out."""

    def test_word_between_boundaries(self) -> None:
        assert groups(r"\bbroke\b") == [[["broke"]]]

    def test_word_at_an_open_edge_is_not_needed(self) -> None:
        """Without a boundary, "took" may be the end of "overtook"."""
        assert groups(r"took\b") == [[]]
        assert groups(r"\btook") == [[]]

    def test_separator_bounds_a_word(self) -> None:
        assert groups(r"\btook\s+down\b") == [[["down"], ["took"]]]

    def test_suffixes_are_spelled_out(self) -> None:
        assert groups(r"\bcoach(?:ed|ing)?\s+\w+") == [[["coach", "coached", "coaching"]]]

    def test_optional_hyphen_makes_two_readings(self) -> None:
        assert groups(r"\bre-?train\b") == [[["re"], ["train"]], [["retrain"]]]

    def test_alternatives_that_differ_in_one_group_merge(self) -> None:
        assert groups(r"\b(?:human|operator) (?:error|mistake)\b") == [[["error", "mistake"], ["human", "operator"]]]

    def test_wildcard_words_are_not_needed(self) -> None:
        assert groups(r"\b\w+ing\s+to\b") == [[["to"]]]

    def test_positive_look_ahead_is_needed(self) -> None:
        assert groups(r"\bfail(?=\s+to\b)") == [[["fail"], ["to"]]]

    def test_negative_look_ahead_is_not(self) -> None:
        assert groups(r"\bfail\b(?!\s+over\b)") == [[["fail"]]]

    def test_optional_part_needs_nothing(self) -> None:
        assert groups(r"\bbe\s+(?:more\s+)?careful\b") == [[["be"], ["careful"]]]

    def test_apostrophes_belong_to_words(self) -> None:
        assert groups(r"\b(?:it|that)(?:'s|’s)\s+on\b") == [[["it's", "that's"], ["on"]]]

    def test_common_words_are_dropped(self) -> None:
        assert groups(r"\bthe\s+engineer\b") == [[["engineer"]]]

    def test_long_alternations_are_relaxed_not_dropped(self) -> None:
        """Too many ways to spell out: each part still gives one group of its words."""
        first = "|".join(f"w{i}x" for i in range(40))
        second = "|".join(f"v{i}y" for i in range(40))
        (clause,) = derive(rf"\b(?:{first})\s+(?:{second})\b")
        assert len(clause) == 2
        assert all(len(group) == 40 for group in clause)

    def test_words_of_marks(self) -> None:
        assert words_of("|took *|down|") == frozenset({"took", "down"})
        assert words_of("|fail<|to|>|") == frozenset({"fail", "to"})
        assert words_of("|took *|down") == frozenset({"took"})
        assert words_of("|took *|down", right_known=True) == frozenset({"took", "down"})


def _alternation(count: int, word: str = "{}w{}x") -> str:
    """Words for an alternation too long to spell out with another part (see _MAX_STRINGS).

    Their first letters differ: the parser would take a common first letter out of the alternation.
    """
    return "|".join(word.format("abcdefghijklmnopqrstuvwxyz"[i % 26], i) for i in range(count))


class TestTight:
    """The scan's own reading (``tight``): what it reads that the scorer's signal does not, and never less."""

    def test_last_word_of_a_long_alternation_counts_before_a_boundary(self) -> None:
        """Read alone, an alternation's words end where the pattern's "\\b" after it says."""
        source = rf"\b(?:to|must)\s+(?:{_alternation(300)})\b"
        assert groups(source) == [[["must", "to"]]]
        ((first, second),) = groups(source, tight=True)
        assert {len(first), len(second)} == {2, 300}
        assert ["must", "to"] in (first, second)

    def test_not_before_a_letter(self) -> None:
        """Without a boundary after it, the alternation's word may run on ("aw1xes"): not counted."""
        source = rf"\b(?:to|must)\s+(?:{_alternation(300)})"
        assert groups(source, tight=True) == [[["must", "to"]]]

    def test_relaxing_keeps_the_groups_every_clause_holds(self) -> None:
        """ "to ... be" before many verbs: "be" and the modals stay groups of their own."""
        modals, be = frozenset(["to", "must"]), frozenset(["be"])
        clauses = {frozenset([modals, be, frozenset([verb])]) for verb in ("benched", "coached", "shadowed")}
        assert blame_keys._relax(clauses, tight=True) == frozenset(
            [modals, be, frozenset(["benched", "coached", "shadowed"])]
        )
        # The signal's reading: one group of each clause's best words.
        assert blame_keys._relax(clauses, tight=False) == frozenset([frozenset(["benched", "coached", "shadowed"])])
        # A clause holding only the shared groups: they are all that is needed.
        assert blame_keys._relax({*clauses, frozenset([modals, be])}, tight=True) == frozenset([modals, be])

    def test_alternatives_relax_one_at_a_time(self) -> None:
        """The alternative with too many clauses relaxes on its own; a short one keeps its clause whole."""
        # Two ways of 144 spelled-out strings each (too many together) and a short one.
        one, two = (_alternation(12, word) for word in ("{}a{}b", "{}c{}d"))
        three, four = (_alternation(12, word) for word in ("{}e{}f", "{}g{}h"))
        ways = (rf"nobody\s+(?:{one})\s+(?:{two})\b", rf"somebody\s+(?:{three})\s+(?:{four})\b", r"chose\s+to\s+wait\b")
        source = rf"\b(?:{'|'.join(ways)})"
        assert len(groups(source)) == 1
        tight = groups(source, tight=True)
        assert [["chose"], ["to"], ["wait"]] in tight
        assert any(["nobody"] in clause for clause in tight)

    @pytest.mark.parametrize(
        "source",
        [
            rf"\b(?:to|must)\s+(?:{_alternation(300)})\b",
            rf"\b(?:nobody\s+(?:{_alternation(70)})|chose\s+to\s+wait)\b",
            r"\bfail(?=\s+to\b)",
            r"\b(?:human|operator) (?:error|mistake)\b",
        ],
    )
    def test_tight_clauses_imply_the_loose_ones(self, source: str) -> None:
        """Each tight clause, made to hold with one word a group, makes a loose clause hold: never looser."""
        for clause in derive(source, tight=True):
            words = frozenset(min(group) for group in clause)
            assert any(holds(loose, words) for loose in derive(source)), clause


class TestRules:
    """Every rule's clauses: derived from its pattern, with its declared key words."""

    def test_each_rule_needs_some_word(self) -> None:
        """No rule runs on every sentence: each clause has at least one group."""
        for rule, clauses in zip(_RULES, _CLAUSES, strict=True):
            assert clauses, rule.source
            assert all(clause for clause in clauses), rule.source

    def test_declared_words_are_kept(self) -> None:
        for rule, clauses in zip(_RULES, _CLAUSES, strict=True):
            for clause in clauses:
                assert set(rule.keys) <= clause
        for index, clauses in _SCAN_ONLY.items():
            for clause in clauses:
                assert set(_RULES[index].keys) <= clause

    def test_scan_only_clauses_are_the_tight_reading_where_it_differs(self) -> None:
        """_SCAN_ONLY holds a rule exactly when its tight reading (with what the scan alone needs) differs.

        The person-remedy rule keyed on "to" is one, and so is each question whose gate needs the mark "?".
        """
        for index, rule in enumerate(_RULES):
            tight = tuple(
                clause | frozenset(rule.keys) | frozenset(rule.needs) for clause in derived(rule.source, tight=True)
            )
            assert _SCAN_ONLY.get(index, _CLAUSES[index]) == tight, rule.source[:60]
        assert any(rule.source.startswith(r"\b(?:to|must|should|will|shall)\s+(?:slow") for rule in _RULES)
        own_task = next(
            i for i, r in enumerate(_RULES) if r.source.startswith(r"\b(?:to|must|should|will|shall)\s+(?:slow")
        )
        assert own_task in _SCAN_ONLY
        assert all(len(clause) == 2 for clause in _SCAN_ONLY[own_task])

    @pytest.mark.slow
    @pytest.mark.parametrize("index", range(len(_RULES)))
    def test_generated_matches_hold_a_clause(self, index: int) -> None:
        """Strings made to match a rule's pattern hold the words derived from it."""
        if ends_in_a_look_ahead_that_needs_text(_RULES[index].source):
            # Decided at once what Hypothesis finds out after a long search (Unsatisfiable below).
            pytest.skip("Hypothesis cannot make a full match that ends in a look-ahead")
        pattern = re.compile(_RULES[index].source, re.ASCII)
        parts = split_leading_look_behind(_RULES[index].source)
        texts = (
            st.from_regex(pattern, fullmatch=True)
            if parts is None
            else st.builds(operator.add, *(st.from_regex(re.compile(part, re.ASCII), fullmatch=True) for part in parts))
        )

        @settings(max_examples=examples(quick=5, full=50), deadline=None, suppress_health_check=list(HealthCheck))
        @given(texts)
        def check(text: str) -> None:
            if pattern.search(text.lower()):
                assert needs(_RULES[index].source, text), text
                assert needs(_RULES[index].source, text, tight=True), text

        try:
            check()
        except Unsatisfiable:
            # A look-ahead at the end asks for text after a full match; the labelled sets
            # and the one-pass tests cover those rules.
            pytest.skip("Hypothesis cannot make a full match that ends in a look-ahead")

    def test_look_aheads_that_need_text_are_told_apart(self) -> None:
        """The rules skipped at once are exactly those whose last part looks ahead for text."""
        assert ends_in_a_look_ahead_that_needs_text(r"\bif\s+had\b(?=[^.]*\bwould\b)")
        assert not ends_in_a_look_ahead_that_needs_text(r"\bfail\b(?!\s+over\b)")  # negative
        assert not ends_in_a_look_ahead_that_needs_text(r"\bfail\b(?=\s*)")  # may see nothing
        assert not ends_in_a_look_ahead_that_needs_text(r"(?<=a)b")  # a look-behind
        assert not ends_in_a_look_ahead_that_needs_text(r"\bx(?=y)z")  # not the last part
        assert not ends_in_a_look_ahead_that_needs_text("")
        skipped = [index for index, rule in enumerate(_RULES) if ends_in_a_look_ahead_that_needs_text(rule.source)]
        assert 0 < len(skipped) < len(_RULES) / 10

    def test_a_leading_look_behind_is_drawn_before_the_rest(self) -> None:
        """A rule that starts by looking behind for text is drawn as that text and the rest, not skipped.

        Hypothesis searched for a full match of rule 111 (a look-behind for a colon) for 3 s of CPU
        everyday before giving up (Unsatisfiable, then a skip).
        """
        assert split_leading_look_behind(r"(?<=:)\s*x\b") == (":", r"\s*x\b")
        assert split_leading_look_behind(r"(?<=\))y") == (r"\)", "y")
        assert split_leading_look_behind(r"(?<=[()])y") == ("[()]", "y")
        assert split_leading_look_behind(r"(?<=(?:a|b))y") == ("(?:a|b)", "y")
        assert split_leading_look_behind(r"(?<!a)b") is None  # negative: a full match may start there
        assert split_leading_look_behind(r"\bx(?<=x)y") is None  # not the first part
        assert split_leading_look_behind(r"\bfail\b") is None
        split = [rule.source for rule in _RULES if split_leading_look_behind(rule.source)]
        assert split, "no rule starts with a look-behind any more: the split is not needed"
        for source in split:
            behind, rest = split_leading_look_behind(source)  # type: ignore[misc]
            assert f"(?<={behind}){rest}" == source

    @pytest.mark.parametrize(
        "text",
        [
            "warned'and proceeded",
            "'warned' and proceeded",
            "was warned'and proceeded'anyway",
            "x'warned'and proceeded'",
        ],
    )
    def test_apostrophe_glued_to_a_key_word(self, text: str) -> None:
        """Found by the thorough tier: an apostrophe is a word edge to the pattern's \\b, and so to the key words."""
        rule = next(r for r in _RULES if r.source.startswith(r"\b(?:warned|told|reminded|cautioned)\b"))
        assert re.search(rule.source, text)
        assert needs(rule.source, text)

    @pytest.mark.parametrize(
        ("text", "word"),
        [("'didn't", "didn't"), ("x'didn't'", "didn't"), ("was'n't", "n't"), ("should've'x", "should've")],
    )
    def test_key_word_holding_an_apostrophe_inside_a_run(self, text: str, word: str) -> None:
        """A key word that holds an apostrophe is found where \\b bounds it inside a longer run."""
        assert re.search(rf"\b{word}\b", text)
        assert word in _key_words(text)

    def test_declared_words_alone_when_patterns_cannot_be_read(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A Python whose private regular-expression parser differs still gets the declared words."""
        import postmortem.checks._blame._rule_keys as blame

        def broken(_sources: list[str]) -> list[tuple[Clause, ...]]:
            raise AttributeError("no parser")

        monkeypatch.setattr(blame, "stored_keys", broken)
        assert _all_clauses() == tuple((frozenset(rule.keys),) for rule in _RULES)


class TestTable:
    """The clauses shipped with the package, so that they need not be derived at each start."""

    # Both derive every rule's pattern (0.8 s of CPU for all of them) through derived(), once per
    # process: the generated-match tests above have derived most of them already in this worker.

    def test_table_is_up_to_date(self, monkeypatch: pytest.MonkeyPatch) -> None:
        sources = [rule.source for rule in _RULES]
        monkeypatch.setattr(blame_keys, "derive", derived)  # table_text derives each pattern
        assert TABLE.read_text(encoding="utf-8") == table_text(sources), (
            "a pattern changed: run 'python -m postmortem.checks._blame._keys' to write the table anew"
        )
        assert TIGHT_TABLE.read_text(encoding="utf-8") == table_text(sources, tight=True), (
            "a pattern changed: run 'python -m postmortem.checks._blame._keys' to write the tables anew"
        )

    def test_table_gives_what_derive_gives(self) -> None:
        sources = [rule.source for rule in _RULES]
        assert stored(sources) == [derived(source) for source in sources]
        assert stored(sources, tight=True) == [derived(source, tight=True) for source in sources]

    def test_a_pattern_not_in_the_table_is_derived(self) -> None:
        source = r"\bforgot\s+to\b"
        assert stored([source]) == [derive(source)]
        source = rf"\b(?:to|must)\s+(?:{_alternation(300)})\b"
        assert stored([source], tight=True) == [derive(source, tight=True)] != [derive(source)]

    def test_an_unreadable_table_is_not_needed(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        broken = tmp_path / "keys.json"
        broken.write_text("{not json", encoding="utf-8")
        monkeypatch.setattr(blame_keys, "TABLE", broken)
        sources = [rule.source for rule in _RULES[:3]]
        assert stored(sources) == [derive(source) for source in sources]


def test_every_key_word_can_be_read_in_a_sentence() -> None:
    """A key word holding a character the scan splits at (a hyphen, a space) could never be found.

    Sentences are read as runs of [a-z0-9'], so a declared "off-script" or "fat-fingered" would
    keep its rule from ever running: declared lists split such words ("off script").
    """
    from postmortem.checks._blame._keys import KEY_WORD_CHARS
    from postmortem.checks._blame._rule_keys import _CLAUSES, _RULES

    marks = {"'s", "?"}
    for rule, clauses in zip(_RULES, _CLAUSES, strict=True):
        words = {w for group in rule.keys for w in group} | {w for c in clauses for g in c for w in g}
        unreadable = sorted(w for w in words - marks if not set(w) <= KEY_WORD_CHARS)
        assert unreadable == [], (rule.rule, rule.source[:60], unreadable)
