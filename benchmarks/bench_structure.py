"""The structure step alone: plain data (what a YAML or JSON parser returns) to typed objects.

Ours is :func:`postmortem.from_dict`: the attrs model through the cattrs converter (a lean
converter first, the detailed one only on the error path). The peers are the same shape
written as pydantic v2 models and as msgspec Structs, with the same demands: unknown keys
refused, times parsed from text and required to carry a timezone, enums checked, required
fields required. They do less than ours in places (no severity scale lookup, no
"did-you-mean", no honest-time folding, no cross-field validators), so the ratios flatter
the peers a little.

Input: the parsed data of N distinct generated incidents (_corpus.py), parsed once before
timing. CPU time, alternating rounds (_measure.py). The peers are optional: install them with
``pip install pydantic msgspec`` (the nox ``bench`` session does).

    python benchmarks/bench_structure.py [--files 2000] [--rounds 5]
"""

import argparse
import functools
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import corpus
from _measure import compare, load_note

from postmortem import from_dict
from postmortem.model import (
    ActionKind,
    ActionStatus,
    DetectionMethod,
    EventKind,
    FactorCategory,
    HypothesisOutcome,
    Priority,
    WriteUpStatus,
)
from postmortem.serialize._yaml import _yaml_loader

SeverityName = Literal["SEV1", "SEV2", "SEV3", "SEV4", "SEV5"]


def _pydantic_models() -> Any:
    from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

    class Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class Milestones(Strict):
        started: AwareDatetime
        detected: AwareDatetime | None = None
        acknowledged: AwareDatetime | None = None
        mitigated: AwareDatetime | None = None
        resolved: AwareDatetime | None = None
        ongoing: bool = False

    class Participant(Strict):
        name: str = Field(min_length=1)
        role: str = ""
        handle: str | None = None
        team: str | None = None
        accounts: dict[str, str] = Field(default_factory=dict)

    class Impact(Strict):
        summary: str = ""
        users_affected: int | None = Field(default=None, ge=0)
        share_affected: float | None = Field(default=None, ge=0, le=1)

    class Detection(Strict):
        method: DetectionMethod
        source: str = ""
        time: AwareDatetime | None = None
        notes: str = ""

    class RootCause(Strict):
        technical: str = ""
        process: str = ""

    class ContributingFactor(Strict):
        description: str = Field(min_length=1)
        category: FactorCategory = FactorCategory.OTHER
        trigger: bool = False

    class Hypothesis(Strict):
        statement: str = Field(min_length=1)
        outcome: HypothesisOutcome = HypothesisOutcome.UNTESTED
        evidence: str = ""

    class Narrative(Strict):
        user_impact: str = ""
        detection: str = ""
        responder_beliefs: str = ""
        hypotheses: tuple[Hypothesis, ...] = ()
        resolution: str = ""
        aftermath: str = ""

    class TimelineEvent(Strict):
        time: AwareDatetime
        description: str = Field(min_length=1)
        kind: EventKind = EventKind.OTHER
        source: str = ""
        actor: str | None = None
        link: str | None = None

    class ActionItem(Strict):
        id: str = Field(min_length=1)
        description: str = Field(min_length=1)
        owner: str | None = None
        due: date | None = None
        status: ActionStatus = ActionStatus.OPEN
        kind: ActionKind = ActionKind.OTHER
        priority: Priority = Priority.MEDIUM
        completed: date | None = None
        verification: str = ""

    class Incident(Strict):
        id: str = Field(min_length=1)
        title: str = Field(min_length=1)
        severity: SeverityName | None = None
        milestones: Milestones
        status: WriteUpStatus = WriteUpStatus.DRAFT
        summary: str = ""
        participants: tuple[Participant, ...] = ()
        services: tuple[str, ...] = ()
        tags: tuple[str, ...] = ()
        impact: Impact = Impact()
        detection: Detection | None = None
        root_cause: RootCause = RootCause()
        contributing_factors: tuple[ContributingFactor, ...] = ()
        narrative: Narrative = Narrative()
        timeline: tuple[TimelineEvent, ...] = ()
        action_items: tuple[ActionItem, ...] = ()
        timezone: str = "UTC"

    return Incident


def _msgspec_models() -> Any:
    import msgspec

    aware = Annotated[datetime, msgspec.Meta(tz=True)]
    text = Annotated[str, msgspec.Meta(min_length=1)]
    options: dict[str, Any] = {"forbid_unknown_fields": True, "frozen": True}

    class Milestones(msgspec.Struct, **options):
        started: aware
        detected: aware | None = None
        acknowledged: aware | None = None
        mitigated: aware | None = None
        resolved: aware | None = None
        ongoing: bool = False

    class Participant(msgspec.Struct, **options):
        name: text
        role: str = ""
        handle: str | None = None
        team: str | None = None
        accounts: dict[str, str] = msgspec.field(default_factory=dict)

    class Impact(msgspec.Struct, **options):
        summary: str = ""
        users_affected: Annotated[int, msgspec.Meta(ge=0)] | None = None
        share_affected: Annotated[float, msgspec.Meta(ge=0, le=1)] | None = None

    class Detection(msgspec.Struct, **options):
        method: DetectionMethod
        source: str = ""
        time: aware | None = None
        notes: str = ""

    class RootCause(msgspec.Struct, **options):
        technical: str = ""
        process: str = ""

    class ContributingFactor(msgspec.Struct, **options):
        description: text
        category: FactorCategory = FactorCategory.OTHER
        trigger: bool = False

    class Hypothesis(msgspec.Struct, **options):
        statement: text
        outcome: HypothesisOutcome = HypothesisOutcome.UNTESTED
        evidence: str = ""

    class Narrative(msgspec.Struct, **options):
        user_impact: str = ""
        detection: str = ""
        responder_beliefs: str = ""
        hypotheses: tuple[Hypothesis, ...] = ()
        resolution: str = ""
        aftermath: str = ""

    class TimelineEvent(msgspec.Struct, **options):
        time: aware
        description: text
        kind: EventKind = EventKind.OTHER
        source: str = ""
        actor: str | None = None
        link: str | None = None

    class ActionItem(msgspec.Struct, **options):
        id: text
        description: text
        owner: str | None = None
        due: date | None = None
        status: ActionStatus = ActionStatus.OPEN
        kind: ActionKind = ActionKind.OTHER
        priority: Priority = Priority.MEDIUM
        completed: date | None = None
        verification: str = ""

    class Incident(msgspec.Struct, **options):
        id: text
        title: text
        milestones: Milestones
        severity: SeverityName | None = None
        status: WriteUpStatus = WriteUpStatus.DRAFT
        summary: str = ""
        participants: tuple[Participant, ...] = ()
        services: tuple[str, ...] = ()
        tags: tuple[str, ...] = ()
        impact: Impact = msgspec.field(default_factory=Impact)
        detection: Detection | None = None
        root_cause: RootCause = msgspec.field(default_factory=RootCause)
        contributing_factors: tuple[ContributingFactor, ...] = ()
        narrative: Narrative = msgspec.field(default_factory=Narrative)
        timeline: tuple[TimelineEvent, ...] = ()
        action_items: tuple[ActionItem, ...] = ()
        timezone: str = "UTC"

    return Incident


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    paths = corpus(args.files)
    loader = _yaml_loader()
    datas = [yaml.load(path.read_bytes(), Loader=loader) for path in paths]
    print(f"structure step on {len(datas):,} distinct incidents, parsed before timing; {load_note()}")

    def ours() -> None:
        for data in datas:
            from_dict(data)

    for label, package, peer in (
        ("from_dict vs pydantic model_validate", "pydantic", _pydantic_peer),
        ("from_dict vs msgspec.convert", "msgspec", _msgspec_peer),
    ):
        try:
            convert, peer_name = peer()
        except ImportError:
            print(f"{package}: not installed (pip install {package}) - no ratio")
        else:
            _compare_with(label, ours, convert, datas, rounds=args.rounds, peer_name=peer_name)


def _pydantic_peer() -> tuple[Callable[[Any], object], str]:
    """The pydantic models' validation of one incident's data, and pydantic's name and version."""
    pydantic_incident = _pydantic_models()
    import pydantic

    return pydantic_incident.model_validate, f"pydantic {pydantic.VERSION}"


def _msgspec_peer() -> tuple[Callable[[Any], object], str]:
    """msgspec's conversion of one incident's data to the Structs, and msgspec's name and version."""
    msgspec_incident = _msgspec_models()
    import msgspec

    return functools.partial(msgspec.convert, type=msgspec_incident), f"msgspec {msgspec.__version__}"


def _compare_with(
    label: str,
    ours: Callable[[], None],
    convert: Callable[[Any], object],
    datas: list[Any],
    *,
    rounds: int,
    peer_name: str,
) -> None:
    """Compare ``ours`` with ``convert`` of every incident's data, after checking the shape accepts some."""
    for data in datas[:50]:
        convert(data)  # the shape accepts every file

    def with_peer() -> None:
        for data in datas:
            convert(data)

    compare(label, ours, with_peer, rounds=rounds, peer_name=peer_name, use="cpu")


if __name__ == "__main__":
    main()
