"""People outside the team that writes the post-mortem: a third party, and the service's customers.

Round 9. A post-mortem reports what a vendor told the team or did not (*the vendor's support
team never told us the certificate would rotate*): the information the team had, a fact of the
incident, not a judgement of a person the team could change. And a post-mortem written for
customers tells them what to do (*customers should double-check their invoices from 3 to 5
March*): guidance, not a remedy aimed at the people involved. Both readings are narrow: the
third party must be named as one (vocabulary/third_parties.txt) and what it did not do must be
telling *us* (or what it did, done *without notice*); the customers must be the subject
(vocabulary/customer_nouns.txt) and the remedy must not compare their conduct with what it
should have been (*be more careful*).
"""

from __future__ import annotations

import re
from typing import Final

from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._folding import lazy_compile
from postmortem.checks._blame._inflect import lemma
from postmortem.checks._blame._vocabulary import vocabulary

__all__ = ["customer_guidance", "third_party_subject", "third_party_told_us"]

_THIRD_PARTIES: Final = frozenset(w + e for w in vocabulary("third_parties") for e in ("", "s", "'s"))
_CUSTOMERS: Final = frozenset(w + e for w in vocabulary("customer_nouns") for e in ("", "s"))
_TELLING: Final = frozenset(
    lemma(w) for w in ("tell", "inform", "notify", "warn", "announce", "communicate", "mention")
)
_US_RE: Final = lazy_compile(r"\s+(?:us|our\s+\w+|anyone\s+here)\b", re.I)
# Round 22: "mention" takes what was left untold as its object ("the supplier's engineer did not mention that
# replacing the relay board would clear the memory"), not the people untold.
_WHAT_RE: Final = lazy_compile(r"\s+(?:that|this|it|the|any)\b", re.I)
_COMPARED_RE: Final = lazy_compile(
    r"\b(?:more|extra|better|closer|greater|harder|twice)\b|\bnot\s+to\s+(?:\w+\s+)?(?:again|repeat)\b", re.I
)


def third_party_told_us(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether *m* ("never told", "did not notify") is a third party not telling the team.

    The verb must be one of telling, its object *us* (or *our team*), and the clause's subject
    must name a third party ("the vendor's support team", "our CDN provider's account manager").
    """
    i = s.index_at(m.end()) - 1
    if i < 0 or lemma(s.tokens[i].low) not in _TELLING:
        return False
    if not _US_RE.match(s.text, m.end()) and not (s.tokens[i].low == "mention" and _WHAT_RE.match(s.text, m.end())):
        return False
    return third_party_subject(s, m)


def third_party_subject(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the subject of the clause holding *m* names a third party ("the team at the provider")."""
    b = s.index_at(m.start())
    a = s.boundary_before(b) + 1
    return any(s._bare(s.tokens[k]) in _THIRD_PARTIES or s.tokens[k].low in _THIRD_PARTIES for k in range(a, b))


def customer_guidance(s: _Sentence, m: re.Match[str]) -> bool:
    """Tell whether the remedy *m* is guidance to the service's customers, as the clause's subject.

    "Customers should double-check their invoices", "Affected tenants should be careful not to
    upload twice until the fix ships": what customers can do about the incident. A remedy that
    compares conduct with what it should have been ("users must be more careful") stays judged.
    """
    if _COMPARED_RE.search(m.group()):
        return False
    a = s.boundary_before(s.index_at(m.start())) + 1
    b = s.index_at(m.start())
    return any(s.tokens[k].low in _CUSTOMERS for k in range(a, b))
