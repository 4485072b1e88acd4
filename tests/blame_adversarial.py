"""Adversarial text for the blamelessness detector: 100 KB (or a given size) built around one rule.

Run as a script (``python tests/blame_adversarial.py find_blame [SIZE]``), it checks each
rule's text in turn and prints one line per rule with the time taken; ``tests/test_blame_linear.py`` runs it in a subprocess with a time limit.
"""

from __future__ import annotations

import itertools
import re
import sys
import time
from collections.abc import Callable, Iterable

from postmortem.checks._blame._rule import _Rule
from postmortem.checks._blame._rule_keys import _CLAUSES, _RULES

SIZE = 100_000
# Words that make rules' gates work hardest: people, systems, clause words, negation.
FILLER = ("the", "engineer", "dave", "service", "not", "and", "who", "because", "we", "was", "by", "to", "'s")


def rule_words(index: int) -> list[str]:
    """Return the words a rule keys on and the literal words of its pattern, in a stable order."""
    rule: _Rule = _RULES[index]
    found: set[str] = set()
    for clause in _CLAUSES[index]:
        for group in clause:
            found |= group
    found |= set(re.findall(r"[a-z]{2,}", re.sub(r"\\.", " ", rule.source)))
    return sorted(found)


def adversarial_text(index: int, size: int = SIZE) -> str:
    """Return about *size* characters built from one rule's words and its pattern's parts.

    Four parts of a quarter each: the words cycled with single spaces (one endless
    sentence), cycled with commas and filler words, each word repeated in a run, and the
    words wrapped into short lines with the filler between them.
    """
    words = rule_words(index) or ["blame"]
    quarter = size // 4
    parts = [
        _fill(itertools.cycle(words), " ", quarter),
        _fill(itertools.cycle([w for pair in zip(words, itertools.cycle(FILLER)) for w in pair]), ", ", quarter),
        _fill((w for w in itertools.cycle(words) for _ in range(50)), " ", quarter),
        _wrap(_fill(itertools.cycle([*words, *FILLER]), " ", quarter), 60),
    ]
    return "\n".join(parts)


def _fill(words: Iterable[str], sep: str, size: int) -> str:
    out: list[str] = []
    total = 0
    for word in words:
        # The joined length: a separator before every word but the first.
        total += len(word) + (len(sep) if out else 0)
        out.append(word)
        if total >= size:
            break
    return sep.join(out)


def _wrap(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def main(check: str, size: int = SIZE) -> None:
    """Check every rule's text of *size* characters with *check* ("find_blame" or "check_text"), printing the times."""
    import postmortem
    from postmortem.checks._blame import find_blame

    run: Callable[[str], object] = find_blame if check == "find_blame" else postmortem.check_text
    for index in range(len(_RULES)):
        text = adversarial_text(index, size)
        start = time.process_time()
        run(text)
        sys.stdout.write(f"{index} {_RULES[index].rule} {len(text)} {time.process_time() - start:.3f}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "find_blame", int(sys.argv[2]) if len(sys.argv) > 2 else SIZE)
