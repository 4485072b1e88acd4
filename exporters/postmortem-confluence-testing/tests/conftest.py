"""The suite's Hypothesis profile for the local Confluence server's tests, run with the core's or on their own.

The server's accounts are the ones the Confluence exporter's tests sign in with: its test helper
module, ``confluence_support``, is put on ``sys.path`` here (pytest imports conftest files under
unique names, leaving their folders off it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from postmortem.testing import load_hypothesis_profile

sys.path.insert(0, str(Path(__file__).parents[2] / "postmortem-exporter-confluence" / "tests"))

# Run on their own (pytest exporters/<package>/tests), these tests never read the root
# conftest.py: they load the suite's Hypothesis profile here.
load_hypothesis_profile()
