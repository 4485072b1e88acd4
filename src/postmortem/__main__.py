"""Run the ``postmortem`` command as ``python -m postmortem``."""

from postmortem.cli import main

main(prog_name="postmortem")
