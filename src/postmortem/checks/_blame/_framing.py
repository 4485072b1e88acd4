"""Blame told by its framing rather than by a judging word (round 10 of issue 14).

Three families, one module each, gathered here so that the scan lists them once: a culprit
framed by a link (``_culprit_frames``: *the drone crash is down to Florian*), venting at people
(``_venting``: *the caster team never learns*), and hindsight in the passive or in non-native
grammar (``_passive_hindsight``: *the subtitle file was approved without being opened*).
"""

from __future__ import annotations

from typing import Final

from postmortem.checks._blame._culprit_frames import RULES as _CULPRIT_FRAMES
from postmortem.checks._blame._passive_hindsight import RULES as _PASSIVE_HINDSIGHT
from postmortem.checks._blame._rule import _Rule
from postmortem.checks._blame._venting import RULES as _VENTING

RULES: Final[tuple[_Rule, ...]] = (*_CULPRIT_FRAMES, *_VENTING, *_PASSIVE_HINDSIGHT)
