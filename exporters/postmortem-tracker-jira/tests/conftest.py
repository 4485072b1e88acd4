"""The suite's Hypothesis profile for the Jira tracker's tests, run with the core's or on their own."""

from __future__ import annotations

from postmortem.testing import load_hypothesis_profile

# Run on their own (pytest exporters/<package>/tests), these tests never read the root
# conftest.py: they load the suite's Hypothesis profile here.
load_hypothesis_profile()
