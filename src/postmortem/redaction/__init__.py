"""A public copy of a post-mortem: pseudonyms for people, no private addresses, hosts or credentials.

:func:`redact` makes the copy and reports every replacement; :func:`find_private` lists what
still looks private (``postmortem redact --check``). :class:`RedactionPolicy` says what to
keep, drop and replace; :func:`load_policy` reads one from a TOML file.
"""

from __future__ import annotations

from postmortem.redaction._policy import (
    DEFAULT_DROP,
    DEFAULT_INTERNAL_HOSTS,
    PolicyError,
    RedactionPolicy,
    load_policy,
    loads_policy,
)
from postmortem.redaction._redact import PrivateFinding, RedactionResult, Replacement, find_private, redact

__all__ = [
    "DEFAULT_DROP",
    "DEFAULT_INTERNAL_HOSTS",
    "PolicyError",
    "PrivateFinding",
    "RedactionPolicy",
    "RedactionResult",
    "Replacement",
    "find_private",
    "load_policy",
    "loads_policy",
    "redact",
]
