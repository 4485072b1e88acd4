"""Distinct generated post-mortems as files, shared by the reading benchmarks.

:func:`postmortem.analytics.generate_incidents` gives realistic structure (milestones,
participants, factors, action items) but little prose: about 1.7 KB a file. Teams write more,
so each incident here also gets a narrative, hypotheses and a timeline whose text is drawn
(seeded) from the sentences of the example post-mortems in ``examples/``, for about 5 KB a
file. Every file differs from every other one, so no cache keyed by text can always hit.

Files are written once into a folder under the system temporary directory (named by count
and seed) and reused by later runs; a folder with the wrong number of files is rebuilt.
"""

from __future__ import annotations

import random
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

import attrs

import postmortem
from postmortem.analytics import find_incident_files, generate_incidents, write_collection
from postmortem.checks._text import prose_fields
from postmortem.model import EventKind, Hypothesis, HypothesisOutcome, Incident, Narrative, TimelineEvent

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))
TODAY = date(2027, 1, 15)
_KINDS = list(EventKind)


def _sentence_pool() -> list[str]:
    pool: list[str] = []
    for path in EXAMPLES:
        incident = postmortem.load(path)
        for _, text in prose_fields(incident):
            for line in text.split("\n"):
                pool.extend(part.strip() for part in re.split(r"(?<=[.!?])\s+", line) if len(part.strip()) > 20)
    return sorted(set(pool))


def _paragraph(rng: random.Random, pool: list[str], sentences: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(sentences))


def distinct_incidents(count: int, seed: int = 20_000) -> list[Incident]:
    """``count`` different incidents of about 5 KB each in YAML (see the module docstring)."""
    pool = _sentence_pool()
    rng = random.Random(seed)
    made = []
    base = generate_incidents(count, seed=seed, start=date(2017, 1, 1), end=date(2026, 12, 31), today=TODAY)
    for incident in base:
        started = incident.milestones.started
        narrative = Narrative(
            user_impact=_paragraph(rng, pool, 3),
            detection=_paragraph(rng, pool, 3),
            responder_beliefs=_paragraph(rng, pool, 3),
            hypotheses=tuple(
                Hypothesis(_paragraph(rng, pool, 1), rng.choice(list(HypothesisOutcome)), _paragraph(rng, pool, 1))
                for _ in range(2)
            ),
            resolution=_paragraph(rng, pool, 3),
            aftermath=_paragraph(rng, pool, 2),
        )
        timeline = tuple(
            TimelineEvent(
                time=started + timedelta(minutes=7 * step + rng.randrange(7)),
                description=_paragraph(rng, pool, 1),
                kind=rng.choice(_KINDS),
                source="chat",
            )
            for step in range(rng.randint(6, 10))
        )
        made.append(attrs.evolve(incident, narrative=narrative, timeline=timeline))
    return made


def corpus(count: int, *, seed: int = 20_000, formats: tuple[str, ...] = ("yaml",)) -> list[Path]:
    """The files of ``count`` distinct incidents, written once and cached; sorted by path."""
    tag = "-".join(formats)
    folder = Path(tempfile.gettempdir()) / f"postmortem-corpus-{count}-{seed}-{tag}"
    if folder.exists():
        existing = find_incident_files(folder)
        if len(existing) == count:
            return existing
        shutil.rmtree(folder)
    print(f"writing {count:,} distinct incidents to {folder} ...", flush=True)
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    write_collection(partial, distinct_incidents(count, seed), formats=formats)
    partial.rename(folder)
    return find_incident_files(folder)
