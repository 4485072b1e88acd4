"""The redaction policy: what to keep, drop and replace, read from a TOML file."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from attrs import frozen

from postmortem._files import open_input, read_at_most, stream_kind, too_long_a_stream
from postmortem.errors import IncidentFormatError, PostmortemError, Problem, not_utf8, shown_path

__all__ = [
    "DEFAULT_DROP",
    "DEFAULT_INTERNAL_HOSTS",
    "PolicyError",
    "RedactionPolicy",
    "load_policy",
    "loads_policy",
]

# Names that never resolve on the public internet (RFC 6762, RFC 8375, common private suffixes).
DEFAULT_INTERNAL_HOSTS: tuple[str, ...] = (
    "localhost",
    "*.localhost",
    "*.internal",
    "*.intranet",
    "*.corp",
    "*.local",
    "*.lan",
    "*.localdomain",
    "*.home.arpa",
    "*.private",
)

# Identifiers of people and records in internal systems: nothing a reader outside needs.
DEFAULT_DROP: tuple[str, ...] = (
    "$.participants[*].accounts",
    "$.timeline[*].source_id",
)

# Characters a replacement may not contain: it is put into Markdown prose as it is.
_MARKUP = re.compile(r"[\\`*_\[\]<>#|~!]")
_PATH = re.compile(r"^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[(?:\*|\d+)\])*$")
_LINK_MODES = ("public", "external")


class PolicyError(IncidentFormatError):
    """A redaction policy file or value that cannot be used; every problem has its ``$.path``."""


def _compile(pattern: str) -> re.Pattern[str]:
    """A host pattern as a regular expression: ``re:...`` is one, anything else a glob."""
    if pattern.startswith("re:"):
        return re.compile(pattern[3:], re.IGNORECASE)
    return re.compile(fnmatch.translate(pattern.casefold()), re.IGNORECASE)


@frozen
class RedactionPolicy:
    """What :func:`postmortem.redaction` removes and what it keeps.

    The defaults suit a post-mortem published on a public status page: people become
    consistent pseudonyms ("Engineer A"), links are kept only to hosts listed as public,
    e-mail and IP addresses, credentials and internal hostnames are replaced, and account
    ids and record ids are dropped.

    Attributes:
        internal_hosts: Hostname patterns of internal systems: globs (``*.corp.example.com``)
            or regular expressions written ``re:^db-[0-9]+$``. A name may have no dot
            (``pg-main-2``). Replaced in prose and links wherever they appear.
        public_hosts: Hostname patterns whose links are kept (your status page, your blog).
        public_urls: URL patterns (globs such as ``https://example.com/blog/*``, or ``re:``)
            whose links are kept whatever their host.
        internal_urls: URL patterns whose links always go, even on a public host
            (``https://status.example.com/admin/*``).
        links: ``public`` keeps only links to ``public_hosts``; ``external`` keeps every link
            that is not to an internal host.
        people: More names of people to replace, beyond participants, authors, reviewers and
            action-item owners.
        pseudonym: How a person is called, ``{}`` standing for a letter: ``Engineer {}``.
        customers: Customer names (or ``re:`` patterns) to replace with ``customer_pseudonym``.
        customer_pseudonym: How a customer is called: ``Customer {}``.
        host_pseudonym: How an internal host is called: ``internal host {}``.
        keep: Words and phrases that are never replaced (a product named like a person).
        drop: ``$.paths`` of fields to empty (``[*]`` stands for every item of a list).
        replace: ``(pattern, replacement)`` pairs applied to all text; a pattern is a phrase,
            or a regular expression written ``re:...``.
        credentials: Find credentials and tokens (on by default).
        scanner: ``auto`` adds the detectors of the ``detect-secrets`` library when it is
            installed, ``builtin`` uses only the built-in detectors.
    """

    internal_hosts: tuple[str, ...] = DEFAULT_INTERNAL_HOSTS
    public_hosts: tuple[str, ...] = ()
    links: str = "public"
    public_urls: tuple[str, ...] = ()
    internal_urls: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    pseudonym: str = "Engineer {}"
    customers: tuple[str, ...] = ()
    customer_pseudonym: str = "Customer {}"
    host_pseudonym: str = "internal host {}"
    keep: tuple[str, ...] = ()
    drop: tuple[str, ...] = DEFAULT_DROP
    replace: tuple[tuple[str, str], ...] = ()
    credentials: bool = True
    scanner: str = "auto"

    def __attrs_post_init__(self) -> None:
        problems = list(self._problems())
        if problems:
            raise PolicyError(problems)

    def _problems(self) -> Iterable[Problem]:  # noqa: PLR0912  (one check per setting)
        if self.links not in _LINK_MODES:
            yield Problem("$.links.keep", f"expected 'public' or 'external', got {self.links!r}")
        if self.scanner not in ("auto", "builtin"):
            yield Problem("$.credentials.scanner", f"expected 'auto' or 'builtin', got {self.scanner!r}")
        for name, template in (
            ("$.people.pseudonym", self.pseudonym),
            ("$.customers.pseudonym", self.customer_pseudonym),
            ("$.hosts.pseudonym", self.host_pseudonym),
        ):
            if template.count("{}") != 1 or "{" in template.replace("{}", ""):
                yield Problem(name, f"needs exactly one {{}} for the letter, got {template!r}")
            elif _MARKUP.search(template):
                yield Problem(name, f"must not contain Markdown markup characters, got {template!r}")
        for index, path in enumerate(self.drop):
            if not _PATH.match(path):
                yield Problem(f"$.drop.paths[{index}]", f"not a $.path like $.participants[*].accounts: {path!r}")
        for key, patterns in (
            ("$.hosts.internal", self.internal_hosts),
            ("$.hosts.public", self.public_hosts),
            ("$.customers.names", self.customers),
            ("$.links.public", self.public_urls),
            ("$.links.internal", self.internal_urls),
        ):
            for index, pattern in enumerate(patterns):
                if not pattern.strip():
                    yield Problem(f"{key}[{index}]", "must not be empty")
                    continue
                try:
                    _compile(pattern)
                except re.error as exc:
                    yield Problem(f"{key}[{index}]", f"not a valid regular expression: {exc}")
        for index, (pattern, replacement) in enumerate(self.replace):
            if not pattern.strip() or pattern == "re:":
                yield Problem(f"$.replace[{index}].pattern", "must not be empty")
            elif pattern.startswith("re:"):
                try:
                    compiled = re.compile(pattern[3:])
                except re.error as exc:
                    yield Problem(f"$.replace[{index}].pattern", f"not a valid regular expression: {exc}")
                else:
                    if compiled.match(""):
                        yield Problem(f"$.replace[{index}].pattern", "matches empty text")
            if _MARKUP.search(replacement):
                yield Problem(
                    f"$.replace[{index}].with", f"must not contain Markdown markup characters, got {replacement!r}"
                )

    # ------------------------------------------------------------------ matching helpers

    def is_internal_host(self, host: str) -> bool:
        """True when ``host`` matches an internal pattern."""
        return _host_matches(self.internal_hosts, host.casefold().rstrip("."))

    def is_public_host(self, host: str) -> bool:
        """True when links to ``host`` may be kept."""
        name = host.casefold().rstrip(".")
        return _host_matches(self.public_hosts, name) and not _host_matches(self.internal_hosts, name)

    def url_rule(self, url: str) -> str | None:
        """``internal`` or ``public`` when a URL pattern decides about ``url``, else ``None``."""
        if _url_matches(self.internal_urls, url):
            return "internal"
        if _url_matches(self.public_urls, url):
            return "public"
        return None

    def drops(self, path: str) -> bool:
        """True when the field at ``path`` (``$.participants[2].accounts``) is to be emptied."""
        return _drop_pattern(self.drop).fullmatch(path) is not None


@functools.lru_cache(maxsize=64)
def _host_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    """One regular expression for a list of host patterns, so a word is tested once."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{_compile(pattern).pattern})" for pattern in patterns), re.IGNORECASE)


@functools.lru_cache(maxsize=8192)
def _host_matches(patterns: tuple[str, ...], name: str) -> bool:
    # Prose repeats its words: the answer for each is kept.
    pattern = _host_pattern(patterns)
    return pattern is not None and pattern.fullmatch(name) is not None


@functools.lru_cache(maxsize=64)
def _url_pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    parts = [
        pattern[3:] if pattern.startswith("re:") else fnmatch.translate(pattern).replace(r"\Z", "")
        for pattern in patterns
    ]
    return re.compile("|".join(f"(?:{part})" for part in parts), re.IGNORECASE)


def _url_matches(patterns: tuple[str, ...], url: str) -> bool:
    pattern = _url_pattern(patterns)
    return pattern is not None and pattern.fullmatch(url) is not None


@functools.lru_cache(maxsize=64)
def _drop_pattern(paths: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for all drop paths; ``[*]`` stands for any index."""
    alternatives = [re.escape(path).replace(r"\[\*\]", r"\[\d+\]") for path in paths]
    return re.compile("|".join(alternatives) or "(?!)")


# ---------------------------------------------------------------------- the policy file

_KEYS: Mapping[str, Mapping[str, str]] = {
    "hosts": {"internal": "list", "public": "list", "pseudonym": "str"},
    "links": {"keep": "str", "public": "list", "internal": "list"},
    "people": {"names": "list", "pseudonym": "str"},
    "customers": {"names": "list", "pseudonym": "str"},
    "keep": {"terms": "list"},
    "drop": {"paths": "list", "defaults": "bool"},
    "credentials": {"detect": "bool", "scanner": "str"},
}


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*(?:\[+\s*)?{re.escape(key)}\b", re.MULTILINE)
    match = pattern.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def _error(problems: Iterable[Problem], source: str | None) -> PolicyError:
    return PolicyError((attrs.evolve(problem, source=source) for problem in problems), source)


def loads_policy(text: str, *, source: str | None = None) -> RedactionPolicy:  # noqa: PLR0912, PLR0915  (one step per key)
    """Read a redaction policy from TOML text.

    The file has the tables ``[hosts]`` (``internal``, ``public``, ``pseudonym``),
    ``[links]`` (``keep``, and URL patterns ``public`` and ``internal``), ``[people]``
    (``names``, ``pseudonym``), ``[customers]``
    (``names``, ``pseudonym``), ``[keep]`` (``terms``), ``[drop]`` (``paths``, and
    ``defaults = false`` to drop only those), ``[credentials]`` (``detect``, ``scanner``)
    and an array ``[[replace]]`` of ``pattern`` / ``with`` pairs. Every key is optional.
    Lists given for internal hosts and drop paths add to the defaults.

    Raises:
        PolicyError: every problem in the file, each with its ``$.path`` and line.
    """
    from postmortem import _toml  # noqa: PLC0415  (only when a policy is read)

    try:
        data = _toml.loads(text)
    except _toml.TOMLDecodeError as exc:
        message, line = _toml.decode_error(exc, text)
        raise _error([Problem("$", f"not valid TOML: {message}", line)], source) from None
    problems: list[Problem] = []
    values: dict[str, Any] = {}

    def get(table: str, key: str) -> Any:
        return data.get(table, {}).get(key) if isinstance(data.get(table), dict) else None

    for table, value in data.items():
        path = f"$.{table}"
        if table == "replace":
            continue
        if table not in _KEYS:
            known = ", ".join([*_KEYS, "replace"])
            problems.append(Problem(path, f"unknown table (known: {known})", _line_of(text, table)))
            continue
        if not isinstance(value, dict):
            problems.append(Problem(path, "expected a table", _line_of(text, table)))
            continue
        for key, item in value.items():
            kind = _KEYS[table].get(key)
            where = f"{path}.{key}"
            if kind is None:
                known = ", ".join(_KEYS[table])
                problems.append(Problem(where, f"unknown key (known: {known})", _line_of(text, key)))
            elif kind == "list" and not (isinstance(item, list) and all(isinstance(x, str) for x in item)):
                problems.append(Problem(where, "expected a list of strings", _line_of(text, key)))
            elif kind == "str" and not isinstance(item, str):
                problems.append(Problem(where, "expected a string", _line_of(text, key)))
            elif kind == "bool" and not isinstance(item, bool):
                problems.append(Problem(where, "expected true or false", _line_of(text, key)))
    replace: list[tuple[str, str]] = []
    raw_replace = data.get("replace", [])
    if not isinstance(raw_replace, list):
        problems.append(Problem("$.replace", "expected [[replace]] entries", _line_of(text, "replace")))
        raw_replace = []
    for index, entry in enumerate(raw_replace):
        where = f"$.replace[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"pattern", "with"} or "pattern" not in entry:
            problems.append(Problem(where, "expected pattern = '...' and with = '...'", _line_of(text, "replace")))
            continue
        pattern, replacement = entry["pattern"], entry.get("with", "")
        if not isinstance(pattern, str) or not isinstance(replacement, str):
            problems.append(Problem(where, "pattern and with must be strings", _line_of(text, "replace")))
            continue
        replace.append((pattern, replacement))
    if problems:
        raise _error(problems, source)

    defaults = RedactionPolicy()
    if (internal := get("hosts", "internal")) is not None:
        values["internal_hosts"] = (*defaults.internal_hosts, *internal)
    if (public := get("hosts", "public")) is not None:
        values["public_hosts"] = tuple(public)
    if (template := get("hosts", "pseudonym")) is not None:
        values["host_pseudonym"] = template
    if (links := get("links", "keep")) is not None:
        values["links"] = links
    if (urls := get("links", "public")) is not None:
        values["public_urls"] = tuple(urls)
    if (urls := get("links", "internal")) is not None:
        values["internal_urls"] = tuple(urls)
    if (names := get("people", "names")) is not None:
        values["people"] = tuple(names)
    if (template := get("people", "pseudonym")) is not None:
        values["pseudonym"] = template
    if (names := get("customers", "names")) is not None:
        values["customers"] = tuple(names)
    if (template := get("customers", "pseudonym")) is not None:
        values["customer_pseudonym"] = template
    if (terms := get("keep", "terms")) is not None:
        values["keep"] = tuple(terms)
    paths = tuple(get("drop", "paths") or ())
    values["drop"] = paths if get("drop", "defaults") is False else (*defaults.drop, *paths)
    if (detect := get("credentials", "detect")) is not None:
        values["credentials"] = detect
    if (scanner := get("credentials", "scanner")) is not None:
        values["scanner"] = scanner
    if replace:
        values["replace"] = tuple(replace)
    try:
        return attrs.evolve(defaults, **values)
    except PolicyError as exc:
        located = [
            Problem(p.path, p.message, _line_of(text, p.path.rsplit(".", 1)[-1].split("[")[0])) for p in exc.problems
        ]
        raise _error(located, source) from None


def load_policy(path: str | os.PathLike[str]) -> RedactionPolicy:
    """Read a redaction policy file (TOML); see :func:`loads_policy`.

    Raises:
        PolicyError: for problems in the file, each with its ``$.path``.
        PostmortemError: when the file cannot be read.
    """
    name = os.fspath(path)
    try:
        with open_input(path) as handle:
            data = read_at_most(handle, 1 << 20)
            kind = stream_kind(handle) if len(data) > 1 << 20 else None
    except OSError as exc:
        raise PostmortemError(f"{shown_path(name)}: cannot read: {exc.strerror or exc}") from None
    if kind is not None:
        raise _error(
            [Problem("$", too_long_a_stream(kind, "1 MiB").replace("an incident file", "a policy file"))], name
        )
    if len(data) > 1 << 20:
        raise _error([Problem("$", "a policy file is at most 1 MiB")], name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _error([Problem("$", not_utf8(exc))], name) from None
    return loads_policy(text, source=name)
