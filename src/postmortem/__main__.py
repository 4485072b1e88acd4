"""Run the ``postmortem`` command as ``python -m postmortem``."""

# The console script's launcher, so that Ctrl-C is handled the same way. Python imported the
# package before this module runs; the package's __init__ installed the launcher's handler
# first (see _postmortem_launch.catch_ctrl_c_of_python_m).
from _postmortem_launch import run

run()
