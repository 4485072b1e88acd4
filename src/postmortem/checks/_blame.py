"""Find blameful language in post-mortem text.

The detector is a small rule-based parser, not a keyword list: a judgement word is only
blameful when a *person* is what it judges. Each sentence is split into tokens and clauses;
for a candidate phrase the subject of its clause is classified as a person (a known name or
handle, a capitalised first name, a pronoun, a role noun such as *engineer* or *on-call*) or
as a system (*service*, *alert*, *health check*, *deploy*, ...). "The engineer should have
checked" is blameful; "the alert should have fired at 80%" is not.

Work per sentence stays small: a set lookup of key words decides which rules a sentence could
match at all (most sentences: none), and only those sentences are tokenised and parsed.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Final, Literal, NamedTuple

import attrs

from postmortem.checks._blame_keys import KEY_WORD_CHARS, Clause, best_group
from postmortem.checks._blame_keys import stored as stored_keys

__all__ = ["BLAME_RULES", "BlameHit", "find_blame", "find_blame_in_texts"]

#: The rule names :func:`find_blame` can report, in a stable order.
BLAME_RULES: Final = (
    "blame/named-person",
    "blame/human-error",
    "blame/counterfactual",
    "blame/culprit-question",
    "blame/character",
    "blame/person-remedy",
)


@attrs.frozen
class BlameHit:
    """One blameful phrase found in a text.

    Attributes:
        rule: The rule that matched, one of :data:`BLAME_RULES`.
        start: Offset of the first character of the blameful phrase in the text given.
        end: Offset one past its last character.
        message: Why the phrase is blameful, in one sentence.
        suggestion: A blameless rewrite of the sentence, or a question to ask instead.
    """

    rule: str
    start: int
    end: int
    message: str
    suggestion: str


# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that refer to people by role. Plurals are derived below.
_ROLE_NOUNS: Final = _words(
    """
    engineer developer dev operator sre admin administrator sysadmin dba reviewer intern
    contractor deployer on-call oncall on-caller responder maintainer manager lead qa tester
    ops employee staff person people colleague coworker co-worker member team folk folks guy
    author committer programmer analyst technician consultant architect approver releaser
    newbie newcomer junior senior hire human owner management leadership executive captain
    commander coordinator specialist officer director supervisor representative
    """
)
_ROLE_NOUNS_ALL: Final = _ROLE_NOUNS | {w + "s" for w in _ROLE_NOUNS} | {"people", "staff"}

_PERSON_PRONOUNS: Final = _words(
    """
    i we you he she they someone somebody nobody everyone everybody anyone anybody me us him
    them yourself ourselves themselves myself
    """
)
_SYSTEM_PRONOUNS: Final = _words("it this that these those there what which")

# Nouns that name systems, artefacts and process: a clause headed by one is about the system.
_SYSTEM_NOUNS: Final = _words(
    """
    service alert alarm check healthcheck deploy deployment config configuration query job
    monitor monitoring pipeline database db server host node pod cluster tool script process
    procedure runbook playbook system api endpoint cache queue replica primary test build
    release change commit flag page pager dashboard balancer proxy network dns certificate
    cert disk volume backup migration scheduler cron canary rollout rollback request traffic
    client library code logic file directory rule policy threshold limit probe step stage
    detection time item backlog version instance container image storage bucket key token
    secret credential issue incident outage error bug problem fix patch setting option
    variable value field table index schema feature function method module package
    application app site website page router gateway controller daemon worker thread agent
    load latency memory cpu generator power link mail email message ticket report log metric
    graph chart prompt terminal console screen channel rotation schedule escalation hook
    webhook trigger automation workflow tooling framework platform infrastructure
    environment region zone datacenter provider vendor account access permission role
    documentation doc docs wiki design architecture default retry timeout backoff
    connection pool state lock operation command action sequence task batch run signal
    checkout cart basket search billing payment invoicing login signup signin auth
    authentication authorization identity sso inventory catalog catalogue shipping
    fulfilment fulfillment notification messaging chat storage ingestion indexing indexer
    analytics reporting routing frontend backend web mobile sync replication failover
    autoscaling autoscaler scaling provisioning recommendations pricing ledger ads
    telemetry observability tracing logging streaming upload uploads download downloads
    """
)
_SYSTEM_NOUNS_ALL: Final = _SYSTEM_NOUNS | {w + "s" for w in _SYSTEM_NOUNS} | {"processes"}

# Capitalised words that are products or places, never first names.
_TECH_WORDS: Final = _words(
    """
    kubernetes k8s terraform jenkins homebrew github gitlab bitbucket docker ansible puppet
    chef consul vault envoy istio prometheus grafana elasticsearch opensearch kibana cassandra
    mongo mongodb redis postgres postgresql mysql mariadb sqlite kafka rabbitmq nginx apache
    haproxy varnish memcached linux windows macos ubuntu debian aws gcp azure google amazon
    microsoft cloudflare fastly akamai stripe slack zoom teams pagerduty opsgenie datadog
    splunk sentry nagios jira confluence spinnaker argo argocd helm celery sidekiq rails
    django flask node python java go golang rust ruby lambda bigtable spanner dynamo dynamodb
    heroku vercel netlify travis circleci buildkite wordpress boskos prow kiam jenkinsfile
    cloudfront route53 gke eks aks ec2 ebs s3 rds sql json yaml toml http https tls ssl ssh
    okta auth0 twilio sendgrid zookeeper etcd coredns calico cilium istio linkerd openstack
    vmware hadoop spark airflow snowflake bigquery looker tableau npm pypi cargo crates maven
    gradle bazel git svn oceania europe asia america africa friday monday tuesday wednesday
    thursday saturday sunday january february march april may june july august september
    october november december christmas easter covid
    nomad vitess memcache loki thanos cortex mimir tempo jaeger zipkin fluentd fluentbit
    logstash filebeat kinesis firehose sqs sns pubsub flink presto trino druid pinot
    clickhouse pulumi artifactory nexus traefik keycloak ceph minio velero patroni pgbouncer
    haproxy supervisor systemd cron kube kubectl openshift rancher tekton drone concourse
    dependabot renovate copilot graphql grpc protobuf webpack nextjs react redux fastapi
    gunicorn uwsgi puma unicorn tomcat jetty kestrel iis cdn waf vpn ldap saml oauth oidc
    """
)

# Common words that can open a sentence or heading capitalised; never first names.
_COMMON_WORDS: Final = _words(
    """
    a an the this that these those there here it its our their my your his her we they you
    he she i me us them some any all every each no none nothing everything both either
    neither one two three four five several many most more less few other another such
    and or but so yet nor for because since although though while when whenever where
    whereas if unless until after before during within without despite given per via by
    at on in into onto of off from to with as about above below over under between through
    also very just only even still already again once then now later earlier soon finally
    initially meanwhile however therefore thus hence instead otherwise overall additionally
    frankly honestly unfortunately fortunately luckily obviously clearly basically actually
    really simply ultimately eventually apparently sadly hopefully moreover furthermore
    yes ok okay thanks thank please note summary impact detection resolution timeline
    trigger root cause causes contributing factor factors lesson lessons learned action
    actions item items owner owners remediation mitigation follow followup follow-up
    status severity background context analysis review reviewed approved due update updates
    what who whom whose why how which whatever whoever add page revisit remind be make
    ensure use update create remove fix set run check document investigate implement
    improve move migrate write test monitor alert require enable disable deploy roll rotate
    audit schedule automate train retrain assume ask consider keep stop start avoid allow
    provide introduce increase decrease reduce limit block prevent replace rename split
    merge build ship release restore rebuild backfill notify escalate share publish adopt
    define track measure verify validate confirm double-check lead going human manual
    automated staffing security multiple increasing influx sheer engineers developers
    operators admins reviewers users customers people everyone someone nobody anyone
    deploys deployments requests errors logs disk reviewed once had has have was were is
    are am do does did will would should could can may might must shall ought need needs
    let lets being been able unable new old first last next previous same different
    internal external production staging prod dev local global wrong right good bad
    great big small large high low long short full partial entire whole main primary
    secondary critical major minor known unknown because-of due-to
    """
)

_DETERMINERS: Final = _words(
    "a an the this that these those our their his her its my your some any every each no another all both"
)
_PREPOSITIONS: Final = _words(
    """
    at on in into onto of off from to with about above below over under between through
    during within without despite per via by for after before since until against across
    around behind beyond toward towards upon like than
    """
)
_AUXILIARIES: Final = _words(
    """
    is are was were be been being am has have had having do does did will would shall
    should can could may might must ought need needs isn't aren't wasn't weren't hasn't
    haven't hadn't don't doesn't didn't won't wouldn't shouldn't can't couldn't mustn't
    should've could've would've might've must've 's 're 've 'd 'll
    """
)
_CLAUSE_WORDS: Final = _words(
    """
    because since although though while when whenever whereas if unless until after before
    and but or so yet then that which who whom whose where as once
    """
)
_RELATIVES: Final = _words("that which who whom whose")
_ADVERBS: Final = _words(
    """
    also just only even still already again once then now later soon finally initially
    meanwhile however therefore thus hence instead otherwise overall frankly honestly
    unfortunately fortunately luckily obviously clearly basically actually really simply
    ultimately eventually apparently sadly hopefully not never always quickly slowly
    immediately eventually definitely probably certainly surely simply again
    """
)

# Verbs (base forms) used to tell a verb from a noun when there is no tagger.
_VERB_BASES: Final = _words(
    """
    add allow approve ask break bring cause change check choose clean close come commit
    confirm copy create cut decide delete deploy destroy disable drop edit enable enter
    escalate fail fix follow forget get give go handle help ignore introduce keep kill know
    leave let look make merge miss misconfigure move need notice open page pass pay push put
    read reboot receive remove rename restart restore revert review roll run say see send
    set ship silence skip sleep start stop switch take test think try turn update upgrade
    use verify wait want wipe write mute bypass override neglect omit overlook misjudge
    lack disappear vanish sign drain promote acknowledge declare propose share walk determine
    join ping inform notify decide own resolve mitigate trace type paste apply patch
    catch respond understand realise realize answer act react call report communicate
    coordinate hold sit rush approve prevent avoid stop spot detect investigate find
    manage silence bump hardcode truncate purge
    """
)
_IRREGULAR_PAST: Final = _words(
    """
    broke broken brought came chose chosen cut did done drew forgot forgotten gave given got
    gotten went gone kept knew known left let made meant put ran read said saw seen sent set
    shut spent stood struck swore took taken thought told understood woke wrote written
    overrode overridden overlooked mistook began begun fell sat hit quit caught bought
    fought sought taught heard paid found held lost led felt slept built spent stood
    """
)


def _verb_forms() -> frozenset[str]:
    forms: set[str] = set(_IRREGULAR_PAST)
    for base in _VERB_BASES:
        forms.add(base)
        forms.add(base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s"))
        if base.endswith("e"):
            forms.update({base + "d", base[:-1] + "ing"})
        else:
            forms.update({base + "ed", base + "ing"})
            if len(base) >= 3 and base[-1] in "pgtnm" and base[-2] in "aeiou":
                forms.update({base + base[-1] + "ed", base + base[-1] + "ing"})
    return frozenset(forms)


_VERB_FORMS: Final = _verb_forms()

_NAME_SUFFIXES_NOT: Final = (
    "ment",
    "ments",
    "tion",
    "tions",
    "sion",
    "ness",
    "ity",
    "ing",
    "ings",
    "ance",
    "ence",
    "able",
    "ible",
    "ism",
    "ous",
    "ful",
    "less",
    "ies",
    "ers",
    "ive",
)


def _could_be_first_name(text: str, bare: str) -> bool:
    """Tell whether a word, out of context, could be a first name: "Maria", not "Deploys"."""
    word = text[:-2] if text.lower().endswith("'s") else text
    return (
        len(word) > 1
        and word[:1].isupper()
        and word[1:].islower()
        and word.isalpha()
        and bare not in _NOT_NAMES
        and not bare.endswith(_NAME_SUFFIXES_NOT)
        and not (bare.endswith("ly") and len(bare) > 6)
    )


_NOT_NAMES: Final = _COMMON_WORDS | _TECH_WORDS | _SYSTEM_NOUNS_ALL | _ROLE_NOUNS_ALL | _VERB_FORMS

_OBJECT_OPENERS: Final = _words("it this that these those the a an them him her us me his their our")
_STAMP_WORDS: Final = frozenset(["[", "]", "-", "*", "#", ">", "am", "pm", "a.m", "p.m"])
_QUANTIFIERS: Final = frozenset(["one", "some", "all", "any", "each", "most", "many", "several", "both", "none", "no"])

# --------------------------------------------------------------------------- tokens

_TOKEN_RE: Final = re.compile(
    r"\d{1,2}(?::\d{2})+|@[\w.-]*\w|\w+(?:[-'’.]\w+)*|[^\w\s]",
)
_TOKEN_ASCII_RE: Final = re.compile(_TOKEN_RE.pattern, re.ASCII)
# A run of ".", "!" or "?" (with closing quotes or brackets) before white space, or a line
# break. Led by one character class so that the scan skips other characters quickly.
_SENTENCE_END_RE: Final = re.compile(r"[\n.!?](?:(?<=\n)|[.!?]*[\"'’”)\]]*(?=\s|$))")
_INNER_END_RE: Final = re.compile(r"[.!?]\s")
_ABBREVIATIONS: Final = _words("e.g i.e a.m p.m etc vs mr mrs ms dr approx fig cf inc ltd no st ca")


class _Token(NamedTuple):
    text: str
    low: str
    start: int
    end: int


def _tokenise(text: str, offset: int) -> list[_Token]:
    # "’" and "'" are one character each and tokenise alike, so replacing first keeps offsets.
    text = text.replace("’", "'")
    make = tuple.__new__  # skips the named tuple's own __new__: tokenising is a hot loop
    # On plain text the pattern with ASCII classes finds the same tokens, faster (see _compiled).
    pattern = _TOKEN_ASCII_RE if _plain_text(text) else _TOKEN_RE
    # Between two tokens there is only white space (every other character is a token or in
    # one) and no token holds any, so each token starts where it is next found: cheaper
    # than a match object per token.
    tokens: list[_Token] = []
    find = text.find
    pos = 0
    for word in pattern.findall(text):
        pos = find(word, pos)
        end = pos + len(word)
        tokens.append(make(_Token, (word, word.lower(), pos + offset, end + offset)))
        pos = end
    return tokens


def _sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence-like piece of *text*.

    A full stop ends a sentence only when the next word does not start in lower case and
    the word before it is not an abbreviation ("2 a.m. page", "e.g. the cache").
    """
    if _one_sentence(text):
        # One sentence (the common case for a field): no need to look at each full stop.
        return list(_trimmed(text, 0, len(text)))
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        end = m.end()
        if m.group() != "\n":
            if text[end : end + 40].lstrip()[:1].islower():
                continue
            if _abbreviation_before(text, max(start, end - 40), m.start()):
                continue
        _add_trimmed(pieces, text, start, end)
        start = end
    _add_trimmed(pieces, text, start, len(text))
    return pieces


def _add_trimmed(pieces: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its outer white space, cut if it is a run-on."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > _MAX_SENTENCE:
        pieces.extend(_trimmed(text, start, end))
    elif end > start:
        pieces.append((start, end))


def _abbreviation_before(text: str, window: int, stop: int) -> bool:
    """Tell whether the word ending at *stop*, within text[window:stop], is an abbreviation.

    The word is the run of word characters and full stops just before *stop*: read by
    matching the reversed window, which looks at the word's characters only.
    """
    if stop <= window or not _WORD_OR_DOT_RE.match(text, stop - 1):
        return False
    reversed_window = text[stop - 1 : window - 1 : -1] if window else text[stop - 1 :: -1]
    run = _WORD_OR_DOT_RUN_RE.match(reversed_window)
    word = reversed_window[: run.end() if run else 0][::-1]
    return word.lower().rstrip(".") in _ABBREVIATIONS


_WORD_OR_DOT_RE: Final = re.compile(r"[\w.]")
_WORD_OR_DOT_RUN_RE: Final = re.compile(r"[\w.]+")


def _one_sentence(text: str) -> bool:
    """Tell cheaply that *text* has no line break and no full stop before a space."""
    return "\n" not in text and not _INNER_END_RE.search(text)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    # A run-on "sentence" (a pasted log, a table without full stops) is cut into pieces
    # so that the work per sentence stays bounded.
    while end - start > _MAX_SENTENCE:
        cut = text.rfind(" ", start + _MAX_SENTENCE // 2, start + _MAX_SENTENCE)
        cut = cut if cut > start else start + _MAX_SENTENCE
        yield start, cut
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        yield start, end


_MAX_SENTENCE: Final = 1000
_MAX_CLAUSES_BACK: Final = 6


# --------------------------------------------------------------------------- context

_PERSON: Final = "person"
_SYSTEM: Final = "system"
_UNKNOWN: Final = "unknown"
_Kind = Literal["person", "system", "unknown"]


class _Sentence:
    """A tokenised sentence with the incident's people and allowed words."""

    __slots__ = ("_ends", "_kinds", "_resolving", "_tokens", "allowed", "end", "offset", "people", "start", "text")

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        people: frozenset[str],
        allowed: frozenset[str],
    ) -> None:
        # Patterns run on the sentence alone, so "^" means the start of the sentence;
        # offset turns positions back into positions in the text given.
        self.text = text[start:end]
        self.offset = start
        self.start = 0
        self.end = end - start
        self.people = people
        self.allowed = allowed
        self._tokens: list[_Token] | None = None
        self._kinds: dict[int, _Kind] = {}
        self._ends: list[int] | None = None
        # Set while "they" is being resolved, so that resolution never recurses.
        self._resolving = False

    # The methods below read ``self._tokens or self.tokens``: the same tokens, without the
    # property's call once they are made (they are read very often).
    @property
    def tokens(self) -> list[_Token]:
        """The sentence's tokens, made on first use (most sentences never need them)."""
        if self._tokens is None:
            self._tokens = _tokenise(self.text[self.start : self.end], self.start)
        return self._tokens

    def index_at(self, pos: int) -> int:
        """Return the index of the first token that ends after *pos*."""
        if self._ends is None:
            self._ends = [tok.end for tok in (self._tokens or self.tokens)]
        return bisect.bisect_right(self._ends, pos)

    # -- word classes ------------------------------------------------------------

    def _bare(self, tok: _Token) -> str:
        low = tok.low
        if low.endswith(("'s", "s'")):
            low = low[:-2] if low.endswith("'s") else low[:-1]
        return low

    def is_verb(self, i: int) -> bool:
        """Tell whether token *i* looks like a verb or auxiliary."""
        low = (self._tokens or self.tokens)[i].low
        return (
            low in _VERB_FORMS
            or low in _AUXILIARIES
            or (low.endswith("ed") and len(low) > 4 and low not in _ROLE_NOUNS_ALL)
        )

    def is_name(self, i: int, *, loose: bool = False) -> bool:
        """Tell whether token *i* names a person (known, a handle or a first name).

        With *loose*, any capitalised word that is not a known common or product word
        counts, whatever follows it: used to keep names out of suggestions.
        """
        tok = (self._tokens or self.tokens)[i]
        bare = self._bare(tok).lstrip("@")
        if bare in self.allowed:
            return False
        if bare in self.people or tok.text.startswith("@"):
            return True
        if not _could_be_first_name(tok.text, self._bare(tok)):
            return False
        return loose or self._placed_like_a_name(i)

    def _placed_like_a_name(self, i: int) -> bool:
        # A product name is usually followed by a noun ("Boskos instance"); a person by a
        # verb ("Maria ran"), a possessive ("Kevin's change") or follows "by"/"thanks to".
        toks = self._tokens or self.tokens
        prev = toks[i - 1].low if i > 0 else ""
        if prev in _DETERMINERS and prev != "that":
            return False
        if prev in _TECH_WORDS and toks[i - 1].text[:1].isupper():
            # "Kafka Connect", "Google Cloud": a capitalised word after a product continues its name.
            return False
        if toks[i].low.endswith("'s") or prev in {"by", "from", "to", "thanks", "with", "of"}:
            return True
        nxt = i + 1
        if nxt + 1 < len(toks) and (toks[nxt].low.endswith("ly") or toks[nxt].low in _ADVERBS):
            nxt += 1  # "Elena accidentally deleted", "Piotr never ran": look past one adverb.
        return nxt < len(toks) and (self.is_verb(nxt) or toks[nxt].low in {"and", ","})

    def word_kind(self, i: int) -> _Kind:
        """Classify one token as person, system or unknown (remembered per token)."""
        kind = self._kinds.get(i)
        if kind is None:
            kind = self._kinds[i] = self._word_kind(i)
        return kind

    def _word_kind(self, i: int) -> _Kind:
        tok = (self._tokens or self.tokens)[i]
        bare = self._bare(tok)
        if bare in self.allowed:
            return _SYSTEM
        if bare in _PERSON_PRONOUNS or bare in _ROLE_NOUNS_ALL:
            return _SYSTEM if bare.startswith("operator") and self._software_operator(i) else _PERSON
        if bare in _SYSTEM_PRONOUNS or bare in _SYSTEM_NOUNS_ALL or bare in _TECH_WORDS:
            return _SYSTEM
        if self.is_name(i):
            return _PERSON
        return _UNKNOWN

    def _software_operator(self, i: int) -> bool:
        """Tell whether the "operator" at token *i* is software, by the word before it.

        "the Postgres operator" and "the Kubernetes operator" are named after a product; "the
        cert-manager operator" after a component with a hyphen or digit in its name.
        """
        if i == 0:
            return False
        prev = (self._tokens or self.tokens)[i - 1]
        if prev.low in _TECH_WORDS or (prev.text[:1].isupper() and i > 1):
            return True
        return ("-" in prev.low or any(c.isdigit() for c in prev.low)) and prev.low not in _ROLE_NOUNS_ALL

    # -- subjects ----------------------------------------------------------------

    def _is_boundary(self, i: int) -> bool:
        low = (self._tokens or self.tokens)[i].low
        return low in {",", ";", ":", "(", ")", "—", "–", "[", "]", '"', "“", "”"} or (low in _CLAUSE_WORDS and i > 0)

    def _skip_preamble(self, a: int, b: int) -> int:
        """Skip fronted adverbs, timestamps and time phrases ("At 09:14 the operator")."""
        toks = self._tokens or self.tokens
        k = a
        while k < b:
            low = toks[k].low
            adverb = low in _ADVERBS or (low.endswith("ly") and len(low) > 5)
            stamp = low[:1].isdigit() or low in _STAMP_WORDS
            at_time = low in {"at", "on", "around", "by"} and k + 1 < b and toks[k + 1].low[:1].isdigit()
            if not (adverb or stamp or at_time):
                break
            k += 1
        return k

    def _opens_phrase(self, k: int, b: int) -> bool:
        """Tell whether token *k* can open a noun phrase (not a verb or preposition)."""
        toks = self._tokens or self.tokens
        low = toks[k].low
        if not (low in _PREPOSITIONS or (self.is_verb(k) and low not in _DETERMINERS)):
            return True
        # "tired admin deleted": a participle before a known noun still opens a phrase.
        modifier = (
            low.endswith(("ed", "ing")) and k + 1 < b and self.word_kind(k + 1) != _UNKNOWN and low not in _PREPOSITIONS
        )
        return modifier or self.is_name(k) or self._bare(toks[k]) in _ROLE_NOUNS_ALL

    def _phrase_words(self, k: int, b: int) -> list[int]:
        """Return the indices of the noun phrase's content words from *k*, determiners left out."""
        toks = self._tokens or self.tokens
        words: list[int] = []
        for j in range(k, b):
            t = toks[j]
            lw = t.low
            if lw in _DETERMINERS and not words:
                continue
            if (lw in _PREPOSITIONS or lw in _CLAUSE_WORDS or not t.text[:1].isalnum()) and (
                not t.text.startswith("@")
            ):
                break
            if self.is_verb(j) and self._bare(t) not in _ROLE_NOUNS_ALL and not self.is_name(j):
                # "deploying engineer", "tired admin": a participle before a noun modifies it.
                before_noun = j + 1 < b and self.word_kind(j + 1) != _UNKNOWN
                if not (before_noun and lw.endswith(("ed", "ing"))):
                    break
            words.append(j)
            if lw.endswith("'s") and lw != "it's":
                # A possessive determines the next noun: "Kevin's change" is headed by change.
                words.clear()
            elif (
                j + 2 < b
                and self.word_kind(j) != _UNKNOWN
                and toks[j + 1].text.islower()
                and self.word_kind(j + 1) == _UNKNOWN
                and toks[j + 2].low in _OBJECT_OPENERS
            ):
                # A known noun, an unknown word, then an object: the unknown word is the verb
                # ("the reviewer catch it"), not part of a compound ("operator precedence in").
                break
        return words

    # One early return per way a phrase can open reads more plainly than a lookup table.
    def noun_phrase_kind(self, a: int, b: int) -> _Kind | None:  # noqa: PLR0911
        """Classify the noun phrase opening tokens[a:b]; None when the span opens with a verb."""
        toks = self._tokens or self.tokens
        k = self._skip_preamble(a, b)
        while k + 1 < b and toks[k].low in _QUANTIFIERS and toks[k + 1].low == "of":
            # "one of the engineers", "none of the alerts": the head follows "of".
            k = self._skip_preamble(k + 2, b)
        if k >= b:
            return None
        low = toks[k].low
        nxt = toks[k + 1].low if k + 1 < b else ""
        if low in {"no", "none"} and nxt == "one":
            return _PERSON
        if low == "they" and not self._resolving:
            return self._they_kind(k)
        if low in _PERSON_PRONOUNS:
            return _PERSON
        if low in _SYSTEM_PRONOUNS:
            return _SYSTEM
        words = self._phrase_words(k, b) if self._opens_phrase(k, b) else []
        if not words:
            return None
        head = self.word_kind(words[-1])
        if head != _UNKNOWN:
            return head
        if toks[words[-1]].text.islower() and len(words) > 1:
            # "operator precedence", "engineer time": a person word modifying a lower-case
            # noun makes a thing, not a person.
            return _UNKNOWN
        if any(self.word_kind(w) == _PERSON for w in words):
            return _PERSON
        return _UNKNOWN

    def _they_kind(self, k: int) -> _Kind:
        """Resolve "they" at token *k* to the subject of the clause before it.

        "The pods restarted, and they failed to reconnect" is about pods; "QA signed off on a
        build they never tested" is about QA. With no antecedent, "they" is people.
        """
        self._resolving = True
        try:
            j = k - 1
            while j >= 0 and not self._is_boundary(j):
                j -= 1
            if j >= 0:
                kind = self.subject_kind(j)
            elif k > 0:
                kind = self.noun_phrase_kind(0, k) or _UNKNOWN
            else:
                kind = _UNKNOWN
        finally:
            self._resolving = False
        return _SYSTEM if kind == _SYSTEM else _PERSON

    def subject_kind(self, i: int) -> _Kind:
        """Classify the subject of the clause holding token *i*.

        A clause that opens with its verb ("... and went back to sleep") shares the subject
        of the clause before it, so the search steps back clause by clause, a few at most.
        """
        for _ in range(_MAX_CLAUSES_BACK):
            j = i - 1
            while j >= 0 and not self._is_boundary(j):
                j -= 1
            kind = self.noun_phrase_kind(j + 1, i)
            if kind is not None:
                return kind
            if j < 0:
                return _UNKNOWN
            low = (self._tokens or self.tokens)[j].low
            if low == "who":
                return _PERSON
            if low in _RELATIVES:
                # "items in the backlog that could have prevented": the antecedent is the subject.
                for k in range(j - 1, max(-1, j - 5), -1):
                    kind = self.word_kind(k)
                    if kind != _UNKNOWN:
                        return kind
                return _UNKNOWN
            i = j
        return _UNKNOWN

    def passive_agent_kind(self, i: int) -> _Kind:
        """Classify the agent of a passive clause holding token *i*, or unknown.

        In "the change was pushed without review by Dave" the grammatical subject is the
        change, but the one who acted is Dave: the noun phrase after "by", when the clause
        has a passive verb ("was pushed", "got deleted") before it.
        """
        toks = self._tokens or self.tokens
        a = i
        while a > 0 and not self._is_boundary(a - 1):
            a -= 1
        b = i
        while b < len(toks) and not (b > i and self._is_boundary(b)):
            b += 1
        passive = -1
        for k in range(a, b - 1):
            if toks[k].low in _BE_WORDS:
                nxt = k + 1
                if nxt < b - 1 and toks[nxt].low.endswith("ly"):
                    nxt += 1
                if _is_participle(toks[nxt].text) and self.is_verb(nxt):
                    passive = nxt
                    break
        if not a <= passive < i:
            # No passive verb, or the match is that verb ("was caused by"): rules of their own
            # read those.
            return _UNKNOWN
        for k in range(passive + 1, b):
            if toks[k].low == "by" and k + 1 < len(toks):
                if toks[k + 1].low.endswith("'s") and self.word_kind(k + 1) == _PERSON:
                    return _PERSON  # "by Mateo's upgrade": a person's action is theirs
                end = k + 1
                while end < min(b, k + 6) and toks[end].text[:1].isalnum() and not self.is_verb(end):
                    end += 1
                kind = self.noun_phrase_kind(k + 1, max(end, k + 2))
                if kind == _PERSON:
                    return kind
        return _UNKNOWN

    def following_subject_kind(self, i: int) -> _Kind:
        """Classify the subject after a sentence adverb such as "Obviously,"."""
        j = i + 1
        while j < len(self._tokens or self.tokens) and (self._tokens or self.tokens)[j].low in {",", ":"}:
            j += 1
        end = j
        while end < len(self._tokens or self.tokens) and not self._is_boundary(end):
            end += 1
        return self.noun_phrase_kind(j, end) or _UNKNOWN

    def in_quotes(self, start: int, end: int) -> bool:
        """Tell whether text[start:end] is quoted (mentioned, not used)."""
        before = self.text[max(self.start, start - 1) : start]
        after = self.text[end : end + 1]
        return before in {'"', "“", "'", "‘", "`"} and after in {'"', "”", "'", "’", "`"}

    def clause_end(self, pos: int) -> int:
        """Return the character offset where the clause holding *pos* ends."""
        i = self.index_at(pos)
        while i < len(self._tokens or self.tokens) and (self._tokens or self.tokens)[i].low not in {
            ",",
            ";",
            ":",
            ".",
            "?",
            "!",
        }:
            i += 1
        return (self._tokens or self.tokens)[i - 1].end if i > 0 else pos

    def scrub(self, start: int, end: int) -> str:
        """Return text[start:end] with every name or handle replaced by "someone"."""
        out: list[str] = []
        last = start
        tokens = self._tokens or self.tokens
        # Tokens are in text order: start at the first one ending after start.
        for i in range(self.index_at(start), len(tokens)):
            tok = tokens[i]
            if tok.start < start:
                continue
            if tok.end > end:
                break
            if not tok.text[:1].isupper() and not tok.text.startswith("@"):
                # What is_name(loose=True) decides for a word that is neither capitalised nor a
                # handle, without its other tests: a known person's name, unless allowed.
                bare = self._bare(tok)
                if bare not in self.people or bare in self.allowed:
                    continue
            # Names and handles go; roles stay, since "the on-call" names a seat, not a person.
            if self.is_name(i, loose=True):
                out.append(self.text[last : tok.start])
                out.append("someone")
                last = tok.end
        out.append(self.text[last:end])
        return "".join(out).strip()


# --------------------------------------------------------------------------- rules


@attrs.frozen
class _Rule:
    rule: str
    # The pattern's source, compiled on first use (see _compiled), case-insensitively.
    source: str
    # Decides whether a match is blameful; a returned (start, end) moves the span there.
    gate: Callable[[_Sentence, re.Match[str]], bool | tuple[int, int] | None]
    message: str
    suggestion: str
    # The rule runs only when the sentence holds a word from every one of these sets.
    keys: tuple[frozenset[str], ...]
    # Whether a match inside a sentence could fail to match in the line holding it (see
    # _reads_past_sentence); only other rules may be tried on a whole line first.
    edge: bool = attrs.field(init=False)

    @edge.default
    def _edge(self) -> bool:
        return _reads_past_sentence(self.source)


# Characters a sentence (as _sentences and _line_sentences cut it) may end with.
_SENTENCE_EDGE_CHARS: Final = frozenset(".!?\"'’”)]")


def _reads_past_sentence(source: str) -> bool:
    r"""Tell whether a pattern could match in a sentence but nowhere in the line holding it.

    A sentence is a stretch of its line with white space (or the line's edge) on both
    sides, ending after its full stops and closing marks, and a match uses only its
    characters. The same match is then found in the line, unless the pattern looks past
    the sentence's edges: "^" and "$" anchors, look-behinds, and negative look-aheads that
    can read a full stop or a closing mark (one that cannot never reaches past the
    sentence's end). ``\\b`` next to white space reads alike in both.
    """
    unescaped = re.sub(r"\\.", "", source).replace("[^", "[")
    if "^" in unescaped or "$" in unescaped or "(?<" in source or any(a in source for a in ("\\A", "\\Z", "\\B")):
        return True
    start = source.find("(?!")
    while start >= 0:
        end, reads_edge = _lookahead_body(source, start + 3)
        if reads_edge:
            return True
        start = source.find("(?!", end)
    return False


def _lookahead_body(source: str, pos: int) -> tuple[int, bool]:
    """Read a look-ahead's body from *pos*.

    Returns:
        Where the body ends, and whether it can match a character a sentence may end with
        (see _reads_past_sentence).
    """
    depth = 1
    reads_edge = False
    while pos < len(source) and depth:
        char = source[pos]
        if char == "\\":
            escaped = source[pos + 1 : pos + 2]
            # \b, \s, \w and \d never match a full stop or a closing mark; \W, \S, \D can.
            reads_edge |= escaped not in {"b", "s", "w", "d"} and (escaped in "WSD" or escaped in _SENTENCE_EDGE_CHARS)
            pos += 2
        elif char == "[":
            close = pos + 1 + (source[pos + 1 : pos + 2] == "]")
            close = source.index("]", close)
            chars = source[pos + 1 : close]
            reads_edge |= chars.startswith("^") or any(c in _SENTENCE_EDGE_CHARS for c in chars.replace("\\", ""))
            pos = close + 1
        elif char == "(":
            # A group opens: "(?:" and named groups read like their contents; a look-around
            # inside a look-ahead is read as if it could see anything.
            reads_edge |= source.startswith(("(?=", "(?!", "(?<"), pos)
            depth += 1
            pos += 3 if source.startswith("(?:", pos) else 1
        elif char == ")":
            depth -= 1
            pos += 1
        else:
            # Quantifiers and "|" are syntax; "." matches anything; other characters are literal.
            reads_edge |= char == "." or (char not in "?*+|{},0123456789" and char in _SENTENCE_EDGE_CHARS)
            pos += 1
    return pos, reads_edge


@functools.cache
def _compiled(source: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compile a rule's pattern: case-insensitive, for lower-cased text, and for plain ASCII.

    The second runs without IGNORECASE on the lower-cased sentence and is about twice as
    fast; patterns are written in lower case so that both match the same text. The third
    is the second with ASCII-only classes, a quarter faster again: on a text of ASCII
    characters other than the four information separators (U+001C to U+001F, white space
    to Unicode, not to ASCII) it matches exactly what the second matches. Compiling on
    first use keeps importing the module cheap.
    """
    return re.compile(source, re.IGNORECASE), re.compile(source), re.compile(source, re.ASCII)


def _k(*groups: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(group.split()) for group in groups)


def _always(_s: _Sentence, _m: re.Match[str]) -> bool:
    return True


def _person_subject(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    return s.subject_kind(i) == _PERSON or s.passive_agent_kind(i) == _PERSON


# "If engineers had a staging copy, they could have tested it": the missing thing is a
# resource, so the counterfactual is about the system.
_RESOURCE_IF_RE: Final = re.compile(
    r"\b(?:if|had)\b[^,;.]*?\bhad\s+(?:had\s+)?(?:a|an|the|access|more|better|enough|some|any)\b|"
    r"\bwith\s+(?:a|an|better|more|proper)\s+[\w-]+(?:\s+[\w-]+)?\s*,",
    re.I,
)
_SYSTEM_GAP_RE: Final = re.compile(
    r"\s+(?:had|added|built|set\s+up|configured|written|created|had\s+in\s+place)\s+"
    r"(?:an?\s+|more\s+|better\s+|some\s+|the\s+|proper\s+|enough\s+)?(?:[\w-]+\s+)??"
    r"(?P<noun>[\w-]+)",
    re.I,
)


def _should_have_gate(s: _Sentence, m: re.Match[str]) -> bool:
    # "We should have had an alert on this" names a missing safeguard, not a lapse.
    gap = _SYSTEM_GAP_RE.match(s.text, m.end())
    if gap and gap.group("noun").lower() in _SYSTEM_NOUNS_ALL:
        return False
    # "We should have more than one person who knows it": "have" is the main verb, a
    # recommendation about the future, not a hindsight judgement.
    nxt = _NEXT_WORD_RE.match(s.text, m.end())
    if m.group().lower().endswith("have") and nxt and not _is_participle(nxt.group(1)):
        return False
    return _person_subject(s, m)


_BE_WORDS: Final = _words("was were been being got gets is are be")
_NEXT_WORD_RE: Final = re.compile(r"\s+(?:(?:also|just|really|at\s+least|probably|simply)\s+)?([\w'-]+)")


def _is_participle(word: str) -> bool:
    low = word.lower()
    return low.endswith(("ed", "en", "wn")) or low in _IRREGULAR_PAST or low in {"run", "read"}


_EXPLANATION_RE: Final = re.compile(
    r"\b(?:because|since|as|due\s+to|after\s+(?:confirming|checking|verifying|seeing|"
    r"finding|learning))\s+",
    re.I,
)
_TARGET_RE: Final = re.compile(
    r"\s+(?:our|the|its|their|an?)\s+(?:\w+\s+)?(?:slos?|slas?|targets?|deadlines?|goals?|"
    r"objectives?|windows?|budgets?|estimates?)\b",
    re.I,
)


def _lapse_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """A person's lapse, unless it is a missed target or the sentence explains it.

    "The team missed the first alert because it was routed to email" is the blameless way
    to tell it: the lapse comes with the conditions that produced it. An explanation that is
    itself a judgement ("because they were careless") is flagged by the rule for that word.
    """
    if not _person_subject(s, m) or _TARGET_RE.match(s.text, m.end()):
        return False
    if _NOTHING_RE.match(s.text, m.end()):
        return False
    if m.group().lower() == "missed" and not _signal_follows(s, m.end()):
        # "missed the standup" is about a meeting; "missed the alert" about a signal.
        return False
    return not _EXPLANATION_RE.search(s.text, m.end())


_TO_RE: Final = re.compile(r"\s+to\b", re.I)
_NOTHING_RE: Final = re.compile(r"\s+(?:nothing|none|no\s+\w+)\b", re.I)
_SIGNAL_WORDS: Final = _words(
    """
    warning warnings sign signs signal signals notification notifications typo typos detail
    details clue clues step steps mistake mistakes spike spikes anomaly symptom symptoms
    deadline
    """
)


def _signal_follows(s: _Sentence, pos: int) -> bool:
    """Tell whether the object after *pos* is a signal or a system thing ("the alert")."""
    i = s.index_at(pos)
    for j in range(i, min(len(s.tokens), i + 4)):
        low = s.tokens[j].low
        if low in _SIGNAL_WORDS or low in _SYSTEM_NOUNS_ALL:
            return True
        if low in _PUNCT or low in _PREPOSITIONS:
            break
    return False


def _person_subject_not_later(s: _Sentence, m: re.Match[str]) -> bool:
    # "we could've noticed it way later" imagines a worse outcome; "nobody could have
    # predicted it" clears people. Neither judges anyone.
    rest = s.text[m.end() : s.clause_end(m.end())].lower()
    before = s.text[max(0, m.start() - 12) : m.start()].lower()
    if re.search(r"\b(?:nobody|no one|none of us)\s*$", before) or _RESOURCE_IF_RE.search(s.text):
        return False
    return _person_subject(s, m) and not re.search(r"\b(later|worse|longer)\b", rest)


def _hindsight_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "obvious" when it judges people: "plain to see for anyone", "obvious, yet the team ..."."""
    rest = s.text[m.end() :]
    if _ANYONE_RE.match(rest):
        return True
    contrast = _CONTRAST_RE.search(rest)
    if not contrast:
        return False
    i = s.index_at(m.end() + contrast.end())
    end = i
    while end < len(s.tokens) and not s._is_boundary(end) and not s.is_verb(end):
        end += 1
    return s.noun_phrase_kind(i, max(end, i + 1)) == _PERSON


_ANYONE_RE: Final = re.compile(r"[^.?!;]{0,60}?\b(?:to|for)\s+(?:anyone|anybody|everyone|everybody|any\s+\w+)\b", re.I)
_CONTRAST_RE: Final = re.compile(r"[^.?!;]{0,120}?(?:,|;)\s*(?:yet|but|and\s+yet)\s+", re.I)


def _distracted_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a judgement of attention about a person, and a verdict on someone's work."""
    low = m.group().lower()
    if not low.startswith(("was", "were", "got", "seemed", "looked", "being", "wasn't", "weren't", "not")):
        return True  # "half-baked", "shoddy": a verdict whoever did the work
    # "was distracted by a second page" names what took the attention: a condition.
    if _BY_CAUSE_RE.match(s.text, m.end()) or _EXPLANATION_RE.search(s.text, m.end()):
        return False
    return _person_subject(s, m)


_BY_CAUSE_RE: Final = re.compile(r"\s+(?:by|with)\b", re.I)


def _choice_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept a person's choice to skip a safeguard, unless the sentence gives its reasons."""
    return _person_subject(s, m) and not _EXPLANATION_RE.search(s.text, m.end())


def _risky_action_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "the new hire ran it against the primary during peak traffic": a person acting.

    The clause's subject must be a person and its verb an action on a system; the sentence
    must not give the reasons ("because the automation was down").
    """
    # "Restarted the pods by hand" is a timeline fact; "truncated the table by hand" is not.
    verbs = _DESTRUCTIVE_VERBS if m.group().lower() == "by hand" else _RISKY_VERBS
    i = s.index_at(m.start())
    j = i - 1
    while j >= 0 and not s._is_boundary(j):
        if s.tokens[j].low in verbs:
            return _person_subject(s, m) and not _EXPLANATION_RE.search(s.text, m.end())
        j -= 1
    return False


_DESTRUCTIVE_VERBS: Final = _words(
    "deleted dropped truncated wiped purged removed edited overwrote overwritten modified killed"
)
_RISKY_VERBS: Final = _DESTRUCTIVE_VERBS | _words(
    """
    ran executed applied pushed deployed shipped merged restarted rebooted deleted dropped
    truncated wiped purged edited changed migrated ran typed updated patched upgraded
    released rolled flipped toggled disabled failed promoted restored reindexed
    """
)


def _adverb_gate(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    kind = s.subject_kind(i)
    if kind == _UNKNOWN and i + 1 < len(s.tokens) and s.tokens[i + 1].low == ",":
        kind = s.following_subject_kind(i)
    return kind == _PERSON


def _negated(s: _Sentence, m: re.Match[str]) -> bool:
    before = s.text[max(s.start, m.start() - 40) : m.start()].lower()
    return bool(
        re.search(
            r"(\bnot\b|n't\b|\bnever\b|\bno\b|\bavoid\w*|\binstead of\b|\brather than\b|"
            r"\bbeyond\b|\bwithout\b)[^.;:]*$",
            before,
        )
    )


def _human_error_gate(s: _Sentence, m: re.Match[str]) -> bool:
    return not _negated(s, m)


def _question(s: _Sentence) -> bool:
    return s.text[s.start : s.end].rstrip().endswith("?")


def _question_gate(s: _Sentence, m: re.Match[str]) -> bool:
    return _question(s)


def _why_gate(s: _Sentence, m: re.Match[str]) -> bool:
    if not _question(s):
        return False
    i = s.index_at(m.end())
    end = i
    while end < len(s.tokens) and not s._is_boundary(end) and not s.is_verb(end):
        end += 1
    return s.noun_phrase_kind(i, max(end, i + 1)) == _PERSON


def _who_gate(s: _Sentence, m: re.Match[str]) -> bool | tuple[int, int]:
    if not _question(s):
        return False
    word = m.group("verb").lower()
    if word in {"else", "owns", "is", "are", "can", "should", "will", "would", "could"}:
        return False
    if word in {"was", "were"}:
        # "Who was on call?" asks for a fact; "Who was responsible?" hunts for a culprit.
        role = _CULPRIT_ROLE_RE.match(s.text, m.end())
        return (m.start(), role.end()) if role else False
    return word in _IRREGULAR_PAST or word.endswith("ed")


def _whoever_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Whoever approved this ..." (a past act), not "Whoever is on call pages ..."."""
    word = m.group("verb").lower()
    return word in _IRREGULAR_PAST or (word.endswith("ed") and word not in {"need", "needed"})


_CULPRIT_ROLE_RE: Final = re.compile(
    r"\s+(?:responsible|accountable|supposed|meant|to\s+blame|in\s+charge|behind|at\s+fault)\b",
    re.I,
)


def _possessive_gate(s: _Sentence, m: re.Match[str]) -> bool:
    i = s.index_at(m.start())
    return s.word_kind(i) == _PERSON


def _by_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept "a mistake by the operator on shift", spanning the whole noun phrase."""
    i = s.index_at(m.end() - 1)
    kind = s.noun_phrase_kind(i, min(len(s.tokens), i + 5))
    if kind != _PERSON or _negated(s, m):
        return None
    j = i
    while (
        j + 1 < len(s.tokens)
        and s.tokens[j + 1].text[:1].isalnum()
        and s.word_kind(j + 1) != _UNKNOWN
        and not s.is_verb(j + 1)
    ):
        j += 1
    return m.start(), max(m.end(), s.tokens[j].end)


def _causal_person_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Find a person doing something after "because" or "the root cause was".

    Returns:
        The span from the person to their verb, or None.
    """
    if m.group().lower().endswith(("when", "after")) and _RECOVERY_RE.search(s.text, 0, m.start()):
        # "Recovery began when Farid reverted the change": a time, and the action ended the
        # incident. ("The fix was late because ..." still gives a cause.)
        return None
    toks = s.tokens
    i = s.index_at(m.end())
    for j in range(i, min(len(toks) - 1, i + 25)):
        if toks[j].low in {"us", "them", "me", "him", "her"} or s.word_kind(j) != _PERSON:
            continue
        # The person's verb may follow a modifier: "the developer in charge of the page entered".
        for k in range(j + 1, min(len(toks), j + 9)):
            low = toks[k].low
            if low in _ACTION_VERBS:
                # "caused by Tomasz running DROP": a gerund right after the person is theirs.
                if (k == j + 1 and low.endswith("ing")) or s.subject_kind(k) == _PERSON:
                    start = j
                    while start > i and toks[start - 1].low not in _CLAUSE_WORDS | _PUNCT:
                        start -= 1
                    return toks[start].start, toks[k].end
                break
            if low in _PUNCT or low in _AUXILIARIES or (s.is_verb(k) and s.word_kind(k) == _UNKNOWN):
                break
    return None


_RECOVERY_RE: Final = re.compile(
    r"\b(?:recover\w*|mitigat\w*|resol\w*|restor\w*|fix\w*|improv\w*|stabili\w*|heal\w*)\b", re.I
)
_PUNCT: Final = frozenset(',;:()[]—–"“”')


# Verbs of doing something to a system; "because we had no alert" or "because the on-call
# was paged twice" describe conditions, so having, being and receiving are left out.
_ACTION_VERBS: Final = _words(
    """
    ran run running deleted deleting dropped dropping pushed pushing merged merging
    deployed deploying changed changing edited editing restarted restarting removed
    removing typed typing entered entering applied applying executed executing shipped
    shipping released releasing approved approving disabled disabling modified modifying
    committed committing introduced introducing rebooted rebooting killed killing
    overwrote overwriting truncated truncating wiped wiping flipped flipping toggled
    toggling enabled enabling forgot forgetting skipped skipping ignored ignoring
    misconfigured misconfiguring misread misreading bumped bumping hardcoded hardcoding
    resized resizing renamed renaming purged purging overrode overriding silenced silencing
    muted muting
    """
)


def _attribute_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept judgements of attention or judgement.

    "Poor judgement" and "a lack of attention" describe a person whoever the subject is;
    "lacked X" and "no X" do only when a person lacks it ("our retry logic lacked backoff").
    """
    words = m.group().lower().split()
    if words[0] in {"lack", "lacked", "lacks", "lacking", "no"} and "of" not in words:
        return _person_subject(s, m)
    return True


def _restricted_person_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "Priyanka will not be allowed to deploy alone", not "deploys are now allowed to"."""
    low = m.group().lower()
    negative = any(
        word in low for word in ("not", "no longer", "never", "won't", "restricted", "banned", "barred", "removed")
    )
    return negative and _person_subject(s, m)


def _conditional_subject_gate(s: _Sentence, m: re.Match[str]) -> bool:
    """Accept "if the on-call had read ..." when the subject of the condition is a person."""
    start, end = s.index_at(m.start("subj")), s.index_at(m.end("subj") - 1) + 1
    return s.noun_phrase_kind(start, end) == _PERSON


def _person_follows_gate(s: _Sentence, m: re.Match[str]) -> tuple[int, int] | None:
    """Accept when a person follows the match ("lies with the platform team"), spanning both."""
    i = s.index_at(m.end())
    end = i
    while (
        end < len(s.tokens)
        and end < i + 6
        and not s._is_boundary(end)
        and not s.is_verb(end)
        and (end == i or s.tokens[end].low not in _PREPOSITIONS)
        and (s.tokens[end].text[:1].isalnum() or s.tokens[end].text[:1] == "@")
    ):
        end += 1
    possessor = i < len(s.tokens) and s.tokens[i].low.endswith("'s") and s.word_kind(i) == _PERSON
    if not possessor and s.noun_phrase_kind(i, max(end, i + 1)) != _PERSON:
        return None
    return m.start(), s.tokens[max(end, i + 1) - 1].end


def _how_gate(s: _Sentence, m: re.Match[str]) -> bool:
    inner = _HOW_WORDS.search(s.text, m.start(), m.end())
    return inner is not None and _why_gate(s, inner)


_HOW_WORDS: Final = re.compile(r"how\s+\w+", re.I)


_S = r"(?:\s+)"
_SHOULD_HAVE = r"(?:should(?:n't| not)?(?:'ve| have)|ought(?: not)? to have|ought not have)"
_JUDGED_VERBS = (
    r"(?:caught|prevented|avoided|spotted|noticed|known|seen|stopped|checked|detected|"
    r"realized|realised|verified|tested|confirmed|escalated|done|read|asked|waited|"
    r"double-checked|looked|followed|predicted|anticipated)"
)

_RULES: Final = (
    # ---- human error as cause
    _Rule(
        "blame/human-error",
        r"\b(?:human|operator|user|manual|people|personnel|pilot|engineer|developer|admin|"
        r"administrator|dba|sre|staff|employee|reviewer)[ -](?:error|mistake|"
        r"failure|slip|fault)s?\b(?![ -](?:rate|rates|budget|count|counts|log|logs|"
        r"message|messages|page|pages|code|codes|handling|handler|path|paths|response|"
        r"responses|metric|metrics|reporting|tracking|state|states|screen|dialog|class)\b)",
        _human_error_gate,
        "Names a person's error as the cause; human error is where an investigation starts, not where it ends.",
        "Describe the conditions that made the action possible and easy to get wrong "
        "(tooling, defaults, missing safeguards, time pressure) instead of calling it "
        "human error.",
        keys=_k(
            "human operator operators user users manual people personnel pilot engineer developer "
            "admin administrator dba sre staff employee reviewer",
            "error errors mistake mistakes failure failures slip slips fault faults",
        ),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:pebkac|pebcak|picnic|id-?10-?t|layer[ -]8 (?:issue|problem|error))\b",
        _always,
        "A joke name for user error blames the person at the keyboard.",
        "Describe what the interface or tooling allowed, and what would have made the safe action the easy one.",
        keys=_k("pebkac pebcak picnic id10t id layer"),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:mistake|error|slip|blunder|fault|screw-?up)s?\s+(?:(?:was|were)\s+)?"
        r"(?:made\s+)?(?:by|of|from)"
        r"\s+(?:the\s+|our\s+|a\s+|an\s+)?[\w@-]+",
        _by_person_gate,
        "Attributes the failure to a mistake by a person.",
        "Describe the action as a step in the sequence of events and ask what made it likely, "
        "rather than whose mistake it was.",
        keys=_k(
            "mistake mistakes error errors slip slips blunder blunders fault faults screwup screw",
            "by of from",
        ),
    ),
    # ---- counterfactual and hindsight judgement
    _Rule(
        "blame/counterfactual",
        rf"\b{_SHOULD_HAVE}\b",
        _should_have_gate,
        "Judges what a person should have done with knowledge only available in hindsight.",
        "Ask what the person knew and saw at the time, and what would have made the other choice the obvious one.",
        keys=_k("should shouldn't should've ought"),
    ),
    _Rule(
        "blame/counterfactual",
        # "We couldn't have caught this with our test data" clears people; only the positive
        # form judges them.
        rf"\bcould(?:'ve| have){_S}(?:\w+{_S})?{_JUDGED_VERBS}\b",
        _person_subject_not_later,
        "Judges a person by what they could have caught, with hindsight.",
        "Ask which signal was available at the time and what would have drawn attention to it.",
        keys=_k("could couldn't could've"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bif only\b",
        _always,
        "'If only' judges past choices with hindsight.",
        "Describe what happened and which safeguard or signal was missing at the time.",
        keys=_k("if", "only"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:any|a|an|every|someone|somebody|anyone|anybody)\s+(?:half-?way\s+|more\s+|truly\s+|really\s+)?"
        r"(?:competent|experienced|careful|good|"
        r"decent|reasonable|attentive|real|proper|senior|capable|diligent|seasoned)\s+"
        r"(?:[\w-]+\s+)?(?:engineer|developer|operator|sre|admin|administrator|dba|"
        r"reviewer|person|on-?call|team member|programmer|responder)s?\s+would(?:n't| not)?|"
        r"\b(?:someone|somebody|anyone|anybody)\s+(?:more\s+)?(?:competent|experienced|careful|"
        r"attentive|senior|capable|diligent|seasoned)\s+would(?:n't| not)?",
        _always,
        "Compares the people involved to an imagined better person, a hindsight judgement.",
        "Ask what made the situation hard to read at the time and what would help anyone in that seat see it.",
        keys=_k(
            "would wouldn't would've",
            "competent experienced careful good decent reasonable attentive real proper senior "
            "capable diligent seasoned",
        ),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bwith\s+(?:a\s+(?:little|bit)\s+)?(?:more|greater|proper|enough|due)\s+"
        r"(?:care|attention|diligence|thought|caution|focus)\b",
        _always,
        "Implies the outcome came from a lack of care, judged with hindsight.",
        "Describe what would have made the problem visible, such as a check, a warning or a clearer display.",
        keys=_k("with", "care attention diligence thought caution focus"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bif\s+(?P<subj>(?:(?:the|our|a|an|that|this)\s+)?[\w@'-]+(?:\s+[\w-]+)?"
        r"(?:\s+(?:on|in|at|from|of)\s+(?:the\s+)?[\w-]+)?)\s+"
        # "had been paged" is passive (the person is acted on); "had been paying attention" is not.
        r"had(?:n't| not)?\s+(?!been\s+(?!\w+ing\b))(?:\w+\s+)??\w+\b"
        r"(?=[^.?!]*(?:\bwould(?:n't| not)?(?:\s|'ve)|'d\s+(?:not\s+|never\s+)?have\b))",
        _conditional_subject_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("if", "had hadn't", "would wouldn't would've we'd they'd i'd it'd you'd he'd she'd"),
    ),
    _Rule(
        "blame/counterfactual",
        r"(?:^|[.;:]\s*)had\s+(?P<subj>(?:(?:the|our|a|an)\s+)?[\w@'-]+(?:\s+[\w-]+)?)\s+"
        r"(?!been\b)\w+\b(?=[^.?!]*\bwould(?:n't| not)?\s)",
        _conditional_subject_gate,
        "A conditional about what a person had done judges them with hindsight.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("had", "would wouldn't would've"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:avoidable|preventable|avoided|prevented|fine|okay)\s*,?\s+had\s+"
        r"(?P<subj>(?:(?:the|our|a|an)\s+)?[\w@'-]+(?:\s+(?!(?:simply|just|only|even|actually)\b)[\w-]+)?)\s+"
        r"(?:(?:simply|just|only|even|actually)\s+)?(?!been\b)\w+",
        _conditional_subject_gate,
        "Says the incident was avoidable had a person acted differently: a hindsight judgement.",
        "Describe the conditions at the time and what signal or safeguard would have changed the course of events.",
        keys=_k("had", "avoidable preventable avoided prevented fine okay"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:this|that|it)\s+(?:was|is|'s)\s+(?:\w+\s+){0,2}?(?:an?\s+)"
        r"(?:[\w-]+,?\s+){0,3}?(?:mistake|blunder|fail|screw-?up|fiasco|f\*+k-?up)\b",
        _always,
        "Delivers a verdict on a decision with hindsight instead of explaining it.",
        "Explain why the decision made sense at the time and what the team has learned about its risks.",
        keys=_k("mistake blunder fail screwup screw fiasco"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:obviously|clearly|evidently|of course)\b",
        _adverb_gate,
        "'Obviously' and 'clearly' about what people did or knew are hindsight judgements.",
        "State what was known at the time and what made it hard to see, without 'obviously'.",
        keys=_k("obviously clearly evidently course"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\bknown\s+better\b|\bknows?\s+better\s+than\b",
        _always,
        "'Should have known better' judges people with hindsight.",
        "Ask what information was missing or hard to find when the decision was made.",
        keys=_k("known know knows", "better"),
    ),
    # ---- culprit-hunting questions
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)who\s+(?P<verb>[\w-]+)",
        _who_gate,
        "Asking who did it hunts for a culprit instead of for how it happened.",
        "Ask how it happened instead of who did it, for example 'How did this change get "
        "approved and deployed, and which safeguards did it pass?'",
        keys=_k("who", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)whoever\s+(?P<verb>[\w-]+)",
        _whoever_gate,
        "Looking for whoever did it hunts for a culprit instead of for how it happened.",
        "Ask how the change was made, reviewed and shipped, and which safeguards it passed.",
        keys=_k("whoever"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)whose\s+(?:[\w-]+\s+)?(?:change|fault|commit|pr|idea|decision|code|"
        r"mistake|push|deploy|call|responsibility)\b",
        _question_gate,
        "Asking whose change or fault it was hunts for a culprit.",
        "Ask how the change was made, reviewed and shipped, and which safeguards it passed.",
        keys=_k("whose", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)which\s+(?:of\s+(?:you|us|them)|(?:\w+\s+)?(?:engineer|developer|"
        r"person|operator|admin|sre|team|one|dev|reviewer|on-?call)s?)\b",
        _question_gate,
        "Asking which person did it hunts for a culprit.",
        "Ask how the action was possible and what the system showed at the time.",
        keys=_k("which", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)why\s+(?:on\s+earth\s+|in\s+the\s+world\s+|the\s+hell\s+|exactly\s+)?"
        r"(?:didn't|did not|did|wasn't|weren't|was not|were not|"
        r"couldn't|could not|hadn't|had not|haven't|hasn't|don't|doesn't|wouldn't|would)\b",
        _why_gate,
        "A 'why didn't you' question asks a person to justify themselves rather than explaining the system.",
        "Ask what the person saw and knew at the time, for example 'What did the dashboards "
        "show when the decision was made?'",
        keys=_k("why", "?"),
    ),
    _Rule(
        "blame/culprit-question",
        r"(?:^|[.;:]\s*)how\s+(?:could|can|did|do|does|was|were|is)\s+(?:(?:nobody|no\s+one)\b|"
        r"(?:(?:the|our)\s+)?(?:you|they|he|she|we|anyone|[\w@-]+)\b[^?]*?\b(?:not|n't|miss|"
        r"missed|forget|forgot|ignore|ignored|overlook|overlooked|let|allow|manage|managed|"
        r"sleep\s+through|slept\s+through)\b)",
        _how_gate,
        "A 'how could they not' question accuses rather than asks.",
        "Ask what made the problem hard to see at the time.",
        keys=_k("how", "?"),
    ),
    # ---- character, attention and competence
    _Rule(
        "blame/character",
        r"\b(?:careless(?:ly|ness)?|negligen(?:t|tly|ce)|incompeten(?:t|ce|cy)|"
        r"sloppy|sloppiness|lazy|laziness|reckless(?:ly|ness)?|irresponsib(?:le|ly|ility)|"
        r"inexperienced|inattent(?:ive|ion)|clueless|complacen(?:t|cy|ce)|cavalier|"
        r"rubber[- ]stamp(?:ed|ing|s)?|misguided|dereliction|slipshod|half-assed|"
        r"dropped the ball|asleep at the wheel|without thinking|cut(?:ting)? corners)\b",
        _always,
        "Judges a person's character, care or competence instead of describing conditions.",
        "Describe what the person was working with (information, tools, time, workload) and "
        "what made the risky path easy.",
        keys=_k(
            "careless carelessly carelessness negligent negligently negligence incompetent "
            "incompetence incompetency sloppy sloppiness lazy laziness reckless recklessly "
            "recklessness irresponsible irresponsibly irresponsibility inexperienced inattentive "
            "inattention clueless complacent complacency complacence cavalier rubber misguided "
            "dereliction slipshod assed ball asleep thinking corners"
        ),
    ),
    _Rule(
        "blame/character",
        r"\b(?:poor|bad|questionable|faulty|flawed|lapse(?:s)? (?:of|in))\s+"
        r"judg(?:e)?ment\b|\b(?:lack(?:ed|s|ing)?\s+(?:of\s+)?(?:the\s+)?|no\s+)"
        r"(?:attention|care|diligence|judg(?:e)?ment|(?:situation(?:al)?\s+)?awareness|"
        r"experience|competence|skills?|discipline|rigou?r|focus|common sense|"
        r"professionalism|ownership|caution)\b",
        _attribute_gate,
        "Attributes the outcome to a person's attention, judgement or experience.",
        "Describe what information, training or support was missing, and what the system "
        "could do to make the right call easier.",
        keys=_k(
            "judgement judgment attention care diligence awareness experience competence skill "
            "skills discipline rigor rigour focus sense professionalism ownership caution"
        ),
    ),
    _Rule(
        "blame/character",
        # People fail *to* do something; failing without "to" is breaking down, which
        # systems do ("checkout failed for some customers").
        r"\b(?:(?:failed|fail|fails|failing)(?=\s+to\b)|forgot|forget|forgets|"
        r"forgetting|neglected|neglect|neglects|neglecting|omitted|missed|ignoring|"
        r"skipping|bypassing|"
        r"overlooked|misjudged|misjudges|ignored|ignores|ignore|bothered|bother|"
        r"skipped|bypassed|circumvented|disappeared|vanished|went missing|went afk|"
        r"went back to sleep|hurriedly|hastily|rashly|blindly|rushed|rushing)\b",
        _lapse_gate,
        "Attributes the outcome to a person's lapse or choice rather than to the conditions around it.",
        "Describe what the process or tooling did not prompt or prevent, and what made the step easy to miss.",
        keys=_k(
            "failing forgetting neglecting missed ignoring skipping bypassing failed fail fails "
            "forgot forget forgets neglected neglect neglects omitted overlooked misjudged "
            "misjudges ignored ignores ignore bothered bother skipped bypassed circumvented "
            "disappeared vanished missing afk sleep hurriedly hastily rashly blindly rushed "
            "rushing"
        ),
    ),
    _Rule(
        "blame/character",
        r"\bdid(?:n't| not)\s+bother\b|\b(?:had|have|has)\s+(?:any|no)\s+idea\s+what\b",
        _always,
        "Judges whether people cared or knew what they were doing.",
        "Describe what the people involved knew at the time and what would have helped them.",
        keys=_k("bother idea"),
    ),
    _Rule(
        "blame/character",
        r"\bafterthought\s+(?:for|to|of|by)\s+[\w\s-]{0,30}?\b(?:team|folks|engineers|developers|ops|devs)\b",
        _always,
        "Judges a team's priorities rather than the pressures that shaped them.",
        "Describe the trade-offs and incentives the team worked under.",
        keys=_k("afterthought"),
    ),
    # ---- person named (or by role) as the cause
    _Rule(
        "blame/named-person",
        r"\b[\w@-]+(?:'s|’s|s')\s+(?:[\w-]+\s+){0,2}(?:change|mistake|error|typo|commit|"
        r"push|deploy|deployment|decision|code|config|script|command|pr|pull request|"
        r"fault|slip|oversight|edit|query|patch|fix|migration|action|choice|blunder|rollout|"
        r"release|upgrade|update|merge|cleanup|refactor|rewrite|implementation|"
        r"review|screw-?up|hotfix|tweak|job|flag|setting|rule|branch|build|plan|design|diff)s?\b"
        r"(?=[^.?!]*\b(?:took|takes|take|caused|causes|broke|"
        r"breaks|brought|led|leads|triggered|cost|costs|resulted|is what|was what|let|"
        r"turned|knocked|wiped|introduced|made|started|deleted|dropped|removed|destroyed|"
        r"corrupted|killed|overwrote|truncated|is\s+why|was\s+why|is\s+the\s+reason|"
        r"was\s+the\s+reason|is\s+to\s+blame|was\s+to\s+blame)\b)",
        _possessive_gate,
        "Names a person's action as the cause of the incident.",
        "Describe the change and the path it took to production, and ask which safeguard could have stopped it.",
        keys=_k(
            "'s",
            "took takes take caused causes broke breaks brought led leads triggered cost costs "
            "resulted what let turned knocked wiped introduced made started deleted dropped removed "
            "destroyed corrupted killed overwrote truncated why reason blame",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:it\s+(?:was|is)|'s)\s+[\w@-]+(?:'s|’s)\s+fault\b|\bfault\s+of\s+[\w@]+",
        _always,
        "Assigns fault to a person.",
        "Describe what happened and which conditions made it possible, without assigning fault.",
        keys=_k("fault"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:broke|breaks|caused|causes|misconfigured|misconfigures|messed up|"
        r"screwed up|botched|fat-?fingered|took\s+down|brought\s+down|knocked\s+over|"
        r"took\s+(?:\w+\s+)?(?:too|way too|far too)\s+long|was\s+(?:too\s+)?slow\s+to|"
        r"introduced\s+(?:the|a|this)\s+(?:bug|regression|error|typo|outage)|hard-?coded|leaked)\b",
        _person_subject,
        "Names a person, by name or by role, as the cause of the incident.",
        "Describe the action as one event among the conditions that let it cause harm, for "
        "example 'A change to X reached production without Y'.",
        keys=_k(
            "broke breaks caused causes misconfigured misconfigures messed screwed botched fat "
            "fingered fatfingered took brought knocked long slow introduced hardcoded hard coded leaked"
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:by\s+(?:mistake|accident)|accidentally|mistakenly|inadvertently|wrongly|"
        r"erroneously|unintentionally)\b|\b(?:ran|run|runs|deleted|deletes|dropped|drops|"
        r"removed|removes|restarted|restarts|rebooted|reboots|edited|edits|changed|changes|"
        r"picked|picks|chose|chooses|selected|selects|killed|kills|wiped|wipes|truncated|"
        r"truncates|deployed|deploys|pushed|pushes|typed|types|entered|enters|pasted|pastes|"
        r"applied|applies|restored|restores|targeted|targets|used|uses|merged|merges)\s+"
        r"(?:[\w-]+\s+){0,4}?(?:the|a)\s+wrong\b",
        _person_subject,
        "Presents a slip as something a named or role-identified person did, putting them at the centre of the cause.",
        "Describe the slip without an actor ('a command intended for staging ran against "
        "production') and ask what made the two targets easy to confuse.",
        keys=_k("mistake accident accidentally mistakenly inadvertently wrongly erroneously unintentionally wrong"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:did(?:n't| not)|never)\s+(?:even\s+)?(?:check|double-check|verify|test|"
        r"confirm|read|follow|escalate|review|wait|ask|look|tell|inform|run|validate|"
        r"notify|consult|communicate|bother|tested|checked|verified|read|respond|answer|"
        r"acknowledge|reply|react)\b|\bnever\s+(?:even\s+)?(?:ran|followed|escalated|reviewed|waited|"
        r"asked|looked|told|informed|validated|notified|consulted|responded|answered|"
        r"acknowledged|replied|reacted|confirmed|double-checked)\b",
        _person_subject,
        "Frames the incident around something a person did not do.",
        "Describe what the procedure or tooling did not require or check, and what made the step easy to skip.",
        keys=_k("didn't did never"),
    ),
    _Rule(
        "blame/named-person",
        r"\bwithout\s+(?:(?:first|even|properly|ever)\s+)?(?:approval|permission|sign-?off|"
        r"review|authori[sz]ation|asking|waiting|checking|testing|telling|running|"
        r"verifying|confirming|consulting|informing|notifying|reading|looking|"
        r"following|a review|any review|any testing)\b|\binstead\s+of\s+\w+ing\b|"
        r"\b(?:despite|ignoring)\s+(?:the\s+|a\s+|an\s+|repeated\s+|multiple\s+|several\s+)?"
        r"(?:[\w-]+\s+)?(?:warnings?|alerts?|alarms?|objections?|concerns?|advice|instructions?|"
        r"policy|freeze|failing|failed|red)\b",
        _person_subject,
        "Frames a person's choice to skip a step as the cause.",
        "Describe why the step was skippable and what pressures made skipping it reasonable at the time.",
        keys=_k("without instead despite ignoring"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:disabled|silenced|muted|suppressed|commented out|overrode|forced)\b"
        r"(?=[^.?!]*\b(?:so that|so the|just to|to get|to make|in order to)\b)",
        _person_subject,
        "Presents a person's workaround as the cause.",
        "Describe what pressure made the workaround attractive and what would make the safe path quicker.",
        keys=_k("disabled silenced muted suppressed commented overrode forced", "so just to in"),
    ),
    _Rule(
        "blame/named-person",
        r"\bcause(?:\s+of\s+[^:]{0,60}?)?(?:\s+(?:was|is)\b|\s*:)|\bbecause\b|\bdue\s+to\b|"
        r"\bcaused\s+by\b|\bas\s+a\s+result\s+of\b|"
        # When the incident started, and what it traces back to, name its cause too.
        r"\b(?:began|begun|started|starts|happened|occurred|kicked\s+off)\s+when\b|"
        r"\btraced?\s+(?:back\s+)?to\b|\btraces\s+(?:back\s+)?to\b|\bstem(?:s|med)?\s+from\b|"
        r"\b(?:comes|came)\s+down\s+to\b|\b(?:went\s+down|fell\s+over|broke|crashed|"
        r"failed|stopped\s+working)\s+(?:\w+\s+){0,3}?(?:after|when)\b",
        _causal_person_gate,
        "Names a person's action as the cause.",
        "Describe the conditions that let the action cause the outage, and leave out who performed it.",
        keys=_k(
            "cause because due caused result began begun started starts happened occurred kicked "
            "trace traced traces stem stems stemmed comes came after when",
            " ".join(sorted(_ACTION_VERBS)),
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:blame|fault|responsibility)\s+(?:for\s+[^,.;]{1,40}?\s+)?(?:lies|lay|rests|rested|"
        r"falls|fell|sits|sat|is|was)\s+(?:squarely\s+|entirely\s+|solely\s+)?(?:with|on)\s+",
        _person_follows_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("blame fault responsibility", "with on"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:it|this|that)(?:\s+one)?(?:'s|\s+is|\s+was)\s+(?:all\s+|entirely\s+|squarely\s+|firmly\s+)?on\s+",
        _person_follows_gate,
        "Places the blame for the incident on a person or a team.",
        "Describe what happened and which conditions made it possible, without assigning blame.",
        keys=_k("on", "it's that's it this that one's", "is was it's that's one's"),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:was|were|been|got)\s+(?:\w+\s+)?(?:botched|broken|broke|caused|misconfigured|"
        r"messed\s+up|screwed\s+up|deleted|dropped|wiped|overwritten|corrupted|mishandled|"
        r"fat-?fingered|taken\s+down|brought\s+down|(?:left|put)\s+in\s+an?\s+(?:[\w-]+\s+)?"
        r"(?:broken|bad|inconsistent|corrupt(?:ed)?|unusable|unrecoverable|half-[\w-]+)\s+state)\s+by\s+",
        _person_follows_gate,
        "Names a person as the agent of the damage, putting them at the centre of the cause.",
        "Describe what happened to the system and the conditions that allowed it, without an agent.",
        keys=_k(
            "by",
            "botched broken broke caused misconfigured messed screwed deleted dropped "
            "wiped overwritten corrupted mishandled fat fingered fatfingered taken brought state",
        ),
    ),
    _Rule(
        "blame/human-error",
        r"\b(?:people|human|personnel)\s+(?:problem|issue|failing)s?\b",
        _human_error_gate,
        "Calls the incident a people problem; that is where an investigation starts, not where it ends.",
        "Describe the conditions that made the actions involved possible and easy to get wrong "
        "(tooling, defaults, missing safeguards, time pressure).",
        keys=_k("people human personnel", "problem problems issue issues failing failings"),
    ),
    _Rule(
        "blame/counterfactual",
        r"\b(?:was|were|is|are|seemed|looked|should\s+have\s+been|would\s+have\s+been)\s+"
        r"(?:\w+\s+)?(?:obvious|plain(?:\s+to\s+see)?|evident|glaring|staring\s+\w+\s+in\s+the\s+face)\b",
        _hindsight_gate,
        "Calls something obvious that was only obvious in hindsight, judging those who did not see it.",
        "State what was known at the time and what made the signal hard to see.",
        keys=_k("obvious plain evident glaring staring"),
    ),
    _Rule(
        "blame/character",
        r"\b(?:was|were|got|seemed|looked|being)\s+(?:\w+\s+)?(?:distracted|not\s+paying\s+attention|"
        r"not\s+focused|unfocused|half\s+asleep|asleep)\b|\b(?:wasn't|weren't|not)\s+paying\s+attention\b|"
        r"\bhalf-?baked\b|\bshoddy\b|\bslapdash\b|\bhaphazard(?:ly)?\b|\bamateurish\b|\bboneheaded\b",
        _distracted_gate,
        "Judges a person's attention or the quality of their work instead of describing conditions.",
        "Describe what competed for the person's attention and what the tooling did to surface the signal.",
        keys=_k(
            "distracted paying focused unfocused asleep half baked halfbaked shoddy slapdash "
            "haphazard haphazardly amateurish boneheaded"
        ),
    ),
    _Rule(
        "blame/named-person",
        # A person shipping something judged defective makes them its source: "Dave pushed a
        # bad config". Rolling back or reverting the bad thing is not in the list.
        r"\b(?:pushed|deployed|shipped|merged|committed|released|applied|introduced|wrote|"
        r"rolled\s+out|uploaded|submitted|approved)\s+(?:a|an|the|his|her|their|some|this|that)\s+"
        r"(?:[\w-]+\s+)?(?:bad|broken|faulty|buggy|untested|unreviewed|malformed|invalid|"
        r"incorrect|corrupt(?:ed)?|half-finished|botched)\b",
        _person_subject,
        "Names a person as the source of a defective change.",
        "Describe the change and the path it took to production, and ask which check could have caught the defect.",
        keys=_k(
            "pushed deployed shipped merged committed released applied introduced wrote rolled uploaded "
            "submitted approved",
            "bad broken faulty buggy untested unreviewed malformed invalid incorrect corrupt corrupted half botched",
        ),
    ),
    _Rule(
        "blame/named-person",
        r"\b(?:decided|decides|chose|chooses|opted|opts|elected)\s+(?:not\s+to\b|to\s+(?:skip|ignore|bypass|"
        r"override|disable|forgo|circumvent|not)\b)",
        _choice_gate,
        "Frames a person's choice to skip a safeguard as the cause.",
        "Describe why skipping looked reasonable at the time: the pressures, the signals and what the safe path cost.",
        keys=_k(
            "decided decides chose chooses opted opts elected",
            "not skip ignore bypass override disable forgo circumvent",
        ),
    ),
    _Rule(
        "blame/named-person",
        # "Ran the reindex against the primary at 02:00" is a timeline fact; only words that
        # weigh the risk of the moment or the shortcut frame the choice.
        r"\b(?:during\s+(?:peak|business|busy|prime)\s+(?:traffic|hours|load|time|season)|by\s+hand|"
        r"straight\s+(?:to|into|on|in|against)\s+(?:prod|production|the\s+primary|the\s+live\s+\w+))\b",
        _risky_action_gate,
        "Frames a person's action by the risk it carried, which judges the choice with hindsight.",
        "Describe why the action was reasonable at the time and what would have made the safer path the default.",
        keys=_k("during hand straight", "peak business busy prime by prod production primary live"),
    ),
    # ---- remedies aimed at a person
    _Rule(
        "blame/person-remedy",
        r"\b(?:be\s+(?:more\s+|extra\s+|very\s+)?(?:careful|cautious|diligent|attentive|"
        r"vigilant|mindful)|pay\s+(?:more|closer|better|extra)\s+attention|"
        r"take\s+(?:more|extra|greater)\s+care|try\s+harder|think\s+(?:twice|harder)|"
        r"double-?check\s+(?:your|their|his|her|everything)|(?:re-?train|reprimand|"
        r"discipline|coach|counsel)(?:ed|ing|s)?\s+(?!the\s+(?:model|classifier)\b)"
        r"[\w@-]+|(?:formal|written|verbal|final)\s+warning|performance\s+improvement\s+plan|"
        r"held\s+accountable|hold\s+\w+\s+accountable|sign\s+an?\s+acknowledg(?:e)?ment|"
        r"remind\s+[\w@-]+\s+(?:[\w@-]+\s+){0,3}?to)\b",
        _always,
        "Proposes a remedy aimed at a person's behaviour, which does not change the system that made the error likely.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k(
            "be pay take try think double doublecheck retrain train trained reprimand reprimanded "
            "discipline disciplined coach coached counsel counselled counseled warning plan "
            "accountable acknowledgement acknowledgment remind re"
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:must|should|need to|needs to|have to|has to|are expected to|is expected to|"
        r"are required to|is required to|will)\s+(?:always\s+|now\s+|from now on\s+)?"
        r"(?:be\s+more|pay|remember|double-?check|re-?read|reread|read|take\s+care|"
        r"think|slow down|stay\s+focused|focus|learn|always|never|be\s+careful|"
        r"check\s+(?:their|his|her|your)|follow\s+the\s+(?:process|policy|procedure|"
        r"rules|runbook))\b",
        _person_subject,
        "Asks people to behave better instead of changing the conditions.",
        "Propose a change to the system instead: a check, a safeguard, a default or an "
        "automation that makes the mistake hard to make.",
        keys=_k(
            "must should need needs have has expected required will",
            "be pay remember double doublecheck re reread read take think slow stay focus learn "
            "always never check follow careful",
        ),
    ),
    _Rule(
        "blame/person-remedy",
        r"(?:^|[:;]\s*)\W*(?:(?:always|never)\s+(?!been\b|happened\b|\w+ed\b)\w+|"
        r"remember\s+to|make\s+sure\s+(?:you|to)|(?:don't|do\s+not)\s+forget\s+to)\b",
        _always,
        "An instruction to people to remember or take care is a remedy aimed at a person.",
        "Turn the instruction into a safeguard: a check, a prompt or an automation that does "
        "not depend on someone remembering.",
        keys=_k("always never remember sure forget"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:stop|stopped|no\s+longer|never\s+again)\s+(?:letting|allowing|let|allow)\s+",
        _person_follows_gate,
        "Restricting the people involved is a remedy aimed at a person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k("letting allowing let allow", "stop stopped longer again"),
    ),
    _Rule(
        "blame/person-remedy",
        r"\b(?:will|should|must|shall|won't|is|are)\s+(?:not|no\s+longer|never\s+again|never)?\s*"
        r"(?:be\s+)?(?:allowed|permitted|trusted)\s+to\b|\b(?:will|should|must)\s+(?:be\s+)?"
        r"(?:restricted|banned|barred|removed)\s+from\b",
        _restricted_person_gate,
        "Restricting the people involved is a remedy aimed at a person, not at the system.",
        "Describe the safeguard that would make the action safe for anyone to take, such as a "
        "review step, a confirmation or a staged rollout.",
        keys=_k("allowed permitted trusted restricted banned barred removed", "will should must shall won't is are"),
    ),
)


# Words for the cheap first test: a sentence holding none of them cannot match any rule.
_KEY_WORD_RE: Final = re.compile(r"[a-z0-9']+")


def _all_clauses() -> tuple[tuple[Clause, ...], ...]:
    """Return, per rule, the clauses under which it runs on a sentence: one must hold.

    The words read from the pattern (see _blame_keys) and the rule's declared key words
    (which also carry the marks "'s" and "?", and no pattern spells out) are both needed.
    """
    sources = [rule.source for rule in _RULES]
    try:
        derived = stored_keys(sources)
    except Exception:  # a Python whose private parser differs: the declared words alone
        derived = [(frozenset(),)] * len(sources)
    return tuple(
        tuple(clause | frozenset(rule.keys) for clause in found) for rule, found in zip(_RULES, derived, strict=True)
    )


_CLAUSES: Final = _all_clauses()
# Each clause is looked up by its most telling group; the rest are tested then.
_CLAUSES_BY_KEY: Final[dict[str, list[tuple[int, tuple[frozenset[str], ...]]]]] = {}
for _index, _clauses in enumerate(_CLAUSES):
    for _clause in _clauses:
        _lead = best_group(_clause)
        for _word in _lead:
            _CLAUSES_BY_KEY.setdefault(_word, []).append((_index, tuple(g for g in _clause if g != _lead)))
_ANY_KEY: Final = frozenset(_CLAUSES_BY_KEY)
_ALL_KEYS: Final = frozenset(word for clauses in _CLAUSES for clause in clauses for group in clause for word in group)
# For ASCII text, mapping every character outside [a-z0-9'] to a space and splitting gives
# the same words as _KEY_WORD_RE, several times faster.
_NOT_WORD_TO_SPACE: Final = str.maketrans({chr(c): " " for c in range(128) if chr(c) not in KEY_WORD_CHARS})


_MARKS: Final = {
    (True, True): frozenset(["'s", "?"]),
    (True, False): frozenset(["'s"]),
    (False, True): frozenset(["?"]),
    (False, False): frozenset(),
}


def _key_words(low: str) -> frozenset[str]:
    """Return the words of lower-cased *low* that some rule keys on, with "'s" and "?" as marks."""
    words = _ALL_KEYS.intersection(
        low.translate(_NOT_WORD_TO_SPACE).split() if low.isascii() else _KEY_WORD_RE.findall(low)
    )
    possessive = "'s" in low or "s' " in low
    if possessive or "?" in low:
        words |= _MARKS[possessive, "?" in low]
    return words


@functools.lru_cache(maxsize=4096)
def _candidate_rules(words: frozenset[str]) -> tuple[_Rule, ...]:
    """Return the rules whose key words all occur in *words*, in rule order.

    Remembered per set of key words: sentences share few distinct sets, so most calls are a
    dictionary look-up.
    """
    # Plain loops: this runs for every line of a new incident that holds a leading word.
    candidates: set[int] | None = None
    for word in words.intersection(_ANY_KEY):
        for index, groups in _CLAUSES_BY_KEY[word]:
            for group in groups:
                if words.isdisjoint(group):
                    break
            else:
                if candidates is None:
                    candidates = {index}
                else:
                    candidates.add(index)
    if candidates is None:
        return ()
    return tuple(_RULES[i] for i in sorted(candidates))


def _normalise(words: Collection[str]) -> frozenset[str]:
    out: set[str] = set()
    for word in words:
        low = word.strip().lower().replace("’", "'")
        if not low:
            continue
        out.add(low)
        out.add(low.lstrip("@"))
        out.update(part.lstrip("@") for part in low.split())
    return frozenset(out)


@functools.lru_cache(maxsize=64)
def _normalised(words: frozenset[str]) -> frozenset[str]:
    """Normalise a set of names once: check() passes the same people for every field."""
    return _normalise(words)


def _reference_hits(
    text: str,
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
) -> list[BlameHit]:
    """Find blameful phrases in one text the plain way: split it, then filter each sentence.

    This is the definition :func:`find_blame` follows. The faster scan there hands a text
    to this function whenever its shortcuts could read it differently (an abbreviation
    before a capital, a closing quote after a full stop, a sentence over
    ``_MAX_SENTENCE`` characters, ...), and the tests compare the two on every labelled
    sentence and on generated text.
    """
    low = text.lower().replace("’", "'")
    # Lower-casing keeps offsets only when no character changes length ("İ" becomes two).
    aligned = len(low) == len(text)
    whole: tuple[_Rule, ...] | None = None
    if _one_sentence(text):
        whole = _candidate_rules(_key_words(low))
        if not whole:
            # Most fields hold no rule's key words: nothing to split, no name to normalise.
            return []
        pieces = list(_trimmed(text, 0, len(text)))
    else:
        # Several sentences: each word is looked at once, in its sentence's key words.
        pieces = list(_sentences(text))
        # A run-on piece may be cut inside a word, making a key word the whole text lacks;
        # the whole text's rules then bound the pieces', as they do for one sentence.
        if len(text) > _MAX_SENTENCE:
            whole = _candidate_rules(_key_words(low))
    names: tuple[frozenset[str], frozenset[str]] | None = None
    hits: list[BlameHit] = []
    # Translated once for the whole text, sliced per sentence (see _key_words).
    words_only = low.translate(_NOT_WORD_TO_SPACE) if aligned and len(pieces) > 1 and low.isascii() else None
    for start, end in pieces:
        if len(pieces) == 1 and whole is not None:
            rules: Sequence[_Rule] = whole
        else:
            piece = low[start:end] if aligned else text[start:end].lower().replace("’", "'")
            if words_only is not None and "'s" not in piece and "s' " not in piece and "?" not in piece:
                rules = _candidate_rules(_ALL_KEYS.intersection(words_only[start:end].split()))
            else:
                rules = _candidate_rules(_key_words(piece))
            if whole is not None:
                rules = [rule for rule in rules if rule in whole]
        if rules:
            if names is None:
                names = _normalised(frozenset(people)), _normalised(frozenset(allowed))
            sentence = _Sentence(text, start, end, *names)
            hits.extend(_sentence_hits(sentence, rules))
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    return hits


def find_blame(
    text: str,
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
) -> list[BlameHit]:
    """Find blameful phrases in post-mortem text.

    Args:
        text: Any post-mortem text: a sentence, a field, a whole narrative.
        people: Names and handles the incident knows are people (participants, authors,
            owners); they count as persons even when written in lower case.
        allowed: Words and names the team allows; they are never flagged and never count
            as persons.

    Returns:
        The hits in text order, at most one per rule and phrase.
    """
    return find_blame_in_texts([text], people=people, allowed=allowed)[0]


def find_blame_in_texts(
    texts: Sequence[str],
    *,
    people: Collection[str] = (),
    allowed: Collection[str] = (),
) -> list[list[BlameHit]]:
    """Find blameful phrases in several texts at once, such as every prose field of an incident.

    The result is what :func:`find_blame` returns for each text, spans included, but the
    texts are read in one pass: the fixed cost of a call is paid once, not once per field.

    Args:
        texts: Post-mortem texts.
        people: As for :func:`find_blame`.
        allowed: As for :func:`find_blame`.

    Returns:
        One list of hits per text, in the order of *texts*.
    """
    if not texts:
        return []
    # A line break always ends a sentence, so joining on one keeps every text's sentences.
    joined = texts[0] if len(texts) == 1 else "\n".join(texts)
    low = joined.lower().replace("’", "'")
    if len(low) != len(joined):
        # A character whose lower case is longer ("İ") shifts offsets: read each text plainly.
        return [_reference_hits(text, people=people, allowed=allowed) for text in texts]
    unsure: list[int] = []
    hits = _scan(joined, low, people, allowed, unsure)
    if len(texts) == 1:
        return [_reference_hits(joined, people=people, allowed=allowed) if unsure else hits]
    starts = list(accumulate(map((1).__add__, map(len, texts)), initial=0))
    found: list[list[BlameHit]] = [[] for _ in texts]
    for hit in hits:
        index = bisect.bisect_right(starts, hit.start) - 1
        shift = starts[index]
        found[index].append(BlameHit(hit.rule, hit.start - shift, hit.end - shift, hit.message, hit.suggestion))
    for index in {bisect.bisect_right(starts, pos) - 1 for pos in unsure}:
        found[index] = _reference_hits(texts[index], people=people, allowed=allowed)
    return found


def _scan(
    text: str,
    low: str,
    people: Collection[str],
    allowed: Collection[str],
    unsure: list[int],
) -> list[BlameHit]:
    """Return the hits in *text* (texts joined by line breaks), sorted as find_blame sorts them.

    Most of a long incident holds no sentence any rule could match, so the text is first read
    line by line: every line break ends a sentence, so a line's key words are a superset of
    each of its sentences' key words, and a line without candidate rules needs no splitting.
    Those key words come from C-level ``map`` calls, with no Python code per line. Only lines
    with candidate rules are split into sentences, with a pattern that settles the common
    sentence ends on its own. Where the plain reading could differ (see _LINE_END_RE), a
    position of that text is appended to *unsure*: the caller reads that text again with
    :func:`_reference_hits`.
    """
    # Every character outside [a-z0-9'] becomes a space, keeping offsets: non-ASCII ones via
    # "?" (as the word pattern would also skip them), line breaks kept to split on.
    words = (low if low.isascii() else low.encode("ascii", "replace").decode("ascii")).translate(_WORDS_BY_LINE)
    lines = words.split("\n")
    keys = list(map(_ALL_KEYS.intersection, map(str.split, lines)))
    marked = _add_marks(low, keys)
    # Line i starts at sizes[i] + i: the lengths of the lines before it, and their breaks.
    sizes = list(accumulate(map(len, lines), initial=0))
    if max(map(len, lines)) > _MAX_SENTENCE:
        for line, size in enumerate(map(len, lines)):
            if size > _MAX_SENTENCE:
                # A sentence this long is cut into pieces, which can cut a word in two: rare.
                _check_long_line(text, sizes[line] + line, sizes[line] + line + size, unsure)
    dots = text.replace("!", ".").replace("?", ".")
    # Lower-cased once for every sentence's patterns: an ASCII text lower-cases letter by
    # letter, so a slice of it is the slice lower-cased (not so for "Σ", whose lower case
    # depends on the letters around it).
    plain = _plain_text(text)
    lowered = text.lower() if plain else None
    names: tuple[frozenset[str], frozenset[str]] | None = None
    hits: list[BlameHit] = []
    # Most lines have no key word at all: only the others are looked up.
    for line, line_keys in enumerate(keys):
        if _ANY_KEY.isdisjoint(line_keys):
            continue  # no clause can hold: not worth a look-up
        rules = _candidate_rules(line_keys)
        if not rules:
            continue
        start = sizes[line] + line
        end = sizes[line + 1] + line
        sentences = _line_pieces((text, low, words, dots, lowered), (start, end, rules), line in marked, unsure)
        for a, b, piece_rules in sentences:
            first, last = a, b
            if text[a].isspace() or text[b - 1].isspace():
                raw = text[a:b]
                stripped = raw.lstrip()
                first = a + len(raw) - len(stripped)
                last = first + len(stripped.rstrip())
            # No character of text changes length in lower case (see find_blame_in_texts).
            piece = text[first:last].lower() if lowered is None else lowered[first:last]
            # As _rule_matches, inline: this runs for every sentence with candidate rules.
            index = 2 if plain or _plain_text(piece) else 1
            matches = [
                (rule, found) for rule in piece_rules if (found := list(_compiled(rule.source)[index].finditer(piece)))
            ]
            if not matches:
                continue
            if names is None:
                names = _normalised(frozenset(people)), _normalised(frozenset(allowed))
            hits.extend(_gated_hits(_Sentence(text, first, last, *names), matches))
    hits.sort(key=lambda h: (h.start, h.end, h.rule))
    return hits


def _line_pieces(
    texts: tuple[str, str, str, str, str | None],
    line: tuple[int, int, tuple[_Rule, ...]],
    marked: bool,
    unsure: list[int],
) -> Sequence[tuple[int, int, Sequence[_Rule]]]:
    """Return the sentences of a line with candidate rules, each with the rules to try on it.

    *texts* are the text, its forms made in _scan (lower-cased with apostrophes, words,
    full stops, lower-cased or None) and *line* the line's bounds and candidate rules.
    """
    text, low, words, dots, lowered = texts
    start, end, rules = line
    # Sentence ends are full stops followed by more text; one at the end of the line, or
    # none, leaves the line one sentence.
    dot = dots.find(".", start, end - 1)
    if dot < 0 and not marked:
        return ((start, end, rules),)
    # Splitting costs more than a search of the whole line, which most lines with
    # candidate rules fail: a rule that matches no sentence of it matches nowhere in it.
    live = _live_rules(text, lowered, start, end, rules)
    if not live:
        return ()
    split = _line_sentences(text, low, words, dots, (max(dot, start), start, end), marked, unsure)
    if split is None:
        return ((start, end, live),)
    return [(a, b, [r for r in found if r in live]) for a, b, found in split]


def _live_rules(text: str, lowered: str | None, start: int, end: int, rules: tuple[_Rule, ...]) -> tuple[_Rule, ...]:
    """Return the *rules* that could match in some sentence of the line text[start:end].

    Those whose pattern matches somewhere in the line, and those whose pattern looks past a
    sentence's edges (see _reads_past_sentence), which the line cannot rule out.
    """
    line = text[start:end].lower() if lowered is None else lowered[start:end]
    index = 2 if lowered is not None or _plain_text(line) else 1
    return tuple(rule for rule in rules if rule.edge or _compiled(rule.source)[index].search(line))


def _line_sentences(
    text: str,
    low: str,
    words: str,
    dots: str,
    bounds: tuple[int, int, int],
    marked: bool,
    unsure: list[int],
) -> Sequence[tuple[int, int, tuple[_Rule, ...]]] | None:
    """Split one line (``bounds``: first full stop, start, end) and return each sentence's rules.

    Only sentences with candidate rules are returned, and None when the line is one
    sentence with no mark; see _scan for *unsure*.
    """
    dot, start, end = bounds
    pieces: list[tuple[int, int]] = []
    for m in _LINE_END_RE.finditer(dots, dot, end):
        if m.lastindex == 1:
            if m.end() - m.start() > _LONG_END:
                unsure.append(start)
            pieces.append((start, m.end()))
            start = m.end()
        elif m.lastindex == 2:
            unsure.append(start)
    if not pieces and not marked:
        return None  # one sentence: the line's rules are its rules
    pieces.append((start, end))
    return [(a, b, found) for a, b in pieces if (found := _piece_rules(text, low, words, a, b, unsure))]


def _add_marks(low: str, keys: list[frozenset[str]]) -> set[int]:
    """Add the marks "'s" and "?" (see _key_words) to the key words of the lines holding them.

    Returns:
        The lines given a mark. A line's marks are a superset of each of its sentences'
        marks ("s' " counts only inside a sentence), which _piece_rules reads exactly.
    """
    marked: set[int] = set()
    for needle in ("'", "?"):
        line = 0
        last = 0
        pos = low.find(needle)
        while pos >= 0:
            if needle == "?" or low.startswith("s", pos + 1) or (pos and low.startswith("s' ", pos - 1)):
                line += low.count("\n", last, pos)
                last = pos
                keys[line] = keys[line] | _MARKS[needle == "'", needle == "?"]
                marked.add(line)
            pos = low.find(needle, pos + 1)
    return marked


def _piece_rules(text: str, low: str, words: str, a: int, b: int, unsure: list[int]) -> tuple[_Rule, ...]:
    """Return the candidate rules of the sentence text[a:b], as _key_words would read it."""
    found = _ALL_KEYS.intersection(words[a:b].split())
    possessive = low.find("'s", a, b) >= 0
    if not possessive and low.find("s' ", a, b) >= 0:
        end = a + len(text[a:b].rstrip())
        possessive = low.find("s' ", a, end) >= 0
        if not possessive:
            # "s' " only with the space after the sentence: a one-sentence text reads it as
            # a mark, a sentence cut from a longer text does not.
            unsure.append(a)
    question = low.find("?", a, b) >= 0
    if possessive or question:
        found |= _MARKS[possessive, question]
    return _candidate_rules(found) if found else ()


def _check_long_line(text: str, start: int, end: int, unsure: list[int]) -> None:
    """Report a line holding a sentence longer than _MAX_SENTENCE (see _trimmed)."""
    dots = text[start:end].replace("!", ".").replace("?", ".")
    last = 0
    for m in _LINE_END_RE.finditer(dots):
        if m.lastindex == 1:
            if len(text[start + last : start + m.end()].strip()) > _MAX_SENTENCE:
                unsure.append(start)
            last = m.end()
    if len(text[start + last : end].strip()) > _MAX_SENTENCE:
        unsure.append(start)


def _abbreviations_not_before() -> str:
    """Return negative look-behinds: the "." just matched does not end an abbreviation.

    _abbreviation_before reads the run of word characters and full stops before a sentence
    end and looks it up lower-cased; these look-behinds ask the same of a run that is exactly
    an abbreviation (nothing word-like before it). One look-behind per length, as
    look-behinds need a fixed width. Letters are written in both cases rather than with
    IGNORECASE, which would also let "ſ" and "K" stand for "s" and "k".
    """
    by_length: dict[int, list[str]] = {}
    for word in sorted(_ABBREVIATIONS):
        letters = "".join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in word)
        by_length.setdefault(len(word), []).append(letters)
    return "".join(rf"(?<!(?<![\w.])(?:{'|'.join(alts)})\.)" for _, alts in sorted(by_length.items()))


# Sentence ends inside one line of the text, "!" and "?" written as "." (see _scan). It
# reads a run of full stops (from its first) and closing marks the way _sentences does,
# and settles most of them:
# - group 1: a sure sentence end, with the white space after it: no closing mark, not after
#   an abbreviation, then within 39 spaces a printable ASCII character that is not a lower-case
#   letter (so str.islower, which _sentences asks, is false);
# - no group: the end of the line, which ends the sentence anyway;
# - group 2: a sentence end only _sentences can settle (an abbreviation before it, a closing
#   mark, which a one-sentence text ignores, a non-ASCII character after it, ...);
# - no match: a lower-case ASCII letter follows, which never starts a sentence.
# A run that long (_LONG_END) also needs _sentences: it looks back only 40 characters.
_LINE_END_RE: Final = re.compile(
    r"\.(?<!\.\.)(?:" + _abbreviations_not_before() + r"(\.*(?=[^\S\n]{1,39}[!-`{-~])[^\S\n]+)"
    r"|\.*[\"'’”)\]]*(?=[^\S\n]*(?:\n|\Z))"
    r"|(\.*[\"'’”)\]]*(?=\s)(?![^\S\n]{1,39}[a-z]))"
    r")"
)
_LONG_END: Final = 33
# As _NOT_WORD_TO_SPACE, but line breaks stay (see _scan).
_WORDS_BY_LINE: Final = {**_NOT_WORD_TO_SPACE, ord("\n"): "\n"}


def _sentence_hits(s: _Sentence, rules: Sequence[_Rule]) -> Iterator[BlameHit]:
    low = s.text.lower()
    # Lower-casing keeps offsets only when no character changes length ("İ" becomes two).
    if len(low) != len(s.text):
        return _gated_hits(s, [(rule, _compiled(rule.source)[0].finditer(s.text)) for rule in rules])
    return _gated_hits(s, _rule_matches(low, rules))


def _plain_text(low: str) -> bool:
    """Tell whether ASCII and Unicode classes agree on every character of *low* (see _compiled)."""
    return low.isascii() and not ("\x1c" in low or "\x1d" in low or "\x1e" in low or "\x1f" in low)


def _rule_matches(
    low: str, rules: Sequence[_Rule], plain: bool | None = None
) -> list[tuple[_Rule, Iterable[re.Match[str]]]]:
    """Pair each rule with its pattern's matches in the lower-cased sentence *low*, if it has any.

    *plain* is :func:`_plain_text` of *low* when the caller already knows it. Most sentences
    handed here have no match at all, and then need no :class:`_Sentence`.
    """
    index = 2 if (_plain_text(low) if plain is None else plain) else 1
    return [(rule, found) for rule in rules if (found := list(_compiled(rule.source)[index].finditer(low)))]


def _gated_hits(s: _Sentence, matches: Sequence[tuple[_Rule, Iterable[re.Match[str]]]]) -> Iterator[BlameHit]:
    """Yield the hits among *matches* (each rule's pattern matches in *s*) their gates accept."""
    seen: list[tuple[str, int, int]] = []
    for rule, found in matches:
        for m in found:
            start, end = _trim(s.text, m.start(), m.end())
            if end <= start or s.in_quotes(start, end):
                continue
            phrase = s.text[start:end].lower()
            if s.allowed and any(word in s.allowed for word in _PHRASE_WORD_RE.findall(phrase)):
                continue
            if any(r == rule.rule and start < e and b < end for r, b, e in seen):
                continue
            verdict = rule.gate(s, m)
            if not verdict:
                continue
            if isinstance(verdict, tuple):
                start, end = verdict
            seen.append((rule.rule, start, end))
            yield BlameHit(
                rule=rule.rule,
                start=start + s.offset,
                end=end + s.offset,
                message=rule.message,
                suggestion=_suggest(s, rule, start, end),
            )


_PHRASE_WORD_RE: Final = re.compile(r"[\w@'-]+")


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not text[start].isalnum() and text[start] not in "@":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _suggest(s: _Sentence, rule: _Rule, start: int, end: int) -> str:
    """Build the suggestion: a rewrite of the sentence when its shape allows, else advice.

    The sentence's names never appear in it: quoted parts are scrubbed of them.
    """
    phrase = s.text[start:end]
    rest = s.scrub(end, s.clause_end(end)).strip(" ,.;:?!")
    if not 1 <= len(rest.split()) <= 14:
        return rule.suggestion
    possessive = _POSSESSIVE_RE.match(phrase)
    if rule.rule == "blame/named-person" and possessive:
        # "Kevin's change took down checkout" -> "A change took down checkout."
        before = s.scrub(0, start)
        after = s.scrub(start + possessive.end(), s.end).rstrip(".")
        article = "a" if before else "A"
        rewrite = " ".join(part for part in (before, article, after) if part)
        return f"Rewrite without the person: '{rewrite}.' {rule.suggestion}"
    last = phrase.split()[-1].lower()
    if rule.rule == "blame/counterfactual" and _MODAL_PERFECT_RE.search(phrase):
        words = rest.split() if last in {"have", "'ve"} else [last, *rest.split()]
        if words[0].lower() not in {"been", "be", "had"} and words[1:2] != ["better"]:
            action = " ".join([_gerund(words[0]), *words[1:]])
            return f"Ask instead: what would have made {action} the obvious step at the time?"
    if rule.rule == "blame/named-person" and _NEGATED_DO_RE.match(phrase):
        action = " ".join([_gerund(last), *rest.split()])
        return f"Ask instead: what in the procedure or tooling would have prompted {action}?"
    if rule.rule == "blame/character" and rest.startswith("to "):
        return f"Ask instead: what would have prompted anyone in that role {rest}?"
    return rule.suggestion


_POSSESSIVE_RE: Final = re.compile(r"[\w@-]+(?:'s|’s|s')\s+")
_MODAL_PERFECT_RE: Final = re.compile(r"(?:should|could|ought|would)\S*\s+(?:to\s+)?have\b|'ve\b", re.I)
_NEGATED_DO_RE: Final = re.compile(r"(?:did(?:n't| not)|never)\s+(?:even\s+)?\S+$", re.I)
_IRREGULAR_GERUNDS: Final = {
    "known": "knowing",
    "caught": "catching",
    "seen": "seeing",
    "done": "doing",
    "taken": "taking",
    "read": "reading",
    "run": "running",
    "gone": "going",
    "made": "making",
    "written": "writing",
    "thought": "thinking",
    "understood": "understanding",
    "told": "telling",
    "sent": "sending",
    "got": "getting",
    "gotten": "getting",
    "kept": "keeping",
    "left": "leaving",
    "brought": "bringing",
    "put": "putting",
    "set": "setting",
    "held": "holding",
    "found": "finding",
    "spoken": "speaking",
    "asked": "asking",
    "ran": "running",
}


def _gerund(verb: str) -> str:
    """Turn a past participle or base form into its -ing form: checked -> checking."""
    low = verb.lower()
    if low in _IRREGULAR_GERUNDS:
        return _IRREGULAR_GERUNDS[low]
    if low.endswith("ied"):
        return low[:-3] + "ying"
    if low.endswith("ed") and len(low) > 4:
        return low[:-2] + "ing"
    if low.endswith("e") and not low.endswith("ee"):
        return low[:-1] + "ing"
    vowels = "aeiou"
    if (
        len(low) <= 4
        and len(low) >= 3
        and low[-1] not in vowels + "wxy"
        and low[-2] in vowels
        and low[-3] not in vowels
    ):
        return low + low[-1] + "ing"
    return low + "ing"
