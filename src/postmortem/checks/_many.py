"""Many incident files checked at once, across worker processes: :func:`check_files`.

Public as ``postmortem.checks.check_files`` and ``postmortem.check_files``; this module (and
``multiprocessing`` with it) is imported on first use, so ``import postmortem`` stays light.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from postmortem import _records
from postmortem._kept_code import save_generated_code
from postmortem._parallel import checked_jobs, default_jobs, map_chunks, unexpected_error
from postmortem._patterns import save_patterns
from postmortem.checks._config import Config, ConfigError, find_config, load_config
from postmortem.checks._engine import check_loaded_together
from postmortem.checks._finding import Report

if TYPE_CHECKING:
    from postmortem.checks._result_cache import ResultCache
from postmortem.errors import IncidentFormatError, NotAnIncidentError, PostmortemError, Problem

__all__ = ["check_files"]

# The class Path(...) makes here (PosixPath or WindowsPath): an instance of it needs no copy.
_PATH = type(Path())

# Below this many files, starting workers costs more than they save.
_PARALLEL_FROM = 8

# What a worker hands back for one file: a report (without the incident), or the problem as
# plain data, since exceptions with their own constructors do not survive pickling.
_Result = Report | tuple[str, tuple[Problem, ...], str | None] | tuple[str, str] | NotAnIncidentError

# One file to check: its name, its configuration's fields, the preset and the day of the check.
_Task = tuple[str, dict[str, Any] | None, str | None, date | None]


def check_files(
    files: Iterable[str | os.PathLike[str]],
    config: Config | None = None,
    *,
    preset: str | None = None,
    today: date | None = None,
    jobs: int = 0,
    cache: bool | str | os.PathLike[str] = False,
) -> Iterator[Report | PostmortemError]:
    """Check many incident files for completeness and blameless language, in parallel across cores.

    Each file is checked with every installed rule, as :func:`check_file` checks it. One
    file that does not load never stops the others: its place in the results holds the
    error. ``postmortem check`` is this function with a progress bar and the output formats.

    Example::

        from postmortem.checks import Report, check_files

        for result in check_files(sorted(Path("incidents").glob("*.yaml"))):
            if isinstance(result, Report) and result.fails("error"):
                print(result.source, result.counts())

    Args:
        files: The incident files. For the files of a folder, see
            :func:`postmortem.analytics.find_incident_files`.
        config: The configuration for every file. Without it, each file gets the one of the
            nearest ``pyproject.toml`` (``[tool.postmortem.check]``) or configuration file
            above its folder, read once per folder (:func:`find_config`).
        preset: The sections required, overriding the configuration's preset.
        today: The day overdue action items are judged against (default: today).
        jobs: Processes checking, this one included (it checks files too, beside a worker
            per other core); 0 (the default) uses one per core, 1 checks in this process only.
            More than four per core are lowered to four per core, as ``-j`` is. Fewer than
            eight files are checked in this process.
        cache: Keep each file's report between runs, and use the one kept when nothing it
            depends on has changed (the file's bytes and name, the configuration, the preset,
            the day, the code that checks: see ``postmortem.checks._result_cache``). True keeps
            them in ``check/`` in postmortem's cache folder (``POSTMORTEM_CACHE_DIR``, else
            ``$XDG_CACHE_HOME/postmortem`` or ``~/.cache/postmortem``); a path names the folder.
            Off by default.

    Returns:
        An iterator of one result per file, in the order of ``files``: the file's
        :class:`Report` (without the incident, which stays in the worker), or the
        :class:`~postmortem.errors.PostmortemError` that stopped it (an
        :class:`~postmortem.errors.IncidentFormatError` listing every problem of a file
        that does not load; a :class:`~postmortem.errors.NotAnIncidentError` for one that
        is certainly no post-mortem, which a caller that found the file in a folder may skip).

    Raises:
        ValueError: When ``jobs`` is negative (before any work); a ``jobs`` that is no whole
            number raises TypeError.
        ConfigError: While iterating, before the first result: a configuration file that
            cannot be used; and when a file's check meets an unknown preset.
    """
    workers = checked_jobs(jobs) or default_jobs()
    # A path given is kept (Path(path) parses it again: about 1% of starting on a thousand files).
    paths = [file if file.__class__ is _PATH else Path(file) for file in files]
    kept = None
    if cache:
        from postmortem.checks._result_cache import ResultCache  # noqa: PLC0415

        kept = ResultCache(None if cache is True else Path(cache))
    return _saved_before_the_last(_results(paths, config, preset, today, workers, kept), kept)


def _saved_before_the_last(results: Iterator[_Result], kept: ResultCache | None) -> Iterator[Report | PostmortemError]:
    """The ``results`` as the caller gets them; what is cached is written when all are made.

    The patterns compiled here (see ``postmortem._patterns.save_patterns``) and the reports
    made, when reports are kept (``kept``), are written before the last result is handed
    over: a caller may stop asking once it has as many results as files (``postmortem check``
    does), and this generator is then never resumed.
    """
    held: list[_Result] = []
    for result in results:
        if held:
            yield _received(held.pop())
        held.append(result)
    save_patterns()
    save_generated_code()
    if kept is not None:
        kept.save()
    for result in held:
        yield _received(result)


def _results(
    files: list[Path],
    explicit: Config | None,
    preset: str | None,
    today: date | None,
    jobs: int,
    kept: ResultCache | None = None,
) -> Iterator[_Result]:
    cache: dict[Path, Config] = {}
    folders: dict[str, Config] = {}  # a file's folder as named -> its configuration
    states: dict[int, dict[str, Any]] = {}
    built: dict[int, Config] = {}  # state -> the configuration it came from, for checks done here
    tasks: list[_Task] = []
    for path in files:
        config = _folder_config(path, explicit, cache, folders)
        # A configuration travels as its fields (its mappings are read-only views, which do not pickle).
        state = states.get(id(config))
        if state is None:
            state = states[id(config)] = _config_state(config)
            built[id(state)] = config
        tasks.append((str(path), state, preset, today))
    if kept is not None:
        yield from _with_kept(tasks, built, jobs, kept)
    else:
        yield from _checked_tasks(tasks, built, jobs)


def _with_kept(tasks: list[_Task], built: dict[int, Config], jobs: int, kept: ResultCache) -> Iterator[_Result]:
    """The results of ``tasks``: the reports kept where there are, the others checked (and kept)."""
    keys: list[str | None] = []
    for name, state, task_preset, task_today in tasks:
        try:
            data = Path(name).read_bytes()
        except OSError:  # checked as usual, which reports the problem
            keys.append(None)
            continue
        day = task_today or (built[id(state)] if state is not None else Config()).effective_today()
        keys.append(kept.key(name, data, state, task_preset, day))
    found = [kept.get(key) if key is not None else None for key in keys]
    checked = _checked_tasks([task for task, report in zip(tasks, found, strict=True) if report is None], built, jobs)
    for key, report in zip(keys, found, strict=True):
        if report is not None:
            yield report
            continue
        result = next(checked)
        if key is not None and isinstance(result, Report):
            kept.put(key, result)
        yield result


def _checked_tasks(tasks: list[_Task], built: dict[int, Config], jobs: int) -> Iterator[_Result]:
    """The results of ``tasks``, checked here or across ``jobs`` processes."""
    if jobs <= 1 or len(tasks) < _PARALLEL_FROM:
        for start in range(0, len(tasks), _BATCH):
            yield from _check_batch(tasks[start : start + _BATCH], built)
        return
    # The first file is checked here before any worker starts: the rules, the YAML reader
    # and the rest imported on first use are then there in a forked worker, not made again.
    # The rules' patterns are compiled as files need them, in each process: compiling them
    # all before the fork took longer (about 0.06 s) than the few that the files of a
    # process need beyond the first file's take it in parallel with the other process.
    first = [_check_one(task, built) for task in tasks[:1]]
    # Reports come back from workers as compact records (see postmortem._records).
    chunks = map_chunks(_check_chunk, tasks[1:], jobs=jobs, pack=_records.dumps, unpack=_records.loads)
    results = itertools.chain(first, (result for chunk in chunks for result in chunk))
    yield from results


def config_for(path: Path, explicit: Config | None, cache: dict[Path, Config]) -> Config:
    """The configuration for the file at ``path``: ``explicit``, else the one found above its folder.

    Files in one folder share a configuration: it is searched for and read once per folder
    (``cache`` keeps them).

    Raises:
        ConfigError: When the configuration file found cannot be used.
    """
    if explicit is not None:
        return explicit
    try:
        directory = path.resolve().parent
    except (RuntimeError, OSError):
        # A link that loops (Python before 3.13 raises RuntimeError): reading the file says
        # so, with its name; its configuration is the one of the folder it is in.
        directory = Path(os.path.abspath(path)).parent  # noqa: PTH100  (no resolving: it loops)
    if directory not in cache:
        found = find_config(directory)
        cache[directory] = load_config(found) if found is not None else Config()
    return cache[directory]


def _folder_config(
    path: Path, explicit: Config | None, cache: dict[Path, Config], folders: dict[str, Config]
) -> Config:
    """:func:`config_for`, with the folder's configuration kept by the folder's name as given.

    A file that is not a symbolic link is in the folder its path names, so the folder is
    resolved once for all its files (one ``lstat`` per file instead of resolving each path);
    a link is followed, as :func:`config_for` follows it, to the folder of what it names.
    The folder is looked up by its name as text (``path.parent`` made a path of it for each
    file, and hashed it: about a third of this function's cost over 1,000 files).
    """
    if explicit is not None:
        return explicit
    if os.path.islink(path):  # noqa: PTH114  (half the cost of Path.is_symlink, once per file)
        return config_for(path, explicit, cache)
    name = os.path.dirname(path)  # noqa: PTH120  (text: see above)
    config = folders.get(name)
    if config is None:
        directory = path.parent.resolve()
        if directory not in cache:
            found = find_config(directory)
            cache[directory] = load_config(found) if found is not None else Config()
        config = folders[name] = cache[directory]
    return config


def _config_state(config: Config) -> dict[str, Any]:
    values = {field.alias or field.name: getattr(config, field.name) for field in attrs.fields(Config) if field.init}
    return {name: dict(value) if isinstance(value, Mapping) else value for name, value in values.items()}


def _check_one(task: _Task, configs: dict[int, Config] | None = None) -> _Result:
    """Check one file; runs in a worker process. A failure comes back as data.

    ``configs`` keeps the configurations built from the fields in a chunk of tasks (one object
    per configuration there, as pickling keeps them), so that each is built once and its
    per-rule decisions are worked out once.
    """
    return _check_batch([task], configs if configs is not None else {})[0]


# Files are read a few at a time and then checked, not read and checked in turn: reading
# (the YAML parser, structuring) and checking (the rules' patterns and word lists) each work
# over much memory of their own, and alternating them for every file took about a tenth more
# CPU than reading 16 files and then checking the 16 (in-process, 1,000 benchmark incidents).
# Within a batch the same holds step by step (round 21, docs/performance.md): the 16 files are
# parsed, then made incidents, then each rule is applied to the 16 before the next rule.
_BATCH = 16


def _check_chunk(tasks: Sequence[_Task]) -> list[_Result]:
    configs: dict[int, Config] = {}
    results: list[_Result] = []
    for start in range(0, len(tasks), _BATCH):
        results.extend(_check_batch(tasks[start : start + _BATCH], configs))
    save_patterns()  # the code of the patterns this worker compiled, for the next run (see _patterns)
    return results


def _check_batch(tasks: Sequence[_Task], configs: dict[int, Config]) -> list[_Result]:
    """Read the files of ``tasks``, then check each one read; one result per task, as :func:`check_file` gives."""
    from postmortem.serialize import load_many_with_source  # noqa: PLC0415

    read: list[tuple[str, Config | None, tuple[Any, Any, bytes]] | None] = [None] * len(tasks)
    failed: dict[int, _Result] = {}
    configured: list[tuple[int, str, Config | None]] = []
    for index, (name, state, _preset, _today) in enumerate(tasks):
        try:
            configured.append((index, name, _config_of(state, configs)))
        except Exception as exc:  # a file's failure is its result (see _failure)
            failed[index] = _failure(name, exc)
    # Every file of the batch parsed, then each made an incident (see load_many_with_source).
    loads = load_many_with_source([name for _index, name, _config in configured])
    for (index, name, config), file in zip(configured, loads, strict=True):
        if isinstance(file, Exception):
            failed[index] = _failure(name, file)
        else:
            read[index] = (name, config, file)
    together = [(name, loaded, config) for name, config, loaded in filter(None, read)]
    # One preset and day in a batch (one call of check_files): each rule is applied to every file read
    # before the next rule (see check_loaded_together).
    checked = iter(check_loaded_together(together, preset=tasks[0][2], today=tasks[0][3], keep_incident=False))
    results: list[_Result] = []
    for index, loaded in enumerate(read):
        if loaded is None:
            results.append(failed[index])
            continue
        result = next(checked)
        results.append(_failure(loaded[0], result) if isinstance(result, Exception) else result)
    return results


def _config_of(state: dict[str, Any] | None, configs: dict[int, Config]) -> Config | None:
    """The configuration of a task's fields, built once per chunk (see :func:`_check_one`)."""
    if state is None:
        return None
    config = configs.get(id(state))
    if config is None:
        config = configs[id(state)] = Config(**state)
    return config


def _failure(name: str, exc: Exception) -> _Result:
    """What stopped the check of file ``name``, as data (see ``_Result``)."""
    if isinstance(exc, IncidentFormatError):
        # Certainly no post-mortem: it pickles whole, reason and all (few files are such).
        return exc if isinstance(exc, NotAnIncidentError) else ("format", exc.problems, exc.source)
    if isinstance(exc, KeyError):  # an unknown preset: stop
        return ("fatal", str(exc.args[0]))
    if isinstance(exc, ConfigError):
        return ("fatal", str(exc))
    if isinstance(exc, PostmortemError):
        return ("error", str(exc))
    return ("error", str(unexpected_error(Path(name), exc)))  # reported as this file's problem


def _received(result: _Result) -> Report | PostmortemError:
    """A worker's result as the caller gets it; a fatal one stops the checks."""
    if isinstance(result, (Report, NotAnIncidentError)):
        return result
    if result[0] == "format":
        return IncidentFormatError(result[1], source=result[2])  # type: ignore[arg-type,misc]
    if result[0] == "fatal":
        raise ConfigError(str(result[1]))
    return PostmortemError(str(result[1]))
