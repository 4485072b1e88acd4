"""Sphinx configuration for the postmortem documentation."""

from __future__ import annotations

import postmortem

project = "postmortem"
author = "The postmortem developers"
copyright = "2026, The postmortem developers"
release = postmortem.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build", "**/*.ipynb_checkpoints", "**/*.ipynb"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
nitpicky = True
nitpick_ignore_regex = [
    (r"py:.*", r"(attrs|cattrs|click|jinja2|hypothesis|pytest|_pytest|markupsafe|pandas)\..*"),
    (r"py:.*", r"(datetime|pathlib|collections\.abc|typing|os|io|enum|importlib\.metadata)\..*"),
    (r"py:class", r"(Path|Any|IO|Format|Input|TextIO|BinaryIO|SearchStrategy|DrawFn|EntryPoint)"),
    (r"py:class", r"(str|int|float|bool|bytes|dict|list|tuple|type|object|None|Exception|ValueError|LookupError)"),
    (r"py:class", r"postmortem(\..*)?\._.*"),
    (r"py:obj", r".*\.(C|T|_T)"),
]
html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"postmortem {release}"
