"""Check reports kept between runs of :func:`~postmortem.checks.check_files` (``postmortem check --cache``).

A file's report is kept under a key made of everything the report depends on: the file's
bytes (a SHA-256 digest) and its name as given (the report names it), the configuration's
fields, the preset, the day overdue items are judged against, and the code that checks: this
package's version, every file of the installed package (name, size and modification time,
so an edited or reinstalled copy counts as new), the modules of the installed rules (a third
party's rules included: every file of each one's top-level package, found without importing
it), and the Python version. A report is used only when all of these are the same; nothing
else is ever read for a file, so a change to any of them checks the file again.

The reports are JSON (nothing in the file is run), in one file per version of the code in
the cache folder's ``check/`` folder (see :func:`postmortem._patterns.cache_folder`); the few
most recently written are kept. A file that cannot be read or written is left alone: the
files are then checked as without the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from postmortem._patterns import cache_folder, write_cache_file
from postmortem.checks._finding import Finding, Report, SectionScore

__all__ = ["ResultCache"]

# The versions of the code whose reports are kept (older files are removed when one is written).
_VERSIONS_KEPT = 3
# The reports kept in one file at most: the ones used or made most recently stay.
_MOST_REPORTS = 50_000


def _code_fingerprint() -> str:
    """A digest of the code that makes a report: see the module docstring."""
    import postmortem  # noqa: PLC0415
    from postmortem.checks._registry import _RULES  # noqa: PLC0415

    digest = hashlib.sha256()
    digest.update(f"{sys.version}\0{postmortem.__version__}\0".encode())
    # Every installed rule: its id, entry point, distribution and version (none imported).
    digest.update(repr([(info.name, info.target, info.distribution, info.version) for info in _RULES.info()]).encode())
    package = Path(postmortem.__file__).parent
    files = [path for path in package.rglob("*") if "__pycache__" not in path.parts]
    for target in _RULES.runtime.values():  # rules registered in code: their modules' files
        module = sys.modules.get(getattr(getattr(target, "function", target), "__module__", "") or "")
        where = getattr(module, "__file__", None)
        if where:
            files.append(Path(where))
    # Installed rules: the files of each one's top-level package, so that a module edited where
    # it is installed (an editable install, a fix made in place) is new code at the same version.
    tops = {info.target.partition(":")[0].partition(".")[0].strip() for info in _RULES.info()}
    for top in sorted(tops - {"", "<runtime>", "postmortem"}):
        files.extend(_package_files(top))
    for path in sorted(files):
        try:
            stat = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()[:24]


def _package_files(name: str) -> list[Path]:
    """The files of the top-level module or package ``name``, found without importing it (none if not found)."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return []
    if spec is None:
        return []
    if spec.submodule_search_locations is not None:
        return [
            path
            for folder in spec.submodule_search_locations
            for path in Path(folder).rglob("*")
            if "__pycache__" not in path.parts
        ]
    return [Path(spec.origin)] if spec.origin and spec.has_location else []


def _plain(value: object) -> object:
    """A configuration value JSON does not write, as text that is the same in every process (sets sorted)."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    return repr(value)


def _report_row(report: Report) -> list[Any]:
    return [
        report.incident_id,
        [finding.to_dict() for finding in report.findings],
        [finding.to_dict() for finding in report.suppressed],
        report.preset,
        report.completeness,
        [[section.section, section.score] for section in report.sections],
        list(report.rules),
        report.source,
    ]


def _report_of(row: list[Any]) -> Report:
    incident_id, findings, suppressed, preset, completeness, sections, rules, source = row
    return Report(
        incident_id=incident_id,
        findings=[Finding.from_dict(finding) for finding in findings],
        suppressed=[Finding.from_dict(finding) for finding in suppressed],
        preset=preset,
        completeness=completeness,
        sections=[SectionScore(name, score) for name, score in sections],
        rules=rules,
        source=source,
    )


class ResultCache:
    """The kept reports of one version of the code, read when made and written by :meth:`save`."""

    def __init__(self, folder: Path | None = None) -> None:
        found = folder if folder is not None else cache_folder()
        self._folder = found / "check" if found is not None and folder is None else found
        self._path = None if self._folder is None else self._folder / f"reports-{_code_fingerprint()}.json"
        self._rows: dict[str, list[Any]] = self._read()
        self._used: dict[str, list[Any]] = {}
        self._changed = False

    def _read(self) -> dict[str, list[Any]]:
        if self._path is None:
            return {}
        try:
            rows = json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            return {}
        return rows if isinstance(rows, dict) else {}

    @staticmethod
    def key(name: str, data: bytes, config: Mapping[str, Any] | None, preset: str | None, today: date) -> str:
        """The key of the report of file ``name`` holding ``data``, checked with these settings."""
        settings = json.dumps([name, config, preset, today.isoformat()], sort_keys=True, default=_plain)
        return hashlib.sha256(settings.encode() + b"\0" + data).hexdigest()

    def get(self, key: str) -> Report | None:
        """The report kept under ``key``, or None."""
        row = self._rows.get(key)
        if row is None:
            return None
        try:
            report = _report_of(row)
        except (TypeError, ValueError, KeyError):  # a damaged entry: check the file again
            return None
        self._used[key] = row
        return report

    def put(self, key: str, report: Report) -> None:
        """Keep ``report`` (made without the cache) under ``key``."""
        self._used[key] = _report_row(report)
        self._changed = True

    def save(self) -> None:
        """Write the reports kept, when any is new: the ones used or made in this run last (most recent)."""
        if not self._changed or self._path is None:
            return
        rows = {key: row for key, row in self._read().items() if key not in self._used}
        rows.update(self._used)
        if len(rows) > _MOST_REPORTS:
            rows = dict(list(rows.items())[-_MOST_REPORTS:])
        data = json.dumps(rows, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        if write_cache_file(self._path, data):
            with contextlib.suppress(OSError):
                older = sorted(self._path.parent.glob("reports-*.json"), key=lambda path: path.stat().st_mtime_ns)
                for path in older[:-_VERSIONS_KEPT]:
                    path.unlink()
        self._changed = False
