"""The scripts under ``benchmarks/``, imported by the tests that check them or score with them."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def benchmark_script(name: str) -> ModuleType:
    """The module of ``benchmarks/NAME.py``, imported as the script's own run imports it.

    ``benchmarks/`` is a folder of scripts, not a package: it is on ``sys.path`` only for
    the import (a script's own imports of its neighbours included), then taken off again.
    """
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))
