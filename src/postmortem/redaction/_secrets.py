"""Finding credentials and tokens in text.

The built-in detectors recognise the formats that leak into incident write-ups most often
(cloud keys, chat and forge tokens, JWTs, private keys, passwords in connection strings and
``key = value`` lines) plus long random-looking strings. When the ``detect-secrets`` library
is installed (``pip install 'postmortem[secrets]'``), its format detectors run as well; it
is loaded only then, so ``import postmortem`` stays light. See ``docs/redact.md`` for why it
is optional rather than required.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

__all__ = ["credential_spans", "scanner_available"]

_FORMATS = tuple(
    re.compile(pattern)
    for pattern in (
        # Private keys, whole blocks (bounded so that a missing END line cannot run on).
        r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,8192}?"
        r"-----END [A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----",
        # AWS access key ids.
        r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])",
        # GitHub and GitLab tokens.
        r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,64})",
        # Slack tokens and webhook paths.
        r"(?<![A-Za-z0-9])xox[abposrce]-[A-Za-z0-9-]{10,250}",
        r"hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9/_-]{20,200}",
        # Stripe, Twilio, SendGrid, Google API, npm, PyPI.
        r"(?<![A-Za-z0-9_])(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,247}",
        r"(?<![A-Za-z0-9])SK[0-9a-fA-F]{32}(?![A-Za-z0-9])",
        r"SG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}",
        r"(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}",
        r"(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}",
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
        # JSON Web Tokens.
        r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",
    )
)

# user:password@ in a URL or connection string: the password is the secret.
_USERINFO = re.compile(r"://[^\s:/@]{1,128}:([^\s/@]{1,256})@")

# password = ..., token: ..., "api_key": "..."
_ASSIGNMENT = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?:password|passwd|pwd|passphrase|secret|client[_-]?secret|token|auth[_-]?token|"
    r"access[_-]?token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key)[\"']?\s{0,4}[:=]\s{0,4}[\"']?"
    r"([^\s\"'`,;()\]}]{6,256})"
)

_CANDIDATE = re.compile(r"(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{24,512}(?![A-Za-z0-9+/_=-])")


def _entropy(text: str) -> float:
    counts: dict[str, int] = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    size = len(text)
    return -sum(count / size * math.log2(count / size) for count in counts.values())


def looks_random(token: str) -> bool:
    """True for a long string with upper case, lower case and digits and high entropy.

    Hex strings (commit hashes, request ids) and words joined by ``-`` or ``_`` are not
    token-like: they have one case, or long runs of letters.
    """
    if len(token) < 24:
        return False
    if not (any(c.isupper() for c in token) and any(c.islower() for c in token) and any(c.isdigit() for c in token)):
        return False
    # Identifiers like some_long_snake_case_name_v2 are words, not keys.
    if max((len(run) for run in re.findall(r"[a-z]+", token)), default=0) > 12:
        return False
    return _entropy(token) >= 4.0


def credential_spans(text: str, *, scanner: str = "auto") -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of every credential or token-like string in ``text``."""
    for pattern in _FORMATS:
        for match in pattern.finditer(text):
            yield match.span()
    for match in _USERINFO.finditer(text):
        yield match.span(1)
    for match in _ASSIGNMENT.finditer(text):
        value = match.group(1)
        # "password: rotated" is prose about a password, not one.
        if not value.isalpha() or not value.islower():
            yield match.span(1)
    for match in _CANDIDATE.finditer(text):
        if looks_random(match.group(0)):
            yield match.span()
    if scanner == "auto" and scanner_available():
        yield from _detect_secrets_spans(text)


@cache
def scanner_available() -> bool:
    """True when the ``detect-secrets`` library can be imported."""
    from importlib.util import find_spec  # noqa: PLC0415

    return find_spec("detect_secrets") is not None


# detect-secrets' format plugins; its entropy and keyword plugins flag ordinary words in
# prose when run line by line, so the built-in entropy and assignment rules stand in for them
# (and IP addresses are found, and reported, as addresses).
_SKIPPED_PLUGINS = frozenset(
    {"Base64HighEntropyString", "HexHighEntropyString", "KeywordDetector", "BasicAuthDetector", "IPPublicDetector"}
)


def _detect_secrets_spans(text: str) -> Iterator[tuple[int, int]]:
    plugins = _detect_secrets_plugins()
    offset = 0
    for line in text.splitlines(keepends=True):
        if len(line) <= 4096:
            for plugin in plugins:
                for value in plugin.analyze_line(filename="incident", line=line, line_number=0):
                    secret = getattr(value, "secret_value", None)
                    if not secret:
                        continue
                    start = line.find(secret)
                    while start != -1:
                        end = start + len(secret)
                        # A format plugin may report only a token's prefix (ghp): take the whole token.
                        while end < len(line) and (line[end].isalnum() or line[end] in "_-"):
                            end += 1
                        yield offset + start, offset + end
                        start = line.find(secret, end)
        offset += len(line)


@cache
def _detect_secrets_plugins() -> tuple[Any, ...]:
    from detect_secrets.core.plugins.util import (  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
        get_mapping_from_secret_type_to_class,
    )

    classes: Iterable[Any] = get_mapping_from_secret_type_to_class().values()
    plugins: list[Any] = []
    for plugin_class in classes:
        if plugin_class.__name__ in _SKIPPED_PLUGINS:
            continue
        try:
            plugins.append(plugin_class())
        except TypeError:  # pragma: no cover - a plugin that needs settings we do not give
            continue
    return tuple(plugins)
