"""Deploys and configuration changes from a git repository's history, read with ``git``."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import IO, Any, ClassVar

import attrs

from postmortem.export import Option
from postmortem.model import EventKind, TimelineEvent
from postmortem.sources._base import Input, ReadContext, declare_options, input_name, make_event, parse_time

__all__ = ["GitSource"]

_RECORD = "\x1e"
_FIELD = "\x1f"
_MODES = ("merges", "tags", "commits")


def _check_ref(ref: str, ctx: ReadContext) -> None:
    # A ref starting with "-" would be read by git as an option.
    if not ref or ref.startswith("-") or any(ch in ref for ch in "\x00\n\r "):
        raise ctx.fail("", f"not a branch or ref name: {ref!r}")


def _records(stream: IO[str]) -> Iterator[str]:
    """Split git's output on record separators without reading it all."""
    pending = ""
    while True:
        chunk = stream.read(1 << 16)
        if not chunk:
            break
        pending += chunk
        parts = pending.split(_RECORD)
        pending = parts.pop()
        yield from (part for part in parts if part.strip())
    if pending.strip():
        yield pending


_PLACEHOLDER = re.compile(r"\{(sha|short)\}")


def _check_commit_url(template: str, ctx: ReadContext) -> None:
    """Refuse a link template with anything in braces but ``{sha}`` and ``{short}``.

    The template is filled by plain substitution, never ``str.format``, so a template
    cannot reach attributes or format specs either.
    """
    rest = _PLACEHOLDER.sub("", template)
    if "{" in rest or "}" in rest:
        raise ctx.fail(
            "",
            f"the commit URL template {template!r} may hold only {{sha}} and {{short}} in braces, "
            "as in https://github.com/acme/shop/commit/{sha}",
        )


@attrs.frozen
class _Settings:
    mode: str
    kind: EventKind
    patterns: Sequence[str]
    commit_url: str


def _not_a_folder(repo: Path) -> str:
    """Why ``repo`` cannot be read as a repository, and what to give instead."""
    if not repo.exists():
        return (
            "no such folder; give the repository's folder (the one holding .git), such as --git . or --git ../shop:main"
        )
    return (
        "a file, not a repository folder; give the repository's folder (the one holding .git), "
        f"such as --git {shlex.quote(os.fspath(repo.parent))} or --git ../shop:main"
    )


class GitSource:
    """Deploys and configuration changes from ``git log`` of a repository.

    The input is the repository's folder. Runs ``git`` (found on ``PATH``) with a fixed
    argument list, never a shell, and reads its output as it arrives.

    Modes:

    * ``merges`` (default): merge commits on the branch's first-parent history (what
      landed on a deploy branch); time is the commit (merge) time; the description is
      the subject, followed by the pull request title for ``Merge pull request`` subjects.
    * ``tags``: tags reachable from the branch (releases), at the tag's creation time.
    * ``commits``: every first-parent commit (for repositories deployed on each commit).

    Events are ``deploy`` events, or ``config_change`` events when the commit touches a
    path matching one of ``config_paths``; the actor is the author (or tagger).

    Options, besides the common ones of :class:`~postmortem.sources.Source`:

    * branch (str): The branch or ref to read (default ``HEAD``).
    * mode (str): ``merges``, ``tags`` or ``commits``.
    * kind (str): ``deploy`` (default) or ``config_change`` for every event.
    * config_paths (list of str): Glob patterns (``config/*``, ``*.tf``) marking
      configuration changes.
    * commit_url (str): Link template such as ``https://github.com/acme/shop/commit/{sha}``.
    * git (str): The git program (default ``git``).
    """

    name = "git"
    description = "Deploys and config changes from git log (merges or tags on a branch)"
    input_metavar = "REPO[:BRANCH]"
    input_help = "Deploys from git history."

    options: ClassVar[Mapping[str, Option]] = declare_options(
        # On the command line the branch comes with the repository: --git REPO:BRANCH.
        Option("branch", str, "HEAD", "The branch or ref to read.", cli=False),
        Option(
            "mode",
            str,
            "merges",
            "Deploys are merges onto the branch, tags reachable from it, or every commit.",
            choices=_MODES,
        ),
        Option("kind", str, "deploy", "The kind of every event.", choices=("deploy", "config_change"), cli=False),
        Option(
            "config_paths",
            tuple,
            (),
            "Paths that make a commit a config change.",
            flag="--git-config-path",
            metavar="GLOB",
        ),
        Option(
            "commit_url",
            str,
            None,
            "Commit link, e.g. https://github.com/acme/shop/commit/{sha}.",
            metavar="TEMPLATE",
        ),
        Option("git", str, "git", "The git program.", cli=False),
    )

    def parse_input(self, text: str) -> tuple[str, dict[str, Any]]:
        """Split ``REPO[:BRANCH]``, the text of ``--git``; a folder that exists as written is taken whole.

        Returns:
            The repository folder, and the branch as the ``branch`` option when one is given.
        """
        if Path(text).is_dir() or ":" not in text:
            return text, {}
        repo, _, branch = text.rpartition(":")
        if not repo or not branch:
            return (repo, {}) if repo else (text, {})
        return repo, {"branch": branch}

    def read(self, input: Input, /, **options: Any) -> Iterator[TimelineEvent]:
        """Yield a deploy or config change event per merge, tag or commit.

        Raises:
            SourceError: when git is missing, the folder is not a repository, the branch
                does not exist, or in strict mode on an unreadable record.
        """
        ctx = ReadContext.from_options(input_name(input), self.name, options, self.options)
        if not isinstance(input, (str, os.PathLike)):
            raise ctx.fail("", "the git source reads a repository folder, not a stream")
        repo = Path(input)
        branch = str(options.get("branch") or "HEAD")
        _check_ref(branch, ctx)
        mode = str(options.get("mode") or "merges")
        if mode not in _MODES:
            raise ctx.fail("", f"unknown mode {mode!r}; use {', '.join(_MODES)}")
        kind = EventKind(str(options.get("kind") or "deploy"))
        patterns: Sequence[str] = tuple(options.get("config_paths") or ())
        commit_url = str(options.get("commit_url") or "")
        _check_commit_url(commit_url, ctx)
        program = shutil.which(str(options.get("git") or "git"))
        if program is None:
            raise ctx.fail("", "the git program is not installed (or not on PATH)")
        if not repo.is_dir():
            raise ctx.fail("", _not_a_folder(repo))
        if mode == "tags":
            fields = _FIELD.join(
                (
                    "%(refname:short)",
                    "%(objectname)",
                    "%(*objectname)",
                    "%(creatordate:iso-strict)",
                    "%(if)%(taggername)%(then)%(taggername)%(else)%(authorname)%(end)",
                    "%(contents:subject)",
                )
            )
            args = [
                program,
                "-C",
                str(repo),
                "for-each-ref",
                f"--merged={branch}",
                "--sort=creatordate",
            ]
            args += [f"--format={_RECORD}{fields}", "refs/tags"]
        else:
            args = [program, "-C", str(repo), "log", "--first-parent", "--no-color", "-z"]
            if mode == "merges":
                args.append("--merges")
            if patterns:
                args.append("--name-only")
            # Ask git for a little more than the window: commit dates can differ from merge order.
            slack = timedelta(days=1)
            if ctx.since is not None:
                args.append(f"--since={(ctx.since - slack).isoformat()}")
            if ctx.until is not None:
                args.append(f"--until={(ctx.until + slack).isoformat()}")
            args += [
                f"--format={_RECORD}%H{_FIELD}%cI{_FIELD}%an{_FIELD}%s{_FIELD}%b{_FIELD}",
                branch,
                "--",
            ]
        settings = _Settings(mode=mode, kind=kind, patterns=patterns, commit_url=commit_url)
        yield from self._run(args, ctx, settings)

    def _run(self, args: list[str], ctx: ReadContext, settings: _Settings) -> Iterator[TimelineEvent]:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        # stderr goes to a file so that a chatty git can never block on a full pipe.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errors:
            with subprocess.Popen(
                args,
                stdout=subprocess.PIPE,
                stderr=errors,
                stdin=subprocess.DEVNULL,
                env=env,
                encoding="utf-8",
                errors="replace",
            ) as process:
                assert process.stdout is not None
                try:
                    for index, record in enumerate(_records(process.stdout)):
                        event = self._event(record, f"record {index}", ctx, settings)
                        if event is not None and ctx.keeps(event.time):
                            yield event
                finally:
                    # Stop git if the caller stopped reading early.
                    if process.poll() is None:
                        process.kill()
                code = process.wait()
            errors.seek(0)
            error = errors.read()
        if code != 0:
            first = next(
                (line for line in error.splitlines() if line.strip()),
                f"git exited with status {code}",
            )
            raise ctx.fail("", f"git failed: {first.strip()}")

    def _event(self, record: str, where: str, ctx: ReadContext, settings: _Settings) -> TimelineEvent | None:
        parts = record.strip("\n\x00").split(_FIELD)
        if settings.mode == "tags":
            if len(parts) < 6:
                ctx.problem(where, "unexpected output from git for-each-ref")
                return None
            tag, obj, peeled, when, who, subject = parts[:6]
            sha = peeled or obj
            description = f"Tagged {tag}" + (f": {subject.strip()}" if subject.strip() else "")
            paths: list[str] = []
        else:
            tag = ""
            if len(parts) < 6:
                ctx.problem(where, "unexpected output from git log")
                return None
            sha, when, who, subject, body = parts[:5]
            paths = [p for p in parts[5].replace("\x00", "\n").splitlines() if p.strip()]
            description = subject.strip()
            title = next((line.strip() for line in body.splitlines() if line.strip()), "")
            if description.startswith("Merge pull request") and title:
                description = f"{description}: {title}"
        try:
            time = parse_time(when.strip())
        except ValueError as exc:
            ctx.problem(where, str(exc))
            return None
        event_kind = settings.kind
        patterns = settings.patterns
        if patterns and any(fnmatch.fnmatch(path, pat) for path in paths for pat in patterns):
            event_kind = EventKind.CONFIG_CHANGE
        url = settings.commit_url
        link = _PLACEHOLDER.sub(lambda m: sha.strip()[: 12 if m[1] == "short" else None], url) if url else None
        return make_event(
            ctx,
            where,
            time=time,
            description=description or f"Commit {sha[:12]}",
            kind=event_kind,
            source=ctx.label,
            actor=who.strip() or None,
            link=link,
            # A tag names a release; several tags can point at one commit.
            source_id=f"tag {tag.strip()}" if settings.mode == "tags" else sha.strip() or None,
        )
