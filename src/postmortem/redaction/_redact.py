"""Redaction: a public copy of an incident, and a check that a copy is public.

The incident is walked generically with :func:`attrs.fields`, so every text field is covered,
including fields added to the model later. Prose is treated as Markdown: inline links,
reference definitions and autolinks are rewritten as units, so a link to an internal page
becomes its (redacted) text rather than broken markup.
"""

from __future__ import annotations

import enum
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import attrs
from attrs import frozen

from postmortem.errors import Problem
from postmortem.model import Incident, Participant
from postmortem.redaction._detect import _URL, KINDS, People, Scanner, Span, _trim_url
from postmortem.redaction._policy import PolicyError, RedactionPolicy

__all__ = ["PrivateFinding", "RedactionResult", "Replacement", "find_private", "redact"]

_LINK_REMOVED = "(link removed)"
_EMAIL_REMOVED = "(e-mail address removed)"
_CREDENTIAL_REMOVED = "(credential removed)"

# Fields that name things rather than say things: identifiers, enum-like words, the scale.
_SKIP = re.compile(
    r"^\$\.(?:id|severity|severity_scale|timezone|markup|status)$"
    r"|^\$\.action_items\[\d+\]\.id$|^\$\.suppressions\[\d+\]\.(?:rule|path)$"
    r"|^\$\.related\[\d+\]\.id$"
)

# Fields whose whole value is a person: replaced as a whole, whatever else the name holds.
_PERSON_FIELD = re.compile(
    r"^\$\.(?:authors|reviewers)\[\d+\]$|^\$\.participants\[\d+\]\.name$|^\$\.action_items\[\d+\]\.owner$"
)

# [label](destination "title") and ![alt](src), one level of brackets in the label.
_INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\\n]|\\.){0,500}\]){0,500})\]"
    r"\(\s{0,8}(<[^<>\n]{0,4096}>|[^\s()<>]{0,4096}(?:\([^\s()<>]{0,512}\)[^\s()<>]{0,512}){0,8})"
    r"(\s{1,8}(?:\"[^\"\n]{0,1000}\"|'[^'\n]{0,1000}'|\([^()\n]{0,1000}\)))?\s{0,8}\)"
)
_REFERENCE = re.compile(
    r"^( {0,3}\[)((?:[^\[\]\\\n]|\\.){1,999})(\]:[ \t]{0,8})(<[^<>\n]{0,4096}>|\S{1,4096})(.*)$", re.M
)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]{1,4096}|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253})>")


@frozen
class Replacement:
    """One change redaction made.

    Attributes:
        path: The field, as a ``$.path``.
        kind: What was replaced (``person``, ``e-mail address``, ``link``, ``credential``, ...).
        replacement: What stands there now (empty for a dropped field). The original is
            never kept.
    """

    path: str
    kind: str
    replacement: str


@frozen
class PrivateFinding:
    """Something in an incident that still looks private.

    Attributes:
        path: The field, as a ``$.path``.
        kind: What it looks like: ``person``, ``e-mail address``, ``IP address``, ...
    """

    path: str
    kind: str

    def __str__(self) -> str:
        return f"{self.path}: {self.kind}"


@frozen
class RedactionResult:
    """A redacted incident and the report of every replacement.

    Attributes:
        incident: The public copy.
        replacements: Every replacement, in field order.
        policy: The policy applied.
    """

    incident: Incident
    replacements: tuple[Replacement, ...]
    policy: RedactionPolicy

    def counts(self) -> dict[str, int]:
        """How many replacements of each kind, most frequent first."""
        return dict(Counter(item.kind for item in self.replacements).most_common())

    def summary(self) -> str:
        """One line: how many replacements of each kind."""
        counts = self.counts()
        if not counts:
            return "nothing to redact"
        parts = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        return f"{len(self.replacements)} replacements: {parts}"

    def report_text(self) -> str:
        """The report as lines of ``$.path  kind  -> replacement``."""
        lines = [self.summary()]
        lines += [
            f"{item.path}  {item.kind}" + (f" -> {item.replacement}" if item.replacement else " (dropped)")
            for item in self.replacements
        ]
        return "\n".join(lines) + "\n"

    def report_json(self) -> str:
        """The report as JSON: the counts and every replacement."""
        data = {
            "incident": self.incident.id,
            "counts": self.counts(),
            "replacements": [attrs.asdict(item) for item in self.replacements],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def _repr_html_(self) -> str:
        counts = (
            "".join(f"<li>{html.escape(kind)}: {count}</li>" for kind, count in self.counts().items())
            or "<li>nothing to redact</li>"
        )
        rows = "".join(
            f"<tr><td><code>{html.escape(item.path)}</code></td><td>{html.escape(item.kind)}</td>"
            f"<td>{html.escape(item.replacement) if item.replacement else '<em>dropped</em>'}</td></tr>"
            for item in self.replacements
        )
        return (
            '<div class="postmortem-redaction">'
            f"<p><strong>Redacted {html.escape(self.incident.id)}</strong>: "
            f"{len(self.replacements)} replacements</p><ul>{counts}</ul>"
            "<details><summary>Every replacement</summary>"
            f"<table><thead><tr><th>Field</th><th>Kind</th><th>Now reads</th></tr></thead><tbody>{rows}</tbody></table>"
            "</details></div>"
        )


class _DropError(Exception):
    """Raised inside a list item whose required field was removed: the item goes."""


def _letters(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: spreadsheet column names."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class _Pseudonyms:
    """Consistent replacement text for every span kind and key."""

    def __init__(self, policy: RedactionPolicy) -> None:
        self.policy = policy
        self._seen: dict[str, dict[str, str]] = {"customer": {}, "host": {}, "ip": {}}

    def _numbered(self, kind: str, key: str, template: str) -> str:
        table = self._seen[kind]
        if key not in table:
            table[key] = template.format(_letters(len(table)))
        return table[key]

    def text(self, span: Span, scanner: Scanner) -> str:  # noqa: PLR0911  (one answer per kind)
        kind, key = span.kind, span.key
        if kind == "handle":
            key = scanner.handle_key(key)
            kind = "person"
        if kind == "person":
            return self.policy.pseudonym.format(_letters(int(key)))
        if kind == "customer":
            return self._numbered("customer", key, self.policy.customer_pseudonym)
        if kind == "host":
            return self._numbered("host", key, self.policy.host_pseudonym)
        if kind == "ip":
            return self._numbered("ip", key, "IP address {}")
        if kind == "term":
            return self.policy.replace[int(key)][1]
        if kind == "credential":
            return _CREDENTIAL_REMOVED
        if kind == "email":
            return _EMAIL_REMOVED
        return _LINK_REMOVED


def _people(incident: Incident, policy: RedactionPolicy, *, pseudonym: re.Pattern[str] | None = None) -> People:
    people = People()

    def is_pseudonym(name: str) -> bool:
        return pseudonym is not None and pseudonym.fullmatch(name.strip()) is not None

    for participant in incident.participants:
        if not is_pseudonym(participant.name):
            people.add(participant.name, participant.handle, participant.accounts.values())
        elif participant.handle:
            people.add(participant.handle)
    scanner = Scanner(policy, people)
    for name in (*incident.authors, *incident.reviewers, *policy.people):
        # An author written as an e-mail address is the participant it belongs to.
        if name.strip() and not is_pseudonym(name) and scanner.person_key(name) is None:
            people.add(name)
    for item in incident.action_items:
        if item.owner and item.owner.strip() and not is_pseudonym(item.owner):
            people.add(item.owner)
    return people


def _pseudonym_pattern(policy: RedactionPolicy) -> re.Pattern[str]:
    before, _, after = policy.pseudonym.partition("{}")
    return re.compile(f"{re.escape(before)}[A-Z]{{1,3}}{re.escape(after)}")


def _whole_url(value: str) -> bool:
    text = value.strip()
    match = _URL.fullmatch(text)
    return match is not None and _trim_url(text) == text


class _Walker:
    """Walks an incident's fields and rewrites (or only inspects) each text."""

    def __init__(self, policy: RedactionPolicy, scanner: Scanner, *, rewrite: bool) -> None:
        self.policy = policy
        self.scanner = scanner
        self.rewrite = rewrite
        self.names = _Pseudonyms(policy)
        self.pseudonym = _pseudonym_pattern(policy)
        self.replacements: list[Replacement] = []
        self.findings: list[PrivateFinding] = []

    def note(self, path: str, kind: str, replacement: str) -> None:
        label = KINDS.get(kind, kind)
        if self.rewrite:
            self.replacements.append(Replacement(path, label, replacement))
        else:
            self.findings.append(PrivateFinding(path, label))

    # ------------------------------------------------------------------ structure

    def value(self, value: Any, path: str, owner: type | None = None, name: str = "") -> Any:  # noqa: PLR0911
        if _SKIP.match(path) or value is None:
            return value
        if isinstance(value, str):
            return self.string(value, path, owner, name)
        if isinstance(value, (bool, int, float, enum.Enum, datetime, date)):
            return value
        if attrs.has(type(value)):
            return self.instance(value, path)
        if isinstance(value, tuple):
            items = []
            for index, item in enumerate(value):
                try:
                    items.append(self.value(item, f"{path}[{index}]", owner, name))
                except _DropError:
                    continue
            return tuple(items)
        if isinstance(value, dict):
            return {key: self.value(item, f"{path}.{key}", owner, name) for key, item in value.items()}
        return value

    def instance(self, value: Any, path: str) -> Any:
        changes: dict[str, Any] = {}
        for field in attrs.fields(type(value)):
            if not field.init:
                continue
            current = getattr(value, field.name)
            where = f"{path}.{field.name}"
            if self.policy.drops(where):
                empty = _default(field)
                if empty is attrs.NOTHING:
                    raise _DropError(where)
                if current != empty:
                    self.note(where, "dropped", "")
                    changes[field.alias or field.name] = empty
                continue
            try:
                new = self.value(current, where, type(value), field.name)
            except _DropError:
                if field.default is not None and field.default is not attrs.NOTHING:
                    raise
                if field.default is attrs.NOTHING:
                    raise
                new = None
            if new is not current and new != current:
                changes[field.alias or field.name] = new
        return attrs.evolve(value, **changes) if changes and self.rewrite else value

    # ------------------------------------------------------------------ text

    def string(self, value: str, path: str, owner: type | None, name: str) -> str:
        if owner is Participant and name == "handle":
            # A handle names a person; the pseudonym is the name, the handle goes.
            self.note(path, "handle", "")
            raise _DropError
        if _PERSON_FIELD.match(path) and value.strip():
            if self.pseudonym.fullmatch(value.strip()):
                return value
            key = self.scanner.person_key(value)
            if key is None:
                key = str(self.scanner.people.index(self.scanner.people.add(value)))
            replacement = self.policy.pseudonym.format(_letters(int(key)))
            self.note(path, "person", replacement)
            return replacement
        if _whole_url(value):
            if not self.scanner.url_is_private(value.strip()):
                return value
            field = attrs.fields_dict(owner).get(name) if owner is not None and attrs.has(owner) else None
            if name == "url" or (field is not None and field.default is None):
                # An optional link goes; so does a list item that is a link (Link.url).
                self.note(path, "url", "")
                raise _DropError
            self.note(path, "url", _LINK_REMOVED)
            return _LINK_REMOVED
        return self.markdown(value, path)

    def markdown(self, text: str, path: str) -> str:
        if "[" not in text and "<" not in text:
            return self.plain(text, path)
        out: list[str] = []
        position = 0
        for match in _link_matches(text):
            out.append(self.plain(text[position : match.start()], path))
            out.append(self.construct(match, path))
            position = match.end()
        out.append(self.plain(text[position:], path))
        return "".join(out)

    def construct(self, match: re.Match[str], path: str) -> str:
        if match.re is _AUTOLINK:
            target = match.group(1)
            spans = self.scanner.spans(target)
            if "@" in target and "://" not in target and not target.lower().startswith("mailto:"):
                return self.plain(target, path) if spans else match.group(0)
            if self.scanner.url_is_private(target):
                self.note(path, "url", _LINK_REMOVED)
                return _LINK_REMOVED
            return match.group(0)
        if match.re is _REFERENCE:
            opening, label, middle, destination, rest = match.groups()
            target = destination.strip("<>")
            new_label = self.plain(label, path)
            if "://" in target and self.scanner.url_is_private(target):
                self.note(path, "url", "#")
                target = "#"
            return f"{opening}{new_label}{middle}{target}{self.plain(rest, path)}"
        bang, label, destination, title = match.groups()
        target = destination.strip("<>")
        new_label = self.markdown(label, path)
        new_title = self.plain(title or "", path)
        private = (":" in target.split("/")[0] or "//" in target) and self.scanner.url_is_private(target)
        if not private and target.lower().startswith("mailto:"):
            private = bool(self.scanner.spans(target[7:]))
        if private:
            self.note(path, "url", new_label)
            return new_label
        return f"{bang}[{new_label}]({destination}{new_title})"

    def plain(self, text: str, path: str) -> str:
        if not text:
            return text
        spans = self.scanner.spans(text)
        if not spans:
            return text
        out: list[str] = []
        position = 0
        for span in spans:
            replacement = self.names.text(span, self.scanner)
            self.note(path, span.kind, replacement)
            out.append(text[position : span.start])
            out.append(replacement)
            position = span.end
        out.append(text[position:])
        return "".join(out)


def _link_matches(text: str) -> Iterator[re.Match[str]]:
    """Inline links, reference definitions and autolinks, in order, without overlaps."""
    matches = sorted(
        (*_INLINE_LINK.finditer(text), *_REFERENCE.finditer(text), *_AUTOLINK.finditer(text)),
        key=lambda match: (match.start(), -match.end()),
    )
    reach = 0
    for match in matches:
        if match.start() >= reach:
            yield match
            reach = match.end()


def _default(field: attrs.Attribute[Any]) -> Any:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Callable[[], Any] = default.factory  # type: ignore[union-attr]
        return factory()
    return default


def redact(incident: Incident, policy: RedactionPolicy | None = None) -> RedactionResult:
    """Make a public copy of an incident.

    People become consistent pseudonyms ("Engineer A" for the same person in every field,
    whether named, mentioned by handle or by e-mail address); roles are kept. Links to hosts
    that are not public, e-mail and IP addresses, internal hostnames, credentials and
    customer names are replaced, and the fields the policy drops are emptied.

    Args:
        incident: The incident.
        policy: What to keep, drop and replace; the defaults when ``None``.

    Returns:
        The public copy and a report of every replacement (path and kind, never the original).

    Raises:
        PolicyError: when the policy drops a field the incident cannot be without.
    """
    policy = policy or RedactionPolicy()
    scanner = Scanner(policy, _people(incident, policy))
    walker = _Walker(policy, scanner, rewrite=True)
    try:
        public: Incident = walker.instance(incident, "$")
    except _DropError as exc:
        where = str(exc.args[0]) if exc.args else "$"
        raise PolicyError([Problem(where, "is required and cannot be dropped; replace its text instead")]) from None
    return RedactionResult(public, tuple(walker.replacements), policy)


def find_private(incident: Incident, policy: RedactionPolicy | None = None) -> tuple[PrivateFinding, ...]:
    """List what still looks private in an incident, by ``$.path`` and kind.

    Uses the same detectors as :func:`redact`; names that are pseudonyms of the policy
    ("Engineer B") are not private. A copy made by :func:`redact` with the same policy
    has no findings.

    Returns:
        One finding per private piece, in field order; empty when the incident looks public.
    """
    policy = policy or RedactionPolicy()
    scanner = Scanner(policy, _people(incident, policy, pseudonym=_pseudonym_pattern(policy)))
    walker = _Walker(policy, scanner, rewrite=False)
    try:
        walker.instance(incident, "$")
    except _DropError as exc:
        where = str(exc.args[0]) if exc.args else "$"
        raise PolicyError([Problem(where, "is required and cannot be dropped; replace its text instead")]) from None
    return tuple(walker.findings)
