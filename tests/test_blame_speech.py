"""Whose words a phrase is (round 8 of issue 14): quotations over several sentences, phrases
mentioned, reported speech and questions, blame rejected, and the cases that stay the author's."""

from __future__ import annotations

import pytest

from postmortem.checks._blame import find_blame
from postmortem.checks._blame._speech import quote_context, quoted_across

NOT_THE_AUTHORS = [
    # An interview quoted over two sentences: the second holds no opening mark of its own.
    'Anselm said the pager was quiet: "Nobody paged me. In hindsight that was a lazy call." He was not on call.',
    "Wenonah, on the review: \u201cI approved it. Looking back I should have read every line.\u201d",
    # A quotation over three sentences: the middle one holds no quote mark at all.
    '"It looked fine. Honestly, I should have checked the lag. The graph was flat." That is how it read.',
    # A phrase mentioned, not used.
    "The phrase *lazy assumption* is hers, and we do not share it.",
    "We removed the word careless from the draft.",
    # Reported questions and remarks.
    "Someone asked whether the on-call should have looked at the map view.",
    "Customers asked on social media whether the bank or one of our staff was to blame.",
    "The remark that the reviewer should have caught it was repeated in two interviews.",
    "Tobiah told us the reviewer should have caught it, which is not what the diff shows.",
    "Lena's view at the time was that the on-call had ignored the page; the logs show it was never delivered.",
    "The customer's email called our engineers incompetent, and we understand why they were angry.",
    "Later Ana joked that she was the most careless person in the building, which nobody agreed with.",
    # Turns of an interview transcript, in the first person.
    "A: Honestly I should have asked for help sooner, but everyone was busy.",
    "Jonas: I thought the alert was noise. Honestly I should have checked it.",
    "**Mei Ling:** I was careless with the flag, I admit it.",
    # Blame denied in its own clause.
    "This was not anyone's fault on either side.",
    "It was nobody's fault that the flag did not exist last year.",
    "Students who missed the deadline through no fault of their own were covered by the extension.",
    "Nobody ignored anything; the ranking is the answer.",
    # Services promised to customers and partners, and the company owning what it did.
    "If your order was affected, we will check your account again this week.",
    "We will check their change calendar weekly.",
    "Your notes are the whole point of the app, and we broke the one promise that matters most.",
    # A judgement denied, or named to be rejected.
    "It would be unfair to call the reviewer negligent: the diff showed nothing unusual.",
    "No one here was reckless; the tool allowed a destructive command without confirmation.",
    "No single person caused this; four small gaps lined up.",
    "Nobody should have to remember to run that script by hand.",
    "Management has been clear that nobody will be disciplined for this incident.",
    # An act told as luck.
    "Sergio happened to open the dashboard for a routine check, rather than waiting for the evening review.",
    # Thanks, with "once" as a conjunction, not "once again".
    "Thank you to the vendor's support engineer, who found the defect quickly once the case was opened.",
    # Thanks, with "usual" not in "as usual".
    "Thanks to Ifeoma and Leila for the fast help outside their usual work.",
]

STILL_THE_AUTHORS = [
    "Bob should have checked the replica lag.",
    # A quotation closed before the blame: the author's words again.
    'The on-call wrote "checking now". Bob should have escalated at once.',
    # A report joined to the author's own clause with "and".
    "Mirela recalled that the alert was noisy, and Bob ignored it again.",
    # The author asking, not reporting: a blame question stays one.
    "Why did nobody check the replica lag before the failover?",
    # Praise that mocks a repeated failure.
    "Thanks to Marek for breaking the build as usual.",
    # "whether" after a verb that is not one of asking: a remedy aimed at a person.
    "Management will discuss with HR whether the on-call engineer's conduct warrants disciplinary action.",
    # Denial reaches no further than its clause.
    "It wasn't the tooling, it was Bob's fault.",
    "The on-call didn't bother to check the dashboard.",
    "Engineers must check their changes before merging.",
    "I broke the build and took the API down.",
    "Thanks to Bob for breaking prod once again.",
    "Sergio opened the dashboard at noon rather than waiting for the evening review.",
    # A label that is not a speaker's turn: the author's words.
    "Root cause: Bob pushed a broken config and ignored the warning.",
    "Summary: The on-call should have rolled back sooner.",
    # The author's own conclusion is not a report.
    "The review's conclusion is that Bob ignored the page.",
    # A negation on another word: "never seen such a careless ...", "no question about who caused".
    "I've never seen such a careless approach to access control.",
    "There is no question about who caused this outage, and the report should say so.",
]


@pytest.mark.parametrize("text", NOT_THE_AUTHORS)
def test_words_that_are_not_the_authors_are_not_findings(text: str) -> None:
    assert find_blame(text) == [], [text[h.start : h.end] for h in find_blame(text)]


@pytest.mark.parametrize("text", STILL_THE_AUTHORS)
def test_the_authors_own_blame_is_still_found(text: str) -> None:
    assert find_blame(text), text


def test_a_quotation_is_followed_only_within_its_paragraph() -> None:
    text = 'He said: "it failed\n\nBob should have checked the lag." Later.'
    start = text.index("Bob")
    end = text.index('."') + 1
    # The paragraph before the sentence ends at the line break: its open quote does not carry over.
    assert quote_context(text, start, end)[0] is False
    assert quoted_across(text[start:end], 0, 3, quote_context(text, start, end)) is False


def test_a_quotation_is_followed_a_bounded_distance() -> None:
    """The look around a sentence is bounded (``_speech._WINDOW``, 2,000 characters), so the cost
    stays linear in the text: a short quotation is followed, one of 100 KB is not."""
    short = '"' + "Bob should have checked it. " * 20 + '"'
    assert find_blame(short) == []
    long = '"' + "Bob should have checked it. " * 4000 + '"'
    assert len(find_blame(long)) > 3000


def test_here_is_not_a_form_of_her() -> None:
    from postmortem.checks._blame._inflect import lemma

    assert lemma("here") == "here" != lemma("her")
    assert lemma("changed") == lemma("change")
