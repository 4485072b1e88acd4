"""Finding what is private in a piece of text: people, addresses, hosts, links, credentials.

A :class:`Scanner` is built once per incident from the policy and the people the incident
names. :meth:`Scanner.spans` returns non-overlapping spans of one text, each with its kind
and a key that makes pseudonyms consistent (the same person, host or customer gets the same
key wherever it is found).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

import attrs
from attrs import define, frozen

from postmortem.redaction._policy import RedactionPolicy
from postmortem.redaction._secrets import credential_spans

__all__ = ["KINDS", "People", "Person", "Scanner", "Span"]

# Kind -> what a report calls it.
KINDS = {
    "person": "person",
    "handle": "handle",
    "email": "e-mail address",
    "account": "account id",
    "url": "link",
    "host": "internal host",
    "ip": "IP address",
    "credential": "credential",
    "customer": "customer",
    "term": "policy replacement",
    "dropped": "dropped field",
}

_URL = re.compile(
    r"(?i)(?<![\w.+-])(?:https?|ftp|wss?|ssh|sftp|git|s3|postgres(?:ql)?|mysql|redis|rediss|mongodb(?:\+srv)?|amqps?|jdbc:[a-z]+)"
    r"://[^\s<>\"'`]{1,4096}"
)
_EMAIL = re.compile(
    r"(?<![\w.+%-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)"
)
_HANDLE = re.compile(r"(?<![\w@./+-])@([A-Za-z0-9](?:[\w.-]{0,62}\w)?)")
_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:/\d{1,3})?(?![\w:])")
_HOST = re.compile(
    r"(?<![\w@/.-])[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
    r"(?![\w-]|\.\w)"
)
_SLACK_WORDS = frozenset({"here", "channel", "everyone"})
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "dos", "bin", "al"})
_PRIORITY = {
    "credential": 0,
    "url": 1,
    "email": 2,
    "account": 3,
    "ip": 4,
    "host": 5,
    "handle": 6,
    "person": 7,
    "customer": 8,
    "term": 9,
}


def fold(text: str) -> str:
    """``text`` without accents: ``Tomás`` becomes ``Tomas``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@frozen
class Span:
    """A private piece of a text.

    Attributes:
        start: Offset of its first character.
        end: Offset after its last character.
        kind: One of :data:`KINDS`.
        key: What makes a pseudonym consistent: the person's index, the host, the address.
    """

    start: int
    end: int
    kind: str
    key: str = ""


@define
class Person:
    """Someone the incident names, and every way it names them."""

    name: str
    names: set[str] = attrs.Factory(set)
    parts: set[str] = attrs.Factory(set)
    handles: set[str] = attrs.Factory(set)
    accounts: set[str] = attrs.Factory(set)
    mail_names: set[str] = attrs.Factory(set)

    def add_name(self, name: str) -> None:
        name = " ".join(name.split())
        if not name:
            return
        for variant in {name, fold(name)}:
            self.names.add(variant)
            words = [word for word in re.split(r"[\s,()]+", variant) if word]
            for word in words:
                if len(word) >= 2 and word[0].isupper() and word.casefold() not in _PARTICLES:
                    self.parts.add(word)
            plain = [re.sub(r"[^a-z0-9]", "", word.casefold()) for word in words]
            plain = [word for word in plain if word]
            self.mail_names.update(plain)
            if len(plain) >= 2:
                first, last = plain[0], plain[-1]
                self.mail_names.update(
                    {f"{first}.{last}", f"{first}_{last}", f"{first}-{last}", f"{first}{last}", f"{first[0]}{last}"}
                )
                self.mail_names.add(f"{first[0]}.{last}")

    def add_handle(self, handle: str) -> None:
        bare = handle.strip().lstrip("@").casefold()
        if bare:
            self.handles.add(bare)
            self.mail_names.add(bare)


class People:
    """The people an incident names, each with a stable index (the order they were met).

    Each way of naming someone is indexed as it is added, so that finding a person costs
    the same however many the incident names (an incident with 10,000 action items, each
    with its own owner, used to look every name up in every person before it).
    """

    def __init__(self) -> None:
        self.people: list[Person] = []
        self._by_name: dict[str, int] = {}
        self._by_handle: dict[str, int] = {}
        self._by_mail_name: dict[str, int] = {}
        self._positions: dict[int, int] = {}

    def find(self, name_or_handle: str) -> Person | None:
        """The person with this name or handle, if known (the first met, when two share it)."""
        wanted = " ".join(name_or_handle.split()).casefold()
        by_name = self._by_name.get(wanted)
        by_handle = self._by_handle.get(wanted.lstrip("@"))
        if by_name is None or by_handle is None:
            found = by_handle if by_name is None else by_name
        else:
            found = min(by_name, by_handle)
        return None if found is None else self.people[found]

    def add(self, name: str, handle: str | None = None, accounts: Iterable[str] = ()) -> Person:
        """Add someone (or more ways to name someone already known) and return them."""
        person = self.find(name) or (self.find(handle) if handle else None)
        if person is None:
            person = Person(name=" ".join(name.split()))
            self._positions[id(person)] = len(self.people)
            self.people.append(person)
        person.add_name(name) if not name.startswith("@") else person.add_handle(name)
        if handle:
            person.add_handle(handle)
        person.accounts.update(value for value in accounts if len(value) >= 4)
        self._note(person)
        return person

    def _note(self, person: Person) -> None:
        """Index every way ``person`` is named; a name two people share stays with the first met."""
        index = self._positions[id(person)]
        for table, keys in (
            (self._by_name, (name.casefold() for name in person.names)),
            (self._by_handle, person.handles),
            (self._by_mail_name, person.mail_names),
        ):
            for key in keys:
                if table.setdefault(key, index) > index:
                    table[key] = index

    def index(self, person: Person) -> int:
        """The person's position, which picks their pseudonym."""
        return self._positions[id(person)]

    def with_mail_name(self, local: str) -> int | None:
        """The index of the first person whose e-mail address could start with ``local`` (folded), if any."""
        return self._by_mail_name.get(local)


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({word for word in words if word}, key=lambda word: (-len(word), word))
    return _joined(ordered)


def _joined(ordered: Iterable[str]) -> str:
    # A name re-wrapped over two lines is still the name.
    return "|".join(r"\s+".join(re.escape(part) for part in word.split()) for word in ordered)


_WORD_RUN = re.compile(r"\w+")
# Casefolding leaves the Turkish dotted capital I as i and a combining dot (which splits a word
# run), and the dotless i as itself, where a case-insensitive pattern matches both to i.
_LIKE_I = str.maketrans({"\u0130": "i", "\u0131": "i"})

_FEW_WORDS = 40
"""Up to this many words, one pattern of them all searches every text (as fast as it gets)."""


def _word_key(text: str) -> str:
    return text.translate(_LIKE_I).casefold()


@functools.lru_cache(maxsize=256)
def _words_pattern(ordered: tuple[str, ...], left: str, right: str, flags: int) -> re.Pattern[str]:
    return re.compile(f"{left}(?:{_joined(ordered)}){right}", flags)


class _Words:
    r"""Many literal words (people's names, parts of names, account ids) found in texts, longest first.

    A pattern of thousands of alternatives costs each text a try of every one at every
    letter: an incident naming a person per action item took time growing with the square
    of its size. Past :data:`_FEW_WORDS`, a text is searched only for the words whose first
    word run (``\w+``, casefolded) is one of its own, with a pattern of those alone, in the
    same order: it finds what the pattern of them all finds, for a match of a word needs
    that run in the text as a whole run (the word's boundaries, and the spaces or
    punctuation after its first run, are the text's too).
    """

    def __init__(self, words: Iterable[str], *, left: str, right: str, flags: int = 0) -> None:
        self.ordered = tuple(sorted({word for word in words if word}, key=lambda word: (-len(word), word)))
        self._shape = (left, right, flags)
        self._every = _words_pattern(self.ordered, *self._shape) if len(self.ordered) <= _FEW_WORDS else None
        self._by_run: dict[str, list[int]] = {}
        self._always: list[int] = []  # words without a word run: tried in every text
        for position, word in enumerate(self.ordered):
            first = _WORD_RUN.search(_word_key(word))
            if first is None:
                self._always.append(position)
            else:
                self._by_run.setdefault(first.group(), []).append(position)

    def pattern_for(self, text: str) -> re.Pattern[str] | None:
        """The pattern that finds every one of the words ``text`` holds, or ``None`` when it holds none."""
        if self._every is not None:
            return self._every
        positions = set(self._always)
        by_run = self._by_run
        for run in set(_WORD_RUN.findall(_word_key(text))):
            found = by_run.get(run)
            if found is not None:
                positions.update(found)
        if not positions:
            return None
        return _words_pattern(tuple(self.ordered[position] for position in sorted(positions)), *self._shape)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The words' matches in ``text``, as the pattern of all of them finds them."""
        pattern = self.pattern_for(text)
        return iter(()) if pattern is None else pattern.finditer(text)


class Scanner:
    """Finds the private spans of texts, for one incident and one policy.

    Args:
        policy: The redaction policy.
        people: The people the incident names.
    """

    def __init__(self, policy: RedactionPolicy, people: People) -> None:
        self.policy = policy
        self.people = people
        self._compile()

    def _compile(self) -> None:
        names: dict[str, str] = {}
        parts: dict[str, str] = {}
        accounts: dict[str, str] = {}
        for index, person in enumerate(self.people.people):
            for name in person.names:
                names.setdefault(name.casefold(), str(index))
            for part in person.parts:
                parts.setdefault(part, str(index))
            for account in person.accounts:
                accounts.setdefault(account, str(index))
        self._names = names
        self._parts = parts
        self._accounts = accounts
        boundary_l, boundary_r = r"(?<![\w@])", r"(?!\w)"
        self._name_words = _Words(names, left=boundary_l, right=boundary_r, flags=re.I) if names else None
        self._part_words = _Words(parts, left=boundary_l, right=boundary_r) if parts else None
        self._account_words = _Words(accounts, left=r"(?<!\w)", right=r"(?!\w)") if accounts else None
        literal = [name for name in self.policy.customers if not name.startswith("re:")]
        regexes = [name[3:] for name in self.policy.customers if name.startswith("re:")]
        self._customers = [re.compile(f"(?<!\\w)(?:{_alternation(literal)})(?!\\w)", re.I)] if literal else []
        self._customers += [re.compile(pattern, re.I) for pattern in regexes]
        self._keep_re = (
            re.compile(f"(?<!\\w)(?:{_alternation(self.policy.keep)})(?!\\w)", re.I) if self.policy.keep else None
        )
        self._replace = [
            (re.compile(pattern[3:]) if pattern.startswith("re:") else re.compile(re.escape(pattern), re.I), index)
            for index, (pattern, _with) in enumerate(self.policy.replace)
        ]

    # ------------------------------------------------------------------ people

    def person_key(self, text: str) -> str | None:
        """The key of the person a whole value names (``Priya Raman``, ``@priya``), if any."""
        wanted = " ".join(text.split())
        mail = _EMAIL.fullmatch(wanted)
        if mail is not None:
            return self._mail_person(mail.group(1))
        key = self._names.get(wanted.casefold()) or self._names.get(fold(wanted).casefold())
        if key is not None:
            return key
        person = self.people.find(wanted)
        return None if person is None else str(self.people.index(person))

    def handle_key(self, handle: str) -> str:
        """The key of the person behind ``@handle``; an unknown handle becomes a new person."""
        person = self.people.find("@" + handle)
        if person is None:
            person = self.people.add("@" + handle)
        return str(self.people.index(person))

    # ------------------------------------------------------------------ urls and hosts

    def url_is_private(self, url: str) -> bool:
        """True when a link must go: an internal or unlisted host, or private text inside it."""
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
        except ValueError:
            return True
        if not host:
            return True
        rule = self.policy.url_rule(url)
        if rule == "internal":
            return True
        if parts.username or parts.password or self._is_private_ip(host) or self.policy.is_internal_host(host):
            return True
        if rule is None and self.policy.links == "public" and not self.policy.is_public_host(host):
            return True
        return any(True for _span in self._raw_spans(url, urls=False))

    @staticmethod
    def _is_private_ip(host: str) -> bool:
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return False
        return not address.is_global

    # ------------------------------------------------------------------ spans

    def spans(self, text: str) -> list[Span]:
        """The private spans of ``text``, without overlaps, in order."""
        return _resolve(self._raw_spans(text, urls=True), self._kept(text))

    def _kept(self, text: str) -> list[tuple[int, int]]:
        if self._keep_re is None:
            return []
        return [match.span() for match in self._keep_re.finditer(text)]

    def _raw_spans(self, text: str, *, urls: bool) -> Iterator[Span]:  # noqa: PLR0912  (one loop per detector)
        policy = self.policy
        if policy.credentials:
            for start, end in credential_spans(text, scanner=policy.scanner):
                yield Span(start, end, "credential")
        if urls:
            for match in _URL.finditer(text):
                url = _trim_url(match.group(0))
                end = match.start() + len(url)
                if self.url_is_private(url):
                    yield Span(match.start(), end, "url")
                else:
                    # A kept link shields its inside: its path may look like a host.
                    yield Span(match.start(), end, "keep")
        for match in _EMAIL.finditer(text):
            local, domain = match.group(1), match.group(2)
            person = self._mail_person(local)
            if person is not None:
                yield Span(match.start(), match.end(), "person", person)
            else:
                yield Span(match.start(), match.end(), "email", match.group(0).casefold())
            del domain
        if self._account_words is not None:
            for match in self._account_words.finditer(text):
                yield Span(match.start(), match.end(), "person", self._accounts[match.group(0)])
        for match in _IPV4.finditer(text):
            address = match.group(0).split("/")[0]
            if all(int(octet) <= 255 for octet in address.split(".")):
                yield Span(match.start(), match.end(), "ip", address)
        for match in _IPV6.finditer(text):
            candidate = match.group(0).split("/")[0]
            if candidate.count(":") >= 2 and len(candidate) >= 3 and _is_ip(candidate):
                yield Span(match.start(), match.end(), "ip", candidate.casefold())
        for match in _HOST.finditer(text):
            host = match.group(0)
            if policy.is_internal_host(host):
                yield Span(match.start(), match.end(), "host", host.casefold())
        for match in _HANDLE.finditer(text):
            handle = match.group(1)
            if handle.casefold() in _SLACK_WORDS:
                continue
            yield Span(match.start(), match.end(), "handle", handle.casefold())
        if self._name_words is not None:
            for match in self._name_words.finditer(text):
                key = self._names.get(" ".join(match.group(0).split()).casefold())
                if key is not None:
                    yield Span(match.start(), match.end(), "person", key)
        if self._part_words is not None:
            for match in self._part_words.finditer(text):
                yield Span(match.start(), match.end(), "person", self._parts[match.group(0)])
        for pattern in self._customers:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    yield Span(match.start(), match.end(), "customer", " ".join(match.group(0).casefold().split()))
        for pattern, index in self._replace:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    yield Span(match.start(), match.end(), "term", str(index))

    def _mail_person(self, local: str) -> str | None:
        index = self.people.with_mail_name(fold(local).casefold())
        return None if index is None else str(index)


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _trim_url(url: str) -> str:
    """A URL without the punctuation that ends the sentence or the Markdown around it."""
    while url and url[-1] in ".,;:!?*_~)]}":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def _resolve(spans: Iterable[Span], kept: list[tuple[int, int]]) -> list[Span]:
    """Non-overlapping spans: the earliest first, then the longest, then the most specific.

    A span inside a phrase the policy keeps, or inside a link that is kept, is not private.
    """
    candidates = sorted(spans, key=lambda span: (span.start, -(span.end - span.start), _PRIORITY.get(span.kind, 99)))
    shields = kept + [(span.start, span.end) for span in candidates if span.kind == "keep"]
    chosen: list[Span] = []
    for span in candidates:
        if span.kind == "keep" or span.end <= span.start:
            continue
        if any(start <= span.start and span.end <= end for start, end in shields):
            continue
        if chosen and span.start < chosen[-1].end:
            # Overlapping finds of different detectors merge: a partial overlap must not
            # leave the tail of either in the text.
            last = chosen[-1]
            if span.end > last.end:
                stronger = last if _PRIORITY[last.kind] <= _PRIORITY[span.kind] else span
                chosen[-1] = Span(last.start, span.end, stronger.kind, stronger.key)
            continue
        chosen.append(span)
    return chosen
