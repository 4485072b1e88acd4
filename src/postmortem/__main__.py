"""Run the ``postmortem`` command as ``python -m postmortem``."""

# The console script's launcher, so that Ctrl-C is handled the same way (here the package
# itself is imported before this module runs).
from _postmortem_launch import run

run()
