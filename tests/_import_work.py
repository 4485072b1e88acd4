"""The work one ``postmortem import`` does, counted rather than timed (the import tests of rounds 18 and 19).

``cProfile`` counts the Python function calls an import makes, the same on every machine. A reader
whose work grows linearly adds the same work for each further piece, so for sizes ``n``, ``2n`` and
``4n`` the second step (``2n`` more pieces) costs about twice the first (``n`` more); a quadratic
reader's second step costs four times the first.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable

from postmortem.errors import IncidentFormatError
from postmortem.importing import import_text


def import_calls(text: str) -> int:
    """The Python function calls of one import of ``text`` (a refusal counts as an answer)."""
    profile = cProfile.Profile()
    profile.enable()
    try:
        import_text(text)
    except IncidentFormatError:
        pass
    finally:
        profile.disable()
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def import_steps(make: Callable[[int], str], size: int) -> tuple[int, int]:
    """The work ``size`` more pieces add, then ``2 * size`` more (from ``size`` to ``2 * size`` to ``4 * size``)."""
    import_text(make(size))  # the first import loads the synonym table and the parser
    one, two, four = (import_calls(make(size * factor)) for factor in (1, 2, 4))
    return two - one, four - two
