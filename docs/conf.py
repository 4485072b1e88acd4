"""Sphinx configuration for the postmortem documentation."""

from __future__ import annotations

import os
import urllib.request
from typing import Any

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
    "sphinx.ext.intersphinx",
]

# Links into the documentation of Python and the libraries the API names. The inventories
# are fetched over the network; a build without it (POSTMORTEM_DOCS_OFFLINE=1, or no answer
# from docs.python.org within a few seconds) leaves those names as plain text instead of
# failing the build under -W.
_INVENTORIES = {
    "python": ("https://docs.python.org/3", None),
    "attrs": ("https://www.attrs.org/en/stable", None),
    "cattrs": ("https://catt.rs/en/stable", None),
    "click": ("https://click.palletsprojects.com/en/stable", None),
    "jinja2": ("https://jinja.palletsprojects.com/en/stable", None),
    "hypothesis": ("https://hypothesis.readthedocs.io/en/latest", None),
    "pytest": ("https://docs.pytest.org/en/stable", None),
}


def _online() -> bool:
    if os.environ.get("POSTMORTEM_DOCS_OFFLINE"):
        return False
    try:
        with urllib.request.urlopen("https://docs.python.org/3/objects.inv", timeout=3):
            return True
    except OSError:
        return False


intersphinx_mapping = _INVENTORIES if _online() else {}
intersphinx_timeout = 10
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
    (r"py:.*", r"(datetime|pathlib|collections\.abc|typing|os|io|enum|importlib\.metadata|logging)\..*"),
    (r"py:class", r"(Path|Any|IO|Format|Input|TextIO|BinaryIO|SearchStrategy|DrawFn|EntryPoint)"),
    (r"py:class", r"(str|int|float|bool|bytes|dict|list|tuple|type|object|None|Exception|ValueError|LookupError)"),
    (r"py:class", r"postmortem(\..*)?\._.*"),
    (r"py:obj", r".*\.(C|T|_T)"),
    (r"py:class", r"postmortem\.http\.T"),
]
html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"postmortem {release}"


def _public_target(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a reference that failed, written in (or to) a private module, in its public module.

    The public modules are packages of private ones (``postmortem.markup._links``) whose
    names are imported into the package. A docstring there that names ``MAX_IMAGE_BYTES``,
    and a type hint that names ``postmortem.model._incident.Incident``, mean the public
    ``postmortem.markup.MAX_IMAGE_BYTES`` and ``postmortem.model.Incident``.
    """
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"]
    module = node.get("py:module") or ""
    if "._" in target:
        candidate = target.split("._")[0] + "." + target.rsplit(".", 1)[-1]
    elif "._" in module and "." not in target:
        candidate = f"{module.split('._')[0]}.{target}"
    else:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(env, node["refdoc"], app.builder, node["reftype"], candidate, node, contnode)


def setup(app: Any) -> None:
    """Register the handler that maps private module paths to their public modules."""
    app.connect("missing-reference", _public_target)
