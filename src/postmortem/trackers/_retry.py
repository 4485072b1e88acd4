"""Retrying with backoff, and keeping credentials out of log records.

Both are the Confluence publisher's ideas (``postmortem_confluence._publish.RetryPolicy``
and its ``_Redactor``), written once more here without a Confluence error type so that
every tracker plugin can use them; issue 19 may move the publisher onto these.
"""

from __future__ import annotations

import logging
import math
import random
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from attrs import field, frozen

from postmortem.trackers._base import TrackerUnavailableError

__all__ = ["RetryPolicy", "SecretFilter", "parse_retry_after", "secret_filter"]

log = logging.getLogger("postmortem.trackers")

T = TypeVar("T")


@frozen
class RetryPolicy:
    """How hard to try before giving up.

    Attributes:
        attempts: Tries per request, the first included.
        backoff: Seconds to wait before the second try; doubled for each further try.
        max_delay: The longest backoff between tries.
        max_retry_after: The longest ``Retry-After`` honoured; a tracker asking for more
            makes the sync of that item fail with an error rather than hang.
        jitter: Up to this share of the delay is added at random, so that many syncs do not
            retry in step.
        sleep: How to wait (tests pass a recorder).
    """

    attempts: int = 6
    backoff: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 300.0
    jitter: float = 0.1
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, eq=False)

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait after failed try number ``attempt`` (1-based)."""
        if retry_after is not None:
            return retry_after
        base = min(self.max_delay, self.backoff * 2.0 ** (attempt - 1))
        return base * (1 + self.jitter * random.random())  # noqa: S311  (jitter, not cryptography)

    def wait(self, what: str, attempt: int, error: TrackerUnavailableError) -> None:
        """Sleep before the next try, or raise when there is none or the wait is too long.

        Raises:
            TrackerUnavailableError: after the last attempt, or when the tracker asks to wait
                longer than :attr:`max_retry_after`.
        """
        if attempt >= self.attempts:
            raise TrackerUnavailableError(
                f"{what}: gave up after {attempt} attempts; last error: {error}", error.status
            ) from None
        if error.retry_after is not None and error.retry_after > self.max_retry_after:
            raise TrackerUnavailableError(
                f"{what}: the tracker asked to wait {error.retry_after:g} s, longer than the "
                f"{self.max_retry_after:g} s allowed; try again later",
                error.status,
                error.retry_after,
            ) from None
        delay = self.delay(attempt, error.retry_after)
        log.warning("%s failed (%s); retrying in %.2f s", what, error, delay)
        self.sleep(delay)

    def call(self, what: str, operation: Callable[[], T]) -> T:
        """Run an operation that is safe to repeat (a read, an update to the same values)."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return operation()
            except TrackerUnavailableError as error:
                self.wait(what, attempt, error)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number of seconds or an HTTP date.

    Returns ``None`` when there is none or it cannot be read; an absurd value comes back as
    given, for :meth:`RetryPolicy.wait` to refuse.
    """
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return None if math.isnan(seconds) else max(0.0, seconds)
    from datetime import datetime, timezone  # noqa: PLC0415  (rare path)
    from email.utils import parsedate_to_datetime  # noqa: PLC0415

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    try:
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except OverflowError:
        return None


class SecretFilter(logging.Filter):
    """Takes every known credential (and any ``Authorization`` header value) out of log records.

    Installed on the loggers that may see request or response text, because a filter on a
    parent logger does not see its children's records. Trackers add their secrets while
    they are open and discard them when closed.
    """

    _HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=]\s*['\"]?)(basic|bearer|token)?\s*[^\s'\",;)}]+")

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: list[tuple[str, ...]] = []
        self._installed: set[str] = set()

    def add(self, secrets: tuple[str, ...], loggers: Iterable[str] = ()) -> None:
        """Remember ``secrets`` and filter the named loggers (and their children) too."""
        with self._lock:
            self._secrets.append(secrets)
        self.install(("postmortem", "urllib3", "requests", *loggers))

    def discard(self, secrets: tuple[str, ...]) -> None:
        """Forget secrets added with :meth:`add`."""
        with self._lock:
            if secrets in self._secrets:
                self._secrets.remove(secrets)

    def install(self, roots: Iterable[str]) -> None:
        """Attach to the loggers named and their existing children, once each."""
        wanted = set(roots)
        names = set(wanted)
        names.update(name for name in list(logging.Logger.manager.loggerDict) if name.split(".")[0] in wanted)
        with self._lock:
            new = sorted(names - self._installed)
            self._installed.update(new)
        for name in new:
            logging.getLogger(name).addFilter(self)

    def scrub(self, text: str) -> str:
        """``text`` with every known secret replaced by ``***``."""
        with self._lock:
            secrets = sorted({s for group in self._secrets for s in group if s}, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "***")
        return self._HEADER.sub(lambda m: f"{m[1]}{m[2] + ' ' if m[2] else ''}***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub the record's message in place; never drops a record."""
        try:
            message = record.getMessage()
        except Exception:  # a record that cannot format is logged as it is
            return True
        cleaned = self.scrub(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


secret_filter = SecretFilter()
"""The one filter every tracker registers its credentials with."""
