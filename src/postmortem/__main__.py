"""Run the ``postmortem`` command as ``python -m postmortem``."""

from postmortem.cli import run

run()
