"""Test helpers for Confluence publishing.

:func:`preview_html` turns a storage-format body into plain HTML (macros replaced by simple
HTML) to look at a page without Confluence.

The local Confluence REST server that used to live here (``LocalConfluence``, ``Fault``,
``RecordedRequest``, ``StoredPage``, ``StoredVersion``, ``StoredAttachment``) is test support
and no longer ships in this package's wheel. It is the ``postmortem-confluence-testing``
distribution, installed with ``pip install postmortem-exporter-confluence[testing]`` and
imported from :mod:`postmortem_confluence_testing`. Its names are still found here, with a
``DeprecationWarning``, where that distribution is installed.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from postmortem_confluence._preview import preview_html

__all__ = ["preview_html"]

_MOVED = frozenset({"Fault", "LocalConfluence", "RecordedRequest", "StoredAttachment", "StoredPage", "StoredVersion"})


def __getattr__(name: str) -> Any:
    """The server's names, from their new home, with a deprecation warning."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        testing = importlib.import_module("postmortem_confluence_testing")
    except ImportError:
        raise ImportError(
            f"postmortem_confluence.testing.{name} moved to the postmortem-confluence-testing distribution; "
            "install it with: pip install postmortem-exporter-confluence[testing], "
            f"then import it with: from postmortem_confluence_testing import {name}",
            name=name,
        ) from None
    warnings.warn(
        f"postmortem_confluence.testing.{name} is deprecated; use postmortem_confluence_testing.{name}",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(testing, name)
