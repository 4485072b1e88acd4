"""Wrong findings of round 12 (issue 14), each fixed by its cause: blameless look-alikes written
for these tests, each with a blameful twin that must stay a finding.

- Harm denied after a person's act (*swapped the pump and nothing was lost*) names no harm.
- A word that mostly means a thing (*line*, *label*) names the phrase after it only with a
  quote mark or emphasis between them.
- A yes/no question asking whether something could have been seen asks; it gives no verdict.
- *was the cause* after a clause with no *that* (*nobody was sure the field was the cause*) has
  the noun phrase just before it as its subject.
- What reached a team (*which is how the problem reached engineering*) is a report going where it
  should; what reached customers or production is harm.
- A cause named to be rejected (*we ruled out operator error*, a rejected candidate cause of a
  Kepner-Tregoe analysis) is no finding.
- A capitalised label before an instruction about data only a program reads (*Adapter: read new
  field ...*) names a component, not a person.
"""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame

BLAMELESS = [
    # Harm denied after a person's act.
    "The technician swapped the pump and nothing was lost.",
    "Ines restarted the broker and no messages were lost.",
    "Ines restarted the broker and none of the data was lost.",
    "Ines restarted the broker, causing no downtime.",
    "Ines restarted the broker and caused no data loss.",
    # A phrase mentioned after "line" or "label" with a quote mark: named, not used.
    'The label "human error" was removed from the template.',
    'The line "should have known better" was cut from the draft.',
    # A question asking whether, answered with the system.
    "Was there a point where the pattern could have been seen earlier? Not from the screens the desk had.",
    "Is there anything that could have been caught in review? The diff showed only the moved lines.",
    # The subject of "was the cause" is the phrase just before it.
    "We waited before rolling back because nobody was sure the field was the cause.",
    "The on-call thought the cache was the cause.",
    # A problem reaching the people who fix it.
    "The shift leads raised it at the handover, which is how the problem reached engineering the next morning.",
    # A cause named to be rejected.
    "We considered operator error and ruled it out: the checklist records were complete.",
    "Operator error was considered and rejected.",
    "Operator error as a possible cause was quickly ruled out.",
    "We ruled out operator error.",
    "Hypothesis 3: operator error during plate preparation. Rejected: the records were complete.",
    "**Cause C: operator error in plate preparation.**\nExplains: edge parts.\n**Rejected.** The records were complete.",
    # An instruction about data only a program reads.
    '1. Adapter: read new field "station of passing" and drop the old rule for small stations.',
    "Parser: always validate the length field before copying.",
    # Part of a word, not the verb: "read-only" is what the replica should have been.
    "The replica should have been read-only; the module defaults it to read-write.",
    # A wish that a system had acted.
    "If only the client library had retried on 503, the clients would have recovered by themselves.",
    # A system subject with a person-like adverb, its verb irregular.
    "The sync tool carelessly overwrote the existing secret instead of merging it.",
    # Human error named as where a review starts, or not as a cause.
    "Human error is not a root cause here: the form made a tenfold typo easy.",
    "Human error is where this review starts, not a finding.",
    # A metric named after operator errors.
    "The operator error counter rose to 900 overnight.",
    # The writers' own diagnosis on a wrong lead.
    "We spent forty minutes on the wrong theory, that the disk was full.",
    "We spent ten minutes looking at the wrong graph because both panels share a title.",
]

BLAMEFUL = [
    # Harm after a person's act, not denied.
    "Ines restarted the broker and the messages were lost.",
    "Ines restarted the broker, causing the outage.",
    "Ines restarted the broker and caused a data loss.",
    # A thing called a line before a phrase, with no quote mark: still the author's words.
    "The shutdown was caused by production line operator error.",
    # Hindsight stated, or asked with "should" or a negative question.
    "The pattern could have been seen earlier.",
    "Was there a point where the pattern should have been seen earlier?",
    "Wasn't it plain that this could have been caught in review?",
    # A person as the subject of the cause, after a clause with no "that".
    "Everyone knew the intern was the cause.",
    "Everyone agreed the contractor was the root cause of the outage.",
    "The engineer was the cause.",
    # What reached customers or production.
    "Ana restarted the printers mid-job, which is how the bad profile reached customers.",
    "Ana restarted the printers mid-job, which is how the bad profile reached production.",
    # A cause stated, or a candidate confirmed.
    "Root cause: operator error in template maintenance. The alternative theory was rejected.",
    "Hypothesis 3: operator error during plate preparation. Confirmed by the records.",
    "Cause C: operator error in plate preparation.\nConfirmed.\n\nCause D: the heater.\nRejected.",
    "Operator error caused the outage and the rollback was rejected by the tool.",
    "The outage was operator error, and we rejected the vendor theory.",
    # An instruction to a person: a document, or "you".
    "Ingrid: read the runbook before every change.",
    "Ingrid: read the release notes before upgrading.",
    "Ingrid: read the config before you push it.",
    "@ingrid: read new field before you deploy",
    # The verb itself, not part of a word.
    "The change should have been read by a second reviewer.",
    # A wish that a person had acted.
    "If only the engineer had read the error message.",
    "If only someone had checked the calendar.",
    # A person with the adverb.
    "The engineer carelessly overwrote the existing secret.",
    # Human error given as the cause.
    "Human error is the root cause.",
    "Human error is the cause, not the tooling.",
    "The operator error on shift took the line down.",
    # Not the writers, or not a diagnosis.
    "The on-call spent forty minutes on the wrong theory.",
    "We spent forty minutes on the wrong theory because the incident lead refused to look anywhere else.",
    "We drained the wrong zone.",
]


def test_the_prose_walker_says_which_fields_are_no_account_of_the_cause() -> None:
    """The walker reports the items of what went well and where we got lucky (``blame/named-person``
    skips them); the same text in what went poorly is an account like any other."""
    from postmortem.checks import Config
    from postmortem.checks._finding import FindingSeverity
    from postmortem.checks._presets import get_preset
    from postmortem.checks._rule import CheckContext, _Shared
    from postmortem.checks._text import shared_no_cause_flags, shared_prose_fields

    from ._checks_support import TODAY, complete, evolve

    chose = "Tavita chose not to restart the consumer."
    incident = evolve(
        complete(), what_went_well=(chose,), what_went_poorly=(chose,), where_we_got_lucky=("The spare was on site.",)
    )
    shared = _Shared(incident, Config(), get_preset("guide"), TODAY, frozenset())
    context = CheckContext("blame/named-person", FindingSeverity.ERROR, shared=shared)
    fields = shared_prose_fields(incident, context)
    flags = shared_no_cause_flags(incident, context)
    assert {path for (path, _), flag in zip(fields, flags, strict=True) if flag} == {
        "$.what_went_well[0]",
        "$.where_we_got_lucky[0]",
    }


@pytest.mark.parametrize("text", BLAMELESS)
def test_blameless_look_alikes_are_not_findings(text: str) -> None:
    assert find_blame(text) == [], [(h.rule, text[h.start : h.end]) for h in find_blame(text)]


@pytest.mark.parametrize("text", BLAMEFUL)
def test_blameful_twins_are_still_findings(text: str) -> None:
    assert find_blame(text), text
