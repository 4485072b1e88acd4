"""The Hypothesis profile, for every test directory: the core's tests and each exporter package's.

The suite has two tiers. The everyday run (``nox -s tests``, the README's command) draws
fewer Hypothesis examples (:func:`postmortem.testing.examples`) and skips the tests decorated
with :data:`postmortem.testing.thorough_only`; the thorough run (``nox -s tests_thorough``,
``POSTMORTEM_THOROUGH=1``) draws every example and runs every test. CI runs both.
"""

from __future__ import annotations

from postmortem.testing import load_hypothesis_profile

# CI runs each property test on a fixed set of examples, so a red run is a regression in the
# code and not a new draw; local runs keep drawing new examples and find new cases. Set
# HYPOTHESIS_PROFILE=explore to draw new examples in CI as well. Each exporter package's
# tests/conftest.py loads the same profile: run on their own, they never read this file.
load_hypothesis_profile()
