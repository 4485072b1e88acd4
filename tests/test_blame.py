"""Tests for the blamelessness detector, postmortem.checks._blame."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import postmortem
from postmortem.checks._blame import BLAME_RULES, BlameHit, find_blame, find_blame_in_texts
from postmortem.checks._blame._clauses import _Sentence
from postmortem.checks._blame._reading import excluded_spans, prose_view
from postmortem.checks._blame._rule import _compiled
from postmortem.checks._blame._rule_keys import _ALL_KEYS, _KEY_WORD_RE, _RULES, _key_words
from postmortem.checks._blame._scan import (
    _normalise,
    _reference_hits,
    _sentence_hits,
)
from postmortem.checks._blame._sentences import (
    _ABBREVIATIONS,
    _SENTENCE_END_RE,
    _TOKEN_RE,
    _abbreviation_before,
    _sentences,
    _tokenise,
)
from postmortem.checks._text import prose_fields
from postmortem.testing import examples

from ._benchmarks import benchmark_script


def _plain_reading(text: str, **names: Collection[str]) -> list[BlameHit]:
    """The definition find_blame follows: the plain reading of the text as written (see _reading)."""
    spans = excluded_spans(text)
    hits = _reference_hits(prose_view(text), **names)
    return [h for h in hits if not any(a < h.end and h.start < b for a, b in spans)]


DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


def rules_of(text: str, **kwargs: Any) -> set[str]:
    return {hit.rule for hit in find_blame(text, **kwargs)}


def spans_of(text: str, rule: str, **kwargs: Any) -> list[str]:
    return [text[h.start : h.end] for h in find_blame(text, **kwargs) if h.rule == rule]


def brute_force(text: str, people: Collection[str] = (), allowed: Collection[str] = ()) -> list[BlameHit]:
    """Run every rule on every sentence, with no key-word filter and no shortcut."""
    hits: list[BlameHit] = []
    for start, end in _sentences(text):
        sentence = _Sentence(text, start, end, _normalise(people), _normalise(allowed))
        hits.extend(_sentence_hits(sentence, list(_RULES)))
    return sorted(hits, key=repr)


def load(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# (rule, blameful sentence, the text the hit's span must cover)
HITS = [
    (
        "blame/named-person",
        "Jamal's config change is what brought down the API.",
        "Jamal's config change",
    ),
    ("blame/named-person", "The contractor broke the staging database.", "broke"),
    (
        "blame/named-person",
        "Our SRE misconfigured the firewall, and that is why logins failed.",
        "misconfigured",
    ),
    ("blame/named-person", "Elena accidentally deleted the bucket.", "accidentally"),
    ("blame/named-person", "The developer deployed without waiting for review.", "without waiting"),
    ("blame/named-person", "Yusuf did not verify the backup before the upgrade.", "did not verify"),
    ("blame/human-error", "The incident was caused by human error.", "human error"),
    ("blame/human-error", "Root cause: operator error on the load balancer.", "operator error"),
    ("blame/human-error", "Root cause: PEBKAC.", "PEBKAC"),
    ("blame/human-error", "The outage came from a mistake by the DBA.", "mistake by the DBA"),
    ("blame/counterfactual", "The DBA should have taken a backup first.", "should have"),
    ("blame/counterfactual", "Ingrid could have caught this in review.", "could have caught"),
    ("blame/counterfactual", "If only someone had looked at the graphs.", "If only"),
    (
        "blame/counterfactual",
        "Any careful engineer would have noticed the warning.",
        "Any careful engineer would",
    ),
    (
        "blame/counterfactual",
        "If the reviewer had read the diff, we would not be here.",
        "If the reviewer had read",
    ),
    ("blame/counterfactual", "They obviously rushed the release.", "obviously"),
    ("blame/culprit-question", "Who approved this change?", "Who approved"),
    ("blame/culprit-question", "Why didn't the reviewer catch it?", "Why didn't"),
    ("blame/culprit-question", "Which developer merged this?", "Which developer"),
    ("blame/culprit-question", "Who was responsible for the queue alerts?", "Who was responsible"),
    ("blame/culprit-question", "How could they miss the alert?", "How could they miss"),
    ("blame/character", "The on-call engineer was careless.", "careless"),
    ("blame/character", "The reviewer ignored the failing checks.", "ignored"),
    (
        "blame/character",
        "The operator lacked situational awareness.",
        "lacked situational awareness",
    ),
    ("blame/character", "The admin forgot to renew the certificate.", "forgot"),
    ("blame/character", "This came down to bad judgment by the release team.", "bad judgment"),
    ("blame/person-remedy", "Retrain Pedro on the deploy process.", "Retrain Pedro"),
    ("blame/person-remedy", "Developers must be more careful with migrations.", "be more careful"),
    ("blame/person-remedy", "Remind the on-call to check the dashboard.", "Remind the on-call to"),
    ("blame/person-remedy", "The on-call must always check the dashboard.", "must always"),
    (
        "blame/person-remedy",
        "Lesson learned: always read the diff before you approve.",
        "always read",
    ),
    (
        "blame/named-person",
        "The root cause was that Liam did not follow the runbook.",
        "did not follow",
    ),
    (
        "blame/named-person",
        "The outage happened because the new hire ran a migration.",
        "the new hire ran",
    ),
    (
        "blame/named-person",
        "The responder restarted it instead of following the runbook.",
        "instead of following",
    ),
    ("blame/character", "Unfortunately, the reviewer missed the missing index.", "missed"),
    (
        "blame/human-error",
        "Mistakes were made by the release team.",
        "Mistakes were made by the release team",
    ),
    ("blame/culprit-question", "Whose change was this?", "Whose change"),
    ("blame/named-person", "Aisha's rollout of the config is what caused the cascade.", "Aisha's rollout"),
    ("blame/named-person", "The on-call was asleep and did not respond to the page.", "did not respond"),
    ("blame/character", "Management ignored repeated warnings from the SRE team.", "ignored"),
    (
        "blame/named-person",
        "Blame lies with the platform team for not enforcing reviews.",
        "Blame lies with the platform team",
    ),
    ("blame/named-person", "It's on the on-call for not escalating.", "It's on the on-call"),
    ("blame/named-person", "The incident was caused by Tomasz running DROP on production.", "Tomasz running"),
    ("blame/person-remedy", "We need to stop letting juniors deploy on their own.", "stop letting juniors"),
    ("blame/culprit-question", "How did nobody notice for three days?", "How did nobody"),
    ("blame/counterfactual", "Everyone should know better than to run migrations by hand.", "know better than"),
    ("blame/character", "Contributing factor: the engineer on call rushed the fix.", "rushed"),
    ("blame/named-person", "Frankly the handoff was botched by the EU on-call.", "was botched by the EU on-call"),
    ("blame/counterfactual", "QA signed off on a build they clearly never tested.", "clearly"),
    ("blame/named-person", "The release captain decided to ship despite the failing canary.", "despite the failing"),
    ("blame/named-person", "The consultant's script deleted the backups.", "consultant's script"),
    (
        "blame/counterfactual",
        "If the ops team had been paying attention, we'd have caught this.",
        "If the ops team had been",
    ),
    ("blame/culprit-question", "Why on earth did the DBA restart the primary during peak?", "Why on earth did"),
    ("blame/person-remedy", "Going forward, Priyanka will not be allowed to deploy alone.", "will not be allowed to"),
    # The agent of a passive clause is who acted.
    ("blame/named-person", "The hotfix was merged without review by Kwame.", "without review"),
    (
        "blame/named-person",
        "The cluster was left in an inconsistent state by Noor's script.",
        "was left in an inconsistent state by Noor's script",
    ),
    ("blame/named-person", "The outage started when Hugo restarted the primary.", "Hugo restarted"),
    ("blame/named-person", "The fix was late because the on-call deleted the cache.", "the on-call deleted"),
    (
        "blame/counterfactual",
        "If the engineer on call had read the alert, we would have recovered sooner.",
        "If the engineer on call had read",
    ),
    ("blame/counterfactual", "Someone more experienced would have spotted the loop.", "Someone more experienced would"),
    ("blame/named-person", "That one is on the billing team.", "That one is on the billing team"),
    ("blame/human-error", "At heart this was a people problem.", "people problem"),
    ("blame/counterfactual", "The leak was obvious, but the reviewer approved it anyway.", "was obvious"),
    ("blame/character", "The responder was not paying attention to the channel.", "was not paying attention"),
    ("blame/named-person", "Yara chose to bypass the canary.", "chose to bypass"),
    ("blame/named-person", "The intern dropped the sessions table by hand.", "by hand"),
    ("blame/named-person", "The contractor hardcoded the API key.", "hardcoded"),
    (
        "blame/named-person",
        "Li typed the failover command into the wrong region.",
        "typed the failover command into the wrong",
    ),
    ("blame/culprit-question", "How did the on-call manage to miss twelve pages?", "How did the on-call manage"),
    (
        "blame/counterfactual",
        "The data loss was preventable had the DBA just checked the snapshot.",
        "preventable had the DBA just checked",
    ),
    ("blame/person-remedy", "Remind the mobile release folks to tag builds.", "Remind the mobile release folks to"),
    ("blame/culprit-question", "Whoever merged this on Friday owes us an explanation.", "Whoever merged"),
    ("blame/named-person", "Amir's hotfix is what took search down.", "Amir's hotfix"),
    ("blame/named-person", "Greta never ran the migration dry run.", "never ran"),
    ("blame/named-person", "Dave pushed a bad config.", "pushed a bad"),
    # A question answered by a person, or by another question, still hunts for one.
    ("blame/culprit-question", "Why didn't you check the dashboard? You had the link right there.", "Why didn't"),
    ("blame/culprit-question", "Why didn't the on-call answer? Why was nobody else paged?", "Why didn't"),
    ("blame/character", "He carelessly truncated the file.", "carelessly"),
    # Fourth round: grammar-level rules for blame no listed phrase carries.
    (
        "blame/counterfactual",
        "The release captain could probably have spotted the bad checksum in the build log.",
        "could probably have spotted",
    ),
    (
        "blame/counterfactual",
        "The stale lock should obviously have been noticed by whoever was on shift.",
        "should obviously have been noticed",
    ),
    ("blame/counterfactual", "It was a mistake to merge the hotfix without a second reviewer.", "It was a mistake"),
    ("blame/character", "Our SRE zoned out during the cutover and missed the error spike.", "zoned out"),
    ("blame/character", "The new DBA lacked the experience to read the replication graphs.", "lacked the experience"),
    ("blame/character", "Klaus clicked through the production warning and ran the script.", "clicked through"),
    ("blame/named-person", "The outage came from Ottilie's botched rollback.", "Ottilie's botched rollback"),
    (
        "blame/person-remedy",
        "Action item: the engineer who deleted the volume gets a written reprimand.",
        "written reprimand",
    ),
    (
        "blame/person-remedy",
        "Take Bruno off the on-call rotation for the rest of the quarter.",
        "Take Bruno off the on-call",
    ),
    # Fifth round: a slip with any verb, a destructive act marked as a slip or harm, harm
    # joined to a person's action, sarcasm in praise, going on regardless of a warning.
    ("blame/named-person", "The weekend admin rebased the wrong branch onto release.", "rebased the wrong"),
    ("blame/named-person", "Halvard purged the billing queue while tidying up old topics.", "purged"),
    ("blame/named-person", "The intern resized the pool and knocked the API offline.", "and knocked the API offline"),
    ("blame/named-person", "The night-shift operator drained the wrong rack.", "drained the wrong"),
    ("blame/character", "Warm thanks to the data team for reinventing last year's outage.", "Warm thanks"),
    ("blame/character", "Nice of the vendor's engineers to mention the cutover afterwards.", "Nice of the"),
    ("blame/character", "The reviewer saw the red build and approved it regardless.", "regardless"),
    ("blame/character", "The hotfix was shipped anyway.", "anyway"),
    (
        "blame/character",
        "The operator was warned about the lag and pressed on with the resize.",
        "warned about the lag and pressed on",
    ),
    (
        "blame/counterfactual",
        "With hindsight, relying on a single DNS provider was short-sighted.",
        "was short-sighted",
    ),
    ("blame/counterfactual", "The decision to skip the restore drill is indefensible.", "is indefensible"),
    ("blame/named-person", "The primary cause of the outage was Corentin.", "Corentin"),
    (
        "blame/person-remedy",
        "Approvers need to actually read the migration before they sign off.",
        "need to actually read",
    ),
    ("blame/named-person", "It all comes down to the payments on-call.", "the payments on-call"),
    # Sixth round: dismissal idioms as lemmas, unheeded signals, culprit framing around the incident.
    ("blame/character", "The author brushed both of the concerns aside.", "brushed both of the concerns aside"),
    ("blame/character", "The risk was raised in the design review and waved away.", "waved away"),
    ("blame/character", "For months the team turned a blind eye to the growing heap.", "turned a blind eye"),
    ("blame/counterfactual", "The page went unanswered for fifty minutes.", "went unanswered"),
    ("blame/counterfactual", "The dip in sign-ups was left uninvestigated for two days.", "was left uninvestigated"),
    (
        "blame/named-person",
        "Make no mistake: this outage is on the database team.",
        "this outage is on the database team",
    ),
    ("blame/named-person", "Bottom line: the payments on-call owns this one.", "owns this one"),
    ("blame/named-person", "Frankly, this was the on-call's mess from start to finish.", "on-call's mess"),
    ("blame/named-person", "The person at fault is the engineer who approved it.", "person at fault"),
    (
        "blame/named-person",
        "The board finds the deployment lead accountable for the outage.",
        "finds the deployment lead accountable",
    ),
    (
        "blame/named-person",
        "This outage was entirely self-inflicted by the growth squad.",
        "self-inflicted by the growth squad",
    ),
    ("blame/named-person", "The primary cause was the deploying engineer.", "the deploying engineer"),
    (
        "blame/counterfactual",
        "The missing rate limit was flagged and simply never dealt with.",
        "and simply never dealt with",
    ),
    (
        "blame/counterfactual",
        "The risk was plainly visible in the doc and nothing was done about it.",
        "nothing was done",
    ),
    ("blame/counterfactual", "That TTL value needed catching at the design stage.", "needed catching"),
    (
        "blame/counterfactual",
        "The bad config slipped through both code review and the change board.",
        "slipped through both code review",
    ),
    ("blame/counterfactual", "The gap in the test matrix was there for everyone to see.", "for everyone to see"),
    ("blame/counterfactual", "Review of the migration was a box-ticking exercise.", "was a box-ticking"),
    (
        "blame/character",
        "The outage reflects a significant failing on the part of the planners.",
        "failing on the part of",
    ),
    (
        "blame/character",
        "The on-call was reminded that node 4 was flaky and still put it back.",
        "reminded that node 4 was flaky and still put",
    ),
    ("blame/character", "The deployment went ahead although the pre-flight check printed FAIL.", "went ahead although"),
    (
        "blame/character",
        "The on-call dismissed the certificate email as spam.",
        "dismissed the certificate email as spam",
    ),
    (
        "blame/culprit-question",
        "Who on the mobile team thought it was fine to ship debug logging?",
        "Who on the mobile team thought",
    ),
    ("blame/culprit-question", "Which of our engineers hit merge with zero approvals?", "Which of our engineers"),
    (
        "blame/culprit-question",
        "Oluwaseun, what were you thinking when you turned off the limiter?",
        "what were you thinking",
    ),
    ("blame/culprit-question", "Did anyone on the team even open the crash dashboard?", "Did anyone on the team even"),
    (
        "blame/culprit-question",
        "Can someone explain why Lars edited the hosts file by hand?",
        "Can someone explain why",
    ),
    (
        "blame/culprit-question",
        "How did an experienced engineer not notice the lag?",
        "How did an experienced engineer not",
    ),
    ("blame/named-person", "Security pushed their agent to every host without telling anyone.", "without telling"),
    ("blame/named-person", "The network team changed the firewall rules without a heads-up.", "without a heads-up"),
    ("blame/named-person", "Compliance rotated every service account at once with zero notice.", "with zero notice"),
    ("blame/character", "That team is incompetent at running Kafka.", "incompetent"),
    ("blame/character", "That was a careless change to make without a rollback plan.", "careless"),
    ("blame/character", "The change was reckless.", "reckless"),
    ("blame/character", "A careless engineer pushed it.", "careless"),
    (
        "blame/named-person",
        "19:47 Night operator, against procedure, powers off the standby generator.",
        "against procedure",
    ),
    ("blame/named-person", "Nikolai took it upon himself to tidy the DNS zone.", "took it upon himself"),
    ("blame/named-person", "A junior analyst ran an unbounded query and starved every dashboard.", "and starved"),
    ("blame/named-person", "Zainab never renewed the certificate.", "never renewed"),
    ("blame/named-person", "He never got round to renewing the domain.", "never got round to"),
    ("blame/counterfactual", "The 80-minute lock was entirely foreseeable.", "foreseeable"),
    ("blame/counterfactual", "Any fool could see that a one-second timeout would fail.", "Any fool could see"),
    ("blame/character", "The responder was out of his depth with BGP.", "out of his depth"),
    ("blame/character", "The operator was on autopilot and typed the wrong password.", "on autopilot"),
    # Round 7: an instruction with a verb of what people are expected to do; a restriction of
    # one person (not of a role in general).
    ("blame/person-remedy", "Lesson: always double-check the target cluster before you restore.", "always double"),
    (
        "blame/person-remedy",
        "Action: Bogdan to re-read the deploy checklist and confirm in writing.",
        "re-read the deploy checklist",
    ),
    (
        "blame/person-remedy",
        "Make sure the contractors understand that staging is shared.",
        "Make sure the contractors understand",
    ),
    ("blame/character", "The low-disk warning was clicked away twice before the migration started.", "clicked away"),
    ("blame/character", "Each Monday the stale-replica report was let slide.", "let slide"),
    ("blame/counterfactual", "The flapping health check went unwatched for a month.", "went unwatched"),
    ("blame/named-person", "10:02 Radu applies the wrong migration to the ledger primary.", "applies the wrong"),
    ("blame/person-remedy", "Retrain Ekaterina on the failover procedure.", "Retrain Ekaterina"),
    (
        "blame/counterfactual",
        "The failover runbook was never once consulted during the night.",
        "was never once consulted",
    ),
    ("blame/counterfactual", "The capacity report went out on Monday and was not read.", "was not read"),
    (
        "blame/named-person",
        "The lost hour of orders is down to Marit running the purge against the live shard.",
        "Marit running",
    ),
    (
        "blame/named-person",
        "09:12 Oskar restarts every Kafka broker simultaneously; the cluster loses quorum.",
        "simultaneously",
    ),
    (
        "blame/named-person",
        "Primary cause (per the incident board): Margit, on the weekend shift.",
        "Primary cause (per the incident board): Margit",
    ),
    ("blame/named-person", "At fault: the billing team's release lead.", "At fault: the billing team's release lead"),
    (
        "blame/character",
        "Ilka was warned by the DBA that the rebuild would lock writes and ran it at noon anyway.",
        "anyway",
    ),
    (
        "blame/person-remedy",
        "The contractor involved will no longer be allowed near the billing schema.",
        "will no longer be allowed near",
    ),
]

# (rule that must not fire, blameless sentence): system subjects, neutral mentions, homonyms
NEAR_MISSES = [
    # A self-question the next sentence answers with a condition, not a person.
    ("blame/culprit-question", "Why didn't we notice sooner? The error-rate alert only covered one region."),
    ("blame/culprit-question", "Why didn't the responder fail over? The runbook needed the IC's approval."),
    # A system subject with a person-like adverb; a judgement word inside a technical name.
    ("blame/character", "The sync job carelessly truncated the file before writing it."),
    ("blame/character", "A sloppy-quorum write landed on a hinted-handoff node."),
    ("blame/character", "Lazy loading hid the bad value until the first request."),
    # A capitalised service area opening the sentence is a system; failing without "to" is breaking.
    ("blame/character", "Checkout failed for a third of users during the sale."),
    ("blame/character", "Search ignored the boost parameter after the upgrade."),
    ("blame/character", "Billing failed over to the standby at 09:14."),
    ("blame/named-person", "The release was rolled back by Farah at 11:02."),
    ("blame/named-person", "The change was pushed at 09:00 by the deploy bot without review."),
    ("blame/named-person", "Dina restarted the pods by hand while the automation was down."),
    ("blame/named-person", "14:05 Alice ran the reindex against the primary as scheduled."),
    ("blame/named-person", "Recovery began when Farid restarted the consumers."),
    ("blame/named-person", "Dave rolled back the bad config at 14:10."),
    ("blame/named-person", "The pipeline deployed a broken build to staging."),
    ("blame/counterfactual", "The cause was obvious once the logs were pulled."),
    ("blame/character", "The responder was distracted by a second, unrelated page."),
    ("blame/human-error", "This was not a people problem but a tooling gap."),
    ("blame/named-person", "The team decided to skip the load test because the change only touched logging."),
    ("blame/culprit-question", "Whoever is on call pages the database team."),
    ("blame/character", "Google Cloud ignored the quota change until midnight."),
    ("blame/counterfactual", "The delay was avoidable had the vendor's API returned a clear error."),
    ("blame/character", "The external-dns operator failed to update the records."),
    ("blame/named-person", "The job never ran after the scheduler restart."),
    ("blame/named-person", "Jamal's dashboard showed the spike first."),
    ("blame/named-person", "The deploy broke the login flow."),
    ("blame/named-person", "Alice rolled back the change at 14:10."),
    ("blame/named-person", "Owner: @maria, add a canary stage."),
    (
        "blame/named-person",
        "The script accidentally deleted the bucket because the prefix was empty.",
    ),
    ("blame/named-person", "The CI job did not verify the checksum."),
    ("blame/named-person", "The deploy tool pushed the build without waiting for the canary."),
    ("blame/human-error", "Log messages are human-readable now."),
    ("blame/human-error", "The user error rate rose to 3%."),
    ("blame/human-error", "We do not treat human error as a root cause."),
    ("blame/human-error", "The error budget was exhausted."),
    ("blame/human-error", "The operator error log shows repeated reconcile failures."),
    ("blame/counterfactual", "The alert should have fired at 80% disk usage."),
    ("blame/counterfactual", "The job should have taken 5 minutes per the runbook."),
    ("blame/counterfactual", "A synthetic check could have caught this earlier."),
    ("blame/counterfactual", "The dashboard clearly showed the spike."),
    ("blame/counterfactual", "If the flag had been validated, the deploy would have stopped."),
    ("blame/counterfactual", 'We avoid writing "should have" in reviews.'),
    ("blame/culprit-question", "How did the responders know which host they were on?"),
    ("blame/culprit-question", "Who owns the alerting rules?"),
    ("blame/culprit-question", "Why did the retry storm start?"),
    ("blame/culprit-question", "Which dashboard showed the spike?"),
    ("blame/character", "The scheduler ignored the taint on the node."),
    ("blame/character", "There was a lack of alerting on queue depth."),
    ("blame/character", "The health check failed to respond within two seconds."),
    ("blame/character", "Carol failed over to the secondary region."),
    ("blame/character", "The impact on latency was negligible."),
    ("blame/character", "Running git blame showed when the line changed."),
    ("blame/person-remedy", "Add a confirmation prompt to the deploy tool."),
    ("blame/person-remedy", "Deploys must be approved by two reviewers."),
    ("blame/person-remedy", "Train the classifier on the new labels."),
    ("blame/person-remedy", "Never-expiring tokens are now rejected by the gateway."),
    ("blame/person-remedy", "Engineers will receive access to the read-only replica."),
    ("blame/character", "We missed our SLO for the month."),
    ("blame/character", "The team missed the first alert because it was routed to email."),
    ("blame/counterfactual", "We should have had an alert on this."),
    ("blame/culprit-question", "Who was on call?"),
    ("blame/named-person", "The engineer ran the restore because the replica was corrupted."),
    ("blame/named-person", "Google's outage caused our login flow to fail."),
    ("blame/named-person", "Operator precedence in the expression caused the wrong threshold."),
    ("blame/character", "Jin missed the standup because he was handling the incident."),
    ("blame/character", "We ignored the flapping alert after confirming it was a known false positive."),
    ("blame/character", "We forgot nothing; the checklist covered every step."),
    ("blame/counterfactual", "We should have more than one person who knows the billing system."),
    ("blame/counterfactual", "Nobody could have predicted the provider outage."),
    ("blame/counterfactual", "We couldn't have caught this with our current test data."),
    ("blame/counterfactual", "If engineers had a staging copy, they could have tested the migration safely."),
    ("blame/named-person", "It's on the roadmap for next quarter."),
    ("blame/named-person", "The fix lies with the vendor's next release."),
    ("blame/culprit-question", "How did the alert reach the wrong team?"),
    ("blame/named-person", "No one was at fault; the tooling allowed a destructive command."),
    ("blame/character", "The pods restarted, and they failed to reconnect to the database."),
    ("blame/counterfactual", "The replicas fell behind; they could have caught up with a faster link."),
    ("blame/counterfactual", "Worker nodes were drained, but they should have been cordoned first."),
    ("blame/named-person", "The staging bucket was wiped by a cleanup job with an empty prefix."),
    ("blame/named-person", "The release captain decided to ship after the canary passed for an hour."),
    ("blame/counterfactual", "If the alert had paged instead of emailing, we would have caught this earlier."),
    ("blame/counterfactual", "If the on-call had been paged, recovery would have started sooner."),
    ("blame/culprit-question", "Why did the primary restart during peak traffic?"),
    ("blame/person-remedy", "Going forward, deploys are allowed to proceed only after a second approval."),
    ("blame/named-person", "The rate limiter was misconfigured by a template default."),
    # Fourth round: the same grammar with a condition, nobody, a system or a target.
    (
        "blame/counterfactual",
        "Had the smoke test covered the login page, the regression would have been caught in minutes.",
    ),
    ("blame/counterfactual", "Nobody could have foreseen that the registry would delete tags older than a year."),
    ("blame/counterfactual", "The bug would have been detected by a schema check in CI."),
    ("blame/counterfactual", "Dropping the cache during peak hours was the documented practice at the time."),
    ("blame/character", "The failover controller lost focus of the leader lease after the network partition."),
    ("blame/character", "The scheduler retried the job anyway, as configured."),
    ("blame/named-person", "The load balancer's error budget burned in twelve minutes."),
    ("blame/person-remedy", "Remove the drained node from the rotation once traffic reaches zero."),
    # Fifth round: the same grammar about a system, with a reason, or mentioned.
    ("blame/named-person", "The compaction job deleted every expired segment, as designed."),
    ("blame/named-person", "Ilse dropped the stale replication slot because it held 40 GB of WAL."),
    ("blame/named-person", "The network engineer withdrew the leaked prefixes and the flaps stopped."),
    ("blame/named-person", 'The first draft read "the DBA picked the wrong host"; we rewrote it.'),
    ("blame/character", "Thanks to Odile for spotting the lag and failing over within minutes."),
    ("blame/character", "The probe marks the target down regardless of the status code."),
    ("blame/character", "We failed over rather than waiting, since the vendor gave no estimate."),
    ("blame/counterfactual", "The retry loop was naive: it had no jitter."),
    ("blame/named-person", "The root cause was the on-call runbook, which pointed at a retired host."),
    ("blame/named-person", "Nobody is to blame; the cause was a default nobody had reviewed."),
    # Sixth round: the same idioms about software, as a habit or with a reason; ownership; quoted words.
    ("blame/character", "The proxy waved the malformed request through to the backend."),
    ("blame/character", "Noise gets tuned out by everyone, every time; fix the advisories."),
    ("blame/character", "The page was brushed off because it had fired falsely all week."),
    ("blame/counterfactual", "A lack of logging caused errors to go unnoticed for hours."),
    ("blame/counterfactual", "Our first page went unseen: it was routed to an archived list."),
    ("blame/counterfactual", "Escalate when the primary page goes unacknowledged for five minutes."),
    ("blame/named-person", "The ingest service belongs to the data platform team."),
    ("blame/named-person", "Rotating the certificates is the platform team's responsibility."),
    ("blame/named-person", "Dana owns the incident review as commander."),
    ("blame/named-person", "The team responsible for the cache was paged at 02:10."),
    ("blame/named-person", 'A customer called it "your on-call\'s mess" in the ticket.'),
    ("blame/counterfactual", 'The first draft said "Ivan should have known"; review reworded it.'),
    ("blame/counterfactual", "The signal was acted on by the controller within a second."),
    ("blame/counterfactual", "The page was not escalated because the policy had no secondary."),
    ("blame/counterfactual", "Nothing was done manually; the failover was automatic."),
    ("blame/counterfactual", "The misconfiguration hid in plain sight: the UI truncates long values."),
    ("blame/counterfactual", "The spike did not stand out to anyone who looked at the overview."),
    ("blame/counterfactual", "How did the bad config get past review? The diff showed only the template."),
    ("blame/counterfactual", "Sign-off is a formality for config-only changes under the policy."),
    ("blame/character", "The pods restarted and still failed their readiness checks."),
    ("blame/character", "The job continued although one shard failed, as designed."),
    ("blame/character", "The env var overrides the default timeout."),
    ("blame/culprit-question", "What were we thinking? The only signal was a synthetic check that flaps weekly."),
    ("blame/culprit-question", "Can someone explain how the failover works?"),
    ("blame/culprit-question", "Who was on call for payments that night?"),
    ("blame/named-person", "The disk failed without warning at 03:10."),
    ("blame/named-person", "The security patch shipped on Tuesday."),
    # A judgement word naming a technique or said of software; a chat line pasted alone.
    ("blame/character", "A lazy loader deferred the config read until the first request."),
    ("blame/character", "A sloppy clock on the edge nodes made tokens appear not yet valid."),
    ("blame/character", "The config parser is lazy: a section is only validated when first read."),
    ("blame/character", "The sync daemon was careless about file permissions."),
    ("blame/character", "11:48 <soren> careless of me, I pointed the script at prod"),
    ("blame/character", "> 15:42 @sven: I totally forgot to drain the node first, sorry all"),
    ("blame/named-person", "The scheduler retried the job against policy after the quota reset."),
    ("blame/named-person", "Priya handled the failover on her own initiative because the IC was paged elsewhere."),
    ("blame/named-person", "The on-call found the runaway query and killed it."),
    ("blame/named-person", "The on-call didn't escalate at first because the guide classed it as SEV-3."),
    ("blame/counterfactual", "The failure was not foreseeable from the vendor's documentation."),
    ("blame/counterfactual", "Batching gives us predictable latency under load."),
    # Round 7: rules written for a system in the imperative; a rule of the process for a role in
    # general; a condition that imagines a situation; what a mechanism was expected to do.
    ("blame/person-remedy", "Proxy rules: never store a response with Set-Cookie; always strip Authorization."),
    ("blame/person-remedy", "Queue policy: never retry a message more than five times."),
    ("blame/person-remedy", "Shift leads are no longer allowed to approve their own changes; a second lead must."),
    ("blame/counterfactual", "Had we wanted to roll back the schema, the old binary would have refused to start."),
    (
        "blame/counterfactual",
        "Since the dedupe table already held that id, the second delivery should have been caught.",
    ),
    # Round 7: blame someone else said or wrote, reported (a verb of saying with a third party as
    # its subject, or a quotation of three words or more in single quotes); a safeguard after "by";
    # an obligation in a condition; a free relative as the subject; a concurrent condition.
    (
        "blame/character",
        "A reviewer wrote that the intern was careless; the investigation found the prompt defaulted to prod.",
    ),
    ("blame/human-error", "The partner's email put it down to 'human error on your side'; we sent them the timeline."),
    (
        "blame/counterfactual",
        "The oversized payload should have been caught by the schema validator, which was disabled.",
    ),
    ("blame/counterfactual", "If we had had to fail back, the long DNS TTL would have delayed it by an hour."),
    ("blame/named-person", "The summary tells readers what broke and what we changed."),
    ("blame/counterfactual", "The second alert went unanswered while the first outage was being handled."),
    ("blame/person-remedy", "Responses flagged private must never be cached by the proxy."),
    ("blame/character", "Under memory pressure the cache served stale entries, because expiry was lazy."),
    ("blame/person-remedy", "Always verify the signature before unpacking an artefact."),
    ("blame/person-remedy", "New on-call engineers complete the incident training before their first shift."),
    ("blame/person-remedy", "Make sure everyone on the rota has the permissions to fail over."),
    ("blame/character", "We will not let a failing restore test slide again."),
    ("blame/person-remedy", "Do not retrain on last week's clicks; the ranking pipeline now holds out a labelled day."),
    ("blame/counterfactual", "Write down what each responder saw; leave out what they should have noticed."),
    ("blame/counterfactual", "The retry was never read by the consumer, which had already crashed."),
    ("blame/counterfactual", "The alert was not acknowledged because the pager was routed to an old phone."),
    ("blame/counterfactual", "The backlog should have been caught by the timetable checker, which only warns."),
    ("blame/character", "The lazy replica had not replayed the last minute of log when it was promoted."),
    ("blame/named-person", "Root cause: Kafka Connect."),
    ("blame/named-person", "Owner: Margit, add a per-region alert."),
    ("blame/character", "The job hit the quota that the team had set and retried anyway."),
    ("blame/character", "We misjudged the first graph: its axis was in thousands and showed no unit."),
    (
        "blame/counterfactual",
        "The batch host's log was local only, so there was no way for anyone to see the warnings.",
    ),
]


class TestRules:
    """Each rule finds its blameful phrase and leaves its near misses alone."""

    @pytest.mark.parametrize(("rule", "text", "span"), HITS)
    def test_hit(self, rule: str, text: str, span: str) -> None:
        """The rule fires and its span covers exactly the blameful phrase."""
        assert span in spans_of(text, rule)

    @pytest.mark.parametrize(("rule", "text"), NEAR_MISSES)
    def test_near_miss(self, rule: str, text: str) -> None:
        """A system subject, a neutral mention or a homonym is not flagged."""
        assert rules_of(text) == set(), find_blame(text)
        assert rule in BLAME_RULES

    def test_every_rule_is_exercised(self) -> None:
        """The hit and near-miss tables cover all six rules."""
        assert {r for r, _, _ in HITS} == set(BLAME_RULES)
        assert {r for r, _ in NEAR_MISSES} == set(BLAME_RULES)

    def test_spans_point_into_the_text_given(self) -> None:
        """Offsets are into the whole text, not into the sentence that holds the phrase."""
        text = "The service restarted at 14:00.\n\nLater, the engineer should have paged the DBA."
        (hit,) = find_blame(text)
        assert text[hit.start : hit.end] == "should have"
        assert hit.start > text.index("Later")

    def test_hits_come_in_text_order(self) -> None:
        """Hits from several sentences are sorted by position."""
        text = "Who approved this change? The intern was careless. Root cause: human error."
        hits = find_blame(text)
        assert [h.rule for h in hits] == [
            "blame/culprit-question",
            "blame/character",
            "blame/human-error",
        ]
        assert [h.start for h in hits] == sorted(h.start for h in hits)


class TestMessages:
    """Messages explain and suggestions rewrite without naming anyone."""

    @pytest.mark.parametrize(("rule", "text", "span"), HITS)
    def test_message_and_suggestion(self, rule: str, text: str, span: str) -> None:
        """Every hit carries a one-sentence message and a non-empty suggestion."""
        for hit in find_blame(text):
            assert hit.message.endswith(".")
            assert hit.message.count(". ") == 0
            assert len(hit.suggestion) > 20

    @pytest.mark.parametrize(
        ("text", "name"),
        [
            ("Ingrid could have caught this when Ingrid reviewed it.", "Ingrid"),
            ("Kevin's change to the retry settings is what took down checkout.", "Kevin"),
            ("Retrain Pedro on the deploy process.", "Pedro"),
            ("The contractor broke staging, and Marta should have stopped Luis.", "Luis"),
            ("kim broke the build while kim was tired.", "kim"),
        ],
    )
    def test_suggestion_does_not_repeat_the_name(self, text: str, name: str) -> None:
        """The blameless rewrite leaves out the person the sentence blamed."""
        hits = find_blame(text, people=["Kim"])
        assert hits
        for hit in hits:
            assert name.lower() not in hit.suggestion.lower()


class TestPeopleAndAllowed:
    """The incident's people count as persons; allowed words are never flagged."""

    def test_known_person_in_lower_case(self) -> None:
        """A lower-case name only counts as a person when the incident lists it."""
        text = "things got worse, tony disappeared for an hour"
        assert rules_of(text) == set()
        assert rules_of(text, people=["Tony"]) == {"blame/character"}

    def test_handle_matches_person(self) -> None:
        """A participant's handle, with or without the @, names a person."""
        text = "jdoe should have checked the replica."
        assert rules_of(text) == set()
        assert rules_of(text, people=["@jdoe"]) == {"blame/counterfactual"}

    def test_allowed_name_is_not_a_person(self) -> None:
        """A bot named like a person is not judged when the team allows its name."""
        text = "Hal should have restarted the pod."
        assert rules_of(text) == {"blame/counterfactual"}
        assert rules_of(text, allowed=["Hal"]) == set()

    def test_allowed_word_is_never_flagged(self) -> None:
        """An allowed trigger word suppresses the hit it would cause."""
        text = "The engineer was careless."
        assert rules_of(text, allowed=["careless"]) == set()
        assert rules_of(text) == {"blame/character"}


class TestSentences:
    """Sentence splitting keeps abbreviations and times together."""

    def test_abbreviations(self) -> None:
        """'a.m.' and 'e.g.' followed by lower case do not end a sentence."""
        text = "The page came at 2 a.m. during the sale. Next, e.g. the cache was cold."
        pieces = [text[a:b] for a, b in _sentences(text)]
        assert pieces == [
            "The page came at 2 a.m. during the sale.",
            "Next, e.g. the cache was cold.",
        ]

    def test_lines(self) -> None:
        """Each line of a list is its own sentence."""
        text = "- Owner: Alice\n- Be more careful next time\n"
        assert [text[a:b] for a, b in _sentences(text)] == [
            "- Owner: Alice",
            "- Be more careful next time",
        ]


class TestKeyWordFilter:
    """The cheap key-word filter never hides a hit the rules would find."""

    def test_patterns_are_lower_case(self) -> None:
        """Patterns run without IGNORECASE on lower-cased text, so they hold no capitals."""
        for rule in _RULES:
            source = re.sub(r"\\[A-Za-z]|\(\?P<", "", rule.source)
            assert source == source.lower(), rule.source

    def test_length_changing_lower_case(self) -> None:
        """A character whose lower case is longer ("İ") does not shift the spans."""
        text = "İİİ team note: the engineer should have checked."
        (hit,) = find_blame(text)
        assert text[hit.start : hit.end] == "should have"

    @pytest.mark.parametrize(
        "name",
        [
            "blameless_dev.jsonl",
            "blameless_holdout.jsonl",
            "blameless_fresh.jsonl",
            "blameless_fresh2.jsonl",
            "blameless_fresh3.jsonl",
        ],
    )
    def test_same_hits_as_running_every_rule(self, name: str) -> None:
        """On every labelled sentence, filtering by key words changes nothing."""
        for row in load(name):
            text = row["text"]
            assert sorted(find_blame(text), key=repr) == brute_force(text), text

    @pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
    def test_same_hits_on_the_examples(self, path: Path) -> None:
        """On every prose field of the examples, with their people, the shortcuts change nothing.

        The fields hold several sentences each, so this covers splitting a text first and
        filtering each sentence on its own, and normalising the people once per set.
        """
        incident = postmortem.load(path)
        people = sorted(incident.people)
        for _, text in prose_fields(incident):
            found = find_blame(text, people=people, allowed=["Hal"])
            assert sorted(found, key=repr) == brute_force(text, people=people, allowed=["Hal"]), text

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [*"abcsw'’. ,?-\nİé9", "should", "failed", "it's", "wrong", "warned", "didn't", "n't", "and"]
            ),
            max_size=40,
        ).map("".join)
    )
    def test_ascii_key_words_match_the_pattern(self, text: str) -> None:
        """The fast path for ASCII text finds the key words of the word pattern's runs.

        A run's words are every part of it whose both ends are the run's ends or next to one of
        its apostrophes: where a pattern's \\b can fall inside the run (brute force here).
        """
        low = text.lower().replace("’", "'")
        words = set()
        for run in _KEY_WORD_RE.findall(low):
            cuts = sorted(
                {
                    0,
                    len(run),
                    *(i for i, c in enumerate(run) if c == "'"),
                    *(i + 1 for i, c in enumerate(run) if c == "'"),
                }
            )
            words.update(run[a:b] for a in cuts for b in cuts if a < b)
        words &= _ALL_KEYS
        marks = {mark for mark, there in (("'s", "'s" in low or "s' " in low), ("?", "?" in low)) if there}
        assert _key_words(low) == words | marks

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(st.lists(st.sampled_from([*".!?\n \"')’”]x", "e.g", "a.m."]), max_size=40).map("".join))
    def test_sentence_end_pattern(self, text: str) -> None:
        """The sentence-end pattern finds what its plainer form (two alternatives) finds."""
        plain = re.compile(r"[.!?]+[\"'’”)\]]*(?=\s|$)|\n")
        assert [m.span() for m in _SENTENCE_END_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]

    @settings(max_examples=examples(quick=170, full=500), deadline=None)
    @given(
        st.lists(st.sampled_from([*"ab.eg ?!)'\"’\nxΣ", "e.g", "etc", "approx", "p.m", "No"]), max_size=50).map(
            "".join
        ),
        st.integers(min_value=0, max_value=70),
    )
    def test_abbreviation_test_matches_the_pattern(self, text: str, start: int) -> None:
        """Reading the word before a full stop backwards agrees with the pattern it replaced."""
        reference = re.compile(r"([\w.]+)[.!?]+[\"'’”)\]]*$")
        for m in _SENTENCE_END_RE.finditer(text):
            if m.group() == "\n" or m.start() < start:
                continue
            window = max(start, m.end() - 40)
            before = reference.search(text, window, m.end())
            expected = bool(before and before.group(1).lower().rstrip(".") in _ABBREVIATIONS)
            assert _abbreviation_before(text, window, m.start()) == expected, (text, m.span())


hostile_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=None),
    max_size=300,
)
trigger_words = st.sampled_from(
    [
        "should have",
        "could have caught",
        "Who",
        "Why didn't",
        "human error",
        "careless",
        "Kevin's",
        "the engineer",
        "we",
        "?",
        ".",
        ",",
        "\n",
        "\u202e",
        "\u200f",
        "\x00",
        "\x1b[31m",
        "🔥",
        "שלום",
        "مرحبا",
        "if only",
        "had",
        "would",
        "without",
        "'s",
        "@maria",
        "the wrong",
        "be more careful",
        "Retrain",
        "obviously",
        "root cause:",
    ]
)


class TestRobustness:
    """Arbitrary text never crashes the detector and spans stay in bounds."""

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(st.lists(trigger_words | hostile_text, max_size=20).map(" ".join))
    def test_arbitrary_text(self, text: str) -> None:
        """Control characters, emoji and right-to-left text are handled."""
        for hit in find_blame(text, people=["maria"], allowed=["obviously"]):
            assert 0 <= hit.start < hit.end <= len(text)
            assert hit.rule in BLAME_RULES
            assert text[hit.start : hit.end].strip() == text[hit.start : hit.end]

    @pytest.mark.parametrize(
        "text",
        [
            ", ".join(["the engineer should have checked"] * 3000),
            "one of " * 3000 + "the engineers should have checked.",
            " and ".join(["tired"] * 3000) + " should have checked.",
            "x" * 100_000,
            "(" * 5000 + "Who approved this?" + ")" * 5000,
            ", ".join(["they"] * 3000) + " should have checked.",
        ],
    )
    def test_run_on_text(self, text: str) -> None:
        """Very long sentences and deep nesting neither recurse without bound nor fail."""
        hits = find_blame(text)
        assert all(0 <= h.start < h.end <= len(text) for h in hits)
        if text.startswith("the engineer"):
            assert len(hits) > 2900

    @settings(max_examples=examples(quick=30, full=100), deadline=None)
    @given(st.text(max_size=200), st.lists(st.text(max_size=10), max_size=5))
    def test_arbitrary_people(self, text: str, people: list[str]) -> None:
        """Any list of people or allowed words is accepted."""
        for hit in find_blame(text, people=people, allowed=people):
            assert 0 <= hit.start < hit.end <= len(text)


# Pieces that exercise every way the one-pass scan could read a text differently from the
# plain reading: abbreviations, closing quotes, non-ASCII after a full stop, information
# separators, "s' " at a sentence end, line breaks and sentences over 1,000 characters.
scan_pieces = st.sampled_from(
    [
        "The engineer should have checked",
        "Kevin's change broke checkout",
        "Who approved this?",
        "the deploy failed",
        "Dave pushed a bad config",
        "the on-call ignored the alert",
        "Human error",
        " e.g. ",
        " etc. ",
        " No. ",
        " Approx. ",
        ". ",
        "! ",
        "? ",
        ".) ",
        '." ',
        ".\u201d ",
        ". \u00e9",
        ". \u00c9",
        ".\n",
        "\n",
        " \n ",
        "\t",
        "\x1c",
        "s' ",
        "\u2019s ",
        "was warned'and carried on",
        "'the engineer'should've checked",
        "Dave'broke'it",
        "x" * 300,
        "!" * 35 + " ",
        "...",
        " ",
    ]
)
scan_text = st.lists(scan_pieces, max_size=30).map("".join)


class TestOnePass:
    """The one-pass scan finds exactly what the plain reading (split, then filter) finds."""

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(scan_text)
    def test_one_text(self, text: str) -> None:
        """find_blame on one text equals the plain reading, spans and suggestions included."""
        assert find_blame(text, people=["Dave"]) == _plain_reading(text, people=["Dave"])

    @settings(max_examples=examples(quick=50, full=150), deadline=None)
    @given(st.lists(scan_text, max_size=8))
    def test_texts_read_together(self, texts: list[str]) -> None:
        """Texts joined in one pass give each text's own hits, at offsets into that text."""
        expected = [_plain_reading(text, people=["Dave"], allowed=["etc"]) for text in texts]
        assert find_blame_in_texts(texts, people=["Dave"], allowed=["etc"]) == expected

    @pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.name)
    def test_examples_read_together(self, path: Path) -> None:
        """Every prose field of an example, read in one pass, gets its own plain reading's hits."""
        incident = postmortem.load(path)
        people = sorted(incident.people)
        texts = [text for _, text in prose_fields(incident)]
        expected = [_plain_reading(text, people=people) for text in texts]
        assert find_blame_in_texts(texts, people=people) == expected

    @pytest.mark.parametrize(
        "name",
        [
            "blameless_dev.jsonl",
            "blameless_holdout.jsonl",
            "blameless_fresh.jsonl",
            "blameless_fresh2.jsonl",
            "blameless_fresh3.jsonl",
        ],
    )
    def test_labelled_sets_read_together(self, name: str) -> None:
        """Labelled sentences read twenty at a time get the hits each gets on its own."""
        texts = [row["text"] for row in load(name)]
        for first in range(0, len(texts), 20):
            chunk = texts[first : first + 20]
            assert find_blame_in_texts(chunk) == [_plain_reading(text) for text in chunk]

    def test_length_changing_lower_case(self) -> None:
        """A text whose lower case is longer ("İ") is read plainly, each text on its own."""
        texts = ["İİ the engineer should have checked.", "Kevin's change broke checkout."]
        assert find_blame_in_texts(texts) == [_plain_reading(text) for text in texts]

    def test_no_texts(self) -> None:
        """No texts, no hits."""
        assert find_blame_in_texts([]) == []

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=120))
    def test_ascii_patterns_agree(self, text: str) -> None:
        """On ASCII text without information separators, the ASCII-class patterns match the same."""
        low = text.lower().replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x1f", " ")
        for rule in _RULES:
            _, fast, plain = _compiled(rule.source)
            assert [m.span() for m in plain.finditer(low)] == [m.span() for m in fast.finditer(low)], rule.rule

    @settings(max_examples=examples(quick=100, full=300), deadline=None)
    @given(
        st.lists(
            st.sampled_from(["09:14", "@maria", "e.g.", "don't", "Kevin\u2019s", "\u0130", "\u03a3", "\x1c", "\xa0"])
            | st.text(alphabet="aZ9 :'.-@,;!?\n\t", max_size=6)
            | st.text(max_size=3),
            max_size=25,
        ).map("".join),
        st.integers(min_value=0, max_value=500),
    )
    def test_tokens_at_their_matches(self, text: str, offset: int) -> None:
        """Tokens found by text and position are the token pattern's matches, lower case and spans."""
        plain = text.replace("\u2019", "'")
        expected = [
            (m.group(), m.group().lower(), m.start() + offset, m.end() + offset) for m in _TOKEN_RE.finditer(plain)
        ]
        assert [tuple(token) for token in _tokenise(text, offset)] == expected


class TestDevSetFloor:
    """A regression test on the labelled development set."""

    def _evaluate(self, name: str) -> dict[str, Any]:
        evaluate = benchmark_script("blameless_eval").evaluate
        result: dict[str, Any] = evaluate(load(name))
        return result

    def test_dev_figures(self) -> None:
        """Precision and recall on dev stay above the floor reached, minus a small margin."""
        result = self._evaluate("blameless_dev.jsonl")
        for key in ("all", "high_medium"):
            assert result[key]["precision"] >= 0.95, result[key]
            assert result[key]["recall"] >= 0.90, result[key]

    def test_holdout_figures(self) -> None:
        """The held-out set (never tuned on) stays at the target the check was built for."""
        result = self._evaluate("blameless_holdout.jsonl")
        assert result["all"]["precision"] >= 0.90, result["all"]
        assert result["all"]["recall"] >= 0.80, result["all"]

    def test_fresh_figures(self) -> None:
        """The fresh batches (first-sight scores in docs/checks/blamelessness.md) stay near the level reached.

        Batch 1 scored precision 0.946 and recall 0.648 before the rules were generalised with
        it in view; batch 2 scored 0.938 and 0.833 once, written after those changes; batch 3
        scored 0.929 and 0.813 once, on the rules as they were after batch 2's fixes.
        """
        for name, recall in (
            ("blameless_fresh.jsonl", 0.93),
            ("blameless_fresh2.jsonl", 0.94),
            ("blameless_fresh3.jsonl", 0.87),
        ):
            result = self._evaluate(name)
            assert result["all"]["precision"] >= 0.95, (name, result["all"])
            assert result["all"]["recall"] >= recall, (name, result["all"])

    def test_v4_dev_figures(self) -> None:
        """The fourth round's development file stays near the level reached (rules alone).

        Scored once on first sight at 0.962 precision and 0.515 recall; the round's rules were
        written with its misses in view and reached 0.968 and 0.606.
        """
        result = self._evaluate("blameless_v4_dev.jsonl")
        assert result["high_medium"]["precision"] >= 0.95, result["high_medium"]
        assert result["high_medium"]["recall"] >= 0.58, result["high_medium"]

    def test_labels_are_well_formed(self) -> None:
        """Every set has the fields the evaluation reads, and ids are unique."""
        for name in (
            "blameless_dev.jsonl",
            "blameless_holdout.jsonl",
            "blameless_fresh.jsonl",
            "blameless_fresh2.jsonl",
            "blameless_fresh3.jsonl",
        ):
            rows = load(name)
            assert len({r["id"] for r in rows}) == len(rows)
            for row in rows:
                assert row["label"] in {"blameful", "blameless"}
                assert row["confidence"] in {"high", "medium", "low"}
                assert re.fullmatch(r"[a-z_]+", row["category"])
