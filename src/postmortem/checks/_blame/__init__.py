"""Find blameful language in post-mortem text.

The detector is a small rule-based parser, not a keyword list: a judgement word is only
blameful when a *person* is what it judges. Each sentence is split into tokens and clauses;
for a candidate phrase the subject of its clause is classified as a person (a known name or
handle, a capitalised first name, a pronoun, a role noun such as *engineer* or *on-call*) or
as a system (*service*, *alert*, *health check*, *deploy*, ...). "The engineer should have
checked" is blameful; "the alert should have fired at 80%" is not.

Work per sentence stays small: a set lookup of key words decides which rules a sentence could
match at all (most sentences: none), and only those sentences are tokenised and parsed.

The package's modules, in the order they build on each other:

* ``_vocabulary``: the word lists, read from the data files in ``vocabulary/`` (each entry
  with the reason it is there), and the word forms derived from them;
* ``_sentences``: the tokeniser and the sentence reader;
* ``_clauses``: :class:`_Sentence`, which reads clauses, subjects and passive agents and
  tells people from systems;
* ``_rule``: what a rule is (a pattern, a gate, a message and a suggestion);
* ``_gates``: conditions several rule families share;
* one module per rule family: ``_human_error``, ``_counterfactual``, ``_culprit_question``,
  ``_character``, ``_named_person``, ``_person_remedy`` (the gates of the two largest,
  ``_character_gates`` and ``_named_person_gates``, in their own modules);
* ``_keys``: key words read from each rule's pattern (the only user of ``re``'s private
  parser), shipped as ``_keys.json``;
* ``_leads``: which group of a rule's key words a line's look-up starts from (``_line_shares.json``);
* ``_suggest``: rewrites and questions specific to the sentence;
* ``_lines``: splitting the lines the scan reads into sentences, each with the rules it could match;
* ``_scan``: the fast reading of whole incidents and :func:`find_blame`.
"""

from __future__ import annotations

from postmortem.checks._blame._hit import BLAME_RULES, BlameHit
from postmortem.checks._blame._scan import find_blame, find_blame_in_texts

__all__ = ["BLAME_RULES", "BlameHit", "find_blame", "find_blame_in_texts"]
