"""``benchmarks/blame_findings_md5.py``: the md5 of every blamelessness finding, to show a change to the scan keeps them."""

from __future__ import annotations

import pytest

import postmortem
from postmortem.checks import Config, check

from ._benchmarks import benchmark_script


@pytest.fixture(scope="module")
def script():  # type: ignore[no-untyped-def]
    return benchmark_script("blame_findings_md5")


class TestFindingsDigest:
    def test_examples_dump_every_blame_finding(self, script, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
        """The dump holds one line per blame finding of the examples, with check() and check_file(), and the md5 of each group."""
        dump = tmp_path / "findings.txt"
        assert script.main(["--only", "examples", "--dump", str(dump)]) == 0
        lines = dump.read_text(encoding="utf-8").splitlines()
        expected = sum(
            len(
                [
                    f
                    for f in check(postmortem.load(path), Config(today=script.TODAY)).findings
                    if f.rule.startswith("blame/")
                ]
            )
            for path in script.EXAMPLES
        )
        rules_alone = [line for line in lines if line.startswith("examples/rules/")]
        assert expected > 0
        assert len(rules_alone) == 2 * expected  # check() and check_file() give the same findings
        out = capsys.readouterr().out
        assert "examples, rules alone" in out
        assert "examples, rules + scorer" in out

    def test_a_moved_finding_changes_the_digest(self, script, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
        """A finding whose span moves by one character gives another md5."""
        script.main(["--only", "examples"])
        before = capsys.readouterr().out
        original = script._report_lines

        def moved(report):  # type: ignore[no-untyped-def]
            for line in original(report):
                yield line.replace("(", "(1", 1)

        monkeypatch.setattr(script, "_report_lines", moved)
        script.main(["--only", "examples"])
        after = capsys.readouterr().out
        assert before.splitlines()[0].split()[-1] != after.splitlines()[0].split()[-1]
